import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as RetryBudget from "../../src/core/RetryBudget.js"

const outage = new IntegrationError({ vendor: "Acme", operation: "get", reason: "Server", description: "HTTP 503" })

/** Runs `calls` logical calls that always fail, each allowed up to `retries` retries, and counts every attempt. */
const failingCalls = (budget: RetryBudget.RetryBudget, key: string, calls: number, retries: number) =>
  Effect.gen(function*() {
    const attempts = yield* Ref.make(0)
    const call = Effect.zipRight(Ref.update(attempts, (n) => n + 1), Effect.fail(outage)).pipe(
      RetryBudget.retry({ budget, key, schedule: Schedule.recurs(retries) })
    )
    const exits = yield* Effect.forEach(Array.from({ length: calls }), () => Effect.exit(call))
    return { attempts: yield* Ref.get(attempts), exits }
  })

describe("RetryBudget", () => {
  it.effect("keeps total attempts of an all-failing workload within first attempts × (1 + ratio) + the floor", () =>
    Effect.gen(function*() {
      const budget = yield* RetryBudget.make({ ratio: 0.2, minRetriesPerSecond: 10 })
      const { attempts, exits } = yield* failingCalls(budget, "Acme", 100, 5)
      // Without a budget this would be 100 × 6 = 600 attempts; the clock never moves, so the floor gives 10 at most.
      const bound = 100 + 100 * 0.2 + 10
      expect(attempts).toBeLessThanOrEqual(bound)
      expect(attempts).toBeGreaterThan(100)
      // The budget never invents an error: every call fails with the vendor's own error.
      for (const exit of exits) expect(exit).toStrictEqual(Exit.fail(outage))
    }))

  it.effect.prop(
    "attempts never exceed the budget bound for any ratio, floor and workload",
    {
      calls: FastCheck.integer({ min: 1, max: 200 }),
      retries: FastCheck.integer({ min: 0, max: 6 }),
      ratio: FastCheck.double({ min: 0, max: 1, noNaN: true }),
      floor: FastCheck.integer({ min: 0, max: 20 })
    },
    ({ calls, floor, ratio, retries }) =>
      Effect.gen(function*() {
        const budget = yield* RetryBudget.make({ ratio, minRetriesPerSecond: floor })
        const { attempts } = yield* failingCalls(budget, "Acme", calls, retries)
        expect(attempts).toBeLessThanOrEqual(calls + Math.min(calls * retries, calls * ratio + floor) + 1e-6)
        expect(attempts).toBeGreaterThanOrEqual(calls)
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect("the floor lets a few retries through for a key with no earned tokens, and refills with time", () =>
    Effect.gen(function*() {
      const budget = yield* RetryBudget.make({ ratio: 0, minRetriesPerSecond: 3 })
      const grants = yield* Effect.forEach(Array.from({ length: 5 }), () => budget.tryAcquireRetry("Acme"))
      expect(grants).toStrictEqual([true, true, true, false, false])
      yield* TestClock.adjust(Duration.millis(400))
      expect(yield* budget.tryAcquireRetry("Acme")).toBe(true)
      expect(yield* budget.tryAcquireRetry("Acme")).toBe(false)
      // The floor never holds more than one second's worth, however long the key stays idle.
      yield* TestClock.adjust(Duration.hours(1))
      expect((yield* budget.balance("Acme")).floor).toBe(3)
    }))

  it.effect("recovers after successful traffic earns tokens again, capped at maxBalance", () =>
    Effect.gen(function*() {
      const budget = yield* RetryBudget.make({ ratio: 0.5, minRetriesPerSecond: 0, maxBalance: 4 })
      expect(yield* budget.tryAcquireRetry("Acme")).toBe(false)
      yield* Effect.forEach(Array.from({ length: 100 }), () => budget.recordAttempt("Acme"))
      expect((yield* budget.balance("Acme")).earned).toBe(4)
      const grants = yield* Effect.forEach(Array.from({ length: 6 }), () => budget.tryAcquireRetry("Acme"))
      expect(grants.filter(Boolean)).toHaveLength(4)
    }))

  it.effect("keys are independent: one vendor's outage does not spend another's budget", () =>
    Effect.gen(function*() {
      const budget = yield* RetryBudget.make({ ratio: 0, minRetriesPerSecond: 1 })
      expect(yield* budget.tryAcquireRetry("Acme")).toBe(true)
      expect(yield* budget.tryAcquireRetry("Acme")).toBe(false)
      expect(yield* budget.tryAcquireRetry("Other")).toBe(true)
    }))

  it.effect("a schedule that already stops spends nothing, and denials are counted", () =>
    Effect.gen(function*() {
      const budget = yield* RetryBudget.make({ ratio: 0, minRetriesPerSecond: 2 })
      const denied = Metric.value(Metric.tagged(RetryBudget.retriesDenied, "integration.vendor", "Counted"))
      const before = (yield* denied).count
      const stopAtOnce = Schedule.recurs(0).pipe(RetryBudget.guard(budget, "Counted"))
      yield* Effect.exit(Effect.retry(Effect.fail(outage), stopAtOnce))
      expect((yield* budget.balance("Counted")).floor).toBe(2)
      const { attempts } = yield* failingCalls(budget, "Counted", 1, 5)
      expect(attempts).toBe(3)
      expect((yield* denied).count - before).toBe(1)
    }))
})
