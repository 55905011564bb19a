import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import { Webhook } from "standardwebhooks"
import * as OutboxSigning from "../../src/outbox/OutboxSigning.js"

const keyBytes = FastCheck.uint8Array({ minLength: 24, maxLength: 64 })
const messageId = FastCheck.stringMatching(/^msg_[A-Za-z0-9]{1,24}$/)
const body = FastCheck.json()
const seconds = FastCheck.integer({ min: 1_000_000_000, max: 4_000_000_000 })

describe("OutboxSigning", () => {
  it.prop(
    "each signature equals the standardwebhooks package's for the same id, timestamp and body",
    [keyBytes, messageId, body, seconds],
    ([key, id, payload, timestampSeconds]) => {
      const secret = `whsec_${Buffer.from(key).toString("base64")}`
      const headers = OutboxSigning.sign({ id, timestampSeconds, body: payload, secrets: [Redacted.make(secret)] })
      expect(headers["webhook-signature"]).toBe(new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), payload))
      expect(headers["webhook-id"]).toBe(id)
      expect(headers["webhook-timestamp"]).toBe(String(timestampSeconds))
    }
  )

  it("signs once per secret, space separated, so receivers accept either during a rotation", () => {
    const secrets = [OutboxSigning.generateSecret(), OutboxSigning.generateSecret()]
    const headers = OutboxSigning.sign({ id: "msg_1", timestampSeconds: 1_700_000_000, body: "{}", secrets })
    const parts = headers["webhook-signature"].split(" ")
    expect(parts).toHaveLength(2)
    expect(parts.every((p) => p.startsWith("v1,"))).toBe(true)
    expect(parts[0]).not.toBe(parts[1])
  })

  it("rejects secrets without the whsec_ prefix, with a bad encoding or a bad key size, without echoing them", () => {
    const cases = ["canaryc2VjcmV0LWtleS10aGF0LWlzLWxvbmctZW5vdWdo", "whsec_canary-not-base64!", "whsec_Y2FuYXJ5"]
    for (const value of cases) {
      const result = OutboxSigning.secretKey(Redacted.make(value))
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left).not.toContain("canary")
        expect(result.left).not.toContain("Y2FuYXJ5")
      }
    }
    expect(Either.isRight(OutboxSigning.secretKey(OutboxSigning.generateSecret()))).toBe(true)
  })
})
