/**
 * The durable worker: parks the calls of crashed non-idempotent attempts, claims due calls under a lease, runs each
 * through its vendor operation with the key fixed at enqueue, lets the operation's schedule decide what a failure
 * leads to, and records the outcome. One span per attempt, linked to the trace that enqueued the call.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Tracer from "effect/Tracer"
import { isIntegrationError } from "../../core/IntegrationError.js"
import * as Redaction from "../../core/Redaction.js"
import type * as Durable from "../Durable.js"
import * as T from "./durableTelemetry.js"
import type { DurableStore, Outcome } from "./durableStore.js"
import { defaultWorkerId } from "./dispatcher.js"

export interface Resolved {
  readonly worker: string
  readonly concurrency: number
  readonly leaseMillis: number
  readonly pollInterval: Duration.Duration
  readonly gaugeMillis: number
  readonly reconcileMillis: number
}

export const resolve = (options: Durable.WorkerOptions): Resolved => {
  const lease = Duration.decode(options.lease ?? Duration.minutes(2))
  const concurrency = options.concurrency ?? 16
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError("Durable worker: concurrency must be a whole number, 1 or more")
  if (Duration.toMillis(lease) < 100) throw new RangeError("Durable worker: lease must be 100 ms or more")
  return {
    worker: options.worker ?? defaultWorkerId(),
    concurrency,
    leaseMillis: Duration.toMillis(lease),
    pollInterval: Duration.decode(options.pollInterval ?? Duration.seconds(1)),
    gaugeMillis: Duration.toMillis(Duration.decode(options.gaugeInterval ?? Duration.seconds(10))),
    reconcileMillis: Duration.toMillis(Duration.decode(options.reconcileInterval ?? Duration.minutes(1)))
  }
}

export interface ResolvedSchedule {
  readonly initialDelayMillis: number
  readonly factor: number
  readonly maxDelayMillis: number
  readonly jitter: number
  readonly maxAttempts: number
  readonly giveUpAfterMillis: number
}

export const resolveSchedule = (input: Durable.ScheduleInput | undefined): ResolvedSchedule => ({
  initialDelayMillis: Duration.toMillis(Duration.decode(input?.initialDelay ?? Duration.seconds(1))),
  factor: input?.factor ?? 2,
  maxDelayMillis: Duration.toMillis(Duration.decode(input?.maxDelay ?? Duration.minutes(5))),
  jitter: input?.jitter ?? 0.2,
  maxAttempts: input?.maxAttempts ?? 10,
  giveUpAfterMillis: Duration.toMillis(Duration.decode(input?.giveUpAfter ?? Duration.hours(24)))
})

/** The delay before the attempt after `attempt` (1-based) failed: exponential, capped, with jitter below it. */
export const delayMillis = (schedule: ResolvedSchedule, attempt: number, random: number): number => {
  const raw = Math.min(schedule.maxDelayMillis, schedule.initialDelayMillis * Math.pow(schedule.factor, Math.max(0, attempt - 1)))
  return Math.round(raw * (1 - schedule.jitter * random))
}

/** A short description of a failure for the row: the error's message (metadata only, never a payload). */
const describe = (cause: Cause.Cause<unknown>): { readonly error: unknown; readonly text: string } => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    return { error, text: isIntegrationError(error) ? error.message : String(error) }
  }
  const defect = Cause.dieOption(cause)
  if (Option.isSome(defect)) {
    const d = defect.value
    return { error: d, text: `defect: ${d instanceof Error ? `${d.name}: ${d.message}` : "unknown"}` }
  }
  return { error: undefined, text: "interrupted" }
}

export interface Context {
  readonly store: DurableStore
  readonly resolved: Resolved
  readonly operations: ReadonlyMap<string, Durable.AnyOperation>
}

/**
 * Refusals of the client's own policies: nothing reached the vendor, and the durable schedule outlasts an open
 * breaker or a full bulkhead, so these are tried again later even though the client does not retry them itself.
 */
const notSentYet: ReadonlySet<string> = new Set(["CircuitOpen", "BulkheadRejected"])

