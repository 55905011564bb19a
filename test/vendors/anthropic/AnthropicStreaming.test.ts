import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type * as NodeHttp from "node:http"
import * as AnthropicClient from "../../../src/vendors/anthropic/AnthropicClient.js"
import * as TestServer from "../../support/TestServer.js"
import * as Fixtures from "./fixtures.js"

const apiKey = Redacted.make(Fixtures.API_KEY)
const hello = { model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user" as const, content: "Hello" }] }

/** Writes events as Anthropic does: an `event:` line naming the type, then the JSON `data:` line. */
const sse = (res: NodeHttp.ServerResponse, events: ReadonlyArray<readonly [string, unknown]>) => {
  res.writeHead(200, { "content-type": "text/event-stream", "request-id": "req_stream" })
  for (const [name, data] of events) res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
}

const start = ["message_start", { type: "message_start", message: { ...Fixtures.message, content: [], stop_reason: null } }] as const
const blockStart = [
  "content_block_start",
  { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }
] as const
const delta = (text: string) =>
  ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }] as const

describe("AnthropicClient streaming", () => {
  it.scoped("streams the typed events of a message, pings included, and sends stream: true", () =>
    Effect.gen(function*() {
      let body = ""
      const server = yield* TestServer.make(async (req, res) => {
        body = await TestServer.readBody(req)
        sse(res, [
          start,
          blockStart,
          ["ping", { type: "ping" }],
          delta("Hel"),
          delta("lo"),
          ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta_v2", text: "?" } }],
          ["content_block_stop", { type: "content_block_stop", index: 0 }],
          ["message_delta", {
            type: "message_delta",
            delta: { stop_reason: "end_turn", stop_sequence: null },
            usage: { output_tokens: 2 }
          }],
          ["message_stop", { type: "message_stop" }]
        ])
        res.end()
      })
      const client = yield* AnthropicClient.make({ apiKey, baseUrl: server.url })
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.messages.stream(hello)))
      expect(events.map((event) => event.type)).toEqual([
        "message_start",
        "content_block_start",
        "ping",
        "content_block_delta",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop"
      ])
      const text = events
        .map((event) => (event.type === "content_block_delta" && event.delta.type === "text_delta" ? event.delta.text : ""))
        .join("")
      expect(text).toBe("Hello")
      const future = events[5]
      expect(future?.type === "content_block_delta" ? future.delta.type : undefined).toBe("unknown")
      const stop = events[7]
      expect(stop?.type === "message_delta" ? [stop.delta.stop_reason, stop.usage.output_tokens] : []).toEqual(["end_turn", 2])
      expect(JSON.parse(body)).toMatchObject({ ...hello, stream: true })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an overloaded_error event mid-stream fails the stream with Overloaded, after the events before it", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [start, blockStart, delta("partial"), [
          "error",
          { type: "error", error: { type: "overloaded_error", message: "Overloaded: secret prompt text" } }
        ]])
        res.end()
      })
      const client = yield* AnthropicClient.make({ apiKey, baseUrl: server.url })
      const seen: Array<string> = []
      const error = yield* Effect.flip(
        Stream.runForEach(client.messages.stream(hello), (event) => Effect.sync(() => seen.push(event.type)))
      )
      expect(seen).toEqual(["message_start", "content_block_start", "content_block_delta"])
      expect(error.reason).toBe("Overloaded")
      expect(error.retryable).toBe(true)
      expect(error.vendor).toBe("Anthropic")
      expect(error.operation).toBe("messages.stream")
      expect(error.details).toEqual({ type: "overloaded_error" })
      expect(error.message).not.toContain("secret prompt")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an event whose payload lacks its type takes it from the event: line", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [["ping", {}], ["message_stop", {}]])
        res.end()
      })
      const client = yield* AnthropicClient.make({ apiKey, baseUrl: server.url })
      const events = Chunk.toReadonlyArray(yield* Stream.runCollect(client.messages.stream(hello)))
      expect(events.map((event) => event.type)).toEqual(["ping", "message_stop"])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a 529 before the stream starts is retried, then the stream is read", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        if (requests === 1) {
          res.writeHead(529, { "content-type": "application/json", "retry-after": "2" })
          return res.end(JSON.stringify(Fixtures.errorBody("overloaded_error", "Overloaded")))
        }
        sse(res, [start, ["message_stop", { type: "message_stop" }]])
        res.end()
      })
      const client = yield* AnthropicClient.make({ apiKey, baseUrl: server.url })
      const fiber = yield* Effect.fork(Stream.runCollect(client.messages.stream(hello)))
      yield* Fixtures.sleepScheduled(2000)
      yield* TestClock.adjust(Duration.seconds(2))
      const events = yield* Fiber.join(fiber)
      expect(Chunk.toReadonlyArray(events).map((event) => event.type)).toEqual(["message_start", "message_stop"])
      expect(requests).toBe(2)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("a stream silent for longer than the idle timeout fails with Timeout", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => sse(res, [start]))
      const client = yield* AnthropicClient.make({ apiKey, baseUrl: server.url, streamIdleTimeout: "15 seconds" })
      const first = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        Stream.runDrain(client.messages.stream(hello).pipe(Stream.tap(() => Deferred.succeed(first, undefined))))
      )
      yield* Deferred.await(first)
      yield* Fixtures.sleepScheduled(15_000)
      yield* TestClock.adjust(Duration.seconds(15))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error.reason).toBe("Timeout")
      expect(error.description).toContain("stream stalled")
      expect(error.requestId).toBe("req_stream")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
