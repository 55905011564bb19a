/**
 * The Apollo.io client as an Effect service: match one person, match many with an outcome per record, search people
 * as a `Stream` (People API Search), and enrich an organization by domain. Each call validates its input before any
 * I/O (a record Apollo could never match spends no credit), authenticates with `x-api-key`, and fails with
 * `IntegrationError`.
 *
 * Facts from Apollo's API reference (https://docs.apollo.io/reference): base URL `https://api.apollo.io/api/v1`; the
 * key in the `x-api-key` header only (query and body keys are refused since September 2024); 401 for a bad key, 403
 * for an endpoint the key may not call, 422 for a bad request, 429 when a window is used up; fixed windows per
 * minute, hour and day reported in `x-rate-limit-*` and `x-*-requests-left` headers, bulk endpoints at a tenth of
 * the single ones; no idempotency keys (none of these operations changes Apollo's data).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Option } from "effect"
 * import { ApolloClient } from "effect-integrations/apollo"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const lookup = Effect.gen(function*() {
 *   const apollo = yield* ApolloClient.ApolloClient
 *   const person = yield* apollo.people.match({ email: "tim@apollo.io" })
 *   return Option.map(person, (p) => p.title)
 * })
 *
 * // APOLLO_API_KEY from the environment.
 * const Live = ApolloClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const title = lookup.pipe(Effect.provide(Live))
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
import { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as ApolloError from "./ApolloError.js"
import * as ApolloRateLimits from "./ApolloRateLimits.js"
import * as ApolloSchemas from "./ApolloSchemas.js"
import * as Organizations from "./resources/Organizations.js"
import * as People from "./resources/People.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.apollo.io/api/v1"

/**
 * Apollo's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | enrichment answers in about a second; a bulk match of 10 takes longer |
 * | retries | 2 (3 attempts) | rides out a minute window's 429 or a 5xx |
 * | backoff | 1 s doubling, capped at 10 s, jittered | |
 * | retried | network errors, timeouts, 5xx, 429 of the minute window (waiting up to 60 s, the window's length) | matches, searches and enrichments change nothing at Apollo |
 * | not retried | 401, 403, 404, 422; 429 of the hourly or daily window (the wait exceeds the policy's ceiling) | a repeat cannot succeed soon |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  maxRetryAfter: "60 seconds",
  retryAfterAboveMax: "fail"
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings and Apollo's key. Give `rateLimit` (your plan's per-minute limit, or a shared `RateLimiter`)
 * and Apollo's `x-rate-limit-*` / `x-*-requests-left` headers pace and pause every caller before Apollo answers 429.
 *
 * `apiKey`: An Apollo API key (Settings > Integrations > API keys), scoped to the endpoints it may call.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * Its health check: `GET /auth/health` (no retries, 5 s): fails `Unauthorized` when Apollo says the key is not logged
 * in.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly people: People.Api
  readonly organizations: Organizations.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class ApolloClient extends Context.Tag("effect-integrations/ApolloClient")<ApolloClient, Service>() {}

/**
 * Apollo as a vendor definition: `x-api-key`, Apollo's rate-limit headers and error reading.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const Apollo = VendorClient.define(ApolloClient, {
  vendor: "Apollo",
  baseUrl: { default: DEFAULT_BASE_URL, env: "APOLLO_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("APOLLO_API_KEY") }),
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.header("x-api-key", VendorClient.secret(options.apiKey)),
    headers: { accept: "application/json", "cache-control": "no-cache" },
    dialect: { rateLimitHeaders: ApolloRateLimits.parse, refineError: ApolloError.refineError, errorDetails: ["error_code"] }
  }),
  operations: (http) => {
    const health = http.operation({
      name: "auth.health",
      method: "GET",
      input: Schema.Void,
      output: ApolloSchemas.Health,
      request: () => ({ path: "/auth/health" })
    })
    const healthCheck = Effect.flatMap(health(undefined, VendorClient.probe), (answer) =>
      answer.is_logged_in === false
        ? Effect.fail(
          new IntegrationError({
            vendor: "Apollo",
            operation: "auth.health",
            reason: "Unauthorized",
            description: "Apollo says the API key is not logged in"
          })
        )
        : Effect.void)
    return { people: People.make(http), organizations: Organizations.make(http), healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context.
 * - `layer`: The client as a layer; registers an `apollo` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `APOLLO_API_KEY` (required, kept `Redacted`), `APOLLO_BASE_URL`
 *   (default `https://api.apollo.io/api/v1`). Every missing or malformed variable is reported at once, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(ApolloClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top.
 * - `layerTest`: A fake client: the given methods as they are; every other one fails naming itself.
 *
 * @example
 * ```ts
 * import { Effect, Option } from "effect"
 * import { ApolloClient } from "effect-integrations/apollo"
 *
 * const TestApollo = ApolloClient.layerTest({ people: { match: () => Effect.succeed(Option.none()) } })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Apollo
