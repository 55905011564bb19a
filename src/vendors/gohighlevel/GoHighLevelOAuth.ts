/**
 * OAuth 2.0 for GoHighLevel Marketplace apps, on the kernel's `OAuth2` client: the install URL ("chooselocation"), the
 * code exchange and refreshes at `POST /oauth/token` (access tokens last a day; each refresh rotates the refresh token,
 * which the `TokenStore` keeps before the new access token is used), and the agency → location exchange at
 * `POST /oauth/locationToken`, whose location tokens are kept in the same store and exchanged again when they expire
 * or are refused. Sources: HighLevel's OpenAPI `apps/oauth.json` and its "Authorization" guide
 * (`docs/Authorization.md`).
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as OAuth2 from "../../core/OAuth2.js"
import { isHttpUrl } from "../internal/vendorConfig.js"
import * as GoHighLevelError from "./GoHighLevelError.js"
import * as GoHighLevelSchemas from "./GoHighLevelSchemas.js"
import { API_VERSION, Id, VENDOR } from "./internal/operation.js"

/**
 * Where an agency or location admin installs the app (the "standard Auth URL flow"; white-labelled agencies use
 * `https://marketplace.leadconnectorhq.com/oauth/chooselocation`).
 *
 * @since 0.3.0
 * @category Constants
 */
export const AUTHORIZE_URL = "https://marketplace.gohighlevel.com/oauth/chooselocation"

/**
 * @since 0.3.0
 * @category Constants
 */
export const TOKEN_BASE_URL = "https://services.leadconnectorhq.com"

/**
 * @since 0.3.0
 * @category Constants
 */
export const TOKEN_PATH = "/oauth/token"

/**
 * @since 0.3.0
 * @category Constants
 */
export const LOCATION_TOKEN_PATH = "/oauth/locationToken"

/**
 * The scopes the operations of `GoHighLevelClient` need, plus `oauth.write` for the location-token exchange.
 *
 * @since 0.3.0
 * @category Constants
 */
export const DEFAULT_SCOPES: ReadonlyArray<string> = [
  "contacts.readonly",
  "contacts.write",
  "opportunities.readonly",
  "opportunities.write",
  "calendars.readonly",
  "calendars/events.readonly",
  "calendars/events.write",
  "locations.readonly",
  "oauth.write"
]

/**
 * The location an agency (Company) token is exchanged for.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Location {
  readonly companyId: string
  readonly locationId: string
}

/**
 * A Marketplace app's settings. Defaults: `DEFAULT_SCOPES`, store key `gohighlevel`, `TOKEN_BASE_URL`,
 * `AUTHORIZE_URL`. The redirect URL is sent only when given (GoHighLevel knows the app's registered one).
 *
 * @since 0.3.0
 * @category Models
 */
export interface Options extends Omit<OAuth2.AppOptions, "policy"> {
  /**
   * With an agency install: the location to call. The client then exchanges the agency token for this location's
   * token (`POST /oauth/locationToken`) and calls with that. Without it, calls carry the installed token itself (a
   * location install).
   */
  readonly location?: Location | undefined
}

const app: OAuth2.App = {
  vendor: VENDOR,
  authorizeUrl: AUTHORIZE_URL,
  tokenBaseUrl: TOKEN_BASE_URL,
  tokenPath: TOKEN_PATH,
  scopes: DEFAULT_SCOPES,
  storeKey: "gohighlevel",
  // The chooselocation page refuses an authorize URL without it.
  authorizeParams: { response_type: "code" }
}