/** Decides what a failed attempt leads to. */
const afterFailure = (
  op: Durable.AnyOperation,
  call: Durable.Call,
  schedule: ResolvedSchedule,
  error: unknown,
  text: string,
  ambiguousByLease: boolean
): Effect.Effect<Outcome> =>
  Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const integration = isIntegrationError(error) ? error : undefined
    const ambiguous = ambiguousByLease || (integration !== undefined && op.isAmbiguous(integration))
    if (ambiguous && !op.idempotencyKeys) {
      return { _tag: "Unconfirmed", reason: "the vendor may have acted and cannot de-duplicate a resend", error: text }
    }
    // An ambiguous attempt of an idempotent call is retried: the same key makes the vendor answer the first result.
    const retryable = ambiguous ||
      (integration !== undefined && (integration.retryable || notSentYet.has(integration.reason)))
    if (!retryable) {
      return { _tag: "Dead", reason: integration === undefined ? "failed" : `not retryable (${integration.reason})`, error: text }
    }
    if (call.cycleAttempts >= schedule.maxAttempts) {
      return { _tag: "Dead", reason: `gave up after ${call.cycleAttempts} attempts`, error: text }
    }
    const retryAfter = integration?.retryAfter === undefined ? 0 : Duration.toMillis(integration.retryAfter)
    const at = now + Math.max(retryAfter, delayMillis(schedule, call.cycleAttempts, yield* Random.next))
    if (at - call.cycleStartedAt > schedule.giveUpAfterMillis) {
      return { _tag: "Dead", reason: `gave up after ${Duration.format(Duration.millis(schedule.giveUpAfterMillis))}`, error: text }
    }
    return { _tag: "Retry", at, error: text }
  })

const label = (outcome: Outcome): string =>
  outcome._tag === "Succeeded" ? "succeeded" : outcome._tag === "Retry" ? "retrying" : outcome._tag === "Dead" ? "dead" : "unconfirmed"

export interface AttemptSummary {
  readonly claimed: number
  readonly succeeded: number
  readonly retrying: number
  readonly dead: number
  readonly unconfirmed: number
  readonly leaseLost: number
}

export const emptySummary: AttemptSummary = { claimed: 0, succeeded: 0, retrying: 0, dead: 0, unconfirmed: 0, leaseLost: 0 }

export const add = (a: AttemptSummary, b: AttemptSummary): AttemptSummary => ({
  claimed: a.claimed + b.claimed,
  succeeded: a.succeeded + b.succeeded,
  retrying: a.retrying + b.retrying,
  dead: a.dead + b.dead,
  unconfirmed: a.unconfirmed + b.unconfirmed,
  leaseLost: a.leaseLost + b.leaseLost
})

const linkOf = (call: Durable.Call): ReadonlyArray<Tracer.SpanLink> =>
  call.traceId === undefined || call.spanId === undefined
    ? []
    : [{ _tag: "SpanLink", span: Tracer.externalSpan({ traceId: call.traceId, spanId: call.spanId }), attributes: { "integration.durable.link": "enqueue" } }]

