import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import * as AnthropicError from "../../../src/vendors/anthropic/AnthropicError.js"

describe("AnthropicError", () => {
  it("maps an error event by its type, and an unknown type to Server", () => {
    const reasons = Object.keys(AnthropicError.reasonByType).map((type) => [
      type,
      AnthropicError.streamError("Anthropic", "messages.stream", { type, message: "m" }).reason
    ])
    expect(Object.fromEntries(reasons)).toEqual(AnthropicError.reasonByType)
    const unknown = AnthropicError.streamError("Anthropic", "messages.stream", { type: "brand_new_error" })
    expect([unknown.reason, unknown.retryable, unknown.details]).toEqual(["Server", true, { type: "brand_new_error" }])
  })

  it("a reached spend limit is Forbidden whatever the type says", () => {
    const details = AnthropicError.errorDetails({
      type: "rate_limit_error",
      message: "m",
      details: { error_code: "enforced_spend_limit_reached" }
    })
    expect(AnthropicError.reasonFor(details, "RateLimited")).toBe("Forbidden")
  })

  it.prop(
    "details hold identifiers only and never the message",
    [FastCheck.string(), FastCheck.string(), FastCheck.string({ minLength: 1 })],
    ([type, code, message]) => {
      const details = AnthropicError.errorDetails({ type, message: `${message}-canary`, details: { error_code: code } }) ?? {}
      for (const value of Object.values(details)) {
        expect(value).toMatch(/^[A-Za-z0-9_.:-]{1,80}$/)
        expect(value).not.toContain("-canary")
      }
    }
  )
})
