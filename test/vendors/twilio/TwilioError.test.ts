import { describe, expect, it } from "@effect/vitest"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as TwilioError from "../../../src/vendors/twilio/TwilioError.js"

const classify = (status: number, body: unknown, operation = "messages.create") =>
  ResponseClassifier.classify(
    { vendor: "Twilio", operation, status, headers: () => undefined, body, nowMillis: 0 },
    TwilioError.refineError
  )

describe("TwilioError", () => {
  it("keeps the code, a Twilio documentation link and the status, dropping links elsewhere", () => {
    const error = classify(400, { code: 21610, message: "Attempt to send to unsubscribed recipient", more_info: "https://www.twilio.com/docs/errors/21610", status: 400 })
    expect(TwilioError.details(error)).toEqual({ code: "21610", more_info: "https://www.twilio.com/docs/errors/21610", status: "400" })
    expect(TwilioError.hasCode(TwilioError.Codes.unsubscribedRecipient)(error)).toBe(true)
    expect(error.description).toBe("Twilio answered HTTP 400 (error 21610)")
    const spoofed = classify(400, { code: 21211, more_info: "https://evil.example/docs/errors/21211", status: 400 })
    expect(TwilioError.details(spoofed).more_info).toBeUndefined()
  })

  it("says a 5xx on a send may have delivered it, but not on a read", () => {
    expect(classify(502, { code: 20500, status: 502 }).description).toContain("may or may not have been sent")
    expect(classify(502, { code: 20500, status: 502 }, "messages.retrieve").description).toBe(
      "Twilio answered HTTP 502 (error 20500)"
    )
  })

  it("flags as ambiguous only send failures that may have reached Twilio", () => {
    const make = (operation: string, reason: IntegrationError["reason"]) =>
      new IntegrationError({ vendor: "Twilio", operation, reason, description: "x" })
    expect(TwilioError.isAmbiguousSend(make("messages.create", "Timeout"))).toBe(true)
    expect(TwilioError.isAmbiguousSend(make("messages.create", "RateLimited"))).toBe(false)
    expect(TwilioError.isAmbiguousSend(make("messages.create", "InvalidRequest"))).toBe(false)
    expect(TwilioError.isAmbiguousSend(make("messages.create", "CircuitOpen"))).toBe(false)
    expect(TwilioError.isAmbiguousSend(make("messages.retrieve", "Timeout"))).toBe(false)
  })
})