/**
 * An OAuth client for GoHighLevel whose tokens live in the `TokenStore` in context. Its `authorize` URL carries
 * `response_type=code`, which the chooselocation page requires.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<OAuth2.Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope | OAuth2.TokenStoreTag> =>
  OAuth2.makeApp(app, options)

/**
 * Location tokens exchanged from an agency token, as a token provider for the API pipeline. A location token is kept
 * in the `TokenStore` under `<storeKey>/location/<locationId>` until shortly before it expires; an expired or refused
 * one is exchanged again, once for all concurrent callers. A refused agency token is refreshed by `agency` itself.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const locationTokens = (
  agency: HttpIntegration.TokenProvider,
  location: Location,
  options: {
    readonly storeKey?: string | undefined
    readonly tokenBaseUrl?: string | undefined
    readonly refreshSkew?: Duration.DurationInput | undefined
    /** On top of the exchange's own (2 retries, 15 s per attempt); the client passes its `policy` option. */
    readonly policy?: HttpIntegration.PolicyInput | undefined
  } = {}
): Effect.Effect<
  HttpIntegration.TokenProvider,
  ConfigError.ConfigError,
  HttpClient.HttpClient | Scope.Scope | OAuth2.TokenStoreTag
> =>
  Effect.gen(function*() {
    const http = yield* HttpIntegration.make({
      vendor: VENDOR,
      baseUrl: options.tokenBaseUrl ?? TOKEN_BASE_URL,
      auth: HttpIntegration.token(agency),
      headers: { version: API_VERSION },
      policy: { maxRetries: 2, timeout: "15 seconds", ...options.policy },
      dialect: { refineError: GoHighLevelError.refineError }
    })
    const exchange = http.operation({
      name: "oauth.locationToken",
      method: "POST",
      // Asking again only mints another token for the same location: safe to retry.
      idempotent: true,
      input: Schema.Struct({ companyId: Id, locationId: Id }),
      output: GoHighLevelSchemas.LocationTokenResponse,
      request: (form) => ({ path: LOCATION_TOKEN_PATH, body: { _tag: "Form", entries: Object.entries(form) } })
    })
    return yield* OAuth2.makeTokenProvider({
      key: `${options.storeKey ?? app.storeKey}/location/${location.locationId}`,
      refreshSkew: options.refreshSkew,
      // An exchange spends nothing single-use (the agency token's own refresh takes the lock it needs), so processes
      // sharing the store need not wait for each other's.
      storeLock: false,
      issue: () =>
        Effect.gen(function*() {
          const answer = yield* exchange(location)
          const issuedAt = yield* Clock.currentTimeMillis
          return {
            accessToken: Redacted.make(answer.access_token),
            refreshToken: undefined,
            expiresAt: issuedAt + answer.expires_in * 1000
          }
        })
    })
  })

/**
 * The OAuth settings from the environment: `GHL_CLIENT_ID`, `GHL_CLIENT_SECRET` (kept `Redacted`, re-read through
 * `Credentials`), and the optional `GHL_REDIRECT_URI`, `GHL_COMPANY_ID` with `GHL_LOCATION_ID` (both or neither: the
 * location an agency token is exchanged for).
 *
 * @since 0.3.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.all({
  clientId: Config.nonEmptyString("GHL_CLIENT_ID"),
  clientSecret: Credentials.config("GHL_CLIENT_SECRET"),
  redirectUri: Config.option(
    Config.string("GHL_REDIRECT_URI").pipe(
      Config.validate({ message: "must be an http(s) URL", validation: isHttpUrl })
    )
  ),
  companyId: Config.option(Config.nonEmptyString("GHL_COMPANY_ID")),
  locationId: Config.option(Config.nonEmptyString("GHL_LOCATION_ID"))
}).pipe(
  Config.validate({
    message: "GHL_COMPANY_ID and GHL_LOCATION_ID go together",
    validation: ({ companyId, locationId }) => Option.isSome(companyId) === Option.isSome(locationId)
  }),
  Config.map(({ clientId, clientSecret, companyId, locationId, redirectUri }): Options => ({
    clientId,
    clientSecret,
    redirectUri: Option.getOrUndefined(redirectUri),
    location: Option.isSome(companyId) && Option.isSome(locationId)
      ? { companyId: companyId.value, locationId: locationId.value }
      : undefined
  }))
)
