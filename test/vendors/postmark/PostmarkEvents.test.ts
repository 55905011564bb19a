import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as PostmarkEvents from "../../../src/vendors/postmark/PostmarkEvents.js"
import * as PostmarkBasicAuth from "../../../src/webhooks/schemes/PostmarkBasicAuth.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest, type Secrets } from "../../../src/webhooks/WebhookScheme.js"
import * as Examples from "./support/PostmarkExamples.js"

const documented = [
  ["Delivery", Examples.delivery],
  ["Bounce", Examples.bounce],
  ["SpamComplaint", Examples.spamComplaint],
  ["Open", Examples.open],
  ["Click", Examples.click],
  ["SubscriptionChange", Examples.subscriptionChange]
] as const

describe("PostmarkEvents", () => {
  it.effect("every documented webhook example decodes as its typed event", () =>
    Effect.gen(function*() {
      expect([...PostmarkEvents.knownTypes].sort()).toEqual(documented.map(([type]) => type).sort())
      for (const [type, example] of documented) {
        const event = yield* PostmarkEvents.decodeEventJson(JSON.stringify(example))
        expect([event.RecordType, PostmarkEvents.isKnown(event), PostmarkEvents.is(type)(event)]).toEqual([type, true, true])
      }
    }))

  it.effect("an unknown record type is kept whole; a known one missing its fields is a decoding error", () =>
    Effect.gen(function*() {
      const inbound = { RecordType: "Inbound", MessageID: "m-1", From: "a@example.com", Subject: "x" }
      const event = yield* PostmarkEvents.decodeEvent(inbound)
      expect(PostmarkEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(inbound)
      const broken = yield* Effect.flip(PostmarkEvents.decodeEvent({ RecordType: "Bounce", MessageID: "m-1" }))
      expect(broken._tag).toBe("ParseError")
    }))

  it.effect("dedupKey names the event itself: one per bounce, one per open, the same for a redelivery", () =>
    Effect.gen(function*() {
      const keys = yield* Effect.forEach(documented, ([, example]) =>
        Effect.map(PostmarkEvents.decodeEvent(example), PostmarkEvents.dedupKey))
      expect(new Set(keys).size).toBe(documented.length)
      expect(keys[1]).toBe(`postmark:Bounce:${Examples.bounce.MessageID}:${Examples.bounce.ID}`)
      const again = yield* PostmarkEvents.decodeEvent(JSON.parse(JSON.stringify(Examples.open)))
      expect(PostmarkEvents.dedupKey(again)).toBe(keys[3])
      const second = yield* PostmarkEvents.decodeEvent({ ...Examples.open, FirstOpen: false, ReceivedAt: "2019-11-05T17:00:00Z" })
      expect(PostmarkEvents.dedupKey(second)).not.toBe(keys[3])
    }))
})

describe("PostmarkBasicAuth", () => {
  const current = Redacted.make("postmark:n3w-s3cret")
  const previous = Redacted.make("postmark:old-s3cret")
  const body = JSON.stringify(Examples.bounce)
  const basic = (pair: string) => `Basic ${Buffer.from(pair).toString("base64")}`
  const verify = (authorization: string | undefined, secrets: Secrets = [current, previous]) =>
    Webhooks.verify(
      PostmarkBasicAuth.scheme,
      makeRequest({ body, headers: authorization === undefined ? {} : { Authorization: authorization } }),
      secrets
    )

  it.effect("accepts the configured credentials, and during rotation the previous ones too", () =>
    Effect.gen(function*() {
      const verified = yield* verify(basic("postmark:n3w-s3cret"))
      expect(verified).toMatchObject({ scheme: "postmark", idSigned: false, replayProtection: "remembered" })
      expect(verified.replayKey).toMatch(/^postmark:sha256:[0-9a-f]{64}$/)
      yield* verify(basic("postmark:old-s3cret"))
      const rotatedOut = yield* Effect.flip(verify(basic("postmark:old-s3cret"), current))
      expect(rotatedOut.reason).toBe("InvalidSignature")
    }))

  it.effect("refuses a wrong password, another user, a missing header or a non-Basic one, naming no secret", () =>
    Effect.gen(function*() {
      const wrong = yield* Effect.flip(verify(basic("postmark:n3w-s3cretX")))
      const user = yield* Effect.flip(verify(basic("other:n3w-s3cret")))
      const missing = yield* Effect.flip(verify(undefined))
      const bearer = yield* Effect.flip(verify("Bearer n3w-s3cret"))
      expect([wrong.reason, user.reason, missing.reason, bearer.reason]).toEqual([
        "InvalidSignature",
        "InvalidSignature",
        "MissingHeader",
        "MalformedHeader"
      ])
      for (const error of [wrong, user, missing, bearer]) expect(error.message).not.toContain("s3cret")
    }))

  it.effect("sign produces what verify accepts; secretProblem refuses what cannot go in a URL", () =>
    Effect.gen(function*() {
      const signed = yield* PostmarkBasicAuth.scheme.sign({ body }, current)
      yield* Webhooks.verify(PostmarkBasicAuth.scheme, makeRequest({ body: signed.body, headers: signed.headers }), current)
      expect(PostmarkBasicAuth.secretProblem(Redacted.make("no-colon"))).toBeDefined()
      expect(PostmarkBasicAuth.secretProblem(Redacted.make("user:"))).toBeDefined()
      expect(PostmarkBasicAuth.secretProblem(current)).toBeUndefined()
    }))

  it("is not offered as a signature scheme: it covers neither body nor time", () => {
    expect(Webhooks.schemeNames).not.toContain("postmark")
    expect(PostmarkBasicAuth.scheme.timestamped).toBe(false)
  })
})
