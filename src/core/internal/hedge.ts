/**
 * The race behind `Hedge`: attempts are forked into a scope, report to a queue, and the scope's end interrupts the
 * losers (aborting their sockets when they are HTTP requests).
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Scope from "effect/Scope"

/** @internal */
export const TelemetryNames = {
  hedgesMetric: "integration.hedge.sent",
  hedgeWinsMetric: "integration.hedge.won",
  hedgedAttribute: "integration.hedged",
  hedgeCountAttribute: "integration.hedge.count",
  winnerAttribute: "integration.hedge.winner",
  vendorTag: "integration.vendor"
} as const

/** @internal */
export const hedgesSent = Metric.counter(TelemetryNames.hedgesMetric, {
  description: "Hedged attempts started in addition to the first",
  incremental: true
})

/** @internal */
export const hedgeWins = Metric.counter(TelemetryNames.hedgeWinsMetric, {
  description: "Hedged calls won by a hedge rather than the first attempt",
  incremental: true
})

/** @internal */
export interface RaceOptions<E> {
  readonly delay: Duration.Duration
  readonly maxHedges: number
  readonly fatal: (error: E) => boolean
  readonly vendor: string | undefined
  /** Latency of the winning attempt, measured from its own start. */
  readonly onWin?: ((latency: Duration.Duration) => Effect.Effect<void>) | undefined
}

interface Outcome<A, E> {
  readonly index: number
  readonly exit: Exit.Exit<readonly [Duration.Duration, A], E>
}

const tagged = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>, vendor: string | undefined) =>
  vendor === undefined ? metric : Metric.tagged(metric, TelemetryNames.vendorTag, vendor)

/** @internal */
export const race = <A, E, R>(effect: Effect.Effect<A, E, R>, options: RaceOptions<E>): Effect.Effect<A, E, R> =>
  options.maxHedges <= 0
    ? effect
    // The attempts' scope is our own rather than `Effect.scoped`, so an effect that needs a Scope still gets the caller's.
    : Effect.acquireUseRelease(Scope.make(), (scope) => Effect.gen(function*() {
      const outcomes = yield* Queue.unbounded<Outcome<A, E>>()
      let launched = 0
      let pending = 0
      const launch = Effect.suspend(() => {
        const index = launched
        launched += 1
        pending += 1
        const attempt = Effect.exit(Effect.timed(effect)).pipe(
          Effect.flatMap((exit) => Queue.offer(outcomes, { index, exit }))
        )
        return Effect.zipRight(
          index > 0 ? Metric.increment(tagged(hedgesSent, options.vendor)) : Effect.void,
          Effect.forkIn(attempt, scope)
        )
      })
      const canHedge = () => launched < 1 + options.maxHedges
      const finish = (winner: number) =>
        Effect.zipRight(
          Effect.annotateCurrentSpan({
            [TelemetryNames.hedgedAttribute]: launched > 1,
            [TelemetryNames.hedgeCountAttribute]: launched - 1,
            [TelemetryNames.winnerAttribute]: winner
          }),
          winner > 0 ? Metric.increment(tagged(hedgeWins, options.vendor)) : Effect.void
        )

      yield* launch
      let lastFailure: Cause.Cause<E> | undefined
      while (true) {
        const next = canHedge()
          ? Effect.timeoutOption(Queue.take(outcomes), options.delay)
          : Effect.map(Queue.take(outcomes), Option.some)
        const outcome = yield* next
        if (Option.isNone(outcome)) {
          yield* launch
          continue
        }
        const { exit, index } = outcome.value
        pending -= 1
        if (Exit.isSuccess(exit)) {
          const [latency, value] = exit.value
          yield* finish(index)
          if (options.onWin !== undefined) yield* options.onWin(latency)
          return value
        }
        // Defects, interruptions and fatal errors would repeat on every attempt: stop the race with them at once.
        if (!Cause.isFailType(exit.cause) || options.fatal(exit.cause.error)) {
          yield* finish(index)
          return yield* Effect.failCause(exit.cause)
        }
        lastFailure = exit.cause
        if (canHedge()) {
          yield* launch
        } else if (pending === 0) {
          yield* finish(index)
          return yield* Effect.failCause(lastFailure)
        }
      }
    }), (scope, exit) => Scope.close(scope, exit))
