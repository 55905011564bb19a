/**
 * Hedged requests for idempotent reads: when the first attempt is slow, start another and take whichever succeeds
 * first; the losers are interrupted, which aborts their sockets when they are `@effect/platform` HTTP requests. The
 * delay is fixed, or a latency percentile observed per key.
 *
 * Never hedge a call with side effects: every attempt may reach the server.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as internal from "./internal/hedge.js"
import { isIntegrationError } from "./IntegrationError.js"

/**
 * Metric and attribute names this module emits: `integration.hedged` (boolean span attribute), `integration.hedge.count`
 * and `integration.hedge.winner` (attempt index, 0 is the first attempt) on the caller's span; counters of hedges sent
 * and hedges that won.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const TelemetryNames = internal.TelemetryNames

/**
 * Hedged attempts started in addition to the first, tagged with `integration.vendor` when given.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const hedgesSent = internal.hedgesSent

/**
 * Calls won by a hedge rather than the first attempt, tagged with `integration.vendor` when given.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const hedgeWins = internal.hedgeWins

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options<E> {
  /** How long to wait for a result before starting the next attempt. */
  readonly delay: Duration.DurationInput
  /** Attempts started in addition to the first. Default 1. */
  readonly maxHedges?: number | undefined
  /**
   * Failures that end the race at once because another attempt would fail the same way. Default: an
   * `IntegrationError` that is not retryable. Any other failure starts the next attempt immediately, if one is left.
   */
  readonly fatal?: ((error: E) => boolean) | undefined
  /** Tags the metrics. */
  readonly vendor?: string | undefined
}

/**
 * The default `fatal`: a non-retryable `IntegrationError` (a 404 or 401 would come back from every attempt).
 *
 * @since 0.1.0
 * @category Predicates
 */
export const isFatal = (error: unknown): boolean => isIntegrationError(error) && !error.retryable

/**
 * Runs `self`, and if it has not succeeded after `delay`, starts it again, up to `maxHedges` more times. The first
 * success wins and the other attempts are interrupted. A failure starts the next attempt at once; a fatal failure,
 * a defect or an interruption ends the race with it. When every attempt fails, the call fails with the error of the
 * attempt that failed last.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Hedge, IntegrationError } from "effect-integrations"
 *
 * declare const retrieveCustomer: (id: string) => Effect.Effect<{ readonly id: string }, IntegrationError.IntegrationError>
 *
 * // A read that is usually answered in 80 ms: a second request after 200 ms cuts the tail. Only for idempotent calls.
 * const customer = retrieveCustomer("cus_1").pipe(Hedge.hedge({ delay: "200 millis", vendor: "Acme" }))
 * ```
 *
 * @since 0.1.0
 * @category Combinators
 */
export const hedge: {
  <E>(options: Options<E>): <A, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, options: Options<E>): Effect.Effect<A, E, R>
} = dual(
  2,
  <A, E, R>(self: Effect.Effect<A, E, R>, options: Options<E>): Effect.Effect<A, E, R> =>
    internal.race(self, {
      delay: Duration.decode(options.delay),
      maxHedges: Math.floor(options.maxHedges ?? 1),
      fatal: options.fatal ?? isFatal,
      vendor: options.vendor
    })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface AdaptiveOptions {
  /** The delay used until a key has `minSamples` latencies. */
  readonly delay: Duration.DurationInput
  /** The latency quantile that triggers a hedge, in (0, 1]. Default 0.95: about one call in twenty is hedged. */
  readonly percentile?: number | undefined
  /** Latencies kept per key (the most recent ones). Default 100. */
  readonly window?: number | undefined
  /** Latencies needed before the percentile replaces `delay`. Default 20. */
  readonly minSamples?: number | undefined
  /** Lower bound of the computed delay, so a very fast key is not hedged on noise. Default 0. */
  readonly minDelay?: Duration.DurationInput | undefined
  /** Upper bound of the computed delay. Default: none. */
  readonly maxDelay?: Duration.DurationInput | undefined
  readonly maxHedges?: number | undefined
  readonly fatal?: ((error: unknown) => boolean) | undefined
  readonly vendor?: string | undefined
}

/**
 * A hedger that learns each key's latency: it records how long winning attempts took and hedges after the chosen
 * percentile of the recent ones.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Hedger {
  /** Hedges `effect` with the current delay of `key` (for example `"<vendor>.<operation>"`). */
  readonly run: <A, E, R>(key: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** The delay `run` would use for `key` now. */
  readonly delayFor: (key: string) => Effect.Effect<Duration.Duration>
  /** Adds an observed latency for `key`; `run` does this for every winning attempt. */
  readonly record: (key: string, latency: Duration.DurationInput) => Effect.Effect<void>
}

/**
 * The nearest-rank percentile of `samples` (unsorted), or `undefined` for no samples.
 *
 * @since 0.1.0
 * @category Utils
 */
export const percentileOf = (samples: ReadonlyArray<number>, percentile: number): number | undefined => {
  if (samples.length === 0) return undefined
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(percentile * sorted.length)))
  return sorted[rank - 1]
}

/**
 * Builds a hedger with its own per-key latency windows.
 *
 * Latencies come from winning attempts only, since the losers are interrupted before they finish; when hedges win
 * often the window leans fast, which hedges sooner. `minDelay` keeps that in check.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: AdaptiveOptions): Effect.Effect<Hedger> =>
  Effect.gen(function*() {
    const fallback = Duration.decode(options.delay)
    const percentile = Math.min(1, Math.max(Number.EPSILON, options.percentile ?? 0.95))
    const window = Math.max(1, Math.floor(options.window ?? 100))
    const minSamples = Math.max(1, Math.floor(options.minSamples ?? 20))
    const minDelay = options.minDelay === undefined ? Duration.zero : Duration.decode(options.minDelay)
    const maxDelay = options.maxDelay === undefined ? Duration.infinity : Duration.decode(options.maxDelay)
    const samples = yield* Ref.make(HashMap.empty<string, ReadonlyArray<number>>())

    const record = (key: string, latency: Duration.DurationInput) =>
      Ref.update(samples, (map) => {
        const previous = Option.getOrElse(HashMap.get(map, key), (): ReadonlyArray<number> => [])
        return HashMap.set(map, key, [...previous, Duration.toMillis(latency)].slice(-window))
      })

    const delayFor = (key: string) =>
      Effect.map(Ref.get(samples), (map) => {
        const window = Option.getOrElse(HashMap.get(map, key), (): ReadonlyArray<number> => [])
        const observed = window.length >= minSamples ? percentileOf(window, percentile) : undefined
        if (observed === undefined) return fallback
        return Duration.clamp(Duration.millis(observed), { minimum: minDelay, maximum: maxDelay })
      })

    const run = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.flatMap(delayFor(key), (delay) =>
        internal.race(effect, {
          delay,
          maxHedges: Math.floor(options.maxHedges ?? 1),
          fatal: options.fatal ?? isFatal,
          vendor: options.vendor,
          onWin: (latency) => record(key, latency)
        }))

    return { run, delayFor, record }
  })
