import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as ServerHints from "../../src/core/ServerHints.js"

const now = Date.UTC(2026, 10, 22, 12, 0, 0)
const millis = (o: Option.Option<Duration.Duration>) => Option.map(o, Duration.toMillis)

describe("ServerHints", () => {
  it("parses Retry-After seconds, fractional seconds and HTTP dates", () => {
    expect(millis(ServerHints.parseRetryAfter("120", now))).toEqual(Option.some(120_000))
    expect(millis(ServerHints.parseRetryAfter("1.5", now))).toEqual(Option.some(1500))
    expect(millis(ServerHints.parseRetryAfter(new Date(now + 30_000).toUTCString(), now))).toEqual(Option.some(30_000))
  })

  it("treats a date in the past as no wait and rejects garbage", () => {
    expect(millis(ServerHints.parseRetryAfter(new Date(now - 30_000).toUTCString(), now))).toEqual(Option.some(0))
    for (const bad of ["", "soon", "-5", "1e3", "2026-11-22", "12abc"]) {
      expect(ServerHints.parseRetryAfter(bad, now)).toEqual(Option.none())
    }
  })

  it("prefers retry-after-ms and reads headers case-insensitively", () => {
    const headers = ServerHints.lookupFromRecord({ "Retry-After-Ms": "250", "Retry-After": "9" })
    expect(millis(ServerHints.retryAfter(headers, now))).toEqual(Option.some(250))
  })

  it("reads the explicit retry verdicts", () => {
    expect(ServerHints.shouldRetry(ServerHints.lookupFromRecord({ "x-should-retry": "false" }))).toEqual(Option.some(false))
    expect(ServerHints.shouldRetry(ServerHints.lookupFromRecord({ "X-Should-Retry": " TRUE " }))).toEqual(Option.some(true))
    expect(ServerHints.shouldRetry(ServerHints.lookupFromRecord({ "x-should-retry": "maybe" }))).toEqual(Option.none())
    // A vendor's own verdict header is its dialect's to read (`refineError`), never the kernel's.
    expect(ServerHints.shouldRetry(ServerHints.lookupFromRecord({ "Stripe-Should-Retry": "true" }))).toEqual(Option.none())
    expect(ServerHints.shouldRetry(ServerHints.lookupFromRecord({}))).toEqual(Option.none())
  })
})
