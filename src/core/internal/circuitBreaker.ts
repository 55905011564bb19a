import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import type {
  Admitted,
  CircuitBreaker,
  CircuitBreakerStore,
  Decision,
  Gate,
  Options,
  Outcome,
  StorePolicy,
  Transition,
  TripPolicy
} from "../CircuitBreaker.js"
import { IntegrationError, isIntegrationError, type Reason } from "../IntegrationError.js"
import * as Telemetry from "../Telemetry.js"

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

const classify = (
  exit: Exit.Exit<unknown, unknown>,
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

    const reportTransition = (sink: Telemetry.Sink, transition: Transition): void => {
      Telemetry.sinkUpdate(
        sink,
        Telemetry.tagged(transitionsCounter, {
          [Attr.vendor]: vendor,
          [Attr.key]: transition.key,
          [Attr.from]: transition.from,
          [Attr.to]: transition.to
        }),
        1
      )
      Telemetry.sinkEvent(sink, Event.transition, {
        [Attr.key]: transition.key,
        [Attr.from]: transition.from,
        [Attr.to]: transition.to
      })
    }

    /** What a decision means for the call: admitted (its state on the span), or the error it fails with. */
    const decide = (
      sink: Telemetry.Sink,
      key: string,
      operation: string,
      start: number,
      decision: Decision
    ): Admitted | IntegrationError => {
      if (decision._tag === "Reject") {
        Telemetry.sinkAttribute(sink, Attr.state, decision.state)
        Telemetry.sinkUpdate(
          sink,
          Telemetry.tagged(rejectionsCounter, { [Attr.vendor]: vendor, [Attr.key]: key, [Attr.state]: decision.state }),
          1
        )
        Telemetry.sinkEvent(sink, Event.rejected, {
          [Attr.key]: key,
          [Attr.state]: decision.state,
          [Attr.retryAfterMillis]: decision.retryAfterMillis
        })
        // Rejections are hot while open: the fields are known-good, so skip the Schema check in the constructor.
        return new IntegrationError({
          vendor,
          operation,
          reason: "CircuitOpen",
          description: decision.description ?? (decision.state === "Open"
            ? "circuit breaker is open after repeated failures"
            : "circuit breaker is half-open and its single probe call is in flight"),
          retryAfter: Duration.millis(decision.retryAfterMillis)
        }, { disableValidation: true })
      }
      if (decision._tag === "AllowProbe" && decision.transition !== undefined) reportTransition(sink, decision.transition)
      const probe = decision._tag === "AllowProbe" ? decision.probe : undefined
      Telemetry.sinkAttribute(sink, Attr.state, probe === undefined ? "Closed" : "HalfOpen")
      return { key, startMillis: start, probe }
    }

    const outcomeOf = (admitted: Admitted, end: number, exit: Exit.Exit<unknown, unknown>) =>
      classify(exit, end - admitted.startMillis, slowMillis, isFailure)

    const local = store.local
    const gate: Gate | undefined = local === undefined ? undefined : {
      enter: (key, operation, sink) => {
        const start = sink.clock.unsafeCurrentTimeMillis()
        return decide(sink, key, operation, start, local.acquire(key, start, policy))
      },
      settle: (admitted, sink, exit) => {
        const end = sink.clock.unsafeCurrentTimeMillis()
        const transition = local.record(admitted.key, end, outcomeOf(admitted, end, exit), admitted.probe, policy)
        if (transition !== undefined) reportTransition(sink, transition)
      }
    }

    // Combinators rather than a generator: this wraps every attempt of every call that does not take the fast path.
    const run: CircuitBreaker["run"] = (key = vendor, runOptions) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
      Effect.uninterruptibleMask((restore) =>
        Telemetry.withSink((sink) => {
          const operation = runOptions?.operation ?? options.operation ?? key
          const start = sink.clock.unsafeCurrentTimeMillis()
          const decided = local === undefined ? store.acquire(key, start, policy) : Effect.succeed(local.acquire(key, start, policy))
          return Effect.flatMap(decided, (decision): Effect.Effect<A, E | IntegrationError, R> => {
            const admitted = decide(sink, key, operation, start, decision)
            if (admitted instanceof IntegrationError) return Effect.fail(admitted)
            return Effect.flatMap(Effect.exit(restore(self)), (exit) => {
              const end = sink.clock.unsafeCurrentTimeMillis()
              const outcome = outcomeOf(admitted, end, exit)
              const recorded = local === undefined
                ? Effect.map(store.record(key, end, outcome, admitted.probe, policy), Option.getOrUndefined)
                : Effect.sync(() => local.record(key, end, outcome, admitted.probe, policy))
              return Effect.zipRight(
                Effect.map(recorded, (transition) => {
                  if (transition !== undefined) reportTransition(sink, transition)
                }),
                exit
              )
            })
          })
        })
      )

    return {
      run,
      state: (key = vendor) => Effect.flatMap(Clock.currentTimeMillis, (now) => store.snapshot(key, now)),
      transitions: store.transitions,
      gate
    }
  })
