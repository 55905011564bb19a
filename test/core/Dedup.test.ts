import { describe, expect, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as Dedup from "../../src/core/Dedup.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"

const outage = new IntegrationError({ vendor: "Acme", operation: "get", reason: "Server", description: "HTTP 503" })

/** A read that takes one virtual second and counts how many times it really ran. */
const slowRead = (executions: Ref.Ref<number>, result: Effect.Effect<string, IntegrationError> = Effect.succeed("v")) =>
  Effect.zipRight(Ref.update(executions, (n) => n + 1), Effect.zipRight(Effect.sleep(Duration.seconds(1)), result))

describe("Dedup", () => {
  it.effect("100 concurrent calls with the same key share one execution and all get its value", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make({ vendor: "DedupTest" })
      const executions = yield* Ref.make(0)
      const joinedBefore = (yield* Metric.value(Metric.tagged(Dedup.joined, "integration.vendor", "DedupTest"))).count
      const fiber = yield* Effect.fork(
        Effect.forEach(Array.from({ length: 100 }), () => dedup.run("GET /things/1", slowRead(executions)), {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust(Duration.seconds(1))
      const results = yield* Fiber.join(fiber)
      expect(results).toHaveLength(100)
      expect(new Set(results)).toStrictEqual(new Set(["v"]))
      expect(yield* Ref.get(executions)).toBe(1)
      const joinedAfter = (yield* Metric.value(Metric.tagged(Dedup.joined, "integration.vendor", "DedupTest"))).count
      expect(joinedAfter - joinedBefore).toBe(99)
      expect(yield* dedup.inFlight).toBe(0)
    }))

  it.effect("sequential calls each run: nothing is cached after completion", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make()
      const executions = yield* Ref.make(0)
      for (let i = 0; i < 3; i++) {
        const fiber = yield* Effect.fork(dedup.run("k", slowRead(executions)))
        yield* TestClock.adjust(Duration.seconds(1))
        yield* Fiber.join(fiber)
      }
      expect(yield* Ref.get(executions)).toBe(3)
    }))

  it.effect("different keys do not share", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make()
      const executions = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.all([dedup.run("a", slowRead(executions)), dedup.run("b", slowRead(executions))], {
          concurrency: "unbounded"
        })
      )
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      expect(yield* Ref.get(executions)).toBe(2)
    }))

  it.effect("a failure is shared with every concurrent waiter but not cached", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make()
      const executions = yield* Ref.make(0)
      const fiber = yield* Effect.fork(
        Effect.forEach(
          Array.from({ length: 10 }),
          () => Effect.exit(dedup.run("k", slowRead(executions, Effect.fail(outage)))),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust(Duration.seconds(1))
      const exits = yield* Fiber.join(fiber)
      for (const exit of exits) expect(exit).toStrictEqual(Exit.fail(outage))
      expect(yield* Ref.get(executions)).toBe(1)

      const next = yield* Effect.fork(dedup.run("k", slowRead(executions)))
      yield* TestClock.adjust(Duration.seconds(1))
      expect(yield* Fiber.join(next)).toBe("v")
      expect(yield* Ref.get(executions)).toBe(2)
    }))

  it.effect("interrupting one waiter leaves the shared execution running for the others", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make()
      const executions = yield* Ref.make(0)
      const interrupted = yield* Deferred.make<void>()
      const read = slowRead(executions).pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)))
      const first = yield* Effect.fork(dedup.run("k", read))
      const second = yield* Effect.fork(dedup.run("k", read))
      yield* TestClock.adjust(Duration.millis(500))
      yield* Fiber.interrupt(first)
      yield* TestClock.adjust(Duration.millis(500))
      expect(yield* Fiber.join(second)).toBe("v")
      expect(yield* Deferred.isDone(interrupted)).toBe(false)
      expect(yield* Ref.get(executions)).toBe(1)
    }))

  it.effect("when every waiter leaves, the shared execution is interrupted", () =>
    Effect.gen(function*() {
      const dedup = yield* Dedup.make()
      const executions = yield* Ref.make(0)
      const interrupted = yield* Deferred.make<void>()
      const read = slowRead(executions).pipe(Effect.onInterrupt(() => Deferred.succeed(interrupted, undefined)))
      const first = yield* Effect.fork(dedup.run("k", read))
      const second = yield* Effect.fork(dedup.run("k", read))
      yield* TestClock.adjust(Duration.millis(100))
      yield* Fiber.interrupt(first)
      yield* Fiber.interrupt(second)
      expect(yield* Deferred.isDone(interrupted)).toBe(true)
      expect(yield* dedup.inFlight).toBe(0)
      // The key is free again: the next caller starts a fresh execution.
      const third = yield* Effect.fork(dedup.run("k", read))
      yield* TestClock.adjust(Duration.seconds(1))
      expect(yield* Fiber.join(third)).toBe("v")
      expect(yield* Ref.get(executions)).toBe(2)
    }))
})
