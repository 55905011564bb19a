import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as SignedWebhooks from "../../../src/testing/SignedWebhooks.js"
import * as GoHighLevelEvents from "../../../src/vendors/gohighlevel/GoHighLevelEvents.js"
import * as ReplayGuard from "../../../src/webhooks/ReplayGuard.js"
import * as GoHighLevel from "../../../src/webhooks/schemes/GoHighLevel.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../../src/webhooks/WebhookScheme.js"
import * as Keys from "../../webhooks/goHighLevelKeys.js"

const AT = Date.UTC(2025, 0, 28, 14, 35)
const privateKey = Redacted.make(Keys.privateKeyPem)
const publicKey = Redacted.make(Keys.publicKeyPem)

const contactCreate = {
  type: "ContactCreate",
  locationId: "ve9EPM428h8vShlRW1KT",
  id: "nmFmQEsNgz6AVpgLVUJ0",
  email: "john@deo.com",
  firstName: "John",
  tags: ["lead"],
  timestamp: new Date(AT).toISOString(),
  webhookId: "9b9a5d0f-1b1c-4e43-8c4c-0a1e1e9e2f11"
}

const verify = (body: string, signature: string | undefined, key = publicKey) =>
  Webhooks.verify(
    GoHighLevel.scheme,
    makeRequest({ body, headers: signature === undefined ? {} : { "x-wh-signature": signature } }),
    key
  )

describe("GoHighLevel webhooks", () => {
  it("the published public key is a usable RSA key; junk is refused with a reason", () => {
    expect(GoHighLevel.scheme.secretProblem(GoHighLevel.publicKey)).toBeUndefined()
    expect(GoHighLevel.scheme.secretProblem(Redacted.make("not a key"))).toContain("PEM")
  })

  it.effect("a delivery signed with the private key verifies with the public key, the signed timestamp and webhookId", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(AT + 60_000)
      const signed = yield* SignedWebhooks.gohighlevel(contactCreate, { secret: privateKey })
      const verified = yield* verify(signed.body, signed.headers["x-wh-signature"])
      expect(verified).toMatchObject({
        scheme: "gohighlevel",
        id: contactCreate.webhookId,
        idSigned: true,
        replayProtection: "timestamp"
      })
      expect(verified.timestamp?.epochMillis).toBe(AT)
      expect(verified.replayKey).toBe(`gohighlevel:id:${contactCreate.webhookId}`)
      const event = yield* GoHighLevelEvents.decodeEventJson(signed.body)
      expect(GoHighLevelEvents.is("ContactCreate")(event) && event.email).toBe("john@deo.com")
    }))

  it.effect("a tampered body, another key, a missing or malformed header are refused", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(AT)
      const signed = yield* SignedWebhooks.gohighlevel(contactCreate, { secret: privateKey })
      const signature = signed.headers["x-wh-signature"]
      expect((yield* Effect.flip(verify(signed.body.replace("John", "Joan"), signature))).reason).toBe("InvalidSignature")
      expect((yield* Effect.flip(verify(signed.body, signature, Redacted.make(Keys.otherPublicKeyPem)))).reason).toBe(
        "InvalidSignature"
      )
      // HighLevel's real key did not sign this delivery.
      expect((yield* Effect.flip(verify(signed.body, signature, GoHighLevel.publicKey))).reason).toBe("InvalidSignature")
      expect((yield* Effect.flip(verify(signed.body, undefined))).reason).toBe("MissingHeader")
      expect((yield* Effect.flip(verify(signed.body, "not base64!"))).reason).toBe("MalformedHeader")
      // During a rotation both keys are configured: either verifies.
      const rotated = yield* Webhooks.verify(
        GoHighLevel.scheme,
        makeRequest({ body: signed.body, headers: signed.headers }),
        [GoHighLevel.publicKey, publicKey]
      )
      expect(rotated.idSigned).toBe(true)
    }))

  it.effect("a delivery whose signed timestamp is older than the tolerance is refused; a replayed webhookId too", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(AT)
      const signed = yield* SignedWebhooks.gohighlevel(contactCreate, { secret: privateKey })
      const request = makeRequest({ body: signed.body, headers: signed.headers })
      const first = yield* Webhooks.verify(GoHighLevel.scheme, request, publicKey)
      yield* Webhooks.guardReplay(GoHighLevel.scheme, first)
      const again = yield* Webhooks.verify(GoHighLevel.scheme, request, publicKey)
      expect((yield* Effect.flip(Webhooks.guardReplay(GoHighLevel.scheme, again))).reason).toBe("Replayed")
      yield* TestClock.setTime(AT + 6 * 60_000)
      expect((yield* Effect.flip(Webhooks.verify(GoHighLevel.scheme, request, publicKey))).reason).toBe("TimestampTooOld")
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it.effect("sign adds the timestamp and webhookId GoHighLevel's deliveries carry; a body without them is only remembered", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(AT)
      const signed = yield* SignedWebhooks.gohighlevel({ type: "InboundMessage", locationId: "l1" }, { secret: privateKey, id: "wh-1" })
      expect(JSON.parse(signed.body)).toMatchObject({ timestamp: new Date(AT).toISOString(), webhookId: "wh-1" })
      const bare = yield* GoHighLevel.scheme.sign({ body: "[1,2]" }, privateKey)
      const verified = yield* verify(new TextDecoder().decode(bare.body), bare.headers["x-wh-signature"])
      expect([verified.replayProtection, verified.idSigned]).toEqual(["remembered", false])
    }))

  it.effect("every typed event decodes typed; an unknown type is kept whole", () =>
    Effect.gen(function*() {
      const opportunity = yield* GoHighLevelEvents.decodeEvent({
        type: "OpportunityStatusUpdate",
        locationId: "l1",
        id: "o1",
        status: "won",
        monetaryValue: 100
      })
      expect([opportunity.type, GoHighLevelEvents.isKnown(opportunity)]).toEqual(["OpportunityStatusUpdate", true])
      const appointment = yield* GoHighLevelEvents.decodeEvent({
        type: "AppointmentCreate",
        locationId: "l1",
        appointment: { id: "a1", calendarId: "c1", startTime: "2025-01-28T10:00:00+00:00" }
      })
      expect(GoHighLevelEvents.is("AppointmentCreate")(appointment) && appointment.appointment.id).toBe("a1")
      const unknown = { type: "InboundMessage", locationId: "l1", body: "hi" }
      const kept = yield* GoHighLevelEvents.decodeEvent(unknown)
      expect([GoHighLevelEvents.isKnown(kept), kept]).toEqual([false, unknown])
      // A known type that does not match its Schema is drift, not an unknown event.
      expect(yield* Effect.either(GoHighLevelEvents.decodeEvent({ type: "ContactCreate", locationId: "l1" }))).toMatchObject({
        _tag: "Left"
      })
    }))
})
