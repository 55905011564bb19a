/**
 * The behaviour every `RateLimiterStore` must have, run once per store (memory, Redis): slot booking with explicit
 * times, cancellation, pauses and pacing, and a limiter built on the store.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as RateLimiter from "../../../src/core/RateLimiter.js"

type Store = RateLimiter.RateLimiterStore.Service

const request = (nowMillis: number, overrides: Partial<RateLimiter.Request> = {}): RateLimiter.Request => ({
  key: "k",
  nowMillis,
  cost: 1,
  limit: 2,
  windowMillis: 1_000,
  burst: overrides.limit ?? 2,
  maxWaitMillis: Infinity,
  ...overrides
})

const granted = (reservation: RateLimiter.Reservation) => {
  if (reservation._tag !== "Granted") throw new Error(`expected a slot, got ${JSON.stringify(reservation)}`)
  return reservation
}

/** The most units booked in any window `(t - window, t]`. */
export const maxInAnyWindow = (
  slots: ReadonlyArray<{ readonly at: number; readonly cost: number }>,
  windowMillis: number
): number => {
  const sorted = [...slots].sort((a, b) => a.at - b.at)
  let oldest = 0
  let inWindow = 0
  let max = 0
  for (const slot of sorted) {
    while (sorted[oldest]!.at <= slot.at - windowMillis) {
      inWindow -= sorted[oldest]!.cost
      oldest += 1
    }
    inWindow += slot.cost
    max = Math.max(max, inWindow)
  }
  return max
}

