/**
 * OAuth 2.0 for HubSpot public apps, on the kernel's `OAuth2` client: the install URL (with an unguessable `state`),
 * the code exchange at `/oauth/v1/token`, and access tokens (30 minutes at HubSpot) refreshed before they expire,
 * single-flight, with a rotated refresh token stored before use. Give the result to `HubSpotClient` as `oauth`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as OAuth2 from "../../core/OAuth2.js"
import { VENDOR } from "./internal/operation.js"
import { isHttpUrl } from "../internal/vendorConfig.js"

/**
 * Where users approve the app (from HubSpot's OpenAPI security scheme).
 *
 * @since 0.1.0
 * @category Constants
 */
export const AUTHORIZE_URL = "https://app.hubspot.com/oauth/authorize"

/**
 * @since 0.1.0
 * @category Constants
 */
export const TOKEN_BASE_URL = "https://api.hubapi.com"

/**
 * @since 0.1.0
 * @category Constants
 */
export const TOKEN_PATH = "/oauth/v1/token"

/**
 * The scopes the operations of `HubSpotClient` need: contacts read/write, companies read/write.
 *
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_SCOPES: ReadonlyArray<string> = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.companies.read",
  "crm.objects.companies.write"
]

/**
 * A HubSpot public app's settings. Defaults: `DEFAULT_SCOPES`, store key `hubspot`, `TOKEN_BASE_URL`,
 * `AUTHORIZE_URL`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OAuth2.AppOptions {
  /** Must match a redirect URL of the app exactly. */
  readonly redirectUri: string
}

const app: OAuth2.App = {
  vendor: VENDOR,
  authorizeUrl: AUTHORIZE_URL,
  tokenBaseUrl: TOKEN_BASE_URL,
  tokenPath: TOKEN_PATH,
  scopes: DEFAULT_SCOPES,
  storeKey: "hubspot"
}

/**
 * An OAuth client for HubSpot whose tokens live in the `TokenStore` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<OAuth2.Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope | OAuth2.TokenStoreTag> =>
  OAuth2.makeApp(app, options)

/**
 * Like `make`, with the `TokenStore` in context when there is one, else a memory store of its own. A memory store
 * forgets the tokens on restart (the account must then be connected again): provide a persistent store in production.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeWithDefaultStore = (
  options: Options
): Effect.Effect<OAuth2.Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  OAuth2.withStoreOrMemory(make(options))

/**
 * The OAuth settings from the environment: `HUBSPOT_CLIENT_ID`, `HUBSPOT_CLIENT_SECRET` (kept `Redacted`, re-read
 * through `Credentials`) and `HUBSPOT_REDIRECT_URI`, each reported by name when missing.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.all({
  clientId: Config.nonEmptyString("HUBSPOT_CLIENT_ID"),
  clientSecret: Credentials.config("HUBSPOT_CLIENT_SECRET"),
  redirectUri: Config.string("HUBSPOT_REDIRECT_URI").pipe(
    Config.validate({ message: "must be an http(s) URL", validation: isHttpUrl })
  )
})
