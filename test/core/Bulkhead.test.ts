import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { pipe } from "effect/Function"
import * as Metric from "effect/Metric"
import * as TestClock from "effect/TestClock"
import * as Bulkhead from "../../src/core/Bulkhead.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"

const settle = Effect.repeatN(Effect.yieldNow(), 20)

const rejection = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail" || !(exit.cause.error instanceof IntegrationError)) {
    throw new Error("expected an IntegrationError failure")
  }
  return exit.cause.error
}

describe("Bulkhead", () => {
  it.effect("never runs more than maxConcurrent of 1,000 concurrent calls", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 10, maxQueue: 1_000 })
      let inFlight = 0
      let maxInFlight = 0
      const call = Effect.suspend(() => {
        inFlight += 1
        maxInFlight = Math.max(maxInFlight, inFlight)
        return Effect.repeatN(Effect.yieldNow(), 5)
      }).pipe(Effect.ensuring(Effect.sync(() => (inFlight -= 1))))
      const results = yield* Effect.forEach(Array.from({ length: 1_000 }), () => Effect.exit(bulkhead.run()(call)), {
        concurrency: "unbounded"
      })
      expect(results.every(Exit.isSuccess)).toBe(true)
      expect(maxInFlight).toBe(10)
      expect(yield* bulkhead.status).toEqual({ active: 0, queued: 0 })
    }))

  it.effect("lets 2,000 queued callers in one at a time, in arrival order", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1, maxQueue: 2_000 })
      const order: Array<number> = []
      yield* Effect.forEach(
        Array.from({ length: 2_000 }, (_, i) => i),
        (i) => bulkhead.run()(Effect.zipRight(Effect.yieldNow(), Effect.sync(() => order.push(i)))),
        { concurrency: "unbounded", discard: true }
      )
      expect(order).toEqual(Array.from({ length: 2_000 }, (_, i) => i))
      expect(yield* bulkhead.status).toEqual({ active: 0, queued: 0 })
    }))

  it.effect("rejects at once beyond the queue bound with a typed, non-retryable error", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 2, maxQueue: 3 })
      const release = yield* Deferred.make<void>()
      const fiber = yield* Effect.fork(
        Effect.forEach(
          Array.from({ length: 10 }),
          () => Effect.exit(bulkhead.run({ operation: "files.upload" })(Deferred.await(release))),
          { concurrency: "unbounded" }
        )
      )
      yield* settle
      expect(yield* bulkhead.status).toEqual({ active: 2, queued: 3 })
      yield* Deferred.succeed(release, undefined)
      const exits = yield* Fiber.join(fiber)
      expect(exits.filter(Exit.isSuccess)).toHaveLength(5)
      const errors = exits.filter(Exit.isFailure).map(rejection)
      expect(errors).toHaveLength(5)
      for (const error of errors) {
        expect(error.reason).toBe("BulkheadRejected")
        expect(error.vendor).toBe("acme")
        expect(error.operation).toBe("files.upload")
        expect(error.retryable).toBe(false)
        expect(error.description).toContain("full")
      }
    }))

  it.effect("rejects a caller that waited longer than maxQueueWait", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({
        vendor: "acme",
        maxConcurrent: 1,
        maxQueue: 5,
        maxQueueWait: "1 second"
      })
      const holder = yield* Effect.fork(bulkhead.run()(Effect.never))
      const waiter = yield* Effect.fork(Effect.exit(bulkhead.run()(Effect.succeed("late"))))
      yield* TestClock.adjust("999 millis")
      expect(yield* bulkhead.status).toEqual({ active: 1, queued: 1 })
      yield* TestClock.adjust("1 millis")
      const error = rejection(yield* Fiber.join(waiter))
      expect(error.reason).toBe("BulkheadRejected")
      expect(error.description).toContain("1s")
      expect(yield* bulkhead.status).toEqual({ active: 1, queued: 0 })
      yield* Fiber.interrupt(holder)
      expect(yield* bulkhead.run()(Effect.succeed("after"))).toBe("after")
    }))

  it.effect("a caller that gets a slot within maxQueueWait runs normally", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1, maxQueue: 1, maxQueueWait: "1 second" })
      const holder = yield* Effect.fork(bulkhead.run()(Effect.sleep("500 millis")))
      const waiter = yield* Effect.fork(bulkhead.run()(Effect.succeed("in time")))
      yield* TestClock.adjust("500 millis")
      yield* Fiber.join(holder)
      expect(yield* Fiber.join(waiter)).toBe("in time")
    }))

  it.effect("interrupting a running call frees its slot for the next queued caller", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1, maxQueue: 1 })
      const running = yield* Effect.fork(bulkhead.run()(Effect.never))
      const queued = yield* Effect.fork(bulkhead.run()(Effect.succeed("my turn")))
      yield* settle
      expect(yield* bulkhead.status).toEqual({ active: 1, queued: 1 })
      yield* Fiber.interrupt(running)
      expect(yield* Fiber.join(queued)).toBe("my turn")
      expect(yield* bulkhead.status).toEqual({ active: 0, queued: 0 })
    }))

  it.effect("interrupting a queued caller frees its place in the queue", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1, maxQueue: 1 })
      const release = yield* Deferred.make<void>()
      const running = yield* Effect.fork(bulkhead.run()(Deferred.await(release)))
      const queued = yield* Effect.fork(bulkhead.run()(Effect.succeed("never mind")))
      yield* settle
      expect(Exit.isFailure(yield* Effect.exit(bulkhead.run()(Effect.void)))).toBe(true)
      yield* Fiber.interrupt(queued)
      expect(yield* bulkhead.status).toEqual({ active: 1, queued: 0 })
      const next = yield* Effect.fork(bulkhead.run()(Effect.succeed("queued again")))
      yield* settle
      expect(yield* bulkhead.status).toEqual({ active: 1, queued: 1 })
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(running)
      expect(yield* Fiber.join(next)).toBe("queued again")
    }))

  it.effect("a failing call releases its slot", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1 })
      expect(Exit.isFailure(yield* Effect.exit(bulkhead.run()(Effect.fail("boom"))))).toBe(true)
      expect(Exit.isFailure(yield* Effect.exit(bulkhead.run()(Effect.die("defect"))))).toBe(true)
      expect(yield* bulkhead.run()(Effect.succeed("still usable"))).toBe("still usable")
    }))

  it.effect("reports active and queued gauges and counts rejections by cause", () =>
    Effect.gen(function*() {
      const vendor = "metrics-vendor"
      const bulkhead = yield* Bulkhead.make({ vendor, maxConcurrent: 1, maxQueue: 1, maxQueueWait: "1 second" })
      const holder = yield* Effect.fork(bulkhead.run()(Effect.never))
      const waiter = yield* Effect.fork(Effect.exit(bulkhead.run()(Effect.void)))
      yield* settle
      const gauge = (metric: typeof Bulkhead.metrics.active) =>
        Effect.map(Metric.value(metric.pipe(Metric.tagged("integration.vendor", vendor))), (state) => state.value)
      expect(yield* gauge(Bulkhead.metrics.active)).toBe(1)
      expect(yield* gauge(Bulkhead.metrics.queued)).toBe(1)
      yield* Effect.exit(bulkhead.run()(Effect.void))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(waiter)
      const rejections = (cause: string) =>
        Effect.map(
          Metric.value(Bulkhead.metrics.rejections.pipe(
            Metric.tagged("integration.vendor", vendor),
            Metric.tagged("integration.bulkhead.rejection", cause)
          )),
          (state) => state.count
        )
      expect(yield* rejections("QueueFull")).toBe(1)
      expect(yield* rejections("QueueTimeout")).toBe(1)
      yield* Fiber.interrupt(holder)
      expect(yield* gauge(Bulkhead.metrics.active)).toBe(0)
      expect(yield* gauge(Bulkhead.metrics.queued)).toBe(0)
    }))

  it.effect("withBulkhead works data-first and data-last", () =>
    Effect.gen(function*() {
      const bulkhead = yield* Bulkhead.make({ vendor: "acme", maxConcurrent: 1 })
      expect(yield* Bulkhead.withBulkhead(Effect.succeed(1), bulkhead)).toBe(1)
      expect(yield* pipe(Effect.succeed(2), Bulkhead.withBulkhead(bulkhead))).toBe(2)
    }))
})
