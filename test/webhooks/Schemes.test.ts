import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import twilio from "twilio"
import * as Common from "../../src/webhooks/internal/common.js"
import * as CalCom from "../../src/webhooks/schemes/CalCom.js"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import * as HubSpot from "../../src/webhooks/schemes/HubSpot.js"
import * as Retell from "../../src/webhooks/schemes/Retell.js"
import * as Shopify from "../../src/webhooks/schemes/Shopify.js"
import * as Slack from "../../src/webhooks/schemes/Slack.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../../src/webhooks/schemes/Stripe.js"
import * as Twilio from "../../src/webhooks/schemes/Twilio.js"
import type { WebhookError } from "../../src/webhooks/WebhookError.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import type { WebhookScheme } from "../../src/webhooks/WebhookScheme.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

const secret = (value: string) => Redacted.make(value)

const reasonOf = <A>(effect: Effect.Effect<A, WebhookError>) =>
  Effect.map(Effect.flip(effect), (error) => error.reason)

const verify = (
  scheme: WebhookScheme,
  input: { body: string | Uint8Array; headers: Record<string, string>; url?: string; method?: string },
  secrets: ReadonlyArray<string>,
  options: Webhooks.Options = {}
) => Webhooks.verify(scheme, makeRequest(input), secrets.map(secret), options)

// Expected values below were computed with Python's hmac/hashlib from each vendor's documented algorithm: an
// implementation independent of ours.
describe("HubSpot v3", () => {
  const clientSecret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
  const ts = "1700000000000"
  const headers = (signature: string) => ({ "X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": ts })

  it.effect("accepts the documented construction: method + URI + body + timestamp, base64 HMAC-SHA256", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(ts))
      const verified = yield* verify(HubSpot.scheme, {
        body: "{\"example_field\":\"example_value\"}",
        headers: headers("rQEKkaNUiu+1qGF//O/pw4BCzstSqO1PyUnGICmf+7o="),
        url: "https://www.example.com/webhook_uri",
        method: "POST"
      }, [clientSecret])
      expect(verified.scheme).toBe("hubspot")
      expect(verified.timestamp?.epochMillis).toBe(Number(ts))
    }))

  it.effect("decodes the documented percent-escapes in the URI and leaves the others as received", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(ts))
      const verified = yield* verify(HubSpot.scheme, {
        body: "[{\"eventId\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":123}]",
        headers: headers("48eusrr0jFUKmr7blyihJ5gjktI7J0bST7SD03kGq4M="),
        url: "https://example.com/hubspot/hook?email=user%40example.com&tags=a%2Cb&name=Jos%C3%A9"
      }, [clientSecret])
      expect(verified.scheme).toBe("hubspot")
      expect(HubSpot.canonicalUri("https://x.test/a%3a%2F%3F%40%21%24%27%28%29%2A%2C%3B%20")).toBe(
        "https://x.test/a:/?@!$'()*,;%20"
      )
    }))

  it.effect("signs the method: a GET signature does not verify as POST", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(ts))
      const input = { body: "", headers: headers("r3KKZGKCAis7hc/eM/k4wr0D0ZRQhbee2UGU0SAPfxM="), url: "https://www.example.com/webhook_uri" }
      const get = yield* verify(HubSpot.scheme, { ...input, method: "GET" }, [clientSecret])
      expect(get.scheme).toBe("hubspot")
      expect(yield* reasonOf(verify(HubSpot.scheme, { ...input, method: "POST" }, [clientSecret]))).toBe("InvalidSignature")
    }))

  it.effect("rejects a timestamp more than 5 minutes old or ahead, accepts exactly 5 minutes (milliseconds)", () =>
    Effect.gen(function*() {
      const input = {
        body: "{\"example_field\":\"example_value\"}",
        headers: headers("rQEKkaNUiu+1qGF//O/pw4BCzstSqO1PyUnGICmf+7o="),
        url: "https://www.example.com/webhook_uri"
      }
      yield* TestClock.setTime(Number(ts) + 300_000)
      expect((yield* verify(HubSpot.scheme, input, [clientSecret])).scheme).toBe("hubspot")
      yield* TestClock.setTime(Number(ts) + 300_001)
      expect(yield* reasonOf(verify(HubSpot.scheme, input, [clientSecret]))).toBe("TimestampTooOld")
      yield* TestClock.setTime(Number(ts) - 300_001)
      expect(yield* reasonOf(verify(HubSpot.scheme, input, [clientSecret]))).toBe("TimestampInFuture")
    }))

  it.effect("needs the URL: verifying without one is a defect, not a rejection", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(verify(HubSpot.scheme, { body: "", headers: headers("x") }, [clientSecret]))
      expect(Exit.isFailure(exit) && exit.cause._tag).toBe("Die")
    }))
})

