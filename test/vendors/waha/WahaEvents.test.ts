import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as WahaError from "../../../src/vendors/waha/WahaError.js"
import * as WahaEvents from "../../../src/vendors/waha/WahaEvents.js"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as Waha from "../../../src/webhooks/schemes/Waha.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../../src/webhooks/WebhookScheme.js"

const message = { id: "false_14155550123@c.us_3EB0A1", timestamp: 1733000000, from: "14155550123@c.us", fromMe: false, to: "14155550100@c.us", body: "Hi", hasMedia: false, ack: 1, ackName: "SERVER" }
const envelope = { id: "evt_01JA", timestamp: 1733000000123, session: "default", engine: "NOWEB", me: { id: "14155550100@c.us", pushName: "Acme" } }

describe("WahaEvents", () => {
  it.effect("decodes message, message.any, message.ack, reaction, revoked and session.status typed", () =>
    Effect.gen(function*() {
      const events = [
        { ...envelope, event: "message", payload: message },
        { ...envelope, event: "message.any", payload: message },
        { ...envelope, event: "message.ack", payload: { ...message, ack: 3, ackName: "READ" } },
        { ...envelope, event: "message.reaction", payload: { id: "r1", from: "14155550123@c.us", reaction: { text: "👍", messageId: message.id } } },
        { ...envelope, event: "message.revoked", payload: { revokedMessageId: message.id } },
        { ...envelope, event: "session.status", payload: { status: "WORKING" } }
      ]
      for (const raw of events) {
        const event = yield* WahaEvents.decodeEvent(raw)
        expect([event.event, WahaEvents.isKnown(event)]).toEqual([raw.event, true])
      }
      const ack = yield* WahaEvents.decodeEvent(events[2])
      if (WahaEvents.is("message.ack")(ack)) expect(ack.payload.ackName).toBe("READ")
      else expect.fail("expected message.ack")
      expect([...WahaEvents.knownTypes].sort()).toEqual(["message", "message.ack", "message.any", "message.reaction", "message.revoked", "session.status"])
    }))

  it.effect("keeps other events whole and fails a typed event that does not match", () =>
    Effect.gen(function*() {
      const group = { ...envelope, event: "group.join", payload: { id: "g1@g.us", extra: [1] } }
      const event = yield* WahaEvents.decodeEvent(group)
      expect(WahaEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(group)
      expect((yield* Effect.flip(WahaEvents.decodeEvent({ ...envelope, event: "message", payload: { id: 1 } })))._tag).toBe("ParseError")
    }))

  it.effect("verifies an HMAC-signed delivery with the Waha scheme, then decodes it", () =>
    Effect.gen(function*() {
      const key = Redacted.make("waha-webhook-hmac-key")
      const body = JSON.stringify({ ...envelope, event: "message", payload: message })
      const signed = yield* Waha.scheme.sign({ body }, key)
      const verify = Webhooks.verifyAndDecode(Waha.scheme, WahaEvents.Event)
      const { event } = yield* verify(WebhookScheme.makeRequest({ body, headers: signed.headers }), key)
      expect(event.event).toBe("message")
      const tampered = yield* Effect.flip(verify(WebhookScheme.makeRequest({ body: body.replace("Hi", "Ho"), headers: signed.headers }), key))
      expect(tampered.reason).toBe("InvalidSignature")
    }))
})

describe("WahaError", () => {
  const refine = (status: number, operation = "sessions.get") =>
    WahaError.refineError(
      { vendor: "WAHA", operation, status, headers: () => undefined, body: { statusCode: status, message: "+14155550123 failed", error: "x" }, nowMillis: 0 },
      { reason: ResponseClassifier.reasonForStatus(status), description: `HTTP ${status}` }
    )

  it("reads 422 as a session not ready, a 5xx on a send as ambiguous, never quoting WAHA's message", () => {
    expect(refine(422)).toMatchObject({ reason: "Conflict", retryable: false, details: { kind: "session_not_ready" } })
    expect(refine(503, "messages.sendText").description).toContain("may or may not have been sent")
    expect(refine(503, "sessions.get").description).not.toContain("sent")
    expect(refine(401).reason).toBe("Unauthorized")
    for (const status of [400, 422, 500]) expect(refine(status).description).not.toContain("+1415")
    const error = new IntegrationError({ vendor: "WAHA", operation: "messages.sendVoice", reason: "Timeout", description: "x" })
    expect(WahaError.isAmbiguousSend(error)).toBe(true)
    expect(WahaError.isAmbiguousSend(new IntegrationError({ vendor: "WAHA", operation: "sessions.get", reason: "Timeout", description: "x" }))).toBe(false)
  })
})
