import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as OutboxPolicy from "../../src/outbox/OutboxPolicy.js"

/** Test names show NaN and Infinity, which JSON would print as null. */
const shownNumbers = (_key: string, value: unknown) =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : value


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

  // [bad input, the message the RangeError must carry (setting and offending value)]
  const bad: ReadonlyArray<readonly [OutboxPolicy.PolicyInput, string]> = [
    [{ attemptTimeout: -5 }, "attemptTimeout must be a positive, finite duration, got -5"],
    [{ attemptTimeout: 0 }, "attemptTimeout must be a positive, finite duration, got 0"],
    [{ attemptTimeout: "banana" as Duration.DurationInput }, "attemptTimeout must be a positive, finite duration (e.g."],
    [{ lease: -60_000 }, "lease must be a positive, finite duration, got -60000"],
    [{ lease: Infinity }, "lease must be a positive, finite duration, got Infinity"],
    [{ schedule: ["5 seconds", -1] }, "schedule[1] must be a finite duration of zero or more, got -1"],
    [{ schedule: ["5 seconds", "later" as Duration.DurationInput] }, "schedule[1] must be a finite duration of zero or more (e.g."],
    [{ jitter: 1.5 }, "jitter must be a number ≥ 0 and ≤ 1, got 1.5"],
    [{ jitter: NaN }, "jitter must be a number ≥ 0 and ≤ 1, got NaN"],
    [{ retryAfterMin: -1 }, "retryAfterMin must be a finite duration of zero or more, got -1"],
    [{ retryAfterMax: NaN }, "retryAfterMax must be a finite duration of zero or more, got NaN"],
    [{ retryAfterMin: "2 minutes", retryAfterMax: "1 minute" }, "retryAfterMax must not be shorter than retryAfterMin"],
    [{ breakerThreshold: 0 }, "breakerThreshold must be a whole number ≥ 1, got 0"],
    [{ breakerThreshold: 2.5 }, "breakerThreshold must be a whole number ≥ 1, got 2.5"],
    [{ breakerOpen: 0 }, "breakerOpen must be a positive, finite duration, got 0"],
    [{ breakerOpen: "10 minutes", breakerMaxOpen: "1 minute" }, "breakerMaxOpen must not be shorter than breakerOpen"],
    [{ disableAfter: -1 }, "disableAfter must be a positive duration, got -1"],
    [{ lease: "10 seconds", attemptTimeout: "10 seconds" }, "lease must be longer than attemptTimeout (10s), got 10s"]
  ]
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input, shownNumbers)} with a RangeError naming the setting`, () => {
      expect(() => OutboxPolicy.make(input)).toThrow(RangeError)
      expect(() => OutboxPolicy.make(input)).toThrow(message)
    })
  }

  it("reports every bad setting at once", () => {
    expect(() => OutboxPolicy.make({ attemptTimeout: -5, jitter: 2, breakerThreshold: 0 })).toThrow(
      "outbox policy: jitter must be a number ≥ 0 and ≤ 1, got 2; attemptTimeout must be a positive, finite duration, got -5; breakerThreshold must be a whole number ≥ 1, got 0"
    )
  })
})
