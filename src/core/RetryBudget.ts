/**
 * A retry budget per key (usually a vendor), after Finagle's and Envoy's retry budgets and gRPC retry throttling: first
 * attempts earn a fraction of a retry, each retry spends a whole one, and a small time-based floor keeps rare retries
 * possible. During an outage retries stay a bounded share of traffic instead of multiplying it.
 *
 * @since 0.1.0
 */
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Metric from "effect/Metric"
import * as Schedule from "effect/Schedule"
import * as Validation from "./internal/policyValidation.js"
import { spanEvent } from "./Telemetry.js"

/**
 * Metric, attribute and event names this module emits.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const TelemetryNames = {
  deniedMetric: "integration.retry_budget.denied",
  deniedEvent: "integration.retry_budget.denied",
  vendorTag: "integration.vendor"
} as const

/**
 * Retries refused because the budget was empty, tagged with `integration.vendor` (the budget key).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const retriesDenied = Metric.counter(TelemetryNames.deniedMetric, {
  description: "Retries refused by the retry budget, by vendor",
  incremental: true
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Retry tokens earned by each first attempt: 0.2 lets retries add at most 20% to the traffic. Default 0.2. */
  readonly ratio?: number | undefined
  /**
   * Retries allowed per second whatever the ratio, so a key with little traffic can still retry. The floor holds at
   * most one second's worth. Default 10.
   */
  readonly minRetriesPerSecond?: number | undefined
  /** The most earned tokens a key can hold, which bounds the burst of retries right after a healthy period. Default 100. */
  readonly maxBalance?: number | undefined
}

/**
 * What a key holds right now.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Balance {
  /** Tokens earned from first attempts. */
  readonly earned: number
  /** Tokens left in the time-based floor. */
  readonly floor: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface RetryBudget {
  readonly ratio: number
  readonly minRetriesPerSecond: number
  readonly maxBalance: number
  /** Records a first attempt for `key`, earning `ratio` tokens. Call once per logical call, not per retry. */
  readonly recordAttempt: (key: string) => Effect.Effect<void>
  /**
   * Spends one token for a retry of `key` if one is available, earned tokens first, then the floor. `false` means the
   * caller must not retry and should return the error it already has.
   */
  readonly tryAcquireRetry: (key: string) => Effect.Effect<boolean>
  /** The current balance of `key` (the floor refilled up to now). */
  readonly balance: (key: string) => Effect.Effect<Balance>
  /** `recordAttempt` as a plain function at a given time, for the kernel's fast path. */
  readonly recordAttemptAt?: ((key: string, nowMillis: number) => void) | undefined
}

interface KeyState {
  readonly earned: number
  readonly floor: number
  readonly floorUpdatedAt: number
}

