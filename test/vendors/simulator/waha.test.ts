import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as WahaClient from "../../../src/vendors/waha/WahaClient.js"
import * as WahaError from "../../../src/vendors/waha/WahaError.js"
import * as Sim from "./support.js"

const API_KEY = "waha_simulated_key_5Tq9"
const CHAT = "14155550123@c.us"
const SEND = "POST /api/sendText"

const waha = (sim: Sim.Simulator, circuitBreaker?: false) =>
  Sim.client(WahaClient.make({
    apiKey: Redacted.make(API_KEY),
    baseUrl: sim.baseUrl("waha"),
    policy: Sim.policy,
    ...(circuitBreaker === false ? { circuitBreaker } : {})
  }))

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)
const text = (body: string) => ({ session: "default", chatId: CHAT, text: body })
const image = { session: "default", chatId: CHAT, file: { mimetype: "image/jpeg", url: "https://acme.dev/a.jpg" }, caption: "Menu" }

describe("WahaClient against the simulator", () => {
  it.scoped("runs a session's life: create, QR while unpaired, stop, start, restart, logout, list, get, me", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* waha(sim)
      const created = yield* client.sessions.create({ name: "sales", config: { metadata: { team: "sales" } } })
      expect(created.status).toBe("SCAN_QR_CODE")
      expect((yield* client.sessions.qr("sales")).value).toMatch(/^2@/)
      expect(yield* client.sessions.me("sales")).toBeNull()
      expect((yield* client.sessions.stop("sales")).status).toBe("STOPPED")
      expect((yield* client.sessions.start("sales")).status).toBe("SCAN_QR_CODE")
      expect((yield* client.sessions.restart("default")).status).toBe("WORKING")
      expect((yield* client.sessions.me("default"))?.id).toBe("14155550100@c.us")
      Sim.expectError(yield* Sim.failure(client.sessions.qr("default")), { reason: "Conflict", status: 422 }, API_KEY)
      expect((yield* client.sessions.get("default")).me?.pushName).toBe("Acme")
      expect((yield* client.sessions.logout("sales")).status).toBe("STOPPED")
      expect((yield* client.sessions.list()).map((s) => s.name)).toEqual(["default"])
      expect((yield* client.sessions.list({ all: true })).map((s) => s.name)).toEqual(["default", "sales"])
      yield* client.healthCheck
    }))

  it.scoped("sends text, image, file and voice, marks seen, types, and streams chats and messages", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* waha(sim)
      yield* client.messages.startTyping({ session: "default", chatId: CHAT })
      const sent = yield* client.messages.sendText(text("We open at 9"))
      expect([sent.fromMe, sent.to, sent.body]).toEqual([true, CHAT, "We open at 9"])
      yield* client.messages.stopTyping({ session: "default", chatId: CHAT })
      yield* client.messages.sendImage(image)
      yield* client.messages.sendFile({ session: "default", chatId: CHAT, file: { mimetype: "application/pdf", data: "JVBERi0=", filename: "menu.pdf" } })
      yield* client.messages.sendVoice({ session: "default", chatId: CHAT, file: { mimetype: "audio/ogg; codecs=opus", url: "https://acme.dev/v.ogg" } })
      yield* client.messages.sendSeen({ session: "default", chatId: CHAT })
      yield* client.messages.sendText({ session: "default", chatId: "14155550999@c.us", text: "Hi" })
      const chats = yield* collect(client.messages.chats("default", { limit: 1 }))
      expect(chats.map((c) => c.id).sort()).toEqual(["14155550123@c.us", "14155550999@c.us"])
      // Pages of two: five messages in three pages, newest first.
      const messages = yield* collect(client.messages.messages("default", CHAT, { limit: 2 }))
      expect(messages.map((m) => m.body)).toEqual(["", "", "Menu", "We open at 9", "Hello, is this Acme?"])
      expect(yield* Sim.requests(sim, "waha", "GET /api/{session}/chats/{chatId}/messages")).toBe(3)
      expect((yield* sim.stats).sideEffects.filter((e) => e.kind === "message.sent")).toHaveLength(5)
    }))

  it.scoped("refuses a send on a session that is not WORKING with 422, and bad input before any I/O", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* waha(sim)
      yield* client.sessions.stop("default")
      const error = yield* Sim.failure(client.messages.sendText(text("Hi")))
      Sim.expectError(error, { reason: "Conflict", status: 422 }, API_KEY)
      expect(WahaError.isSessionNotReady(error)).toBe(true)
      const before = (yield* sim.stats).totalRequests
      Sim.expectError(yield* Sim.failure(client.messages.sendText({ session: "default", chatId: "+14155550123", text: "Hi" })), { reason: "InvalidRequest" })
      Sim.expectError(yield* Sim.failure(client.sessions.get("../x")), { reason: "InvalidRequest" })
      expect((yield* sim.stats).totalRequests).toBe(before)
    }))

  describe("faults", () => {
    it.scoped("does not repeat a text refused with a 503: WAHA may have sent it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "waha", route: SEND, status: 503, times: 1 }])
        const client = yield* waha(sim)
        const error = yield* Sim.failure(Sim.drive(client.messages.sendText(text("Once"))))
        Sim.expectError(error, { reason: "Server", status: 503 }, API_KEY)
        expect(WahaError.isAmbiguousSend(error)).toBe(true)
        expect(yield* Sim.requests(sim, "waha", SEND)).toBe(1)
      }))

    it.scoped("reports a text whose connection dropped after WAHA sent it as ambiguous, without sending twice", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "waha", route: "POST /api/sendImage", times: 1 }])
        const client = yield* waha(sim)
        const error = yield* Sim.failure(Sim.drive(client.messages.sendImage(image)))
        expect(error.mayHaveSucceeded).toBe(true)
        expect(WahaError.isAmbiguousSend(error)).toBe(true)
        const stats = yield* sim.stats
        expect(stats.sideEffects).toHaveLength(1)
        expect(stats.duplicates).toBe(0)
      }))

    it.scoped("retries a send after the Retry-After of a 429, which proves WAHA did not act", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "waha", route: "POST /api/sendVoice", status: 429, retryAfterSeconds: 2, times: 1 }])
        const client = yield* waha(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.messages.sendVoice({ session: "default", chatId: CHAT, file: { mimetype: "audio/ogg", data: "T2dn" } }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(2_000)
        expect(yield* Sim.requests(sim, "waha", "POST /api/sendVoice")).toBe(2)
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))

    it.scoped("retries a 503 on reads, session actions, seen and typing", () =>
      Effect.gen(function*() {
        const routes = [
          "GET /api/sessions/{session}",
          "POST /api/sessions/{session}/start",
          "POST /api/sendSeen",
          "POST /api/startTyping",
          "GET /api/{session}/chats"
        ]
        const sim = yield* Sim.simulator(routes.map((route) => ({ kind: "status" as const, vendor: "waha" as const, route, status: 503, times: 1 })))
        const client = yield* waha(sim, false)
        yield* Sim.drive(client.sessions.get("default"))
        yield* Sim.drive(client.sessions.start("default"))
        yield* Sim.drive(client.messages.sendSeen({ session: "default", chatId: CHAT, messageId: "false_14155550123@c.us_3EB0SEED" }))
        yield* Sim.drive(client.messages.startTyping({ session: "default", chatId: CHAT }))
        yield* Sim.drive(collect(client.messages.chats("default")))
        for (const route of routes) expect(yield* Sim.requests(sim, "waha", route)).toBe(2)
      }))

    it.scoped("a wrong key is Unauthorized; drift and malformed JSON are typed errors", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "waha", route: "GET /api/sessions/{session}", op: "remove", path: "status", times: 1 },
          { kind: "malformed", vendor: "waha", route: "GET /api/{session}/chats/{chatId}/messages", times: 1 }
        ], { keys: { waha: [API_KEY] } })
        const client = yield* waha(sim)
        Sim.expectError(yield* Sim.failure(client.sessions.get("default")), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(collect(client.messages.messages("default", CHAT))), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const wrong = yield* Sim.client(WahaClient.make({ apiKey: Redacted.make("nope"), baseUrl: sim.baseUrl("waha"), policy: Sim.policy }))
        Sim.expectError(yield* Sim.failure(Sim.drive(wrong.sessions.list())), { reason: "Unauthorized", status: 401 }, "nope")
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "waha", fromMs: 0, toMs: 60_000 }])
        const client = yield* waha(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        Sim.expectError(yield* Sim.failure(client.messages.sendText(text("Hi"))), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "waha", SEND)).toBe(0)
        yield* TestClock.adjust("2 minutes")
        yield* Sim.drive(client.messages.sendText(text("Back")), "20 seconds")
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))
  })
})
