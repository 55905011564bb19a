import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as OAuth2 from "../../src/core/OAuth2.js"
import * as StubHttp from "../support/StubHttp.js"

/** A token endpoint that rotates refresh tokens and an API that accepts only the newest access token. */
const makeVendor = Effect.gen(function*() {
  let generation = 0
  let revoked = false
  const issued: Array<string> = []
  const stub = yield* StubHttp.make((_n, request) => {
    const url = new URL(request.url)
    if (url.pathname === "/oauth/v1/token") {
      const form = new URLSearchParams(request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : "")
      const expected = generation === 0 ? "code" : `refresh_${generation}`
      const presented = form.get("grant_type") === "authorization_code" ? form.get("code") : form.get("refresh_token")
      if (presented !== (generation === 0 ? "the-code" : expected)) return StubHttp.json(400, { error: "invalid_grant" })
      generation++
      revoked = false
      issued.push(form.get("grant_type") ?? "")
      return StubHttp.json(200, {
        access_token: `access_${generation}`,
        refresh_token: `refresh_${generation}`,
        expires_in: 1800
      })
    }
    return !revoked && request.headers["authorization"] === `Bearer access_${generation}`
      ? StubHttp.json(200, { ok: true })
      : StubHttp.json(401, { status: "error", category: "EXPIRED_AUTHENTICATION" })
  })
  const store = yield* OAuth2.makeMemoryStore
  const client = yield* OAuth2.make(clientOptions).pipe(
    Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
  )
  const api = yield* HttpIntegration.make({ vendor: "HubSpot", baseUrl: "https://api.hubapi.test", auth: HttpIntegration.token(client) })
    .pipe(Effect.provide(stub.layer))
  const ping = api.operation({
    name: "ping",
    method: "GET",
    input: Schema.Void,
    output: Schema.Struct({ ok: Schema.Boolean }),
    request: () => ({ path: "/ping" })
  })
  return { client, store, ping, issued, revoke: () => (revoked = true), requests: stub.requests, stub }
})

const clientOptions: OAuth2.Options = {
  vendor: "HubSpot",
  authorizeUrl: "https://app.hubspot.test/oauth/authorize",
  tokenBaseUrl: "https://api.hubapi.test",
  tokenPath: "/oauth/v1/token",
  clientId: "client-1",
  clientSecret: Credentials.fixed("client-secret"),
  redirectUri: "https://app.example/callback",
  scopes: ["crm.objects.contacts.read"],
  storeKey: "portal-1"
}

/** A store lock as a shared one behaves: one holder per key, whoever asks. */
const withTestLock = (store: OAuth2.TokenStore) =>
  Effect.map(Effect.makeSemaphore(1), (semaphore): OAuth2.TokenStore & { readonly locked: () => number } => {
    let locked = 0
    return {
      ...store,
      withLock: (_key, effect) =>
        semaphore.withPermits(1)(Effect.zipRight(Effect.sync(() => locked++), effect)),
      locked: () => locked
    }
  })