/**
 * Builds an empty budget. Every key starts with no earned tokens and a full floor. Fails with a `ConfigError` naming
 * any setting that is not a finite number ≥ 0.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { IntegrationError, Retry, RetryBudget } from "effect-integrations"
 *
 * declare const request: Effect.Effect<string, IntegrationError.IntegrationError>
 *
 * const program = Effect.gen(function*() {
 *   const budget = yield* RetryBudget.make({ ratio: 0.2 })
 *   // With Retry: record the first attempt, and let the budget veto each retry the policy would make.
 *   return yield* Effect.zipRight(
 *     budget.recordAttempt("Acme"),
 *     request.pipe(
 *       Retry.retry(Retry.policy({ maxRetries: 3 }), { idempotent: true, allowRetry: () => budget.tryAcquireRetry("Acme") })
 *     )
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<RetryBudget, ConfigError.ConfigError> =>
  Effect.zipRight(Validation.check("RetryBudget", Validation.retryBudget(options, "")), build(options))

const build = (options: Options): Effect.Effect<RetryBudget> =>
  Effect.sync((): RetryBudget => {
    const ratio = options.ratio ?? 0.2
    const minRetriesPerSecond = options.minRetriesPerSecond ?? 10
    const maxBalance = options.maxBalance ?? 100
    // Every read-modify-write below is one synchronous step, so a plain map needs no Ref (it runs once per call).
    const states = new Map<string, KeyState>()

    // The floor is a token bucket refilled lazily from the clock, so an idle key costs nothing.
    const refill = (state: KeyState | undefined, now: number): KeyState => {
      if (state === undefined) return { earned: 0, floor: minRetriesPerSecond, floorUpdatedAt: now }
      const elapsedSeconds = Math.max(0, now - state.floorUpdatedAt) / 1000
      return {
        earned: state.earned,
        floor: Math.min(minRetriesPerSecond, state.floor + elapsedSeconds * minRetriesPerSecond),
        floorUpdatedAt: now
      }
    }

    const updateAt = <B>(key: string, now: number, f: (state: KeyState) => readonly [B, KeyState]): B => {
      const [result, next] = f(refill(states.get(key), now))
      states.set(key, next)
      return result
    }

    const update = <B>(key: string, f: (state: KeyState) => readonly [B, KeyState]): Effect.Effect<B> =>
      Effect.clockWith((clock) => Effect.sync(() => updateAt(key, clock.unsafeCurrentTimeMillis(), f)))

    const earn = (state: KeyState): readonly [void, KeyState] => [
      undefined,
      { ...state, earned: Math.min(maxBalance, state.earned + ratio) }
    ]
    const recordAttempt = (key: string) => update(key, earn)
    const recordAttemptAt = (key: string, now: number) => updateAt(key, now, earn)

    const deny = (key: string) =>
      Effect.zipRight(
        Metric.increment(Metric.tagged(retriesDenied, TelemetryNames.vendorTag, key)),
        spanEvent(TelemetryNames.deniedEvent, { [TelemetryNames.vendorTag]: key })
      )

    const tryAcquireRetry = (key: string) =>
      Effect.tap(
        update(key, (state): readonly [boolean, KeyState] => {
          if (state.earned >= 1) return [true, { ...state, earned: state.earned - 1 }]
          if (state.floor >= 1) return [true, { ...state, floor: state.floor - 1 }]
          return [false, state]
        }),
        (granted) => (granted ? Effect.void : deny(key))
      )

    const balance = (key: string) =>
      update(key, (state): readonly [Balance, KeyState] => [{ earned: state.earned, floor: state.floor }, state])

    return { ratio, minRetriesPerSecond, maxBalance, recordAttempt, tryAcquireRetry, balance, recordAttemptAt }
  })

/**
 * Stops `schedule` when the budget refuses a retry of `key`. The budget is consulted only when `schedule` itself
 * would continue, so failures the schedule already gives up on spend nothing.
 *
 * @since 0.1.0
 * @category Schedules
 */
export const guard: {
  (budget: RetryBudget, key: string): <Out, In, R>(schedule: Schedule.Schedule<Out, In, R>) => Schedule.Schedule<Out, In, R>
  <Out, In, R>(schedule: Schedule.Schedule<Out, In, R>, budget: RetryBudget, key: string): Schedule.Schedule<Out, In, R>
} = dual(
  3,
  <Out, In, R>(schedule: Schedule.Schedule<Out, In, R>, budget: RetryBudget, key: string): Schedule.Schedule<Out, In, R> =>
    Schedule.whileInputEffect(schedule, () => budget.tryAcquireRetry(key))
)

/**
 * Retries `self` with `schedule` under the budget of `key`: records the first attempt, and each retry must be granted
 * by the budget. When the budget refuses, the last failure is returned unchanged: the budget never adds an error.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const retry: {
  <Out, E, R2>(
    options: { readonly budget: RetryBudget; readonly key: string; readonly schedule: Schedule.Schedule<Out, E, R2> }
  ): <A, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R | R2>
  <A, E, R, Out, R2>(
    self: Effect.Effect<A, E, R>,
    options: { readonly budget: RetryBudget; readonly key: string; readonly schedule: Schedule.Schedule<Out, E, R2> }
  ): Effect.Effect<A, E, R | R2>
} = dual(
  2,
  <A, E, R, Out, R2>(
    self: Effect.Effect<A, E, R>,
    options: { readonly budget: RetryBudget; readonly key: string; readonly schedule: Schedule.Schedule<Out, E, R2> }
  ): Effect.Effect<A, E, R | R2> =>
    Effect.zipRight(
      options.budget.recordAttempt(options.key),
      Effect.retry(self, guard(options.schedule, options.budget, options.key))
    )
)
