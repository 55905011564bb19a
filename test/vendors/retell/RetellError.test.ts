import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as RetellError from "../../../src/vendors/retell/RetellError.js"

const facts = (status: number, operation = "agents.retrieve"): ResponseClassifier.ResponseFacts => ({
  vendor: "Retell",
  operation,
  status,
  headers: () => undefined,
  body: { status: "error", message: "Trial has ended, please add payment method." },
  nowMillis: 0
})

const refine = (status: number, operation?: string) =>
  RetellError.refineError(facts(status, operation), {
    reason: ResponseClassifier.reasonForStatus(status),
    description: `HTTP ${status}`
  })

describe("RetellError", () => {
  it("reads each status of Retell's reference as its reason, never quoting Retell's message", () => {
    expect(refine(402)).toMatchObject({ reason: "Forbidden", retryable: false, details: { kind: "payment_required" } })
    expect(refine(422)).toMatchObject({ reason: "NotFound", details: { kind: "not_found" } })
    expect(refine(404)).toMatchObject({ reason: "NotFound" })
    expect(refine(400).reason).toBe("InvalidRequest")
    expect(refine(401).reason).toBe("Unauthorized")
    expect(refine(429).reason).toBe("RateLimited")
    expect(refine(500).reason).toBe("Server")
    for (const status of [400, 402, 422, 429, 500]) expect(refine(status).description).not.toContain("Trial")
  })

  it("says a 5xx on a call creation may have placed the call, and only there", () => {
    for (const operation of RetellError.callCreations) {
      expect(refine(503, operation).description).toContain("may or may not have been placed")
    }
    expect(refine(503, "calls.retrieve").description).not.toContain("placed")
  })

  it("tells ambiguous creations and payment problems apart with guards", () => {
    const error = (operation: string, reason: IntegrationError["reason"], details?: Record<string, string>) =>
      new IntegrationError({ vendor: "Retell", operation, reason, description: "x", ...(details ? { details } : {}) })
    expect(RetellError.isAmbiguousCreate(error("calls.createPhoneCall", "Timeout"))).toBe(true)
    expect(RetellError.isAmbiguousCreate(error("calls.createPhoneCall", "RateLimited"))).toBe(false)
    expect(RetellError.isAmbiguousCreate(error("calls.retrieve", "Timeout"))).toBe(false)
    expect(RetellError.isPaymentRequired(error("agents.create", "Forbidden", { kind: "payment_required" }))).toBe(true)
    expect(RetellError.isPaymentRequired(new IntegrationError({ vendor: "Resend", operation: "x", reason: "Forbidden", description: "x", details: { kind: "payment_required" } }))).toBe(false)
  })
})
