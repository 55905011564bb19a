import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as LlamaParseError from "../../../src/vendors/llamaparse/LlamaParseError.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "LlamaParse",
  operation: "parsing.upload",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})

const kernel: ResponseClassifier.Verdict = { reason: "Server", description: "HTTP" }

describe("LlamaParseError.refineError", () => {
  it("402 is an out-of-credits RateLimited that is not retried", () => {
    const verdict = LlamaParseError.refineError(facts(402, { detail: "Insufficient credits" }), kernel)
    expect([verdict.reason, verdict.retryable, verdict.details]).toEqual(["RateLimited", false, { type: "out_of_credits" }])
    const error = new IntegrationError({ vendor: "LlamaParse", operation: "x", reason: "RateLimited", description: "d", details: { type: "out_of_credits" } })
    expect(LlamaParseError.isOutOfCredits(error)).toBe(true)
    expect(LlamaParseError.isOutOfCredits(new IntegrationError({ vendor: "LlamaParse", operation: "x", reason: "RateLimited", description: "d" }))).toBe(false)
  })

  it("413 and 422 are InvalidRequest; 422 keeps the first error's type and field, never its message", () => {
    expect(LlamaParseError.refineError(facts(413, { detail: "too big" }), kernel).reason).toBe("InvalidRequest")
    const verdict = LlamaParseError.refineError(
      facts(422, { detail: [{ loc: ["body", "max_pages"], msg: "Input should be a valid integer, got 'x'", type: "int_parsing" }] }),
      kernel
    )
    expect([verdict.reason, verdict.details]).toEqual(["InvalidRequest", { type: "int_parsing", field: "body.max_pages" }])
    expect(verdict.description).not.toContain("got 'x'")
  })

  it("other statuses keep the kernel's verdict; odd bodies add no details", () => {
    const verdict = LlamaParseError.refineError(facts(503, "<html>"), { reason: "Server", description: "HTTP 503", retryable: true })
    expect([verdict.reason, verdict.retryable, verdict.details]).toEqual(["Server", true, undefined])
    expect(LlamaParseError.refineError(facts(422, { detail: [{ loc: ["a b/c"], type: "x y" }] }), kernel).details).toBeUndefined()
  })
})
