/**
 * OAuth2 authorization-code clients: the authorize URL with a `state`, the code exchange, and access tokens refreshed
 * before they expire. A refresh is single-flight (concurrent callers share it) and a rotated refresh token is persisted
 * through a `TokenStore` before anyone uses the new access token, so a crash never loses the only valid refresh token.
 * A vendor declares its app once (`App`, `makeApp`); any other token grant renews through `makeTokenProvider`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import type * as Credentials from "./Credentials.js"
import type * as HttpIntegration from "./HttpIntegration.js"
import type { IntegrationError } from "./IntegrationError.js"
import * as internal from "./internal/oauth2.js"
import type * as VendorClient from "./VendorClient.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Tokens {
  readonly accessToken: Redacted.Redacted<string>
  readonly refreshToken: Redacted.Redacted<string> | undefined
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

/**
 * Where tokens live between calls and across restarts (memory here; Redis or a database for several processes). A
 * shared store may fail (its backend is down and it fails closed); it says so with an `IntegrationError`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface TokenStore {
  readonly get: (key: string) => Effect.Effect<Option.Option<Tokens>, IntegrationError>
  readonly set: (key: string, tokens: Tokens) => Effect.Effect<void, IntegrationError>
  /**
   * Runs `effect` while holding a lock on `key` that every process sharing the store respects. When present, each
   * refresh runs inside it, so processes sharing one refresh token never refresh concurrently (a rotated refresh
   * token used twice is revoked by many vendors). Within one process refreshes are single-flight either way.
   */
  readonly withLock?:
    | (<A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>)
    | undefined
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class TokenStoreTag extends Context.Tag("effect-integrations/OAuth2/TokenStore")<TokenStoreTag, TokenStore>() {}

/**
 * @since 0.1.0
 * @category Stores
 */
export const makeMemoryStore: Effect.Effect<TokenStore> = Effect.map(
  Ref.make(new Map<string, Tokens>()),
  (ref) => ({
    get: (key) => Effect.map(Ref.get(ref), (map) => Option.fromNullable(map.get(key))),
    set: (key, tokens) => Ref.update(ref, (map) => new Map(map).set(key, tokens))
  })
)

/**
 * The `TokenStore` in context, or, when none is provided, a memory store of its own (tokens then last as long as the
 * process: provide a persistent store in production).
 *
 * @since 0.3.0
 * @category Stores
 */
export const storeOrMemory: Effect.Effect<TokenStore> = Effect.flatMap(
  Effect.serviceOption(TokenStoreTag),
  (found) => Option.isSome(found) ? Effect.succeed(found.value) : makeMemoryStore
)

/**
 * Runs an effect that needs a `TokenStore` over `storeOrMemory`.
 *
 * @since 0.3.0
 * @category Stores
 */
export const withStoreOrMemory = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, Exclude<R, TokenStoreTag>> =>
  Effect.flatMap(storeOrMemory, (store) => Effect.provideService(effect, TokenStoreTag, store))

/**
 * @since 0.1.0
 * @category Layers
 */
export const layerMemoryStore: Layer.Layer<TokenStoreTag> = Layer.effect(TokenStoreTag, makeMemoryStore)

/**
 * How tokens are renewed by `makeTokenProvider`.
 *
 * @since 0.3.0
 * @category Models
 */
export interface TokenProviderOptions {
  /** Where the tokens live in the `TokenStore`. */
  readonly key: string
  /**
   * Obtains new tokens, given what the store holds (nothing, tokens about to expire, or tokens holding the refused
   * access token). The provider stores what it returns before handing the access token out.
   */
  readonly issue: (current: Option.Option<Tokens>) => Effect.Effect<Tokens, IntegrationError>
  /** Renew this long before expiry. Default 60 s. */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /**
   * Whether a renewal also holds the store's lock (`TokenStore.withLock`, when it has one), so that processes sharing
   * the store renew once between them. Needed when `issue` spends something single-use, such as a rotating refresh
   * token. Default `true`.
   */
  readonly storeLock?: boolean | undefined
}

