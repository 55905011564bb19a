import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import { pipe } from "effect/Function"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as RateLimiter from "../../src/core/RateLimiter.js"

interface Admission {
  readonly at: number
  readonly cost: number
}

/** The most units admitted in any window `(t - window, t]`; the worst window always ends at an admission. */
const maxInAnyWindow = (admissions: ReadonlyArray<Admission>, windowMillis: number): number => {
  const sorted = [...admissions].sort((a, b) => a.at - b.at)
  let oldest = 0
  let inWindow = 0
  let max = 0
  for (const admission of sorted) {
    while (sorted[oldest]!.at <= admission.at - windowMillis) {
      inWindow -= sorted[oldest]!.cost
      oldest += 1
    }
    inWindow += admission.cost
    max = Math.max(max, inWindow)
  }
  return max
}

/** Acquires and returns the time at which the caller was let through. */
const admittedAt = (limiter: RateLimiter.RateLimiter, key?: string, options?: RateLimiter.CallOptions) =>
  Effect.zipRight(limiter.acquire(key, options), Clock.currentTimeMillis)

const integrationError = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a typed failure")
  return exit.cause.error
}

const retryAfterMillis = (error: IntegrationError) => Duration.toMillis(error.retryAfter ?? Duration.infinity)

describe("RateLimiter", () => {
  it.effect.prop(
    "10,000 concurrent acquisitions in fail mode never exceed the limit in any window",
    {
      limit: FastCheck.integer({ min: 1, max: 6 }),
      windowMillis: FastCheck.integer({ min: 5, max: 50 }),
      steps: FastCheck.array(
        FastCheck.record({
          // Mostly small steps, so admissions land on window edges; now and then a jump past several windows.
          advance: FastCheck.oneof(
            { weight: 4, arbitrary: FastCheck.integer({ min: 0, max: 7 }) },
            { weight: 1, arbitrary: FastCheck.nat({ max: 200 }) }
          ),
          cost: FastCheck.integer({ min: 1, max: 3 })
        }),
        { minLength: 100, maxLength: 100 }
      )
    },
    ({ limit, steps, windowMillis }) =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make({ vendor: "acme", limit, window: windowMillis, onExceeded: "fail" })
        const admissions: Array<Admission> = []
        for (const step of steps) {
          yield* TestClock.adjust(step.advance)
          const cost = Math.min(step.cost, limit)
          yield* Effect.forEach(
            Array.from({ length: 100 }),
            () =>
              admittedAt(limiter, "k", { cost }).pipe(
                Effect.tap((at) => Effect.sync(() => admissions.push({ at, cost }))),
                Effect.ignore
              ),
            { concurrency: "unbounded", discard: true }
          )
        }
        expect(admissions.length).toBeGreaterThan(0)
        expect(maxInAnyWindow(admissions, windowMillis)).toBeLessThanOrEqual(limit)
      }),
    { fastCheck: { numRuns: 2, endOnFailure: true } }
  )

  it.effect.prop(
    "10,000 concurrent reservations are booked so that no window ever exceeds the limit",
    {
      limit: FastCheck.integer({ min: 1, max: 8 }),
      windowMillis: FastCheck.integer({ min: 1, max: 1_000 }),
      costs: FastCheck.array(FastCheck.integer({ min: 1, max: 3 }), { minLength: 10_000, maxLength: 10_000 })
    },
    ({ costs, limit, windowMillis }) =>
      Effect.gen(function*() {
        const store = yield* RateLimiter.makeMemoryStore
        const admissions = yield* Effect.forEach(
          costs,
          (rawCost) => {
            const cost = Math.min(rawCost, limit)
            return Effect.map(
              store.reserve({ key: "k", nowMillis: 0, cost, limit, windowMillis, burst: limit, maxWaitMillis: Infinity }),
              (reservation) => ({ at: reservation._tag === "Granted" ? reservation.atMillis : -1, cost })
            )
          },
          { concurrency: "unbounded" }
        )
        expect(admissions.every(({ at }) => at >= 0)).toBe(true)
        expect(maxInAnyWindow(admissions, windowMillis)).toBeLessThanOrEqual(limit)
      }),
    { fastCheck: { numRuns: 2, endOnFailure: true } }
  )

  it.effect.prop(
    "waiting callers are let through without ever exceeding the limit in any window",
    {
      limit: FastCheck.integer({ min: 1, max: 5 }),
      windowMillis: FastCheck.integer({ min: 10, max: 500 }),
      callers: FastCheck.integer({ min: 20, max: 120 })
    },
    ({ callers, limit, windowMillis }) =>
      Effect.gen(function*() {
        const limiter = yield* RateLimiter.make({ vendor: "acme", limit, window: windowMillis })
        const fiber = yield* Effect.fork(
          Effect.forEach(Array.from({ length: callers }), () => admittedAt(limiter, "k"), {
            concurrency: "unbounded"
          })
        )
        yield* TestClock.adjust(Math.ceil(callers / limit) * windowMillis)
        const times = yield* Fiber.join(fiber)
        expect(times).toHaveLength(callers)
        expect(maxInAnyWindow(times.map((at) => ({ at, cost: 1 })), windowMillis)).toBeLessThanOrEqual(limit)
        // The limiter uses the whole budget: the last caller goes as soon as the windows allow.
        expect(Math.max(...times)).toBe((Math.ceil(callers / limit) - 1) * windowMillis)
      }),
    { fastCheck: { numRuns: 3, endOnFailure: true } }
  )

  it.effect("a 429 with Retry-After pauses every caller of that key until it passes, and only that key", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 100, window: "1 second" })
      yield* limiter.observe("tenant-a", { retryAfter: Duration.seconds(30) })
      const paused = yield* Effect.fork(
        Effect.forEach(Array.from({ length: 5 }), () => admittedAt(limiter, "tenant-a"), { concurrency: "unbounded" })
      )
      expect(yield* admittedAt(limiter, "tenant-b")).toBe(0)
      yield* TestClock.adjust("29999 millis")
      expect(Option.isNone(yield* Fiber.poll(paused))).toBe(true)
      expect((yield* limiter.status("tenant-a")).pausedUntil).toBe(30_000)
      yield* TestClock.adjust("1 millis")
      expect(yield* Fiber.join(paused)).toEqual([30_000, 30_000, 30_000, 30_000, 30_000])
    }))

  it.effect("a pause reschedules callers that were already waiting for a slot", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second" })
      const callers = yield* Effect.fork(
        Effect.forEach(Array.from({ length: 3 }), () => admittedAt(limiter), { concurrency: "unbounded" })
      )
      yield* TestClock.adjust("500 millis")
      expect((yield* limiter.status()).waiting).toBe(2)
      yield* limiter.observe(undefined, { retryAfter: Duration.seconds(10) })
      yield* TestClock.adjust("20 seconds")
      expect(yield* Fiber.join(callers)).toEqual([0, 10_500, 11_500])
    }))

  it.effect("no quota left with a reset time pauses the key like a Retry-After", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 100, window: "1 minute" })
      yield* limiter.observe(undefined, { remaining: 0, limit: 100, resetAfter: Duration.seconds(2) })
      const fiber = yield* Effect.fork(admittedAt(limiter))
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.join(fiber)).toBe(2_000)
    }))

  it.effect("a low remaining count spreads the remaining calls over the time to reset", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 100, window: "1 second" })
      expect(yield* Effect.forEach([1, 2, 3], () => admittedAt(limiter, "unhinted"))).toEqual([0, 0, 0])

      yield* limiter.observe(undefined, { remaining: 2, resetAfter: Duration.seconds(10) })
      expect((yield* limiter.status()).paceIntervalMillis).toBe(5_000)
      const fiber = yield* Effect.fork(
        Effect.forEach(Array.from({ length: 4 }), () => admittedAt(limiter), { concurrency: "unbounded" })
      )
      yield* TestClock.adjust("15 seconds")
      // Paced at one call per 5 s until the reset at 10 s, then back to the configured limit.
      expect(yield* Fiber.join(fiber)).toEqual([0, 5_000, 10_000, 10_000])
    }))

  it.effect("fail mode fails at once with RateLimited and the time until a slot frees", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 2, window: "1 second", onExceeded: "fail" })
      yield* TestClock.adjust("100 millis")
      yield* limiter.acquire()
      yield* TestClock.adjust("300 millis")
      yield* limiter.acquire()
      const error = integrationError(yield* Effect.exit(limiter.acquire(undefined, { operation: "contacts.list" })))
      expect(error.reason).toBe("RateLimited")
      expect(error.operation).toBe("contacts.list")
      expect(error.retryable).toBe(true)
      expect(retryAfterMillis(error)).toBe(700)

      yield* limiter.observe(undefined, { retryAfter: Duration.seconds(5) })
      const paused = integrationError(yield* Effect.exit(limiter.acquire()))
      expect(retryAfterMillis(paused)).toBe(5_000)
      expect(paused.description).toContain("paused")
    }))

  it.effect("a call may cost more than one unit", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 10, window: "1 second" })
      expect(yield* admittedAt(limiter, undefined, { cost: 6 })).toBe(0)
      expect(yield* admittedAt(limiter, undefined, { cost: 4 })).toBe(0)
      const fiber = yield* Effect.fork(admittedAt(limiter, undefined, { cost: 5 }))
      yield* TestClock.adjust("1 second")
      expect(yield* Fiber.join(fiber)).toBe(1_000)
      expect((yield* limiter.status()).used).toBe(5)

      const tooBig = integrationError(yield* Effect.exit(limiter.acquire(undefined, { cost: 11 })))
      expect(tooBig.reason).toBe("RateLimited")
      expect(tooBig.retryable).toBe(false)
    }))

  it.effect("delay mode fails instead of waiting past maxWait", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second", maxWait: "500 millis" })
      yield* limiter.acquire()
      const error = integrationError(yield* Effect.exit(limiter.acquire()))
      expect(retryAfterMillis(error)).toBe(1_000)
      yield* TestClock.adjust("600 millis")
      const fiber = yield* Effect.fork(admittedAt(limiter))
      yield* TestClock.adjust("400 millis")
      expect(yield* Fiber.join(fiber)).toBe(1_000)
    }))

  it.effect("an interrupted waiter gives its slot back", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second" })
      yield* limiter.acquire()
      const quitter = yield* Effect.fork(limiter.acquire())
      yield* TestClock.adjust("100 millis")
      yield* Fiber.interrupt(quitter)
      expect((yield* limiter.status()).waiting).toBe(0)
      const next = yield* Effect.fork(admittedAt(limiter))
      yield* TestClock.adjust("900 millis")
      expect(yield* Fiber.join(next)).toBe(1_000)
    }))

  it.effect("withRateLimiter works data-first and data-last", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second", onExceeded: "fail" })
      expect(yield* RateLimiter.withRateLimiter(Effect.succeed("first"), limiter, "k")).toBe("first")
      let ran = false
      const exit = yield* Effect.exit(
        pipe(Effect.sync(() => (ran = true)), RateLimiter.withRateLimiter(limiter, "k"))
      )
      expect(ran).toBe(false)
      expect(integrationError(exit).reason).toBe("RateLimited")
    }))

  it.effect("records waits, their duration, rejections and pauses in metrics", () =>
    Effect.gen(function*() {
      const vendor = "metrics-vendor"
      const limiter = yield* RateLimiter.make({ vendor, limit: 1, window: "1 second", maxWait: "2 seconds" })
      const tag = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
        metric.pipe(Metric.tagged("integration.vendor", vendor), Metric.tagged("integration.ratelimit.key", vendor))
      yield* limiter.acquire()
      const waiter = yield* Effect.fork(limiter.acquire())
      yield* TestClock.adjust("1 second")
      expect(Duration.toMillis(yield* Fiber.join(waiter))).toBe(1_000)
      yield* limiter.observe(undefined, { retryAfter: Duration.seconds(5) })
      yield* Effect.exit(limiter.acquire())

      expect((yield* Metric.value(tag(RateLimiter.metrics.waits))).count).toBe(1)
      const waited = yield* Metric.value(tag(RateLimiter.metrics.waitDuration))
      expect(waited.count).toBe(1)
      expect(waited.sum).toBe(1_000)
      expect((yield* Metric.value(tag(RateLimiter.metrics.rejections))).count).toBe(1)
      expect((yield* Metric.value(tag(RateLimiter.metrics.pauses))).count).toBe(1)
    }))

  it.effect("annotates the current span with the time waited", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second" })
      yield* limiter.acquire()
      const fiber = yield* Effect.fork(
        Effect.zipRight(limiter.acquire(), Effect.currentSpan).pipe(Effect.withSpan("call"))
      )
      yield* TestClock.adjust("1 second")
      const span = yield* Fiber.join(fiber)
      expect(span.attributes.get("integration.ratelimit.wait_ms")).toBe(1_000)
    }))

  it.effect("a store in the context is shared by limiters built from it", () =>
    Effect.gen(function*() {
      const store = yield* RateLimiter.makeMemoryStore
      const build = RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second", onExceeded: "fail" }).pipe(
        Effect.provideService(RateLimiter.RateLimiterStore, store)
      )
      const first = yield* build
      const second = yield* build
      yield* first.acquire()
      expect(Exit.isFailure(yield* Effect.exit(second.acquire()))).toBe(true)
    }))
})
