/** How `GoHighLevelClient` turns its options or the environment into credentials: a private integration token, or OAuth. */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../../core/Credentials.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as OAuth2 from "../../../core/OAuth2.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { Options } from "../GoHighLevelClient.js"
import * as GoHighLevelOAuth from "../GoHighLevelOAuth.js"

const isOAuthClient = (provider: HttpIntegration.TokenProvider): provider is OAuth2.Client =>
  "authorize" in provider && "exchangeCode" in provider

/** One way to authenticate: giving both or neither is reported on `GoHighLevel.apiKey`. */
export const validate = (options: Options): ReadonlyArray<{ readonly setting: string; readonly message: string }> => {
  const given = [options.apiKey, options.oauth].filter((value) => value !== undefined).length
  return given === 1 ? [] : [{
    setting: "apiKey",
    message: given === 0 ? "give an apiKey (private integration token) or oauth settings" : "give an apiKey or oauth, not both"
  }]
}

/** The auth for the pipeline, and the OAuth client when there is one. */
export const authOf = (
  options: Options
): Effect.Effect<
  { readonly auth: HttpIntegration.Auth; readonly oauth: Option.Option<OAuth2.Client> },
  ConfigError.ConfigError,
  HttpClient.HttpClient | Scope.Scope
> => {
  if (options.apiKey !== undefined) {
    return Effect.succeed({ auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)), oauth: Option.none() })
  }
  const oauth = options.oauth
  // `validate` has already refused options without either.
  if (oauth === undefined) return Effect.dieMessage("GoHighLevelClient: give an apiKey or oauth")
  if (!("clientId" in oauth)) {
    return Effect.succeed({ auth: HttpIntegration.token(oauth), oauth: isOAuthClient(oauth) ? Option.some(oauth) : Option.none() })
  }
  return OAuth2.withStoreOrMemory(Effect.gen(function*() {
    const client = yield* GoHighLevelOAuth.make(oauth)
    const provider = oauth.location === undefined
      ? client
      : yield* GoHighLevelOAuth.locationTokens(client, oauth.location, {
        storeKey: oauth.storeKey,
        tokenBaseUrl: oauth.tokenBaseUrl,
        refreshSkew: oauth.refreshSkew,
        policy: options.policy
      })
    return { auth: HttpIntegration.token(provider), oauth: Option.some(client) }
  }))
}

type Credential = { readonly apiKey: Credentials.Secret } | { readonly oauth: GoHighLevelOAuth.Options }

/**
 * The credentials: the private integration token when `GHL_API_KEY` is set; else OAuth when `GHL_CLIENT_ID` or
 * `GHL_CLIENT_SECRET` is (both then required, each missing one named); else `GHL_API_KEY` is reported missing.
 */
export const credentialsConfig: Config.Config<Credential> = Config.all({
  apiKey: Config.option(Credentials.config("GHL_API_KEY")),
  oauth: Config.option(GoHighLevelOAuth.config),
  clientId: Config.option(Config.string("GHL_CLIENT_ID")),
  clientSecret: Config.option(Config.string("GHL_CLIENT_SECRET"))
}).pipe(
  Config.mapOrFail(({ apiKey, clientId, clientSecret, oauth }): Either.Either<Credential, ConfigError.ConfigError> => {
    if (Option.isSome(apiKey)) return Either.right({ apiKey: apiKey.value })
    if (Option.isSome(oauth)) return Either.right({ oauth: oauth.value })
    if (Option.isSome(clientId) !== Option.isSome(clientSecret)) {
      const missing = Option.isSome(clientId) ? "GHL_CLIENT_SECRET" : "GHL_CLIENT_ID"
      return Either.left(ConfigError.MissingData([missing], "required for OAuth with the other GHL_CLIENT_* variable"))
    }
    return Either.left(
      ConfigError.MissingData(["GHL_API_KEY"], "required unless GHL_CLIENT_ID and GHL_CLIENT_SECRET are set for OAuth")
    )
  })
)
