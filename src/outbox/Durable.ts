/**
 * Durable vendor calls: a side effect at a vendor (send this e-mail, create this customer) recorded in the same
 * database transaction as the business change, executed at least once by workers that survive crashes, and performed
 * once. The idempotency key is fixed at enqueue and sent on every attempt, so a vendor that honours keys (Stripe,
 * Resend) acts once however often the call is repeated; for a vendor that cannot de-duplicate (an SMS), an attempt
 * whose outcome is unknown is parked as `unconfirmed` for a reconciler or an operator, never sent again blindly.
 *
 * @example
 * ```ts
 * import { SqlClient } from "@effect/sql"
 * import { Effect, Schema } from "effect"
 * import { Durable } from "effect-integrations/outbox"
 * import { ResendClient, ResendSchemas } from "effect-integrations/resend"
 *
 * const sendEmail = Durable.operation({
 *   name: "resend.emails.send",
 *   input: ResendSchemas.SendEmailParams,
 *   output: Schema.Struct({ id: Schema.String }),
 *   idempotencyKeys: true,
 *   call: Durable.method(ResendClient.ResendClient, (resend) => resend.emails.send),
 *   schedule: { initialDelay: "1 second", maxAttempts: 8, giveUpAfter: "1 day" }
 * })
 *
 * // The e-mail is queued if and only if the user is created: one transaction, one key.
 * const signUp = (user: { readonly id: string; readonly email: string }) =>
 *   Effect.flatMap(SqlClient.SqlClient, (sql) =>
 *     sql.withTransaction(Effect.gen(function*() {
 *       yield* sql`INSERT INTO users ${sql.insert(user)}`
 *       yield* Durable.enqueue(sendEmail, {
 *         from: "hello@example.com",
 *         to: user.email,
 *         subject: "Welcome",
 *         text: "Welcome aboard"
 *       }, { key: `welcome/${user.id}` })
 *     })))
 *
 * // In a worker process: Durable.run(Durable.registry(sendEmail)), with the Resend client and the SqlClient provided.
 * ```
 *
 * @since 0.3.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Sql from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as HttpIntegration from "../core/HttpIntegration.js"
import type { IntegrationError } from "../core/IntegrationError.js"
import * as store from "./internal/durableStore.js"
import * as T from "./internal/durableTelemetry.js"
import * as worker from "./internal/durableWorker.js"

/**
 * Where a durable call stands. `pending`, `running` and `retrying` are queued; `succeeded` and `cancelled` are final;
 * `dead` (the DLQ: out of attempts or time, or a failure no retry can fix) and `unconfirmed` (the vendor may have
 * acted and cannot de-duplicate a resend) wait for a reconciler or an operator.
 *
 * @since 0.3.0
 * @category Models
 */
export type CallState = "pending" | "running" | "retrying" | "succeeded" | "dead" | "unconfirmed" | "cancelled"

/**
 * A durable call as stored. `input` and `result` are the Schema-encoded JSON text.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Call {
  /** The idempotency key, fixed at enqueue: the call's identity. */
  readonly key: string
  readonly operation: string
  readonly input: string
  /** Whether the operation's vendor honours idempotency keys (as registered when the call was enqueued). */
  readonly idempotent: boolean
  readonly state: CallState
  readonly attempts: number
  readonly cycleAttempts: number
  readonly cycleStartedAt: number
  /** When it is due; while `running`, when its lease expires. */
  readonly nextAttemptAt: number
  readonly leaseOwner: string | undefined
  readonly attemptStartedAt: number | undefined
  readonly result: string | undefined
  readonly lastError: string | undefined
  /** Why it is dead, unconfirmed or cancelled. */
  readonly reason: string | undefined
  /** The trace that enqueued it; each attempt's span links to it. */
  readonly traceId: string | undefined
  readonly spanId: string | undefined
  readonly createdAt: number
  readonly updatedAt: number
  /** When it reached `succeeded`, `dead`, `unconfirmed` or `cancelled`. */
  readonly completedAt: number | undefined
}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Stats {
  readonly pending: number
  readonly running: number
  readonly retrying: number
  readonly succeeded: number
  readonly dead: number
  readonly unconfirmed: number
  readonly cancelled: number
  readonly queueDepth: number
  readonly oldestQueuedAgeMillis: number | undefined
}

