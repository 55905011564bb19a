/**
 * The inbox worker: leases recorded events, runs the app's handler under a timeout, and retries on the schedule until
 * the event is processed or dead. Same lease mechanics as the dispatcher.
 */
import type { SqlError } from "@effect/sql/SqlError"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Queue from "effect/Queue"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Redaction from "../../core/Redaction.js"
import type { Handler, Options, Summary } from "../Inbox.js"
import type { InboxEvent, InboxStats } from "../OutboxModel.js"
import * as OutboxPolicy from "../OutboxPolicy.js"
import type * as Store from "../OutboxStore.js"
import { OutboxStore } from "../OutboxStore.js"
import * as T from "../OutboxTelemetry.js"
import { defaultWorkerId } from "./dispatcher.js"

/** Handlers are local code: retry sooner than a remote endpoint would be. */
export const defaultInboxPolicy: OutboxPolicy.Policy = {
  ...OutboxPolicy.defaultPolicy,
  schedule: [
    Duration.seconds(1),
    Duration.seconds(10),
    Duration.minutes(1),
    Duration.minutes(10),
    Duration.hours(1),
    Duration.hours(6)
  ],
  attemptTimeout: Duration.seconds(30)
}

interface Resolved {
  readonly policy: OutboxPolicy.Policy
  readonly leaseMarginMillis: number
  readonly worker: string
  readonly concurrency: number
  readonly pollInterval: Duration.Duration
  readonly gaugeMillis: number
  readonly sources: ReadonlyArray<string> | undefined
}

const resolve = (options: Options): Resolved => {
  const policy = OutboxPolicy.make(options, defaultInboxPolicy)
  const slack = Duration.toMillis(policy.lease) - Duration.toMillis(policy.attemptTimeout)
  return {
    policy,
    leaseMarginMillis: Math.min(1_000, Math.floor(slack / 2)),
    worker: options.worker ?? defaultWorkerId(),
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 8)),
    pollInterval: Duration.decode(options.pollInterval ?? Duration.seconds(1)),
    gaugeMillis: Duration.toMillis(Duration.decode(options.gaugeInterval ?? Duration.seconds(10))),
    sources: options.sources
  }
}

/** A description of a handler failure fit for storage: the error's tag, never its message or the payload. */
const describe = <E>(cause: Cause.Cause<E | "timeout">, timeout: Duration.Duration): string => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    if (failure.value === "timeout") return `handler timed out after ${Duration.format(timeout)}`
    const tag = Predicate.hasProperty(failure.value, "_tag") && typeof failure.value._tag === "string"
      ? Redaction.identifier(failure.value._tag)
      : undefined
    return tag === undefined ? "handler failed" : `handler failed: ${tag}`
  }
  return Cause.isInterruptedOnly(cause) ? "handler interrupted" : "handler died"
}

const handle = <E, R>(
  store: Store.InboxService,
  resolved: Resolved,
  handler: Handler<E, R>,
  event: InboxEvent
): Effect.Effect<Summary, SqlError, R> =>
  Effect.gen(function*() {
    // While processing, nextAttemptAt is the lease expiry: a handler must be done by then, or a second worker could
    // run it concurrently. Too late to start safely: give the event back untried.
    const startedAt = yield* Clock.currentTimeMillis
    if (startedAt + Duration.toMillis(resolved.policy.attemptTimeout) > event.nextAttemptAt - resolved.leaseMarginMillis) {
      const released = yield* store.release([event], resolved.worker)
      return { ...emptySummary, claimed: 1, released }
    }
    const exit = yield* handler(event).pipe(
      Effect.timeoutFail({ duration: resolved.policy.attemptTimeout, onTimeout: () => "timeout" as const }),
      Effect.exit
    )
    const now = yield* Clock.currentTimeMillis
    let next: Store.InboxNext
    if (exit._tag === "Success") {
      next = { _tag: "Processed" }
    } else {
      const error = describe(exit.cause, resolved.policy.attemptTimeout)
      const delay = OutboxPolicy.retryDelayMillis(resolved.policy, event.cycleAttempts, yield* Random.next)
      next = Option.isNone(delay) ? { _tag: "Dead", error } : { _tag: "Retry", at: now + delay.value, error }
    }
    const applied = yield* store.complete(event, resolved.worker, next)
    const outcome = !applied ? "lease_lost" : next._tag === "Processed" ? "processed" : next._tag === "Dead" ? "dead" : "retrying"
    yield* Effect.annotateCurrentSpan(T.Attr.inboxOutcome, outcome)
    yield* Metric.increment(
      Metric.tagged(Metric.tagged(T.inboxEvents, T.Tag.inboxOutcome, outcome), T.Tag.inboxSource, event.source)
    )
    return {
      claimed: 1,
      processed: outcome === "processed" ? 1 : 0,
      retrying: outcome === "retrying" ? 1 : 0,
      dead: outcome === "dead" ? 1 : 0,
      leaseLost: applied ? 0 : 1,
      released: 0
    }
  }).pipe(
    Effect.withSpan("Inbox.process", {
      kind: "consumer",
      attributes: {
        [T.Attr.inboxSource]: event.source,
        [T.Attr.inboxEventType]: event.type,
        [T.Attr.attempt]: event.attempts
      }
    })
  )

