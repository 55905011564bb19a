/**
 * The dispatcher body: claim due deliveries under a lease, send each signed attempt, classify the response, let the
 * schedule decide what comes next, and record it together with the endpoint's breaker state in one transaction.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type { SqlError } from "@effect/sql/SqlError"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import * as NodeCrypto from "node:crypto"
import * as NodeOs from "node:os"
import * as Validation from "../../core/internal/policyValidation.js"
import * as Redaction from "../../core/Redaction.js"
import * as ServerHints from "../../core/ServerHints.js"
import { spanEvent } from "../../core/Telemetry.js"
import type { Options, Summary } from "../Dispatcher.js"
import type { AttemptResult, Stats } from "../OutboxModel.js"
import * as OutboxPolicy from "../OutboxPolicy.js"
import * as OutboxSigning from "../OutboxSigning.js"
import type * as Store from "../OutboxStore.js"
import { OutboxStore } from "../OutboxStore.js"
import * as T from "../OutboxTelemetry.js"
import { blockedBy } from "./ssrfCheck.js"

interface Resolved {
  readonly policy: OutboxPolicy.Policy
  readonly worker: string
  readonly concurrency: number
  readonly perEndpoint: number
  readonly pollInterval: Duration.Duration
  readonly gaugeMillis: number
  readonly userAgent: string
  /** Slack kept between the end of the longest attempt and the lease expiry, for clock drift between processes. */
  readonly leaseMarginMillis: number
}

export const defaultWorkerId = (): string =>
  `${NodeOs.hostname()}:${process.pid}:${NodeCrypto.randomBytes(4).toString("hex")}`

const optionRules: Validation.Rules = {
  concurrency: Validation.whole(1),
  perEndpointConcurrency: Validation.whole(1),
  pollInterval: Validation.finiteDuration,
  gaugeInterval: Validation.finiteDuration
}

/** Throws a `RangeError` naming every bad setting (the delivery policy's and the dispatcher's own). */
export const resolve = (options: Options): Resolved => {
  Validation.orThrow("outbox dispatcher", Validation.fields("", options, optionRules))
  const policy = OutboxPolicy.make(options)
  const slack = Duration.toMillis(policy.lease) - Duration.toMillis(policy.attemptTimeout)
  return {
    policy,
    leaseMarginMillis: Math.min(1_000, Math.floor(slack / 2)),
    worker: options.worker ?? defaultWorkerId(),
    concurrency: options.concurrency ?? 16,
    perEndpoint: options.perEndpointConcurrency ?? 4,
    pollInterval: Duration.decode(options.pollInterval ?? Duration.seconds(1)),
    gaugeMillis: Duration.toMillis(Duration.decode(options.gaugeInterval ?? Duration.seconds(10))),
    userAgent: options.userAgent ?? "effect-integrations-outbox/0.1"
  }
}

interface Response {
  readonly result: AttemptResult
  readonly status: number | undefined
  readonly error: string | undefined
  /** A server's `Retry-After` on 429 or 503. */
  readonly retryAfter: Duration.Duration | undefined
}

/**
 * A request error, told apart: a destination the SSRF guard refused for good (a private address, a URL it does not
 * accept) is its own result, since sending again would be refused again; a failed DNS lookup behind the guard stays a
 * transport error and is retried like any other.
 */
const failedRequest = (error: HttpClientError.HttpClientError): Response => {
  const blocked = blockedBy(error)
  if (Option.isSome(blocked) && !blocked.value.transient) {
    const address = blocked.value.address === undefined ? "" : ` (${blocked.value.address})`
    return {
      result: "ssrf",
      status: undefined,
      error: `refused by the SSRF guard: ${blocked.value.reason}${address}`,
      retryAfter: undefined
    }
  }
  const code = Option.isSome(blocked) ? blocked.value.reason : transportCode(error)
  return { result: "transport_error", status: undefined, error: `transport error (${code})`, retryAfter: undefined }
}

const transportCode = (error: HttpClientError.HttpClientError): string => {
  const cause = error.cause as { readonly code?: unknown } | undefined
  const code = typeof cause === "object" && cause !== null ? cause.code : undefined
  return typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? code : error.reason
}

