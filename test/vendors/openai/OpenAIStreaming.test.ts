import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type * as NodeHttp from "node:http"
import * as Telemetry from "../../../src/core/Telemetry.js"
import * as GroqClient from "../../../src/vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../../src/vendors/openai/OpenAIClient.js"
import * as OpenAISchemas from "../../../src/vendors/openai/OpenAISchemas.js"
import * as TestServer from "../../support/TestServer.js"
import * as Fixtures from "./fixtures.js"

const apiKey = Redacted.make(Fixtures.API_KEY)

const sse = (res: NodeHttp.ServerResponse, events: ReadonlyArray<unknown>) => {
  res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_stream" })
  for (const data of events) res.write(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`)
}

const typed = (type: string, fields: Record<string, unknown>) => ({ type, sequence_number: 0, ...fields })

describe("OpenAIClient streaming", () => {
  it.scoped("streams chat chunks until [DONE] and sends stream: true with the stream options", () =>
    Effect.gen(function*() {
      let body = ""
      const server = yield* TestServer.make(async (req, res) => {
        body = await TestServer.readBody(req)
        sse(res, [Fixtures.chunk("Hel"), Fixtures.chunk("lo", "stop"), "[DONE]", Fixtures.chunk("after done")])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const chunks = yield* Stream.runCollect(
        client.chat.completions.stream({
          model: "gpt-4o-mini",
          messages: [{ role: "user", content: "Hi" }],
          stream_options: { include_usage: true }
        })
      )
      expect(Chunk.toReadonlyArray(chunks).map(OpenAISchemas.chunkText).join("")).toBe("Hello")
      expect(JSON.parse(body)).toMatchObject({ stream: true, stream_options: { include_usage: true } })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an error sent inside a chat stream fails it with a typed reason after the chunks before it", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [Fixtures.chunk("partial"), {
          error: { message: "The server had an error: my secret prompt", type: "server_error", param: null, code: null }
        }])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const seen: Array<string> = []
      const error = yield* Effect.flip(
        Stream.runForEach(
          client.chat.completions.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }),
          (chunk) => Effect.sync(() => seen.push(OpenAISchemas.chunkText(chunk)))
        )
      )
      expect(seen).toEqual(["partial"])
      expect(error.reason).toBe("Server")
      expect(error.operation).toBe("chat.completions.stream")
      expect(error.details).toEqual({ type: "server_error" })
      expect(error.message).not.toContain("secret prompt")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a stalled chat stream fails with Timeout after the idle timeout", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => sse(res, [Fixtures.chunk("first")]))
      const client = yield* GroqClient.make({ apiKey, baseUrl: server.url, streamIdleTimeout: "10 seconds" })
      const first = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        Stream.runDrain(
          client.chat.completions.stream({ model: "llama", messages: [{ role: "user", content: "Hi" }] }).pipe(
            Stream.tap(() => Deferred.succeed(first, undefined))
          )
        )
      )
      yield* Deferred.await(first)
      yield* Fixtures.sleepScheduled(10_000)
      yield* TestClock.adjust(Duration.seconds(10))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error.reason).toBe("Timeout")
      expect(error.vendor).toBe("Groq")
      expect(error.description).toContain("stream stalled")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("OpenAI's own streams wait out five minutes of silence before failing (reasoning models think that long)", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => sse(res, [Fixtures.chunk("first")]))
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const fiber = yield* Effect.fork(
        Effect.flip(Stream.runDrain(client.chat.completions.stream({ model: "o3", messages: [{ role: "user", content: "Hi" }] })))
      )
      yield* Fixtures.sleepScheduled(300_000)
      yield* TestClock.adjust(Duration.minutes(5))
      const error = yield* Fiber.join(fiber)
      expect([error.reason, error.vendor]).toEqual(["Timeout", "OpenAI"])
      expect(error.description).toContain("stream stalled")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("streams typed Responses events and keeps an unknown event whole", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [
          typed("response.created", { response: { ...Fixtures.response, status: "in_progress", output: [] } }),
          typed("response.web_search_call.searching", { output_index: 0, item_id: "ws_1" }),
          typed("response.output_text.delta", { item_id: "msg_1", output_index: 1, content_index: 0, delta: "Hel", logprobs: [] }),
          typed("response.output_text.delta", { item_id: "msg_1", output_index: 1, content_index: 0, delta: "lo", logprobs: [] }),
          typed("response.completed", { response: Fixtures.response })
        ])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const events = Chunk.toReadonlyArray(
        yield* Stream.runCollect(client.responses.stream({ model: "gpt-4.1", input: "Say hello" }))
      )
      expect(events.map((event) => event.type)).toEqual([
        "response.created",
        "unknown",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.completed"
      ])
      const text = events.map((event) => (event.type === "response.output_text.delta" ? event.delta : "")).join("")
      expect(text).toBe("Hello")
      const unknown = events[1]
      expect(unknown?.type === "unknown" ? unknown.event : undefined).toMatchObject({
        type: "response.web_search_call.searching",
        item_id: "ws_1"
      })
      const last = events[4]
      expect(last?.type === "response.completed" ? OpenAISchemas.outputText(last.response) : "").toBe("Hello")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a Responses error event fails the stream by its code and counts the failure", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [
          typed("response.created", { response: { ...Fixtures.response, status: "in_progress", output: [] } }),
          { type: "error", code: "rate_limit_exceeded", message: "Slow down, secret prompt", param: null, sequence_number: 1 }
        ])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const failures = Metric.tagged(
        Metric.tagged(Telemetry.failures, Telemetry.Tag.vendor, "OpenAI"),
        Telemetry.Tag.reason,
        "RateLimited"
      )
      const before = (yield* Metric.value(failures)).count
      const error = yield* Effect.flip(Stream.runDrain(client.responses.stream({ model: "gpt-4.1", input: "x" })))
      expect(error.reason).toBe("RateLimited")
      expect(error.details).toEqual({ code: "rate_limit_exceeded" })
      expect(error.message).not.toContain("secret prompt")
      expect((yield* Metric.value(failures)).count).toBe(before + 1)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a known event that does not match its schema fails with ResponseDrift instead of passing as unknown", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [typed("response.output_text.delta", { item_id: "msg_1", output_index: 1, content_index: 0, delta: 42 })])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const error = yield* Effect.flip(Stream.runDrain(client.responses.stream({ model: "gpt-4.1", input: "x" })))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toContain("delta")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})

describe("OpenAIClient streaming telemetry", () => {
  const exporter = new InMemorySpanExporter()
  const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

  it.scoped("the span of a stream failed by an error event ends with error status and no payload text", () =>
    Effect.gen(function*() {
      exporter.reset()
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [{ type: "error", code: "server_error", message: "secret prompt echoed", param: null, sequence_number: 1 }])
        res.end()
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      yield* Effect.exit(Stream.runDrain(client.responses.stream({ model: "gpt-4.1", input: "x" })))
      const spans = exporter.getFinishedSpans()
      expect(spans.map((span) => span.name)).toEqual(["OpenAI.responses.stream"])
      expect(spans[0]?.status.code).toBe(2) // ERROR
      expect(spans[0]?.status.message).toContain("server_error")
      expect(JSON.stringify(spans.map((span) => [span.attributes, span.status]))).not.toContain("secret prompt")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici), Effect.provide(Tracing)))
})