describe("Shopify", () => {
  const body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"closed_at\":null}"

  it.effect("accepts a base64 HMAC-SHA256 of the raw body; the unsigned X-Shopify-Webhook-Id is only informational", () =>
    Effect.gen(function*() {
      const verified = yield* verify(Shopify.scheme, {
        body,
        headers: { "X-Shopify-Hmac-Sha256": "NqcMFqpD9dzRa5H+M4QPyKeHcMF2sF7HZcNvvr5kf/E=", "X-Shopify-Webhook-Id": "b54557e4" }
      }, ["hush"])
      expect(verified.id).toBe("b54557e4")
      expect(verified.idSigned).toBe(false)
      expect(verified.replayProtection).toBe("remembered")
      expect(verified.replayKey).toBe(`shopify:sha256:${Common.sha256Hex(new TextEncoder().encode(body))}`)
    }))

  it.effect("rejects a body changed by one byte and a missing header", () =>
    Effect.gen(function*() {
      const headers = { "X-Shopify-Hmac-Sha256": "NqcMFqpD9dzRa5H+M4QPyKeHcMF2sF7HZcNvvr5kf/E=" }
      expect(yield* reasonOf(verify(Shopify.scheme, { body: body.replace("jon", "jan"), headers }, ["hush"]))).toBe(
        "InvalidSignature"
      )
      expect(yield* reasonOf(verify(Shopify.scheme, { body, headers: {} }, ["hush"]))).toBe("MissingHeader")
    }))
})

describe("Cal.com", () => {
  const body = "{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2024-01-01T00:00:00.000Z\",\"payload\":{\"uid\":\"abc\"}}"
  const signature = "7a900c422befe7a0ba59ca09aaebf4afde6ed351b57c4ad010a12db294cbf435"

  it.effect("accepts a hex HMAC-SHA256 of the raw body; the replay key is a digest of it", () =>
    Effect.gen(function*() {
      const verified = yield* verify(CalCom.scheme, { body, headers: { "X-Cal-Signature-256": signature } }, ["cal-webhook-secret"])
      expect(verified.replayKey).toBe(`calcom:sha256:${Common.sha256Hex(new TextEncoder().encode(body))}`)
    }))

  it.effect("rejects the no-secret-provided marker Cal.com sends when the webhook has no secret", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        verify(CalCom.scheme, { body, headers: { "X-Cal-Signature-256": "no-secret-provided" } }, ["cal-webhook-secret"])
      )
      expect(error.reason).toBe("InvalidSignature")
      expect(error.description).toContain("no secret set")
    }))
})

