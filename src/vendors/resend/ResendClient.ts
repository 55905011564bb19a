/**
 * The Resend client as an Effect service: send an email, send a batch with a result per email, retrieve an email. Each
 * call validates its parameters before any I/O, keys every send with an `Idempotency-Key` reused across retries (so a
 * retry never delivers twice), honours Resend's `retry-after`, and fails with `IntegrationError`.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { ResendClient } from "effect-integrations/resend"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const welcome = (userId: string) =>
 *   Effect.gen(function*() {
 *     const resend = yield* ResendClient.ResendClient
 *     return yield* resend.emails.send(
 *       { from: "Acme <hello@acme.dev>", to: "jane@example.com", subject: "Welcome", text: "Hi Jane" },
 *       { idempotencyKey: `welcome/${userId}` }
 *     )
 *   })
 *
 * // RESEND_API_KEY from the environment.
 * const Live = ResendClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const sent = welcome("user_1").pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import { MAX_IDEMPOTENCY_KEY } from "./internal/operation.js"
import * as ResendError from "./ResendError.js"
import * as ResendSchemas from "./ResendSchemas.js"
import * as Emails from "./resources/Emails.js"

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
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * Per-call options: an `idempotencyKey` of your own (e.g. `welcome-user/123`: Resend suggests `<event>/<entity id>`),
 * a `policy` override, extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl`, `policy`, `circuitBreaker`, `rateLimit`, ...) and
 * Resend's key. Give `rateLimit` (options or a shared `RateLimiter`) and Resend's `ratelimit-*` and `retry-after`
 * headers pace and pause every caller before Resend answers 429.
 *
 * `apiKey`: A Resend API key (`re_...`). A sending-only key can send and retrieve nothing else.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * Its health check: a cheap authenticated read (`GET /domains?limit=1`, no retries) for readiness checks. A
 * sending-only key answers `restricted_api_key`, which proves the key is valid, so it counts as healthy.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly emails: Emails.Api
  readonly batch: Emails.BatchApi
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class ResendClient extends Context.Tag("effect-integrations/ResendClient")<ResendClient, Service>() {}

/**
 * Resend as a vendor definition: bearer auth, an `Idempotency-Key` on every send, the standard rate-limit headers.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Resend = VendorClient.define(ResendClient, {
  vendor: "Resend",
  baseUrl: { default: DEFAULT_BASE_URL, env: "RESEND_BASE_URL" },
  // The name Resend's own SDK reads.
  config: Config.all({ apiKey: Credentials.config("RESEND_API_KEY") }),
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    dialect: {
      idempotencyHeader: "Idempotency-Key",
      idempotencyKeyMaxLength: MAX_IDEMPOTENCY_KEY,
      refineError: ResendError.refineError
    }
  }),
  operations: (http) => {
    const domains = http.operation({
      name: "domains.list",
      method: "GET",
      input: Schema.Void,
      output: ResendSchemas.DomainList,
      request: () => ({ path: "/domains", query: { limit: 1 } })
    })
    // A sending-only key answers `restricted_api_key`, which proves the key is valid: healthy.
    const healthCheck = domains(undefined, VendorClient.probe).pipe(
      Effect.asVoid,
      Effect.catchIf(ResendError.hasName("restricted_api_key"), () => Effect.void)
    )
    return { ...Emails.make(http), healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context: one pipeline for every Resend call. A bad setting is a
 *   `ConfigError` naming it (`Resend.baseUrl`, `Resend.policy.timeout`).
 * - `layer`: The client as a layer; registers a `resend` health check when a `Health` registry is provided.
 * - `config`: The options from the environment, under the names Resend's SDK reads: `RESEND_API_KEY` (required, kept
 *   `Redacted` and re-read through `Credentials`), `RESEND_BASE_URL` (default `https://api.resend.com`). Every missing
 *   or malformed variable is reported in one `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(ResendClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ResendClient } from "effect-integrations/resend"
 *
 * const TestResend = ResendClient.layerTest({ emails: { send: () => Effect.succeed({ id: "email_1" }) } })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Resend
