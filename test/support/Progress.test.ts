import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Progress from "./Progress.js"

describe("Progress", () => {
  it.effect("lets slow work run as long as it keeps moving", () =>
    Effect.gen(function*() {
      let done = 0
      // Ten steps of 5 s each: far longer in all than the 6 s stall window, never 6 s without a step.
      const slow = Effect.forEach(Array.from({ length: 10 }, (_, i) => i), () =>
        Effect.sleep("5 seconds").pipe(Effect.andThen(() => done++)), { discard: true }).pipe(Effect.as("finished"))
      const fiber = yield* Effect.fork(Progress.whileProgressing(slow, { progress: () => done, stall: "6 seconds", what: "steps" }))
      yield* TestClock.adjust("60 seconds")
      expect(yield* Fiber.join(fiber)).toBe("finished")
    }))

  it.effect("fails naming what stalled once nothing moved for the stall window", () =>
    Effect.gen(function*() {
      let done = 0
      const stuck = Effect.sleep("3 seconds").pipe(Effect.andThen(() => done++), Effect.andThen(Effect.never))
      const fiber = yield* Effect.fork(Progress.until(Effect.succeed(false), { progress: () => done, stall: "6 seconds", what: "deliveries" }))
      const work = yield* Effect.fork(stuck)
      // It moved at 3 s: still waiting at 8 s, given up by 10 s.
      yield* TestClock.adjust("8 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("2 seconds")
      const exit = yield* Fiber.await(fiber)
      yield* Fiber.interrupt(work)
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("no progress in deliveries for 6s (at 1)")
    }))
})
