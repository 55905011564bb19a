/**
 * The bodies of `OAuth2`: the token provider over a `TokenStore` that every OAuth flow renews through, and the
 * authorization-code client built on it.
 *
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as NodeCrypto from "node:crypto"
import * as Credentials from "../Credentials.js"
import * as HttpIntegration from "../HttpIntegration.js"
import { IntegrationError } from "../IntegrationError.js"
import type * as Api from "../OAuth2.js"
import * as VendorClient from "../VendorClient.js"
import * as Validation from "./policyValidation.js"

/** @internal */
/** `tokenProvider` for callers outside this module: a bad `refreshSkew` is a `ConfigError` under the provider's key. */
export const checkedTokenProvider = (
  store: Api.TokenStore,
  options: Api.TokenProviderOptions
): Effect.Effect<HttpIntegration.TokenProvider, ConfigError.ConfigError> =>
  Effect.zipRight(
    Validation.check(options.key, Validation.fields("", options, { refreshSkew: Validation.finiteNonNegativeDuration })),
    tokenProvider(store, options)
  )

export const tokenProvider = (
  store: Api.TokenStore,
  options: Api.TokenProviderOptions
): Effect.Effect<HttpIntegration.TokenProvider> =>
  Effect.map(Effect.makeSemaphore(1), (semaphore) => {
    const skew = Duration.toMillis(Duration.decode(options.refreshSkew ?? Duration.seconds(60)))
    const expiring = (tokens: Api.Tokens, now: number) => tokens.expiresAt - skew <= now
    // The semaphore makes this process's fibers share one renewal; the store's lock does so for other processes.
    const exclusive = <A>(effect: Effect.Effect<A, IntegrationError>) =>
      semaphore.withPermits(1)(
        options.storeLock === false || store.withLock === undefined ? effect : store.withLock(options.key, effect)
      )
    // Reads the store again once inside the locks: a caller that waited there finds what the holder stored.
    const renewUnless = (stale: (tokens: Api.Tokens, now: number) => boolean) =>
      exclusive(Effect.gen(function*() {
        const current = yield* store.get(options.key)
        const now = yield* Clock.currentTimeMillis
        if (Option.isSome(current) && !stale(current.value, now)) return current.value.accessToken
        const tokens = yield* options.issue(current)
        yield* store.set(options.key, tokens)
        return tokens.accessToken
      }))
    return {
      get: Effect.gen(function*() {
        const current = yield* store.get(options.key)
        const now = yield* Clock.currentTimeMillis
        if (Option.isSome(current) && !expiring(current.value, now)) return current.value.accessToken
        return yield* renewUnless(expiring)
      }),
      // Only the token that was refused is renewed: one that another caller already replaced is handed out as it is.
      refresh: (refused) =>
        renewUnless((tokens, now) =>
          expiring(tokens, now) || Redacted.value(tokens.accessToken) === Redacted.value(refused)
        )
    }
  })

const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  refresh_token: Schema.optional(Schema.String),
  expires_in: Schema.Number,
  token_type: Schema.optional(Schema.String)
})

/** @internal */
export const make = (
  store: Api.TokenStore,
  options: Api.Options
): Effect.Effect<Api.Client, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    yield* Validation.check(
      options.vendor,
      Validation.fields("oauth", options, { refreshSkew: Validation.finiteNonNegativeDuration })
    )
    const credentials = yield* Credentials.fromContextOrDefault
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
        return {
          accessToken: Redacted.make(response.access_token),
          refreshToken: response.refresh_token !== undefined ? Redacted.make(response.refresh_token) : previousRefresh,
          expiresAt: now + response.expires_in * 1000
        } satisfies Api.Tokens
      })

    const notConnected = new IntegrationError({
      vendor: options.vendor,
      operation: "oauth.token",
      reason: "Unauthorized",
      description: "no OAuth tokens stored for this connection: complete the authorization first"
    })

    // The refresh token must be used under the store's lock: many vendors revoke a rotated one presented twice.
    const provider = yield* tokenProvider(store, {
      key: options.storeKey,
      refreshSkew: options.refreshSkew,
      issue: (current) => {
        const refreshToken = Option.flatMapNullable(current, (tokens) => tokens.refreshToken)
        return Option.isNone(refreshToken)
          ? Effect.fail(notConnected)
          : grant(
            { grant_type: "refresh_token", refresh_token: Redacted.value(refreshToken.value) },
            refreshToken.value
          )
      }
    })

    return {
      ...provider,
      authorize: Effect.sync(() => {
        const state = NodeCrypto.randomBytes(24).toString("base64url")
        const url = new URL(options.authorizeUrl)
        url.searchParams.set("client_id", options.clientId)
        if (options.redirectUri !== undefined) url.searchParams.set("redirect_uri", options.redirectUri)
        url.searchParams.set("scope", options.scopes.join(" "))
        url.searchParams.set("state", state)
        for (const [name, value] of Object.entries(options.authorizeParams ?? {})) url.searchParams.set(name, value)
        return { url: url.toString(), state }
      }),
      exchangeCode: (code) =>
        Effect.tap(
          grant({ grant_type: "authorization_code", code }, undefined),
          (tokens) => store.set(options.storeKey, tokens)
        )
    }
  })

/** @internal */
export const appOptions = (app: Api.App, options: Api.AppOptions): Api.Options => ({
  vendor: app.vendor,
  authorizeUrl: options.authorizeUrl ?? app.authorizeUrl,
  tokenBaseUrl: options.tokenBaseUrl ?? app.tokenBaseUrl,
  tokenPath: app.tokenPath,
  clientId: options.clientId,
  clientSecret: VendorClient.secret(options.clientSecret),
  redirectUri: options.redirectUri,
  scopes: options.scopes ?? app.scopes,
  storeKey: options.storeKey ?? app.storeKey,
  refreshSkew: options.refreshSkew,
  policy: options.policy,
  authorizeParams: app.authorizeParams
})