describe("OAuth2", () => {
  it.scoped("builds an authorize URL with a fresh state and exchanges the code", () =>
    Effect.gen(function*() {
      const vendor = yield* makeVendor
      const first = yield* vendor.client.authorize
      const second = yield* vendor.client.authorize
      const url = new URL(first.url)
      expect(url.searchParams.get("state")).toBe(first.state)
      expect(first.state).not.toBe(second.state)
      expect(first.state.length).toBeGreaterThanOrEqual(32)
      expect(url.searchParams.get("scope")).toBe("crm.objects.contacts.read")
      const tokens = yield* vendor.client.exchangeCode("the-code")
      expect(Redacted.value(tokens.accessToken)).toBe("access_1")
      expect(yield* vendor.ping()).toEqual({ ok: true })
    }))

  it.scoped("refreshes an expiring token once for 100 concurrent callers and persists the rotated refresh token", () =>
    Effect.gen(function*() {
      const vendor = yield* makeVendor
      yield* vendor.client.exchangeCode("the-code")
      yield* TestClock.adjust(Duration.minutes(30))
      const results = yield* Effect.all(Array.from({ length: 100 }, () => vendor.ping()), { concurrency: "unbounded" })
      expect(results).toHaveLength(100)
      expect(vendor.issued).toEqual(["authorization_code", "refresh_token"])
      const stored = yield* vendor.store.get("portal-1")
      expect(Option.map(stored, (t) => t.refreshToken && Redacted.value(t.refreshToken))).toEqual(Option.some("refresh_2"))
    }))

  it.scoped("a 401 on a token that looked valid refreshes once and retries the call", () =>
    Effect.gen(function*() {
      const vendor = yield* makeVendor
      yield* vendor.client.exchangeCode("the-code")
      // The vendor revoked access_1 before its expiry (e.g. the user re-authorised elsewhere).
      vendor.revoke()
      const before = (yield* vendor.requests).length
      expect(yield* vendor.ping()).toEqual({ ok: true })
      const paths = (yield* vendor.requests).slice(before).map((r) => new URL(r.url).pathname)
      expect(paths).toEqual(["/ping", "/oauth/v1/token", "/ping"])
      expect(vendor.issued).toEqual(["authorization_code", "refresh_token"])
    }))

  it.scoped("clients that share a store with a lock (two processes) refresh once between them, under the lock", () =>
    Effect.gen(function*() {
      const vendor = yield* makeVendor
      yield* vendor.client.exchangeCode("the-code")
      const shared = yield* withTestLock(vendor.store)
      // Each client has its own in-process semaphore, like two processes; only the store's lock is common.
      const [first, second] = yield* Effect.all(
        [OAuth2.make(clientOptions), OAuth2.make(clientOptions)],
        { concurrency: "unbounded" }
      ).pipe(Effect.provide(Layer.merge(vendor.stub.layer, Layer.succeed(OAuth2.TokenStoreTag, shared))))
      yield* TestClock.adjust(Duration.minutes(30))
      const tokens = yield* Effect.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).get),
        { concurrency: "unbounded" }
      )
      expect(new Set(tokens.map(Redacted.value))).toEqual(new Set(["access_2"]))
      expect(vendor.issued).toEqual(["authorization_code", "refresh_token"])
      expect(shared.locked()).toBeGreaterThanOrEqual(2)
    }))

  it.scoped("fails with Unauthorized when no tokens are stored", () =>
    Effect.gen(function*() {
      const vendor = yield* makeVendor
      const error = yield* Effect.flip(vendor.ping())
      expect(error.reason).toBe("Unauthorized")
      expect(error.description).toContain("authorization")
    }))
})

describe("OAuth2 without a redirect URI", () => {
  it.scoped("sends no redirect_uri to the authorize URL or the token endpoint", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { access_token: "access_1", refresh_token: "refresh_1", expires_in: 60 }))
      const store = yield* OAuth2.makeMemoryStore
      const { redirectUri: _omitted, ...withoutRedirect } = clientOptions
      const client = yield* OAuth2.make(withoutRedirect).pipe(
        Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
      )
      const { url } = yield* client.authorize
      expect(new URL(url).searchParams.has("redirect_uri")).toBe(false)
      expect(new URL(url).searchParams.get("client_id")).toBe("client-1")
      yield* client.exchangeCode("the-code")
      const [request] = yield* stub.requests
      const form = new URLSearchParams(String(request!.body))
      expect(form.has("redirect_uri")).toBe(false)
      expect(form.get("code")).toBe("the-code")
    }))
})

describe("OAuth2 token endpoint policy", () => {
  /** Exchanges a code at a token endpoint that answers after 20 s, with the given policy for that endpoint. */
  const exchangeSlowly = (policy?: HttpIntegration.PolicyInput) =>
    Effect.gen(function*() {
      const tokens = { access_token: "access_1", refresh_token: "refresh_1", expires_in: 60 }
      const stub = yield* StubHttp.make(() => ({ status: 200, body: tokens, delay: "20 seconds" }))
      const store = yield* OAuth2.makeMemoryStore
      const client = yield* OAuth2.make({ ...clientOptions, policy }).pipe(
        Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
      )
      const exchange = yield* Effect.fork(Effect.either(client.exchangeCode("the-code")))
      yield* TestClock.adjust("20 seconds")
      return yield* Fiber.join(exchange)
    })

  it.scoped("times out a token request after 15 s by default", () =>
    Effect.gen(function*() {
      const result = yield* exchangeSlowly()
      expect(result._tag === "Left" && result.left.reason).toBe("Timeout")
    }))

  it.scoped("takes the caller's policy for the token endpoint", () =>
    Effect.gen(function*() {
      const result = yield* exchangeSlowly({ timeout: "1 minute" })
      expect(result._tag).toBe("Right")
    }))
})

