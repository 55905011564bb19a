import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as AnthropicClient from "../../../src/vendors/anthropic/AnthropicClient.js"
import type * as MessageStream from "../../../src/vendors/anthropic/resources/MessageStream.js"
import * as Messages from "../../../src/vendors/anthropic/resources/Messages.js"
import * as Sim from "./support.js"

const API_KEY = "sk-ant-simulated-Qw3rTy8UiOp2As4D"

const anthropic = (sim: Sim.Simulator, options: Partial<AnthropicClient.Options> = {}) =>
  Sim.client(AnthropicClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("anthropic"), policy: Sim.policy, ...options }))

const ask = { model: "claude-sonnet-4-20250514", max_tokens: 64, messages: [{ role: "user" as const, content: "Say hello to the simulator" }] }
const MESSAGES = "POST /v1/messages"

describe("AnthropicClient against the simulator", () => {
  it.scoped("creates a message, plain and streamed as typed events, and counts tokens", () =>
    Effect.gen(function*() {
      const client = yield* anthropic(yield* Sim.simulator())
      const message = yield* client.messages.create(ask)
      expect(message.stop_reason).toBe("end_turn")
      const text = Messages.messageText(message)
      expect(text.length).toBeGreaterThan(0)
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.messages.stream(ask)))
      expect(events[0]!.type).toBe("message_start")
      expect(events[events.length - 1]!.type).toBe("message_stop")
      const streamed = events.flatMap((e) =>
        e.type === "content_block_delta" && e.delta.type === "text_delta" ? [e.delta.text] : []
      ).join("")
      expect(streamed).toBe(text)
      const tokens = yield* client.messages.countTokens({ model: ask.model, messages: ask.messages })
      expect(tokens.input_tokens).toBeGreaterThan(0)
    }))

  it.scoped("lists models a page at a time and as a Stream across pages, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* anthropic(sim)
      const page = yield* client.models.list({ limit: 2 })
      expect(page.data).toHaveLength(2)
      expect(page.has_more).toBe(true)
      const next = yield* client.models.list({ limit: 2, after_id: page.last_id! })
      expect(next.data[0]!.id).not.toBe(page.data[0]!.id)
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.models.listAll()))
      expect(new Set(all.map((m) => m.id)).size).toBe(all.length)
      expect(all.map((m) => m.id)).toEqual(expect.arrayContaining([...page.data, ...next.data].map((m) => m.id)))
      yield* client.healthCheck
    }))

  describe("faults", () => {
    it.scoped("retries a 529 Overloaded and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "anthropic", route: MESSAGES, status: 529, times: 1 }])
        const client = yield* anthropic(sim)
        expect((yield* Sim.drive(client.messages.create(ask))).type).toBe("message")
        expect(yield* Sim.requests(sim, "anthropic", MESSAGES)).toBe(2)
      }))

    it.scoped("retries a transient 503 and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "anthropic", route: "POST /v1/messages/count_tokens", status: 503, times: 2 }])
        const client = yield* anthropic(sim)
        yield* Sim.drive(client.messages.countTokens({ model: ask.model, messages: ask.messages }))
        expect(yield* Sim.requests(sim, "anthropic", "POST /v1/messages/count_tokens")).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 on the clock before retrying", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "anthropic", route: MESSAGES, status: 429, retryAfterSeconds: 6, times: 1 }])
        const client = yield* anthropic(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.messages.create(ask))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(6_000)
        expect(yield* Sim.requests(sim, "anthropic", MESSAGES)).toBe(2)
      }))

    it.scoped("repeats a message whose connection dropped after Anthropic answered, as it has no side effect", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "anthropic", route: MESSAGES, times: 1 }])
        const client = yield* anthropic(sim)
        expect((yield* Sim.drive(client.messages.create(ask))).type).toBe("message")
        const stats = yield* sim.stats
        expect(stats.requests[`anthropic ${MESSAGES}`]).toBe(2)
        expect(stats.sideEffects).toHaveLength(0)
      }))

    it.scoped("reports a renamed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "anthropic", route: MESSAGES, op: "rename", path: "content", to: "contents", times: 1 },
          { kind: "malformed", vendor: "anthropic", route: "POST /v1/messages/count_tokens", times: 1 }
        ])
        const client = yield* anthropic(sim)
        Sim.expectError(yield* Sim.failure(client.messages.create(ask)), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const malformed = yield* Sim.failure(client.messages.countTokens({ model: ask.model, messages: ask.messages }))
        Sim.expectError(malformed, { reason: "ResponseDrift", status: 200 }, API_KEY)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "anthropic", fromMs: 0, toMs: 60_000 }])
        const client = yield* anthropic(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "anthropic", MESSAGES)
        Sim.expectError(yield* Sim.failure(client.messages.create(ask)), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "anthropic", MESSAGES)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect((yield* client.messages.create(ask)).type).toBe("message")
      }))

    it.scoped("fails a message stream cut before `message_stop` instead of passing off half a message as whole", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "truncate", vendor: "anthropic", route: MESSAGES, fraction: 0.5 }])
        const client = yield* anthropic(sim)
        const received: Array<MessageStream.MessageStreamEvent> = []
        const error = yield* Sim.failure(
          Stream.runForEach(client.messages.stream(ask), (event) => Effect.sync(() => received.push(event)))
        )
        Sim.expectError(error, { reason: "Transport" }, API_KEY)
        expect(error.description).toContain("ended before its final event")
        expect(received[0]!.type).toBe("message_start")
        expect(received.some((e) => e.type === "message_stop")).toBe(false)
      }))

    it.scoped("fails a stream that stalls between events with a typed idle timeout", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "anthropic", route: MESSAGES, ms: 600_000, during: "response" }])
        const client = yield* anthropic(sim, { streamIdleTimeout: "20 seconds" })
        const received: Array<MessageStream.MessageStreamEvent> = []
        const fiber = yield* Effect.fork(
          Sim.failure(Stream.runForEach(client.messages.stream(ask), (event) => Effect.sync(() => received.push(event))))
        )
        yield* Sim.until("the first events arrived", Effect.sync(() => received.length > 0))
        const error = yield* Sim.drive(Fiber.join(fiber), "1 minute")
        Sim.expectError(error, { reason: "Timeout" }, API_KEY)
        expect(error.description).toContain("stalled")
        expect(received[0]!.type).toBe("message_start")
        expect(received.some((e) => e.type === "message_stop")).toBe(false)
        expect(yield* Sim.requests(sim, "anthropic", MESSAGES)).toBe(1)
      }))
  })
})