/**
 * @since 0.3.0
 * @category Errors
 */
export class DurableError extends Schema.TaggedError<DurableError>("effect-integrations/DurableError")("DurableError", {
  reason: Schema.Literal("NotFound", "InvalidInput", "KeyReused", "NotSettled"),
  key: Schema.String,
  description: Schema.String
}) {
  override get message(): string {
    return `durable call ${JSON.stringify(this.key)}: ${this.reason} - ${this.description}`
  }
}

/**
 * @since 0.3.0
 * @category Guards
 */
export const isDurableError = (u: unknown): u is DurableError => Predicate.isTagged(u, "DurableError")

/**
 * When a failed call is tried again: exponential backoff from `initialDelay` (default 1 s) by `factor` (2) up to
 * `maxDelay` (5 min), with up to `jitter` (0.2) of each delay taken off at random, at most `maxAttempts` (10) per
 * cycle and never later than `giveUpAfter` (24 h) after the cycle began. A vendor's `Retry-After` wins when longer.
 * Each attempt runs the vendor client with all its own policies (its retries, breaker, limiter, timeouts) inside.
 *
 * @since 0.3.0
 * @category Models
 */
export interface ScheduleInput {
  readonly initialDelay?: Duration.DurationInput | undefined
  readonly factor?: number | undefined
  readonly maxDelay?: Duration.DurationInput | undefined
  readonly jitter?: number | undefined
  readonly maxAttempts?: number | undefined
  readonly giveUpAfter?: Duration.DurationInput | undefined
}

/**
 * What a reconciler found out about an unconfirmed call: it happened (with the vendor's result), it did not (it is
 * then sent again, in a new attempt cycle), or it cannot tell yet.
 *
 * @since 0.3.0
 * @category Models
 */
export type Reconciled<O> =
  | { readonly _tag: "Succeeded"; readonly value: O }
  | { readonly _tag: "NotSent" }
  | { readonly _tag: "Unknown" }

/**
 * A vendor operation made durable.
 *
 * @since 0.3.0
 * @category Models
 */
export interface OperationSpec<I, IE, O, OE, R> {
  /** The name calls are stored under: stable across deploys (`resend.emails.send`). */
  readonly name: string
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
  /**
   * Whether the vendor honours idempotency keys for this operation: then the key goes on every attempt and an
   * ambiguous attempt is simply repeated. Otherwise an ambiguous attempt is parked as `unconfirmed`.
   */
  readonly idempotencyKeys: boolean
  /** The vendor client's method (see `method`); `options.idempotencyKey` is the call's key when `idempotencyKeys`. */
  readonly call: (input: I, options: HttpIntegration.CallOptions) => Effect.Effect<O, IntegrationError, R>
  readonly schedule?: ScheduleInput | undefined
  /**
   * Whether a failure leaves the outcome unknown. Default: `mayHaveSucceeded` (a request that went out and got no
   * answer); a vendor module's guard (`TwilioError.isAmbiguousSend`, which also counts a 5xx) may say more.
   */
  readonly ambiguous?: ((error: IntegrationError) => boolean) | undefined
  /** Looks an unconfirmed call up at the vendor (find the message by its body and recipient, say). */
  readonly reconcile?:
    | ((input: I, context: { readonly key: string; readonly attempts: number }) => Effect.Effect<Reconciled<O>, IntegrationError, R>)
    | undefined
}

/**
 * A durable operation, ready to `enqueue` and to register with a worker. `R` is what its vendor call needs (the
 * vendor client's Tag).
 *
 * @since 0.3.0
 * @category Models
 */
