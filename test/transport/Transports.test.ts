import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as NodeHttp from "node:http"
import * as NodeHttps from "node:https"
import * as Undici from "undici"
import * as HttpTransport from "../../src/core/HttpTransport.js"
import * as NodeTransport from "../../src/transport/NodeTransport.js"
import * as UndiciTransport from "../../src/transport/UndiciTransport.js"
import * as TestServer from "../support/TestServer.js"
import * as TlsServer from "../support/TlsServer.js"

// What both transports give besides the kernel's direct exchange (which every HttpIntegration test runs over): the
// platform `HttpClient` any Effect code can use, and the streaming `send` of the kernel's Effect form.

/** Echoes the request: method, path, content type and body, as JSON. */
const echo = TestServer.make((req, res) => {
  void TestServer.readBody(req).then((body) => {
    res.writeHead(200, { "content-type": "application/json", "set-cookie": ["a=1; Path=/", "b=2; Path=/"] })
    res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers["content-type"] ?? null, body }))
  })
})

/** Each transport, and one that trusts the test certificate (its pools closed with the scope). */
const transports = [
  {
    name: "UndiciTransport",
    layer: UndiciTransport.layer(),
    make: UndiciTransport.make,
    trusting: (ca: string) =>
      Effect.map(
        Effect.acquireRelease(Effect.sync(() => new Undici.Agent({ connect: { ca } })), (agent) => Effect.promise(() => agent.close())),
        UndiciTransport.fromDispatcher
      )
  },
  {
    name: "NodeTransport",
    layer: NodeTransport.layer(),
    make: NodeTransport.make,
    trusting: (ca: string) =>
      Effect.map(
        Effect.acquireRelease(
          Effect.sync(() => ({ http: new NodeHttp.Agent(), https: new NodeHttps.Agent({ ca }) })),
          (agents) => Effect.sync(() => [agents.http, agents.https].forEach((agent) => agent.destroy()))
        ),
        NodeTransport.fromAgents
      )
  }
] as const

/** One whole exchange, as the kernel's direct path makes it. */
const exchange = (transport: HttpTransport.Service, request: HttpTransport.WireRequest) =>
  Effect.async<HttpTransport.Exchanged>((resume) => {
    const abort = transport.exchange(request, 1024 * 1024, (outcome) => resume(Effect.succeed(outcome)))
    return Effect.sync(abort)
  })

