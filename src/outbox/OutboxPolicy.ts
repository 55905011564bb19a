/**
 * The delivery policy shared by the outbox dispatcher and the inbox worker: retry schedule with jitter, leases,
 * per-attempt timeout, `Retry-After` clamps, per-endpoint breaker and auto-disable. Policies are values; the pure
 * functions here decide what happens after each attempt so they can be tested without a clock.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Validation from "../core/internal/policyValidation.js"

/**
 * Svix's schedule: after the first attempt, retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.
 *
 * @since 0.1.0
 * @category Constants
 */
export const svixSchedule: ReadonlyArray<Duration.Duration> = [
  Duration.seconds(5),
  Duration.minutes(5),
  Duration.minutes(30),
  Duration.hours(2),
  Duration.hours(5),
  Duration.hours(10),
  Duration.hours(10)
]

/**
 * A resolved policy.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Policy {
  /** Delays before each retry; its length is the number of retries, so attempts = length + 1. */
  readonly schedule: ReadonlyArray<Duration.Duration>
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number
  /** How long a claimed delivery belongs to a worker; a crashed worker's deliveries are taken over after it. */
  readonly lease: Duration.Duration
  /** Per-attempt timeout; always shorter than the lease so a live worker never overlaps its successor. */
  readonly attemptTimeout: Duration.Duration
  /** Bounds applied to a server's `Retry-After` on 429 and 503. */
  readonly retryAfterMin: Duration.Duration
  readonly retryAfterMax: Duration.Duration
  /** Failures in a row that open an endpoint's breaker. */
  readonly breakerThreshold: number
  /** First open period; doubles with each failed probe up to `breakerMaxOpen`. */
  readonly breakerOpen: Duration.Duration
  readonly breakerMaxOpen: Duration.Duration
  /** An endpoint failing without a single success for this long is disabled. */
  readonly disableAfter: Duration.Duration
}

/**
 * Policy fields as callers write them.
 *
 * @since 0.1.0
 * @category Models
 */
export interface PolicyInput {
  readonly schedule?: ReadonlyArray<Duration.DurationInput> | undefined
  readonly jitter?: number | undefined
  readonly lease?: Duration.DurationInput | undefined
  readonly attemptTimeout?: Duration.DurationInput | undefined
  readonly retryAfterMin?: Duration.DurationInput | undefined
  readonly retryAfterMax?: Duration.DurationInput | undefined
  readonly breakerThreshold?: number | undefined
  readonly breakerOpen?: Duration.DurationInput | undefined
  readonly breakerMaxOpen?: Duration.DurationInput | undefined
  readonly disableAfter?: Duration.DurationInput | undefined
}

/**
 * Svix's schedule with 20 % jitter, 15 s attempts under a 60 s lease, `Retry-After` honoured between 1 s and 1 h,
 * breaker after 5 failures in a row (open 30 s, doubling up to 1 h), disable after 5 days of failure.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: Policy = {
  schedule: svixSchedule,
  jitter: 0.2,
  lease: Duration.seconds(60),
  attemptTimeout: Duration.seconds(15),
  retryAfterMin: Duration.seconds(1),
  retryAfterMax: Duration.hours(1),
  breakerThreshold: 5,
  breakerOpen: Duration.seconds(30),
  breakerMaxOpen: Duration.hours(1),
  disableAfter: Duration.days(5)
}

const decodeOr = (input: Duration.DurationInput | undefined, fallback: Duration.Duration) =>
  input === undefined ? fallback : Duration.decode(input)

const rules: Validation.Rules = {
  jitter: Validation.number({ from: 0, to: 1 }),
  lease: Validation.finiteDuration,
  attemptTimeout: Validation.finiteDuration,
  retryAfterMin: Validation.finiteNonNegativeDuration,
  retryAfterMax: Validation.finiteNonNegativeDuration,
  breakerThreshold: Validation.whole(1),
  breakerOpen: Validation.finiteDuration,
  breakerMaxOpen: Validation.finiteDuration,
  disableAfter: Validation.positiveDuration
}

/** Every setting of `input` out of range, named as written; relations between settings are checked on the result. */
const problems = (input: PolicyInput, prefix = ""): Array<Validation.Problem> => {
  const found = Validation.fields(prefix, input, rules)
  const schedule: unknown = input.schedule
  if (schedule !== undefined) {
    const name = prefix === "" ? "schedule" : `${prefix}.schedule`
    if (!Array.isArray(schedule)) {
      found.push({ setting: name, message: "must be a list of durations" })
    } else {
      schedule.forEach((delay, index) => {
        const message = Validation.finiteNonNegativeDuration(delay)
        if (message !== undefined) found.push({ setting: `${name}[${index}]`, message })
      })
    }
  }
  return found
}

