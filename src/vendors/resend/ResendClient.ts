/**
 * The Resend client as an Effect service: send an email, send a batch with a result per email, retrieve an email. Each
 * call validates its parameters before any I/O, keys every send with an `Idempotency-Key` reused across retries (so a
 * retry never delivers twice), honours Resend's `retry-after`, and fails with `IntegrationError`.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const resend = yield* ResendClient.ResendClient
 *   const { id } = yield* resend.emails.send(
 *     { from: "Acme <hello@acme.dev>", to: "jane@example.com", subject: "Welcome", text: "Hi Jane" },
 *     { idempotencyKey: `welcome/${userId}` }
 *   )
 * })
 * program.pipe(Effect.provide(ResendClient.layer({ apiKey: Redacted.make(key) })), Effect.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as Health from "../../core/Health.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import type * as RateLimiter from "../../core/RateLimiter.js"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"
import * as TestService from "../../testing/TestService.js"
import * as Op from "./internal/operation.js"
import * as ResendError from "./ResendError.js"
import * as ResendSchemas from "./ResendSchemas.js"
import * as Emails from "./resources/Emails.js"
import { baseUrl as baseUrlConfig, layerConfig as configuredLayer, withoutUndefined } from "../internal/vendorConfig.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.resend.com"

/**
 * Resend's defaults, following its documented limits:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | Resend accepts a send in well under a second; 30 s bounds a stuck connection, and a timed-out send is safe to retry with its key |
 * | retries | 2 (3 attempts) | enough to ride out a 429 or a blip without holding a request path for long |
 * | backoff | 1 s doubling, capped at 10 s, each delay 50-100% of that | the default rate limit is counted per second: a shorter first wait lands in the same window |
 * | retried | network errors, timeouts, 429 (waiting `retry-after`), 5xx, 409 `concurrent_idempotent_requests` | a later attempt may succeed and the key makes it safe |
 * | not retried | 400/422 validation errors, 401/403 key errors, 409 `invalid_idempotent_request` | a repeat cannot succeed |
 * | idempotency | an `Idempotency-Key` on every `POST /emails` and `POST /emails/batch`, the same on every retry; yours via `idempotencyKey` (1-256 characters) | Resend keeps keys 24 h and answers a repeat with the first response, without sending again |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "30 seconds",
  maxRetries: 2,
  baseDelay: "1 second",
  factor: 2,
  maxDelay: "10 seconds",
  jitter: 0.5
}

/**
 * Per-call options: an `idempotencyKey` of your own (e.g. `welcome-user/123`: Resend suggests `<event>/<entity id>`),
 * a `policy` override, extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** A Resend API key (`re_...`). A sending-only key can send and retrieve nothing else. */
  readonly apiKey: Redacted.Redacted<string> | Credentials.Secret
  /** Default `https://api.resend.com`; point it at a local server in tests. */
  readonly baseUrl?: string | undefined
  /** Overrides on top of `defaultPolicy`. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Circuit breaker, rate limiter or bulkhead around each attempt. */
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
  /**
   * A limiter to feed with Resend's `ratelimit-*` and `retry-after` headers after every response, so that callers
   * sharing it slow down before Resend answers 429 (use the same limiter in `attemptPolicy`).
   */
  readonly rateLimiter?: RateLimiter.RateLimiter | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly emails: Emails.Api
  readonly batch: Emails.BatchApi
  /**
   * A cheap authenticated read (`GET /domains?limit=1`, no retries) for readiness checks. A sending-only key answers
   * `restricted_api_key`, which proves the key is valid, so it counts as healthy.
   */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class ResendClient extends Context.Tag("effect-integrations/ResendClient")<ResendClient, Service>() {}

const secretOf = (apiKey: Options["apiKey"]): Credentials.Secret =>
  Redacted.isRedacted(apiKey) ? Credentials.fixed(apiKey) : apiKey

const feed = (limiter: RateLimiter.RateLimiter | undefined): HttpIntegration.Definition["observeResponse"] =>
  limiter === undefined ? undefined : ({ headers }) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Option.match(RateLimitHeaders.parse(headers, now), {
        onNone: () => Effect.void,
        onSome: (hint) => limiter.observe(undefined, hint)
      }))

/**
 * Builds the service over the `HttpClient` in context: one pipeline for every Resend call.
 * A malformed `baseUrl` or an out-of-range `policy` setting fails with a `ConfigError` naming it under the vendor
 * (`Resend.baseUrl`, `Resend.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const http = yield* HttpIntegration.make({
      vendor: Op.VENDOR,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: HttpIntegration.bearer(secretOf(options.apiKey)),
      dialect: { idempotencyHeader: "Idempotency-Key", refineError: ResendError.refineError },
      policy: withoutUndefined({ ...defaultPolicy, ...withoutUndefined(options.policy ?? {}) }),
      attemptPolicy: options.attemptPolicy,
      observeResponse: feed(options.rateLimiter)
    })
    const domains = http.operation({
      name: "domains.list",
      method: "GET",
      input: Schema.Void,
      output: ResendSchemas.DomainList,
      request: () => ({ path: "/domains", query: { limit: 1 } })
    })
    const healthCheck = domains(undefined, { policy: { maxRetries: 0, timeout: "5 seconds" } }).pipe(
      Effect.asVoid,
      Effect.catchIf(ResendError.hasName("restricted_api_key"), () => Effect.void)
    )
    return { ...Emails.make(http), healthCheck }
  })

/**
 * The client as a layer; registers a `resend` health check when a `Health` registry is provided.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<ResendClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(
    ResendClient,
    Effect.tap(make(options), (service) => Health.register(Health.check("resend", service.healthCheck)))
  )

/**
 * The options from the environment, under the names Resend's SDK reads: `RESEND_API_KEY` (required, kept `Redacted`
 * and re-read through `Credentials`), `RESEND_BASE_URL` (default `https://api.resend.com`). Every missing or malformed
 * variable is reported in one `ConfigError`, by name only.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.all({
  apiKey: Credentials.config("RESEND_API_KEY"),
  baseUrl: baseUrlConfig("RESEND_BASE_URL", DEFAULT_BASE_URL)
})

/**
 * The layer, configured from the environment; for `IntegrationConfig.layer(ResendClient.fromEnv, ...)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromEnv: Config.Config<
  Layer.Layer<ResendClient, ConfigError.ConfigError, HttpClient.HttpClient>
> = Config.map(
  config,
  layer
)

/**
 * The layer from the environment, with options set in code on top (a `policy`, an `attemptPolicy`, ...).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  overrides: Partial<Omit<Options, "apiKey">> = {}
): Layer.Layer<ResendClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  configuredLayer(config, layer, overrides)

/**
 * A fake client: the given methods as they are, every other one dies naming itself.
 *
 * @example
 * ```ts
 * const TestResend = ResendClient.layerTest({ emails: { send: () => Effect.succeed({ id: "email_1" }) } })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<ResendClient> =>
  TestService.layer(ResendClient, partial)
