import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as ResponseClassifier from "../../src/core/ResponseClassifier.js"
import * as ServerHints from "../../src/core/ServerHints.js"

const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ResponseClassifier.classify({
    vendor: "Demo",
    operation: "op",
    status,
    body,
    headers: ServerHints.lookupFromRecord(headers),
    nowMillis: 0
  })

describe("ResponseClassifier", () => {
  it("maps statuses to reasons and retryability", () => {
    const table: ReadonlyArray<readonly [number, string, boolean]> = [
      [400, "InvalidRequest", false],
      [401, "Unauthorized", false],
      [403, "Forbidden", false],
      [404, "NotFound", false],
      [408, "Timeout", true],
      [409, "Conflict", false],
      [422, "InvalidRequest", false],
      [429, "RateLimited", true],
      [500, "Server", true],
      [502, "Server", true],
      [503, "Server", true],
      [504, "Server", true],
      [529, "Overloaded", true]
    ]
    for (const [status, reason, retryable] of table) {
      const error = classify(status, undefined)
      expect([status, error.reason, error.retryable]).toEqual([status, reason, retryable])
    }
  })

  it("reads an overload body on a 503 as Overloaded", () => {
    expect(classify(503, { error: { type: "overloaded_error" } }).reason).toBe("Overloaded")
    expect(classify(503, "upstream overloaded").reason).toBe("Overloaded")
  })

  it("carries Retry-After on a 429 and the server's retry verdict", () => {
    const limited = classify(429, {}, { "retry-after": "3" })
    expect(limited.retryAfter && Duration.toMillis(limited.retryAfter)).toBe(3000)
    expect(classify(500, {}, { "x-should-retry": "false" }).retryable).toBe(false)
    expect(classify(400, {}, { "x-should-retry": "true" }).retryable).toBe(true)
  })

  it("keeps vendor identifiers and drops free text", () => {
    const error = classify(402, {
      error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "insufficient_funds",
        param: "payment_method",
        message: "Your card ending 4242 was declined for jane@example.com"
      }
    })
    // `decline_code` is Stripe's own field: only a dialect that names it keeps it.
    expect(error.details).toEqual({ type: "card_error", code: "card_declined", param: "payment_method" })
    expect(error.message).not.toContain("jane@example.com")
    expect(error.message).toContain("card_declined")
  })

  it("lets a vendor refine the verdict", () => {
    const error = ResponseClassifier.classify(
      { vendor: "Demo", operation: "op", status: 400, body: { error: { type: "idempotency_error" } }, headers: () => undefined, nowMillis: 0 },
      (_facts, verdict) => verdict.details?.type === "idempotency_error" ? { ...verdict, reason: "Idempotency" } : verdict
    )
    expect(error.reason).toBe("Idempotency")
  })
})
