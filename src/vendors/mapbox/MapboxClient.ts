/**
 * The Mapbox client as an Effect service: Geocoding v6 (forward, reverse, batch), Directions v5 and Matrix v1. The
 * access token travels as `access_token` in the query, as Mapbox requires: it is added to each attempt's request
 * alone, so it never reaches a span's `url.full`, a log or an error. `X-Rate-Limit-*` headers feed a limiter you give.
 *
 * Facts from docs.mapbox.com/api: base URL `https://api.mapbox.com` and `access_token` ("Access tokens"), the
 * endpoints and limits (Geocoding v6, Directions, Matrix reference pages), the rate-limit headers ("Rate limits"), the
 * default per-minute limits (Geocoding 1,000, Directions 300, Matrix 60) and the Tokens API used by the health check.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { MapboxClient } from "effect-integrations/mapbox"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const mapbox = yield* MapboxClient.MapboxClient
 *   const found = yield* mapbox.geocoding.forward({ q: "2 Lincoln Memorial Circle SW", limit: 1 })
 *   const [first] = found.features
 *   return first?.properties.full_address
 * })
 *
 * // MAPBOX_ACCESS_TOKEN from the environment.
 * const Live = MapboxClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const address = program.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as MapboxError from "./MapboxError.js"
import * as MapboxSchemas from "./MapboxSchemas.js"
import * as Geocoding from "./resources/Geocoding.js"
import * as Navigation from "./resources/Navigation.js"

/**
 * @since 0.2.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.mapbox.com"

/**
 * Mapbox's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | a geocode answers in milliseconds; a 1,000-query batch or a 25-point matrix takes seconds |
 * | retries | 2 (3 attempts) | enough for a blip; Mapbox counts every attempt against the per-minute limit |
 * | backoff | 1 s doubling, capped at 10 s, each delay 50-100% of that | limits are per minute: a 429 waits until `X-Rate-Limit-Reset` instead |
 * | retried | network errors, timeouts, 429 (until the reset), 5xx | a later attempt may succeed; every operation is a read |
 * | not retried | 401 invalid token, 403 scope or URL restriction, 422 `InvalidInput`, 404 `ProfileNotFound`, 200 `NoRoute` | a repeat cannot succeed |
 * | idempotency | none needed | every operation is a lookup: the batch POST is marked idempotent |
 *
 * @since 0.2.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * Per-call options: a `policy` override, extra `headers`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`) and the token. Give `rateLimit` (your token's limit per minute,
 * e.g. `{ limit: 1000, window: "1 minute" }` for geocoding) and Mapbox's `X-Rate-Limit-Limit` / `X-Rate-Limit-Reset`
 * headers pace it, a 429 pausing every caller until the reset.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A Mapbox access token (`pk.…` or `sk.…`) with the scopes of the APIs used. */
  readonly accessToken: VendorClient.SecretInput
}

/**
 * Its health check: `GET /tokens/v2` (the Tokens API's check of the token itself: free, any scope), no retries, 5 s.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly geocoding: Geocoding.Api
  readonly directions: Navigation.DirectionsApi
  readonly matrix: Navigation.MatrixApi
}

/**
 * @since 0.2.0
 * @category Tags
 */
export class MapboxClient extends Context.Tag("effect-integrations/MapboxClient")<MapboxClient, Service>() {}

/**
 * Mapbox as a vendor definition: the token as `access_token` in the query, Mapbox's error bodies and rate-limit
 * headers.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Mapbox = VendorClient.define(MapboxClient, {
  vendor: "Mapbox",
  baseUrl: { default: DEFAULT_BASE_URL, env: "MAPBOX_BASE_URL" },
  // The name Mapbox's own docs and SDK examples read.
  config: Config.all({ accessToken: Credentials.config("MAPBOX_ACCESS_TOKEN") }),
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.query("access_token", VendorClient.secret(options.accessToken)),
    dialect: { refineError: MapboxError.refineError, rateLimitHeaders: MapboxError.rateLimitHeaders }
  }),
  operations: (http) => {
    const token = http.operation({
      name: "tokens.check",
      method: "GET",
      input: Schema.Void,
      output: MapboxSchemas.TokenCheck,
      request: () => ({ path: "/tokens/v2" })
    })
    const healthCheck = Effect.flatMap(
      token(undefined, VendorClient.probe),
      ({ code }) =>
        code === "TokenValid" ? Effect.void : Effect.fail(
          new IntegrationError({
            vendor: http.vendor,
            operation: "tokens.check",
            reason: "Unauthorized",
            description: `Mapbox reports the token as ${/^[A-Za-z]{1,32}$/.test(code) ? code : "not valid"}`
          })
        )
    )
    return { geocoding: Geocoding.make(http), ...Navigation.make(http), healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context. A bad setting is a `ConfigError` naming it
 *   (`Mapbox.baseUrl`).
 * - `layer`: The client as a layer; registers a `mapbox` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `MAPBOX_ACCESS_TOKEN` (required, kept `Redacted`, re-read through
 *   `Credentials`), `MAPBOX_BASE_URL` (default `https://api.mapbox.com`). Every missing or malformed variable is
 *   reported at once, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(MapboxClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MapboxClient } from "effect-integrations/mapbox"
 *
 * const TestMapbox = MapboxClient.layerTest({
 *   geocoding: { forward: () => Effect.succeed({ type: "FeatureCollection", features: [] }) }
 * })
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Mapbox
