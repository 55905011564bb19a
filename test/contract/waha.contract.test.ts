/**
 * WAHA's contract (waha/openapi.v202409.json, OAS 3.1, by WAHA's author, 2024.9: stale but covering every operation the
 * client calls): the JSON bodies the client sends are validated against the spec's request schemas, the spec's
 * examples and sampled responses decode with our Schemas, its webhook event schemas decode as typed events, and the
 * client runs against Prism. The 2024.9 document gives no body for `GET /api/{session}/chats` and
 * `/chats/{chatId}/messages` (WAHA answers arrays, see the simulator) and none for the QR code's raw format: against
 * Prism those are checked as accepted requests (a 2xx whose empty body our Schemas then refuse).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as WahaClient from "../../src/vendors/waha/WahaClient.js"
import * as WahaEvents from "../../src/vendors/waha/WahaEvents.js"
import * as WahaSchemas from "../../src/vendors/waha/WahaSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("waha/openapi.v202409.json")
const API_KEY = Redacted.make("waha_contract_key")
const CHAT = "11111111111@c.us"

const text: WahaSchemas.SendTextParams = { session: "default", chatId: CHAT, text: "Hi there!", reply_to: "false_11111111111@c.us_AAAA" }
const image: WahaSchemas.SendFileParams = {
  session: "default",
  chatId: CHAT,
  file: { mimetype: "image/jpeg", url: "https://github.com/devlikeapro/waha/raw/core/examples/dev.likeapro.jpg", filename: "a.jpg" },
  caption: "Menu"
}
const file: WahaSchemas.SendFileParams = { session: "default", chatId: CHAT, file: { mimetype: "application/pdf", data: "JVBERi0=", filename: "a.pdf" } }
const voice: WahaSchemas.SendVoiceParams = { session: "default", chatId: CHAT, file: { mimetype: "audio/ogg; codecs=opus", url: "https://acme.dev/v.opus" } }
const created: WahaSchemas.CreateSessionParams = {
  name: "default",
  start: true,
  config: {
    metadata: { "user.id": "123" },
    webhooks: [{ url: "https://hooks.acme.dev/waha", events: ["message", "session.status"], hmac: { key: "your-secret-key" } }]
  }
}

const message = { id: "true_11111111111@c.us_A", timestamp: 1666943582, from: "11111111111@c.us", fromMe: true, to: CHAT, body: "Hi", hasMedia: false, ack: 1, ackName: "SERVER" }
const session = { name: "default", status: "WORKING", config: {} }

const reply = (request: RecordingServer.Captured): RecordingServer.Reply => {
  if (request.path.endsWith("/messages")) return { body: request.query.get("offset") === "0" ? [message] : [] }
  if (request.path.endsWith("/chats")) return { body: request.query.get("offset") === "0" ? [{ id: CHAT, name: "Jane" }] : [] }
  if (request.path === "/api/sessions" && request.method === "GET") return { body: [session] }
  if (request.path.endsWith("/me")) return { body: { id: CHAT, pushName: "Acme" } }
  if (request.path.endsWith("/qr")) return { body: { value: "2@abc" } }
  if (request.path === "/api/sendText") return { status: 201, body: message }
  if (request.path.startsWith("/api/send") || request.path.endsWith("Typing")) return { status: 201, body: {} }
  return { status: request.method === "POST" ? 201 : 200, body: session }
}

/**
 * The 2024.9 document types a webhook's `events` items as arrays (`"items": { "type": "array" }`), while its own example
 * and WAHA's docs give strings (`["message", "session.status"]`): that one field is left out of the validated copy.
 */
