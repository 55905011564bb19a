import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import * as WebhookScheme from "../../src/webhooks/WebhookScheme.js"
import { vectors } from "./vectors.js"

describe("Webhooks vectors", () => {
  it("covers all 56 shared cases", () => {
    expect(vectors).toHaveLength(56)
  })

  for (const vector of vectors) {
    const outcome = vector.valid ? "accepts" : `rejects with ${vector.reason ?? "an error"}`
    it.effect(`${vector.scheme} ${vector.id}: ${outcome} (${vector.description})`, () =>
      Effect.gen(function*() {
        if (vector.now !== undefined) yield* TestClock.setTime(vector.now * 1000)
        const scheme = yield* Webhooks.byName(vector.scheme)
        const request = WebhookScheme.makeRequest({ body: vector.body, headers: vector.headers, url: vector.url })
        const secrets = [...vector.secrets, ...vector.publicKeys].map((s) => Redacted.make(s))
        const options = vector.toleranceSeconds === undefined ? {} : { tolerance: Duration.seconds(vector.toleranceSeconds) }
        const result = yield* Effect.either(Webhooks.verify(scheme, request, secrets, options))
        if (vector.valid) {
          expect(result._tag).toBe("Right")
        } else {
          expect(result._tag).toBe("Left")
          if (result._tag === "Left") {
            expect(result.left.reason).toBe(vector.reason)
            expect(result.left.scheme).toBe(vector.scheme)
            // The message is safe to log: no secret, no expected signature.
            for (const secret of vector.secrets) expect(result.left.message).not.toContain(secret)
            expect(result.left.message).not.toContain(vector.expectedSignature)
          }
        }
      }))
  }
})
