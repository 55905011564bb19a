/** How `HubSpotClient` turns its options or the environment into credentials: a private-app token, or OAuth. */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Credentials from "../../../core/Credentials.js"
import type { Options } from "../HubSpotClient.js"
import * as HubSpotOAuth from "../HubSpotOAuth.js"
import * as TokenOrOAuth from "../../internal/tokenOrOAuth.js"

/** One way to authenticate: an access token or OAuth, reported on `HubSpot.accessToken`. */
export const validate = (options: Options) =>
  TokenOrOAuth.validate("accessToken", "private app", options.accessToken, options.oauth)

/** The auth for the pipeline, and the OAuth client when there is one. */
export const authOf = (options: Options) =>
  TokenOrOAuth.resolve(
    "HubSpotClient",
    options.accessToken,
    options.oauth,
    (settings) => Effect.map(HubSpotOAuth.make(settings), (client) => ({ client, provider: client }))
  )

const OAUTH_VARIABLES = ["HUBSPOT_CLIENT_ID", "HUBSPOT_CLIENT_SECRET", "HUBSPOT_REDIRECT_URI"] as const

type Credential = { readonly accessToken: Credentials.Secret } | { readonly oauth: HubSpotOAuth.Options }

/**
 * The credentials: the private-app token when `HUBSPOT_ACCESS_TOKEN` is set; else OAuth, whose three variables are all
 * required once any of them is set (each missing one named); else `HUBSPOT_ACCESS_TOKEN` is reported missing.
 */
export const credentialsConfig: Config.Config<Credential> = Config.all({
  accessToken: Config.option(Credentials.config("HUBSPOT_ACCESS_TOKEN")),
  oauth: Config.option(HubSpotOAuth.config),
  present: Config.all(OAUTH_VARIABLES.map((name) => Config.option(Config.string(name))))
}).pipe(
  Config.mapOrFail(({ accessToken, oauth, present }): Either.Either<Credential, ConfigError.ConfigError> => {
    if (Option.isSome(accessToken)) return Either.right({ accessToken: accessToken.value })
    if (Option.isSome(oauth)) return Either.right({ oauth: oauth.value })
    const missing = OAUTH_VARIABLES.filter((_, index) => Option.isNone(present[index]!)).map((name) =>
      ConfigError.MissingData([name], "required for OAuth with the other HUBSPOT_CLIENT_* variables")
    )
    const [first, ...rest] = missing
    if (first !== undefined && missing.length < OAUTH_VARIABLES.length) {
      return Either.left(rest.reduce<ConfigError.ConfigError>((acc, next) => ConfigError.And(acc, next), first))
    }
    return Either.left(
      ConfigError.MissingData(
        ["HUBSPOT_ACCESS_TOKEN"],
        "required unless HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and HUBSPOT_REDIRECT_URI are set for OAuth"
      )
    )
  })
)