const classify = (status: number, retryAfter: Option.Option<Duration.Duration>): Response => {
  const hint = (status === 429 || status === 503) ? Option.getOrUndefined(retryAfter) : undefined
  if (status >= 200 && status < 300) return { result: "success", status, error: undefined, retryAfter: undefined }
  if (status >= 300 && status < 400) {
    return { result: "redirect", status, error: `HTTP ${status}: redirects are not followed`, retryAfter: undefined }
  }
  if (status === 410) return { result: "gone", status, error: "HTTP 410 Gone", retryAfter: undefined }
  if (status === 429) return { result: "rate_limited", status, error: "HTTP 429", retryAfter: hint }
  return { result: "http_error", status, error: `HTTP ${status}`, retryAfter: hint }
}

/** Bodies up to this declared size are read whole; they cost less that way than through a Stream. */
const SMALL_BODY_BYTES = 64 * 1024

/**
 * Reads the response body to its end, dropping it, so the keep-alive connection goes back to the pool; aborting
 * instead would cost a new connection per attempt. Most receivers answer 2xx with no body, which needs no read at all;
 * a body of unknown or large size is drained as a stream, so a hostile receiver cannot make us buffer it.
 */
const discardBody = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> => {
  if (response.status === 204 || response.status === 304) return Effect.void
  const declared = response.headers["content-length"]
  const length = declared === undefined ? NaN : Number(declared)
  if (length === 0) return Effect.void
  if (length > 0 && length <= SMALL_BODY_BYTES) return Effect.ignore(response.arrayBuffer)
  return Effect.ignore(Stream.runDrain(response.stream))
}

const send = (
  client: HttpClient.HttpClient,
  resolved: Resolved,
  claimed: Store.ClaimedDelivery,
  startedAt: number
): Effect.Effect<Response> => {
  const headers = OutboxSigning.sign({
    id: claimed.messageId,
    // A fresh timestamp per attempt: receivers reject stale ones, while the id stays the same for deduplication.
    timestampSeconds: Math.floor(startedAt / 1000),
    body: claimed.payload,
    secrets: claimed.secrets
  })
  const request = HttpClientRequest.post(claimed.url).pipe(
    HttpClientRequest.setHeaders({ ...headers, "user-agent": resolved.userAgent }),
    HttpClientRequest.bodyText(claimed.payload, "application/json")
  )
  const timeoutText = `timed out after ${Duration.format(resolved.policy.attemptTimeout)}`
  return Effect.suspend(() => {
    // The status decides the attempt; a body still trickling in when the timeout fires does not undo it.
    let answered: Response | undefined
    return client.execute(request).pipe(
      Effect.flatMap((response) => {
        answered = classify(
          response.status,
          ServerHints.retryAfter(ServerHints.lookupFromRecord(response.headers), startedAt)
        )
        return discardBody(response)
      }),
      // One timeout over headers and body keeps every attempt shorter than its lease.
      Effect.timeoutFail({ duration: resolved.policy.attemptTimeout, onTimeout: () => "timeout" as const }),
      Effect.flatMap(() => Effect.succeed(answered!)),
      Effect.catchAll((error): Effect.Effect<Response> =>
        Effect.succeed(
          answered !== undefined
            ? answered
            : error === "timeout"
            ? { result: "timeout", status: undefined, error: timeoutText, retryAfter: undefined }
            : failedRequest(error)
        )
      )
    )
  })
}

interface Decision {
  readonly next: Store.Next
  readonly pauseMillis: number | undefined
}

const decideNext = (
  policy: OutboxPolicy.Policy,
  claimed: Store.ClaimedDelivery,
  response: Response,
  finishedAt: number
): Effect.Effect<Decision> =>
  Effect.gen(function*() {
    if (response.result === "success") return { next: { _tag: "Delivered" }, pauseMillis: undefined }
    // No schedule can change the guard's verdict: retrying would only refuse the same destination again.
    if (response.result === "ssrf") return { next: { _tag: "Dead" }, pauseMillis: undefined }
    const random = yield* Random.next
    const scheduled = OutboxPolicy.retryDelayMillis(policy, claimed.cycleAttempt, random)
    if (Option.isNone(scheduled)) return { next: { _tag: "Dead" }, pauseMillis: undefined }
    // A server that says when to come back is believed (within the clamps) over the schedule.
    const pauseMillis = response.retryAfter === undefined
      ? undefined
      : OutboxPolicy.clampRetryAfterMillis(policy, response.retryAfter)
    return { next: { _tag: "Retry", at: finishedAt + (pauseMillis ?? scheduled.value) }, pauseMillis }
  })

