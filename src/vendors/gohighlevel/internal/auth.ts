/** How `GoHighLevelClient` turns its options or the environment into credentials: a private integration token, or OAuth. */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Credentials from "../../../core/Credentials.js"
import type { Options } from "../GoHighLevelClient.js"
import * as GoHighLevelOAuth from "../GoHighLevelOAuth.js"
import * as TokenOrOAuth from "../../internal/tokenOrOAuth.js"

/** One way to authenticate: a private integration token or OAuth, reported on `GoHighLevel.apiKey`. */
export const validate = (options: Options) =>
  TokenOrOAuth.validate("apiKey", "private integration token", options.apiKey, options.oauth)

/** The auth for the pipeline (with an agency install, the location's token), and the OAuth client when there is one. */
export const authOf = (options: Options) =>
  TokenOrOAuth.resolve("GoHighLevelClient", options.apiKey, options.oauth, (settings) =>
    Effect.gen(function*() {
      const client = yield* GoHighLevelOAuth.make(settings)
      const provider = settings.location === undefined
        ? client
        : yield* GoHighLevelOAuth.locationTokens(client, settings.location, {
          storeKey: settings.storeKey,
          tokenBaseUrl: settings.tokenBaseUrl,
          refreshSkew: settings.refreshSkew,
          policy: options.policy
        })
      return { client, provider }
    }))

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
