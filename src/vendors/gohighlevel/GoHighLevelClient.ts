/**
 * The GoHighLevel (HighLevel API v2) client as an Effect service: contacts (get, create, update, delete, upsert, search
 * as a `Stream`), opportunities (create, get, update, status, delete, search, pipelines) and calendars (list, free
 * slots, appointments). It authenticates with a sub-account's private integration token or a Marketplace app's OAuth
 * tokens (refreshed before they expire, rotated refresh tokens stored first; an agency token exchanged for a location's
 * token), sends the `Version: 2021-07-28` header every v2 endpoint requires, reads the `X-RateLimit-*` burst and daily
 * headers, validates parameters before any I/O, and fails with `IntegrationError`.
 *
 * Sources: HighLevel's OpenAPI documents (GoHighLevel/highlevel-api-docs, `apps/*.json`) for paths, bodies and the
 * `Version` header; its "Authorization" guide for OAuth and the rate limits.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { GoHighLevelClient } from "effect-integrations/gohighlevel"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const ghl = yield* GoHighLevelClient.GoHighLevelClient
 *   const { contact } = yield* ghl.contacts.upsert({ locationId: "ve9EPM428h8vShlRW1KT", email: "jane@example.com" })
 *   return contact.id
 * })
 * // GHL_API_KEY (or GHL_CLIENT_ID and GHL_CLIENT_SECRET) from the environment.
 * const Live = GoHighLevelClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const runnable = program.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.3.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type * as OAuth2 from "../../core/OAuth2.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as GoHighLevelError from "./GoHighLevelError.js"
import type * as GoHighLevelOAuth from "./GoHighLevelOAuth.js"
import * as GoHighLevelRateLimits from "./GoHighLevelRateLimits.js"
import * as GoHighLevelSchemas from "./GoHighLevelSchemas.js"
import * as Auth from "./internal/auth.js"
import { API_VERSION, Id, invalid, VENDOR } from "./internal/operation.js"
import * as Calendars from "./resources/Calendars.js"
import * as Contacts from "./resources/Contacts.js"
import * as Opportunities from "./resources/Opportunities.js"

/**
 * @since 0.3.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://services.leadconnectorhq.com"

/**
 * The `Version` header value every v2 endpoint requires (the only value HighLevel's specs accept).
 *
 * @since 0.3.0
 * @category Constants
 */
export const VERSION = API_VERSION

/**
 * GoHighLevel's defaults, following its API guide (a burst limit of 100 requests per 10 seconds and 200,000 per day,
 * per app and location) and its lack of idempotency keys:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | searches of 500 contacts take seconds; 30 s bounds a stuck connection |
 * | retries | 3 (4 attempts) | enough to outlast one 10-second burst window |
 * | backoff | 1 s doubling, capped at 10 s (the burst window), each delay 50-100% of that | spreads retries across the window |
 * | retried: reads, searches, updates (PUT), deletes, `contacts.upsert` | network errors, timeouts, 429, 5xx | repeating them converges (a PUT sets the same values; an upsert finds what it wrote) |
 * | retried: `contacts.create`, `opportunities.create`, `appointments.create` | 429 only | **no idempotency keys**: a create that timed out may exist already (prefer `contacts.upsert`) |
 * | not retried | other 4xx; a 429 with `X-RateLimit-Daily-Remaining: 0` | a repeat cannot succeed before the daily quota resets |
 *
 * @since 0.3.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = { ...VendorClient.defaultPolicy, maxRetries: 3 }

/**
 * Per-call options: a `policy` override, extra `headers`, this call's `attemptStages`. There is no `idempotencyKey`:
 * GoHighLevel takes none.
 *
 * @since 0.3.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings (`baseUrl`, `policy`, `rateLimit`, `circuitBreaker`, ...), passed through unchanged, and the
 * location the health check reads. A `rateLimit` of `{ limit: 100, window: "10 seconds" }` (GoHighLevel's burst limit
 * per location) paces calls and adapts to the `X-RateLimit-Remaining` / `-Max` / `-Interval-Milliseconds` and
 * `X-RateLimit-Daily-Remaining` / `-Limit-Daily` headers.
 *
 * @since 0.3.0
 * @category Models
 */
export interface CommonOptions extends VendorClient.VendorOptions {
  /**
   * The location (sub-account) the health check reads (`GET /calendars/?locationId=`); with OAuth and an agency
   * install, `oauth.location.locationId` is used when this is absent.
   */
  readonly locationId?: string | undefined
}

