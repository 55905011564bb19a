/**
 * A keyed circuit breaker: one instance guards many keys (a vendor, an endpoint, an account), trips on consecutive
 * failures or a failure rate, rejects fast while open, and lets exactly one probe through when half-open. State lives
 * behind a store so several processes can share it later (Redis, one atomic script per decision).
 *
 * @since 0.1.0
 */
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import type { IntegrationError } from "./IntegrationError.js"
import * as internal from "./internal/circuitBreaker.js"
import type * as Telemetry from "./Telemetry.js"
import * as memory from "./internal/circuitBreakerMemoryStore.js"
import * as Validation from "./internal/policyValidation.js"

/**
 * `Closed`: calls pass and are counted. `Open`: calls fail fast with `CircuitOpen`. `HalfOpen`: one probe call decides
 * whether to close again or re-open for longer.
 *
 * @since 0.1.0
 * @category Models
 */
export type State = "Closed" | "Open" | "HalfOpen"

/**
 * A state change of one key; `at` is epoch milliseconds from Effect's `Clock`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Transition {
  readonly key: string
  readonly from: State
  readonly to: State
  readonly at: number
}

/**
 * The current state of one key.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Snapshot {
  readonly key: string
  readonly state: State
  readonly consecutiveFailures: number
  /** Calls and failures in the sliding window of the last `sampleSize` calls. */
  readonly sampleCalls: number
  readonly sampleFailures: number
  /** Openings since the breaker last closed; each one doubles (by `factor`) the open duration. */
  readonly openings: number
  /** Epoch milliseconds at which an open breaker lets a probe through. */
  readonly openUntil: number | undefined
  readonly probeInFlight: boolean
}

/**
 * When to trip. Both rules may be set; either one trips the breaker.
 *
 * @since 0.1.0
 * @category Models
 */
export interface TripPolicy {
  /** Trip after this many failures in a row; `undefined` disables the rule. */
  readonly consecutiveFailures: number | undefined
  readonly failureRate: FailureRate | undefined
}

/**
 * Trip when at least `threshold` (0..1) of the last `sampleSize` calls failed, once `minThroughput` calls are in the
 * sample.
 *
 * @since 0.1.0
 * @category Models
 */
export interface FailureRate {
  readonly threshold: number
  readonly sampleSize: number
  readonly minThroughput: number
}

/**
 * Trips after `failures` failures in a row (Effect's prototype calls this `withMaxFailures`). Checked by `make`: a
 * count below 1 or not whole is refused there, not rounded.
 *
 * @since 0.1.0
 * @category Trip policies
 */
export const consecutive = (failures: number): TripPolicy => ({ consecutiveFailures: failures, failureRate: undefined })

/**
 * Trips on the failure rate over the last `sampleSize` calls. Checked by `make`.
 *
 * @since 0.1.0
 * @category Trip policies
 */
export const failureRate = (options: FailureRate): TripPolicy => ({
  consecutiveFailures: undefined,
  failureRate: { threshold: options.threshold, sampleSize: options.sampleSize, minThroughput: options.minThroughput }
})

/**
 * Combines rules: the breaker trips when any of them would.
 *
 * @since 0.1.0
 * @category Trip policies
 */
export const anyOf = (...policies: ReadonlyArray<TripPolicy>): TripPolicy => ({
  consecutiveFailures: policies.reduce<number | undefined>(
    (min, policy) =>
      policy.consecutiveFailures === undefined ? min : Math.min(min ?? Infinity, policy.consecutiveFailures),
    undefined
  ),
  failureRate: policies.find((policy) => policy.failureRate !== undefined)?.failureRate
})

/**
 * Tuned for low-volume APIs: 5 failures in a row, or half of the last 20 calls once 10 have been made.
 *
 * @since 0.1.0
 * @category Trip policies
 */
export const defaultTripPolicy: TripPolicy = anyOf(
  consecutive(5),
  failureRate({ threshold: 0.5, sampleSize: 20, minThroughput: 10 })
)

/**
 * The policy in the flat, numeric form a store needs (a Redis script receives it as arguments).
 *
 * @since 0.1.0
 * @category Store
 */
export interface StorePolicy {
  /** 0 disables the rule. */
  readonly consecutiveFailures: number
  /** 0 disables the rule. */
  readonly sampleSize: number
  readonly failureRateThreshold: number
  readonly minThroughput: number
  readonly openInitialMillis: number
  readonly openFactor: number
  readonly openMaxMillis: number
  readonly probeLeaseMillis: number
}