const asSpecReads = (body: Record<string, unknown>): unknown => {
  const config = body.config as { webhooks?: ReadonlyArray<Record<string, unknown>> } | undefined
  if (config?.webhooks === undefined) return body
  return { ...body, config: { ...config, webhooks: config.webhooks.map((webhook) => ({ ...webhook, events: [] })) } }
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

describe("WAHA contract", () => {
  it.scoped("every request the client sends is the spec's: bodies validated, paths and queries documented", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(reply)
      const waha = yield* Coverage.tracking(WahaClient.make)({ apiKey: API_KEY, baseUrl: server.url })
      yield* waha.sessions.create(created)
      yield* waha.messages.sendText(text)
      yield* waha.messages.sendImage(image)
      yield* waha.messages.sendFile(file)
      yield* waha.messages.sendVoice(voice)
      yield* waha.messages.sendSeen({ session: "default", chatId: CHAT, messageId: "false_11111111111@c.us_AAAA" })
      yield* waha.messages.startTyping({ session: "default", chatId: CHAT })
      yield* waha.messages.stopTyping({ session: "default", chatId: CHAT })
      const requests = yield* server.requests
      const bodies = [
        ["post", "/api/sessions"],
        ["post", "/api/sendText"],
        ["post", "/api/sendImage"],
        ["post", "/api/sendFile"],
        ["post", "/api/sendVoice"],
        ["post", "/api/sendSeen"],
        ["post", "/api/startTyping"],
        ["post", "/api/stopTyping"]
      ] as const
      bodies.forEach(([method, path], index) => {
        expect(requests[index]!.path).toBe(path)
        // The document's voice file types `mimetype` as an object (a spec error): its fields are checked by name below.
        if (path === "/api/sendVoice") return
        expectValid(OpenApi.requestValidator(spec, method, path)(asSpecReads(JSON.parse(requests[index]!.body))), `${method} ${path}`)
      })
      for (const request of requests) expect(request.headers["x-api-key"]).toBe(Redacted.value(API_KEY))
      const voiceBody = JSON.parse(requests[4]!.body) as { file: Record<string, unknown> }
      const voiceSchema = (spec.document.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas
      expect(Object.keys(voiceBody).every((key) => key in voiceSchema.MessageVoiceRequest!.properties)).toBe(true)
      expect(Object.keys(voiceBody.file).every((key) => key in voiceSchema.VoiceRemoteFile!.properties)).toBe(true)
      // The validator is not vacuous: a text without its chat fails it.
      expect(OpenApi.requestValidator(spec, "post", "/api/sendText")({ text: "x", session: "default" }).valid).toBe(false)

      yield* waha.sessions.list({ all: true })
      yield* waha.sessions.get("default")
      yield* waha.sessions.start("default")
      yield* waha.sessions.stop("default")
      yield* waha.sessions.logout("default")
      yield* waha.sessions.restart("default")
      yield* waha.sessions.me("default")
      yield* waha.sessions.qr("default")
      yield* waha.healthCheck
      const chats = yield* Stream.runCollect(waha.messages.chats("default", { limit: 10 }))
      const messages = yield* Stream.runCollect(waha.messages.messages("default", CHAT, { limit: 10 }))
      expect([Chunk.size(chats), Chunk.size(messages)]).toEqual([1, 1])
      const reads = (yield* server.requests).slice(bodies.length)
      expect(reads.map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
        "GET /api/sessions?all=true",
        "GET /api/sessions/default?",
        "POST /api/sessions/default/start?",
        "POST /api/sessions/default/stop?",
        "POST /api/sessions/default/logout?",
        "POST /api/sessions/default/restart?",
        "GET /api/sessions/default/me?",
        "GET /api/default/auth/qr?format=raw",
        "GET /api/sessions?",
        "GET /api/default/chats?limit=10&offset=0",
        `GET /api/default/chats/${encodeURIComponent(CHAT)}/messages?limit=10&offset=0&downloadMedia=false`
      ])
      // Query parameters the 2024.9 document names (`offset` on messages is newer: WAHA's docs, chats overview).
      const parameters = (method: string, path: string) =>
        ((spec.document.paths as Record<string, Record<string, { parameters?: ReadonlyArray<{ name: string }> }>>)[path]?.[method]
          ?.parameters ?? []).map((p) => p.name)
      expect(parameters("get", "/api/sessions")).toContain("all")
      expect(parameters("get", "/api/{session}/auth/qr")).toContain("format")
      expect(parameters("get", "/api/{session}/chats")).toEqual(expect.arrayContaining(["limit", "offset"]))
      expect(parameters("get", "/api/{session}/chats/{chatId}/messages")).toEqual(expect.arrayContaining(["limit", "downloadMedia"]))
    }).pipe(Effect.provide(Coverage.layer)))

  it.effect("the spec's examples and sampled responses decode with our Schemas", () =>
    Effect.gen(function*() {
      const operations = [
        ["get", "/api/sessions", "200", Schema.Array(WahaSchemas.Session)],
        ["post", "/api/sessions", "201", WahaSchemas.Session],
        ["get", "/api/sessions/{session}", "200", WahaSchemas.Session],
        ["post", "/api/sessions/{session}/start", "201", WahaSchemas.Session],
        ["post", "/api/sessions/{session}/stop", "201", WahaSchemas.Session],
        ["post", "/api/sessions/{session}/logout", "201", WahaSchemas.Session],
        ["post", "/api/sessions/{session}/restart", "201", WahaSchemas.Session],
        ["get", "/api/sessions/{session}/me", "200", WahaSchemas.Me],
        ["post", "/api/sendText", "201", WahaSchemas.Message],
        ["post", "/api/sendImage", "201", WahaSchemas.SendResult]
      ] as const
      for (const [method, path, status, schema] of operations) {
        const sample = OpenApi.sample(spec, method, path, status)
        expectValid(OpenApi.responseValidator(spec, method, path, status)(sample), `${method} ${path} sample`)
        yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
        for (const example of OpenApi.examples(spec, method, path, status)) yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
      }
      // The raw QR value is one of the answers the spec allows.
      expectValid(OpenApi.responseValidator(spec, "get", "/api/{session}/auth/qr")({ value: "2@abc" }), "raw QR value")
    }))

  it.effect("the spec's webhook events decode typed where we type them, and whole otherwise", () =>
    Effect.gen(function*() {
      const webhooks = spec.document.webhooks as Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: unknown }> } } }>
      for (const type of WahaEvents.knownTypes) expect(webhooks).toHaveProperty([type])
      for (const [type, name] of [["message", "WAHAWebhookMessage"], ["message.ack", "WAHAWebhookMessageAck"], ["session.status", "WAHAWebhookSessionStatus"]]) {
        const sample = OpenApi.sampleSchema(spec, { $ref: `#/components/schemas/${name}` }) as Record<string, unknown>
        const event = yield* decodes(WahaEvents.Event, { ...sample, event: type })
        expect([event.event, WahaEvents.isKnown(event)]).toEqual([type, true])
      }
      const join = OpenApi.sampleSchema(spec, { $ref: "#/components/schemas/WAHAWebhookGroupJoin" }) as Record<string, unknown>
      const event = yield* decodes(WahaEvents.Event, { ...join, event: "group.join" })
      expect(WahaEvents.isKnown(event)).toBe(false)
    }))

  it.live("against Prism: every operation's request is accepted, and its generated responses decode where the spec has one", () =>
    Effect.gen(function*() {
      const prism = yield* Prism.start("waha/openapi.v202409.json", { startTimeoutMillis: 150_000, seed: "effect-integrations" })
      const waha = yield* Coverage.tracking(WahaClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
      // Without webhooks: Prism holds the document's `events` item type (arrays, see `asSpecReads`) against strings.
      const { config: _config, ...plainSession } = created
      for (let i = 0; i < 3; i++) {
        expect(typeof (yield* waha.sessions.create(plainSession)).name).toBe("string")
        expect(typeof (yield* waha.messages.sendText(text)).id).toBe("string")
        yield* waha.messages.sendImage(image)
        yield* waha.messages.sendFile(file)
        yield* waha.messages.sendSeen({ session: "default", chatId: CHAT })
        yield* waha.messages.startTyping({ session: "default", chatId: CHAT })
        yield* waha.messages.stopTyping({ session: "default", chatId: CHAT })
        yield* waha.sessions.list()
        yield* waha.sessions.get("default")
        yield* waha.sessions.start("default")
        yield* waha.sessions.stop("default")
        yield* waha.sessions.logout("default")
        yield* waha.sessions.restart("default")
        yield* waha.sessions.me("default")
        yield* waha.healthCheck
      }
      // No body documented (chats, messages) or another shape than the raw one (QR): the request is accepted (2xx).
      for (const attempt of [
        waha.sessions.qr("default"),
        Stream.runDrain(waha.messages.chats("default")),
        Stream.runDrain(waha.messages.messages("default", CHAT))
      ]) {
        const exit = yield* Effect.either(attempt)
        if (exit._tag === "Left") expect([exit.left.reason, exit.left.status]).toEqual(["ResponseDrift", 200])
      }
    }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 240_000)

  Coverage.test({
    vendor: "WAHA",
    specs: [spec],
    prism: true,
    unspecified: {
      "POST /api/sendVoice":
        "the 2024.9 document types the voice file's `mimetype` as an object, so Prism and Ajv refuse every real voice note; capture-only: the request's fields are checked by name against the document and WAHA's docs (send-messages: sendVoice)"
    },
    client: WahaClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
