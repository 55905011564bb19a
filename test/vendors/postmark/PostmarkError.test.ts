import { describe, expect, it } from "@effect/vitest"
import * as PostmarkError from "../../../src/vendors/postmark/PostmarkError.js"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "Postmark",
  operation: "email.send",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})

const verdict = (reason: ResponseClassifier.Verdict["reason"]): ResponseClassifier.Verdict => ({ reason, description: "status" })

describe("PostmarkError", () => {
  it("maps each documented ErrorCode to its reason, keeping the code and never the message", () => {
    const cases: ReadonlyArray<readonly [number, number, string]> = [
      [401, 10, "Unauthorized"],
      [422, 300, "InvalidRequest"],
      [422, 400, "Forbidden"],
      [422, 401, "Forbidden"],
      [422, 405, "Forbidden"],
      [422, 406, "InvalidRequest"],
      [422, 410, "InvalidRequest"],
      [422, 412, "Forbidden"],
      [422, 1101, "NotFound"],
      [422, 1226, "NotFound"]
    ]
    for (const [status, code, reason] of cases) {
      const refined = PostmarkError.refineError(facts(status, { ErrorCode: code, Message: "to jane@example.com" }), verdict("InvalidRequest"))
      expect([code, refined.reason, refined.details]).toEqual([code, reason, { errorCode: String(code) }])
      expect(refined.description).not.toContain("jane@example.com")
    }
  })

  it("keeps the status verdict for a 429 or a 5xx whatever the body says, and for unknown codes", () => {
    expect(PostmarkError.refineError(facts(429, { ErrorCode: 406 }), verdict("RateLimited")).reason).toBe("RateLimited")
    expect(PostmarkError.refineError(facts(503, { ErrorCode: 10 }), verdict("Server")).reason).toBe("Server")
    expect(PostmarkError.refineError(facts(422, { ErrorCode: 99999 }), verdict("InvalidRequest")).reason).toBe("InvalidRequest")
    expect(PostmarkError.refineError(facts(500, "<html>"), verdict("Server")).details).toBeUndefined()
  })

  it("reads a refused batch message with the same table", () => {
    const error = PostmarkError.recordError("email.sendBatch", 406)
    expect([error.reason, error.retryable, PostmarkError.isInactiveRecipient(error)]).toEqual(["InvalidRequest", false, true])
  })
})
