import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as WahaClient from "../../../src/vendors/waha/WahaClient.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as RecordingServer from "../../support/RecordingServer.js"

const API_KEY = "waha_canary_8Rw1pLmN0xYz"

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("WahaClient", () => {
  it.scoped("sends the key as X-Api-Key, JSON bodies to the documented paths, and list queries", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make((request) =>
        request.path.endsWith("/messages") || request.path.endsWith("/chats") || request.path === "/api/sessions"
          ? { body: [] }
          : request.path.endsWith("/qr")
          ? { body: { value: "2@abc" } }
          : request.path === "/api/sendText"
          ? { status: 201, body: { id: "true_1@c.us_A", timestamp: 1, fromMe: true, to: "1@c.us", body: "Hi" } }
          : { status: 201, body: { name: "default", status: "WORKING" } }
      )
      const waha = yield* WahaClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: server.url })
      yield* waha.messages.sendText({ session: "default", chatId: "1@c.us", text: "Hi", reply_to: "false_1@c.us_B" })
      yield* waha.sessions.restart("default")
      yield* waha.sessions.qr("default")
      yield* waha.sessions.list({ all: true })
      yield* waha.messages.startTyping({ session: "default", chatId: "1@c.us" })
      const requests = yield* server.requests
      expect(requests.map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ""}`)).toEqual([
        "POST /api/sendText",
        "POST /api/sessions/default/restart",
        "GET /api/default/auth/qr?format=raw",
        "GET /api/sessions?all=true",
        "POST /api/startTyping"
      ])
      for (const request of requests) {
        expect(request.headers["x-api-key"]).toBe(API_KEY)
        expect(request.headers.authorization).toBeUndefined()
        expect(request.headers["idempotency-key"]).toBeUndefined()
      }
      expect(JSON.parse(requests[0]!.body)).toEqual({ session: "default", chatId: "1@c.us", text: "Hi", reply_to: "false_1@c.us_B" })
      expect(requests[2]!.headers.accept).toBe("application/json")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("never repeats a send after a 500 or a dropped connection; retries a read", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n) =>
        n === 1
          ? StubHttp.json(500, { statusCode: 500, message: "boom", error: "Internal Server Error" })
          : n === 2
          ? { transportError: true }
          : n === 3
          ? StubHttp.json(502, {})
          : StubHttp.json(200, { name: "default", status: "WORKING" })
      )
      const waha = yield* WahaClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: "http://waha.test", policy: { baseDelay: "1 millis", jitter: 0 } })
        .pipe(Effect.provide(stub.layer))
      const server = yield* Effect.flip(waha.messages.sendText({ session: "default", chatId: "1@c.us", text: "Hi" }))
      expect([server.reason, server.description]).toEqual(["Server", expect.stringContaining("may or may not have been sent")])
      const dropped = yield* Effect.flip(waha.messages.sendFile({ session: "default", chatId: "1@c.us", file: { mimetype: "a/b", data: "AA==" } }))
      expect(dropped.reason).toBe("Transport")
      expect(yield* stub.requests).toHaveLength(2)
    }))

  it.effect("layerConfig requires WAHA_BASE_URL and WAHA_API_KEY, reporting both by name only", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(WahaClient.fromEnv)).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), withEnv([]))
      )
      expect(IntegrationConfig.problems(error).map((p) => p.key).sort()).toEqual(["WAHA_API_KEY", "WAHA_BASE_URL"])
      const empty = yield* Effect.flip(
        Layer.build(WahaClient.layerConfig()).pipe(
          Effect.scoped,
          Effect.provide(NodeHttpClient.layerUndici),
          withEnv([["WAHA_API_KEY", API_KEY], ["WAHA_BASE_URL", " "]])
        )
      )
      expect(IntegrationConfig.format(empty)).toContain("WAHA_BASE_URL")
      expect(IntegrationConfig.format(empty)).not.toContain(API_KEY)
    }))

  it.scoped("layerConfig reaches the configured server with the key from the environment", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, []))
      const exit = yield* Effect.exit(
        Effect.flatMap(WahaClient.WahaClient, (waha) => waha.healthCheck).pipe(
          Effect.provide(WahaClient.layerConfig()),
          Effect.provide(stub.layer),
          withEnv([["WAHA_API_KEY", API_KEY], ["WAHA_BASE_URL", "http://waha.internal:3000"]])
        )
      )
      expect(Exit.isSuccess(exit)).toBe(true)
      const [request] = yield* stub.requests
      expect(request?.url).toBe("http://waha.internal:3000/api/sessions")
      expect(request?.headers["x-api-key"]).toBe(API_KEY)
    }))

  it.effect("layerTest serves the given methods and fails naming any other", () =>
    Effect.gen(function*() {
      const waha = yield* WahaClient.WahaClient
      expect(yield* waha.sessions.list()).toEqual([])
      const exit = yield* Effect.exit(Effect.suspend(() => waha.messages.sendText({ session: "default", chatId: "1@c.us", text: "x" })))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("WahaClient.messages.sendText is not implemented")
    }).pipe(Effect.provide(WahaClient.layerTest({ sessions: { list: () => Effect.succeed([]) } }))))
})
