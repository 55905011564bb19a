/**
 * The behaviour every `CircuitBreakerStore` must have, run once per store (memory, Redis): store-level decisions with
 * explicit times, and the breaker built on the store with `TestClock`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CircuitBreaker from "../../../src/core/CircuitBreaker.js"
import { IntegrationError } from "../../../src/core/IntegrationError.js"

type Store = CircuitBreaker.CircuitBreakerStore.Service

export const storePolicy = (overrides: Partial<CircuitBreaker.StorePolicy> = {}): CircuitBreaker.StorePolicy => ({
  consecutiveFailures: 3,
  sampleSize: 0,
  failureRateThreshold: 1,
  minThroughput: 1,
  openInitialMillis: 5_000,
  openFactor: 2,
  openMaxMillis: 15_000,
  probeLeaseMillis: 30_000,
  ...overrides
})

const serverError = Effect.fail(
  new IntegrationError({ vendor: "acme", operation: "call", reason: "Server", description: "test failure" })
)

const attempt = <A, E>(breaker: CircuitBreaker.CircuitBreaker, self: Effect.Effect<A, E>, key?: string) =>
  Effect.exit(breaker.run(key)(self))

const rejection = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail" || !(exit.cause.error instanceof IntegrationError)) {
    throw new Error("expected an IntegrationError")
  }
  return exit.cause.error
}

const transitionOf = (option: Option.Option<CircuitBreaker.Transition>) =>
  Option.map(option, ({ from, to }) => `${from}->${to}`)

/** Fails `key` until it opens under `storePolicy()` (3 in a row) at time `now`. */
const trip = (store: Store, key: string, now: number, policy = storePolicy()) =>
  Effect.forEach([0, 1, 2], () => store.record(key, now, "Failure", undefined, policy))

