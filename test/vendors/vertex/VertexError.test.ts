import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as VertexError from "../../../src/vendors/vertex/VertexError.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "VertexAI",
  operation: "models.generateContent",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})
const kernel: ResponseClassifier.Verdict = { reason: "Server", description: "HTTP" }
const google = (code: number, status: string, details?: ReadonlyArray<unknown>) =>
  ({ error: { code, message: "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute", status, ...(details ? { details } : {}) } })

describe("VertexError.refineError", () => {
  const cases: ReadonlyArray<readonly [number, string, IntegrationError["reason"], boolean | undefined]> = [
    [429, "RESOURCE_EXHAUSTED", "RateLimited", true],
    [503, "UNAVAILABLE", "Overloaded", true],
    [500, "INTERNAL", "Server", true],
    [504, "DEADLINE_EXCEEDED", "Server", true],
    [400, "INVALID_ARGUMENT", "InvalidRequest", false],
    [400, "FAILED_PRECONDITION", "InvalidRequest", false],
    [401, "UNAUTHENTICATED", "Unauthorized", undefined],
    [403, "PERMISSION_DENIED", "Forbidden", false],
    [404, "NOT_FOUND", "NotFound", false],
    [409, "ABORTED", "Conflict", false],
    [499, "CANCELLED", "Transport", true]
  ]
  for (const [code, status, reason, retryable] of cases) {
    it(`${status} → ${reason}`, () => {
      const verdict = VertexError.refineError(facts(code, google(code, status)), kernel)
      expect([verdict.reason, verdict.retryable, verdict.details]).toEqual([reason, retryable, { status }])
      expect(verdict.description).not.toContain("Quota exceeded")
    })
  }

  it("an API_KEY_INVALID detail (the Gemini API's 400 for a bad key) is Unauthorized", () => {
    const verdict = VertexError.refineError(
      facts(400, google(400, "INVALID_ARGUMENT", [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }])),
      kernel
    )
    expect([verdict.reason, verdict.details]).toEqual(["Unauthorized", { status: "INVALID_ARGUMENT", reason: "API_KEY_INVALID" }])
  })

  it("an unknown or missing status keeps the kernel's verdict; hasStatus reads the details", () => {
    expect(VertexError.refineError(facts(502, "<html>bad gateway</html>"), { reason: "Server", description: "x", retryable: true }).reason).toBe("Server")
    expect(VertexError.refineError(facts(418, google(418, "teapot lower")), kernel).details).toBeUndefined()
    const error = new IntegrationError({ vendor: "VertexAI", operation: "x", reason: "RateLimited", description: "d", details: { status: "RESOURCE_EXHAUSTED" } })
    expect(VertexError.hasStatus("RESOURCE_EXHAUSTED")(error)).toBe(true)
    expect(VertexError.hasStatus("UNAVAILABLE")(error)).toBe(false)
  })
})
