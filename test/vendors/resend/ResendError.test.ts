import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as ServerHints from "../../../src/core/ServerHints.js"
import * as ResendError from "../../../src/vendors/resend/ResendError.js"

const classify = (status: number, body: unknown, headers: Record<string, string> = {}, operation = "emails.send") =>
  ResponseClassifier.classify(
    { vendor: "Resend", operation, status, headers: ServerHints.lookupFromRecord(headers), body, nowMillis: 0 },
    ResendError.refineError
  )

describe("ResendError", () => {
  it("maps each documented error name to the reason a caller acts on", () => {
    const cases: ReadonlyArray<readonly [number, string, string, boolean]> = [
      [400, "validation_error", "InvalidRequest", false],
      [422, "missing_required_field", "InvalidRequest", false],
      [400, "invalid_idempotency_key", "Idempotency", false],
      [409, "invalid_idempotent_request", "Idempotency", false],
      [409, "concurrent_idempotent_requests", "RateLimited", true],
      [401, "missing_api_key", "Unauthorized", false],
      [401, "restricted_api_key", "Forbidden", false],
      [403, "invalid_api_key", "Unauthorized", false],
      [404, "not_found", "NotFound", false],
      [429, "rate_limit_exceeded", "RateLimited", true],
      [429, "monthly_quota_exceeded", "RateLimited", true],
      [500, "application_error", "Server", true]
    ]
    for (const [status, name, reason, retryable] of cases) {
      const error = classify(status, { statusCode: status, name, message: "free text" })
      expect([name, error.reason, error.retryable]).toEqual([name, reason, retryable])
      expect(ResendError.details(error).name).toBe(name)
      expect(error.description).toContain(name)
    }
  })

  it("keeps only the ratelimit headers of a 429, as numbers", () => {
    const headers = { "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": "soon", "retry-after": "1" }
    expect(ResendError.details(classify(429, { name: "rate_limit_exceeded" }, headers))).toEqual({
      name: "rate_limit_exceeded",
      ratelimit_limit: "2",
      ratelimit_remaining: "0"
    })
    expect(ResendError.details(classify(200, {}, headers))).toEqual({})
  })

  it.prop(
    "never copies Resend's message, or a name that is not an identifier, into the error",
    [FastCheck.string({ minLength: 6 }), FastCheck.string({ minLength: 6 })],
    ([message, name]) => {
      const error = classify(422, { statusCode: 422, name: `${name} x`, message: `⟨${message}⟩` })
      const text = `${error.message} ${JSON.stringify(error.details ?? {})}`
      expect(text.includes("⟨")).toBe(false)
      expect(ResendError.details(error).name).toBeUndefined()
    }
  )

  it("reads details only from Resend's errors", () => {
    const error = ResponseClassifier.classify({
      vendor: "Stripe",
      operation: "x",
      status: 400,
      headers: () => undefined,
      body: { name: "validation_error" },
      nowMillis: 0
    })
    expect(ResendError.details(error)).toEqual({})
    expect(ResendError.hasName("validation_error")(error)).toBe(false)
  })
})
