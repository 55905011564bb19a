import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import { pipe } from "effect/Function"
import * as Metric from "effect/Metric"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import { IntegrationError, type Reason } from "../../src/core/IntegrationError.js"

const failWith = (reason: Reason) =>
  Effect.fail(new IntegrationError({ vendor: "acme", operation: "call", reason, description: "test failure" }))

/** Runs `self` once through the breaker and returns its exit, so failures don't stop the test. */
const attempt = <A, E>(breaker: CircuitBreaker.CircuitBreaker, self: Effect.Effect<A, E>, key?: string) =>
  Effect.exit(breaker.run(key)(self))

const repeat = <A, E>(times: number, self: Effect.Effect<A, E>) =>
  Effect.forEach(Array.from({ length: times }), () => self, { discard: true })

const circuitOpenError = <A, E>(exit: Exit.Exit<A, E | IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
  if (!(failure instanceof IntegrationError)) throw new Error("expected an IntegrationError")
  return failure
}

const counter = () => {
  let runs = 0
  return {
    effect: <A, E>(self: Effect.Effect<A, E>) => Effect.suspend(() => {
      runs += 1
      return self
    }),
    get runs() {
      return runs
    }
  }
}

describe("CircuitBreaker", () => {
  it.effect("opens after the configured number of consecutive failures and then rejects without running", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(3) })
      const calls = counter()
      yield* repeat(2, attempt(breaker, calls.effect(failWith("Server"))))
      expect((yield* breaker.state()).state).toBe("Closed")
      yield* attempt(breaker, calls.effect(failWith("Server")))
      expect((yield* breaker.state()).state).toBe("Open")
      expect(calls.runs).toBe(3)

      const exit = yield* attempt(breaker, calls.effect(Effect.succeed("never")))
      const error = circuitOpenError(exit)
      expect(calls.runs).toBe(3)
      expect(error.reason).toBe("CircuitOpen")
      expect(error.vendor).toBe("acme")
      expect(error.operation).toBe("acme")
      expect(error.retryable).toBe(false)
      expect(Duration.toMillis(error.retryAfter ?? Duration.zero)).toBe(5_000)
    }))

  it.effect("a success resets the consecutive-failure count", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(3) })
      yield* repeat(2, attempt(breaker, failWith("Server")))
      yield* attempt(breaker, Effect.succeed(1))
      yield* repeat(2, attempt(breaker, failWith("Server")))
      const snapshot = yield* breaker.state()
      expect(snapshot.state).toBe("Closed")
      expect(snapshot.consecutiveFailures).toBe(2)
    }))

  it.effect("opens on the failure rate over the sliding window once the minimum number of calls is reached", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.failureRate({ threshold: 0.5, sampleSize: 6, minThroughput: 6 })
      })
      // Alternating outcomes never make 2 failures in a row, but half the window fails.
      for (let i = 0; i < 5; i++) {
        yield* attempt(breaker, i % 2 === 0 ? failWith("Timeout") : Effect.succeed(i))
      }
      expect((yield* breaker.state()).state).toBe("Closed")
      expect((yield* breaker.state()).sampleFailures).toBe(3)
      yield* attempt(breaker, Effect.succeed("sixth"))
      expect((yield* breaker.state()).state).toBe("Open")
    }))

  it.effect("the default policy trips on 50% of the last 20 calls with at least 10, or 5 in a row", () =>
    Effect.gen(function*() {
      const byRate = yield* CircuitBreaker.make({ vendor: "acme" })
      for (let i = 0; i < 9; i++) {
        yield* attempt(byRate, i % 2 === 0 ? failWith("Server") : Effect.succeed(i))
      }
      expect((yield* byRate.state()).state).toBe("Closed")
      yield* attempt(byRate, failWith("Server"))
      expect((yield* byRate.state()).state).toBe("Open")

      const inARow = yield* CircuitBreaker.make({ vendor: "acme" })
      yield* repeat(4, attempt(inARow, failWith("Transport")))
      expect((yield* inARow.state()).state).toBe("Closed")
      yield* attempt(inARow, failWith("Transport"))
      expect((yield* inARow.state()).state).toBe("Open")
    }))

  it.effect("lets one probe through after the open duration and closes when it succeeds", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) })
      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("4999 millis")
      expect(Exit.isFailure(yield* attempt(breaker, Effect.succeed("early")))).toBe(true)
      yield* TestClock.adjust("1 millis")
      expect((yield* breaker.state()).state).toBe("HalfOpen")
      const probe = yield* attempt(breaker, Effect.succeed("probe"))
      expect(probe).toEqual(Exit.succeed("probe"))
      const snapshot = yield* breaker.state()
      expect(snapshot.state).toBe("Closed")
      expect(snapshot.openings).toBe(0)
    }))

  it.effect("re-opens for twice as long when a probe fails, capped at the maximum, and resets after closing", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.consecutive(1),
        openDuration: { initial: "5 seconds", factor: 2, max: "15 seconds" }
      })
      const retryAfterOfNextCall = Effect.map(
        attempt(breaker, Effect.void),
        (exit) => Duration.toMillis(circuitOpenError(exit).retryAfter ?? Duration.zero)
      )
      yield* attempt(breaker, failWith("Server"))
      expect(yield* retryAfterOfNextCall).toBe(5_000)

      yield* TestClock.adjust("5 seconds")
      yield* attempt(breaker, failWith("Server"))
      expect(yield* retryAfterOfNextCall).toBe(10_000)
      yield* TestClock.adjust("9 seconds")
      expect((yield* breaker.state()).state).toBe("Open")

      yield* TestClock.adjust("1 second")
      yield* attempt(breaker, failWith("Server"))
      expect(yield* retryAfterOfNextCall).toBe(15_000)

      yield* TestClock.adjust("15 seconds")
      yield* attempt(breaker, Effect.succeed("recovered"))
      expect((yield* breaker.state()).state).toBe("Closed")
      yield* attempt(breaker, failWith("Server"))
      expect(yield* retryAfterOfNextCall).toBe(5_000)
    }))

  it.effect("client errors and rate limiting do not trip the breaker; transport errors and defects do", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2) })
      const harmless: ReadonlyArray<Reason> = [
        "NotFound",
        "Unauthorized",
        "InvalidRequest",
        "Conflict",
        "RateLimited",
        "BulkheadRejected"
      ]
      for (const reason of harmless) {
        yield* repeat(3, attempt(breaker, failWith(reason)))
      }
      expect((yield* breaker.state()).state).toBe("Closed")
      expect((yield* breaker.state()).consecutiveFailures).toBe(0)

      yield* attempt(breaker, Effect.dieMessage("boom"))
      yield* attempt(breaker, Effect.fail("not an IntegrationError"))
      expect((yield* breaker.state()).state).toBe("Open")
    }))

  it.effect("a custom classifier decides which failures count", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.consecutive(2),
        isFailure: (error) => error === "count me"
      })
      yield* repeat(3, attempt(breaker, Effect.fail("ignore me")))
      expect((yield* breaker.state()).state).toBe("Closed")
      yield* repeat(2, attempt(breaker, Effect.fail("count me")))
      expect((yield* breaker.state()).state).toBe("Open")
    }))

  it.effect("calls slower than the threshold count as failures even when they succeed", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.consecutive(2),
        slowCallThreshold: "1 second"
      })
      const slow = Effect.as(Effect.sleep("1500 millis"), "slow but fine")
      for (let i = 0; i < 2; i++) {
        const fiber = yield* Effect.fork(attempt(breaker, slow))
        yield* TestClock.adjust("1500 millis")
        expect(yield* Fiber.join(fiber)).toEqual(Exit.succeed("slow but fine"))
      }
      expect((yield* breaker.state()).state).toBe("Open")

      const fast = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.consecutive(1),
        slowCallThreshold: "1 second"
      })
      const fiber = yield* Effect.fork(attempt(fast, Effect.sleep("1 second")))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      expect((yield* fast.state()).state).toBe("Closed")
    }))

  it.effect("an interrupted probe frees the half-open slot", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) })
      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("5 seconds")

      const started = yield* Deferred.make<void>()
      const hung = yield* Effect.fork(
        breaker.run()(Effect.zipRight(Deferred.succeed(started, undefined), Effect.never))
      )
      yield* Deferred.await(started)
      expect((yield* breaker.state()).probeInFlight).toBe(true)
      expect(Exit.isFailure(yield* attempt(breaker, Effect.void))).toBe(true)

      yield* Fiber.interrupt(hung)
      const snapshot = yield* breaker.state()
      expect(snapshot.state).toBe("HalfOpen")
      expect(snapshot.probeInFlight).toBe(false)
      expect(yield* attempt(breaker, Effect.succeed("next probe"))).toEqual(Exit.succeed("next probe"))
      expect((yield* breaker.state()).state).toBe("Closed")
    }))

  it.effect("a probe that outlives its lease lets another caller probe", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        trip: CircuitBreaker.consecutive(1),
        probeLease: "30 seconds"
      })
      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("5 seconds")
      const stuck = yield* Effect.fork(breaker.run()(Effect.sleep("1 hour")))
      yield* TestClock.adjust("29 seconds")
      expect(Exit.isFailure(yield* attempt(breaker, Effect.void))).toBe(true)
      yield* TestClock.adjust("1 second")
      expect(yield* attempt(breaker, Effect.succeed("fresh probe"))).toEqual(Exit.succeed("fresh probe"))
      expect((yield* breaker.state()).state).toBe("Closed")
      yield* Fiber.interrupt(stuck)
      expect((yield* breaker.state()).state).toBe("Closed")
    }))

  it.effect("1,000 concurrent callers in half-open run exactly one probe; the rest are rejected", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) })
      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("5 seconds")

      const release = yield* Deferred.make<void>()
      const calls = counter()
      const exits = yield* Effect.forEach(
        Array.from({ length: 1_000 }),
        () => attempt(breaker, calls.effect(Deferred.await(release))),
        { concurrency: "unbounded" }
      ).pipe(
        Effect.fork,
        Effect.tap(() => Effect.repeatN(Effect.yieldNow(), 20)),
        Effect.tap(() => Deferred.succeed(release, undefined)),
        Effect.flatMap(Fiber.join)
      )
      expect(calls.runs).toBe(1)
      expect(exits.filter(Exit.isSuccess)).toHaveLength(1)
      const rejected = exits.filter(Exit.isFailure).map(circuitOpenError)
      expect(rejected).toHaveLength(999)
      expect(rejected.every((error) => error.reason === "CircuitOpen")).toBe(true)
      expect((yield* breaker.state()).state).toBe("Closed")
    }))

  it.effect("the transitions stream emits every change in order", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) })
      const collected = yield* Effect.fork(Stream.runCollect(Stream.take(breaker.transitions, 5)))
      yield* Effect.repeatN(Effect.yieldNow(), 5)

      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("5 seconds")
      yield* attempt(breaker, failWith("Server"))
      yield* TestClock.adjust("10 seconds")
      yield* attempt(breaker, Effect.void)

      const transitions = Chunk.toReadonlyArray(yield* Fiber.join(collected))
      expect(transitions.map(({ from, to }) => `${from}->${to}`)).toEqual([
        "Closed->Open",
        "Open->HalfOpen",
        "HalfOpen->Open",
        "Open->HalfOpen",
        "HalfOpen->Closed"
      ])
      expect(transitions.map(({ at }) => at)).toEqual([0, 5_000, 5_000, 15_000, 15_000])
      expect(transitions.every(({ key }) => key === "acme")).toBe(true)
    }))

  it.effect("keys are independent", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2) })
      yield* repeat(2, attempt(breaker, failWith("Server"), "acme:/charges"))
      expect((yield* breaker.state("acme:/charges")).state).toBe("Open")
      expect((yield* breaker.state("acme:/refunds")).state).toBe("Closed")
      expect(yield* attempt(breaker, Effect.succeed("ok"), "acme:/refunds")).toEqual(Exit.succeed("ok"))
      expect(circuitOpenError(yield* attempt(breaker, Effect.void, "acme:/charges")).operation).toBe("acme:/charges")
    }))

  it.effect("withCircuitBreaker works data-first and data-last and names the operation", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({
        vendor: "acme",
        operation: "charges.create",
        trip: CircuitBreaker.consecutive(1)
      })
      expect(yield* CircuitBreaker.withCircuitBreaker(Effect.succeed(1), breaker)).toBe(1)
      yield* Effect.exit(pipe(failWith("Overloaded"), CircuitBreaker.withCircuitBreaker(breaker)))
      const error = circuitOpenError(yield* Effect.exit(CircuitBreaker.withCircuitBreaker(Effect.void, breaker)))
      expect(error.operation).toBe("charges.create")
      expect(error.message).toContain("acme.charges.create failed: CircuitOpen")
    }))

  it.effect("a store shared by two breakers shares the state of a key", () =>
    Effect.gen(function*() {
      const store = yield* CircuitBreaker.makeMemoryStore
      const first = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
      const second = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
      yield* attempt(first, failWith("Server"))
      expect((yield* second.state()).state).toBe("Open")
    }))

  it.effect("the store is taken from the context when one is provided", () =>
    Effect.gen(function*() {
      const store = yield* CircuitBreaker.makeMemoryStore
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) }).pipe(
        Effect.provideService(CircuitBreaker.CircuitBreakerStore, store)
      )
      yield* attempt(breaker, failWith("Server"))
      expect((yield* store.snapshot("acme", 0)).state).toBe("Open")
    }))

  it.effect("counts rejections and transitions in metrics tagged by vendor", () =>
    Effect.gen(function*() {
      const vendor = "metrics-vendor"
      const breaker = yield* CircuitBreaker.make({ vendor, trip: CircuitBreaker.consecutive(1) })
      yield* attempt(breaker, failWith("Server"))
      yield* repeat(3, attempt(breaker, Effect.void))
      const rejections = yield* Metric.value(
        CircuitBreaker.metrics.rejections.pipe(
          Metric.tagged("integration.vendor", vendor),
          Metric.tagged("integration.breaker.key", vendor),
          Metric.tagged("integration.breaker.state", "Open")
        )
      )
      expect(rejections.count).toBe(3)
      const opened = yield* Metric.value(
        CircuitBreaker.metrics.transitions.pipe(
          Metric.tagged("integration.vendor", vendor),
          Metric.tagged("integration.breaker.key", vendor),
          Metric.tagged("integration.breaker.from", "Closed"),
          Metric.tagged("integration.breaker.to", "Open")
        )
      )
      expect(opened.count).toBe(1)
    }))

  it.effect("annotates the current span with the breaker state and records rejections as span events", () =>
    Effect.gen(function*() {
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) })
      const admitted = yield* Effect.gen(function*() {
        yield* attempt(breaker, failWith("Server"))
        return yield* Effect.currentSpan
      }).pipe(Effect.withSpan("admitted"))
      expect(admitted.attributes.get("integration.breaker.state")).toBe("Closed")

      const rejected = yield* Effect.gen(function*() {
        yield* attempt(breaker, Effect.void)
        return yield* Effect.currentSpan
      }).pipe(Effect.withSpan("rejected"))
      expect(rejected.attributes.get("integration.breaker.state")).toBe("Open")
      const events = (rejected as unknown as { events: Array<[string, bigint, Record<string, unknown>]> }).events
      expect(events.map(([name]) => name)).toEqual(["integration.breaker.rejected"])
      expect(events[0]?.[2]).toEqual({
        "integration.breaker.key": "acme",
        "integration.breaker.state": "Open",
        "integration.breaker.retry_after_ms": 5_000
      })
    }))
})