export const rateLimiterStoreSuite = (name: string, makeStore: Effect.Effect<Store, never, Scope.Scope>) =>
  describe(`RateLimiterStore (${name})`, () => {
    it.scoped("grants at once under the limit, then books the next slot when the oldest leaves the window", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        expect(granted(yield* store.reserve(request(100))).atMillis).toBe(100)
        expect(granted(yield* store.reserve(request(300))).atMillis).toBe(300)
        expect(granted(yield* store.reserve(request(400))).atMillis).toBe(1_100)
        expect(yield* store.status("k", 400, 1_000)).toEqual({
          key: "k",
          used: 2,
          waiting: 1,
          pausedUntil: undefined,
          paceIntervalMillis: undefined
        })
      }))

    it.scoped("a burst below the limit allows `burst` units per span of burst × window / limit, within the window's limit", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const at = []
        for (let i = 0; i < 7; i++) {
          at.push(granted(yield* store.reserve(request(0, { limit: 5, burst: 2 }))).atMillis)
        }
        // Pairs 400 ms apart; the sixth also waits for the first slot to leave the window.
        expect(at).toEqual([0, 0, 400, 400, 800, 1_000, 1_200])
        expect(maxInAnyWindow(at.map((t) => ({ at: t, cost: 1 })), 1_000)).toBe(5)
      }))

    it.scoped("refuses with the time until a slot frees when it may not wait that long", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* store.reserve(request(0))
        yield* store.reserve(request(0))
        expect(yield* store.reserve(request(250, { maxWaitMillis: 0 }))).toEqual({
          _tag: "Denied",
          retryAfterMillis: 750,
          paused: false
        })
        expect(yield* store.reserve(request(250, { maxWaitMillis: 749 }))).toMatchObject({ _tag: "Denied" })
        expect(granted(yield* store.reserve(request(250, { maxWaitMillis: 750 }))).atMillis).toBe(1_000)
      }))

    it.scoped("first come, first served: a later request never goes before a booked one", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const limit = { limit: 3 }
        yield* store.reserve(request(0, { cost: 3, ...limit }))
        expect(granted(yield* store.reserve(request(0, { cost: 3, ...limit }))).atMillis).toBe(1_000)
        // A single unit queues behind the second booking: it goes once that booking has left the window.
        expect(granted(yield* store.reserve(request(10, { cost: 1, ...limit }))).atMillis).toBe(2_000)
      }))

    it.scoped("slots age out of the window, and cost counts units, not calls", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const three = { limit: 3 }
        expect(granted(yield* store.reserve(request(0, { cost: 2, ...three }))).atMillis).toBe(0)
        expect(granted(yield* store.reserve(request(1, { cost: 2, ...three }))).atMillis).toBe(1_000)
        expect(yield* store.status("k", 999, 1_000)).toMatchObject({ used: 2, waiting: 1 })
        expect(yield* store.status("k", 1_000, 1_000)).toMatchObject({ used: 2, waiting: 0 })
        expect(granted(yield* store.reserve(request(2_000, { cost: 3, ...three }))).atMillis).toBe(2_000)
      }))

    it.scoped("a cancelled slot stops counting and no longer confirms; a standing one confirms", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const one = { limit: 1 }
        const first = granted(yield* store.reserve(request(0, one)))
        const second = granted(yield* store.reserve(request(0, one)))
        expect(second.atMillis).toBe(1_000)
        yield* store.cancel("k", second.id)
        expect(yield* store.confirm("k", second.id)).toBe(false)
        expect(yield* store.confirm("k", first.id)).toBe(true)
        expect(yield* store.status("k", 0, 1_000)).toMatchObject({ used: 1, waiting: 0 })
        // The cancelled slot keeps its place in line but not its quota.
        const third = granted(yield* store.reserve(request(0, one)))
        expect(third.atMillis).toBe(1_000)
        expect(yield* store.confirm("k", third.id)).toBe(true)
        yield* store.cancel("k", "unknown")
      }))

    it.scoped("a pause moves every later booking past it, drops slots booked in the future, and only extends", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const one = { limit: 1 }
        yield* store.reserve(request(0, one))
        const future = granted(yield* store.reserve(request(0, one)))
        const pause = { pauseUntilMillis: 5_000, paceIntervalMillis: undefined, paceUntilMillis: undefined }
        expect(yield* store.adjust("k", 10, pause)).toBe(true)
        expect(yield* store.confirm("k", future.id)).toBe(false)
        expect(yield* store.status("k", 10, 1_000)).toMatchObject({ used: 1, waiting: 0, pausedUntil: 5_000 })
        expect(yield* store.reserve(request(20, { ...one, maxWaitMillis: 0 }))).toEqual({
          _tag: "Denied",
          retryAfterMillis: 4_980,
          paused: true
        })
        expect(granted(yield* store.reserve(request(20, one))).atMillis).toBe(5_000)
        expect(yield* store.adjust("k", 30, { ...pause, pauseUntilMillis: 4_000 })).toBe(false)
        expect((yield* store.status("k", 5_000, 1_000)).pausedUntil).toBeUndefined()
      }))

    it.scoped("a pace spaces bookings by its interval (fractions of a millisecond included) until it ends", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const many = { limit: 100 }
        yield* store.adjust("k", 0, {
          pauseUntilMillis: undefined,
          paceIntervalMillis: 1_000 / 3,
          paceUntilMillis: 1_000
        })
        expect((yield* store.status("k", 0, 1_000)).paceIntervalMillis).toBe(1_000 / 3)
        const times: Array<number> = []
        for (let i = 0; i < 4; i++) times.push(granted(yield* store.reserve(request(0, many))).atMillis)
        expect(times.slice(0, 3)).toEqual([0, 1_000 / 3, 2_000 / 3])
        expect(times[3]).toBeCloseTo(1_000, 9)
        // Past the pace's end the limit alone decides.
        expect(granted(yield* store.reserve(request(1_000, many))).atMillis).toBe(1_000)
      }))

    it.scoped("2,000 concurrent reservations are booked so that no window ever holds more than the limit", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const slots = yield* Effect.forEach(
          Array.from({ length: 2_000 }, (_, i) => 1 + (i % 3)),
          (cost) =>
            Effect.map(
              store.reserve(request(0, { cost, limit: 7, windowMillis: 100 })),
              (reservation) => ({ at: granted(reservation).atMillis, cost })
            ),
          { concurrency: "unbounded" }
        )
        expect(maxInAnyWindow(slots, 100)).toBeLessThanOrEqual(7)
        // The budget is used: 4,000 units at 7 per 100 ms take at least 57 windows, and not many more.
        expect(Math.max(...slots.map(({ at }) => at))).toBeLessThan(100 * 4_000 / 5)
      }))

    it.scoped("a limiter on the store waits for a slot on the Clock and fails fast in fail mode", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 1, window: "1 second", store })
        const failing = yield* RateLimiter.make({
          vendor: "acme",
          limit: 1,
          window: "1 second",
          onExceeded: "fail",
          store
        })
        expect(Duration.toMillis(yield* limiter.acquire())).toBe(0)
        const refused = yield* Effect.exit(failing.acquire())
        if (Exit.isSuccess(refused) || refused.cause._tag !== "Fail") throw new Error("expected RateLimited")
        expect(refused.cause.error).toBeInstanceOf(IntegrationError)
        expect(refused.cause.error.reason).toBe("RateLimited")
        expect(Duration.toMillis(refused.cause.error.retryAfter ?? Duration.zero)).toBe(1_000)

        const waiting = yield* Effect.fork(limiter.acquire())
        // The fork books its slot over the store before the clock moves.
        while ((yield* limiter.status()).waiting === 0) yield* Effect.yieldNow()
        yield* TestClock.adjust("1 second")
        expect(Duration.toMillis(yield* Fiber.join(waiting))).toBe(1_000)
      }))
  })