export interface Operation<I, O, R> {
  readonly name: string
  readonly idempotencyKeys: boolean
  encodeInput(input: I): Effect.Effect<string, ParseResult.ParseError>
  /** The result as stored (`undefined` when the output Schema cannot encode it). */
  encodeResult(value: O): Effect.Effect<string | undefined>
  readonly decodeResult: (text: string) => Effect.Effect<O, ParseResult.ParseError>
  /** The worker's view, with the types erased: run by name from a stored row. */
  readonly runtime: Runtime<R>
}

/**
 * What a worker runs for an operation, from stored JSON text to stored JSON text.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Runtime<R> {
  readonly name: string
  readonly idempotencyKeys: boolean
  readonly schedule: worker.ResolvedSchedule
  readonly isAmbiguous: (error: IntegrationError) => boolean
  readonly decodeInput: (text: string) => Effect.Effect<unknown, string>
  readonly run: (input: unknown, key: string) => Effect.Effect<string | undefined, IntegrationError, R>
  readonly reconcile:
    | ((input: unknown, context: { readonly key: string; readonly attempts: number }) => Effect.Effect<
      { readonly _tag: "Succeeded"; readonly result: string | undefined } | { readonly _tag: "NotSent" } | { readonly _tag: "Unknown" },
      IntegrationError,
      R
    >)
    | undefined
}

/**
 * Any operation, for registries.
 *
 * @since 0.3.0
 * @category Models
 */
export type AnyOperation = Runtime<unknown>

const parseJson = (text: string): Effect.Effect<unknown, string> =>
  Effect.try({ try: () => JSON.parse(text) as unknown, catch: () => "not JSON" })

const encodeText = <A, I>(schema: Schema.Schema<A, I>) => (value: A) =>
  Effect.map(Schema.encode(schema)(value), (encoded) => JSON.stringify(encoded))

/**
 * Declares a durable operation.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const operation = <I, IE, O, OE, R>(spec: OperationSpec<I, IE, O, OE, R>): Operation<I, O, R> => {
  const decodeInput = Schema.decodeUnknown(spec.input)
  const decodeOutput = Schema.decodeUnknown(spec.output)
  const encodeResult = (value: O) => Effect.orElseSucceed(encodeText(spec.output)(value), () => undefined)
  const options = (key: string): HttpIntegration.CallOptions => (spec.idempotencyKeys ? { idempotencyKey: key } : {})
  const runtime: Runtime<R> = {
    name: spec.name,
    idempotencyKeys: spec.idempotencyKeys,
    schedule: worker.resolveSchedule(spec.schedule),
    isAmbiguous: spec.ambiguous ?? ((error) => error.mayHaveSucceeded === true),
    decodeInput: (text) =>
      Effect.flatMap(parseJson(text), (json) =>
        Effect.mapError(decodeInput(json), (error) => ParseResult.TreeFormatter.formatErrorSync(error).slice(0, 500))),
    run: (input, key) => Effect.flatMap(spec.call(input as I, options(key)), encodeResult),
    reconcile: spec.reconcile === undefined ? undefined : (input, context) =>
      Effect.flatMap(
        spec.reconcile!(input as I, context),
        (verdict): Effect.Effect<{ readonly _tag: "Succeeded"; readonly result: string | undefined } | { readonly _tag: "NotSent" } | { readonly _tag: "Unknown" }> =>
          verdict._tag === "Succeeded"
            ? Effect.map(encodeResult(verdict.value), (result) => ({ _tag: "Succeeded" as const, result }))
            : Effect.succeed(verdict)
      )
  }
  return {
    name: spec.name,
    idempotencyKeys: spec.idempotencyKeys,
    encodeInput: encodeText(spec.input),
    encodeResult,
    decodeResult: (text) => Effect.flatMap(Effect.orDie(parseJson(text)), decodeOutput),
    runtime
  }
}

/**
 * A vendor client's method as an operation's `call`: `Durable.method(ResendClient, (resend) => resend.emails.send)`.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const method = <Id, S, I, O, Options extends HttpIntegration.CallOptions>(
  tag: Context.Tag<Id, S>,
  pick: (service: S) => (input: I, options?: Options) => Effect.Effect<O, IntegrationError>
) =>
(input: I, options: HttpIntegration.CallOptions): Effect.Effect<O, IntegrationError, Id> =>
  Effect.flatMap(tag, (service) => pick(service)(input, options as Options))

/**
 * The operations a worker runs, by name. A worker claims only the calls of the operations it knows.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Registry<R> {
  readonly operations: ReadonlyMap<string, Runtime<R>>
}

/**
 * @since 0.3.0
 * @category Constructors
 */
