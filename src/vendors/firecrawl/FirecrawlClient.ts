/**
 * The Firecrawl (API v2) client as an Effect service: scrape a page, map a site, search the web, extract structured
 * data, and run crawls and batch scrapes as jobs (started once with an idempotency key, their documents streamed page
 * by page through `next`, cancelled, or waited for on a bounded schedule). Each call validates its parameters before
 * any I/O and fails with `IntegrationError`.
 *
 * Facts from Firecrawl's v2 OpenAPI document (`firecrawl/v2-openapi.json`: paths under `https://api.firecrawl.dev/v2`,
 * bearer auth, bodies, 402/408/429/500 answers), its docs (`docs/rate-limits.mdx`: per-minute limits by plan, 429 when
 * exceeded or when the job queue is full; `x-idempotency-key` on job starts, 409 on reuse) and its SDKs' variables
 * (`FIRECRAWL_API_KEY`, `FIRECRAWL_API_URL` for a self-hosted instance, without the `/v2`).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Stream } from "effect"
 * import { FirecrawlClient } from "effect-integrations/firecrawl"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const crawlDocs = Effect.gen(function*() {
 *   const firecrawl = yield* FirecrawlClient.FirecrawlClient
 *   const job = yield* firecrawl.crawl.start({ url: "https://docs.acme.dev", limit: 50 }, { idempotencyKey: "docs-crawl/2026-12-07" })
 *   yield* firecrawl.crawl.wait(job.id, { timeout: "20 minutes" })
 *   return yield* Stream.runCollect(firecrawl.crawl.documents(job.id))
 * })
 *
 * // FIRECRAWL_API_KEY (and FIRECRAWL_API_URL for a self-hosted instance) from the environment.
 * const Live = FirecrawlClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const program = crawlDocs.pipe(Effect.provide(Live))
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
import * as VendorClient from "../../core/VendorClient.js"
import * as FirecrawlError from "./FirecrawlError.js"
import * as FirecrawlSchemas from "./FirecrawlSchemas.js"
import * as Jobs from "./resources/Jobs.js"
import * as Scrape from "./resources/Scrape.js"

/**
 * The hosted API's root; the client adds `/v2` to every path, as Firecrawl's SDKs do, so a self-hosted
 * `FIRECRAWL_API_URL` (`http://localhost:3002`) works unchanged.
 *
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.firecrawl.dev"

/**
 * Firecrawl's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 60 s; scrape 320 s, search 120 s | a scrape may take its own `timeout` (up to 300 s), waiting in the team's browser queue included |
 * | retries | 2 (3 attempts) | rides out a 429 (with `Retry-After`) or a blip |
 * | backoff | 1 s doubling, capped at 20 s, each delay 50-100% of that | limits are per minute and per team |
 * | retried | network errors, timeouts, 408, 429, 5xx on scrape, map, search, status reads and cancels; job starts (their key makes a retry safe); an extract start only after a 429 | |
 * | not retried | 400, 401, 402 (credits used up), 404, 409 (the job start's key was used before: the job exists) | a repeat cannot succeed |
 * | idempotency | an `x-idempotency-key` on every crawl and batch scrape start, the same on every retry; yours via `idempotencyKey` | Firecrawl answers a reused key with 409 instead of starting a second job |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  timeout: "60 seconds",
  maxDelay: "20 seconds"
}

/**
 * Per-call options: an `idempotencyKey` of your own for a job start, a `policy` override, extra `headers`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl` (a self-hosted instance's root, without `/v2`),
 * `policy`, `circuitBreaker`, `rateLimit`, ...) and Firecrawl's key. Firecrawl's limits are per team and per plan
 * (docs "Rate Limits": e.g. Hobby 100 scrapes and 20 crawls per minute): give `rateLimit` your plan's, e.g.
 * `{ limit: 100, window: "1 minute" }`; a 429's `Retry-After` pauses a shared limiter.
 *
 * `apiKey`: A Firecrawl API key (`fc-...`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Scrape.Api, Jobs.Api {
  /** `GET /v2/team/credit-usage`: the team's remaining and plan credits. */
  readonly creditUsage: (options?: CallOptions) => Effect.Effect<FirecrawlSchemas.CreditUsage, IntegrationError>
  /** A cheap authenticated read (`GET /v2/team/credit-usage`, no retries, no credits) for readiness checks. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class FirecrawlClient extends Context.Tag("effect-integrations/FirecrawlClient")<FirecrawlClient, Service>() {}

/**
 * Firecrawl as a vendor definition: bearer auth, an `x-idempotency-key` on job starts, its error body read by
 * `FirecrawlError.refineError`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Firecrawl = VendorClient.define(FirecrawlClient, {
  vendor: "Firecrawl",
  // The variable Firecrawl's SDKs read for a self-hosted instance.
  baseUrl: { default: DEFAULT_BASE_URL, env: "FIRECRAWL_API_URL" },
  config: Config.all({ apiKey: Credentials.config("FIRECRAWL_API_KEY") }),
  policy: defaultPolicy,
  operationPolicies: { scrape: { timeout: "320 seconds" }, search: { timeout: "120 seconds" } },
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    dialect: { idempotencyHeader: "x-idempotency-key", refineError: FirecrawlError.refineError }
  }),
  operations: (http) => {
    const credits = http.operation({
      name: "creditUsage",
      method: "GET",
      input: Schema.Void,
      output: FirecrawlSchemas.CreditUsage,
      request: () => ({ path: "/v2/team/credit-usage" })
    })
    return {
      ...Scrape.make(http),
      ...Jobs.make(http),
      creditUsage: (options?: CallOptions) => credits(undefined, options),
      healthCheck: Effect.asVoid(credits(undefined, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context: one pipeline for every Firecrawl call. A bad setting
 *   is a `ConfigError` naming it (`Firecrawl.baseUrl`, `Firecrawl.policy.timeout`).
 * - `layer`: The client as a layer; registers a `firecrawl` health check (`GET /v2/team/credit-usage`) when a `Health`
 *   registry is provided.
 * - `config`: The options from the environment: `FIRECRAWL_API_KEY` (required, kept `Redacted` and re-read through
 *   `Credentials`), `FIRECRAWL_API_URL` (default `https://api.firecrawl.dev`; a self-hosted instance's root). Every
 *   missing or malformed variable is reported in one `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(FirecrawlClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FirecrawlClient } from "effect-integrations/firecrawl"
 *
 * const TestFirecrawl = FirecrawlClient.layerTest({
 *   scrape: () => Effect.succeed({ success: true, data: { markdown: "# Acme" } })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Firecrawl
