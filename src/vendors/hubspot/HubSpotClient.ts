/**
 * The HubSpot CRM client as an Effect service: contacts (create, read, update, archive, search as a `Stream`, batch
 * upsert with per-record results), companies, and contact → company associations. It authenticates with a private-app
 * access token or OAuth 2.0 (tokens refreshed single-flight, a 401 refreshes once and retries), validates parameters
 * before any I/O, and fails with `IntegrationError`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HubSpotClient } from "effect-integrations/hubspot"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const hubspot = yield* HubSpotClient.HubSpotClient
 *   const contact = yield* hubspot.contacts.create({ properties: { email: "jane@example.com", firstname: "Jane" } })
 *   return contact.id
 * })
 * const runnable = program.pipe(Effect.provide(HubSpotClient.layerConfig()), Effect.provide(UndiciTransport.layer()))
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type * as OAuth2 from "../../core/OAuth2.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as HubSpotError from "./HubSpotError.js"
import type * as HubSpotOAuth from "./HubSpotOAuth.js"
import * as HubSpotRateLimits from "./HubSpotRateLimits.js"
import * as HubSpotSchemas from "./HubSpotSchemas.js"
import * as Auth from "./internal/auth.js"
import * as Associations from "./resources/Associations.js"
import * as Companies from "./resources/Companies.js"
import * as Contacts from "./resources/Contacts.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.hubapi.com"

/**
 * The response headers HubSpot reports its quotas in: `x-hubspot-ratelimit-max` and `-remaining` per
 * `-interval-milliseconds` (the 10-second rolling window: 100 or 190 requests per app and account depending on the
 * tier), `-secondly` and `-secondly-remaining`, and `-daily` / `-daily-remaining`. The search endpoints send none and
 * allow 5 requests per second per account. A `rateLimit` option on the client paces calls and adapts to these headers.
 *
 * @since 0.1.0
 * @category Constants
 */
export const RATE_LIMIT_HEADERS = [
  "x-hubspot-ratelimit-max",
  "x-hubspot-ratelimit-remaining",
  "x-hubspot-ratelimit-interval-milliseconds",
  "x-hubspot-ratelimit-secondly",
  "x-hubspot-ratelimit-secondly-remaining",
  "x-hubspot-ratelimit-daily",
  "x-hubspot-ratelimit-daily-remaining"
] as const

/**
 * HubSpot's defaults, following its API usage guidelines (limits per 10-second rolling window, 429s to be retried
 * after a pause) and the retries of HubSpot's own clients:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | batch upserts of 100 records can take seconds |
 * | retries | 3 (4 attempts) | HubSpot's Node client allows up to 6; 3 covers a rolling-window 429 |
 * | backoff | 1 s doubling, capped at 10 s (the rolling window), each delay 50-100% of that | spreads retries across the window |
 * | retried: reads, `contacts.search`, `contacts.update`, `contacts.archive`, `contacts.batchUpsert`, `associations.contactToCompany` | network errors, timeouts, 429, 423, 5xx | repeating them converges (a search reads; PATCH sets the same values; upsert finds what it wrote; PUT/DELETE) |
 * | retried: `contacts.create`, `companies.create` | 429 and 423 only | **HubSpot has no idempotency keys**: a create that timed out may exist already |
 * | not retried | other 4xx; a 429 for the `DAILY` limit | a repeat cannot succeed before the quota resets |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = { ...VendorClient.defaultPolicy, maxRetries: 3 }

/**
 * Per-call options: a `policy` override, extra `headers`, this call's `attemptStages`. There is no `idempotencyKey`:
 * HubSpot has none, and the pipeline declares no idempotency header, so a key could never make a create safe to retry.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings (`baseUrl`, `policy`, `rateLimit`, `circuitBreaker`, `bulkhead`, `retryBudget`, ...), passed
 * through unchanged. A `rateLimit` (e.g. `{ limit: 100, window: "10 seconds" }`, your account's limit) paces calls and
 * adapts to HubSpot's `x-hubspot-ratelimit-*` headers.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CommonOptions extends VendorClient.VendorOptions {}

/**
 * A private app's access token (`pat-...`), or OAuth: the settings of a public app (the client builds the OAuth
 * client, with the `TokenStore` in context or a memory one) or a token provider you built (`HubSpotOAuth.make`).
 * Giving both, or neither, is a `ConfigError` naming `HubSpot.accessToken`.
 *
 * @since 0.1.0
 * @category Models
 */
export type Options =
  & CommonOptions
  & (
    | { readonly accessToken: VendorClient.SecretInput; readonly oauth?: undefined }
    | { readonly oauth: HubSpotOAuth.Options | HttpIntegration.TokenProvider; readonly accessToken?: undefined }
  )

/**
 * Its health check: a cheap authenticated read (`GET /crm/v3/objects/contacts?limit=1`, no retries) for readiness
 * checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly contacts: Contacts.Api
  readonly companies: Companies.Api
  readonly associations: Associations.Api
  /**
   * The OAuth client when the client authenticates with OAuth: `authorize` gives the install URL and its `state`,
   * `exchangeCode` stores the tokens from the redirect. `None` with a private-app token.
   */
  readonly oauth: Option.Option<OAuth2.Client>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class HubSpotClient extends Context.Tag("effect-integrations/HubSpotClient")<HubSpotClient, Service>() {}

/**
 * HubSpot as a vendor definition: a private-app token or OAuth (built before the pipeline, so the service can expose
 * the OAuth client), HubSpot's correlation id, error categories and rate-limit headers.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const HubSpot = VendorClient.define(HubSpotClient, {
  vendor: "HubSpot",
  baseUrl: { default: DEFAULT_BASE_URL, env: "HUBSPOT_BASE_URL" },
  config: Auth.credentialsConfig,
  policy: defaultPolicy,
  validate: Auth.validate,
  setup: (options: Options) => Auth.authOf(options),
  definition: (_options, { auth }) => ({
    auth,
    dialect: {
      requestIdHeaders: ["x-hubspot-correlation-id"],
      refineError: HubSpotError.refineError,
      errorDetails: ["category", "subCategory"],
      rateLimitHeaders: HubSpotRateLimits.parse
    }
  }),
  operations: (http, _options, { oauth }): Service => {
    const page = http.operation({
      name: "contacts.list",
      method: "GET",
      input: Schema.Struct({ limit: Schema.Int.pipe(Schema.between(1, 100)) }),
      output: HubSpotSchemas.ObjectPage,
      request: ({ limit }) => ({ path: "/crm/v3/objects/contacts", query: { limit } })
    })
    return {
      contacts: Contacts.make(http),
      companies: Companies.make(http),
      associations: Associations.make(http),
      oauth,
      healthCheck: Effect.asVoid(page({ limit: 1 }, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, as `VendorClient.Client` describes them. `make` reports a bad setting as a `ConfigError`
 * naming it (`HubSpot.baseUrl`, `HubSpot.accessToken`); `layer` registers a `hubspot` health check; `config`, `fromEnv`
 * and `layerConfig` read `HUBSPOT_ACCESS_TOKEN` (a private app's token), else the OAuth app's `HUBSPOT_CLIENT_ID`,
 * `HUBSPOT_CLIENT_SECRET` and `HUBSPOT_REDIRECT_URI`, and `HUBSPOT_BASE_URL`, naming every missing or malformed one in
 * one `ConfigError`, never its value; `layerTest` is a fake whose `oauth` is `None` unless given:
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HubSpotClient } from "effect-integrations/hubspot"
 *
 * const TestHubSpot = HubSpotClient.layerTest({ contacts: { archive: () => Effect.void } })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = HubSpot
