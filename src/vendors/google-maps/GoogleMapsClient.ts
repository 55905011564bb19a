/**
 * The Google Maps Platform client as an Effect service: Geocoding (forward, reverse), Places API (New) (Text Search
 * with paging as a `Stream`, Nearby Search, Details, Autocomplete, Photo media) and Routes v2 (Compute Routes, Route
 * Matrix). Places and Routes get the key in `X-Goog-Api-Key`; Geocoding, which takes it only as `?key=`, gets it on
 * each attempt's request alone, so it never reaches a span's `url.full`, a log or an error. Field masks are typed input
 * (`fields`), sent as `X-Goog-FieldMask`.
 *
 * Facts from Google's documentation: hosts and paths from googlemaps/openapi-specification (Geocoding), the Places v1
 * Discovery document and the Routes v2 protos; `X-Goog-Api-Key` and `X-Goog-FieldMask` from the Places (New) and Routes
 * "choose fields to return" guides; the error envelope and retry guidance from AIP-193 and AIP-194.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { GoogleMapsClient } from "effect-integrations/google-maps"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const maps = yield* GoogleMapsClient.GoogleMapsClient
 *   const [home] = yield* maps.geocoding.geocode({ address: "1600 Amphitheatre Parkway, Mountain View" })
 *   const cafes = yield* maps.places.searchText({ textQuery: "coffee near Mountain View", fields: ["id", "displayName"] })
 *   return { home, cafes: cafes.places }
 * })
 *
 * // GOOGLE_MAPS_API_KEY from the environment.
 * const Live = GoogleMapsClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const found = program.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as GoogleMapsError from "./GoogleMapsError.js"
import * as Geocoding from "./resources/Geocoding.js"
import * as Places from "./resources/Places.js"
import * as Routes from "./resources/Routes.js"

/**
 * The Places API (New) host, the client's `baseUrl`.
 *
 * @since 0.2.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://places.googleapis.com"

/**
 * @since 0.2.0
 * @category Constants
 */
export const GEOCODING_BASE_URL = "https://maps.googleapis.com"

/**
 * @since 0.2.0
 * @category Constants
 */
export const ROUTES_BASE_URL = "https://routes.googleapis.com"

/**
 * Google Maps' defaults, following Google's guidance:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | Geocoding and Places answer in well under a second; a 625-element Route Matrix takes seconds |
 * | retries | 3 (4 attempts) | AIP-194: `UNAVAILABLE` and `RESOURCE_EXHAUSTED` are worth retrying with backoff |
 * | backoff | 1 s doubling, capped at 16 s, each delay 50-100% of that | Google's Geocoding best practices: exponential backoff from about a second |
 * | retried | network errors, timeouts, 429 / `RESOURCE_EXHAUSTED`, 5xx / `UNAVAILABLE` / `INTERNAL`, Geocoding `OVER_QUERY_LIMIT` and `UNKNOWN_ERROR` | a later attempt may succeed; every call is a read, safe to repeat |
 * | not retried | `INVALID_ARGUMENT`, `PERMISSION_DENIED`, a bad key, Geocoding `REQUEST_DENIED` and `INVALID_REQUEST` | a repeat cannot succeed |
 * | idempotency | none needed | every operation is a lookup or a computation: the POSTs (searches, routes) are marked idempotent |
 *
 * @since 0.2.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  ...VendorClient.defaultPolicy,
  maxRetries: 3,
  maxDelay: "16 seconds"
}

/**
 * Per-call options: a `policy` override, extra `headers`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`) and the key. Each Google API (Geocoding, Places, Routes) is its
 * own pipeline with its own circuit breaker, and its own rate limiter when `rateLimit` is given as options, since
 * Google's quotas are per API; give `circuitBreaker` or `rateLimit` as an instance to share one. Google sends no
 * rate-limit headers; a 429 (`RESOURCE_EXHAUSTED`) pauses the limiter for its `Retry-After` when there is one.
 *
 * `baseUrl` (`GOOGLE_MAPS_BASE_URL`) is the Places host; set to anything else (a proxy, the simulator), it serves all
 * three APIs, unless `geocodingBaseUrl` or `routesBaseUrl` say otherwise.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A Google Maps Platform API key (`AIza...`) with the Geocoding, Places (New) and Routes APIs enabled. */
  readonly apiKey: VendorClient.SecretInput
  readonly geocodingBaseUrl?: string | undefined
  readonly routesBaseUrl?: string | undefined
}