describe("Retell", () => {
  const body = "{\"event\":\"call_ended\",\"call\":{\"call_id\":\"Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6\"}}"
  const header = "v=1700000000000,d=82af17916a6c90ce06e8f4ded21c688aa212ffaab92abccd411a04144b7209c2"

  it.effect("accepts v=<ms>,d=<hex HMAC-SHA256 of body + timestamp> keyed by the API key, within 5 minutes", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1700000000000 + 299_000)
      const verified = yield* verify(Retell.scheme, { body, headers: { "x-retell-signature": header } }, ["key_0123456789abcdef"])
      expect(verified.timestamp?.epochMillis).toBe(1700000000000)
      yield* TestClock.adjust("2 seconds")
      expect(
        yield* reasonOf(verify(Retell.scheme, { body, headers: { "x-retell-signature": header } }, ["key_0123456789abcdef"]))
      ).toBe("TimestampTooOld")
    }))

  it.effect("rejects a header that is not v=<digits>,d=<hex> and a wrong API key", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1700000000000)
      expect(yield* reasonOf(verify(Retell.scheme, { body, headers: { "x-retell-signature": "d=abc,v=1" } }, ["k"]))).toBe(
        "MalformedHeader"
      )
      expect(yield* reasonOf(verify(Retell.scheme, { body, headers: { "x-retell-signature": header } }, ["key_other"]))).toBe(
        "InvalidSignature"
      )
    }))
})

describe("Standard Webhooks", () => {
  const whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
  const official = {
    body: "{\"test\": 2432232314}",
    id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    ts: "1614265330",
    signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
  }

  it.effect("reads Svix-branded svix-* headers when webhook-* are absent", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(official.ts) * 1000)
      const verified = yield* verify(StandardWebhooks.scheme, {
        body: official.body,
        headers: { "svix-id": official.id, "svix-timestamp": official.ts, "svix-signature": official.signature }
      }, [whsec])
      expect(verified.id).toBe(official.id)
      expect(verified.replayKey).toBe(`standard:id:${official.id}`)
    }))

  it.effect("tries every configured secret during a rotation", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(official.ts) * 1000)
      const headers = { "webhook-id": official.id, "webhook-timestamp": official.ts, "webhook-signature": official.signature }
      const verified = yield* verify(StandardWebhooks.scheme, { body: official.body, headers }, [
        "whsec_bnhwo0Gg5x+u9UyhuFjSbIMnUSyAP6Ar",
        whsec
      ])
      expect(verified.scheme).toBe("standard")
    }))

  it.effect("verifies v1a with the whsk_ secret key too, and ignores undecodable v1a entries", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Number(official.ts) * 1000)
      const whsk = "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg=="
      const signed = yield* StandardWebhooks.scheme.sign({ body: official.body, id: official.id, timestamp: Number(official.ts) * 1000 }, secret(whsk))
      const headers = { ...signed.headers, "webhook-signature": `v1a,%%%notbase64 ${signed.headers["webhook-signature"]}` }
      expect((yield* verify(StandardWebhooks.scheme, { body: official.body, headers }, [whsk])).id).toBe(official.id)
    }))

  it.effect("an unusable secret is a configuration defect, not a rejection of the sender", () =>
    Effect.gen(function*() {
      const headers = { "webhook-id": official.id, "webhook-timestamp": official.ts, "webhook-signature": official.signature }
      const exit = yield* Effect.exit(verify(StandardWebhooks.scheme, { body: official.body, headers }, ["whsec_@@@"]))
      expect(Exit.isFailure(exit) && exit.cause._tag).toBe("Die")
      expect(StandardWebhooks.scheme.secretProblem(secret("whsec_@@@"))).toContain("base64")
      expect(StandardWebhooks.scheme.secretProblem(secret(whsec))).toBeUndefined()
      const none = yield* Effect.exit(verify(StandardWebhooks.scheme, { body: official.body, headers }, []))
      expect(Exit.isFailure(none) && none.cause._tag).toBe("Die")
    }))

  it.effect("rejects a timestamp with anything but digits", () =>
    Effect.gen(function*() {
      for (const ts of ["-1614265330", "1614265330.5", " 1e9", "0x10"]) {
        const headers = { "webhook-id": official.id, "webhook-timestamp": ts, "webhook-signature": official.signature }
        expect(yield* reasonOf(verify(StandardWebhooks.scheme, { body: official.body, headers }, [whsec]))).toBe(
          "MalformedHeader"
        )
      }
    }))
})

