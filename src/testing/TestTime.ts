/**
 * Virtual time across real I/O. A test that runs its client against a real server (the `VendorSimulator`) under
 * `TestClock` cannot just call `TestClock.adjust`: an adjust made before the response has arrived wakes nothing, and the
 * retry it meant to skip then waits forever. `drive` runs the program and moves the clock only when the program is
 * waiting on it, letting real sockets make progress in between.
 *
 * @since 0.2.0
 */
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"

/**
 * @since 0.2.0
 * @category Models
 */
export interface DriveOptions {
  /**
   * How far ahead a pending sleep may be for `drive` to jump to it (default 20 seconds). Keep it below the per-attempt
   * timeouts of the clients under test (the kernel's default is 30 seconds): a timeout armed while a response is on
   * the wire is a pending sleep too, and jumping to it would time the request out.
   */
  readonly horizon?: Duration.DurationInput | undefined
  /**
   * Turns of the real event loop (about a millisecond each) to wait in a row while the program neither finishes nor
   * sleeps within the horizon, before giving up with a defect (default 30,000).
   */
  readonly maxTurns?: number | undefined
}

// One turn of the real event loop: socket I/O progresses while virtual time stands still.
const turn = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

/**
 * Runs `self` under `TestClock` (use it in `it.effect`), moving the clock to the next pending sleep due within the
 * horizon whenever the program is waiting on one (backoff, `Retry-After`, the simulator's injected latency), and
 * otherwise letting real I/O proceed. A sleep must have been pending for two turns in a row before the clock moves,
 * so a response already arriving is read first. Returns what `self` returns; a program that neither finishes nor waits
 * on the clock for `maxTurns` turns is interrupted and `drive` dies saying so.
 *
 * @example
 * ```ts
 * import { it, expect } from "@effect/vitest"
 * import { Effect } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 * import { TestTime } from "effect-integrations/testing"
 *
 * // A client pointed at the simulator, whose fault plan answers the first create with 503 and `Retry-After: 2`.
 * declare const stripe: StripeClient.Service
 *
 * it.effect("retries the 503 after its Retry-After", () =>
 *   Effect.gen(function*() {
 *     const customer = yield* TestTime.drive(stripe.customers.create({ email: "a@example.com" }))
 *     expect(customer.email).toBe("a@example.com")
 *   }))
 * ```
 *
 * @since 0.2.0
 * @category Combinators
 */
export const drive = <A, E, R>(self: Effect.Effect<A, E, R>, options: DriveOptions = {}): Effect.Effect<A, E, R> =>
  Effect.gen(function*() {
    const horizon = Duration.toMillis(options.horizon ?? "20 seconds")
    const maxTurns = options.maxTurns ?? 30_000
    const fiber = yield* Effect.fork(self)
    let previous = ""
    let idle = 0
    while (idle < maxTurns) {
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) return yield* exit.value
      const now = yield* Clock.currentTimeMillis
      const due = Chunk.toReadonlyArray(yield* TestClock.sleeps()).filter((at) => at > now && at <= now + horizon)
      const pending = `${now}:${due.join(",")}`
      if (due.length > 0 && pending === previous) {
        yield* TestClock.setTime(Math.min(...due))
        previous = ""
        idle = 0
      } else {
        previous = pending
        idle++
        yield* turn
      }
    }
    yield* Fiber.interrupt(fiber)
    return yield* Effect.dieMessage(
      `TestTime.drive: the program neither finished nor slept within ${Duration.format(Duration.millis(horizon))} for ${maxTurns} turns of the event loop`
    )
  })
