import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type {
  CircuitBreaker,
  CircuitBreakerStore,
  Options,
  Outcome,
  State,
  StorePolicy,
  Transition,
  TripPolicy
} from "../CircuitBreaker.js"
import { IntegrationError, isIntegrationError, type Reason } from "../IntegrationError.js"
import { spanEvent } from "../Telemetry.js"

/** @internal */
export const Attr = {
  state: "integration.breaker.state",
  key: "integration.breaker.key",
  from: "integration.breaker.from",
  to: "integration.breaker.to",
  retryAfterMillis: "integration.breaker.retry_after_ms",
  vendor: "integration.vendor"
} as const

/** @internal */
export const Event = {
  rejected: "integration.breaker.rejected",
  transition: "integration.breaker.transition"
} as const

/** @internal */
export const transitionsCounter = Metric.counter("integration.breaker.transitions", {
  description: "Circuit breaker state changes by vendor, key, from and to",
  incremental: true
})

/** @internal */
export const rejectionsCounter = Metric.counter("integration.breaker.rejections", {
  description: "Calls rejected by an open or probing circuit breaker",
  incremental: true
})

const counted: ReadonlySet<Reason> = new Set<Reason>(["Transport", "Timeout", "Server", "Overloaded"])

/** @internal */
export const defaultIsFailure = (error: unknown): boolean => !isIntegrationError(error) || counted.has(error.reason)

const toMillis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(input)

/** @internal */
export const storePolicy = (options: Options, trip: TripPolicy): StorePolicy => ({
    consecutiveFailures: trip.consecutiveFailures ?? 0,
    sampleSize: trip.failureRate?.sampleSize ?? 0,
    failureRateThreshold: trip.failureRate?.threshold ?? 1,
    minThroughput: trip.failureRate?.minThroughput ?? 1,
    openInitialMillis: toMillis(options.openDuration?.initial, 5_000),
    openFactor: Math.max(1, options.openDuration?.factor ?? 2),
    openMaxMillis: toMillis(options.openDuration?.max, 120_000),
    probeLeaseMillis: toMillis(options.probeLease, 60_000)
})

const classify = <A, E>(
  exit: Exit.Exit<A, E>,
  elapsedMillis: number,
  slowMillis: number | undefined,
  isFailure: (error: unknown) => boolean
): Outcome => {
  if (Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)) return "Interrupted"
  if (slowMillis !== undefined && elapsedMillis > slowMillis) return "Failure"
  if (Exit.isSuccess(exit)) return "Success"
  return Option.match(Cause.failureOption(exit.cause), {
    // No typed failure left means a defect: the dependency is misbehaving in a way we did not expect.
    onNone: () => "Failure",
    onSome: (error) => (isFailure(error) ? "Failure" : "Success")
  })
}

/** @internal */
export const make = (
  options: Options,
  trip: TripPolicy,
  store: CircuitBreakerStore.Service
): Effect.Effect<CircuitBreaker> =>
  Effect.sync((): CircuitBreaker => {
    const policy = storePolicy(options, trip)
    const isFailure = options.isFailure ?? defaultIsFailure
    const slowMillis = options.slowCallThreshold === undefined
      ? undefined
      : Duration.toMillis(options.slowCallThreshold)
    const vendor = options.vendor

    const onTransition = (transition: Transition) =>
      Effect.zipRight(
        Metric.update(
          transitionsCounter.pipe(
            Metric.tagged(Attr.vendor, vendor),
            Metric.tagged(Attr.key, transition.key),
            Metric.tagged(Attr.from, transition.from),
            Metric.tagged(Attr.to, transition.to)
          ),
          1
        ),
        spanEvent(Event.transition, {
          [Attr.key]: transition.key,
          [Attr.from]: transition.from,
          [Attr.to]: transition.to
        })
      )

    // Rejections are hot while open: the fields are known-good, so skip the Schema check in the constructor.
    const reject = (
      key: string,
      operation: string,
      state: State,
      retryAfterMillis: number,
      description: string | undefined
    ) =>
      Effect.zipRight(
        Effect.all([
          Effect.annotateCurrentSpan(Attr.state, state),
          Metric.update(
            rejectionsCounter.pipe(
              Metric.tagged(Attr.vendor, vendor),
              Metric.tagged(Attr.key, key),
              Metric.tagged(Attr.state, state)
            ),
            1
          ),
          spanEvent(Event.rejected, {
            [Attr.key]: key,
            [Attr.state]: state,
            [Attr.retryAfterMillis]: retryAfterMillis
          })
        ], { discard: true }),
        Effect.fail(
          new IntegrationError({
            vendor,
            operation,
            reason: "CircuitOpen",
            description: description ?? (state === "Open"
              ? "circuit breaker is open after repeated failures"
              : "circuit breaker is half-open and its single probe call is in flight"),
            retryAfter: Duration.millis(retryAfterMillis)
          }, { disableValidation: true })
        )
      )

    // Combinators rather than a generator: this wraps every attempt of every call.
    const run: CircuitBreaker["run"] = (key = vendor, runOptions) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.clockWith((clock) => {
          const start = clock.unsafeCurrentTimeMillis()
          return Effect.flatMap(store.acquire(key, start, policy), (decision): Effect.Effect<A, E | IntegrationError, R> => {
            if (decision._tag === "Reject") {
              const operation = runOptions?.operation ?? options.operation ?? key
              return reject(key, operation, decision.state, decision.retryAfterMillis, decision.description)
            }
            const probe = decision._tag === "AllowProbe" ? decision.probe : undefined
            const entered = Effect.annotateCurrentSpan(Attr.state, probe === undefined ? "Closed" : "HalfOpen")
            const opened = decision._tag === "AllowProbe" && decision.transition !== undefined
              ? Effect.zipRight(onTransition(decision.transition), entered)
              : entered
            return Effect.zipRight(
              opened,
              Effect.flatMap(Effect.exit(restore(self)), (exit) => {
                const end = clock.unsafeCurrentTimeMillis()
                const outcome = classify(exit, end - start, slowMillis, isFailure)
                return Effect.zipRight(
                  Effect.flatMap(store.record(key, end, outcome, probe, policy), (transition) =>
                    Option.isSome(transition) ? onTransition(transition.value) : Effect.void),
                  exit
                )
              })
            )
          })
        })
      )

    return {
      run,
      state: (key = vendor) => Effect.flatMap(Clock.currentTimeMillis, (now) => store.snapshot(key, now)),
      transitions: store.transitions
    }
  })
