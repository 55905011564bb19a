import { describe, expect, it } from "@effect/vitest"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as LemlistError from "../../../src/vendors/lemlist/LemlistError.js"

const facts = (status: number, body: unknown): ResponseClassifier.ResponseFacts => ({
  vendor: "Lemlist",
  operation: "campaigns.get",
  status,
  headers: () => undefined,
  body,
  nowMillis: 0
})

const refine = (status: number, body: unknown) =>
  LemlistError.refineError(facts(status, body), { reason: ResponseClassifier.reasonForStatus(status), description: "" })

describe("LemlistError", () => {
  it("maps each documented error text to its reason and code", () => {
    const cases: ReadonlyArray<readonly [number, string, string, string]> = [
      [400, "No API key provided", "Unauthorized", "no_api_key"],
      [401, "The authentication you supplied is incorrect", "Unauthorized", "invalid_api_key"],
      [403, "User linked to this API key is blocked", "Forbidden", "user_blocked"],
      [404, "No user found for this API key", "Unauthorized", "no_user_for_key"],
      [400, "Bad team", "InvalidRequest", "bad_team"],
      [404, "Campaign not found", "NotFound", "campaign_not_found"],
      [404, "Lead not found", "NotFound", "lead_not_found"],
      [404, "\"Webhook not found\"", "NotFound", "webhook_not_found"],
      [500, "Lead in graveyard", "InvalidRequest", "lead_in_graveyard"],
      [429, "Too many requests", "RateLimited", ""],
      [503, "Service Unavailable", "Server", ""]
    ]
    for (const [status, body, reason, code] of cases) {
      const verdict = refine(status, body)
      expect([body, verdict.reason, verdict.details?.code ?? ""]).toEqual([body, reason, code])
    }
    expect(refine(500, "Lead in graveyard").retryable).toBe(false)
  })

  it("never copies an unknown text, which may quote a lead, into the description or details", () => {
    const verdict = refine(400, "Lead jane@example.com already exists in campaign")
    expect(verdict.details).toBeUndefined()
    expect(verdict.description).toBe("lemlist answered HTTP 400")
    expect(refine(404, { message: "Campaign not found" }).details).toEqual({ code: "campaign_not_found" })
  })
})