export const circuitBreakerStoreSuite = (name: string, makeStore: Effect.Effect<Store, never, Scope.Scope>) =>
  describe(`CircuitBreakerStore (${name})`, () => {
    it.scoped("an unknown key is closed with nothing counted, and a closed key admits calls", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        expect(yield* store.snapshot("k", 0)).toEqual({
          key: "k",
          state: "Closed",
          consecutiveFailures: 0,
          sampleCalls: 0,
          sampleFailures: 0,
          openings: 0,
          openUntil: undefined,
          probeInFlight: false
        })
        expect(yield* store.acquire("k", 0, storePolicy())).toEqual({ _tag: "Allow" })
      }))

    it.scoped("opens on the third failure in a row, reports the transition, and rejects until the open time passes", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const results = yield* trip(store, "k", 1_000)
        expect(results.map(transitionOf)).toEqual([Option.none(), Option.none(), Option.some("Closed->Open")])
        expect(yield* store.acquire("k", 1_000, storePolicy())).toEqual({
          _tag: "Reject",
          state: "Open",
          retryAfterMillis: 5_000
        })
        expect(yield* store.acquire("k", 5_999, storePolicy())).toMatchObject({ _tag: "Reject", retryAfterMillis: 1 })
        const snapshot = yield* store.snapshot("k", 2_000)
        expect(snapshot).toMatchObject({ state: "Open", openings: 1, openUntil: 6_000, consecutiveFailures: 0 })
      }))

    it.scoped("a success resets the consecutive count", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const policy = storePolicy()
        yield* store.record("k", 0, "Failure", undefined, policy)
        yield* store.record("k", 0, "Failure", undefined, policy)
        yield* store.record("k", 0, "Success", undefined, policy)
        yield* store.record("k", 0, "Failure", undefined, policy)
        expect(yield* store.snapshot("k", 0)).toMatchObject({ state: "Closed", consecutiveFailures: 1 })
      }))

    it.scoped("the failure rate counts only the last sampleSize calls", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const policy = storePolicy({ consecutiveFailures: 0, sampleSize: 4, failureRateThreshold: 0.75, minThroughput: 4 })
        // F F S S: half failed. Then S pushes the first F out: 1 of 4.
        for (const outcome of ["Failure", "Failure", "Success", "Success", "Success"] as const) {
          yield* store.record("k", 0, outcome, undefined, policy)
        }
        expect(yield* store.snapshot("k", 0)).toMatchObject({ state: "Closed", sampleCalls: 4, sampleFailures: 1 })
        // S S S F -> S S F F -> S F F F: three of the last four failed, the rate trips.
        yield* store.record("k", 0, "Failure", undefined, policy)
        yield* store.record("k", 0, "Failure", undefined, policy)
        expect((yield* store.snapshot("k", 0)).state).toBe("Closed")
        const opened = yield* store.record("k", 0, "Failure", undefined, policy)
        expect(transitionOf(opened)).toEqual(Option.some("Closed->Open"))
      }))

    it.scoped("after the open time one caller gets the probe; the others are rejected for the rest of its lease", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* trip(store, "k", 0)
        const probe = yield* store.acquire("k", 5_000, storePolicy())
        if (probe._tag !== "AllowProbe") throw new Error("expected a probe")
        expect(probe.leaseUntil).toBe(35_000)
        expect(probe.transition).toEqual({ key: "k", from: "Open", to: "HalfOpen", at: 5_000 })
        expect(yield* store.acquire("k", 6_000, storePolicy())).toEqual({
          _tag: "Reject",
          state: "HalfOpen",
          retryAfterMillis: 29_000
        })
        expect(yield* store.snapshot("k", 6_000)).toMatchObject({ state: "HalfOpen", probeInFlight: true })
        const closed = yield* store.record("k", 7_000, "Success", probe.probe, storePolicy())
        expect(closed).toEqual(Option.some({ key: "k", from: "HalfOpen", to: "Closed", at: 7_000 }))
        expect(yield* store.snapshot("k", 7_000)).toMatchObject({ state: "Closed", openings: 0, probeInFlight: false })
      }))

    it.scoped("a failed probe re-opens for factor times longer, capped at the maximum", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const policy = storePolicy()
        yield* trip(store, "k", 0)
        let now = 5_000
        const waits: Array<number> = []
        for (let i = 0; i < 3; i++) {
          const probe = yield* store.acquire("k", now, policy)
          if (probe._tag !== "AllowProbe") throw new Error("expected a probe")
          expect(transitionOf(yield* store.record("k", now, "Failure", probe.probe, policy))).toEqual(
            Option.some("HalfOpen->Open")
          )
          const rejected = yield* store.acquire("k", now, policy)
          if (rejected._tag !== "Reject") throw new Error("expected a rejection")
          waits.push(rejected.retryAfterMillis)
          now += rejected.retryAfterMillis
        }
        expect(waits).toEqual([10_000, 15_000, 15_000])
        expect((yield* store.snapshot("k", now)).openings).toBe(4)
      }))

    it.scoped("an interrupted probe frees the slot without a transition; a probe past its lease is ignored", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const policy = storePolicy()
        yield* trip(store, "k", 0)
        const first = yield* store.acquire("k", 5_000, policy)
        if (first._tag !== "AllowProbe") throw new Error("expected a probe")
        expect(yield* store.record("k", 5_001, "Interrupted", first.probe, policy)).toEqual(Option.none())
        const second = yield* store.acquire("k", 5_002, policy)
        if (second._tag !== "AllowProbe") throw new Error("expected a probe")
        expect(second.transition).toBeUndefined()
        // The second prober never reports; its lease runs out and a third caller takes over.
        const third = yield* store.acquire("k", 5_002 + 30_000, policy)
        if (third._tag !== "AllowProbe") throw new Error("expected a probe")
        expect(yield* store.record("k", 40_000, "Failure", second.probe, policy)).toEqual(Option.none())
        expect((yield* store.snapshot("k", 40_000)).state).toBe("HalfOpen")
        expect(transitionOf(yield* store.record("k", 40_000, "Success", third.probe, policy))).toEqual(
          Option.some("HalfOpen->Closed")
        )
      }))

    it.scoped("calls admitted while closed that finish after it opened change nothing", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* trip(store, "k", 0)
        expect(yield* store.record("k", 1, "Failure", undefined, storePolicy())).toEqual(Option.none())
        expect(yield* store.record("k", 1, "Success", undefined, storePolicy())).toEqual(Option.none())
        expect(yield* store.snapshot("k", 1)).toMatchObject({ state: "Open", openings: 1, openUntil: 5_000 })
      }))

    it.scoped("keys are independent", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* trip(store, "acme:/charges", 0)
        expect((yield* store.snapshot("acme:/charges", 0)).state).toBe("Open")
        expect((yield* store.snapshot("acme:/refunds", 0)).state).toBe("Closed")
        expect(yield* store.acquire("acme:/refunds", 0, storePolicy())).toEqual({ _tag: "Allow" })
      }))

    it.scoped("1,000 concurrent acquires in half-open hand out exactly one probe", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        yield* trip(store, "k", 0)
        const decisions = yield* Effect.all(
          Array.from({ length: 1_000 }, () => store.acquire("k", 5_000, storePolicy())),
          { concurrency: "unbounded" }
        )
        expect(decisions.filter((d) => d._tag === "AllowProbe")).toHaveLength(1)
        expect(decisions.filter((d) => d._tag === "Reject" && d.state === "HalfOpen")).toHaveLength(999)
      }))

    it.scoped("a breaker on the store opens, probes after the open duration on the Clock, and closes", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2), store })
        yield* attempt(breaker, serverError)
        yield* attempt(breaker, serverError)
        const error = rejection(yield* attempt(breaker, Effect.succeed("never")))
        expect(error.reason).toBe("CircuitOpen")
        expect(error.description).toBe("circuit breaker is open after repeated failures")
        expect(Duration.toMillis(error.retryAfter ?? Duration.zero)).toBe(5_000)
        yield* TestClock.adjust("5 seconds")
        expect(yield* attempt(breaker, Effect.succeed("probe"))).toEqual(Exit.succeed("probe"))
        expect((yield* breaker.state()).state).toBe("Closed")
      }))

    it.scoped("two breakers on one store share a key's state", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const first = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
        const second = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
        yield* attempt(first, serverError)
        expect(rejection(yield* attempt(second, Effect.void)).reason).toBe("CircuitOpen")
      }))

    it.scoped("a probe that hangs holds the slot; interrupting it frees the slot for the next caller", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
        yield* attempt(breaker, serverError)
        yield* TestClock.adjust("5 seconds")
        const started = yield* Deferred.make<void>()
        const hung = yield* Effect.fork(breaker.run()(Effect.zipRight(Deferred.succeed(started, undefined), Effect.never)))
        yield* Deferred.await(started)
        expect(rejection(yield* attempt(breaker, Effect.void)).reason).toBe("CircuitOpen")
        yield* Fiber.interrupt(hung)
        expect(yield* attempt(breaker, Effect.succeed("next probe"))).toEqual(Exit.succeed("next probe"))
      }))

    it.scoped("the transitions stream emits every change in order", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1), store })
        const collected = yield* Effect.fork(Stream.runCollect(Stream.take(breaker.transitions, 5)))
        yield* Effect.repeatN(Effect.yieldNow(), 5)
        yield* attempt(breaker, serverError)
        yield* TestClock.adjust("5 seconds")
        yield* attempt(breaker, serverError)
        yield* TestClock.adjust("10 seconds")
        yield* attempt(breaker, Effect.void)
        const transitions = Chunk.toReadonlyArray(yield* Fiber.join(collected))
        expect(transitions.map(({ from, to, at }) => `${from}->${to}@${at}`)).toEqual([
          "Closed->Open@0",
          "Open->HalfOpen@5000",
          "HalfOpen->Open@5000",
          "Open->HalfOpen@15000",
          "HalfOpen->Closed@15000"
        ])
        expect(transitions.every(({ key }) => key === "acme")).toBe(true)
      }))
  })