describe("Stripe", () => {
  const body = "{\"id\":\"evt_123\",\"object\":\"event\"}"
  const whsec = "whsec_test"

  it.effect("keys replays by the event id in the verified body", () =>
    Effect.gen(function*() {
      const signed = yield* Stripe.scheme.sign({ body }, secret(whsec))
      const verified = yield* verify(Stripe.scheme, { body, headers: signed.headers }, [whsec])
      expect(verified.id).toBe("evt_123")
      expect(verified.replayKey).toBe("stripe:id:evt_123")
    }))

  it.effect("finds the event id wherever it stands, pretty-printed, nested or escaped, and digests a body without one", () =>
    Effect.gen(function*() {
      const idOf = (text: string) =>
        Effect.flatMap(Stripe.scheme.sign({ body: text }, secret(whsec)), (signed) =>
          Effect.map(verify(Stripe.scheme, { body: text, headers: signed.headers }, [whsec]), (verified) => verified.id))
      expect(yield* idOf("{\n  \"id\": \"evt_1\",\n  \"object\": \"event\"\n}")).toBe("evt_1")
      expect(yield* idOf("{\"object\":\"event\",\"data\":{\"id\":\"cus_9\"},\"id\":\"evt_2\"}")).toBe("evt_2")
      expect(yield* idOf("{\"data\":{\"id\":\"cus_9\"}}")).toBe(undefined)
      expect(yield* idOf("{\"id\":\"evt_\\u0033\"}")).toBe("evt_3")
      expect(yield* idOf("not json")).toBe(undefined)
    }))

  it.effect("rejects a header with two t= entries, an entry without '=' and one with no v1", () =>
    Effect.gen(function*() {
      const v1 = "v1=" + "0".repeat(64)
      expect(yield* reasonOf(verify(Stripe.scheme, { body, headers: { "Stripe-Signature": `t=1,t=2,${v1}` } }, [whsec]))).toBe(
        "MalformedHeader"
      )
      expect(yield* reasonOf(verify(Stripe.scheme, { body, headers: { "Stripe-Signature": `t=0,junk,${v1}` } }, [whsec]))).toBe(
        "MalformedHeader"
      )
      expect(yield* reasonOf(verify(Stripe.scheme, { body, headers: { "Stripe-Signature": "t=0,v0=abc" } }, [whsec]))).toBe(
        "InvalidSignature"
      )
    }))

  it.effect("signs with every secret during a rotation, one v1 each", () =>
    Effect.gen(function*() {
      const signed = yield* Stripe.scheme.sign({ body }, [secret("whsec_old"), secret("whsec_new")])
      expect(signed.headers["Stripe-Signature"]!.match(/v1=/g)).toHaveLength(2)
      expect((yield* verify(Stripe.scheme, { body, headers: signed.headers }, ["whsec_new"])).scheme).toBe("stripe")
    }))
})

