/**
 * What a vendor that takes either a static token or OAuth settings does with them: check that exactly one is given, and
 * turn it into the pipeline's auth and, with OAuth, the client the app drives (`authorize`, `exchangeCode`).
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as OAuth2 from "../../core/OAuth2.js"
import * as VendorClient from "../../core/VendorClient.js"

/** The pipeline's auth, and the OAuth client when there is one. @internal */
export interface Resolved {
  readonly auth: HttpIntegration.Auth
  readonly oauth: Option.Option<OAuth2.Client>
}

/** OAuth settings carry a client id; a token provider given instead does not. */
interface Settings {
  readonly clientId: string
}

const isOAuthClient = (provider: HttpIntegration.TokenProvider): provider is OAuth2.Client =>
  "authorize" in provider && "exchangeCode" in provider

/**
 * One way to authenticate: a caller (or a JavaScript one past the types) giving both or neither is told which, on the
 * token's setting (`describe` says what the token is: `private app`). @internal
 */
export const validate = (
  setting: string,
  describe: string,
  token: unknown,
  oauth: unknown
): ReadonlyArray<{ readonly setting: string; readonly message: string }> => {
  const given = [token, oauth].filter((value) => value !== undefined).length
  return given === 1 ? [] : [{
    setting,
    message: given === 0 ? `give an ${setting} (${describe}) or oauth settings` : `give an ${setting} or oauth, not both`
  }]
}

/**
 * The auth: the token as a bearer; a token provider as it is; OAuth settings through `connect` (over the `TokenStore`
 * in context, else a memory one), which gives the client and the provider calls authenticate with. @internal
 */
export const resolve = <S extends Settings>(
  client: string,
  token: VendorClient.SecretInput | undefined,
  oauth: S | HttpIntegration.TokenProvider | undefined,
  connect: (settings: S) => Effect.Effect<
    { readonly client: OAuth2.Client; readonly provider: HttpIntegration.TokenProvider },
    ConfigError.ConfigError,
    HttpClient.HttpClient | Scope.Scope | OAuth2.TokenStoreTag
  >
): Effect.Effect<Resolved, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> => {
  if (token !== undefined) {
    return Effect.succeed({ auth: HttpIntegration.bearer(VendorClient.secret(token)), oauth: Option.none() })
  }
  // `validate` has already refused options without either.
  if (oauth === undefined) return Effect.dieMessage(`${client}: give a token or oauth`)
  if (!isSettings(oauth)) {
    return Effect.succeed({ auth: HttpIntegration.token(oauth), oauth: isOAuthClient(oauth) ? Option.some(oauth) : Option.none() })
  }
  return OAuth2.withStoreOrMemory(
    Effect.map(connect(oauth), (connected) => ({
      auth: HttpIntegration.token(connected.provider),
      oauth: Option.some(connected.client)
    }))
  )
}

const isSettings = <S extends Settings>(oauth: S | HttpIntegration.TokenProvider): oauth is S => "clientId" in oauth
