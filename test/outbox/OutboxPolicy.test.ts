import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as OutboxPolicy from "../../src/outbox/OutboxPolicy.js"

const random = FastCheck.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })

describe("OutboxPolicy", () => {
  it("defaults to Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(OutboxPolicy.defaultPolicy.schedule.map(Duration.format)).toEqual(["5s", "5m", "30m", "2h", "5h", "10h", "10h"])
  })

  it.prop(
    "a retry waits the scheduled delay within the jitter band, and none is left after the last",
    [FastCheck.integer({ min: 1, max: 10 }), random],
    ([failed, r]) => {
      const policy = OutboxPolicy.defaultPolicy
      const delay = OutboxPolicy.retryDelayMillis(policy, failed, r)
      const base = policy.schedule[failed - 1]
      if (base === undefined) {
        expect(Option.isNone(delay)).toBe(true)
      } else {
        const millis = Duration.toMillis(base)
        expect(Option.getOrThrow(delay)).toBeGreaterThanOrEqual(Math.floor(millis * 0.8))
        expect(Option.getOrThrow(delay)).toBeLessThanOrEqual(Math.ceil(millis * 1.2))
      }
    }
  )

  it("a configurable schedule replaces the default and sets the number of attempts", () => {
    const policy = OutboxPolicy.make({ schedule: ["100 millis", "200 millis"], jitter: 0 })
    expect([1, 2, 3].map((n) => OutboxPolicy.retryDelayMillis(policy, n, 0.5))).toEqual([
      Option.some(100),
      Option.some(200),
      Option.none()
    ])
  })

  it("clamps a server's Retry-After to the policy bounds", () => {
    const policy = OutboxPolicy.make({ retryAfterMin: "2 seconds", retryAfterMax: "1 minute" })
    expect(OutboxPolicy.clampRetryAfterMillis(policy, Duration.millis(10))).toBe(2_000)
    expect(OutboxPolicy.clampRetryAfterMillis(policy, Duration.seconds(30))).toBe(30_000)
    expect(OutboxPolicy.clampRetryAfterMillis(policy, Duration.hours(3))).toBe(60_000)
  })

  it("keeps the breaker closed below the threshold, then doubles the open period up to its cap", () => {
    const policy = OutboxPolicy.make({ breakerThreshold: 3, breakerOpen: "10 seconds", breakerMaxOpen: "1 minute" })
    expect([2, 3, 4, 5, 6, 50].map((n) => Option.getOrUndefined(OutboxPolicy.breakerOpenMillis(policy, n)))).toEqual([
      undefined,
      10_000,
      20_000,
      40_000,
      60_000,
      60_000
    ])
  })

  it("refuses a lease that is not longer than the attempt timeout", () => {
    expect(() => OutboxPolicy.make({ lease: "10 seconds", attemptTimeout: "10 seconds" })).toThrow(RangeError)
    expect(OutboxPolicy.make({ lease: "11 seconds", attemptTimeout: "10 seconds" }).lease).toEqual(Duration.seconds(11))
  })
})