describe("Twilio", () => {
  const token = "12345"

  it.effect("verifies a JSON body through the URL's bodySHA256, as twilio-node signs it", () =>
    Effect.gen(function*() {
      const body = "{\"event\":\"message.delivered\",\"sid\":\"SM1\"}"
      const hash = twilio.getExpectedBodyHash(body)
      const url = `https://example.com/twilio/json?bodySHA256=${hash}`
      const signature = twilio.getExpectedTwilioSignature(token, url, {})
      const verified = yield* verify(Twilio.scheme, { body, headers: { "X-Twilio-Signature": signature }, url }, [token])
      expect(verified.scheme).toBe("twilio")
      expect(
        yield* reasonOf(verify(Twilio.scheme, { body: body.replace("SM1", "SM2"), headers: { "X-Twilio-Signature": signature }, url }, [token]))
      ).toBe("InvalidSignature")
    }))

  it.effect("accepts the URL with or without the default port, keying replays by what was signed, port left out", () =>
    Effect.gen(function*() {
      const body = "Digits=1234&CallSid=CA1"
      const params = { Digits: "1234", CallSid: "CA1" }
      const signature = twilio.getExpectedTwilioSignature(token, "https://example.com:443/voice", params)
      const headers = { "X-Twilio-Signature": signature, "I-Twilio-Idempotency-Token": "idem-1" }
      const verified = yield* verify(Twilio.scheme, { body, headers, url: "https://example.com/voice" }, [token])
      const withPort = yield* verify(Twilio.scheme, { body, headers, url: "https://example.com:443/voice" }, [token])
      expect(verified.id).toBe("idem-1")
      expect(verified.idSigned).toBe(false)
      expect(verified.replayKey).toBe(
        `twilio:sha256:${Common.sha256Hex(new TextEncoder().encode("https://example.com/voiceCallSidCA1Digits1234"))}`
      )
      expect(withPort.replayKey).toBe(verified.replayKey)
      expect(
        yield* reasonOf(verify(Twilio.scheme, { body, headers, url: "https://example.com:8443/voice" }, [token]))
      ).toBe("InvalidSignature")
    }))

  it("builds the signed string from sorted names and sorted, de-duplicated repeated values", () => {
    expect(Twilio.signedContent("https://x.test/a", [["b", "2"], ["a", "9"], ["b", "1"], ["b", "2"]])).toBe(
      "https://x.test/aa9b1b2"
    )
  })
})

describe("Slack and GitHub header formats", () => {
  it.effect("rejects a Slack signature without the v0= prefix and a GitHub one without sha256=", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1531420618000)
      const slack = { "X-Slack-Request-Timestamp": "1531420618", "X-Slack-Signature": "v1=abc" }
      expect(yield* reasonOf(verify(Slack.scheme, { body: "x", headers: slack }, ["s"]))).toBe("MalformedHeader")
      const github = { "X-Hub-Signature-256": "sha1=abc" }
      expect(yield* reasonOf(verify(GitHub.scheme, { body: "x", headers: github }, ["s"]))).toBe("MalformedHeader")
    }))

  it.effect("keys GitHub replays by the signed body; the unsigned X-GitHub-Delivery is only informational", () =>
    Effect.gen(function*() {
      const signed = yield* GitHub.scheme.sign({ body: "{}", id: "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, secret("s"))
      const verified = yield* verify(GitHub.scheme, { body: "{}", headers: signed.headers }, ["s"])
      expect(verified.id).toBe("72d3162e-cc78-11e3-81ab-4c9367dc0958")
      expect(verified.idSigned).toBe(false)
      expect(verified.replayProtection).toBe("remembered")
      expect(verified.replayKey).toBe(`github:sha256:${Common.sha256Hex(new TextEncoder().encode("{}"))}`)
    }))
})

