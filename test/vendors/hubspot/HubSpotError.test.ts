import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import { classify } from "../../../src/core/ResponseClassifier.js"
import * as HubSpotError from "../../../src/vendors/hubspot/HubSpotError.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "HubSpot",
  operation: "contacts.create",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})

const hubspotError = (status: number, body: unknown) => classify(facts(status, body), HubSpotError.refineError)

describe("HubSpotError", () => {
  it("refines the status with the category and keeps only identifiers in details", () => {
    const conflict = hubspotError(409, {
      status: "error",
      message: "Contact already exists. Existing ID: 12345",
      correlationId: "c",
      category: "CONFLICT"
    })
    expect([conflict.reason, conflict.details]).toEqual(["Conflict", { category: "CONFLICT" }])
    expect(conflict.message).not.toContain("12345")
    const scopes = hubspotError(400, { status: "error", message: "m", correlationId: "c", category: "MISSING_SCOPES" })
    expect(scopes.reason).toBe("Forbidden")
    const server = hubspotError(502, { status: "error", message: "m", correlationId: "c", category: "VALIDATION_ERROR" })
    expect([server.reason, server.retryable]).toEqual(["Server", true])
    const plain = hubspotError(500, "<html>bad gateway</html>")
    expect([plain.reason, plain.details]).toEqual(["Server", undefined])
  })

  it("treats the daily limit as final and a 423 lock as retryable even for a create", () => {
    const daily = hubspotError(429, { status: "error", errorType: "RATE_LIMIT", policyName: "DAILY", message: "m" })
    expect([daily.reason, daily.retryable, HubSpotError.isDailyLimit(daily)]).toEqual(["RateLimited", false, true])
    const rolling = hubspotError(429, { status: "error", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" })
    expect([rolling.reason, rolling.retryable, HubSpotError.isDailyLimit(rolling)]).toEqual(["RateLimited", true, false])
    const locked = hubspotError(423, { status: "error", category: "LOCKED", message: "m" })
    expect([locked.reason, locked.serverRetryHint]).toEqual(["Conflict", true])
    expect(HubSpotError.hasCategory("LOCKED")(locked)).toBe(true)
  })

  it("builds a per-record error from a batch error's category", () => {
    const error = HubSpotError.recordError("contacts.batchUpsert", { category: "OBJECT_NOT_FOUND", subCategory: { nested: 1 } })
    expect([error.reason, error.operation, error.details]).toEqual(["NotFound", "contacts.batchUpsert", { category: "OBJECT_NOT_FOUND" }])
    expect(HubSpotError.recordError("x", { category: "SOMETHING_NEW" }).reason).toBe("InvalidRequest")
  })

  it.prop(
    "never copies a value that is not a short identifier into details",
    [FastCheck.string(), FastCheck.string(), FastCheck.string().map((text) => `<${text}>`)],
    ([category, subCategory, message]) => {
      const error = hubspotError(400, { status: "error", category, subCategory, message, correlationId: "c" })
      for (const value of Object.values(error.details ?? {})) expect(value).toMatch(/^[A-Za-z0-9_.:\-]{1,120}$/)
      expect(error.message).not.toContain(message)
    }
  )
})