const endpointChange = (
  policy: OutboxPolicy.Policy,
  response: Response,
  decision: Decision,
  finishedAt: number
) =>
(health: Store.EndpointHealth): Store.EndpointChange => {
  let openUntil = decision.pauseMillis === undefined ? undefined : finishedAt + decision.pauseMillis
  let disableReason: string | undefined
  if (response.result !== "success" && response.result !== "rate_limited") {
    const open = OutboxPolicy.breakerOpenMillis(policy, health.consecutiveFailures)
    if (Option.isSome(open)) openUntil = Math.max(openUntil ?? 0, finishedAt + open.value)
    if (response.result === "gone") {
      disableReason = "endpoint answered 410 Gone"
    } else if (
      health.failingSince !== undefined && finishedAt - health.failingSince >= Duration.toMillis(policy.disableAfter)
    ) {
      disableReason = `endpoint failing without a success for ${Duration.format(policy.disableAfter)}`
    }
  }
  return { openUntil, disableReason }
}

const outcomeOf = (next: Store.Next) =>
  next._tag === "Delivered" ? "delivered" : next._tag === "Dead" ? "dead" : "retrying"

interface Context {
  readonly store: Store.Service
  readonly client: HttpClient.HttpClient
  readonly resolved: Resolved
  /** Records a success through the batching recorder. */
  readonly recordDelivered: (record: Store.AttemptRecord) => Effect.Effect<boolean, SqlError>
}

/**
 * Successes on healthy endpoints are most of the traffic; they are recorded in batches (one transaction for every
 * success that finished while the previous batch was being written), which takes most statements and commits off the
 * per-delivery path. Failures keep their own transaction, where the breaker is decided.
 */
const makeRecorder = (store: Store.Service) =>
  Effect.gen(function*() {
    const queue = yield* Queue.unbounded<readonly [Store.AttemptRecord, Deferred.Deferred<boolean, SqlError>]>()
    yield* Effect.forkScoped(Effect.forever(Effect.gen(function*() {
      const batch = Chunk.toReadonlyArray(yield* Queue.takeBetween(queue, 1, 128))
      const exit = yield* Effect.exit(store.recordDelivered(batch.map(([record]) => record)))
      for (const [record, deferred] of batch) {
        yield* Deferred.done(deferred, Exit.map(exit, (applied) => applied.has(record.deliveryId)))
      }
    })))
    return (record: Store.AttemptRecord) =>
      Effect.flatMap(Deferred.make<boolean, SqlError>(), (deferred) =>
        Effect.zipRight(Queue.offer(queue, [record, deferred] as const), Deferred.await(deferred)))
  })

