import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import type * as NodeHttp from "node:http"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as TestServer from "../support/TestServer.js"

const Delta = Schema.Struct({ type: Schema.Literal("delta"), text: Schema.String })

const makeStream = (baseUrl: string) =>
  Effect.map(
    HttpIntegration.make({
      vendor: "Streamy",
      baseUrl,
      auth: HttpIntegration.bearer(Credentials.fixed("sk_stream")),
      policy: { jitter: 0, baseDelay: "100 millis" }
    }),
    (http) =>
      http.streamOperation({
        name: "chat.stream",
        method: "POST",
        idempotent: true,
        idleTimeout: "5 seconds",
        input: Schema.Struct({ prompt: Schema.String }),
        event: Delta,
        request: (body) => ({ path: "/stream", body: { _tag: "Json", value: body } })
      })
  )

/** A recursive schema: decoding a deeply nested value recurses once per level. */
type Nested = string | ReadonlyArray<Nested>
const Nested: Schema.Schema<Nested> = Schema.Union(Schema.String, Schema.Array(Schema.suspend(() => Nested)))

const makeNestedStream = (baseUrl: string) =>
  Effect.map(
    HttpIntegration.make({ vendor: "Streamy", baseUrl, policy: { maxRetries: 0 } }),
    (http) =>
      http.streamOperation({
        name: "nested.stream",
        method: "GET",
        input: Schema.Struct({}),
        event: Nested,
        request: () => ({ path: "/stream" })
      })
  )

/**
 * The undici client, counting the body bytes the integration pulls. The count runs at most one chunk ahead of the
 * integration: the body is handed on through a web stream that reads only when asked (high-water mark 0).
 */
const countingClient = (pulled: { bytes: number; largest: number }) =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transformResponse(client, Effect.map((response) => {
        const body = response.stream.pipe(
          Stream.tap((chunk) =>
            Effect.sync(() => {
              pulled.bytes += chunk.byteLength
              pulled.largest = Math.max(pulled.largest, chunk.byteLength)
            })
          )
        )
        return HttpClientResponse.fromWeb(
          response.request,
          new Response(Stream.toReadableStream(body, { strategy: new CountQueuingStrategy({ highWaterMark: 0 }) }), {
            status: response.status,
            headers: response.headers
          })
        )
      })))
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

const sse = (res: NodeHttp.ServerResponse, events: ReadonlyArray<string>) => {
  res.writeHead(200, { "content-type": "text/event-stream" })
  for (const data of events) res.write(`data: ${data}\n\n`)
}

