/**
 * The MillionVerifier client as an Effect service: verify one address in real time (MillionVerifier's own `timeout`
 * set from the call's policy), read the credits left, and verify a file in bulk (upload, status, wait with
 * `JobPolling`). The API key travels as a query parameter (`api` on the real-time API, `key` on the bulk API): it is
 * added to each attempt only, replaced in span URLs, and never in a log or an error.
 *
 * Facts from MillionVerifier's README files (`millionverifier/vendor-docs`: the real-time API v3 and bulk API v2) and
 * the community OpenAPI document made from the first (`millionverifier/openapi.sophie-jentic.json`).
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { MillionVerifierClient } from "effect-integrations/millionverifier"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const mv = yield* MillionVerifierClient.MillionVerifierClient
 *   const checked = yield* mv.verify("jane@example.com", { policy: { timeout: "15 seconds" } })
 *   return checked.result === "ok"
 * })
 *
 * // MILLIONVERIFIER_API_KEY from the environment.
 * const Live = MillionVerifierClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const deliverable = program.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as MillionVerifierError from "./MillionVerifierError.js"
import type * as MillionVerifierSchemas from "./MillionVerifierSchemas.js"
import * as Bulk from "./resources/Bulk.js"
import * as Verify from "./resources/Verify.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.millionverifier.com/api/v3"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BULK_BASE_URL = "https://bulkapi.millionverifier.com/bulkapi/v2"

/**
 * MillionVerifier's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s; MillionVerifier's own `timeout` is 5 s shorter (25 s) | its default wait for a recipient's server is 20 s, up to 60 |
 * | retries | 2 (3 attempts) | reads (verify, credits, file status) are retried on network errors, timeouts, 429 and 5xx |
 * | not retried | 4xx other than 429; an upload after a timeout or a 5xx | a repeat cannot succeed; a repeated upload verifies (and bills) the file twice |
 * | backoff | 1 s doubling, capped at 10 s | |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * Per-call options: a `policy` override (its `timeout` also sets MillionVerifier's own on `verify`), extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Verify.CallOptions {}

/**
 * The kernel's settings (for both APIs), the key, and the bulk API's base URL.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A MillionVerifier API key. Sent as a query parameter; never recorded. */
  readonly apiKey: VendorClient.SecretInput
  /** Default `https://bulkapi.millionverifier.com/bulkapi/v2`. */
  readonly bulkBaseUrl?: string | undefined
}

/**
 * Its health check: a cheap authenticated read (`GET /credits`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly verify: (email: string, options?: CallOptions) => Effect.Effect<MillionVerifierSchemas.Verification, IntegrationError>
  readonly credits: (options?: CallOptions) => Effect.Effect<number, IntegrationError>
  readonly bulk: Bulk.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class MillionVerifierClient extends Context.Tag("effect-integrations/MillionVerifierClient")<MillionVerifierClient, Service>() {}

const dialect: HttpIntegration.Dialect = { refineError: MillionVerifierError.refineError }

/**
 * MillionVerifier as a vendor definition: the real-time API as its pipeline, the bulk API as a second one built in
 * `setup` with the same settings, each with the key in its own query parameter.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const MillionVerifier = VendorClient.define(MillionVerifierClient, {
  vendor: "MillionVerifier",
  baseUrl: { default: DEFAULT_BASE_URL, env: "MILLIONVERIFIER_BASE_URL" },
  config: Config.all({
    apiKey: Credentials.config("MILLIONVERIFIER_API_KEY"),
    bulkBaseUrl: Config.string("MILLIONVERIFIER_BULK_BASE_URL").pipe(Config.withDefault(DEFAULT_BULK_BASE_URL))
  }),
  policy: defaultPolicy,
  setup: (options: Options) =>
    HttpIntegration.make({
      vendor: "MillionVerifier",
      baseUrl: options.bulkBaseUrl ?? DEFAULT_BULK_BASE_URL,
      auth: HttpIntegration.query("key", VendorClient.secret(options.apiKey)),
      dialect,
      headers: options.headers,
      policy: { ...defaultPolicy, ...options.policy },
      circuitBreaker: options.circuitBreaker,
      rateLimit: options.rateLimit,
      bulkhead: options.bulkhead,
      retryBudget: options.retryBudget,
      attemptStages: options.attemptStages,
      observeResponse: options.observeResponse
    }),
  definition: (options) => ({ auth: HttpIntegration.query("api", VendorClient.secret(options.apiKey)), dialect }),
  operations: (http, _options, bulkHttp): Service => {
    const realtime = Verify.make(http)
    return {
      ...realtime,
      bulk: Bulk.make(bulkHttp),
      healthCheck: Effect.asVoid(realtime.credits(VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, as `VendorClient.Client` describes them: `make` and `layer` (a `millionverifier` health
 * check), `config`, `fromEnv` and `layerConfig` reading `MILLIONVERIFIER_API_KEY` (required, `Redacted`),
 * `MILLIONVERIFIER_BASE_URL` and `MILLIONVERIFIER_BULK_BASE_URL`, and `layerTest`:
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MillionVerifierClient } from "effect-integrations/millionverifier"
 *
 * const TestMillionVerifier = MillionVerifierClient.layerTest({ credits: () => Effect.succeed(100) })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = MillionVerifier