const attempt = (ctx: Context, claimed: Store.ClaimedDelivery): Effect.Effect<Summary, SqlError> =>
  Effect.gen(function*() {
    const { client, resolved, store } = ctx
    const startedAt = yield* Clock.currentTimeMillis
    // An attempt must end before the lease does, or a successor could send the same delivery concurrently. A worker
    // that got to it too late (starved of CPU, paused) gives it back untried.
    if (startedAt + Duration.toMillis(resolved.policy.attemptTimeout) > claimed.leaseUntil - resolved.leaseMarginMillis) {
      const released = yield* store.release([claimed.id], resolved.worker)
      yield* Effect.annotateCurrentSpan(T.Attr.outcome, "released")
      return { ...emptySummary, claimed: 1, released }
    }
    const response = yield* send(client, resolved, claimed, startedAt)
    const finishedAt = yield* Clock.currentTimeMillis
    const decision = yield* decideNext(resolved.policy, claimed, response, finishedAt)
    const record: Store.AttemptRecord = {
      deliveryId: claimed.id,
      endpointId: claimed.endpointId,
      worker: resolved.worker,
      attempt: claimed.attempt,
      startedAt,
      finishedAt,
      status: response.status,
      result: response.result,
      error: response.error,
      next: decision.next,
      // A success only writes to the endpoint when the claim saw a failure streak to clear: concurrent successes
      // then never contend for the endpoint's row.
      endpointEffect: response.result === "success"
        ? (claimed.endpointConsecutiveFailures > 0 ? "success" : "unchanged")
        : response.result === "rate_limited"
        ? "neutral"
        : "failure"
    }
    const outcome: Store.RecordOutcome = record.endpointEffect === "unchanged"
      ? { applied: yield* ctx.recordDelivered(record), health: undefined, change: {} }
      : yield* store.recordAttempt(record, endpointChange(resolved.policy, response, decision, finishedAt))
    const label = outcomeOf(decision.next)
    yield* Effect.annotateCurrentSpan({
      [T.Attr.outcome]: outcome.applied ? label : "lease_lost",
      [T.Attr.result]: response.result,
      ...(response.status !== undefined ? { [T.Attr.httpStatus]: response.status } : {})
    })
    yield* Metric.update(
      Metric.tagged(T.attemptDuration, T.Tag.result, response.result),
      Math.max(0, finishedAt - startedAt)
    )
    yield* Metric.increment(
      Metric.tagged(
        Metric.tagged(T.deliveries, T.Tag.outcome, outcome.applied ? label : "lease_lost"),
        T.Tag.result,
        response.result
      )
    )
    const health = outcome.health
    if (
      health !== undefined && response.result !== "rate_limited" &&
      Option.isSome(OutboxPolicy.breakerOpenMillis(resolved.policy, health.consecutiveFailures))
    ) {
      yield* Metric.increment(T.breakerOpened)
      yield* spanEvent(T.Event.breakerOpened, { [T.Attr.endpointId]: claimed.endpointId })
    }
    if (outcome.change.disableReason !== undefined && outcome.health?.enabled === true) {
      yield* Metric.increment(T.endpointsDisabled)
      yield* spanEvent(T.Event.endpointDisabled, { [T.Attr.endpointId]: claimed.endpointId })
      yield* Effect.logWarning("outbox endpoint disabled").pipe(
        Effect.annotateLogs({ [T.Attr.endpointId]: claimed.endpointId, reason: outcome.change.disableReason })
      )
    }
    if (!outcome.applied) yield* spanEvent(T.Event.leaseLost, { [T.Attr.deliveryId]: claimed.id })
    return {
      claimed: 1,
      delivered: outcome.applied && label === "delivered" ? 1 : 0,
      retrying: outcome.applied && label === "retrying" ? 1 : 0,
      dead: outcome.applied && label === "dead" ? 1 : 0,
      leaseLost: outcome.applied ? 0 : 1,
      released: 0
    }
  }).pipe(
    Effect.withSpan("Outbox.deliver", {
      kind: "client",
      attributes: {
        [T.Attr.endpointId]: claimed.endpointId,
        [T.Attr.deliveryId]: claimed.id,
        [T.Attr.messageType]: claimed.messageType,
        [T.Attr.attempt]: claimed.attempt,
        [T.Attr.httpMethod]: "POST"
      }
    })
  )

const emptySummary: Summary = { claimed: 0, delivered: 0, retrying: 0, dead: 0, leaseLost: 0, released: 0 }

const add = (a: Summary, b: Summary): Summary => ({
  claimed: a.claimed + b.claimed,
  delivered: a.delivered + b.delivered,
  retrying: a.retrying + b.retrying,
  dead: a.dead + b.dead,
  leaseLost: a.leaseLost + b.leaseLost,
  released: a.released + b.released
})

const setup = (options: Options) =>
  Effect.gen(function*() {
    const resolved = yield* Effect.try({ try: () => resolve(options), catch: (error) => error }).pipe(Effect.orDie)
    const store = yield* OutboxStore
    const client = (yield* HttpClient.HttpClient).pipe(
      // Endpoint URLs may carry tokens in their query, and receivers are third parties: no client span with the
      // URL and no trace context on the wire. `Outbox.deliver` is the span.
      HttpClient.withTracerDisabledWhen(() => true),
      HttpClient.withTracerPropagation(false)
    )
    const recordDelivered = yield* makeRecorder(store)
    return { resolved, store, client, recordDelivered } satisfies Context
  })

const claimOptions = (resolved: Resolved, limit: number): Store.ClaimOptions => ({
  worker: resolved.worker,
  limit,
  leaseMillis: Duration.toMillis(resolved.policy.lease),
  perEndpoint: resolved.perEndpoint,
  breakerThreshold: resolved.policy.breakerThreshold
})

