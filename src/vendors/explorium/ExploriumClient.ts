/**
 * The Explorium (AgentSource) client as an Effect service: match and fetch businesses and prospects, enrich them one
 * at a time or in bulk with every record's outcome kept by its input index, business events and partner webhooks, and
 * the account's credits. Every caller is paced to Explorium's 200 requests per minute per key, shared through the
 * `RateLimiterStore` in context (Redis with `effect-integrations/state`); `X-RateLimit-*` and `Retry-After` pause and
 * pace it further. Parameters are checked before any I/O; failures are `IntegrationError`s.
 *
 * Facts from Explorium's OpenAPI 3.1 document (`explorium/openapi.yaml`: base URL `https://api.explorium.ai`, the
 * `api_key` header, paths, limits of 50 per batch and 500 per page) and its rate-limit page (`rate-limit.mdx`: 200
 * requests per 60-second sliding window, the headers, the 429 body).
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { ExploriumClient } from "effect-integrations/explorium"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const explorium = yield* ExploriumClient.ExploriumClient
 *   const matched = yield* explorium.businesses.match([{ domain: "acme.dev" }, { name: "Globex" }])
 *   return yield* explorium.businesses.bulkEnrich(matched.succeeded.map((m) => m.value))
 * })
 *
 * // EXPLORIUM_API_KEY from the environment.
 * const Live = ExploriumClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const enriched = program.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type * as RateLimiter from "../../core/RateLimiter.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as ExploriumError from "./ExploriumError.js"
import * as Businesses from "./resources/Businesses.js"
import * as Prospects from "./resources/Prospects.js"
import * as Webhooks from "./resources/Webhooks.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.explorium.ai"

/**
 * Explorium's documented limit (200 requests per 60-second sliding window, per API key), applied to every client
 * unless its options say otherwise, as 200 in any 66 seconds: the 10% of headroom absorbs time in flight and clock
 * skew between our window and Explorium's. Kept in the `RateLimiterStore` in context under the key `Explorium`.
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultRateLimit: Omit<RateLimiter.Options, "vendor"> = { limit: 200, window: "66 seconds" }

/**
 * Explorium's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 60 s | a bulk enrichment of 50 records or a fetch page of 500 can take tens of seconds |
 * | retries | 3 (4 attempts) | Explorium's own guidance: retry 429s with exponential backoff |
 * | backoff | 1 s doubling, capped at 30 s, each delay 50-100% of that | spreads retries over the minute window |
 * | retried: match, fetch, enrich, bulk enrich, events, webhook get/delete, credits | network errors, timeouts, 429 (after `Retry-After`), 5xx | they read (an enrichment retried after a timeout may be billed again) |
 * | retried: `webhooks.create` | 429 only | no idempotency keys |
 * | not retried | 422 and other 4xx | a repeat cannot succeed |
 * | rate limit | 200 requests per 66 s, shared through the `RateLimiterStore` (`defaultRateLimit`) | Explorium's 200 per minute per key, with headroom |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  timeout: "60 seconds",
  maxRetries: 3,
  maxDelay: "30 seconds"
}

/**
 * Per-call options: a `policy` override, extra `headers`, this call's `attemptStages`. No `idempotencyKey`: Explorium
 * takes none.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings and Explorium's key. `rateLimit` defaults to `defaultRateLimit`; give a `RateLimiter` of your
 * own, or `false` to turn it off.
 *
 * `apiKey`: An Explorium API key, sent in the `api_key` header.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * Its health check: a cheap authenticated read (`GET /v1/credits`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly businesses: Businesses.Api
  readonly prospects: Prospects.Api
  readonly events: Webhooks.EventsApi
  readonly webhooks: Webhooks.WebhooksApi
  readonly credits: Webhooks.CreditsApi
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class ExploriumClient extends Context.Tag("effect-integrations/ExploriumClient")<ExploriumClient, Service>() {}

/**
 * Explorium as a vendor definition: the `api_key` header, Explorium's error bodies; the standard `X-RateLimit-*`
 * headers (reset as a Unix time) are the kernel's default reading. It paces calls by `defaultRateLimit` unless the
 * caller gives `rateLimit`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Explorium = VendorClient.define(ExploriumClient, {
  vendor: "Explorium",
  baseUrl: { default: DEFAULT_BASE_URL, env: "EXPLORIUM_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("EXPLORIUM_API_KEY") }),
  policy: defaultPolicy,
  rateLimit: defaultRateLimit,
  definition: (options: Options) => ({
    auth: HttpIntegration.header("api_key", VendorClient.secret(options.apiKey)),
    dialect: { refineError: ExploriumError.refineError }
  }),
  operations: (http): Service => {
    const account = Webhooks.make(http)
    return {
      businesses: Businesses.make(http),
      prospects: Prospects.make(http),
      ...account,
      healthCheck: Effect.asVoid(account.credits.get(VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition; each paces calls by `defaultRateLimit` unless `rateLimit` is given:
 *
 * - `make`: builds the service over the `HttpClient` in context; a bad setting is a `ConfigError` naming it.
 * - `layer`: the client as a layer; registers an `explorium` health check when a `Health` registry is provided.
 * - `config`: the options from the environment: `EXPLORIUM_API_KEY` (required, kept `Redacted`), `EXPLORIUM_BASE_URL`
 *   (default `https://api.explorium.ai`). Every missing or malformed variable is reported at once.
 * - `fromEnv`: the layer, configured from the environment; for `IntegrationConfig.layer(ExploriumClient.fromEnv, ...)`.
 * - `layerConfig`: the layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: a fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ExploriumClient } from "effect-integrations/explorium"
 *
 * const TestExplorium = ExploriumClient.layerTest({ businesses: { enrich: () => Effect.succeed(undefined) } })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Explorium
