import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as OAuth2 from "../../../src/core/OAuth2.js"
import * as GoHighLevelOAuth from "../../../src/vendors/gohighlevel/GoHighLevelOAuth.js"
import * as StubHttp from "../../support/StubHttp.js"

const LOCATION: GoHighLevelOAuth.Location = { companyId: "company-1", locationId: "location-1" }

/** An agency token provider that always hands out `agency-token`. */
const agency: OAuth2.Client = {
  get: Effect.succeed(Redacted.make("agency-token")),
  refresh: () => Effect.succeed(Redacted.make("agency-token")),
  authorize: Effect.succeed({ url: "", state: "" }),
  exchangeCode: () => Effect.die("not used")
}

describe("GoHighLevelOAuth", () => {
  it.scoped("make: the chooselocation URL with response_type=code and the default scopes, no redirect URI", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() =>
        StubHttp.json(200, { access_token: "at-1", refresh_token: "rt-1", expires_in: 86_399 })
      )
      const store = yield* OAuth2.makeMemoryStore
      const client = yield* GoHighLevelOAuth.make({ clientId: "app-1", clientSecret: Redacted.make("secret-1") }).pipe(
        Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
      )
      const url = new URL((yield* client.authorize).url)
      expect(url.origin + url.pathname).toBe(GoHighLevelOAuth.AUTHORIZE_URL)
      expect([url.searchParams.get("response_type"), url.searchParams.get("scope")]).toEqual([
        "code",
        GoHighLevelOAuth.DEFAULT_SCOPES.join(" ")
      ])
      expect(url.searchParams.has("redirect_uri")).toBe(false)
      yield* client.exchangeCode("code-1")
      const [request] = yield* stub.requests
      expect(request!.url).toBe(`${GoHighLevelOAuth.TOKEN_BASE_URL}${GoHighLevelOAuth.TOKEN_PATH}`)
      expect(Object.fromEntries(new URLSearchParams(request!.body))).toEqual({
        grant_type: "authorization_code",
        code: "code-1",
        client_id: "app-1",
        client_secret: "secret-1"
      })
      expect(Option.isSome(yield* store.get("gohighlevel"))).toBe(true)
    }))

  it.scoped("locationTokens: concurrent callers share one exchange, stored per location, without the store lock", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => ({
        status: 200,
        body: { access_token: "location-token", expires_in: 86_399 },
        delay: "1 second"
      }))
      const memory = yield* OAuth2.makeMemoryStore
      const locked = yield* Ref.make(0)
      const store: OAuth2.TokenStore = {
        ...memory,
        withLock: (_key, effect) => Effect.zipRight(Ref.update(locked, (n) => n + 1), effect)
      }
      const provider = yield* GoHighLevelOAuth.locationTokens(agency, LOCATION, { storeKey: "agency-9" }).pipe(
        Effect.provide(Layer.merge(stub.layer, Layer.succeed(OAuth2.TokenStoreTag, store)))
      )
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 10 }, () => provider.get), { concurrency: 10 }))
      yield* TestClock.adjust("1 second")
      const tokens = yield* Fiber.join(fiber)
      expect(new Set(tokens.map(Redacted.value))).toEqual(new Set(["location-token"]))
      const requests = yield* stub.requests
      expect(requests.map((r) => [r.url, r.headers["authorization"], r.headers["version"]])).toEqual([
        [GoHighLevelOAuth.TOKEN_BASE_URL + GoHighLevelOAuth.LOCATION_TOKEN_PATH, "Bearer agency-token", "2021-07-28"]
      ])
      expect(Object.fromEntries(new URLSearchParams(requests[0]!.body))).toEqual(LOCATION)
      expect(Option.isSome(yield* memory.get("agency-9/location/location-1"))).toBe(true)
      expect(yield* Ref.get(locked)).toBe(0)
    }))
})
