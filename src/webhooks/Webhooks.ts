/**
 * The entry point for inbound webhooks: every built-in scheme by name, `verify` (size limit, signature, timestamp,
 * with a span and metrics), `verifyAndDecode` (then a Schema over the JSON or form body) and the replay guard policy.
 *
 * Replay keys come only from what a signature covers. Schemes that sign a timestamp (Standard Webhooks, Stripe,
 * Slack, HubSpot, Retell; GoHighLevel, whose timestamp is in the signed body) refuse a captured delivery for good: the guard until the window has passed, the timestamp
 * after. GitHub, Shopify, Twilio and Cal.com sign no timestamp: a copy is refused only while the guard remembers its
 * key (`replayTtl`, 24 hours by default) and is accepted again after that, and a genuine redelivery with identical
 * signed content counts as a replay. `VerifiedWebhook.replayProtection` says which applies to a delivery.
 *
 * @example
 * ```ts
 * import { Redacted, Schema } from "effect"
 * import { StripeWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"
 *
 * const Event = Schema.Struct({ id: Schema.String, type: Schema.String })
 * const verifyStripe = Webhooks.verifyAndDecode(StripeWebhook.scheme, Event)
 *
 * // The raw bytes as received (never a re-serialised JSON body) and the request's headers.
 * const received = (rawBody: Uint8Array, headers: Record<string, string>) =>
 *   verifyStripe(WebhookScheme.makeRequest({ body: rawBody, headers }), Redacted.make(process.env.STRIPE_WEBHOOK_SECRET!))
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FiberRef from "effect/FiberRef"
import * as Metric from "effect/Metric"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import * as JsonDepth from "../core/internal/jsonDepth.js"
import { summarise } from "../core/internal/schemaIssues.js"
import * as Telemetry from "../core/Telemetry.js"
import * as Common from "./internal/common.js"
import * as SyncVerify from "./internal/syncVerify.js"
import { ReplayGuard } from "./ReplayGuard.js"
import * as CalCom from "./schemes/CalCom.js"
import * as Firecrawl from "./schemes/Firecrawl.js"
import * as GitHub from "./schemes/GitHub.js"
import * as HubSpot from "./schemes/HubSpot.js"
import * as GoHighLevel from "./schemes/GoHighLevel.js"
import * as LlamaCloud from "./schemes/LlamaCloud.js"
import * as Retell from "./schemes/Retell.js"
import * as Waha from "./schemes/Waha.js"
import * as Shopify from "./schemes/Shopify.js"
import * as Slack from "./schemes/Slack.js"
import * as StandardWebhooks from "./schemes/StandardWebhooks.js"
import * as Stripe from "./schemes/Stripe.js"
import * as Twilio from "./schemes/Twilio.js"
import { WebhookError } from "./WebhookError.js"
import type {
  HeaderLookup,
  ReplayProtection,
  SchemeName,
  Secrets,
  VerifiedWebhook,
  VerifyOptions,
  WebhookRequest,
  WebhookScheme
} from "./WebhookScheme.js"

/**
 * Span attribute and metric names (to be consolidated into `core/Telemetry.ts`).
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const Attr = {
  scheme: "integration.webhook.scheme",
  id: "integration.webhook.id",
  outcome: "integration.outcome",
  reason: "integration.error.reason",
  bodyBytes: "integration.webhook.body_bytes"
} as const

/**
 * Verifications by scheme and outcome (`valid` or `invalid`, with `integration.error.reason`).
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const verifications = Metric.counter("integration.webhook.verifications", {
  description: "Inbound webhook signature verifications by scheme and outcome",
  incremental: true
})

/**
 * Every built-in scheme.
 *
 * @since 0.1.0
 * @category Schemes
 */
export const schemes: ReadonlyArray<WebhookScheme> = [
  StandardWebhooks.scheme,
  Stripe.scheme,
  GitHub.scheme,
  Slack.scheme,
  Twilio.scheme,
  HubSpot.scheme,
  Shopify.scheme,
  CalCom.scheme,
  Retell.scheme,
  GoHighLevel.scheme,
  LlamaCloud.scheme,
  Firecrawl.scheme,
  Waha.scheme
]

/**
 * @since 0.1.0
 * @category Schemes
 */
export const schemeNames: ReadonlyArray<SchemeName> = schemes.map((scheme) => scheme.name)

