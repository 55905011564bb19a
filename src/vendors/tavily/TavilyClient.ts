/**
 * The Tavily client as an Effect service: search, extract, crawl and map the web, run research tasks (start, status,
 * wait), and read the key's credit usage. Each call validates its parameters before any I/O, retries what Tavily lets
 * a client retry, and fails with `IntegrationError`.
 *
 * Facts from Tavily's OpenAPI document (`tavily/openapi.tryAGI.json`, 1.0.0: paths, bodies, statuses, bearer
 * `tvly-` keys, `https://api.tavily.com`) and its documentation (docs.tavily.com "Rate Limits": 100 requests per
 * minute for a development key, 1,000 for a production key, 100 for crawl and 20 for starting research tasks on either;
 * no rate-limit headers are documented).
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { TavilyClient } from "effect-integrations/tavily"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const answer = (question: string) =>
 *   Effect.gen(function*() {
 *     const tavily = yield* TavilyClient.TavilyClient
 *     const found = yield* tavily.search({ query: question, include_answer: true, max_results: 5 })
 *     return found.answer ?? found.results.map((result) => result.url).join("\n")
 *   })
 *
 * // TAVILY_API_KEY from the environment; paced at a development key's 100 requests per minute.
 * const Live = TavilyClient.layerConfig({ rateLimit: TavilyClient.rateLimits.development }).pipe(
 *   Layer.provide(UndiciTransport.layer())
 * )
 * const program = answer("What is Effect?").pipe(Effect.provide(Live))
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
import type { IntegrationError } from "../../core/IntegrationError.js"
import type * as RateLimiter from "../../core/RateLimiter.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Research from "./resources/Research.js"
import * as Web from "./resources/Web.js"
import * as TavilyError from "./TavilyError.js"
import * as TavilySchemas from "./TavilySchemas.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.tavily.com"

/**
 * Tavily's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 60 s (crawl and map 180 s) | a search answers in seconds; extract may take up to its own `timeout` (max 60 s); crawl and map up to theirs (max 150 s) |
 * | retries | 2 (3 attempts) | enough for a blip or a 429 without holding a request path for long |
 * | backoff | 2 s doubling, capped at 30 s, each delay 50-100% of that | limits are counted per minute: a short first wait lands in the same window |
 * | retried | network errors, timeouts, 429, 5xx on search, extract, crawl, map and status reads; a 429 on `research.create` | these only read the web; a research start has no idempotency key, so only a 429 proves it did not run |
 * | not retried | 400, 401 (after one re-read of a rotated key), 403 unsupported URL, 404, 432 and 433 credit limits | a repeat cannot succeed |
 * | idempotency | none: Tavily takes no key | |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  timeout: "60 seconds",
  baseDelay: "2 seconds",
  maxDelay: "30 seconds"
}

/**
 * Client-side pacing for Tavily's documented per-key limits, to give as `rateLimit` (Tavily sends no rate-limit
 * headers, so a limiter cannot learn them from answers): `development` 100 and `production` 1,000 requests per minute.
 * Crawl (100 per minute) and research starts (20 per minute) have lower limits of their own on either key: pace them
 * with a second limiter given per call, or accept an occasional retried 429. The client sets no limiter unless given
 * one: the key's environment is not visible from the key.
 *
 * @since 0.1.0
 * @category Policies
 */
export const rateLimits: {
  readonly development: Omit<RateLimiter.Options, "vendor">
  readonly production: Omit<RateLimiter.Options, "vendor">
} = {
  development: { limit: 100, window: "1 minute" },
  production: { limit: 1000, window: "1 minute" }
}

/**
 * Per-call options: a `policy` override, extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl`, `policy`, `circuitBreaker`, `rateLimit`, ...) and
 * Tavily's key. Give `rateLimit: TavilyClient.rateLimits.development` (or `production`) to pace calls under the key's
 * per-minute limit.
 *
 * `apiKey`: A Tavily API key (`tvly-...`), development or production.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Web.Api {
  readonly research: Research.Api
  /** `GET /usage`: the key's and the account's credit usage and limits. */
  readonly usage: (options?: CallOptions) => Effect.Effect<TavilySchemas.UsageResponse, IntegrationError>
  /** A cheap authenticated read (`GET /usage`, no retries, no credits) for readiness checks. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class TavilyClient extends Context.Tag("effect-integrations/TavilyClient")<TavilyClient, Service>() {}

/**
 * Tavily as a vendor definition: bearer auth, no idempotency key, its error body read by `TavilyError.refineError`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Tavily = VendorClient.define(TavilyClient, {
  vendor: "Tavily",
  baseUrl: { default: DEFAULT_BASE_URL, env: "TAVILY_BASE_URL" },
  // The name Tavily's own SDKs and docs read.
  config: Config.all({ apiKey: Credentials.config("TAVILY_API_KEY") }),
  policy: defaultPolicy,
  operationPolicies: { crawl: { timeout: "180 seconds" }, map: { timeout: "180 seconds" } },
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    dialect: { refineError: TavilyError.refineError }
  }),
  operations: (http) => {
    const usage = http.operation({
      name: "usage",
      method: "GET",
      input: Schema.Void,
      output: TavilySchemas.UsageResponse,
      request: () => ({ path: "/usage" })
    })
    return {
      ...Web.make(http),
      research: Research.make(http),
      usage: (options?: CallOptions) => usage(undefined, options),
      healthCheck: Effect.asVoid(usage(undefined, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context: one pipeline for every Tavily call. A bad setting is a
 *   `ConfigError` naming it (`Tavily.baseUrl`, `Tavily.policy.timeout`).
 * - `layer`: The client as a layer; registers a `tavily` health check (`GET /usage`) when a `Health` registry is
 *   provided.
 * - `config`: The options from the environment: `TAVILY_API_KEY` (required, kept `Redacted` and re-read through
 *   `Credentials`), `TAVILY_BASE_URL` (default `https://api.tavily.com`). Every missing or malformed variable is
 *   reported in one `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(TavilyClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TavilyClient } from "effect-integrations/tavily"
 *
 * const TestTavily = TavilyClient.layerTest({
 *   search: (params) => Effect.succeed({ query: params.query, results: [], images: [], response_time: 0.1 })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Tavily