/**
 * Its health check: a cheap authenticated read (Place Details of one place asking only for its `id`, an IDs-only field
 * mask; no retries, 5 s) for readiness checks.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly geocoding: Geocoding.Api
  readonly places: Places.Api
  readonly routes: Routes.Api
}

/**
 * @since 0.2.0
 * @category Tags
 */
export class GoogleMapsClient extends Context.Tag("effect-integrations/GoogleMapsClient")<GoogleMapsClient, Service>() {}

const VENDOR = "GoogleMaps"
const dialect: HttpIntegration.Dialect = { refineError: GoogleMapsError.refineError }
const keyHeader = (options: Options) => HttpIntegration.header("X-Goog-Api-Key", VendorClient.secret(options.apiKey))

/** A place id Google uses in its own examples (Google Sydney), for the health check. */
const HEALTH_PLACE = "ChIJN1t_tDeuEmsRUsoyG83frY4"

const defined = <A extends object>(value: A): Partial<A> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<A>

/** The Geocoding and Routes pipelines, on the same settings as the Places one the kit builds. */
const pipelines = (options: Options) =>
  Effect.gen(function*() {
    const shared = options.baseUrl !== undefined && options.baseUrl !== DEFAULT_BASE_URL ? options.baseUrl : undefined
    const pipeline = (baseUrl: string, auth: HttpIntegration.Auth) =>
      HttpIntegration.make({
        vendor: VENDOR,
        baseUrl,
        auth,
        headers: options.headers,
        dialect,
        policy: { ...defaultPolicy, ...defined(options.policy ?? {}) },
        attemptPolicy: options.attemptPolicy,
        attemptStages: options.attemptStages,
        circuitBreaker: options.circuitBreaker,
        rateLimit: options.rateLimit,
        bulkhead: options.bulkhead,
        retryBudget: options.retryBudget,
        propagateTraceContext: options.propagateTraceContext,
        observeResponse: options.observeResponse
      })
    return {
      // Geocoding takes the key only as `?key=`: the kernel adds it per attempt and replaces it in recorded URLs.
      geocoding: yield* pipeline(
        options.geocodingBaseUrl ?? shared ?? GEOCODING_BASE_URL,
        HttpIntegration.query("key", VendorClient.secret(options.apiKey))
      ),
      routes: yield* pipeline(options.routesBaseUrl ?? shared ?? ROUTES_BASE_URL, keyHeader(options))
    }
  })

/**
 * Google Maps Platform as a vendor definition: the key in `X-Goog-Api-Key` (in `?key=` for Geocoding), Google's error
 * envelope read by `GoogleMapsError.refineError`.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const GoogleMaps = VendorClient.define(GoogleMapsClient, {
  vendor: VENDOR,
  baseUrl: { default: DEFAULT_BASE_URL, env: "GOOGLE_MAPS_BASE_URL" },
  // The name Google's own samples and the Maps SDKs' server examples read.
  config: Config.all({ apiKey: Credentials.config("GOOGLE_MAPS_API_KEY") }),
  policy: defaultPolicy,
  setup: pipelines,
  definition: (options: Options) => ({ auth: keyHeader(options), dialect }),
  operations: (http, _options, setup) => {
    const places = Places.make(http)
    const healthCheck = places.details(
      { placeId: HEALTH_PLACE, fields: ["id"] },
      VendorClient.probe
    ).pipe(Effect.asVoid)
    return { geocoding: Geocoding.make(setup.geocoding), places, routes: Routes.make(setup.routes), healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context: one pipeline per Google API. A bad setting is a
 *   `ConfigError` naming it (`GoogleMaps.baseUrl`, `GoogleMaps.policy.timeout`).
 * - `layer`: The client as a layer; registers a `googlemaps` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `GOOGLE_MAPS_API_KEY` (required, kept `Redacted` and re-read through
 *   `Credentials`), `GOOGLE_MAPS_BASE_URL` (default `https://places.googleapis.com`). Every missing or malformed
 *   variable is reported in one `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(GoogleMapsClient.fromEnv,
 *   ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { GoogleMapsClient } from "effect-integrations/google-maps"
 *
 * const TestMaps = GoogleMapsClient.layerTest({ geocoding: { geocode: () => Effect.succeed([]) } })
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = GoogleMaps
