import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { Webhook as StandardWebhook } from "standardwebhooks"
import StripeSdk from "stripe"
import twilio from "twilio"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../../src/webhooks/schemes/Stripe.js"
import * as Twilio from "../../src/webhooks/schemes/Twilio.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"
import * as GoHighLevelKeys from "./goHighLevelKeys.js"

const runs = { fastCheck: { numRuns: 60 } }

/** Text with emoji, combining marks, control characters and astral-plane code points; no lone surrogates. */
const text = FastCheck.oneof(
  FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 200 }),
  FastCheck.array(FastCheck.constantFrom("🎉", "👩‍💻", "é", "e\u0301", "\u0000", "\n", "\r\n", "{\"a\":1}", "𝔘", " "), {
    minLength: 1,
    maxLength: 40
  }).map((parts) => parts.join(""))
)

/** Arbitrary bytes, most of them not valid UTF-8. */
const bytes = FastCheck.uint8Array({ minLength: 0, maxLength: 512 })

const whsecArb = FastCheck.uint8Array({ minLength: 16, maxLength: 64 }).map((key) => `whsec_${Buffer.from(key).toString("base64")}`)
const stripeSecretArb = FastCheck.stringMatching(/^[a-zA-Z0-9]{8,40}$/).map((s) => `whsec_${s}`)
const tokenArb = FastCheck.stringMatching(/^[a-f0-9]{32}$/)
const params = FastCheck.dictionary(
  FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 12 }),
  FastCheck.string({ unit: "grapheme", maxLength: 30 }),
  { maxKeys: 8 }
)

/** Wall-clock time, since the vendor libraries read `Date.now()`; our side reads the same instant from the TestClock. */
const now = () => Math.floor(Date.now() / 1000) * 1000

describe("round trips with standardwebhooks 1.1.1", () => {
  it.effect.prop("our signature verifies with the standardwebhooks package", [text, whsecArb], ([payload, secret]) =>
    Effect.gen(function*() {
      const signed = yield* StandardWebhooks.scheme.sign({ body: payload, timestamp: now() }, Redacted.make(secret))
      const verified = new StandardWebhook(secret).verify(payload, { ...signed.headers }, { jsonParse: false })
      expect(verified).toBeUndefined()
    }), runs)

  it.effect.prop("a standardwebhooks signature verifies with ours", [text, whsecArb], ([payload, secret]) =>
    Effect.gen(function*() {
      const at = now()
      yield* TestClock.setTime(at)
      const wh = new StandardWebhook(secret)
      const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
      const headers = { "webhook-id": id, "webhook-timestamp": String(at / 1000), "webhook-signature": wh.sign(id, new Date(at), payload) }
      const verified = yield* Webhooks.verify(StandardWebhooks.scheme, makeRequest({ body: payload, headers }), Redacted.make(secret))
      expect(verified.id).toBe(id)
    }), runs)

  it.effect.prop("Buffers: the package's signature over a UTF-8 Buffer verifies with ours", [text, whsecArb], ([payload, secret]) =>
    Effect.gen(function*() {
      const at = now()
      yield* TestClock.setTime(at)
      const body = Buffer.from(payload, "utf8")
      const signature = new StandardWebhook(secret).sign("msg_1", new Date(at), body)
      const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(at / 1000), "webhook-signature": signature }
      yield* Webhooks.verify(StandardWebhooks.scheme, makeRequest({ body, headers }), Redacted.make(secret))
    }), runs)
})

describe("round trips with stripe 23.1.0", () => {
  const stripeSignature = StripeSdk.webhooks.signature!

  it.effect.prop("our Stripe-Signature verifies with stripe.webhooks.signature.verifyHeader", [text, stripeSecretArb], ([payload, secret]) =>
    Effect.gen(function*() {
      const at = now()
      const signed = yield* Stripe.scheme.sign({ body: payload, timestamp: at }, Redacted.make(secret))
      expect(stripeSignature.verifyHeader(payload, signed.headers["Stripe-Signature"]!, secret, 300, undefined, at)).toBe(true)
      expect(
        stripeSignature.verifyHeader(Buffer.from(payload), signed.headers["Stripe-Signature"]!, secret, 300, undefined, at)
      ).toBe(true)
    }), runs)

  it.effect.prop("stripe's generateTestHeaderString verifies with ours", [text, stripeSecretArb], ([payload, secret]) =>
    Effect.gen(function*() {
      const at = now()
      yield* TestClock.setTime(at + 30_000)
      const header = StripeSdk.webhooks.generateTestHeaderString({ payload, secret, timestamp: at / 1000 })
      const verified = yield* Webhooks.verify(Stripe.scheme, makeRequest({ body: payload, headers: { "Stripe-Signature": header } }), Redacted.make(secret))
      expect(verified.timestamp?.epochMillis).toBe(at)
    }), runs)
})

