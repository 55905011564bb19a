/**
 * Single-flight for identical concurrent reads: callers that ask for the same key while a call is in flight share its
 * result instead of sending their own. Nothing is kept once the call ends, so the next caller runs it again.
 *
 * @since 0.1.0
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as HashMap from "effect/HashMap"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as SynchronizedRef from "effect/SynchronizedRef"

/**
 * Metric and attribute names this module emits.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const TelemetryNames = {
  joinedMetric: "integration.dedup.joined",
  joinedAttribute: "integration.dedup.joined",
  vendorTag: "integration.vendor"
} as const

/**
 * Callers served by another caller's in-flight execution, tagged with `integration.vendor` when the deduper has one.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const joined = Metric.counter(TelemetryNames.joinedMetric, {
  description: "Calls that joined an identical in-flight call instead of running their own",
  incremental: true
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Tags the metric; keys are never used as tags because they are usually per request. */
  readonly vendor?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Dedup {
  /**
   * Runs `effect`, or joins the execution already in flight for `key`. A key must always name the same effect (same
   * request, same success and error types): the joiner gets the first caller's result.
   *
   * The shared execution runs on its own fiber: a waiter that is interrupted leaves without disturbing the others, and
   * when the last waiter leaves the execution is interrupted.
   */
  readonly run: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Executions currently in flight. */
  readonly inFlight: Effect.Effect<number>
}

interface Entry {
  readonly deferred: Deferred.Deferred<unknown, unknown>
  readonly fiber: Fiber.RuntimeFiber<unknown, unknown>
  readonly waiters: number
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Dedup> =>
  Effect.gen(function*() {
    const entries = yield* SynchronizedRef.make(HashMap.empty<string, Entry>())
    const joinedMetric = options.vendor === undefined
      ? joined
      : Metric.tagged(joined, TelemetryNames.vendorTag, options.vendor)

    const removeIfCurrent = (key: string, deferred: Deferred.Deferred<unknown, unknown>) =>
      SynchronizedRef.update(entries, (map) =>
        Option.match(HashMap.get(map, key), {
          onNone: () => map,
          onSome: (entry) => (entry.deferred === deferred ? HashMap.remove(map, key) : map)
        }))

    // Joins the entry in flight or starts one, atomically, so two callers can never both start an execution.
    const acquire = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) =>
      SynchronizedRef.modifyEffect(
        entries,
        (map): Effect.Effect<readonly [readonly [Entry, boolean], HashMap.HashMap<string, Entry>], never, R> =>
          Option.match(HashMap.get(map, key), {
            onSome: (entry) => {
              const next = { ...entry, waiters: entry.waiters + 1 }
              return Effect.succeed([[next, true], HashMap.set(map, key, next)] as const)
            },
            onNone: () =>
              Effect.gen(function*() {
                const deferred = yield* Deferred.make<unknown, unknown>()
                // Removed from the map before the result is published, so a caller arriving afterwards starts afresh.
                const execution = Effect.interruptible(effect).pipe(
                  Effect.onExit((exit) => Effect.zipRight(removeIfCurrent(key, deferred), Deferred.done(deferred, exit)))
                )
                const fiber = yield* Effect.forkDaemon(execution)
                const entry: Entry = { deferred, fiber, waiters: 1 }
                return [[entry, false], HashMap.set(map, key, entry)] as const
              })
          })
      )

    const leave = (key: string, deferred: Deferred.Deferred<unknown, unknown>) =>
      Effect.flatMap(
        SynchronizedRef.modify(entries, (map) =>
          Option.match(HashMap.get(map, key), {
            onNone: () => [Option.none(), map] as const,
            onSome: (entry) => {
              if (entry.deferred !== deferred) return [Option.none(), map] as const
              if (entry.waiters <= 1) return [Option.some(entry.fiber), HashMap.remove(map, key)] as const
              return [Option.none(), HashMap.set(map, key, { ...entry, waiters: entry.waiters - 1 })] as const
            }
          })),
        Option.match({ onNone: () => Effect.void, onSome: Fiber.interrupt })
      )

    const run = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(acquire(key, effect), ([entry, isJoiner]) => {
          // Entries are only ever created by `acquire` for this key's effect, whose types the caller vouches for.
          const deferred = entry.deferred as Deferred.Deferred<A, E>
          const wait = restore(Deferred.await(deferred)).pipe(Effect.onInterrupt(() => leave(key, entry.deferred)))
          return isJoiner
            ? Effect.zipRight(
              Effect.zipRight(
                Metric.increment(joinedMetric),
                Effect.annotateCurrentSpan(TelemetryNames.joinedAttribute, true)
              ),
              wait
            )
            : wait
        })
      )

    const inFlight = Effect.map(SynchronizedRef.get(entries), HashMap.size)

    return { run, inFlight }
  })
