import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as RetellEvents from "../../../src/vendors/retell/RetellEvents.js"
import * as Retell from "../../../src/webhooks/schemes/Retell.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../../src/webhooks/WebhookScheme.js"
import * as RetellServer from "./support/RetellServer.js"

const apiKey = Redacted.make("key_webhook_badge_0123456789")

describe("RetellEvents", () => {
  it.effect("decodes every documented call event typed, with its call", () =>
    Effect.gen(function*() {
      for (const type of RetellEvents.callEvents) {
        const event = yield* RetellEvents.decodeEvent({ event: type, call: RetellServer.phoneCall })
        expect(RetellEvents.isKnown(event)).toBe(true)
        if (RetellEvents.is("call_analyzed")(event)) expect(event.call.call_analysis?.user_sentiment).toBe("Positive")
        expect(event.event).toBe(type)
      }
      expect(RetellEvents.knownTypes).toEqual(RetellEvents.callEvents)
    }))

  it.effect("keeps a chat event and any new event whole", () =>
    Effect.gen(function*() {
      const chat = { event: "chat_ended", chat: { chat_id: "chat_1", agent_id: "a_1" }, extra: [1] }
      const event = yield* RetellEvents.decodeEvent(chat)
      expect(RetellEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(chat)
    }))

  it.effect("fails a call event whose call does not match, rather than passing it off as unknown", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(RetellEvents.decodeEvent({ event: "call_ended", call: { call_id: 1 } }))
      expect(error._tag).toBe("ParseError")
    }))

  it.effect("verifies a signed webhook with the Retell scheme and decodes it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_703_302_500_000)
      const body = JSON.stringify({ event: "call_analyzed", call: RetellServer.phoneCall })
      const signed = yield* Retell.scheme.sign({ body }, apiKey)
      const verify = Webhooks.verifyAndDecode(Retell.scheme, RetellEvents.Event)
      const { event } = yield* verify(WebhookScheme.makeRequest({ body, headers: signed.headers }), apiKey)
      expect(event.event).toBe("call_analyzed")
      const tampered = yield* Effect.flip(
        verify(WebhookScheme.makeRequest({ body: body.replace("Positive", "Negative"), headers: signed.headers }), apiKey)
      )
      expect(tampered.reason).toBe("InvalidSignature")
    }))

  it.effect("verifies a custom function request signed the same way and decodes its name, args and call", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_703_302_500_000)
      const body = JSON.stringify({ name: "book_slot", args: { day: "2026-12-08" }, call: { ...RetellServer.phoneCall, call_status: "ongoing" } })
      const signed = yield* Retell.scheme.sign({ body }, apiKey)
      const verify = Webhooks.verifyAndDecode(Retell.scheme, RetellEvents.FunctionCall)
      const { event } = yield* verify(WebhookScheme.makeRequest({ body, headers: signed.headers }), apiKey)
      expect([event.name, event.args, event.call?.call_status]).toEqual(["book_slot", { day: "2026-12-08" }, "ongoing"])
      const wrongKey = yield* Effect.flip(verify(WebhookScheme.makeRequest({ body, headers: signed.headers }), Redacted.make("key_other")))
      expect(wrongKey.reason).toBe("InvalidSignature")
      const decoded = yield* RetellEvents.decodeFunctionCallJson(body)
      expect(decoded.name).toBe("book_slot")
      expect((yield* Effect.flip(RetellEvents.decodeFunctionCallJson(JSON.stringify({ args: {} }))))._tag).toBe("ParseError")
    }))
})