/**
 * What a store decided for one call. `AllowProbe` hands out the single half-open slot as a lease: if the prober
 * never reports back (its process died), the slot frees itself at `leaseUntil`.
 *
 * @since 0.1.0
 * @category Store
 */
export type Decision =
  | { readonly _tag: "Allow" }
  | {
    readonly _tag: "AllowProbe"
    readonly probe: string
    readonly leaseUntil: number
    /** The `Open → HalfOpen` change this call caused, if any. */
    readonly transition: Transition | undefined
  }
  | {
    readonly _tag: "Reject"
    readonly state: "Open" | "HalfOpen"
    readonly retryAfterMillis: number
    /**
     * Replaces the default description of the `CircuitOpen` error, for rejections the store makes for its own
     * reasons (a shared store that cannot reach its backend and fails closed says so).
     */
    readonly description?: string | undefined
  }

/**
 * How a guarded call ended, after classification. `Interrupted` only frees a probe slot; it is neither a success nor
 * a failure.
 *
 * @since 0.1.0
 * @category Store
 */
export type Outcome = "Success" | "Failure" | "Interrupted"

/**
 * Where breaker state lives. Each method is one atomic decision, so a Redis implementation maps each to one Lua
 * script; everything is Effect-returning for that reason.
 *
 * @since 0.1.0
 * @category Store
 */
export class CircuitBreakerStore extends Context.Tag("effect-integrations/CircuitBreakerStore")<
  CircuitBreakerStore,
  CircuitBreakerStore.Service
>() {}

/**
 * @since 0.1.0
 * @category Store
 */
export declare namespace CircuitBreakerStore {
  /**
   * @since 0.1.0
   * @category Store
   */
  export interface Service {
    /** Admits or rejects one call; moves `Open` to `HalfOpen` once the open duration has passed. */
    readonly acquire: (key: string, nowMillis: number, policy: StorePolicy) => Effect.Effect<Decision>
    /**
     * Records how an admitted call ended. `probe` is the id from `AllowProbe`; a probe whose lease was taken over is
     * ignored, as are calls that finish after the state they started in has changed.
     */
    readonly record: (
      key: string,
      nowMillis: number,
      outcome: Outcome,
      probe: string | undefined,
      policy: StorePolicy
    ) => Effect.Effect<Option.Option<Transition>>
    readonly snapshot: (key: string, nowMillis: number) => Effect.Effect<Snapshot>
    /** Every transition the store makes, in order. */
    readonly transitions: Stream.Stream<Transition>
    /**
     * The same `acquire` and `record` as plain functions, for a store whose state lives in this process. With them,
     * the kernel decides a vendor call's admission without an Effect step (its fast path).
     */
    readonly local?: Local | undefined
  }

  /**
   * @since 0.2.0
   * @category Store
   */
  export interface Local {
    readonly acquire: (key: string, nowMillis: number, policy: StorePolicy) => Decision
    readonly record: (
      key: string,
      nowMillis: number,
      outcome: Outcome,
      probe: string | undefined,
      policy: StorePolicy
    ) => Transition | undefined
  }
}

/**
 * An in-memory store; each decision is a synchronous critical section, so it is atomic within the process.
 *
 * @since 0.1.0
 * @category Store
 */
export const makeMemoryStore: Effect.Effect<CircuitBreakerStore.Service> = memory.make

/**
 * @since 0.1.0
 * @category Store
 */
export const layerMemoryStore: Layer.Layer<CircuitBreakerStore> = Layer.effect(CircuitBreakerStore, memory.make)

/**
 * Which failures count against the breaker by default: transport errors, timeouts, 5xx and overload count; a 429
 * (`RateLimited`) does not, because the vendor is healthy and throttling us, and the rate limiter pausing the key is
 * the right response; nor do 4xx answers, drift, or local rejections (`CircuitOpen`, `BulkheadRejected`). Failures
 * that are not `IntegrationError`s count.
 *
 * @since 0.1.0
 * @category Classifiers
 */
export const isFailure: (error: unknown) => boolean = internal.defaultIsFailure