export const registry = <const Ops extends ReadonlyArray<Operation<never, unknown, unknown>>>(
  ...operations: Ops
): Registry<Ops[number] extends Operation<never, unknown, infer R> ? R : never> => {
  const byName = new Map<string, Runtime<unknown>>()
  for (const op of operations) {
    if (byName.has(op.name)) throw new RangeError(`Durable.registry: operation ${op.name} registered twice`)
    byName.set(op.name, op.runtime)
  }
  return { operations: byName } as Registry<Ops[number] extends Operation<never, unknown, infer R> ? R : never>
}

const storeFrom = Effect.map(Sql.SqlClient, store.make)

const notFound = (key: string) => new DurableError({ reason: "NotFound", key, description: "no durable call with this key" })

/**
 * Records a durable call with the `SqlClient` in context: inside `sql.withTransaction` it commits or rolls back with
 * the caller's own changes. The input is Schema-encoded now; `key` is the idempotency key every attempt sends. The same
 * key twice is one call (`created: false`), unless the operation or input differ: `KeyReused`. The current span is
 * stored, and each attempt's span links to it.
 *
 * @since 0.3.0
 * @category Enqueue
 */
export const enqueue = <I, O, R>(
  op: Operation<I, O, R>,
  input: I,
  options: { readonly key: string; readonly delay?: Duration.DurationInput | undefined }
): Effect.Effect<{ readonly key: string; readonly created: boolean }, SqlError | DurableError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    if (options.key.length === 0 || options.key.length > 255) {
      return yield* new DurableError({ reason: "InvalidInput", key: options.key.slice(0, 64), description: "the key must be 1 to 255 characters" })
    }
    const text = yield* Effect.mapError(
      op.encodeInput(input),
      (error) =>
        new DurableError({ reason: "InvalidInput", key: options.key, description: ParseResult.TreeFormatter.formatErrorSync(error).slice(0, 500) })
    )
    const span = yield* Effect.option(Effect.currentSpan)
    const s = yield* storeFrom
    const millis = options.delay === undefined ? undefined : yield* delayFromNow(options.delay)
    const inserted = yield* s.insert({
      key: options.key,
      operation: op.name,
      input: text,
      idempotent: op.idempotencyKeys,
      traceId: Option.isSome(span) ? span.value.traceId : undefined,
      spanId: Option.isSome(span) ? span.value.spanId : undefined,
      at: millis
    })
    const existing = inserted.created ? undefined : inserted.existing
    if (existing !== undefined && (existing.operation !== op.name || existing.input !== text)) {
      return yield* new DurableError({
        reason: "KeyReused",
        key: options.key,
        description: `the key belongs to another call (${existing.operation === op.name ? "different input" : existing.operation})`
      })
    }
    return { key: options.key, created: inserted.created }
  })

const delayFromNow = (delay: Duration.DurationInput) =>
  Effect.map(Effect.clockWith((clock) => clock.currentTimeMillis), (now) => now + durationMillis(delay))

const durationMillis = (input: Duration.DurationInput): number => worker.resolveSchedule({ initialDelay: input }).initialDelayMillis