/**
 * A token provider over the `TokenStore` in context: `get` hands out the stored access token until `refreshSkew`
 * before it expires, then renews it with `issue`, once for all concurrent callers (who wait for that renewal and read
 * its result); `refresh` renews a refused token, unless another caller has already replaced it. A `refreshSkew` that is
 * not a finite, non-negative duration is a `ConfigError` under the provider's `key`.
 *
 * @example
 * ```ts
 * import { Clock, Effect, Redacted } from "effect"
 * import { IntegrationError, OAuth2 } from "effect-integrations"
 *
 * // A grant that needs no stored refresh token, such as client credentials.
 * declare const clientCredentials: Effect.Effect<
 *   { readonly access_token: string; readonly expires_in: number },
 *   IntegrationError.IntegrationError
 * >
 *
 * const provider = OAuth2.makeTokenProvider({
 *   key: "acme/client-credentials",
 *   issue: () =>
 *     Effect.gen(function*() {
 *       const answer = yield* clientCredentials
 *       const now = yield* Clock.currentTimeMillis
 *       return {
 *         accessToken: Redacted.make(answer.access_token),
 *         refreshToken: undefined,
 *         expiresAt: now + answer.expires_in * 1000
 *       }
 *     })
 * }).pipe(Effect.provide(OAuth2.layerMemoryStore))
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const makeTokenProvider = (
  options: TokenProviderOptions
): Effect.Effect<HttpIntegration.TokenProvider, ConfigError.ConfigError, TokenStoreTag> =>
  Effect.flatMap(TokenStoreTag, (store) => internal.checkedTokenProvider(store, options))

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Vendor name for spans and errors, e.g. `Acme`. */
  readonly vendor: string
  readonly authorizeUrl: string
  /** Base URL and path of the token endpoint, e.g. `https://api.acme.example` + `/oauth/v1/token`. */
  readonly tokenBaseUrl: string
  readonly tokenPath: string
  readonly clientId: string
  readonly clientSecret: Credentials.Secret
  /**
   * Sent to the authorize URL and the token endpoint. Leave it out for a vendor whose app registers its redirect URL
   * and does not require it on the token request: it is then sent nowhere.
   */
  readonly redirectUri?: string | undefined
  readonly scopes: ReadonlyArray<string>
  /** Key under which this connection's tokens are stored (one per installed account). */
  readonly storeKey: string
  /** Refresh this long before expiry. Default 60 s. */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /** The token endpoint's policy, on top of the default: 2 retries (429s only), 15 s per attempt. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Further query parameters the vendor's authorize page requires, e.g. `{ response_type: "code" }`. */
  readonly authorizeParams?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Client extends HttpIntegration.TokenProvider {
  /** The URL to send the user to, with a fresh unguessable `state` to check on the way back. */
  readonly authorize: Effect.Effect<{ readonly url: string; readonly state: string }>
  /** Exchanges the code from the redirect for tokens and stores them. */
  readonly exchangeCode: (code: string) => Effect.Effect<Tokens, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope | TokenStoreTag> =>
  Effect.flatMap(TokenStoreTag, (store) => internal.make(store, options))

/**
 * What a vendor fixes about its OAuth app: its name, endpoints and authorize parameters, and the scopes and store
 * key used unless the user's `AppOptions` say otherwise (as do `authorizeUrl` and `tokenBaseUrl`).
 *
 * @since 0.3.0
 * @category Models
 */
export interface App extends
  Pick<Options, "vendor" | "authorizeUrl" | "tokenBaseUrl" | "tokenPath" | "scopes" | "storeKey" | "authorizeParams">
{}

/**
 * What a user says about their installation of a vendor's OAuth app; a vendor's `Options` extends it.
 *
 * @since 0.3.0
 * @category Models
 */
export interface AppOptions {
  readonly clientId: string
  readonly clientSecret: VendorClient.SecretInput
  /**
   * Sent to the authorize URL and the token endpoint, where it must match a redirect URL of the app exactly. Leave it
   * out only for a vendor that knows the app's registered one: it is then sent nowhere.
   */
  readonly redirectUri?: string | undefined
  /** Default: the app's `scopes`. */
  readonly scopes?: ReadonlyArray<string> | undefined
  /** Key of this installation's tokens in the `TokenStore` (one per installed account). Default: the app's. */
  readonly storeKey?: string | undefined
  /** Token endpoint host; default the app's (tests point it at a local server). */
  readonly tokenBaseUrl?: string | undefined
  /** Default: the app's. */
  readonly authorizeUrl?: string | undefined
  /** Refresh this long before expiry. Default 60 s. */
  readonly refreshSkew?: Duration.DurationInput | undefined
  /** The token endpoint's policy, on top of the default: 2 retries (429s only), 15 s per attempt. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
}

/**
 * The OAuth client of a vendor's app, for one installation: the app's facts with the user's options on top.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { OAuth2 } from "effect-integrations"
 *
 * const app: OAuth2.App = {
 *   vendor: "Acme",
 *   authorizeUrl: "https://app.acme.example/oauth/authorize",
 *   tokenBaseUrl: "https://api.acme.example",
 *   tokenPath: "/oauth/token",
 *   scopes: ["contacts.read"],
 *   storeKey: "acme"
 * }
 *
 * const client = OAuth2.makeApp(app, {
 *   clientId: "app-1",
 *   clientSecret: Redacted.make("secret"),
 *   redirectUri: "https://example.com/oauth/callback"
 * })
 * // Where to send the user, with the `state` to check when they come back.
 * const install = Effect.flatMap(client, (oauth) => oauth.authorize)
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const makeApp = (
  app: App,
  options: AppOptions
): Effect.Effect<Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope | TokenStoreTag> =>
  make(internal.appOptions(app, options))