describe("HttpIntegration streaming", () => {
  it.scoped("decodes server-sent events until [DONE]", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, ['{"type":"delta","text":"Hel"}', '{"type":"delta","text":"lo"}', "[DONE]"])
        res.end()
      })
      const stream = yield* makeStream(server.url)
      const events = yield* Stream.runCollect(stream({ prompt: "hi" }))
      expect(Chunk.toReadonlyArray(events).map((e) => e.text).join("")).toBe("Hello")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("fails with Timeout when the stream stalls longer than the idle timeout", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => sse(res, ['{"type":"delta","text":"partial"}']))
      const stream = yield* makeStream(server.url)
      const first = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        Stream.runCollect(stream({ prompt: "hi" }).pipe(Stream.tap(() => Deferred.succeed(first, undefined))))
      )
      yield* Deferred.await(first)
      yield* TestClock.adjust(Duration.seconds(5))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error.reason).toBe("Timeout")
      expect(error.description).toContain("stalled")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  // Real time here: the retry's sleep starts only after the 503 has crossed a real socket, which a virtual clock cannot
  // wait for. The backoff is 100 ms.
  it.live("retries the connection on 503 before any event, then streams", () =>
    Effect.gen(function*() {
      let requests = 0
      const server = yield* TestServer.make((_req, res) => {
        requests++
        if (requests === 1) {
          res.writeHead(503, { "content-type": "application/json" })
          return res.end("{}")
        }
        sse(res, ['{"type":"delta","text":"ok"}', "[DONE]"])
        res.end()
      })
      const stream = yield* makeStream(server.url)
      const events = yield* Stream.runCollect(stream({ prompt: "hi" }))
      expect(Chunk.size(events)).toBe(1)
      expect(requests).toBe(2)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an event that does not match the schema fails with ResponseDrift", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        sse(res, ['{"type":"delta","text":42}'])
        res.end()
      })
      const stream = yield* makeStream(server.url)
      const error = yield* Effect.flip(Stream.runCollect(stream({ prompt: "hi" })))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toContain("text")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the call's deadline bounds the whole stream, not only the wait for its headers", () =>
    Effect.gen(function*() {
      const opened = yield* Deferred.make<NodeHttp.ServerResponse>()
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.flushHeaders()
        Deferred.unsafeDone(opened, Exit.succeed(res))
      })
      // The server sends an event whenever the test asks, so time passes only on the test clock.
      const emit = (text: string) =>
        Effect.flatMap(Deferred.await(opened), (res) => Effect.sync(() => res.write(`data: ${JSON.stringify({ type: "delta", text })}\n\n`)))
      const stream = yield* makeStream(server.url)
      const received = yield* Queue.unbounded<string>()
      const fiber = yield* Effect.fork(
        Stream.runDrain(
          stream({ prompt: "hi" }, { policy: { deadline: "3 seconds" } }).pipe(Stream.tap((event) => Queue.offer(received, event.text)))
        )
      )
      yield* emit("one")
      expect(yield* Queue.take(received)).toBe("one")
      yield* TestClock.adjust(Duration.seconds(2))
      yield* emit("two")
      expect(yield* Queue.take(received)).toBe("two")
      // 4 s since the call started, 2 s since the last event: past the deadline, well within the 5 s idle timeout.
      yield* TestClock.adjust(Duration.seconds(2))
      // Without a deadline on the stream, the idle timeout would end it here instead.
      yield* TestClock.adjust(Duration.seconds(3))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error.reason).toBe("Timeout")
      expect(error.description).toBe("overall deadline of 3s exceeded")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the deadline counts from the call's start: time spent waiting for the headers is taken from the stream", () =>
    Effect.gen(function*() {
      const arrived = yield* Deferred.make<NodeHttp.ServerResponse>()
      const server = yield* TestServer.make((_req, res) => Deferred.unsafeDone(arrived, Exit.succeed(res)))
      const stream = yield* makeStream(server.url)
      const received = yield* Queue.unbounded<string>()
      const fiber = yield* Effect.fork(
        Stream.runDrain(
          stream({ prompt: "hi" }, { policy: { deadline: "3 seconds" } }).pipe(Stream.tap((event) => Queue.offer(received, event.text)))
        )
      )
      const res = yield* Deferred.await(arrived)
      // The vendor takes 2 s to answer, then streams.
      yield* TestClock.adjust(Duration.seconds(2))
      res.writeHead(200, { "content-type": "text/event-stream" })
      res.write(`data: ${JSON.stringify({ type: "delta", text: "one" })}\n\n`)
      expect(yield* Queue.take(received)).toBe("one")
      // 1 s of streaming is all that is left of the 3 s.
      yield* TestClock.adjust(Duration.seconds(1))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error.reason).toBe("Timeout")
      expect(error.description).toBe("overall deadline of 3s exceeded")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("fails with ResponseTooLarge once the stream's events together pass maxResponseBytes", () =>
    Effect.gen(function*() {
      const event = JSON.stringify({ type: "delta", text: "0123456789" })
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [...Array.from({ length: 100 }, () => event), "[DONE]"])
        res.end()
      })
      const stream = yield* makeStream(server.url)
      let delivered = 0
      const error = yield* Effect.flip(
        Stream.runDrain(
          stream({ prompt: "hi" }, { policy: { maxResponseBytes: 2048 } }).pipe(Stream.tap(() => Effect.sync(() => delivered++)))
        )
      )
      expect(error.reason).toBe("ResponseTooLarge")
      expect(error.description).toBe("the stream exceeds 2048 bytes")
      // Nothing beyond the limit reached the caller.
      expect(delivered * `data: ${event}\n\n`.length).toBeLessThanOrEqual(2048)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("an endless event fails with ResponseTooLarge after reading at most the limit and one chunk", () => {
    const pulled = { bytes: 0, largest: 0 }
    const limit = 256 * 1024
    return Effect.gen(function*() {
      const closed = yield* Deferred.make<number>()
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        // One event that never ends, written as fast as the client reads, up to 64 MiB.
        const piece = "x".repeat(16 * 1024)
        let sent = 0
        res.on("close", () => Deferred.unsafeDone(closed, Exit.succeed(sent)))
        const pump = () => {
          while (!res.destroyed && sent < 64 * 1024 * 1024) {
            sent += piece.length
            if (!res.write(piece)) return void res.once("drain", pump)
          }
        }
        res.write("data: ")
        pump()
      })
      const stream = yield* makeStream(server.url)
      const error = yield* Effect.flip(Stream.runDrain(stream({ prompt: "hi" }, { policy: { maxResponseBytes: limit } })))
      expect(error.reason).toBe("ResponseTooLarge")
      // The client hung up: the server stops long before its 64 MiB.
      expect(yield* Deferred.await(closed)).toBeLessThan(64 * 1024 * 1024)
      // The chunk that crossed the limit, and the one the counting client read ahead.
      expect(pulled.largest).toBeGreaterThan(0)
      expect(pulled.bytes).toBeLessThanOrEqual(limit + 2 * pulled.largest)
    }).pipe(Effect.provide(countingClient(pulled)))
  })

  it.scoped("an event nested 100,000 levels deep fails with ResponseDrift before any parse or decode", () =>
    Effect.gen(function*() {
      const depth = 100_000
      const server = yield* TestServer.make((_req, res) => {
        sse(res, [JSON.stringify(["ok"]), "[".repeat(depth) + "]".repeat(depth)])
        res.end()
      })
      const stream = yield* makeNestedStream(server.url)
      const seen: Array<Nested> = []
      const error = yield* Effect.flip(
        Stream.runDrain(stream({}).pipe(Stream.tap((event) => Effect.sync(() => seen.push(event)))))
      )
      expect(seen).toEqual([["ok"]])
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toBe("stream event nests deeper than 512 levels")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
})
