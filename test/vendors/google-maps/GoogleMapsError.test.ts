import { describe, expect, it } from "@effect/vitest"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as GoogleMapsError from "../../../src/vendors/google-maps/GoogleMapsError.js"

const classify = (status: number, body: unknown) =>
  ResponseClassifier.classify(
    { vendor: "GoogleMaps", operation: "places.searchText", status, headers: () => undefined, body, nowMillis: 0 },
    GoogleMapsError.refineError
  )

const envelope = (code: number, status: string, reason?: string) => ({
  error: {
    code,
    message: "a message that may quote the request: 221B Baker Street",
    status,
    ...(reason === undefined ? {} : { details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason }] })
  }
})

describe("GoogleMapsError", () => {
  it("reads Google's error envelope by its canonical status, never keeping the message", () => {
    const cases: ReadonlyArray<readonly [number, string, string | undefined, string, boolean]> = [
      [429, "RESOURCE_EXHAUSTED", undefined, "RateLimited", true],
      [400, "INVALID_ARGUMENT", undefined, "InvalidRequest", false],
      [400, "FAILED_PRECONDITION", undefined, "InvalidRequest", false],
      [403, "PERMISSION_DENIED", undefined, "Forbidden", false],
      [401, "UNAUTHENTICATED", undefined, "Unauthorized", false],
      [404, "NOT_FOUND", undefined, "NotFound", false],
      [503, "UNAVAILABLE", undefined, "Server", true],
      [500, "INTERNAL", undefined, "Server", true],
      [504, "DEADLINE_EXCEEDED", undefined, "Timeout", true],
      [400, "INVALID_ARGUMENT", "API_KEY_INVALID", "Unauthorized", false],
      [403, "PERMISSION_DENIED", "SERVICE_DISABLED", "Forbidden", false],
      [403, "PERMISSION_DENIED", "API_KEY_SERVICE_BLOCKED", "Forbidden", false]
    ]
    for (const [status, code, reason, expected, retryable] of cases) {
      const error = classify(status, envelope(status, code, reason))
      expect([code, reason, error.reason, error.retryable]).toEqual([code, reason, expected, retryable])
      expect(GoogleMapsError.details(error)).toEqual(reason === undefined ? { status: code } : { status: code, reason })
      expect(GoogleMapsError.hasStatus(code)(error)).toBe(true)
      expect(error.message).not.toContain("Baker")
    }
  })

  it("reads a Geocoding status body on a non-2xx answer", () => {
    const error = classify(500, { status: "UNKNOWN_ERROR", results: [], error_message: "x" })
    expect([error.reason, error.retryable]).toEqual(["Server", true])
    expect(classify(403, { status: "REQUEST_DENIED", results: [] }).reason).toBe("Forbidden")
  })

  it("turns a 200 Geocoding status into its error; OK and ZERO_RESULTS are answers", () => {
    expect(GoogleMapsError.geocodingFailure("geocoding.geocode", "OK")).toBeUndefined()
    expect(GoogleMapsError.geocodingFailure("geocoding.geocode", "ZERO_RESULTS")).toBeUndefined()
    const table = [
      ["OVER_QUERY_LIMIT", "RateLimited", true],
      ["OVER_DAILY_LIMIT", "Forbidden", false],
      ["REQUEST_DENIED", "Forbidden", false],
      ["INVALID_REQUEST", "InvalidRequest", false],
      ["UNKNOWN_ERROR", "Server", true],
      ["SOMETHING_NEW", "ResponseDrift", false]
    ] as const
    for (const [status, reason, retryable] of table) {
      const error = GoogleMapsError.geocodingFailure("geocoding.geocode", status)!
      expect([status, error.reason, error.retryable, error.status]).toEqual([status, reason, retryable, 200])
      expect(GoogleMapsError.isGeocodingStatus(error)).toBe(true)
    }
    expect(GoogleMapsError.geocodingFailure("geocoding.geocode", "OVER_QUERY_LIMIT")!.retryAfter).toBeDefined()
  })
})
