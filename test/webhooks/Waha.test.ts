import { createHmac } from "node:crypto"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Waha from "../../src/webhooks/schemes/Waha.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../src/webhooks/WebhookScheme.js"

const key = Redacted.make("waha-hmac-key-0123456789")
const body = JSON.stringify({ id: "evt_1", timestamp: 1733000000000, event: "message", session: "default", payload: { id: "m1", body: "Hi" } })
// The signature computed independently of the scheme: hex HMAC-SHA512 of the raw body.
const digest = createHmac("sha512", Redacted.value(key)).update(body).digest("hex")

const request = (headers: Record<string, string>, raw = body) => WebhookScheme.makeRequest({ body: raw, headers })

describe("Waha scheme", () => {
  it.effect("verifies X-Webhook-Hmac, the hex HMAC-SHA512 of the raw body, with sha512 named", () =>
    Effect.gen(function*() {
      const verified = yield* Waha.scheme.verify(
        request({ "x-webhook-hmac": digest, "x-webhook-hmac-algorithm": "sha512", "x-webhook-request-id": "req_1" }),
        [key]
      )
      expect(verified).toMatchObject({ scheme: "waha", id: "req_1", idSigned: false, replayProtection: "remembered" })
      // Upper-case hex and a missing algorithm header (read as sha512) verify too.
      yield* Waha.scheme.verify(request({ "x-webhook-hmac": digest.toUpperCase() }), [key])
    }))

  it.effect("refuses a tampered body, a wrong key, another algorithm and a malformed signature", () =>
    Effect.gen(function*() {
      const good = { "x-webhook-hmac": digest, "x-webhook-hmac-algorithm": "sha512" }
      const tampered = yield* Effect.flip(Waha.scheme.verify(request(good, body.replace("Hi", "Ho")), [key]))
      expect(tampered.reason).toBe("InvalidSignature")
      const wrongKey = yield* Effect.flip(Waha.scheme.verify(request(good), [Redacted.make("other")]))
      expect(wrongKey.reason).toBe("InvalidSignature")
      const sha256 = yield* Effect.flip(Waha.scheme.verify(request({ ...good, "x-webhook-hmac-algorithm": "sha256" }), [key]))
      expect(sha256.reason).toBe("MalformedHeader")
      const short = yield* Effect.flip(Waha.scheme.verify(request({ "x-webhook-hmac": "abc" }), [key]))
      expect(short.reason).toBe("MalformedHeader")
      const missing = yield* Effect.flip(Waha.scheme.verify(request({}), [key]))
      expect(missing.reason).toBe("MissingHeader")
    }))

  it.effect("accepts any of several keys during a rotation and signs what it verifies", () =>
    Effect.gen(function*() {
      const signed = yield* Waha.scheme.sign({ body, id: "req_2" }, key)
      expect(signed.headers).toMatchObject({ "X-Webhook-Hmac": digest, "X-Webhook-Hmac-Algorithm": "sha512", "X-Webhook-Request-Id": "req_2" })
      const verified = yield* Waha.scheme.verify(request(signed.headers), [Redacted.make("old"), key])
      expect(verified.id).toBe("req_2")
      expect((yield* Webhooks.byName("waha")).name).toBe("waha")
      expect(Waha.scheme.secretProblem(Redacted.make(""))).toContain("empty")
    }))
})