const emptySummary: Summary = { claimed: 0, processed: 0, retrying: 0, dead: 0, leaseLost: 0, released: 0 }

const add = (a: Summary, b: Summary): Summary => ({
  claimed: a.claimed + b.claimed,
  processed: a.processed + b.processed,
  retrying: a.retrying + b.retrying,
  dead: a.dead + b.dead,
  leaseLost: a.leaseLost + b.leaseLost,
  released: a.released + b.released
})

const setup = (options: Options) =>
  Effect.gen(function*() {
    const resolved = yield* Effect.try({ try: () => resolve(options), catch: (error) => error }).pipe(Effect.orDie)
    const store = (yield* OutboxStore).inbox
    return { resolved, store }
  })

const claimOptions = (resolved: Resolved, limit: number) => ({
  worker: resolved.worker,
  limit,
  leaseMillis: Duration.toMillis(resolved.policy.lease),
  sources: resolved.sources
})

export const reportGauges: Effect.Effect<InboxStats, SqlError, OutboxStore> = Effect.gen(function*() {
  const stats = yield* (yield* OutboxStore).inbox.stats
  yield* Metric.set(T.inboxQueueDepth, stats.queueDepth)
  yield* Metric.set(T.inboxDead, stats.dead)
  return stats
})

export const processOnce = <E, R>(
  handler: Handler<E, R>,
  options: Options = {}
): Effect.Effect<Summary, SqlError, OutboxStore | R> =>
  Effect.gen(function*() {
    const { resolved, store } = yield* setup(options)
    const events = yield* store.claim(claimOptions(resolved, resolved.concurrency))
    const results = yield* Effect.forEach(events, (event) => handle(store, resolved, handler, event), {
      concurrency: "unbounded"
    })
    return results.reduce(add, emptySummary)
  })

export const drain = <E, R>(
  handler: Handler<E, R>,
  options: Options = {}
): Effect.Effect<Summary, SqlError, OutboxStore | R> =>
  Effect.gen(function*() {
    const once = processOnce(handler, { ...options, worker: options.worker ?? defaultWorkerId() })
    let total = emptySummary
    while (true) {
      const summary = yield* once
      if (summary.claimed === 0) return total
      total = add(total, summary)
    }
  })

export const process = <E, R>(
  handler: Handler<E, R>,
  options: Options = {}
): Effect.Effect<never, never, OutboxStore | R> =>
  Effect.scoped(Effect.gen(function*() {
    const { resolved, store } = yield* setup(options)
    const outbox = yield* OutboxStore
    const inFlight = yield* Ref.make(0)
    const wake = yield* Queue.sliding<void>(1)
    const fibers = yield* FiberSet.make()
    let lastGauges = Number.NEGATIVE_INFINITY

    const work = (event: InboxEvent) =>
      handle(store, resolved, handler, event).pipe(
        // Outlined, not printed: a database error message can quote the values that failed.
        Effect.catchAllCause((cause) =>
          Effect.logWarning("inbox result could not be recorded").pipe(Effect.annotateLogs(Redaction.outlineCause(cause)))
        ),
        Effect.ensuring(Effect.zipRight(Ref.update(inFlight, (n) => n - 1), Queue.offer(wake, undefined)))
      )

    const iteration = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      if (now - lastGauges >= resolved.gaugeMillis) {
        lastGauges = now
        yield* reportGauges.pipe(Effect.provideService(OutboxStore, outbox))
      }
      const free = resolved.concurrency - (yield* Ref.get(inFlight))
      const events = free > 0 ? yield* store.claim(claimOptions(resolved, free)) : []
      for (const event of events) {
        yield* Ref.update(inFlight, (n) => n + 1)
        yield* FiberSet.run(fibers, work(event))
      }
      yield* Effect.raceFirst(Queue.take(wake), Effect.sleep(resolved.pollInterval))
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.zipRight(
          Effect.logWarning("inbox worker iteration failed").pipe(Effect.annotateLogs(Redaction.outlineCause(cause))),
          Effect.sleep(resolved.pollInterval)
        )
      )
    )

    return yield* Effect.forever(iteration).pipe(
      Effect.onInterrupt(() =>
        FiberSet.awaitEmpty(fibers).pipe(
          Effect.timeout(Duration.sum(resolved.policy.attemptTimeout, Duration.seconds(5))),
          Effect.ignore
        )
      )
    )
  }))