export const attempt = <R>(ctx: Context, call: Durable.Call): Effect.Effect<AttemptSummary, SqlError, R> =>
  Effect.gen(function*() {
    const op = ctx.operations.get(call.operation)!
    const schedule = op.schedule
    const startedAt = yield* Clock.currentTimeMillis
    const leaseUntil = call.nextAttemptAt
    const finish = (outcome: Outcome) =>
      Effect.gen(function*() {
        const applied = yield* ctx.store.complete(call.key, ctx.resolved.worker, outcome)
        const name = applied ? label(outcome) : "lease_lost"
        yield* Effect.annotateCurrentSpan(T.Attr.outcome, name)
        yield* Metric.increment(Metric.tagged(Metric.tagged(T.outcomes, T.Tag.outcome, name), T.Tag.operation, op.name))
        const finishedAt = yield* Clock.currentTimeMillis
        yield* Metric.update(Metric.tagged(T.attemptDuration, T.Tag.operation, op.name), Math.max(0, finishedAt - startedAt))
        return {
          ...emptySummary,
          claimed: 1,
          succeeded: applied && outcome._tag === "Succeeded" ? 1 : 0,
          retrying: applied && outcome._tag === "Retry" ? 1 : 0,
          dead: applied && outcome._tag === "Dead" ? 1 : 0,
          unconfirmed: applied && outcome._tag === "Unconfirmed" ? 1 : 0,
          leaseLost: applied ? 0 : 1
        }
      })
    const decoded = yield* Effect.either(op.decodeInput(call.input))
    if (decoded._tag === "Left") {
      return yield* finish({ _tag: "Dead", reason: "the stored input no longer decodes with the operation's Schema", error: decoded.left })
    }
    // A non-idempotent call says it is going out before it does: a crash from here on parks it instead of resending.
    if (!op.idempotencyKeys && !(yield* ctx.store.markStarted(call.key, ctx.resolved.worker))) {
      return { ...emptySummary, claimed: 1, leaseLost: 1 }
    }
    // The attempt ends before the lease does (a margin for clock drift), so no successor sends while it runs; one cut
    // short may have reached the vendor.
    const budget = Math.max(1, leaseUntil - startedAt - Math.min(1_000, Math.floor(ctx.resolved.leaseMillis / 10)))
    const exit = yield* op.run(decoded.right, call.key).pipe(
      Effect.timeoutFail({ duration: Duration.millis(budget), onTimeout: () => new LeaseTimeout() }),
      Effect.exit
    )
    if (Exit.isSuccess(exit)) return yield* finish({ _tag: "Succeeded", result: exit.value })
    const { error, text } = describe(exit.cause)
    const outcome = yield* afterFailure(op, call, schedule, error, text, error instanceof LeaseTimeout || Cause.isInterruptedOnly(exit.cause))
    if (Cause.isDie(exit.cause) && outcome._tag !== "Unconfirmed") {
      // A defect is a bug, not a vendor answer: it stays in the DLQ until someone looks.
      return yield* finish({ _tag: "Dead", reason: "defect", error: text })
    }
    return yield* finish(outcome)
  }).pipe(
    Effect.withSpan("Durable.attempt", {
      kind: "client",
      links: linkOf(call),
      attributes: {
        [T.Attr.operation]: call.operation,
        [T.Attr.key]: call.key,
        [T.Attr.attempt]: call.attempts
      }
    })
  ) as Effect.Effect<AttemptSummary, SqlError, R>

class LeaseTimeout {
  readonly _tag = "LeaseTimeout"
  toString() {
    return "the attempt ran out of its lease"
  }
}

/** Unconfirmed calls whose operation has a reconciler, asked one by one. */
export const reconcile = <R>(ctx: Context, limit: number): Effect.Effect<number, SqlError, R> =>
  Effect.gen(function*() {
    const names = [...ctx.operations.values()].filter((op) => op.reconcile !== undefined).map((op) => op.name)
    let settled = 0
    for (const name of names) {
      const op = ctx.operations.get(name)!
      const calls = yield* ctx.store.list({ state: "unconfirmed", operation: name, limit })
      for (const call of calls) {
        const input = yield* Effect.either(op.decodeInput(call.input))
        if (input._tag === "Left") continue
        const verdict = yield* Effect.either(op.reconcile!(input.right, { key: call.key, attempts: call.attempts }))
        if (verdict._tag === "Left") continue
        const v = verdict.right
        if (v._tag === "Succeeded") {
          if (yield* ctx.store.settle(call.key, { _tag: "Succeeded", result: v.result })) settled++
        } else if (v._tag === "NotSent") {
          // Known not to have happened: safe to send, in a new attempt cycle.
          const moved = yield* ctx.store.replay({ keys: [call.key] })
          settled += moved.length
        }
      }
    }
    if (settled > 0) yield* Metric.incrementBy(T.reconciled, settled)
    return settled
  }) as Effect.Effect<number, SqlError, R>

export const reportGauges = (store: DurableStore) =>
  Effect.gen(function*() {
    const stats = yield* store.stats
    yield* Metric.set(T.queueDepth, stats.queueDepth)
    yield* Metric.set(T.oldestQueuedAge, stats.oldestQueuedAgeMillis ?? 0)
    yield* Metric.set(T.dead, stats.dead)
    yield* Metric.set(T.unconfirmed, stats.unconfirmed)
    return stats
  })

