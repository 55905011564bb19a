import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import type * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as TavilyError from "../../../src/vendors/tavily/TavilyError.js"

const facts = (status: number, error: string): ResponseClassifier.ResponseFacts => ({
  vendor: "Tavily",
  operation: "search",
  status,
  headers: () => undefined,
  body: { detail: { error } },
  nowMillis: 0
})

const verdict = (reason: ResponseClassifier.Verdict["reason"]): ResponseClassifier.Verdict => ({ reason, description: "kernel" })

describe("TavilyError", () => {
  it("reads each documented status as its reason, never quoting Tavily's text", () => {
    const cases: ReadonlyArray<readonly [number, ResponseClassifier.Verdict["reason"], ResponseClassifier.Verdict["reason"], boolean | undefined]> = [
      [400, "InvalidRequest", "InvalidRequest", undefined],
      [401, "Unauthorized", "Unauthorized", undefined],
      [403, "Forbidden", "InvalidRequest", false],
      [404, "NotFound", "NotFound", undefined],
      [429, "RateLimited", "RateLimited", undefined],
      [432, "InvalidRequest", "Forbidden", false],
      [433, "InvalidRequest", "Forbidden", false],
      [500, "Server", "Server", undefined]
    ]
    for (const [status, kernel, expected, retryable] of cases) {
      const refined = TavilyError.refineError(facts(status, "query: private-term"), verdict(kernel))
      expect([status, refined.reason, refined.retryable]).toEqual([status, expected, retryable])
      expect(JSON.stringify(refined)).not.toContain("private-term")
    }
  })

  it("keeps the kind of credit limit in details, read back typed by the accessor and the guard", () => {
    const error = (limit: string | undefined, vendor = "Tavily") =>
      new IntegrationError({
        vendor,
        operation: "search",
        reason: "Forbidden",
        description: "x",
        ...(limit === undefined ? {} : { details: { limit } })
      })
    expect(TavilyError.refineError(facts(432, "x"), verdict("InvalidRequest")).details).toEqual({ limit: "plan" })
    expect(TavilyError.refineError(facts(433, "x"), verdict("InvalidRequest")).details).toEqual({ limit: "paygo" })
    expect(TavilyError.details(error("paygo"))).toEqual({ limit: "paygo" })
    expect(TavilyError.details(error("other"))).toEqual({})
    expect(TavilyError.details(error("plan", "Resend"))).toEqual({})
    expect(TavilyError.isCreditLimitReached(error("plan"))).toBe(true)
    expect(TavilyError.isCreditLimitReached(error(undefined))).toBe(false)
    expect(TavilyError.isCreditLimitReached(error("plan", "Resend"))).toBe(false)
  })
})
