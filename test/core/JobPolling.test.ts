import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as JobPolling from "../../src/core/JobPolling.js"

type Status = { readonly state: "running" | "done" | "error"; readonly retryAfterSeconds?: number }

/** A job whose status reads come from `script`, each read recorded with its virtual time. */
const job = (script: ReadonlyArray<Status>) =>
  Effect.gen(function*() {
    const reads = yield* Ref.make<ReadonlyArray<number>>([])
    const poll = Effect.flatMap(Effect.clockWith((clock) => clock.currentTimeMillis), (now) =>
      Ref.modify(reads, (all) => [script[Math.min(all.length, script.length - 1)]!, [...all, now]]))
    const wait = (options: { readonly timeout: Duration.DurationInput }) =>
      JobPolling.untilDone({
        vendor: "Acme",
        operation: "jobs.wait",
        poll,
        decide: (status) =>
          status.state === "done"
            ? JobPolling.done("result")
            : status.state === "error"
            ? JobPolling.failed("the job reported an error")
            : JobPolling.pending(status.retryAfterSeconds === undefined ? undefined : Duration.seconds(status.retryAfterSeconds)),
        interval: "1 second",
        factor: 2,
        maxInterval: "4 seconds",
        timeout: options.timeout
      })
    return { wait, reads: Ref.get(reads) }
  })

describe("JobPolling.untilDone", () => {
  it.effect("reads with a capped backoff until the job is done", () =>
    Effect.gen(function*() {
      const { reads, wait } = yield* job([{ state: "running" }, { state: "running" }, { state: "running" }, { state: "running" }, { state: "done" }])
      const fiber = yield* Effect.fork(wait({ timeout: "1 minute" }))
      yield* TestClock.adjust(Duration.seconds(30))
      expect(yield* Fiber.join(fiber)).toBe("result")
      // 1 s, 2 s, then capped at 4 s.
      expect(yield* reads).toEqual([0, 1_000, 3_000, 7_000, 11_000])
    }))

  it.effect("waits what the job asks instead of its own backoff", () =>
    Effect.gen(function*() {
      const { reads, wait } = yield* job([{ state: "running", retryAfterSeconds: 10 }, { state: "done" }])
      const fiber = yield* Effect.fork(wait({ timeout: "1 minute" }))
      yield* TestClock.adjust(Duration.seconds(30))
      expect(yield* Fiber.join(fiber)).toBe("result")
      expect(yield* reads).toEqual([0, 10_000])
    }))

  it.effect("a job that failed is a Server error that is not retried", () =>
    Effect.gen(function*() {
      const { wait } = yield* job([{ state: "running" }, { state: "error" }])
      const fiber = yield* Effect.fork(Effect.flip(wait({ timeout: "1 minute" })))
      yield* TestClock.adjust(Duration.seconds(30))
      const error = yield* Fiber.join(fiber)
      expect([error.reason, error.retryable, error.description]).toEqual(["Server", false, "the job reported an error"])
    }))

  it.effect("gives up with a retryable Timeout once the time allowed has passed, and reads no more", () =>
    Effect.gen(function*() {
      const { reads, wait } = yield* job([{ state: "running" }])
      const fiber = yield* Effect.fork(Effect.flip(wait({ timeout: "10 seconds" })))
      yield* TestClock.adjust(Duration.seconds(60))
      const error = yield* Fiber.join(fiber)
      expect([error.reason, error.retryable]).toEqual(["Timeout", true])
      expect(yield* reads).toEqual([0, 1_000, 3_000, 7_000])
    }))

  it.effect("stops polling when interrupted", () =>
    Effect.gen(function*() {
      const { reads, wait } = yield* job([{ state: "running" }])
      const fiber = yield* Effect.fork(wait({ timeout: "1 minute" }))
      yield* TestClock.adjust(Duration.seconds(2))
      const exit = yield* Fiber.interrupt(fiber)
      yield* TestClock.adjust(Duration.seconds(30))
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(yield* reads).toEqual([0, 1_000])
    }))
})
