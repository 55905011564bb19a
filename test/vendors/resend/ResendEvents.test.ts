import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as StandardWebhooks from "../../../src/webhooks/schemes/StandardWebhooks.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../../src/webhooks/WebhookScheme.js"
import * as ResendEvents from "../../../src/vendors/resend/ResendEvents.js"

const data = {
  email_id: "56761188-7520-42d8-8898-ff6fc54ce618",
  created_at: "2024-02-22T23:41:11.894719+00:00",
  from: "Acme <onboarding@resend.dev>",
  to: ["delivered@resend.dev"],
  subject: "Sending this example",
  tags: { category: "confirm_email" }
}

const event = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  created_at: "2024-02-22T23:41:12.126Z",
  data: { ...data, ...extra }
})

const extraFor: Record<ResendEvents.KnownType, Record<string, unknown>> = {
  "email.sent": {},
  "email.delivered": {},
  "email.delivery_delayed": {},
  "email.complained": {},
  "email.opened": {},
  "email.bounced": {
    bounce: {
      diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
      message: "The recipient's email provider sent a hard bounce message.",
      subType: "Suppressed",
      type: "Permanent"
    }
  },
  "email.clicked": {
    click: {
      ipAddress: "122.115.53.11",
      link: "https://resend.com",
      timestamp: "2024-11-24T05:00:57.163Z",
      userAgent: "Mozilla/5.0"
    }
  },
  "email.failed": { failed: { reason: "reached_daily_quota" } },
  "email.suppressed": {
    suppressed: { message: "previously bounced", reason: "previous_bounce", type: "OnAccountSuppressionList" }
  }
}

describe("ResendEvents", () => {
  it.effect("decodes every typed email event, including bounce, click, failure and suppression details", () =>
    Effect.gen(function*() {
      for (const type of ResendEvents.knownTypes) {
        const decoded = yield* ResendEvents.decodeEvent(event(type, extraFor[type]))
        expect(decoded.type).toBe(type)
        expect(ResendEvents.isKnown(decoded)).toBe(true)
      }
      const bounced = yield* ResendEvents.decodeEvent(event("email.bounced", extraFor["email.bounced"]))
      if (!ResendEvents.is("email.bounced")(bounced)) return expect.unreachable()
      // A bounce sub-type Resend's spec does not list still decodes: these are open strings.
      expect(bounced.data.bounce.subType).toBe("Suppressed")
      expect(bounced.data.email_id).toBe(data.email_id)
    }))

  it.effect("keeps an unknown event type whole, extra fields included", () =>
    Effect.gen(function*() {
      const raw = {
        type: "contact.created",
        created_at: "2024-10-11T23:47:56.678Z",
        data: { id: "e169aa45-1ecf-4183-9955-b1499d5701d3", audience_id: "78261eea", email: "steve@example.com" },
        future_field: [1, 2]
      }
      const decoded = yield* ResendEvents.decodeEvent(raw)
      expect(ResendEvents.isKnown(decoded)).toBe(false)
      expect(decoded).toEqual(raw)
    }))

  it.effect("fails a known type whose data does not match, rather than passing it off as unknown", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(ResendEvents.decodeEvent(event("email.clicked")))
      expect(error._tag).toBe("ParseError")
      const noType = yield* Effect.flip(ResendEvents.decodeEvent({ created_at: "x", data: {} }))
      expect(noType._tag).toBe("ParseError")
    }))

  it.effect("verifies a Svix-signed delivery and decodes it with the Event schema", () =>
    Effect.gen(function*() {
      const secret = Redacted.make(`whsec_${Buffer.from("resend-webhook-secret-0123456789").toString("base64")}`)
      const body = JSON.stringify(event("email.delivered"))
      const signed = yield* StandardWebhooks.scheme.sign({ body, id: "msg_2a3b", timestamp: 0 }, secret)
      const verify = Webhooks.verifyAndDecode(StandardWebhooks.scheme, ResendEvents.Event)
      const { event: decoded, webhook } = yield* verify(WebhookScheme.makeRequest({ body, headers: signed.headers }), secret)
      expect(decoded.type).toBe("email.delivered")
      expect(webhook.id).toBe("msg_2a3b")
      const tampered = yield* Effect.flip(
        verify(WebhookScheme.makeRequest({ body: body.replace("delivered@", "x@"), headers: signed.headers }), secret)
      )
      expect(tampered.reason).toBe("InvalidSignature")
    }))

  it.effect("decodes from raw JSON text", () =>
    Effect.gen(function*() {
      const decoded = yield* ResendEvents.decodeEventJson(JSON.stringify(event("email.opened")))
      expect(decoded.type).toBe("email.opened")
    }))
})