describe("OAuth2.makeTokenProvider", () => {
  /**
   * A provider whose `issue` takes 1 s (virtual) and numbers its tokens `t1`, `t2`, ..., each valid 10 minutes, over a
   * store whose lock (when `withLock`) counts its holders.
   */
  const makeProvider = (options: { readonly storeLock?: boolean; readonly withLock?: boolean } = {}) =>
    Effect.gen(function*() {
      const memory = yield* OAuth2.makeMemoryStore
      const locked = yield* Ref.make(0)
      const store: OAuth2.TokenStore = options.withLock === true
        ? { ...memory, withLock: (_key, effect) => Effect.zipRight(Ref.update(locked, (n) => n + 1), effect) }
        : memory
      const seen = yield* Ref.make<ReadonlyArray<Option.Option<string>>>([])
      const provider = yield* OAuth2.makeTokenProvider({
        key: "acme/key",
        refreshSkew: "1 minute",
        storeLock: options.storeLock,
        issue: (current) =>
          Effect.gen(function*() {
            yield* Effect.sleep("1 second")
            const from = Option.map(current, (t) => Redacted.value(t.accessToken))
            const issued = yield* Ref.updateAndGet(seen, (all) => [...all, from])
            const now = yield* Clock.currentTimeMillis
            const accessToken = Redacted.make(`t${issued.length}`)
            return { accessToken, refreshToken: undefined, expiresAt: now + 600_000 }
          })
      }).pipe(Effect.provideService(OAuth2.TokenStoreTag, store))
      return { provider, store, issuedFrom: Ref.get(seen), locked: Ref.get(locked) }
    })

  /**
   * Runs `effect` on a fiber and lets virtual time pass for the issues it waits for: one by default, more when a
   * broken provider would issue one after another (the test then fails on what it got, rather than by hanging).
   */
  const settle = <A, E>(effect: Effect.Effect<A, E>, time: Duration.DurationInput = "1 second") =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(effect)
      yield* TestClock.adjust(time)
      return yield* Fiber.join(fiber)
    })

  it.effect("issues when the store is empty, stores the tokens, then hands them out until the skew before expiry", () =>
    Effect.gen(function*() {
      const { issuedFrom, provider, store } = yield* makeProvider()
      expect(Redacted.value(yield* settle(provider.get))).toBe("t1")
      const stored = yield* store.get("acme/key")
      expect(Option.map(stored, (t) => Redacted.value(t.accessToken))).toEqual(Option.some("t1"))
      // t1 was issued at 1 s and expires at 601 s; the provider renews from 541 s on.
      yield* TestClock.adjust("538 seconds")
      expect(Redacted.value(yield* provider.get)).toBe("t1")
      yield* TestClock.adjust("2 seconds")
      expect(Redacted.value(yield* settle(provider.get))).toBe("t2")
      expect(yield* issuedFrom).toEqual([Option.none(), Option.some("t1")])
    }))

  it.effect("100 concurrent callers of an expiring token wait for one renewal and all get its token", () =>
    Effect.gen(function*() {
      const { issuedFrom, provider } = yield* makeProvider()
      yield* settle(provider.get)
      yield* TestClock.adjust("10 minutes")
      const tokens = yield* settle(
        Effect.all(Array.from({ length: 100 }, () => provider.get), { concurrency: "unbounded" }),
        "5 minutes"
      )
      expect(new Set(tokens.map(Redacted.value))).toEqual(new Set(["t2"]))
      expect(yield* issuedFrom).toHaveLength(2)
    }))

  it.effect("a refused token is renewed once, however many callers saw it refused", () =>
    Effect.gen(function*() {
      const { issuedFrom, provider } = yield* makeProvider()
      const refused = yield* settle(provider.get)
      const tokens = yield* settle(
        Effect.all(Array.from({ length: 20 }, () => provider.refresh(refused)), { concurrency: "unbounded" }),
        "1 minute"
      )
      expect(new Set(tokens.map(Redacted.value))).toEqual(new Set(["t2"]))
      expect(yield* issuedFrom).toEqual([Option.none(), Option.some("t1")])
    }))

  it.effect("a refused token that was already replaced is not renewed again: the current one is handed out", () =>
    Effect.gen(function*() {
      const { issuedFrom, provider } = yield* makeProvider()
      const first = yield* settle(provider.get)
      yield* settle(provider.refresh(first))
      // A call that went out with t1 before the renewal comes back refused now.
      expect(Redacted.value(yield* settle(provider.refresh(first)))).toBe("t2")
      expect(yield* issuedFrom).toHaveLength(2)
    }))

  it.effect("a failed issue stores nothing and the next caller issues again", () =>
    Effect.gen(function*() {
      const store = yield* OAuth2.makeMemoryStore
      const attempts = yield* Ref.make(0)
      const provider = yield* OAuth2.makeTokenProvider({
        key: "acme/key",
        issue: () =>
          Effect.flatMap(Ref.updateAndGet(attempts, (n) => n + 1), (n) =>
            n === 1
              ? Effect.fail(
                new IntegrationError({ vendor: "Acme", operation: "token", reason: "Server", description: "down" })
              )
              : Effect.succeed({ accessToken: Redacted.make("t"), refreshToken: undefined, expiresAt: 3_600_000 }))
      }).pipe(Effect.provideService(OAuth2.TokenStoreTag, store))
      const failure = yield* Effect.flip(provider.get)
      expect(failure.reason).toBe("Server")
      expect(yield* store.get("acme/key")).toEqual(Option.none())
      expect(Redacted.value(yield* provider.get)).toBe("t")
      expect(yield* Ref.get(attempts)).toBe(2)
    }))

  it.effect("renews under the store's lock, unless told not to", () =>
    Effect.gen(function*() {
      const locking = yield* makeProvider({ withLock: true })
      yield* settle(locking.provider.get)
      expect(yield* locking.locked).toBe(1)
      const unlocked = yield* makeProvider({ withLock: true, storeLock: false })
      yield* settle(unlocked.provider.get)
      expect(yield* unlocked.locked).toBe(0)
      expect(yield* unlocked.issuedFrom).toHaveLength(1)
    }))
})

