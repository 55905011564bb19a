import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import { classify } from "../../../src/core/ResponseClassifier.js"
import * as CalComError from "../../../src/vendors/calcom/CalComError.js"

const calError = (status: number, body: unknown) =>
  classify(
    { vendor: "CalCom", operation: "bookings.create", status, headers: () => undefined, body, nowMillis: 0 },
    CalComError.refineError
  )

describe("CalComError", () => {
  it("keeps the status verdict, names the exception in details and drops the message", () => {
    const error = calError(400, { status: "error", error: { code: "BadRequestException", message: "slot taken by jane@example.com" } })
    expect([error.reason, error.details]).toEqual(["InvalidRequest", { code: "BadRequestException" }])
    expect(error.message).not.toContain("jane@example.com")
    expect(calError(500, { status: "error", error: { code: "ConflictException" } }).reason).toBe("Server")
    expect(calError(400, { status: "error", error: { code: "ConflictException" } }).reason).toBe("Conflict")
    expect(calError(400, { status: "error", error: { code: "TooManyRequestsException" } }).reason).toBe("RateLimited")
    expect(calError(502, "<html>Bad gateway</html>").details).toBeUndefined()
  })

  it("tells an ambiguous booking from a refused one", () => {
    const server = calError(503, { status: "error", error: { code: "InternalServerErrorException" } })
    expect(CalComError.isAmbiguousBooking(server)).toBe(true)
    expect(CalComError.isAmbiguousBooking(calError(400, { status: "error", error: { code: "BadRequestException" } }))).toBe(false)
  })

  it("counts a booking whose 2xx answer could not be read as ambiguous: it was made", () => {
    const unread = (operation: string) =>
      new IntegrationError({ vendor: "CalCom", operation, reason: "ResponseDrift", description: "unexpected body" })
    expect(CalComError.isAmbiguousBooking(unread("bookings.create"))).toBe(true)
    expect(CalComError.isAmbiguousBooking(unread("bookings.reschedule"))).toBe(true)
    expect(CalComError.isAmbiguousBooking(unread("bookings.get"))).toBe(false)
  })

  it.prop(
    "copies only a short identifier code into details",
    [FastCheck.string(), FastCheck.string().map((text) => `<${text}>`)],
    ([code, message]) => {
      const error = calError(400, { status: "error", error: { code, message, details: { message } } })
      for (const value of Object.values(error.details ?? {})) expect(value).toMatch(/^[A-Za-z0-9_.:\-]{1,120}$/)
      expect(error.message).not.toContain(message)
    }
  )
})
