import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Common from "../../src/webhooks/internal/common.js"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as Firecrawl from "../../src/webhooks/schemes/Firecrawl.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

// The expected signature was computed with Python's hmac/hashlib from Firecrawl's documented algorithm
// (HMAC-SHA256 of the raw body with the webhook secret, hex, prefixed `sha256=`): an implementation independent of ours.
const SECRET = "fc-webhook-secret-2026"
const body =
  "{\"success\":true,\"type\":\"crawl.started\",\"id\":\"3c2b0d51-4a7e-4f0e-9d51-6a0d8c1e2f90\",\"webhookId\":\"9a1f6c2e-5b3d-4e8a-b7c1-2d4e6f8a0b1c\",\"data\":[],\"metadata\":{\"tenant\":\"acme\"}}"
const signature = "sha256=ef85298ea6542720c7cd5fb02c68150c193f873fd39ed360fb884ae28401e82d"

const verify = (input: { body: string; headers: Record<string, string> }, secrets: ReadonlyArray<string> = [SECRET]) =>
  Webhooks.verify(Firecrawl.scheme, makeRequest(input), secrets.map((s) => Redacted.make(s)))

describe("Firecrawl webhook scheme", () => {
  it.effect("accepts X-Firecrawl-Signature: sha256=<hex HMAC-SHA256 of the raw body>, keyed by the signed webhookId", () =>
    Effect.gen(function*() {
      const verified = yield* verify({ body, headers: { "X-Firecrawl-Signature": signature } })
      expect(verified).toMatchObject({
        scheme: "firecrawl",
        id: "9a1f6c2e-5b3d-4e8a-b7c1-2d4e6f8a0b1c",
        idSigned: true,
        replayProtection: "remembered",
        replayKey: "firecrawl:id:9a1f6c2e-5b3d-4e8a-b7c1-2d4e6f8a0b1c"
      })
      // During a rotation either secret verifies.
      yield* verify({ body, headers: { "x-firecrawl-signature": signature } }, ["old-secret", SECRET])
    }))

  it.effect("refuses a changed body, another secret, a missing or malformed header", () =>
    Effect.gen(function*() {
      const reason = (effect: ReturnType<typeof verify>) => Effect.map(Effect.flip(effect), (error) => error.reason)
      expect(yield* reason(verify({ body: body.replace("acme", "acmf"), headers: { "X-Firecrawl-Signature": signature } }))).toBe(
        "InvalidSignature"
      )
      expect(yield* reason(verify({ body, headers: { "X-Firecrawl-Signature": signature } }, ["another"]))).toBe("InvalidSignature")
      expect(yield* reason(verify({ body, headers: {} }))).toBe("MissingHeader")
      expect(yield* reason(verify({ body, headers: { "X-Firecrawl-Signature": signature.slice(7) } }))).toBe("MalformedHeader")
    }))

  it.effect("keys a body without a webhookId by its digest, and signs what it verifies", () =>
    Effect.gen(function*() {
      const plain = "{\"type\":\"crawl.page\"}"
      const signed = yield* Firecrawl.scheme.sign({ body: plain }, Redacted.make(SECRET))
      expect(Object.keys(signed.headers)).toEqual(["X-Firecrawl-Signature"])
      const verified = yield* verify({ body: plain, headers: { ...signed.headers } })
      expect([verified.idSigned, verified.replayKey]).toEqual([false, `firecrawl:sha256:${Common.sha256Hex(new TextEncoder().encode(plain))}`])
      const again = yield* Firecrawl.scheme.sign({ body }, Redacted.make(SECRET))
      expect(again.headers["X-Firecrawl-Signature"]).toBe(signature)
    }))

  it.effect("a replay guard refuses a redelivery of the same webhookId", () =>
    Effect.gen(function*() {
      const deliver = Effect.gen(function*() {
        const webhook = yield* verify({ body, headers: { "X-Firecrawl-Signature": signature } })
        return yield* Effect.either(Webhooks.guardReplay(Firecrawl.scheme, webhook))
      })
      expect((yield* deliver)._tag).toBe("Right")
      const replay = yield* deliver
      expect(replay._tag === "Left" && replay.left.reason).toBe("Replayed")
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it("is a built-in scheme, found by name and by its header", () => {
    expect(Webhooks.schemeNames).toContain("firecrawl")
    expect(Firecrawl.scheme.secretProblem(Redacted.make(""))).toBe("the Firecrawl webhook secret is empty")
    expect(Firecrawl.scheme.secretProblem(Redacted.make(SECRET))).toBeUndefined()
  })
})
