/**
 * Waiting on progress instead of a wall-clock budget, for long tests on real processes, sockets and databases: they
 * run as long as their work keeps moving (a slow, loaded machine gets the time it needs) and fail, saying what was
 * last seen, only when it stops moving for a stall window. Live clock: use under `it.live`, with a vitest timeout far
 * above any run that makes progress (it only guards against a hang of the watchdog itself).
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** How a test measures its progress: a count that grows while work gets done (messages delivered, calls finished). */
export interface Watch {
  readonly progress: () => number
  /** Longest time without progress that is still a slow machine rather than a stuck run. */
  readonly stall: Duration.DurationInput
  /** Names what stalled in the failure, e.g. `"deliveries"`. */
  readonly what: string
}

/** Fails with a defect once `watch.progress()` has not grown for `watch.stall`; never succeeds. */
const watchdog = (watch: Watch) =>
  Effect.gen(function*() {
    const stallMillis = Duration.toMillis(watch.stall)
    const tick = Duration.millis(Math.min(1_000, Math.max(50, stallMillis / 20)))
    let seen = watch.progress()
    let movedAt = yield* Clock.currentTimeMillis
    while (true) {
      yield* Effect.sleep(tick)
      const now = yield* Clock.currentTimeMillis
      const current = watch.progress()
      if (current > seen) {
        seen = current
        movedAt = now
      } else if (now - movedAt > stallMillis) {
        return yield* Effect.dieMessage(`no progress in ${watch.what} for ${Duration.format(watch.stall)} (at ${current})`)
      }
    }
  })

/** Runs `self` while it makes progress; dies naming the stall when it stops making any for `watch.stall`. */
export const whileProgressing = <A, E, R>(self: Effect.Effect<A, E, R>, watch: Watch): Effect.Effect<A, E, R> =>
  Effect.raceFirst(self, watchdog(watch))

/**
 * Polls `condition` until it holds; dies when it does not hold yet and `watch.progress()` has not grown for
 * `watch.stall`.
 */
export const until = <E, R>(condition: Effect.Effect<boolean, E, R>, watch: Watch): Effect.Effect<void, E, R> =>
  whileProgressing(
    Effect.gen(function*() {
      while (!(yield* condition)) yield* Effect.sleep("100 millis")
    }),
    watch
  )
