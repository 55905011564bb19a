import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as LlamaParseEvents from "../../../src/vendors/llamaparse/LlamaParseEvents.js"
import * as SignedWebhooks from "../../../src/testing/SignedWebhooks.js"
import * as LlamaCloud from "../../../src/webhooks/schemes/LlamaCloud.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../../src/webhooks/WebhookScheme.js"

// The envelope of developers.llamaindex.ai/python/cloud/general/webhooks ("Webhook Payload").
const event = (event_type: string) => ({
  event_id: "149744dd-9002-4411-a6c7-9635da372caa",
  event_type,
  timestamp: 1753985275.1154444,
  data: { id: "a9a57884-921e-4ec2-b555-f4e5a97ec02a", job_id: "a9a57884-921e-4ec2-b555-f4e5a97ec02a" }
})

describe("LlamaParseEvents", () => {
  it.effect("every documented parse event decodes typed, with its job id", () =>
    Effect.gen(function*() {
      for (const type of LlamaParseEvents.parseEventTypes) {
        const decoded = yield* LlamaParseEvents.decodeEvent(event(type))
        expect(LlamaParseEvents.isKnown(decoded)).toBe(true)
        if (LlamaParseEvents.isKnown(decoded)) expect(decoded.data.job_id).toBe("a9a57884-921e-4ec2-b555-f4e5a97ec02a")
      }
      expect(LlamaParseEvents.knownTypes).toEqual(LlamaParseEvents.parseEventTypes)
      expect(LlamaParseEvents.isCompleted(yield* LlamaParseEvents.decodeEvent(event("parse.partial_success")))).toBe(true)
      expect(LlamaParseEvents.isCompleted(yield* LlamaParseEvents.decodeEvent(event("parse.error")))).toBe(false)
    }))

  it.effect("another product's event is kept whole; a parse event without its job id is a decoding error", () =>
    Effect.gen(function*() {
      const other = { ...event("extract.success"), extra: { run_id: "r1" } }
      const decoded = yield* LlamaParseEvents.decodeEvent(other)
      expect(LlamaParseEvents.isKnown(decoded)).toBe(false)
      expect(decoded).toEqual(other)
      const broken = { ...event("parse.success"), data: { id: "x" } }
      expect((yield* Effect.flip(LlamaParseEvents.decodeEvent(broken)))._tag).toBe("ParseError")
    }))

  it.effect("a delivery signed with LC-Signature verifies and decodes to the typed event", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("whsec_test_llama")
      const signed = yield* SignedWebhooks.llamacloud(event("parse.success"), { secret })
      const verified = yield* Webhooks.verifyAndDecode(
        LlamaCloud.scheme,
        LlamaParseEvents.Event
      )(makeRequest({ body: signed.body, headers: signed.headers }), secret)
      expect(LlamaParseEvents.is("parse.success")(verified.event)).toBe(true)
    }))
})
