/**
 * Webhooks of the enrichment providers, verified as the sales platform's audit shows them (section 2.1,
 * `src/app/api/webhooks/datashopper/route.ts`): the signature header carries `hex(HMAC-SHA256(secret, raw body))`.
 *
 * **What the provider signs: the raw body, and nothing else.** No timestamp, URL or delivery id is covered, so the
 * audit's handlers had no replay protection. Here every verified delivery is claimed in the replay guard by the
 * SHA-256 of its signed body (`Webhooks.guardReplay`), and, when the provider's payload carries its own time in a
 * top-level field (`timestampField`, e.g. `created_at`; covered by the signature because the whole body is), that time
 * must be within the tolerance (5 minutes by default): a captured delivery is then refused for good. Without such a
 * field a copy is refused only while the guard remembers it (`replayProtection: "remembered"`, 24 hours by default). A
 * timestamp *header* is never used: nothing signs it.
 *
 * @since 0.3.0
 */
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import { WebhookError } from "../../webhooks/WebhookError.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../../webhooks/WebhookScheme.js"

/**
 * @since 0.3.0
 * @category Models
 */
export interface SchemeOptions {
  /** For messages: `Clay`, `DataShopper`, ... */
  readonly vendor: string
  /** The header carrying the hex signature. Default `x-signature`; set the one your provider's dashboard shows. */
  readonly header?: string | undefined
  /**
   * A top-level field of the signed JSON body holding the delivery's time (ISO 8601, or epoch seconds or
   * milliseconds). When given and present, it is checked against the tolerance.
   */
  readonly timestampField?: string | undefined
}

const SCHEME = "hmac-sha256"

const fail = (reason: WebhookError["reason"], description: string, header?: string) =>
  Effect.fail(new WebhookError({ scheme: SCHEME, reason, description, ...(header !== undefined ? { header } : {}) }))

const digest = (secret: string, body: Uint8Array) => NodeCrypto.createHmac("sha256", secret).update(body).digest("hex")

const sha256 = (body: Uint8Array) => NodeCrypto.createHash("sha256").update(body).digest("hex")

const equalHex = (a: string, b: string) =>
  a.length === b.length && NodeCrypto.timingSafeEqual(Buffer.from(a, "latin1"), Buffer.from(b, "latin1"))

const secretsOf = (secrets: Parameters<WebhookScheme["verify"]>[1]): ReadonlyArray<string> =>
  (Redacted.isRedacted(secrets) ? [secrets] : secrets).map((secret) => Redacted.value(secret))

/** The signed body's time, in epoch milliseconds, or `undefined` when the field is absent; `NaN` when unreadable. */
const signedTime = (body: Uint8Array, field: string): number | undefined => {
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder().decode(body))
  } catch {
    return undefined
  }
  if (!Predicate.isRecord(parsed) || parsed[field] === undefined) return undefined
  const value = parsed[field]
  if (Predicate.isNumber(value)) return value < 1e12 ? value * 1000 : value
  return Predicate.isString(value) ? Date.parse(value) : Number.NaN
}

/**
 * A provider's webhook scheme (`hmac-sha256`): verify with `Webhooks.verify(scheme, request, secret)` (one secret, or
 * several during a rotation), then `Webhooks.guardReplay`; or hand it to `WebhookHttp` / `WebhookWeb`, which do both.
 *
 * @since 0.3.0
 * @category Schemes
 */
export const scheme = (options: SchemeOptions): WebhookScheme => {
  const header = (options.header ?? "x-signature").toLowerCase()
  const field = options.timestampField
  const verify: WebhookScheme["verify"] = (request, secrets, verifyOptions) =>
    Effect.gen(function*() {
      const values = secretsOf(secrets)
      const presented = request.headers(header)?.trim()
      if (presented === undefined || presented === "") return yield* fail("MissingHeader", `${header} header is missing`, header)
      const candidate = presented.toLowerCase().replace(/^sha256=/, "")
      if (!/^[0-9a-f]{64}$/.test(candidate)) {
        return yield* fail("MalformedHeader", `${header} must be a hex HMAC-SHA256`, header)
      }
      // Every configured secret is compared, whichever matches.
      const matched = values.map((secret) => equalHex(candidate, digest(secret, request.rawBody))).some((ok) => ok)
      if (!matched) return yield* fail("InvalidSignature", `${header} did not match the configured ${options.vendor} secret(s)`, header)
      const replayKey = `${SCHEME}:sha256:${sha256(request.rawBody)}`
      const at = field === undefined ? undefined : signedTime(request.rawBody, field)
      if (at === undefined) return { scheme: SCHEME, idSigned: false, replayProtection: "remembered", replayKey } satisfies VerifiedWebhook
      if (!Number.isFinite(at)) return yield* fail("InvalidPayload", `the signed body's ${field} is not a time`)
      const now = yield* Clock.currentTimeMillis
      const tolerance = Duration.toMillis(Duration.decode(verifyOptions?.tolerance ?? "5 minutes"))
      const skew = now - at
      if (Math.abs(skew) > tolerance) {
        return yield* Effect.fail(
          new WebhookError({
            scheme: SCHEME,
            reason: skew > 0 ? "TimestampTooOld" : "TimestampInFuture",
            description: `the signed ${field} is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? "old" : "ahead"}`,
            skewSeconds: Math.round(skew / 1000),
            toleranceSeconds: tolerance / 1000
          })
        )
      }
      return {
        scheme: SCHEME,
        idSigned: false,
        timestamp: DateTime.unsafeMake(at),
        replayProtection: "timestamp",
        replayKey
      } satisfies VerifiedWebhook
    })
  const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
    Effect.sync(() => {
      const body = typeof input.body === "string" ? new TextEncoder().encode(input.body) : input.body
      return { headers: { [header]: digest(secretsOf(secrets)[0] ?? "", body) }, body }
    })
  return {
    name: SCHEME,
    label: options.vendor,
    signatureHeader: header,
    timestamped: field !== undefined,
    signsUrl: false,
    verify,
    sign,
    secretProblem: (secret) => (Redacted.value(secret).length === 0 ? `the ${options.vendor} webhook secret is empty` : undefined)
  }
}

/**
 * The provider's webhook secret from `<NAME>_WEBHOOK_SECRET`, kept `Redacted`.
 *
 * @since 0.3.0
 * @category Config
 */
export const secretConfig = (envPrefix: string): Config.Config<Redacted.Redacted<string>> =>
  Config.redacted(`${envPrefix}_WEBHOOK_SECRET`)
