/** How `HubSpotClient` turns its options or the environment into credentials: a private-app token, or OAuth. */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../../core/Credentials.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as OAuth2 from "../../../core/OAuth2.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { Options } from "../HubSpotClient.js"
import * as HubSpotOAuth from "../HubSpotOAuth.js"

const isOAuthClient = (provider: HttpIntegration.TokenProvider): provider is OAuth2.Client =>
  "authorize" in provider && "exchangeCode" in provider

/** One way to authenticate: a caller (or a JavaScript one past the types) giving both or neither is told which. */
export const validate = (options: Options): ReadonlyArray<{ readonly setting: string; readonly message: string }> => {
  const given = [options.accessToken, options.oauth].filter((value) => value !== undefined).length
  return given === 1 ? [] : [{
    setting: "accessToken",
    message: given === 0 ? "give an accessToken (private app) or oauth settings" : "give an accessToken or oauth, not both"
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
  if (options.accessToken !== undefined) {
    return Effect.succeed({ auth: HttpIntegration.bearer(VendorClient.secret(options.accessToken)), oauth: Option.none() })
  }
  const oauth = options.oauth
  // `validate` has already refused options without either.
  if (oauth === undefined) return Effect.dieMessage("HubSpotClient: give an accessToken or oauth")
  if ("clientId" in oauth) {
    return Effect.map(HubSpotOAuth.makeWithDefaultStore(oauth), (client) => ({
      auth: HttpIntegration.token(client),
      oauth: Option.some(client)
    }))
  }
  return Effect.succeed({
    auth: HttpIntegration.token(oauth),
    oauth: isOAuthClient(oauth) ? Option.some(oauth) : Option.none()
  })
}

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