export const reportGauges: Effect.Effect<Stats, SqlError, OutboxStore> = Effect.gen(function*() {
  const store = yield* OutboxStore
  const stats = yield* store.stats
  yield* Metric.set(T.queueDepth, stats.queueDepth)
  yield* Metric.set(T.oldestPendingAge, stats.oldestPendingAgeMillis ?? 0)
  yield* Metric.set(T.dead, stats.dead)
  return stats
})

export const runOnce = (
  options: Options = {}
): Effect.Effect<Summary, SqlError, OutboxStore | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const ctx = yield* setup(options)
    const claimed = yield* ctx.store.claim(claimOptions(ctx.resolved, ctx.resolved.concurrency))
    const results = yield* Effect.forEach(claimed, (c) => attempt(ctx, c), { concurrency: "unbounded" })
    return results.reduce(add, emptySummary)
  }).pipe(Effect.scoped)

export const drain = (
  options: Options = {}
): Effect.Effect<Summary, SqlError, OutboxStore | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const once = runOnce({ ...options, worker: options.worker ?? defaultWorkerId() })
    let total = emptySummary
    while (true) {
      const summary = yield* once
      if (summary.claimed === 0) return total
      total = add(total, summary)
    }
  })

export const run = (options: Options = {}): Effect.Effect<never, never, OutboxStore | HttpClient.HttpClient> =>
  Effect.scoped(Effect.gen(function*() {
    const ctx = yield* setup(options)
    const { resolved, store } = ctx
    const inFlight = yield* Ref.make(0)
    const wake = yield* Queue.sliding<void>(1)
    const fibers = yield* FiberSet.make()
    let lastGauges = Number.NEGATIVE_INFINITY
    let pollDue = true
    // The poll is a ticker beside the loop rather than a sleep raced against every wake-up: a race forks two fibers
    // per finished attempt, which cost more than the rest of the loop.
    const pollTick = yield* Ref.make(false)
    yield* Effect.forkScoped(
      Effect.forever(
        Effect.zipRight(Effect.sleep(resolved.pollInterval), Effect.zipRight(Ref.set(pollTick, true), Queue.offer(wake, undefined)))
      )
    )
    const claimThreshold = Math.max(1, Math.ceil(resolved.concurrency / 2))

    const work = (claimed: Store.ClaimedDelivery) =>
      attempt(ctx, claimed).pipe(
        Effect.catchAllCause((cause) =>
          // The lease runs out and another attempt follows; nothing is lost by carrying on. The cause is outlined, not
          // printed: a database error message can quote the values that failed.
          Effect.logWarning("outbox attempt could not be recorded").pipe(Effect.annotateLogs(Redaction.outlineCause(cause)))
        ),
        Effect.ensuring(Effect.zipRight(Ref.update(inFlight, (n) => n - 1), Queue.offer(wake, undefined)))
      )

    const iteration = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      if (now - lastGauges >= resolved.gaugeMillis) {
        lastGauges = now
        yield* reportGauges.pipe(Effect.provideService(OutboxStore, store))
      }
      const busy = yield* Ref.get(inFlight)
      const free = resolved.concurrency - busy
      // Claiming costs a few statements and a commit: after a wake-up, wait until enough slots are free to make it a
      // batch, unless the loop is idle or the poll interval has passed.
      if (free > 0 && (pollDue || busy === 0 || free >= claimThreshold)) {
        const claimed = yield* store.claim(claimOptions(resolved, free))
        for (const c of claimed) {
          yield* Ref.update(inFlight, (n) => n + 1)
          yield* FiberSet.run(fibers, work(c))
        }
      }
      // A finished attempt frees a slot (and maybe per-endpoint capacity), so it wakes the loop before the poll.
      yield* Queue.take(wake)
      pollDue = yield* Ref.getAndSet(pollTick, false)
    }).pipe(
      Effect.catchAllCause((cause) =>
        Effect.zipRight(
          Effect.logWarning("outbox dispatcher iteration failed").pipe(
            Effect.annotateLogs(Redaction.outlineCause(cause))
          ),
          Effect.sleep(resolved.pollInterval)
        )
      )
    )

    return yield* Effect.forever(iteration).pipe(
      // Shutting down lets attempts in flight finish (each is bounded by its timeout) instead of abandoning leases.
      Effect.onInterrupt(() =>
        FiberSet.awaitEmpty(fibers).pipe(
          Effect.timeout(Duration.sum(resolved.policy.attemptTimeout, Duration.seconds(5))),
          Effect.ignore
        )
      )
    )
  }))