describe.each(transports)("$name", ({ layer, make, trusting }) => {
  it.scoped("speaks HTTPS to a server whose certificate it trusts, and refuses one it does not", () =>
    Effect.gen(function*() {
      const server = yield* TlsServer.make((req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify({ secure: true, url: req.url }))
      })
      const request = { method: "GET", origin: server.url, path: "/tls", headers: {}, body: undefined }
      const trusted = yield* trusting(TlsServer.certificate)
      const answered = yield* exchange(trusted, request)
      expect(answered).toMatchObject({ _tag: "Answered", status: 200, body: JSON.stringify({ secure: true, url: "/tls" }) })
      const viaClient = yield* Effect.flatMap(trusted.client.get(`${server.url}/client`), (response) => response.json)
      expect(viaClient).toEqual({ secure: true, url: "/client" })
      // Default pools trust the system's CAs only: the self-signed certificate is refused before any request.
      const untrusted = yield* make()
      const refused = yield* exchange(untrusted, request)
      expect(refused).toMatchObject({ _tag: "Failed", phase: "request" })
    }))

  it.scoped("is the platform HttpClient: JSON, text, headers and cookies of a real answer", () =>
    Effect.gen(function*() {
      const server = yield* echo
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(`${server.url}/things?limit=2`)
      expect(response.status).toBe(200)
      expect(response.headers["content-type"]).toBe("application/json")
      expect(Object.keys(response.cookies.cookies).sort()).toEqual(["a", "b"])
      expect(yield* response.json).toEqual({ method: "GET", url: "/things?limit=2", type: null, body: "" })
      // The body is read once and kept.
      expect(JSON.parse(yield* response.text)).toMatchObject({ method: "GET" })
      const bytes = yield* Effect.flatMap(client.get(`${server.url}/bytes`), (again) => again.arrayBuffer)
      expect(JSON.parse(new TextDecoder().decode(bytes))).toMatchObject({ url: "/bytes" })
    }).pipe(Effect.provide(layer)))

  it.scoped("sends text, bytes, a form and a stream as bodies", () =>
    Effect.gen(function*() {
      const server = yield* echo
      const client = yield* HttpClient.HttpClient
      const send = (body: HttpBody.HttpBody) =>
        Effect.flatMap(client.execute(HttpClientRequest.post(`${server.url}/in`).pipe(HttpClientRequest.setBody(body))), (r) =>
          r.json) as Effect.Effect<{ readonly body: string; readonly type: string | null }, unknown>

      expect(yield* send(HttpBody.text("hello", "text/plain"))).toMatchObject({ body: "hello", type: "text/plain" })
      const bytes = yield* send(HttpBody.uint8Array(new TextEncoder().encode("bytes!"), "application/octet-stream"))
      expect(bytes).toMatchObject({ body: "bytes!", type: "application/octet-stream" })
      const form = new FormData()
      form.append("name", "widget")
      const sentForm = yield* send(HttpBody.formData(form))
      expect(sentForm.type).toMatch(/^multipart\/form-data; boundary=/)
      expect(sentForm.body).toContain("widget")
      const streamed = yield* send(
        HttpBody.stream(Stream.make("a", "b", "c").pipe(Stream.encodeText), "text/plain")
      )
      expect(streamed).toMatchObject({ body: "abc", type: "text/plain" })
    }).pipe(Effect.provide(layer)))

  it.scoped("a refused connection is a RequestError of reason Transport", () =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const error = yield* Effect.flip(client.get("http://127.0.0.1:1/nothing"))
      expect(error._tag).toBe("RequestError")
      expect(error.reason).toBe("Transport")
    }).pipe(Effect.provide(layer)))

  it.scoped("send streams an answer chunk by chunk as it arrives", () =>
    Effect.gen(function*() {
      const second = yield* Deferred.make<void>()
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write("data: one\n\n")
        // The second chunk only once the first has been read: the answer really streams.
        void Effect.runPromise(Deferred.await(second)).then(() => res.end("data: two\n\n"))
      })
      const transport = yield* make()
      const controller = new AbortController()
      const response = yield* Effect.promise(() =>
        transport.send(
          { method: "GET", origin: server.url, path: "/events", headers: { accept: "text/event-stream" }, body: undefined },
          controller.signal
        )
      )
      expect(response.status).toBe(200)
      const chunks = yield* Stream.fromAsyncIterable(response.chunks(), (e) => e).pipe(
        Stream.decodeText(),
        Stream.tap((chunk) => chunk.includes("one") ? Deferred.succeed(second, undefined) : Effect.void),
        Stream.runCollect
      )
      expect(Chunk.join(chunks, "")).toBe("data: one\n\ndata: two\n\n")
    }))

  it.scoped("send refuses a body over the limit, declared or streamed, and can drop one unread", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((req, res) => {
        const big = "x".repeat(4096)
        if (req.url === "/declared") {
          res.writeHead(200, { "content-length": String(big.length) })
          res.end(big)
          return
        }
        res.writeHead(200)
        res.write(big)
        res.end(big)
      })
      const transport = yield* make()
      const get = (path: string) =>
        Effect.promise(() =>
          transport.send({ method: "GET", origin: server.url, path, headers: {}, body: undefined }, new AbortController().signal)
        )
      for (const path of ["/declared", "/streamed"]) {
        const response = yield* get(path)
        const refused = yield* Effect.flip(Effect.tryPromise(() => response.text(1024)))
        expect(refused.cause).toBeInstanceOf(HttpTransport.BodyTooLarge)
      }
      const dropped = yield* get("/streamed")
      dropped.discard()
      const whole = yield* get("/streamed")
      expect((yield* Effect.promise(() => whole.text(10_000))).length).toBe(8192)
    }))

  it.scoped("send rejects when its signal aborts before the answer", () =>
    Effect.gen(function*() {
      const arrived = yield* Deferred.make<void>()
      const server = yield* TestServer.make(() => Deferred.unsafeDone(arrived, Effect.void))
      const transport = yield* make()
      const controller = new AbortController()
      const sent = transport.send(
        { method: "GET", origin: server.url, path: "/hangs", headers: {}, body: undefined },
        controller.signal
      )
      yield* Deferred.await(arrived)
      controller.abort()
      const failure = yield* Effect.flip(Effect.tryPromise(() => sent))
      expect(failure.cause).toBeInstanceOf(Error)
    }))
})
