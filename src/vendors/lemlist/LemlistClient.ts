/**
 * The lemlist client as an Effect service: campaigns (every one as a `Stream`, get, create, start, pause), a campaign's
 * leads (add, list, update, delete, unsubscribe), leads by e-mail, activities (a `Stream`) and webhooks. Every caller of
 * a client is paced to lemlist's documented 20 requests per 2 seconds, shared by every client and process that uses
 * the same `RateLimiterStore` (Redis, with `effect-integrations/state`); lemlist's `X-RateLimit-*` and `Retry-After`
 * headers pause and pace them further. Parameters are validated before any I/O; failures are `IntegrationError`s.
 *
 * Facts from lemlist's developer OpenAPI v2 document (`lemlist/openapi.v2.json`, `info.description`): base URL
 * `https://api.lemlist.com/api`, HTTP Basic with an empty user and the API key as password, the rate limit and its
 * headers, the operations' paths and error texts.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Stream } from "effect"
 * import { LemlistClient } from "effect-integrations/lemlist"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const lemlist = yield* LemlistClient.LemlistClient
 *   const running = yield* Stream.runCollect(lemlist.campaigns.list({ status: "running" }))
 *   return running.length
 * })
 *
 * // LEMLIST_API_KEY from the environment.
 * const Live = LemlistClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const counted = program.pipe(Effect.provide(Live))
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
import type * as RateLimiter from "../../core/RateLimiter.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as LemlistError from "./LemlistError.js"
import * as LemlistRateLimits from "./LemlistRateLimits.js"
import * as LemlistSchemas from "./LemlistSchemas.js"
import * as Activities from "./resources/Activities.js"
import * as Campaigns from "./resources/Campaigns.js"
import * as Hooks from "./resources/Hooks.js"
import * as Leads from "./resources/Leads.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.lemlist.com/api"

/**
 * lemlist's documented limit (20 requests per 2 seconds, per API key), applied to every client unless its options say
 * otherwise, as 20 in any 2.2 seconds: the 10% of headroom absorbs what separates our clock from lemlist's (time in
 * flight, skew), so that requests we spaced by 2 s never reach lemlist as 21 in one of its windows. The quota is kept
 * in the `RateLimiterStore` in context (a memory one when there is none; Redis shares it between processes) under the
 * key `Lemlist`: clients with different API keys sharing a store should each be given a `rateLimit` of their own (a
 * `RateLimiter` with its own store or key).
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultRateLimit: Omit<RateLimiter.Options, "vendor"> = { limit: 20, window: "2200 millis" }

/**
 * lemlist's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | lemlist answers in well under a second; 30 s bounds a stuck connection |
 * | retries | 3 (4 attempts) | enough to ride out a 429 window (2 s) and a blip |
 * | backoff | 1 s doubling, capped at 8 s, each delay 50-100% of that | the first wait spans half of lemlist's 2 s window |
 * | retried: reads, deletes, `campaigns.start`, `campaigns.pause`, `campaignLeads.update` | network errors, timeouts, 429 (after `Retry-After`), 5xx | repeating them converges |
 * | retried: `campaigns.create`, `campaignLeads.add`, `hooks.create` | 429 only | **lemlist has no idempotency keys**: a create that timed out may exist already |
 * | not retried | other 4xx, and a 500 `Lead in graveyard` | a repeat cannot succeed |
 * | rate limit | 20 requests per 2.2 s, shared through the `RateLimiterStore` (`defaultRateLimit`) | lemlist's documented 20 per 2 s per API key, with headroom |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  maxRetries: 3,
  maxDelay: "8 seconds"
}

/**
 * Per-call options: a `policy` override, extra `headers`, this call's `attemptStages`. There is no `idempotencyKey`:
 * lemlist takes none.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings (`baseUrl`, `policy`, `circuitBreaker`, `bulkhead`, `retryBudget`, ...) and lemlist's key.
 * `rateLimit` defaults to `defaultRateLimit` (20 per 2.2 s, just under lemlist's 20 per 2 s); give a `RateLimiter` to share one across keys or
 * stores your own way, or `false` to turn it off.
 *
 * `apiKey`: A lemlist API key (Settings → Integrations). Sent as the Basic auth password, with an empty user.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * Its health check: a cheap authenticated read (`GET /team`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly campaigns: Campaigns.Api
  readonly campaignLeads: Leads.CampaignLeadsApi
  readonly leads: Leads.LeadsApi
  readonly activities: Activities.Api
  readonly hooks: Hooks.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class LemlistClient extends Context.Tag("effect-integrations/LemlistClient")<LemlistClient, Service>() {}

/**
 * lemlist as a vendor definition: Basic auth with the key as password, lemlist's error texts and rate-limit headers.
 * It paces calls by `defaultRateLimit` unless the caller gives `rateLimit`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Lemlist = VendorClient.define(LemlistClient, {
  vendor: "Lemlist",
  baseUrl: { default: DEFAULT_BASE_URL, env: "LEMLIST_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("LEMLIST_API_KEY") }),
  policy: defaultPolicy,
  rateLimit: defaultRateLimit,
  definition: (options: Options) => ({
    auth: HttpIntegration.basic("", VendorClient.secret(options.apiKey)),
    dialect: { refineError: LemlistError.refineError, rateLimitHeaders: LemlistRateLimits.parse }
  }),
  operations: (http): Service => {
    const team = http.operation({
      name: "team.get",
      method: "GET",
      input: Schema.Void,
      output: LemlistSchemas.Team,
      request: () => ({ path: "/team" })
    })
    return {
      campaigns: Campaigns.make(http),
      ...Leads.make(http),
      activities: Activities.make(http),
      hooks: Hooks.make(http),
      healthCheck: Effect.asVoid(team(undefined, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition; each paces calls by `defaultRateLimit` unless `rateLimit` is given:
 *
 * - `make`: builds the service over the `HttpClient` in context; a bad setting is a `ConfigError` naming it.
 * - `layer`: the client as a layer; registers a `lemlist` health check when a `Health` registry is provided.
 * - `config`: the options from the environment: `LEMLIST_API_KEY` (required, kept `Redacted` and re-read through
 *   `Credentials`), `LEMLIST_BASE_URL` (default `https://api.lemlist.com/api`). Every missing or malformed variable is
 *   reported in one `ConfigError`, by name only.
 * - `fromEnv`: the layer, configured from the environment; for `IntegrationConfig.layer(LemlistClient.fromEnv, ...)`.
 * - `layerConfig`: the layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: a fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LemlistClient } from "effect-integrations/lemlist"
 *
 * const TestLemlist = LemlistClient.layerTest({ campaigns: { pause: (id) => Effect.succeed({ _id: id, state: "paused" }) } })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Lemlist