describe("Webhooks", () => {
  it.effect("rejects a body over maxBodyBytes before hashing it", () =>
    Effect.gen(function*() {
      const signed = yield* GitHub.scheme.sign({ body: "x".repeat(2048) }, secret("s"))
      const error = yield* Effect.flip(verify(GitHub.scheme, { body: signed.body, headers: signed.headers }, ["s"], { maxBodyBytes: 1024 }))
      expect(error.reason).toBe("PayloadTooLarge")
    }))

  it.effect("looks schemes up by name and fails with UnknownScheme otherwise", () =>
    Effect.gen(function*() {
      expect((yield* Webhooks.byName("Stripe")).name).toBe("stripe")
      expect(yield* reasonOf(Webhooks.byName("paypal"))).toBe("UnknownScheme")
    }))

  it("detects a delivery's scheme from its signature header", () => {
    const lookup = makeRequest({ body: "", headers: { "Stripe-Signature": "t=1,v1=x" } }).headers
    expect(Webhooks.detect(lookup).map((s) => s.name)).toEqual(["stripe"])
  })

  it("keeps replay keys at least twice the tolerance for timestamped schemes", () => {
    expect(Duration.toSeconds(Webhooks.replayTtl(Stripe.scheme))).toBe(660)
    expect(Duration.toSeconds(Webhooks.replayTtl(Stripe.scheme, { replayTtl: "1 second" }))).toBe(600)
    expect(Duration.toHours(Webhooks.replayTtl(GitHub.scheme))).toBe(24)
    expect(Duration.toSeconds(Webhooks.replayTtl(GitHub.scheme, { replayTtl: "1 minute" }))).toBe(60)
  })

  it.effect("counts verifications by scheme, outcome and reason", () =>
    Effect.gen(function*() {
      const invalid = Metric.tagged(
        Metric.tagged(Metric.tagged(Webhooks.verifications, Webhooks.Attr.scheme, "shopify"), Webhooks.Attr.outcome, "invalid"),
        Webhooks.Attr.reason,
        "MissingHeader"
      )
      const before = (yield* Metric.value(invalid)).count
      yield* Effect.either(verify(Shopify.scheme, { body: "x", headers: {} }, ["s"]))
      expect((yield* Metric.value(invalid)).count).toBe(before + 1)
    }))

  it("compares in constant time without throwing on different lengths", () => {
    expect(Common.constantTimeEqual("abc", "abc")).toBe(true)
    expect(Common.constantTimeEqual("abc", "abd")).toBe(false)
    expect(Common.constantTimeEqual("abc", "abcd")).toBe(false)
    expect(Common.constantTimeEqual(new Uint8Array(), "")).toBe(true)
  })
})

describe("Webhooks.verifyAndDecode", () => {
  const Event = Schema.Struct({ id: Schema.String, data: Schema.Struct({ amount: Schema.Number }) })
  const decode = Webhooks.verifyAndDecode(GitHub.scheme, Event)

  const signedRequest = (body: string) =>
    Effect.map(GitHub.scheme.sign({ body, id: "d-1" }, secret("s")), (signed) => makeRequest({ body, headers: signed.headers }))

  it.effect("returns the verified delivery and the typed event", () =>
    Effect.gen(function*() {
      const request = yield* signedRequest("{\"id\":\"evt_1\",\"data\":{\"amount\":2000}}")
      const { event, webhook } = yield* decode(request, secret("s"))
      expect(event.data.amount).toBe(2000)
      expect(webhook.id).toBe("d-1")
    }))

  it.effect("names the failing path and never the value found", () =>
    Effect.gen(function*() {
      const request = yield* signedRequest("{\"id\":\"evt_1\",\"data\":{\"amount\":\"card 4242-4242-4242-4242\"}}")
      const error = yield* Effect.flip(decode(request, secret("s")))
      expect(error.reason).toBe("InvalidPayload")
      expect(error.message).toContain("data.amount")
      expect(error.message).not.toContain("4242")
    }))

  it.effect("fails with InvalidPayload on a body that is not JSON, without echoing it", () =>
    Effect.gen(function*() {
      const request = yield* signedRequest("not json: hunter2")
      const error = yield* Effect.flip(decode(request, secret("s")))
      expect(error.reason).toBe("InvalidPayload")
      expect(error.message).not.toContain("hunter2")
    }))

  it.effect("decodes a Twilio form body into a record", () =>
    Effect.gen(function*() {
      const url = "https://example.com/sms"
      const body = "From=%2B15551234567&Body=Hello+there"
      const signed = yield* Twilio.scheme.sign({ body, url }, secret("12345"))
      const { event } = yield* Webhooks.verifyAndDecode(Twilio.scheme, Schema.Struct({ From: Schema.String, Body: Schema.String }))(
        makeRequest({ body, headers: signed.headers, url }),
        secret("12345")
      )
      expect(event).toEqual({ From: "+15551234567", Body: "Hello there" })
    }))
})
