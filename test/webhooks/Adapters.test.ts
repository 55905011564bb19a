import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as NodeHttp from "node:http"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as WebhookExpress from "../../src/webhooks/WebhookExpress.js"
import * as WebhookWeb from "../../src/webhooks/WebhookWeb.js"
import * as TestServer from "../support/TestServer.js"

const secret = Redacted.make("It's a Secret to Everybody")
const PushEvent = Schema.Struct({ action: Schema.String })

const signedHeaders = (body: string, id = "delivery-1") =>
  Effect.runSync(Effect.map(GitHub.scheme.sign({ body, id }, secret), (signed) => signed.headers))

const counting = () => {
  const state = { calls: 0 }
  return { state, handler: () => Effect.sync(() => void state.calls++) }
}

describe("WebhookWeb (Request => Response)", () => {
  it.effect("1,000 concurrent deliveries of one id: the handler runs exactly once and nothing is a 5xx", () =>
    Effect.gen(function*() {
      const whsec = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      const { handler, state } = counting()
      const handle = WebhookWeb.toHandler({
        scheme: StandardWebhooks.scheme,
        secrets: whsec,
        schema: Schema.Unknown,
        handler: () => Effect.zipRight(Effect.yieldNow(), handler())
      })
      const signed = yield* StandardWebhooks.scheme.sign({ body: "{\"n\":1}", id: "msg_once", timestamp: Date.now() }, whsec)
      const statuses = yield* Effect.promise(() =>
        Promise.all(
          Array.from({ length: 1000 }, () =>
            handle(new Request("https://example.com/hooks", { method: "POST", body: "{\"n\":1}", headers: signed.headers }))
              .then((response) => response.status))
        )
      )
      expect(state.calls).toBe(1)
      expect(statuses.every((status) => status === 200 || status === 409)).toBe(true)
    }))

  it.effect("answers 401 to a bad signature and 413 to a streamed oversize body, handler not run", () =>
    Effect.gen(function*() {
      const { handler, state } = counting()
      const handle = WebhookWeb.toHandler({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler, maxBodyBytes: 100 })
      const bad = yield* Effect.promise(() =>
        handle(new Request("https://example.com/h", { method: "POST", body: "{\"action\":\"x\"}", headers: signedHeaders("{}") }))
      )
      expect(bad.status).toBe(401)
      const big = new TextEncoder().encode("x".repeat(10_000))
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(big)
          controller.close()
        }
      })
      const init: RequestInit & { duplex: "half" } = { method: "POST", body: stream, headers: signedHeaders("x".repeat(10_000)), duplex: "half" }
      const oversize = yield* Effect.promise(() => handle(new Request("https://example.com/h", init)))
      expect(oversize.status).toBe(413)
      expect(state.calls).toBe(0)
    }))

  it.effect("runs the handler on a given runtime that provides the replay guard", () =>
    Effect.gen(function*() {
      const runtime = yield* Effect.runtime<ReplayGuard.ReplayGuard>().pipe(Effect.provide(ReplayGuard.layerMemory()))
      const { handler, state } = counting()
      const handle = WebhookWeb.toHandlerRuntime(runtime)({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler })
      const body = "{\"action\":\"opened\"}"
      const send = () => handle(new Request("https://example.com/h", { method: "POST", body, headers: signedHeaders(body) }))
      const statuses = [(yield* Effect.promise(send)).status, (yield* Effect.promise(send)).status]
      expect(statuses).toEqual([200, 200])
      expect(state.calls).toBe(1)
    }))
})

/** A node:http server standing in for Express: `prepare` plays the role of a body-parser middleware. */
const expressLike = (
  handle: (req: WebhookExpress.RequestLike, res: WebhookExpress.ResponseLike) => Promise<void>,
  prepare: (req: NodeHttp.IncomingMessage) => Promise<unknown> = () => Promise.resolve(undefined)
) =>
  TestServer.make((req, res) => {
    void prepare(req).then((body) => {
      const expressReq = body === undefined ? req : Object.assign(req, { body })
      return handle(expressReq as WebhookExpress.RequestLike, res)
    })
  })

const send = (url: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  Effect.promise(async () => {
    const init: RequestInit & { duplex?: "half" } = { method: "POST", body, headers }
    if (body instanceof ReadableStream) init.duplex = "half"
    const response = await fetch(url, init)
    return { status: response.status, body: await response.text() }
  })

describe("WebhookExpress on a real node:http server", () => {
  it.scoped("reads the raw request stream itself when no body parser ran", () =>
    Effect.gen(function*() {
      const { handler, state } = counting()
      const server = yield* expressLike(WebhookExpress.toHandler({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler }))
      const body = "{\"action\":\"opened\"}"
      const response = yield* send(`${server.url}/hooks`, body, signedHeaders(body))
      expect(response.status).toBe(200)
      expect(state.calls).toBe(1)
    }))

  it.scoped("takes the Buffer from express.raw()", () =>
    Effect.gen(function*() {
      const { handler, state } = counting()
      const server = yield* expressLike(
        WebhookExpress.toHandler({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler }),
        (req) => TestServer.readBody(req).then((text) => Buffer.from(text, "utf8"))
      )
      const body = "{\"action\":\"opened\"}"
      expect((yield* send(`${server.url}/hooks`, body, signedHeaders(body))).status).toBe(200)
      expect(state.calls).toBe(1)
    }))

  it.scoped("answers 500 without running the handler when express.json() already parsed the body", () =>
    Effect.gen(function*() {
      const { handler, state } = counting()
      const server = yield* expressLike(
        WebhookExpress.toHandler({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler }),
        (req) => TestServer.readBody(req).then((text) => JSON.parse(text) as unknown)
      )
      const body = "{\"action\":\"opened\"}"
      const response = yield* send(`${server.url}/hooks`, body, signedHeaders(body))
      expect(response.status).toBe(500)
      expect(JSON.parse(response.body)).toEqual({ error: "internal_error" })
      expect(state.calls).toBe(0)
    }))

  it.scoped("answers 413 to a chunked body over the limit and stops reading it", () =>
    Effect.gen(function*() {
      const { handler, state } = counting()
      const server = yield* expressLike(
        WebhookExpress.toHandler({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler, maxBodyBytes: 1024 })
      )
      const big = new TextEncoder().encode(JSON.stringify({ action: "y".repeat(32 * 1024) }))
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < big.length; i += 2048) controller.enqueue(big.subarray(i, i + 2048))
          controller.close()
        }
      })
      const response = yield* send(`${server.url}/hooks`, stream, signedHeaders(new TextDecoder().decode(big)))
      expect(response.status).toBe(413)
      expect(state.calls).toBe(0)
    }))
})