describe("OAuth2.makeTokenProvider settings", () => {
  it.effect("a refresh skew that is not a finite, non-negative duration is a ConfigError under the key", () =>
    Effect.gen(function*() {
      const store = yield* OAuth2.makeMemoryStore
      const issue = () => Effect.die("never issued")
      // As read from configuration a caller did not type-check: a word, a negative and an endless duration.
      const refused: ReadonlyArray<Duration.DurationInput> = ["soon" as Duration.DurationInput, "-1 seconds", Infinity]
      for (const refreshSkew of refused) {
        const error = yield* Effect.flip(
          OAuth2.makeTokenProvider({ key: "acme/key", refreshSkew, issue }).pipe(
            Effect.provideService(OAuth2.TokenStoreTag, store)
          )
        )
        expect(String(error)).toContain("acme/key.refreshSkew")
      }
      const made = yield* OAuth2.makeTokenProvider({ key: "acme/key", refreshSkew: "0 seconds", issue }).pipe(
        Effect.provideService(OAuth2.TokenStoreTag, store)
      )
      expect(typeof made.get).toBe("object")
    }))
})

describe("OAuth2.makeApp", () => {
  // The vendor's facts of the suite's client options, with an authorize parameter the vendor requires.
  const { clientId: _id, clientSecret: _secret, redirectUri: _redirect, ...facts } = clientOptions
  const app: OAuth2.App = { ...facts, authorizeParams: { response_type: "code" } }
  const tokens = { access_token: "access_1", refresh_token: "refresh_1", expires_in: 3600 }

  it.scoped("uses the app's endpoints, scopes, store key and authorize parameters, and the options' secret", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, tokens))
      const store = yield* OAuth2.makeMemoryStore
      const client = yield* OAuth2.makeApp(app, { clientId: "app-1", clientSecret: Redacted.make("secret-1") }).pipe(
        Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
      )
      const url = new URL((yield* client.authorize).url)
      expect(url.origin + url.pathname).toBe("https://app.hubspot.test/oauth/authorize")
      expect([url.searchParams.get("scope"), url.searchParams.get("response_type")]).toEqual([
        "crm.objects.contacts.read",
        "code"
      ])
      expect(url.searchParams.has("redirect_uri")).toBe(false)
      yield* client.exchangeCode("code-1")
      const [request] = yield* stub.requests
      expect(request!.url).toBe("https://api.hubapi.test/oauth/v1/token")
      expect(new URLSearchParams(request!.body).get("client_secret")).toBe("secret-1")
      expect(Option.isSome(yield* store.get("portal-1"))).toBe(true)
    }))

  it.scoped("takes the user's authorize URL, token host, scopes, store key and redirect URI over the app's", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, tokens))
      const store = yield* OAuth2.makeMemoryStore
      const client = yield* OAuth2.makeApp(app, {
        clientId: "app-1",
        clientSecret: Credentials.fixed("secret-1"),
        redirectUri: "https://example.com/callback",
        scopes: ["contacts.read", "contacts.write"],
        storeKey: "portal-7",
        tokenBaseUrl: "http://127.0.0.1:9999",
        authorizeUrl: "https://white-label.test/oauth/authorize"
      }).pipe(Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store))))
      const url = new URL((yield* client.authorize).url)
      expect(url.origin + url.pathname).toBe("https://white-label.test/oauth/authorize")
      expect([url.searchParams.get("scope"), url.searchParams.get("redirect_uri")]).toEqual([
        "contacts.read contacts.write",
        "https://example.com/callback"
      ])
      yield* client.exchangeCode("code-1")
      const [request] = yield* stub.requests
      expect(request!.url).toBe("http://127.0.0.1:9999/oauth/v1/token")
      expect(new URLSearchParams(request!.body).get("redirect_uri")).toBe("https://example.com/callback")
      expect([Option.isSome(yield* store.get("portal-7")), Option.isSome(yield* store.get("portal-1"))]).toEqual([
        true,
        false
      ])
    }))
})
