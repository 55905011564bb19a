/**
 * Bounded, jittered, server-aware retries. A policy is a value; `retry` turns it into an Effect `Schedule` that retries
 * only failures a later attempt may fix, waits what the server asked (within a clamp), and never repeats a request
 * with side effects unless it carries an idempotency key.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Schedule from "effect/Schedule"
import { IntegrationError, isIntegrationError } from "./IntegrationError.js"
import * as Validation from "./internal/policyValidation.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Policy {
  /** Retries after the first attempt; 2 means at most 3 attempts. */
  readonly maxRetries: number
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
  readonly factor: number
  /** Fraction of each delay that is randomised downwards: 0.5 waits between half and all of the backoff. */
  readonly jitter: number
  /** The longest server-requested wait (`Retry-After`) this client will honour. */
  readonly maxRetryAfter: Duration.Duration
  /** What to do when the server asks for more than `maxRetryAfter`: give up now, or wait `maxRetryAfter`. */
  readonly retryAfterAboveMax: "fail" | "clamp"
  /**
   * Overall time for all attempts and waits, from the first attempt. `retry` schedules no retry past it; `withDeadline`
   * (which vendor calls add outside the retry) fails the effect when it is reached.
   */
  readonly deadline: Duration.Duration | undefined
}

/**
 * 2 retries, exponential from 500 ms, capped at 8 s, half jitter; `Retry-After` honoured up to 60 s.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: Policy = {
  maxRetries: 2,
  baseDelay: Duration.millis(500),
  maxDelay: Duration.seconds(8),
  factor: 2,
  jitter: 0.5,
  maxRetryAfter: Duration.seconds(60),
  retryAfterAboveMax: "fail",
  deadline: undefined
}

/**
 * Policy fields as a caller may write them: any subset, durations in any `DurationInput` form.
 *
 * @since 0.1.0
 * @category Models
 */
export interface PolicyInput {
  readonly maxRetries?: number | undefined
  readonly baseDelay?: Duration.DurationInput | undefined
  readonly maxDelay?: Duration.DurationInput | undefined
  readonly factor?: number | undefined
  readonly jitter?: number | undefined
  readonly maxRetryAfter?: Duration.DurationInput | undefined
  readonly retryAfterAboveMax?: "fail" | "clamp" | undefined
  readonly deadline?: Duration.DurationInput | undefined
}

const decodeOr = (input: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
  input === undefined ? fallback : Duration.decode(input)

/**
 * Applies overrides on top of a policy. A setting out of range (`maxRetries: -1`, `jitter: 2`, `baseDelay: -5`, a
 * duration that does not parse) is a programming error: it throws a `RangeError` naming the setting rather than being
 * clamped into something else.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const policy = (overrides: PolicyInput = {}, base: Policy = defaultPolicy): Policy => {
  Validation.orThrow("Retry.policy", Validation.retryPolicy(overrides))
  return {
    maxRetries: overrides.maxRetries ?? base.maxRetries,
    baseDelay: decodeOr(overrides.baseDelay, base.baseDelay),
    maxDelay: decodeOr(overrides.maxDelay, base.maxDelay),
    factor: overrides.factor ?? base.factor,
    jitter: overrides.jitter ?? base.jitter,
    maxRetryAfter: decodeOr(overrides.maxRetryAfter, base.maxRetryAfter),
    retryAfterAboveMax: overrides.retryAfterAboveMax ?? base.retryAfterAboveMax,
    deadline: overrides.deadline === undefined ? base.deadline : Duration.decode(overrides.deadline)
  }
}

/**
 * The backoff part of a policy: exponential, capped, jittered within `[1 - jitter, 1]` of the capped delay, bounded by
 * `maxRetries`. Outputs the retry number (1-based).
 *
 * @since 0.1.0
 * @category Schedules
 */
export const backoff = (self: Policy): Schedule.Schedule<number> =>
  Schedule.exponential(self.baseDelay, self.factor).pipe(
    Schedule.modifyDelay((delay) => Duration.min(delay, self.maxDelay)),
    Schedule.jitteredWith({ min: 1 - self.jitter, max: 1 }),
    Schedule.intersect(Schedule.recurs(self.maxRetries)),
    Schedule.map(([, count]) => count + 1)
  )

/**
 * What the retry loop knows about a failed attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RetryEvent<E> {
  readonly retry: number
  readonly delay: Duration.Duration
  readonly error: E
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface RetryOptions<E> {
  /**
   * Whether repeating the effect is safe when it may already have had its effect on the server: true for reads and
   * for writes that carry an idempotency key. When false, only failures that prove the server did not act (429, or
   * an explicit `x-should-retry: true`) are retried.
   */
  readonly idempotent: boolean
  /** Decides which failures a retry may fix. Defaults to `IntegrationError.retryable`, others never. */
  readonly isRetryable?: ((error: E) => boolean) | undefined
  /** Extra permission per retry, e.g. a retry budget; consulted only for failures that are otherwise retryable. */
  readonly allowRetry?: ((error: E) => Effect.Effect<boolean>) | undefined
  /** Called once per scheduled retry with the delay that will be waited. */
  readonly onRetry?: ((event: RetryEvent<E>) => Effect.Effect<void>) | undefined
}

const defaultIsRetryable = (error: unknown): boolean => isIntegrationError(error) && error.retryable

/**
 * Whether the failure proves the server did not act, so even a non-idempotent request may be repeated.
 *
 * @since 0.1.0
 * @category Predicates
 */
export const provesNotProcessed = (error: unknown): boolean =>
  isIntegrationError(error) && (error.reason === "RateLimited" || error.serverRetryHint === true)

