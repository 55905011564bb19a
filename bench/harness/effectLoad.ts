/**
 * The closed-loop load of `load.ts` for Effect clients: each loop is a fiber making its next call when the previous
 * one settles.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type { Outcome } from "./load.js"

/**
 * Drives an Effect-returning call, each loop a fiber.
 *
 * @since 0.1.0
 * @category Load
 */
export const effectLoad = <E>(
  call: () => Effect.Effect<unknown, E>,
  calls: number,
  concurrency: number
): Effect.Effect<Outcome> =>
  Effect.suspend(() => {
    let started = 0
    let failures = 0
    let firstFailure: string | undefined
    const one = Effect.suspend(call).pipe(
      Effect.catchAllCause((cause) =>
        Effect.sync(() => {
          failures++
          firstFailure ??= Cause.pretty(cause).split("\n")[0]
        })
      )
    )
    const loop = Effect.whileLoop({
      while: () => started < calls,
      body: () => {
        started++
        return one
      },
      step: () => undefined
    })
    // Read the counters after the loops finish, not when the effect is built.
    return Effect.map(
      Effect.all(Array.from({ length: Math.min(concurrency, calls) }, () => loop), {
        concurrency: "unbounded",
        discard: true
      }),
      (): Outcome => ({ failures, firstFailure })
    )
  })