/**
 * @since 0.3.0
 * @category Queue
 */
export const get = (key: string): Effect.Effect<Call, SqlError | DurableError, SqlClient.SqlClient> =>
  Effect.flatMap(storeFrom, (s) =>
    Effect.flatMap(s.get(key), (call) => (call === undefined ? Effect.fail(notFound(key)) : Effect.succeed(call))))

/**
 * The typed outcome of a call.
 *
 * @since 0.3.0
 * @category Models
 */
export type Result<O> =
  | { readonly _tag: "Succeeded"; readonly value: O; readonly call: Call }
  | { readonly _tag: "Queued"; readonly call: Call }
  | { readonly _tag: "Dead"; readonly reason: string; readonly call: Call }
  | { readonly _tag: "Unconfirmed"; readonly reason: string; readonly call: Call }
  | { readonly _tag: "Cancelled"; readonly call: Call }

/**
 * Where a call stands, with its result decoded by the operation's output Schema once it succeeded.
 *
 * @since 0.3.0
 * @category Queue
 */
export const result = <I, O, R>(
  op: Operation<I, O, R>,
  key: string
): Effect.Effect<Result<O>, SqlError | DurableError | ParseResult.ParseError, SqlClient.SqlClient> =>
  Effect.flatMap(get(key), (call): Effect.Effect<Result<O>, ParseResult.ParseError | DurableError> => {
    if (call.operation !== op.name) {
      return Effect.fail(new DurableError({ reason: "KeyReused", key, description: `the call is a ${call.operation}` }))
    }
    switch (call.state) {
      case "succeeded":
        return call.result === undefined
          ? Effect.fail(new DurableError({ reason: "NotSettled", key, description: "succeeded, but its result could not be encoded" }))
          : Effect.map(op.decodeResult(call.result), (value) => ({ _tag: "Succeeded", value, call }))
      case "dead":
        return Effect.succeed({ _tag: "Dead", reason: call.reason ?? "dead", call })
      case "unconfirmed":
        return Effect.succeed({ _tag: "Unconfirmed", reason: call.reason ?? "unconfirmed", call })
      case "cancelled":
        return Effect.succeed({ _tag: "Cancelled", call })
      default:
        return Effect.succeed({ _tag: "Queued", call })
    }
  })

/**
 * Calls, most recently updated first (default limit 100).
 *
 * @since 0.3.0
 * @category Queue
 */
export const list = (
  filter: { readonly state?: CallState | undefined; readonly operation?: string | undefined; readonly limit?: number | undefined } = {}
): Effect.Effect<ReadonlyArray<Call>, SqlError, SqlClient.SqlClient> => Effect.flatMap(storeFrom, (s) => s.list(filter))

/**
 * @since 0.3.0
 * @category Queue
 */
export const stats: Effect.Effect<Stats, SqlError, SqlClient.SqlClient> = Effect.flatMap(storeFrom, (s) => s.stats)

/**
 * Sends parked calls again (`dead`, `unconfirmed` or `cancelled`): a new attempt cycle, the same key. Replaying an
 * unconfirmed call of a vendor that cannot de-duplicate is the operator's decision that it did not happen. Returns the
 * keys that moved; unknown or unparked keys are skipped.
 *
 * @since 0.3.0
 * @category Dead letters
 */