const serverDelay = (error: unknown): Duration.Duration | undefined =>
  isIntegrationError(error) ? error.retryAfter : undefined

/**
 * The full retry schedule for a policy: backoff, retryable failures only, `Retry-After` honoured within the clamp,
 * no retry that would start after the deadline (measured from `startedAtMillis`).
 *
 * @since 0.1.0
 * @category Schedules
 */
export const schedule = <E>(
  self: Policy,
  options: RetryOptions<E>,
  startedAtMillis: number
): Schedule.Schedule<number, E> => {
  const isRetryable = options.isRetryable ?? defaultIsRetryable
  const deadlineMillis = self.deadline === undefined ? Infinity : startedAtMillis + Duration.toMillis(self.deadline)
  const delayFor = (error: E, backoffDelay: Duration.Duration): Duration.Duration => {
    const hinted = serverDelay(error)
    if (hinted === undefined) return backoffDelay
    return Duration.min(hinted, self.maxRetryAfter)
  }
  const permitted = (error: E): Effect.Effect<boolean> => {
    if (!isRetryable(error)) return Effect.succeed(false)
    if (!options.idempotent && !provesNotProcessed(error)) return Effect.succeed(false)
    const hinted = serverDelay(error)
    if (hinted !== undefined && self.retryAfterAboveMax === "fail" && Duration.greaterThan(hinted, self.maxRetryAfter)) {
      return Effect.succeed(false)
    }
    return Effect.succeed(true)
  }
  return backoff(self).pipe(
    Schedule.intersect(Schedule.identity<E>()),
    Schedule.whileInputEffect(permitted),
    Schedule.whileInputEffect((error) =>
      Effect.map(Clock.currentTimeMillis, (now) =>
        now + Duration.toMillis(serverDelay(error) ?? Duration.zero) < deadlineMillis
      )
    ),
    // Last, so that a budget token is spent only on a retry that will really happen.
    Schedule.whileInputEffect((error) => options.allowRetry === undefined ? Effect.succeed(true) : options.allowRetry(error)),
    Schedule.modifyDelayEffect(([retry, error], backoffDelay) => {
      const delay = delayFor(error, backoffDelay)
      return Effect.as(options.onRetry?.({ retry, delay, error }) ?? Effect.void, delay)
    }),
    Schedule.map(([retry]) => retry)
  )
}

/**
 * Retries `self` according to the policy. The policy's `deadline` only limits retrying: no retry is scheduled once the
 * deadline (counted from the first attempt) has passed, or when the wait the server asked for would pass it. It does
 * not bound the effect itself: an attempt still running at the deadline, or started after a backoff wait that crossed
 * it, runs to its end. To bound the whole effect, wrap it in `withDeadline` too, as vendor calls do (retry inside,
 * deadline outside).
 *
 * @since 0.1.0
 * @category Combinators
 */
export const retry: {
  <E>(
    self: Policy,
    options: RetryOptions<E>
  ): <A, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(effect: Effect.Effect<A, E, R>, self: Policy, options: RetryOptions<E>): Effect.Effect<A, E, R>
} = dual(
  3,
  <A, E, R>(effect: Effect.Effect<A, E, R>, self: Policy, options: RetryOptions<E>): Effect.Effect<A, E, R> => {
    // Most calls succeed at once: the schedule and its driver are built only after a first failure.
    return self.deadline === undefined
      ? Effect.catchAll(effect, (first) => retryAfter(effect, first, self, options, 0))
      : Effect.flatMap(
        Clock.currentTimeMillis,
        (startedAt) => Effect.catchAll(effect, (first) => retryAfter(effect, first, self, options, startedAt))
      )
  }
)

/**
 * Continues `retry` after `effect` has run once and failed with `first`: the schedule sees `first` as the first
 * failure, exactly as if it had run the first attempt itself. For callers that run the first attempt their own way.
 * `startedAtMillis` is when the first attempt started (the deadline counts from it).
 *
 * @since 0.2.0
 * @category Combinators
 */
export const retryAfter = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  first: E,
  self: Policy,
  options: RetryOptions<E>,
  startedAtMillis: number
): Effect.Effect<A, E, R> => {
  let replay = true
  const again = Effect.suspend(() => {
    if (!replay) return effect
    replay = false
    return Effect.fail(first)
  })
  return Effect.retry(again, schedule(self, options, startedAtMillis))
}

/**
 * Bounds an effect by an overall deadline, failing with a `Timeout` integration error naming it.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withDeadline: {
  (
    deadline: Duration.DurationInput | undefined,
    context: { readonly vendor: string; readonly operation: string }
  ): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    deadline: Duration.DurationInput | undefined,
    context: { readonly vendor: string; readonly operation: string }
  ): Effect.Effect<A, E | IntegrationError, R>
} = dual(
  3,
  <A, E, R>(
    effect: Effect.Effect<A, E, R>,
    deadline: Duration.DurationInput | undefined,
    context: { readonly vendor: string; readonly operation: string }
  ): Effect.Effect<A, E | IntegrationError, R> => {
    if (deadline === undefined) return effect
    const problems = Validation.retryPolicy({ deadline }, "")
    if (problems.length > 0) {
      // A deadline that is no duration (or not positive) fails this call as a bad request naming it, not a crash.
      return Effect.fail(
        new IntegrationError({
          vendor: context.vendor,
          operation: context.operation,
          reason: "InvalidRequest",
          description: Validation.describe(problems)
        })
      )
    }
    return Effect.timeoutFail(effect, {
      duration: deadline,
      onTimeout: () =>
        new IntegrationError({
          vendor: context.vendor,
          operation: context.operation,
          reason: "Timeout",
          description: `overall deadline of ${Duration.format(deadline)} exceeded`
        })
    })
  }
)
