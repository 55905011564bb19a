import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as FirecrawlError from "../../../src/vendors/firecrawl/FirecrawlError.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "Firecrawl",
  operation: "crawl.start",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})

describe("FirecrawlError", () => {
  it("reads 402 as Forbidden and 409 as Idempotency, neither retried; keeps other verdicts with the code only", () => {
    const kernel = (reason: ResponseClassifier.Verdict["reason"]): ResponseClassifier.Verdict => ({ reason, description: "k" })
    const paid = FirecrawlError.refineError(facts(402, { success: false, error: "no credits for https://x.dev" }), kernel("InvalidRequest"))
    expect([paid.reason, paid.retryable, paid.details]).toEqual(["Forbidden", false, undefined])
    const reused = FirecrawlError.refineError(facts(409, { success: false, error: "used" }), kernel("Conflict"))
    expect([reused.reason, reused.retryable]).toEqual(["Idempotency", false])
    const server = FirecrawlError.refineError(facts(500, { success: false, code: "UNKNOWN_ERROR", error: "at https://x.dev" }), kernel("Server"))
    expect([server.reason, server.details, server.retryable]).toEqual(["Server", { code: "UNKNOWN_ERROR" }, undefined])
    expect(JSON.stringify([paid, reused, server])).not.toContain("x.dev")
    const oddCode = FirecrawlError.refineError(facts(400, { code: "not an identifier <script>" }), kernel("InvalidRequest"))
    expect(oddCode.details).toBeUndefined()
  })

  it("guards tell payment, duplicate jobs and codes apart, for Firecrawl errors only", () => {
    const error = (fields: Partial<ConstructorParameters<typeof IntegrationError>[0]>) =>
      new IntegrationError({ vendor: "Firecrawl", operation: "crawl.start", reason: "Server", description: "x", ...fields })
    expect(FirecrawlError.isPaymentRequired(error({ reason: "Forbidden", status: 402 }))).toBe(true)
    expect(FirecrawlError.isPaymentRequired(error({ reason: "Forbidden", status: 403 }))).toBe(false)
    expect(FirecrawlError.isDuplicateJob(error({ reason: "Idempotency", status: 409 }))).toBe(true)
    expect(FirecrawlError.isDuplicateJob(error({ reason: "Transport", mayHaveSucceeded: true, cause: error({ reason: "Idempotency" }) }))).toBe(true)
    expect(FirecrawlError.isDuplicateJob(error({ reason: "Transport", mayHaveSucceeded: true }))).toBe(false)
    expect(FirecrawlError.isDuplicateJob(error({ vendor: "Resend", reason: "Idempotency" }))).toBe(false)
    expect(FirecrawlError.details(error({ details: { code: "SCRAPE_TIMEOUT" } }))).toEqual({ code: "SCRAPE_TIMEOUT" })
    expect(FirecrawlError.details(error({ vendor: "Tavily", details: { code: "X" } }))).toEqual({})
  })
})