/**
 * Metrics this module records: `transitions` (tags `integration.vendor`, `integration.breaker.key`,
 * `integration.breaker.from`, `integration.breaker.to`) and `rejections` (tags vendor, key and
 * `integration.breaker.state`).
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const metrics = {
  transitions: internal.transitionsCounter,
  rejections: internal.rejectionsCounter
} as const

/**
 * Span attribute and event names this module records. The current span gets `integration.breaker.state` on every
 * admitted or rejected call.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const telemetry = { attributes: internal.Attr, events: internal.Event } as const

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Names the vendor in `CircuitOpen` errors and metrics; also the default key. */
  readonly vendor: string
  /** Operation named in `CircuitOpen` errors when `run` is not given one; defaults to the key. */
  readonly operation?: string | undefined
  /** Defaults to `defaultTripPolicy`. */
  readonly trip?: TripPolicy | undefined
  /** How long to stay open: `initial × factor^(openings - 1)`, capped at `max`. Defaults: 5 s, 2, 2 min. */
  readonly openDuration?: {
    readonly initial?: Duration.DurationInput | undefined
    readonly factor?: number | undefined
    readonly max?: Duration.DurationInput | undefined
  } | undefined
  /** How long a half-open probe may hold the single slot before another caller may probe. Default 60 s. */
  readonly probeLease?: Duration.DurationInput | undefined
  /** A call slower than this counts as a failure, whatever its result (measured with `Clock`). */
  readonly slowCallThreshold?: Duration.DurationInput | undefined
  /**
   * Which failures count; defaults to `isFailure`. A failure that does not count is treated as a success (the
   * dependency answered), so a probe answered with a 404 closes the breaker. Defects always count.
   */
  readonly isFailure?: ((error: unknown) => boolean) | undefined
  /** Defaults to the `CircuitBreakerStore` in the context, else a fresh memory store. */
  readonly store?: CircuitBreakerStore.Service | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CircuitBreaker {
  /**
   * Guards an effect under `key` (default: the vendor). While open it fails with
   * `IntegrationError{ reason: "CircuitOpen", retryAfter }` without running the effect.
   */
  readonly run: (
    key?: string,
    options?: { readonly operation?: string | undefined }
  ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  readonly state: (key?: string) => Effect.Effect<Snapshot>
  /** Transitions of every key, from the moment the stream is run. */
  readonly transitions: Stream.Stream<Transition>
  /** Present when the store is local: `run`'s decisions as plain functions (see `Gate`). */
  readonly gate?: Gate | undefined
}

/**
 * What a call admitted by a `Gate` settles with.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Admitted {
  readonly key: string
  readonly startMillis: number
  readonly probe: string | undefined
}

/**
 * `run` taken apart for callers that drive a call themselves (the kernel's fast path): `enter` admits or rejects at
 * once, `settle` records how the admitted call ended. Decisions, state and telemetry are exactly `run`'s, which is built
 * from the same two functions.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Gate {
  /** Admits the call, or returns the `CircuitOpen` error it must fail with (its telemetry already recorded). */
  readonly enter: (key: string, operation: string, sink: Telemetry.Sink) => Admitted | IntegrationError
  /** Records how the admitted call ended. */
  readonly settle: (admitted: Admitted, sink: Telemetry.Sink, exit: Exit.Exit<unknown, unknown>) => void
}

/**
 * Builds a breaker over the `CircuitBreakerStore` in context (a fresh memory store when there is none).
 *
 * Fails with a `ConfigError` naming every setting out of range (`CircuitBreaker.trip.consecutiveFailures`,
 * `CircuitBreaker.openDuration.initial`, ...): trip counts are whole numbers ≥ 1 (`minThroughput` at most
 * `sampleSize`), `threshold` lies in (0, 1], open durations and the probe lease are positive and finite
 * (`openDuration.max` at least `initial`), `openDuration.factor` is at least 1.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CircuitBreaker } from "effect-integrations"
 *
 * const program = Effect.gen(function*() {
 *   const breaker = yield* CircuitBreaker.make({ vendor: "Acme", slowCallThreshold: "10 seconds" })
 *   // Guards any effect under a key of your choice; while that key is open it fails with `CircuitOpen` at once.
 *   return yield* Effect.succeed("charged").pipe(breaker.run("Acme:charges"))
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<CircuitBreaker, ConfigError.ConfigError> =>
  Effect.zipRight(
    Validation.check("CircuitBreaker", Validation.circuitBreaker(options, "")),
    Effect.flatMap(
      options.store === undefined
        ? Effect.flatMap(
          Effect.serviceOption(CircuitBreakerStore),
          Option.match({ onNone: () => memory.make, onSome: Effect.succeed })
        )
        : Effect.succeed(options.store),
      (store) => internal.make(options, options.trip ?? defaultTripPolicy, store)
    )
  )

/**
 * Guards an effect with a breaker; `key` defaults to the breaker's vendor.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withCircuitBreaker: {
  (
    breaker: CircuitBreaker,
    key?: string
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    breaker: CircuitBreaker,
    key?: string
  ): Effect.Effect<A, E | IntegrationError, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, breaker: CircuitBreaker, key?: string) => breaker.run(key)(self)
)
