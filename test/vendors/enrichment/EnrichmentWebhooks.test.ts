import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCrypto from "node:crypto"
import * as Clay from "../../../src/vendors/enrichment/Clay.js"
import * as DataShopper from "../../../src/vendors/enrichment/DataShopper.js"
import * as ReplayGuard from "../../../src/webhooks/ReplayGuard.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../../src/webhooks/WebhookScheme.js"

const SECRET = Redacted.make("datashopper-webhook-secret")
const AT = Date.UTC(2026, 11, 7, 12, 0)

/** The audit's own verification (section 2.1): hex HMAC-SHA256 of the raw body with the webhook secret. */
const auditSignature = (body: string) => NodeCrypto.createHmac("sha256", Redacted.value(SECRET)).update(body).digest("hex")

describe("Enrichment webhooks (HMAC-SHA256 hex of the body)", () => {
  it.effect("a delivery signed as the audit verifies it is accepted; a tampered body, another secret or no header is not", () =>
    Effect.gen(function*() {
      const scheme = DataShopper.webhookScheme({ header: "x-datashopper-signature" })
      const body = JSON.stringify({ event: "intent.signal", domain: "acme.dev" })
      const request = (text: string, signature?: string) =>
        makeRequest({ body: text, headers: signature === undefined ? {} : { "X-DataShopper-Signature": signature } })
      const verified = yield* Webhooks.verify(scheme, request(body, auditSignature(body)), SECRET)
      expect([verified.scheme, verified.replayProtection, verified.idSigned]).toEqual(["hmac-sha256", "remembered", false])
      const tampered = yield* Effect.flip(Webhooks.verify(scheme, request(body.replace("acme", "acne"), auditSignature(body)), SECRET))
      expect(tampered.reason).toBe("InvalidSignature")
      const other = yield* Effect.flip(Webhooks.verify(scheme, request(body, auditSignature(body)), Redacted.make("other")))
      expect(other.reason).toBe("InvalidSignature")
      expect((yield* Effect.flip(Webhooks.verify(scheme, request(body), SECRET))).reason).toBe("MissingHeader")
      expect((yield* Effect.flip(Webhooks.verify(scheme, request(body, "zz"), SECRET))).reason).toBe("MalformedHeader")
      // During a rotation both secrets are configured.
      const rotated = yield* Webhooks.verify(scheme, request(body, auditSignature(body)), [Redacted.make("new"), SECRET])
      expect(rotated.replayKey).toBe(verified.replayKey)
    }))

  it.effect("the replay guard refuses the same signed body twice (the provider signs no id or time)", () =>
    Effect.gen(function*() {
      const scheme = Clay.webhookScheme()
      const body = JSON.stringify({ lead_id: "l1", email: "jane@acme.dev" })
      const signed = yield* scheme.sign({ body }, SECRET)
      expect(signed.headers["x-signature"]).toBe(auditSignature(body))
      const request = makeRequest({ body, headers: signed.headers })
      yield* Webhooks.guardReplay(scheme, yield* Webhooks.verify(scheme, request, SECRET))
      // An unsigned header changed by whoever replays it does not change the key.
      const replayed = makeRequest({ body, headers: { ...signed.headers, "x-request-id": "new" } })
      const again = yield* Webhooks.verify(scheme, replayed, SECRET)
      expect((yield* Effect.flip(Webhooks.guardReplay(scheme, again))).reason).toBe("Replayed")
      expect(Webhooks.replayTtl(scheme)).toEqual(Webhooks.replayTtlFor("remembered"))
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it.effect("with the signed body's own time (timestampField), a delivery outside the window is refused for good", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(AT)
      const scheme = Clay.webhookScheme({ timestampField: "created_at" })
      const body = JSON.stringify({ created_at: new Date(AT - 60_000).toISOString(), lead_id: "l1" })
      const signed = yield* scheme.sign({ body }, SECRET)
      const request = makeRequest({ body, headers: signed.headers })
      const verified = yield* Webhooks.verify(scheme, request, SECRET)
      expect([verified.replayProtection, verified.timestamp?.epochMillis]).toEqual(["timestamp", AT - 60_000])
      yield* TestClock.setTime(AT + 10 * 60_000)
      expect((yield* Effect.flip(Webhooks.verify(scheme, request, SECRET))).reason).toBe("TimestampTooOld")
      const seconds = JSON.stringify({ created_at: Math.floor((AT + 10 * 60_000) / 1000), lead_id: "l2" })
      const inSeconds = yield* scheme.sign({ body: seconds }, SECRET)
      expect((yield* Webhooks.verify(scheme, makeRequest({ body: seconds, headers: inSeconds.headers }), SECRET)).replayProtection)
        .toBe("timestamp")
      const junk = JSON.stringify({ created_at: "yesterday" })
      const junkSigned = yield* scheme.sign({ body: junk }, SECRET)
      expect((yield* Effect.flip(Webhooks.verify(scheme, makeRequest({ body: junk, headers: junkSigned.headers }), SECRET))).reason)
        .toBe("InvalidPayload")
    }))
})