/**
 * Looks a scheme up by name (`standard`, `stripe`, ...).
 *
 * @since 0.1.0
 * @category Schemes
 */
export const byName = (name: string): Effect.Effect<WebhookScheme, WebhookError> => {
  const found = schemes.find((scheme) => scheme.name === name.toLowerCase())
  return found === undefined
    ? Effect.fail(
      new WebhookError({
        scheme: name,
        reason: "UnknownScheme",
        description: `no webhook scheme named ${JSON.stringify(name)}; known: ${schemeNames.join(", ")}`
      })
    )
    : Effect.succeed(found)
}

/**
 * The schemes whose signature header is present, e.g. to tell someone who picked the wrong one.
 *
 * @since 0.1.0
 * @category Schemes
 */
export const detect = (headers: HeaderLookup): ReadonlyArray<WebhookScheme> =>
  schemes.filter((scheme) =>
    headers(scheme.signatureHeader) !== undefined || (scheme.name === "standard" && headers("svix-signature") !== undefined)
  )

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VerifyOptions {
  /** Bodies larger than this fail with `PayloadTooLarge` before any hashing. Default 1 MiB. */
  readonly maxBodyBytes?: number | undefined
  /**
   * How long an accepted delivery's key is remembered. Default: twice the tolerance plus a minute for deliveries with
   * a signed timestamp (a replay outside that is already rejected by its timestamp; a shorter value is raised to twice
   * the tolerance), and 24 hours for the others (`replayProtection: "remembered"`), for which this is the whole of the
   * protection: past it, a captured copy is accepted again. Raise it (with a shared guard that has room for the keys)
   * to refuse replays for longer; a genuine redelivery of identical content within it is not processed again.
   */
  readonly replayTtl?: Duration.DurationInput | undefined
  /**
   * Prefix for replay keys, for endpoints that share one guard but not one id space (two Standard Webhooks senders,
   * say). Default: none, keys are `<scheme>:id:<signed id>` or `<scheme>:sha256:<digest of the signed content>`.
   */
  readonly replayNamespace?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export const defaultMaxBodyBytes = 1024 * 1024

/**
 * How long a replay key is kept for a given protection: see `Options.replayTtl`.
 *
 * @since 0.1.0
 * @category Replay
 */
export const replayTtlFor = (protection: ReplayProtection, options: Options = {}): Duration.Duration => {
  const floor = Duration.times(Common.toleranceOf(options), 2)
  if (options.replayTtl !== undefined) {
    const requested = Duration.decode(options.replayTtl)
    return protection === "timestamp" ? Duration.max(requested, floor) : requested
  }
  return protection === "timestamp" ? Duration.sum(floor, Duration.minutes(1)) : Duration.hours(24)
}

/**
 * The replay window for a scheme under the given options: `replayTtlFor` its deliveries' protection.
 *
 * @since 0.1.0
 * @category Replay
 */
export const replayTtl = (scheme: WebhookScheme, options: Options = {}): Duration.Duration =>
  replayTtlFor(scheme.timestamped ? "timestamp" : "remembered", options)

/**
 * The protection a delivery gets: a signed timestamp only counts when the scheme checks one and the delivery says so.
 * A scheme of your own that leaves `replayProtection` out is taken as `"remembered"`, the longer window.
 */
const protectionOf = (scheme: WebhookScheme, webhook: VerifiedWebhook): ReplayProtection =>
  scheme.timestamped && webhook.replayProtection === "timestamp" ? "timestamp" : "remembered"

/**
 * Verifies a delivery: body size, then the scheme's signature and timestamp checks. Records a span
 * `Webhooks.verify` and the `integration.webhook.verifications` counter; neither carries a secret or a payload value.
 *
 * @since 0.1.0
 * @category Verifying
 */
export const verify = (
  scheme: WebhookScheme,
  request: WebhookRequest,
  secrets: Secrets,
  options: Options = {}
): Effect.Effect<VerifiedWebhook, WebhookError> => {
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes
  const core = SyncVerify.coreOf(scheme)
  return core === undefined
    ? verifyEffect(scheme, request, secrets, options, maxBodyBytes)
    : verifyCore(scheme, core, request, secrets, options, maxBodyBytes)
}

const tooLarge = (scheme: WebhookScheme, request: WebhookRequest, maxBodyBytes: number) =>
  Common.error(scheme.name, "PayloadTooLarge", `body is ${request.rawBody.length} bytes, limit ${maxBodyBytes}`)

// Tagged counters by scheme name, then by reason ("" when valid), built on first use: tagging on every call would
// rebuild and rehash the metric key.
const counters = new Map<string, Map<string, Metric.Metric.Counter<number>>>()

const counterOf = (scheme: WebhookScheme, outcome: WebhookError | VerifiedWebhook) => {
  const reason = outcome instanceof WebhookError ? outcome.reason : ""
  let byReason = counters.get(scheme.name)
  if (byReason === undefined) {
    byReason = new Map()
    counters.set(scheme.name, byReason)
  }
  let counter = byReason.get(reason)
  if (counter === undefined) {
    counter = Telemetry.tagged(
      verifications,
      reason === ""
        ? { [Attr.scheme]: scheme.name, [Attr.outcome]: "valid" }
        : { [Attr.scheme]: scheme.name, [Attr.outcome]: "invalid", [Attr.reason]: reason }
    )
    byReason.set(reason, counter)
  }
  return counter
}

// A stack trace per verification is measurable on a hot endpoint and says nothing the span name doesn't.
const spanOptions = (scheme: WebhookScheme, request: WebhookRequest) => ({
  attributes: { [Attr.scheme]: scheme.name, [Attr.bodyBytes]: request.rawBody.length },
  captureStackTrace: false
})

/** Any scheme, built-in or not: its `verify` runs inside the span, so spans and logs it makes nest under ours. */
const verifyEffect = (
  scheme: WebhookScheme,
  request: WebhookRequest,
  secrets: Secrets,
  options: Options,
  maxBodyBytes: number
): Effect.Effect<VerifiedWebhook, WebhookError> => {
  const checked = request.rawBody.length > maxBodyBytes
    ? Effect.fail(tooLarge(scheme, request, maxBodyBytes))
    : scheme.verify(request, secrets, options)
  return checked.pipe(
    Effect.tapBoth({
      onFailure: (error) =>
        Effect.zipRight(Effect.annotateCurrentSpan(Attr.reason, error.reason), Metric.increment(counterOf(scheme, error))),
      onSuccess: (verified) =>
        Effect.zipRight(
          verified.id === undefined ? Effect.void : Effect.annotateCurrentSpan(Attr.id, verified.id),
          Metric.increment(counterOf(scheme, verified))
        )
    }),
    Effect.withSpan("Webhooks.verify", spanOptions(scheme, request))
  )
}

/**
 * A built-in scheme's synchronous core with its span and counter, in one fiber step after the span is made: the same
 * span (made by `Effect.makeSpan`, so parent, annotations, links and the tracing switch are Effect's own), attributes,
 * exit and counter as `verifyEffect`, without a chain of effects per delivery. The step runs uninterruptibly, so a
 * started span is always ended.
 */
const verifyCore = (
  scheme: WebhookScheme,
  core: SyncVerify.Core,
  request: WebhookRequest,
  secrets: Secrets,
  options: Options,
  maxBodyBytes: number
): Effect.Effect<VerifiedWebhook, WebhookError> =>
  Effect.uninterruptible(Effect.flatMap(Effect.makeSpan("Webhooks.verify", spanOptions(scheme, request)), (span) =>
    Effect.withFiberRuntime<VerifiedWebhook, WebhookError>((fiber) => {
      const clock = Context.get(fiber.currentDefaultServices, Clock.Clock)
      let exit: Exit.Exit<VerifiedWebhook, WebhookError>
      try {
        const outcome = request.rawBody.length > maxBodyBytes
          ? tooLarge(scheme, request, maxBodyBytes)
          : core(request, secrets, options, clock.unsafeCurrentTimeMillis())
        if (outcome instanceof WebhookError) {
          span.attribute(Attr.reason, outcome.reason)
          exit = Exit.fail(outcome)
        } else {
          if (outcome.id !== undefined) span.attribute(Attr.id, outcome.id)
          exit = Exit.succeed(outcome)
        }
        counterOf(scheme, outcome).unsafeUpdate(1, fiber.getFiberRef(FiberRef.currentMetricLabels))
      } catch (defect) {
        // A programmer error (no secret configured, ...): a defect, uncounted, as when an effect dies.
        exit = Exit.die(defect)
      }
      span.end(fiber.getFiberRef(FiberRef.currentTracerTimingEnabled) ? clock.unsafeCurrentTimeNanos() : BigInt(0), exit)
      return exit
    })))

/**
 * How a verified body is read before decoding: JSON, or `application/x-www-form-urlencoded` into a record of strings
 * (the last value wins for a repeated name).
 *
 * @since 0.1.0
 * @category Models
 */
export type BodyFormat = "json" | "form"

/**
 * The body format a delivery uses: form for Twilio and for a form `Content-Type`, JSON otherwise.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const bodyFormatOf = (scheme: WebhookScheme, request: WebhookRequest): BodyFormat =>
  scheme.name === "twilio" || /^application\/x-www-form-urlencoded\b/i.test(request.headers("content-type") ?? "")
    ? "form"
    : "json"

/**
 * Parses a verified body and decodes it with `schema`. A failure is `InvalidPayload` naming the path and what was
 * expected, never the value found.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeBody = <A, I>(
  scheme: WebhookScheme,
  schema: Schema.Schema<A, I, never>,
  body: Uint8Array,
  format: BodyFormat
): Effect.Effect<A, WebhookError> => {
  const text = Buffer.from(body).toString("utf8")
  let parsed: unknown
  if (format === "form") {
    parsed = Object.fromEntries(new URLSearchParams(text))
  } else {
    // Before the parse: a recursive schema overflows the stack on a deep enough value.
    if (JsonDepth.exceeds(text)) {
      return Common.fail(scheme.name, "InvalidPayload", `the verified body nests deeper than ${JsonDepth.maxDepth} levels`)
    }
    try {
      parsed = JSON.parse(text)
    } catch {
      return Common.fail(scheme.name, "InvalidPayload", "the verified body is not valid JSON")
    }
  }
  return Either.match(ParseResult.decodeUnknownEither(schema)(parsed, { errors: "all" }), {
    onLeft: (issue) => Common.fail(scheme.name, "InvalidPayload", `the verified body does not decode: ${summarise(issue)}`),
    onRight: Effect.succeed
  })
}

/**
 * A verified delivery and its decoded event.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Decoded<A> {
  readonly webhook: VerifiedWebhook
  readonly event: A
}

/**
 * Verifies, then decodes the body with `schema` (a vendor's event schema or your own).
 *
 * @since 0.1.0
 * @category Verifying
 */
export const verifyAndDecode = <A, I>(scheme: WebhookScheme, schema: Schema.Schema<A, I, never>) =>
(
  request: WebhookRequest,
  secrets: Secrets,
  options: Options & { readonly bodyFormat?: BodyFormat | undefined } = {}
): Effect.Effect<Decoded<A>, WebhookError> =>
  Effect.flatMap(verify(scheme, request, secrets, options), (webhook) =>
    Effect.map(
      decodeBody(scheme, schema, request.rawBody, options.bodyFormat ?? bodyFormatOf(scheme, request)),
      (event) => ({ webhook, event })
    ))

/**
 * The key a delivery is claimed under: its `replayKey`, behind the namespace when one is configured.
 *
 * @since 0.1.0
 * @category Replay
 */
export const replayKeyOf = (webhook: VerifiedWebhook, options: Options = {}): string =>
  options.replayNamespace === undefined ? webhook.replayKey : `${options.replayNamespace}:${webhook.replayKey}`

/**
 * Claims a verified delivery's replay key; fails with `Replayed` when it was already claimed within the window
 * (`replayTtlFor` the delivery's `replayProtection`).
 *
 * @since 0.1.0
 * @category Replay
 */
export const guardReplay = (
  scheme: WebhookScheme,
  webhook: VerifiedWebhook,
  options: Options = {}
): Effect.Effect<void, WebhookError, ReplayGuard> =>
  Effect.flatMap(ReplayGuard, (guard) =>
    Effect.flatMap(
      guard.markSeen(replayKeyOf(webhook, options), replayTtlFor(protectionOf(scheme, webhook), options)),
      (first) =>
        first
          ? Effect.void
          : Common.fail(
            scheme.name,
            "Replayed",
            webhook.idSigned
              ? "a delivery with this signed id was already accepted"
              : "a delivery with identical signed content was already accepted"
          )
    ))
