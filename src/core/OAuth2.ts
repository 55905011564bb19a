/**
 * OAuth2 authorization-code clients: the authorize URL with a `state`, the code exchange, and access tokens refreshed
 * before they expire. A refresh is single-flight (concurrent callers share it) and a rotated refresh token is persisted
 * through a `TokenStore` before anyone uses the new access token, so a crash never loses the only valid refresh token.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as NodeCrypto from "node:crypto"
import * as Credentials from "./Credentials.js"
import * as HttpIntegration from "./HttpIntegration.js"
import { IntegrationError } from "./IntegrationError.js"
import * as Validation from "./internal/policyValidation.js"

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

const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  refresh_token: Schema.optional(Schema.String),
  expires_in: Schema.Number,
  token_type: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope | TokenStoreTag> =>
  Effect.gen(function*() {
    yield* Validation.check(
      options.vendor,
      Validation.fields("oauth", options, { refreshSkew: Validation.finiteNonNegativeDuration })
    )
    const store = yield* TokenStoreTag
    const credentials = yield* Credentials.fromContextOrDefault
    const skew = Duration.toMillis(Duration.decode(options.refreshSkew ?? Duration.seconds(60)))
    const lock = yield* Effect.makeSemaphore(1)
    const http = yield* HttpIntegration.make({
      vendor: options.vendor,
      baseUrl: options.tokenBaseUrl,
      // Token endpoints are not idempotent in general (refresh tokens rotate), so only 429s are retried.
      policy: { maxRetries: 2, timeout: "15 seconds", ...options.policy }
    })
    const tokenCall = http.operation({
      name: "oauth.token",
      method: "POST",
      idempotencyKey: false,
      input: Schema.Record({ key: Schema.String, value: Schema.String }),
      output: TokenResponse,
      request: (form) => ({ path: options.tokenPath, body: { _tag: "Form", entries: Object.entries(form) } })
    })

    const grant = (fields: Record<string, string>, previousRefresh: Redacted.Redacted<string> | undefined) =>
      Effect.gen(function*() {
        const secret = yield* credentials.get(options.clientSecret)
        const response = yield* tokenCall({
          ...fields,
          client_id: options.clientId,
          client_secret: Redacted.value(secret),
          ...(options.redirectUri !== undefined ? { redirect_uri: options.redirectUri } : {})
        })
        const now = yield* Clock.currentTimeMillis
        const tokens: Tokens = {
          accessToken: Redacted.make(response.access_token),
          refreshToken: response.refresh_token !== undefined ? Redacted.make(response.refresh_token) : previousRefresh,
          expiresAt: now + response.expires_in * 1000
        }
        yield* store.set(options.storeKey, tokens)
        return tokens
      })

    const notConnected = new IntegrationError({
      vendor: options.vendor,
      operation: "oauth.token",
      reason: "Unauthorized",
      description: "no OAuth tokens stored for this connection: complete the authorization first"
    })

    const withStoreLock = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | IntegrationError, R> =>
      store.withLock === undefined ? effect : store.withLock(options.storeKey, effect)

    /**
     * Refreshes unless another caller already did while we waited for the lock: the semaphore makes fibers of this
     * process share one refresh, the store's lock (when it has one) does the same for other processes.
     */
    const refreshUnless = (stale: (tokens: Tokens, now: number) => boolean) =>
      lock.withPermits(1)(withStoreLock(
        Effect.gen(function*() {
          const current = yield* store.get(options.storeKey)
          if (Option.isNone(current)) return yield* Effect.fail(notConnected)
          const now = yield* Clock.currentTimeMillis
          if (!stale(current.value, now)) return current.value.accessToken
          const refreshToken = current.value.refreshToken
          if (refreshToken === undefined) return yield* Effect.fail(notConnected)
          const tokens = yield* grant(
            { grant_type: "refresh_token", refresh_token: Redacted.value(refreshToken) },
            refreshToken
          )
          return tokens.accessToken
        })
      ))

    const expiring = (tokens: Tokens, now: number) => tokens.expiresAt - skew <= now

    const get = Effect.gen(function*() {
      const current = yield* store.get(options.storeKey)
      const now = yield* Clock.currentTimeMillis
      if (Option.isSome(current) && !expiring(current.value, now)) return current.value.accessToken
      return yield* refreshUnless(expiring)
    })

    return {
      get,
      refresh: (refused) =>
        refreshUnless((tokens, now) => expiring(tokens, now) || Redacted.value(tokens.accessToken) === Redacted.value(refused)),
      authorize: Effect.sync(() => {
        const state = NodeCrypto.randomBytes(24).toString("base64url")
        const url = new URL(options.authorizeUrl)
        url.searchParams.set("client_id", options.clientId)
        if (options.redirectUri !== undefined) url.searchParams.set("redirect_uri", options.redirectUri)
        url.searchParams.set("scope", options.scopes.join(" "))
        url.searchParams.set("state", state)
        return { url: url.toString(), state }
      }),
      exchangeCode: (code) => grant({ grant_type: "authorization_code", code }, undefined)
    }
  })
