import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as OAuth2 from "../../../src/core/OAuth2.js"
import * as HubSpotClient from "../../../src/vendors/hubspot/HubSpotClient.js"
import * as HubSpotOAuth from "../../../src/vendors/hubspot/HubSpotOAuth.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as HubSpotServer from "./support/HubSpotServer.js"

const SECRET = "client-secret-canary-91d2"

const formOf = (request: HttpClientRequest.HttpClientRequest): URLSearchParams => {
  const body = request.body
  return new URLSearchParams(body._tag === "Uint8Array" ? new TextDecoder().decode(body.body) : "")
}

/**
 * A HubSpot stand-in issuing `at-N`/`rt-N` pairs: every refresh rotates the refresh token, each refresh token is good
 * once, and `at-1` is refused once after its first use (as after an early revocation).
 */
const makeHubSpot = Effect.gen(function*() {
  let issued = 0
  const valid = new Set<string>()
  let refusedOnce = false
  const stub = yield* StubHttp.make((_n, request) => {
    const url = new URL(request.url)
    if (url.pathname === "/oauth/v1/token") {
      const form = formOf(request)
      if (form.get("client_secret") !== SECRET) return StubHttp.json(400, { status: "BAD_CLIENT_SECRET", message: "" })
      if (form.get("grant_type") === "refresh_token") {
        const token = form.get("refresh_token") ?? ""
        if (!valid.has(token)) return StubHttp.json(400, { status: "BAD_REFRESH_TOKEN", message: "" })
        valid.delete(token)
      }
      issued++
      valid.add(`rt-${issued}`)
      return StubHttp.json(200, {
        token_type: "bearer",
        access_token: `at-${issued}`,
        refresh_token: `rt-${issued}`,
        expires_in: 1800
      })
    }
    const auth = request.headers.authorization ?? ""
    if (auth === "Bearer at-1" && refusedOnce === false && url.pathname.endsWith("/2")) {
      refusedOnce = true
      return StubHttp.json(401, { status: "error", category: "EXPIRED_AUTHENTICATION", correlationId: "c", message: "" })
    }
    return StubHttp.json(200, HubSpotServer.contact(url.pathname.split("/").pop() ?? ""))
  })
  return stub
})

const oauthOptions: HubSpotOAuth.Options = {
  clientId: "app-1",
  clientSecret: Redacted.make(SECRET),
  redirectUri: "https://example.com/oauth/callback"
}

const tokenRequests = (requests: ReadonlyArray<StubHttp.Recorded>) =>
  requests.filter((r) => new URL(r.url).pathname === "/oauth/v1/token").map((r) => new URLSearchParams(r.body ?? ""))

describe("HubSpotClient with OAuth", () => {
  it.scoped("exchanges the code, calls with the access token, refreshes once after a 401 and stores the rotated token", () =>
    Effect.gen(function*() {
      const stub = yield* makeHubSpot
      const store = yield* OAuth2.makeMemoryStore
      const hubspot = yield* HubSpotClient.make({ oauth: oauthOptions }).pipe(
        Effect.provide(stub.layer),
        Effect.provideService(OAuth2.TokenStoreTag, store)
      )
      const oauth = Option.getOrThrow(hubspot.oauth)
      yield* oauth.exchangeCode("code-1")
      expect((yield* hubspot.contacts.get("1")).id).toBe("1")
      expect((yield* hubspot.contacts.get("2")).id).toBe("2")

      const requests = yield* stub.requests
      const apiAuth = requests.filter((r) => !r.url.includes("/oauth/")).map((r) => r.headers.authorization)
      expect(apiAuth).toEqual(["Bearer at-1", "Bearer at-1", "Bearer at-2"])
      const grants = tokenRequests(requests)
      expect(grants.map((g) => g.get("grant_type"))).toEqual(["authorization_code", "refresh_token"])
      expect(Object.fromEntries(grants[0]!)).toEqual({
        grant_type: "authorization_code",
        code: "code-1",
        client_id: "app-1",
        client_secret: SECRET,
        redirect_uri: "https://example.com/oauth/callback"
      })
      expect(grants[1]!.get("refresh_token")).toBe("rt-1")
      expect(new URL(requests[0]!.url).origin).toBe("https://api.hubapi.com")
      const stored = Option.getOrThrow(yield* store.get("hubspot"))
      expect(Redacted.value(stored.refreshToken!)).toBe("rt-2")
    }))

  it.scoped("refreshes an expiring token once for concurrent calls", () =>
    Effect.gen(function*() {
      const stub = yield* makeHubSpot
      const hubspot = yield* HubSpotClient.make({ oauth: { ...oauthOptions, storeKey: "portal-42" } }).pipe(
        Effect.provide(stub.layer),
        Effect.provide(OAuth2.layerMemoryStore)
      )
      yield* Option.getOrThrow(hubspot.oauth).exchangeCode("code-1")
      yield* TestClock.adjust(Duration.minutes(31))
      const fiber = yield* Effect.fork(
        Effect.all([hubspot.contacts.get("10"), hubspot.contacts.get("11"), hubspot.contacts.get("12")], {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust(Duration.seconds(1))
      const found = yield* Fiber.join(fiber)
      expect(found.map((c) => c.id)).toEqual(["10", "11", "12"])
      const requests = yield* stub.requests
      expect(tokenRequests(requests).map((g) => g.get("grant_type"))).toEqual(["authorization_code", "refresh_token"])
      const apiAuth = requests.filter((r) => !r.url.includes("/oauth/")).map((r) => r.headers.authorization)
      expect(apiAuth).toEqual(["Bearer at-2", "Bearer at-2", "Bearer at-2"])
    }))

  it.scoped("fails as Unauthorized without calling HubSpot until the account is connected", () =>
    Effect.gen(function*() {
      const stub = yield* makeHubSpot
      const client = yield* HubSpotOAuth.makeWithDefaultStore(oauthOptions).pipe(Effect.provide(stub.layer))
      const hubspot = yield* HubSpotClient.make({ oauth: client }).pipe(Effect.provide(stub.layer))
      expect(Option.isSome(hubspot.oauth)).toBe(true)
      const error = yield* Effect.flip(hubspot.contacts.get("1"))
      expect([error.reason, error.vendor]).toEqual(["Unauthorized", "HubSpot"])
      expect(error.message).not.toContain(SECRET)
      expect(yield* stub.requests).toHaveLength(0)
    }))
})