export const replay = (keys: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(storeFrom, (s) => s.replay({ keys }))

/**
 * Replays every dead call (of one operation, if given). Unconfirmed calls are never replayed in bulk.
 *
 * @since 0.3.0
 * @category Dead letters
 */
export const replayDead = (
  filter: { readonly operation?: string | undefined } = {}
): Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(storeFrom, (s) => s.replay({ states: ["dead"], operation: filter.operation }))

/**
 * Cancels calls that are queued and not running, dead or unconfirmed: they are never attempted again. Returns the
 * keys cancelled.
 *
 * @since 0.3.0
 * @category Dead letters
 */
export const cancel = (
  keys: ReadonlyArray<string>,
  reason = "cancelled"
): Effect.Effect<ReadonlyArray<string>, SqlError, SqlClient.SqlClient> => Effect.flatMap(storeFrom, (s) => s.cancel(keys, reason))

/**
 * An operator's decision on an unconfirmed call: it did happen (with the vendor's result, when known). Fails with
 * `NotSettled` when the call is not unconfirmed.
 *
 * @since 0.3.0
 * @category Dead letters
 */
export const confirm = <I, O, R>(
  op: Operation<I, O, R>,
  key: string,
  value?: O
): Effect.Effect<void, SqlError | DurableError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const s = yield* storeFrom
    const result = value === undefined ? undefined : yield* op.encodeResult(value)
    const settled = yield* s.settle(key, { _tag: "Succeeded", result })
    if (!settled) return yield* new DurableError({ reason: "NotSettled", key, description: "the call is not unconfirmed" })
  })

/**
 * Runs the reconcilers of the registry's operations over their unconfirmed calls (at most `limit` per operation):
 * those found to have happened succeed, those found not to have happened are sent again. Returns how many were
 * settled. A running worker does this every `reconcileInterval`.
 *
 * @since 0.3.0
 * @category Dead letters
 */
export const reconcile = <R>(
  registry: Registry<R>,
  options: { readonly limit?: number | undefined } = {}
): Effect.Effect<number, SqlError, R | SqlClient.SqlClient> =>
  Effect.flatMap(storeFrom, (s) =>
    worker.reconcile<R>({ store: s, resolved: worker.resolve({}), operations: registry.operations as ReadonlyMap<string, AnyOperation> }, options.limit ?? 100))

/**
 * Calls as they reach an end state (`succeeded`, `dead`, `unconfirmed`, `cancelled`), in any process, polled from
 * the table from `since` (epoch millis, default now) on. A call is emitted again if it ends again (after a replay).
 * Completions committed out of order are caught within `lookback` (default 5 s).
 *
 * @since 0.3.0
 * @category Completions
 */
export const completions = (
  options: {
    readonly operations?: ReadonlyArray<string> | undefined
    readonly since?: number | undefined
    readonly pollInterval?: Duration.DurationInput | undefined
    readonly lookback?: Duration.DurationInput | undefined
  } = {}
): Stream.Stream<Call, SqlError, SqlClient.SqlClient> =>
  Stream.unwrap(Effect.gen(function*() {
    const s = yield* storeFrom
    const start = options.since ?? (yield* Effect.clockWith((clock) => clock.currentTimeMillis))
    const lookback = durationMillis(options.lookback ?? "5 seconds")
    const poll = options.pollInterval ?? "250 millis"
    let cursor = start
    const seen = new Map<string, number>()
    const next = Effect.gen(function*() {
      const rows = yield* s.completedSince(Math.max(start, cursor - lookback), 1_000, options.operations)
      const fresh = rows.filter((call) => seen.get(call.key) !== call.completedAt)
      for (const call of fresh) seen.set(call.key, call.completedAt!)
      for (const [key, at] of seen) if (at < cursor - 2 * lookback) seen.delete(key)
      if (rows.length > 0) cursor = Math.max(cursor, rows[rows.length - 1]!.completedAt!)
      return fresh
    })
    return Stream.repeatEffectWithSchedule(next, Schedule.spaced(poll)).pipe(
      Stream.flatMap((calls) => Stream.fromIterable(calls))
    )
  }))

/**
 * Worker settings.
 *
 * @since 0.3.0
 * @category Models
 */
