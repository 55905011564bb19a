import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
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
