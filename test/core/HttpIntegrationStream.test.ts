import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
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
})
