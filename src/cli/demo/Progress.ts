/**
 * Live progress on stderr (stdout stays clean for `--json`): a line every few leads with how many converted, failed,
 * and which vendors' breakers are open right now.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as CircuitBreaker from "../../core/CircuitBreaker.js"
import type { Outcome } from "./Report.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Progress {
  readonly record: (outcome: Outcome) => Effect.Effect<void>
}

/**
 * A progress reporter for `total` leads, printing every `every` of them and at the end.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: {
  readonly total: number
  readonly every: number
  readonly startedAt: number
  readonly openBreakers: Effect.Effect<ReadonlyArray<string>>
}): Progress => {
  let done = 0
  let converted = 0
  let failed = 0
  return {
    record: (outcome) =>
      Effect.gen(function*() {
        done++
        if (outcome._tag === "Converted") converted++
        else failed++
        if (done % options.every !== 0 && done !== options.total) return
        const elapsed = ((yield* Clock.currentTimeMillis) - options.startedAt) / 1000
        const open = yield* options.openBreakers
        yield* Console.error(
          `[demo] ${String(done).padStart(String(options.total).length)}/${options.total} leads  ` +
            `${converted} converted  ${failed} failed  ${elapsed.toFixed(1)} s` +
            (open.length > 0 ? `  breaker open: ${open.join(", ")}` : "")
        )
      })
  }
}

/**
 * The keys whose breaker is open, from the transitions seen so far.
 *
 * @since 0.1.0
 * @category Breakers
 */
export const openFrom = (transitions: ReadonlyArray<CircuitBreaker.Transition>): ReadonlyArray<string> => {
  const last = new Map<string, CircuitBreaker.State>()
  for (const t of transitions) last.set(t.key, t.to)
  return [...last].filter(([, state]) => state === "Open").map(([key]) => key)
}