/**
 * Applies overrides on top of a policy. A setting out of range (a negative or unparsable duration, a jitter outside
 * [0, 1], a threshold below 1), a lease not longer than the attempt timeout (two workers could run the same delivery
 * at once), or bounds in the wrong order are configuration bugs: it throws a `RangeError` naming every one of them at
 * construction rather than misbehaving later.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (input: PolicyInput = {}, base: Policy = defaultPolicy): Policy => {
  Validation.orThrow("outbox policy", problems(input))
  const policy: Policy = {
    schedule: input.schedule === undefined ? base.schedule : input.schedule.map(Duration.decode),
    jitter: input.jitter ?? base.jitter,
    lease: decodeOr(input.lease, base.lease),
    attemptTimeout: decodeOr(input.attemptTimeout, base.attemptTimeout),
    retryAfterMin: decodeOr(input.retryAfterMin, base.retryAfterMin),
    retryAfterMax: decodeOr(input.retryAfterMax, base.retryAfterMax),
    breakerThreshold: input.breakerThreshold ?? base.breakerThreshold,
    breakerOpen: decodeOr(input.breakerOpen, base.breakerOpen),
    breakerMaxOpen: decodeOr(input.breakerMaxOpen, base.breakerMaxOpen),
    disableAfter: decodeOr(input.disableAfter, base.disableAfter)
  }
  const relations: Array<Validation.Problem> = []
  if (Duration.lessThanOrEqualTo(policy.lease, policy.attemptTimeout)) {
    relations.push({
      setting: "lease",
      message: `must be longer than attemptTimeout (${Duration.format(policy.attemptTimeout)}), got ${
        Duration.format(policy.lease)
      }`
    })
  }
  if (Duration.lessThan(policy.retryAfterMax, policy.retryAfterMin)) {
    relations.push({ setting: "retryAfterMax", message: "must not be shorter than retryAfterMin" })
  }
  if (Duration.lessThan(policy.breakerMaxOpen, policy.breakerOpen)) {
    relations.push({ setting: "breakerMaxOpen", message: "must not be shorter than breakerOpen" })
  }
  Validation.orThrow("outbox policy", relations)
  return policy
}

/**
 * Scales a delay by a factor in [1 - jitter, 1 + jitter] chosen by `random` (a number in [0, 1)).
 *
 * @since 0.1.0
 * @category Scheduling
 */
export const jittered = (millis: number, jitter: number, random: number): number =>
  Math.max(0, Math.round(millis * (1 + jitter * (2 * random - 1))))

/**
 * The delay before the next attempt after `failedAttempts` attempts of the current cycle failed, or `None` when the
 * schedule is exhausted and the delivery goes dead.
 *
 * @since 0.1.0
 * @category Scheduling
 */
export const retryDelayMillis = (policy: Policy, failedAttempts: number, random: number): Option.Option<number> => {
  const base = policy.schedule[failedAttempts - 1]
  return base === undefined
    ? Option.none()
    : Option.some(jittered(Duration.toMillis(base), policy.jitter, random))
}

/**
 * A server's `Retry-After` within the policy's bounds.
 *
 * @since 0.1.0
 * @category Scheduling
 */
export const clampRetryAfterMillis = (policy: Policy, retryAfter: Duration.Duration): number =>
  Math.min(
    Duration.toMillis(policy.retryAfterMax),
    Math.max(Duration.toMillis(policy.retryAfterMin), Duration.toMillis(retryAfter))
  )

/**
 * How long an endpoint's breaker stays open after `consecutiveFailures` failures in a row, or `None` while it is
 * below the threshold. Every failed probe doubles the period.
 *
 * @since 0.1.0
 * @category Scheduling
 */
export const breakerOpenMillis = (policy: Policy, consecutiveFailures: number): Option.Option<number> => {
  if (consecutiveFailures < policy.breakerThreshold) return Option.none()
  const doublings = Math.min(30, consecutiveFailures - policy.breakerThreshold)
  return Option.some(
    Math.min(Duration.toMillis(policy.breakerMaxOpen), Duration.toMillis(policy.breakerOpen) * 2 ** doublings)
  )
}