const parkCrashed = (ctx: Context) =>
  Effect.gen(function*() {
    const parked = yield* ctx.store.parkCrashed([...ctx.operations.keys()])
    for (const call of parked) {
      yield* Metric.increment(Metric.tagged(Metric.tagged(T.outcomes, T.Tag.outcome, "unconfirmed"), T.Tag.operation, call.operation))
    }
    return parked.length
  })

export const runOnce = <R>(ctx: Context): Effect.Effect<AttemptSummary, SqlError, R> =>
  Effect.gen(function*() {
    const parked = yield* parkCrashed(ctx)
    const claimed = yield* ctx.store.claim({
      worker: ctx.resolved.worker,
      limit: ctx.resolved.concurrency,
      leaseMillis: ctx.resolved.leaseMillis,
      operations: [...ctx.operations.keys()]
    })
    const results = yield* Effect.forEach(claimed, (call) => attempt<R>(ctx, call), { concurrency: "unbounded" })
    return add(results.reduce(add, emptySummary), { ...emptySummary, unconfirmed: parked })
  })

export const run = <R>(ctx: Context): Effect.Effect<never, never, R | SqlClient.SqlClient> =>
  Effect.scoped(Effect.gen(function*() {
    const { resolved, store } = ctx
    const inFlight = yield* Ref.make(0)
    const wake = yield* Queue.sliding<void>(1)
    const fibers = yield* FiberSet.make()
    let lastGauges = Number.NEGATIVE_INFINITY
    let lastReconcile = Number.NEGATIVE_INFINITY
    const reconciles = [...ctx.operations.values()].some((op) => op.reconcile !== undefined)
    // The poll is a ticker beside the loop: a finished attempt wakes the loop early, the tick makes it look for
    // crashed attempts and due calls even when nothing finishes.
    const pollTick = yield* Ref.make(true)
    yield* Effect.forkScoped(
      Effect.forever(
        Effect.zipRight(Effect.sleep(resolved.pollInterval), Effect.zipRight(Ref.set(pollTick, true), Queue.offer(wake, undefined)))
      )
    )
    const claimThreshold = Math.max(1, Math.ceil(resolved.concurrency / 2))

    const work = (call: Durable.Call) =>
      attempt<R>(ctx, call).pipe(
        Effect.catchAllCause((cause) =>
          // The lease runs out and another attempt follows (or the call is parked); nothing is lost by carrying on.
          Effect.logWarning("durable attempt could not be recorded").pipe(Effect.annotateLogs(Redaction.outlineCause(cause)))
        ),
        Effect.ensuring(Effect.zipRight(Ref.update(inFlight, (n) => n - 1), Queue.offer(wake, undefined)))
      )

    const iteration = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      if (now - lastGauges >= resolved.gaugeMillis) {
        lastGauges = now
        yield* reportGauges(store)
      }
      if (reconciles && now - lastReconcile >= resolved.reconcileMillis) {
        lastReconcile = now
        yield* reconcile<R>(ctx, 100)
      }
      const pollDue = yield* Ref.getAndSet(pollTick, false)
      if (pollDue) yield* parkCrashed(ctx)
      const busy = yield* Ref.get(inFlight)
      const free = resolved.concurrency - busy
      // Claiming costs a statement and a commit: after a wake-up, wait until enough slots are free to make it a batch,
      // unless the loop is idle or the poll interval has passed.
      if (free > 0 && (pollDue || busy === 0 || free >= claimThreshold)) {
        const claimed = yield* store.claim({
          worker: resolved.worker,
          limit: free,
          leaseMillis: resolved.leaseMillis,
          operations: [...ctx.operations.keys()]
        })
        for (const call of claimed) {
          yield* Ref.update(inFlight, (n) => n + 1)
          yield* FiberSet.run(fibers, work(call))
        }
      }
      yield* Queue.take(wake)
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.zipRight(
          Effect.logWarning("durable worker iteration failed").pipe(Effect.annotateLogs(Redaction.outlineCause(cause))),
          Effect.sleep(resolved.pollInterval)
        )
      )
    )

    return yield* Effect.forever(iteration).pipe(
      Effect.onInterrupt(() =>
        FiberSet.awaitEmpty(fibers).pipe(Effect.timeout(Duration.millis(resolved.leaseMillis)), Effect.ignore)
      )
    )
  })) as Effect.Effect<never, never, R | SqlClient.SqlClient>