export interface WorkerOptions {
  /** Names this worker in leases; defaults to host, pid and a random suffix. */
  readonly worker?: string | undefined
  /** Calls in flight in this process (default 16). */
  readonly concurrency?: number | undefined
  /**
   * How long a claimed call is this worker's (default 2 min). An attempt (the vendor client's own retries included)
   * is cut short before it ends: an idempotent call is then tried again, a non-idempotent one parked.
   */
  readonly lease?: Duration.DurationInput | undefined
  /** How often an idle worker looks for due calls (default 1 s). */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** How often the queue gauges are refreshed (default 10 s). */
  readonly gaugeInterval?: Duration.DurationInput | undefined
  /** How often the reconcilers run over unconfirmed calls (default 1 min). */
  readonly reconcileInterval?: Duration.DurationInput | undefined
}

/**
 * What a batch of attempts came to.
 *
 * @since 0.3.0
 * @category Models
 */
export type Summary = worker.AttemptSummary

const context = <R>(registry: Registry<R>, options: WorkerOptions) =>
  Effect.map(storeFrom, (s): worker.Context => ({
    store: s,
    resolved: worker.resolve(options),
    operations: registry.operations as ReadonlyMap<string, AnyOperation>
  }))

/**
 * Runs a worker until interrupted: parks crashed non-idempotent attempts, claims due calls of the registry's
 * operations, runs them, records the outcomes. Any number of workers may share a Postgres database.
 *
 * @since 0.3.0
 * @category Running
 */
export const run = <R>(registry: Registry<R>, options: WorkerOptions = {}): Effect.Effect<never, never, R | SqlClient.SqlClient> =>
  Effect.flatMap(Effect.orDie(context(registry, options)), (ctx) => worker.run<R>(ctx))

/**
 * The worker as a layer, running for as long as the layer's scope is open.
 *
 * @since 0.3.0
 * @category Layers
 */
export const layer = <R>(registry: Registry<R>, options: WorkerOptions = {}): Layer.Layer<never, never, R | SqlClient.SqlClient> =>
  Layer.scopedDiscard(Effect.zipRight(Effect.sync(() => worker.resolve(options)), Effect.forkScoped(run(registry, options))))

/**
 * One batch: parks crashed attempts, claims up to `concurrency` due calls, runs them all. With a `TestClock` this
 * drives the queue step by step.
 *
 * @since 0.3.0
 * @category Running
 */
export const runOnce = <R>(registry: Registry<R>, options: WorkerOptions = {}): Effect.Effect<Summary, SqlError, R | SqlClient.SqlClient> =>
  Effect.flatMap(context(registry, options), (ctx) => worker.runOnce<R>(ctx))

/**
 * Repeats `runOnce` until nothing is due at the current time.
 *
 * @since 0.3.0
 * @category Running
 */
export const drain = <R>(registry: Registry<R>, options: WorkerOptions = {}): Effect.Effect<Summary, SqlError, R | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const ctx = yield* context(registry, options)
    let total = worker.emptySummary
    while (true) {
      const summary = yield* worker.runOnce<R>(ctx)
      if (summary.claimed === 0 && summary.unconfirmed === 0) return total
      total = worker.add(total, summary)
    }
  })

/**
 * Reads the queue statistics and publishes them as gauges (depth, oldest queued age, dead, unconfirmed).
 *
 * @since 0.3.0
 * @category Telemetry
 */
export const reportGauges: Effect.Effect<Stats, SqlError, SqlClient.SqlClient> = Effect.flatMap(storeFrom, worker.reportGauges)

/**
 * The metrics durable calls report.
 *
 * @since 0.3.0
 * @category Telemetry
 */
export const metrics = {
  attempts: T.outcomes,
  attemptDuration: T.attemptDuration,
  queueDepth: T.queueDepth,
  oldestQueuedAge: T.oldestQueuedAge,
  dead: T.dead,
  unconfirmed: T.unconfirmed,
  reconciled: T.reconciled
} as const

/**
 * Span attribute names of the attempt spans (`Durable.attempt`).
 *
 * @since 0.3.0
 * @category Telemetry
 */
export const Attr = T.Attr
