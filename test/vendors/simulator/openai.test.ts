import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as GroqClient from "../../../src/vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../../src/vendors/openai/OpenAIClient.js"
import * as ChatCompletions from "../../../src/vendors/openai/resources/ChatCompletions.js"
import * as Responses from "../../../src/vendors/openai/resources/Responses.js"
import * as Sim from "./support.js"

const API_KEY = "sk-simulated-Zx81bQw2LpR7tY3uV9aK"

const openai = (sim: Sim.Simulator, options: Partial<OpenAIClient.Options> = {}) =>
  Sim.client(OpenAIClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("openai"), policy: Sim.policy, ...options }))

const ask = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "Say hello to the simulator" }] }

describe("OpenAIClient against the simulator", () => {
  it.scoped("creates responses and chat completions, plain and streamed as typed events", () =>
    Effect.gen(function*() {
      const client = yield* openai(yield* Sim.simulator())
      const response = yield* client.responses.create({ model: "gpt-4o-mini", input: "Say hello" })
      expect(response.status).toBe("completed")
      expect(Responses.outputText(response).length).toBeGreaterThan(0)
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.responses.stream({ model: "gpt-4o-mini", input: "Say hello" })))
      expect(events[0]!.type).toBe("response.created")
      expect(events[events.length - 1]!.type).toBe("response.completed")

      const completion = yield* client.chat.completions.create(ask)
      expect(completion.choices[0]!.message.content).toEqual(expect.any(String))
      const chunks = Chunk.toReadonlyArray(yield* Stream.runCollect(client.chat.completions.stream(ask)))
      expect(chunks.length).toBeGreaterThan(1)
      expect(chunks.map(ChatCompletions.chunkText).join("")).toBe(completion.choices[0]!.message.content)
    }))

  it.scoped("creates embeddings, uploads audio for a transcription, lists models and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* openai(sim)
      const embeddings = yield* client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] })
      expect(embeddings.data).toHaveLength(2)
      expect(embeddings.data[0]!.embedding.length).toBeGreaterThan(0)
      const file = new File([new Uint8Array(2048)], "memo.mp3", { type: "audio/mpeg" })
      const transcription = yield* client.audio.transcriptions.create({ file, model: "whisper-1" })
      expect(transcription.text).toContain("memo.mp3")
      expect(transcription.text).toContain("2048 bytes")
      const models = yield* client.models.list()
      expect(models.data.map((m) => m.id)).toContain("whisper-1")
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "openai", "GET /v1/models")).toBe(2)
    }))

  it.scoped("serves Groq's preset through the same OpenAI-compatible routes", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const groq = yield* Sim.client(GroqClient.make({ apiKey: Redacted.make("sk-groq-simulated"), baseUrl: sim.baseUrl("openai") }))
      expect(groq.vendor).toBe("Groq")
      const file = new File([new Uint8Array(16)], "note.wav", { type: "audio/wav" })
      expect((yield* groq.audio.transcriptions.create({ file, model: "whisper-1" })).text).toContain("note.wav")
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "openai", route: "POST /v1/chat/completions", status: 503, times: 2 }])
        const client = yield* openai(sim)
        const completion = yield* Sim.drive(client.chat.completions.create(ask))
        expect(completion.object).toBe("chat.completion")
        expect(yield* Sim.requests(sim, "openai", "POST /v1/chat/completions")).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 on the clock before retrying", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "openai", route: "POST /v1/embeddings", status: 429, retryAfterSeconds: 9, times: 1 }
        ])
        const client = yield* openai(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.embeddings.create({ model: "text-embedding-3-small", input: "x" }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(9_000)
        expect(yield* Sim.requests(sim, "openai", "POST /v1/embeddings")).toBe(2)
      }))

    it.scoped("repeats a completion whose connection dropped after OpenAI answered, as it has no side effect", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "openai", route: "POST /v1/chat/completions", times: 1 }])
        const client = yield* openai(sim)
        const completion = yield* Sim.drive(client.chat.completions.create(ask))
        expect(completion.object).toBe("chat.completion")
        const stats = yield* sim.stats
        expect(stats.requests["openai POST /v1/chat/completions"]).toBe(2)
        expect(stats.faults).toEqual({ resetAfterCommit: 1 })
        expect(stats.sideEffects).toHaveLength(0)
      }))

    it.scoped("reports a retyped field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "openai", route: "GET /v1/models", op: "retype", path: "data", as: "string", times: 1 },
          { kind: "malformed", vendor: "openai", route: "POST /v1/embeddings", times: 1 }
        ])
        const client = yield* openai(sim)
        Sim.expectError(yield* Sim.failure(client.models.list()), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const malformed = yield* Sim.failure(client.embeddings.create({ model: "text-embedding-3-small", input: "x" }))
        Sim.expectError(malformed, { reason: "ResponseDrift", status: 200 }, API_KEY)
      }))

    it.scoped("reports a drifted stream event as ResponseDrift", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "openai", route: "POST /v1/chat/completions", op: "retype", path: "choices", as: "string" }
        ])
        const client = yield* openai(sim)
        const error = yield* Sim.failure(Stream.runCollect(client.chat.completions.stream(ask)))
        expect(error.reason).toBe("ResponseDrift")
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "openai", fromMs: 0, toMs: 60_000 }])
        const client = yield* openai(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 3; i++) errors.push((yield* Sim.failure(Sim.drive(client.models.list(), "20 seconds"))).reason)
        // OpenAI's 503 asks for less traffic ("slow down"): the client calls it Overloaded.
        expect(errors[0]).toBe("Overloaded")
        expect(errors).toContain("CircuitOpen")
        const seen = yield* Sim.requests(sim, "openai", "GET /v1/models")
        Sim.expectError(yield* Sim.failure(client.models.list({ policy: { maxRetries: 0 } })), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "openai", "GET /v1/models")).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect((yield* Sim.drive(client.models.list(), "20 seconds")).data.length).toBeGreaterThan(0)
      }))

    it.scoped("fails a chat stream cut before `[DONE]` instead of passing off half an answer as whole", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "truncate", vendor: "openai", route: "POST /v1/chat/completions", fraction: 0.5 }])
        const client = yield* openai(sim)
        const received: Array<ChatCompletions.ChatCompletionChunk> = []
        const error = yield* Sim.failure(
          Stream.runForEach(client.chat.completions.stream(ask), (chunk) => Effect.sync(() => received.push(chunk)))
        )
        Sim.expectError(error, { reason: "Transport" }, API_KEY)
        expect(error.description).toContain("ended before its final event")
        expect(received.length).toBeGreaterThan(0)
        expect(yield* Sim.requests(sim, "openai", "POST /v1/chat/completions")).toBe(1)
      }))

    it.scoped("fails a Responses stream cut before `response.completed`", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "truncate", vendor: "openai", route: "POST /v1/responses", fraction: 0.5 }])
        const client = yield* openai(sim)
        const error = yield* Sim.failure(Stream.runDrain(client.responses.stream({ model: "gpt-4o-mini", input: "Say hello" })))
        Sim.expectError(error, { reason: "Transport" }, API_KEY)
        expect(error.description).toContain("ended before its final event")
      }))

    it.scoped("fails a stream that stalls between events with a typed idle timeout", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "latency", vendor: "openai", route: "POST /v1/chat/completions", ms: 600_000, during: "response" }
        ])
        const client = yield* openai(sim, { streamIdleTimeout: "30 seconds" })
        const received: Array<ChatCompletions.ChatCompletionChunk> = []
        const fiber = yield* Effect.fork(
          Sim.failure(Stream.runForEach(client.chat.completions.stream(ask), (chunk) => Effect.sync(() => received.push(chunk))))
        )
        yield* Sim.until("the first events arrived", Effect.sync(() => received.length > 0))
        const error = yield* Sim.drive(Fiber.join(fiber), "1 minute")
        Sim.expectError(error, { reason: "Timeout" }, API_KEY)
        expect(error.description).toContain("stalled")
        expect(received.some((c) => c.choices[0]?.finish_reason === "stop")).toBe(false)
        // Not retried: events were already delivered.
        expect(yield* Sim.requests(sim, "openai", "POST /v1/chat/completions")).toBe(1)
      }))
  })
})