describe("round trips with twilio 6.2.0", () => {
  const url = "https://example.com/twilio/voice?campaign=spring%20sale&x=1"

  it.effect.prop("our X-Twilio-Signature validates with twilio.validateRequest", [params, tokenArb], ([form, token]) =>
    Effect.gen(function*() {
      const body = new URLSearchParams(form).toString()
      const signed = yield* Twilio.scheme.sign({ body, url }, Redacted.make(token))
      expect(twilio.validateRequest(token, signed.headers["X-Twilio-Signature"]!, url, form)).toBe(true)
    }), runs)

  it.effect.prop("twilio's expected signature verifies with ours over the form-encoded body", [params, tokenArb], ([form, token]) =>
    Effect.gen(function*() {
      const signature = twilio.getExpectedTwilioSignature(token, url, form)
      const body = new URLSearchParams(form).toString()
      yield* Webhooks.verify(Twilio.scheme, makeRequest({ body, url, headers: { "X-Twilio-Signature": signature } }), Redacted.make(token))
    }), runs)

  it.effect.prop("JSON bodies: validateRequestWithBody accepts our bodySHA256 signature", [text, tokenArb], ([payload, token]) =>
    Effect.gen(function*() {
      const signedUrl = `https://example.com/hook?bodySHA256=${twilio.getExpectedBodyHash(payload)}`
      const signed = yield* Twilio.scheme.sign({ body: payload, url: signedUrl }, Redacted.make(token))
      expect(twilio.validateRequestWithBody(token, signed.headers["X-Twilio-Signature"]!, signedUrl, payload)).toBe(true)
      yield* Webhooks.verify(Twilio.scheme, makeRequest({ body: payload, url: signedUrl, headers: signed.headers }), Redacted.make(token))
    }), runs)
})

describe("our own sign → verify, every scheme, arbitrary bytes", () => {
  const secretFor: Record<string, string> = {
    standard: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    stripe: "whsec_b3b3f47e4cf4087bb88b5c659af00990",
    github: "It's a Secret to Everybody",
    slack: "8f742231b10e8888abcd99yyyzzz85a5",
    twilio: "12345",
    hubspot: "client-secret",
    shopify: "shpss_secret",
    calcom: "cal-secret",
    retell: "key_0123456789abcdef",
    gohighlevel: GoHighLevelKeys.privateKeyPem,
    llamacloud: "whsec_llamacloud_secret",
    firecrawl: "firecrawl-webhook-secret",
    waha: "waha-hmac-key"
  }

  for (const scheme of Webhooks.schemes) {
    it.effect.prop(
      `${scheme.name}: any body (non-UTF-8 bytes included) verifies, and flipping one byte breaks it`,
      [bytes, FastCheck.nat()],
      ([body, position]) =>
        Effect.gen(function*() {
          yield* TestClock.setTime(1_700_000_000_000)
          const secret = Redacted.make(secretFor[scheme.name]!)
          const url = "https://example.com/hooks/in?x=1"
          const signed = yield* scheme.sign({ body, url, id: "delivery-1" }, secret)
          const verified = yield* Webhooks.verify(scheme, makeRequest({ body, url, headers: signed.headers }), secret)
          expect(verified.scheme).toBe(scheme.name)
          // Twilio signs the parsed form parameters, so bytes that parse the same are the same request to it.
          if (scheme.name !== "twilio" && body.length > 0) {
            const tampered = Uint8Array.from(body)
            const index = position % body.length
            tampered[index] = tampered[index]! ^ 0x01
            const error = yield* Effect.flip(Webhooks.verify(scheme, makeRequest({ body: tampered, url, headers: signed.headers }), secret))
            expect(error.reason).toBe("InvalidSignature")
          }
        }),
      { fastCheck: { numRuns: 40 } }
    )
  }
})
