import { describe, expect, it } from "@effect/vitest"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as NodeHttp from "node:http"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Twilio from "../../src/webhooks/schemes/Twilio.js"
import * as WebhookHttp from "../../src/webhooks/WebhookHttp.js"
import type { VerifiedWebhook } from "../../src/webhooks/WebhookScheme.js"

const secret = Redacted.make("It's a Secret to Everybody")
const PushEvent = Schema.Struct({ action: Schema.String })

/** Serves `options` at POST /hooks on a real server on 127.0.0.1 (random port) with a memory replay guard. */
const serve = <A, I>(options: WebhookHttp.HandlerOptions<A, I, never>) =>
  Effect.gen(function*() {
    const server = yield* NodeHttpServer.make(() => NodeHttp.createServer(), { port: 0, host: "127.0.0.1" })
    const guard = yield* ReplayGuard.makeMemory()
    yield* server.serve(HttpRouter.empty.pipe(WebhookHttp.route("/hooks", options))).pipe(
      Effect.provideService(ReplayGuard.ReplayGuard, guard)
    )
    return `http://127.0.0.1:${(server.address as HttpServer.TcpAddress).port}/hooks`
  })

const post = (url: string, body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  Effect.promise(async () => {
    const init: RequestInit & { duplex?: "half" } = { method: "POST", body, headers }
    if (body instanceof ReadableStream) init.duplex = "half"
    const response = await fetch(url, init)
    return { status: response.status, body: await response.text(), headers: response.headers }
  })

/** A GitHub-signed push event. */
const githubDelivery = (body: string, id = "72d3162e-cc78-11e3-81ab-4c9367dc0958") =>
  Effect.map(GitHub.scheme.sign({ body, id }, secret), (signed) => ({ ...signed.headers, "content-type": "application/json" }))

/** Counts handler runs, recording what each one received. */
const recorder = () => {
  const seen: Array<{ action: string; webhook: VerifiedWebhook }> = []
  return {
    seen,
    handler: (event: { readonly action: string }, webhook: VerifiedWebhook) =>
      Effect.sync(() => void seen.push({ action: event.action, webhook }))
  }
}

describe("WebhookHttp on a real server", () => {
  it.scoped("answers 200 once the handler ran with the typed event and the delivery id", () =>
    Effect.gen(function*() {
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler })
      const response = yield* post(url, "{\"action\":\"opened\"}", yield* githubDelivery("{\"action\":\"opened\"}"))
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ received: true })
      expect(seen).toHaveLength(1)
      expect(seen[0]!.action).toBe("opened")
      expect(seen[0]!.webhook.id).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958")
    }))

  it.scoped("acknowledges a redelivery of a processed delivery with 200 without running the handler again", () =>
    Effect.gen(function*() {
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler })
      const headers = yield* githubDelivery("{\"action\":\"opened\"}")
      const first = yield* post(url, "{\"action\":\"opened\"}", headers)
      const second = yield* post(url, "{\"action\":\"opened\"}", headers)
      expect([first.status, second.status]).toEqual([200, 200])
      expect(seen).toHaveLength(1)
    }))

  it.scoped("answers 401 with a generic body to a bad signature or a missing header, without running the handler", () =>
    Effect.gen(function*() {
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler })
      const headers = yield* githubDelivery("{\"action\":\"opened\"}")
      const tampered = yield* post(url, "{\"action\":\"closed\"}", headers)
      const missing = yield* post(url, "{\"action\":\"opened\"}", { "content-type": "application/json" })
      for (const response of [tampered, missing]) {
        expect(response.status).toBe(401)
        expect(JSON.parse(response.body)).toEqual({ error: "unauthorized" })
      }
      expect(seen).toHaveLength(0)
    }))

  it.scoped("answers 400 to a malformed signature header and to a verified body that does not decode", () =>
    Effect.gen(function*() {
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler })
      const malformed = yield* post(url, "{\"action\":\"opened\"}", { "X-Hub-Signature-256": "sha1=0123" })
      const undecodable = yield* post(url, "{\"action\":42}", yield* githubDelivery("{\"action\":42}"))
      expect([malformed.status, undecodable.status]).toEqual([400, 400])
      expect(JSON.parse(undecodable.body)).toEqual({ error: "bad_request" })
      expect(seen).toHaveLength(0)
    }))

  it.scoped("answers 413 to a body over the limit, declared or streamed, without running the handler", () =>
    Effect.gen(function*() {
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: GitHub.scheme, secrets: secret, schema: PushEvent, handler, maxBodyBytes: 1024 })
      const big = JSON.stringify({ action: "x".repeat(64 * 1024) })
      const headers = yield* githubDelivery(big)
      const declared = yield* post(url, big, headers)
      expect(declared.status).toBe(413)
      expect(JSON.parse(declared.body)).toEqual({ error: "payload_too_large" })
      const chunk = new TextEncoder().encode(big)
      const streamed = yield* post(
        url,
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < chunk.length; i += 4096) controller.enqueue(chunk.subarray(i, i + 4096))
            controller.close()
          }
        }),
        headers
      )
      expect(streamed.status).toBe(413)
      expect(seen).toHaveLength(0)
    }))

  it.scoped("answers 500 when the handler fails, then processes the vendor's retry of that delivery", () =>
    Effect.gen(function*() {
      let calls = 0
      const url = yield* serve({
        scheme: GitHub.scheme,
        secrets: secret,
        schema: PushEvent,
        handler: () => Effect.suspend(() => (++calls === 1 ? Effect.fail("database down") : Effect.void))
      })
      const headers = yield* githubDelivery("{\"action\":\"opened\"}")
      const failed = yield* post(url, "{\"action\":\"opened\"}", headers)
      expect(failed.status).toBe(500)
      expect(JSON.parse(failed.body)).toEqual({ error: "internal_error" })
      const retried = yield* post(url, "{\"action\":\"opened\"}", headers)
      expect(retried.status).toBe(200)
      expect(calls).toBe(2)
    }))

  it.scoped("passes a handler's non-2xx reply through and lets the vendor's retry run the handler again", () =>
    Effect.gen(function*() {
      let calls = 0
      const url = yield* serve({
        scheme: GitHub.scheme,
        secrets: secret,
        schema: PushEvent,
        handler: () => Effect.sync(() => (++calls === 1 ? { status: 503, body: "busy", contentType: "text/plain" } : undefined))
      })
      const headers = yield* githubDelivery("{\"action\":\"opened\"}")
      const busy = yield* post(url, "{\"action\":\"opened\"}", headers)
      expect([busy.status, busy.body]).toEqual([503, "busy"])
      expect((yield* post(url, "{\"action\":\"opened\"}", headers)).status).toBe(200)
      expect(calls).toBe(2)
    }))

  it.scoped("answers 500 when the handler dies, without leaking the defect", () =>
    Effect.gen(function*() {
      const url = yield* serve({
        scheme: GitHub.scheme,
        secrets: secret,
        schema: PushEvent,
        handler: () => Effect.die(new Error("secret connection string postgres://u:p@db"))
      })
      const response = yield* post(url, "{\"action\":\"opened\"}", yield* githubDelivery("{\"action\":\"opened\"}"))
      expect(response.status).toBe(500)
      expect(response.body).not.toContain("postgres")
    }))

  it.scoped("answers 409 to a duplicate arriving while the first copy is still being handled", () =>
    Effect.gen(function*() {
      const started = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      let calls = 0
      const url = yield* serve({
        scheme: GitHub.scheme,
        secrets: secret,
        schema: PushEvent,
        handler: () =>
          Effect.sync(() => calls++).pipe(
            Effect.zipRight(Deferred.succeed(started, undefined)),
            Effect.zipRight(Deferred.await(release))
          )
      })
      const headers = yield* githubDelivery("{\"action\":\"opened\"}")
      const first = yield* Effect.fork(post(url, "{\"action\":\"opened\"}", headers))
      yield* Deferred.await(started)
      const duplicate = yield* post(url, "{\"action\":\"opened\"}", headers)
      expect(duplicate.status).toBe(409)
      yield* Deferred.succeed(release, undefined)
      expect((yield* Fiber.join(first)).status).toBe(200)
      expect((yield* post(url, "{\"action\":\"opened\"}", headers)).status).toBe(200)
      expect(calls).toBe(1)
    }))

  it.scoped("verifies Twilio against the URL rebuilt from Host and answers with the handler's TwiML", () =>
    Effect.gen(function*() {
      const url = yield* serve({
        scheme: Twilio.scheme,
        secrets: Redacted.make("12345"),
        schema: Schema.Struct({ Body: Schema.String }),
        handler: (event) =>
          Effect.succeed({
            contentType: "text/xml",
            body: `<?xml version="1.0" encoding="UTF-8"?><Response><Message>got ${event.Body.length} chars</Message></Response>`
          })
      })
      const body = "From=%2B15551234567&Body=hello+%F0%9F%8E%89"
      const signed = yield* Twilio.scheme.sign({ body, url: `${url}?x=1` }, Redacted.make("12345"))
      const response = yield* post(`${url}?x=1`, body, {
        ...signed.headers,
        "content-type": "application/x-www-form-urlencoded"
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toContain("text/xml")
      expect(response.body).toContain("<Message>got 8 chars</Message>")
    }))

  it.scoped("checks Standard Webhooks timestamps against the Clock: a stale delivery is 401", () =>
    Effect.gen(function*() {
      const whsec = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      const { handler, seen } = recorder()
      const url = yield* serve({ scheme: StandardWebhooks.scheme, secrets: whsec, schema: PushEvent, handler })
      yield* TestClock.setTime(1_700_000_000_000)
      const fresh = yield* StandardWebhooks.scheme.sign({ body: "{\"action\":\"a\"}" }, whsec)
      expect((yield* post(url, "{\"action\":\"a\"}", fresh.headers)).status).toBe(200)
      const stale = yield* StandardWebhooks.scheme.sign({ body: "{\"action\":\"b\"}", timestamp: 1_700_000_000_000 - 301_000 }, whsec)
      expect((yield* post(url, "{\"action\":\"b\"}", stale.headers)).status).toBe(401)
      expect(seen.map((s) => s.action)).toEqual(["a"])
    }))
})
