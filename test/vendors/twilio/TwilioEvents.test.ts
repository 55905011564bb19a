import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TwilioEvents from "../../../src/vendors/twilio/TwilioEvents.js"
import * as Twilio from "../../../src/webhooks/schemes/Twilio.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../../src/webhooks/WebhookScheme.js"
import { ACCOUNT_SID, MESSAGE_SID } from "./support/TwilioServer.js"

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

const undelivered = {
  ApiVersion: "2010-04-01",
  AccountSid: ACCOUNT_SID,
  MessageSid: MESSAGE_SID,
  SmsSid: MESSAGE_SID,
  MessageStatus: "undelivered",
  SmsStatus: "undelivered",
  ErrorCode: "30003",
  From: "+15017122661",
  To: "+14155552671",
  RawDlrDoneDate: "2405311204",
  ChannelToAddress: "+1415555XXXX"
}

describe("TwilioEvents", () => {
  it.effect("decodes a status callback's form fields, ErrorCode as a number, unknown fields kept", () =>
    Effect.gen(function*() {
      const callback = yield* TwilioEvents.decodeStatusCallbackForm(form(undelivered))
      expect(callback.MessageSid).toBe(MESSAGE_SID)
      expect(callback.MessageStatus).toBe("undelivered")
      expect(callback.ErrorCode).toBe(30003)
      expect(callback.ChannelToAddress).toBe("+1415555XXXX")
      expect(TwilioEvents.isFinal(callback)).toBe(true)
      expect(TwilioEvents.isFailure(callback)).toBe(true)
    }))

  it.effect("accepts a status Twilio may add later and a callback without error fields", () =>
    Effect.gen(function*() {
      const { ErrorCode: _ignored, RawDlrDoneDate: _alsoIgnored, ...rest } = undelivered
      const callback = yield* TwilioEvents.decodeStatusCallback({ ...rest, MessageStatus: "pending_review" })
      expect(callback.ErrorCode).toBeUndefined()
      expect(TwilioEvents.isFinal(callback)).toBe(false)
      expect(TwilioEvents.isFailure(callback)).toBe(false)
    }))

  it.effect("rejects a callback without a message SID, with a malformed account SID or a non-numeric ErrorCode", () =>
    Effect.gen(function*() {
      const { MessageSid: _dropped, ...withoutSid } = undelivered
      for (const fields of [withoutSid, { ...undelivered, AccountSid: "AC1" }, { ...undelivered, ErrorCode: "30003a" }]) {
        const error = yield* Effect.flip(TwilioEvents.decodeStatusCallback(fields))
        expect(error._tag).toBe("ParseError")
      }
    }))

  it.effect("verifies X-Twilio-Signature over the URL and form, then decodes the callback", () =>
    Effect.gen(function*() {
      const token = Redacted.make("twilio_auth_token_for_tests_123")
      const url = "https://example.com/twilio/status?tenant=1"
      const body = form(undelivered)
      const signed = yield* Twilio.scheme.sign({ body, url }, token)
      const verify = Webhooks.verifyAndDecode(Twilio.scheme, TwilioEvents.MessageStatusCallback)
      const { event } = yield* verify(WebhookScheme.makeRequest({ body, headers: signed.headers, url }), token)
      expect([event.MessageStatus, event.ErrorCode]).toEqual(["undelivered", 30003])
      const forged = yield* Effect.flip(
        verify(WebhookScheme.makeRequest({ body: body.replace("undelivered", "delivered"), headers: signed.headers, url }), token)
      )
      expect(forged.reason).toBe("InvalidSignature")
    }))
})