/**
 * A sub-account's private integration token, or OAuth: a Marketplace app's settings (the client builds the OAuth
 * client over the `TokenStore` in context, or a memory one) or a token provider you built
 * (`GoHighLevelOAuth.make`, `GoHighLevelOAuth.locationTokens`). Giving both, or neither, is a `ConfigError` naming
 * `GoHighLevel.apiKey`.
 *
 * @since 0.3.0
 * @category Models
 */
export type Options =
  & CommonOptions
  & (
    | { readonly apiKey: VendorClient.SecretInput; readonly oauth?: undefined }
    | { readonly oauth: GoHighLevelOAuth.Options | HttpIntegration.TokenProvider; readonly apiKey?: undefined }
  )

/**
 * Its health check: a cheap authenticated read (`GET /calendars/?locationId=`, no retries) for readiness checks.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly contacts: Contacts.Api
  readonly opportunities: Opportunities.Api
  readonly calendars: Calendars.Api
  /**
   * The OAuth client when the client authenticates with a Marketplace app: `authorize` gives the install URL and its
   * `state`, `exchangeCode` stores the tokens from the redirect. `None` with a private integration token.
   */
  readonly oauth: Option.Option<OAuth2.Client>
}

/**
 * @since 0.3.0
 * @category Tags
 */
export class GoHighLevelClient extends Context.Tag("effect-integrations/GoHighLevelClient")<GoHighLevelClient, Service>() {}

const healthLocation = (options: Options): string | undefined =>
  options.locationId ??
    (options.oauth !== undefined && "clientId" in options.oauth ? options.oauth.location?.locationId : undefined)

/**
 * GoHighLevel as a vendor definition: a private integration token or OAuth (built before the pipeline, so the service
 * can expose the OAuth client), the `Version` header, the error bodies and the rate-limit headers.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const GoHighLevel = VendorClient.define(GoHighLevelClient, {
  vendor: VENDOR,
  baseUrl: { default: DEFAULT_BASE_URL, env: "GHL_BASE_URL" },
  config: Config.all({
    credential: Auth.credentialsConfig,
    locationId: Config.option(Config.nonEmptyString("GHL_LOCATION_ID"))
  }).pipe(Config.map(({ credential, locationId }) => ({ ...credential, locationId: locationId._tag === "Some" ? locationId.value : undefined }))),
  policy: defaultPolicy,
  validate: Auth.validate,
  setup: (options: Options) => Auth.authOf(options),
  definition: (_options, { auth }) => ({
    auth,
    headers: { version: API_VERSION },
    dialect: { refineError: GoHighLevelError.refineError, rateLimitHeaders: GoHighLevelRateLimits.parse }
  }),
  operations: (http, options, { oauth }): Service => {
    const calendars = http.operation({
      name: "calendars.list",
      method: "GET",
      input: Id,
      output: GoHighLevelSchemas.CalendarsResponse,
      request: (locationId) => ({ path: "/calendars/", query: { locationId } })
    })
    const location = healthLocation(options)
    return {
      contacts: Contacts.make(http),
      opportunities: Opportunities.make(http),
      calendars: Calendars.make(http),
      oauth,
      healthCheck: location === undefined
        ? Effect.fail(invalid("healthCheck", "the health check reads a location: set locationId (GHL_LOCATION_ID)"))
        : Effect.asVoid(calendars(location, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, as `VendorClient.Client` describes them. `make` reports a bad setting as a `ConfigError`
 * naming it (`GoHighLevel.baseUrl`, `GoHighLevel.apiKey`); `layer` registers a `gohighlevel` health check; `config`,
 * `fromEnv` and `layerConfig` read `GHL_API_KEY` (a private integration token), else the OAuth app's `GHL_CLIENT_ID`
 * and `GHL_CLIENT_SECRET` (with the optional `GHL_REDIRECT_URI`, and `GHL_COMPANY_ID` with `GHL_LOCATION_ID` for an
 * agency install), the optional `GHL_LOCATION_ID` and `GHL_BASE_URL`, naming every missing or malformed one in one
 * `ConfigError`, never its value; `layerTest` is a fake whose `oauth` is `None` unless given:
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { GoHighLevelClient } from "effect-integrations/gohighlevel"
 *
 * const TestGoHighLevel = GoHighLevelClient.layerTest({ contacts: { delete: () => Effect.void } })
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = GoHighLevel
