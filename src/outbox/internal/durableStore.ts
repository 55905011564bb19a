/**
 * The SQL behind `Durable`: the `durable_calls` table (migration 3) on SQLite and Postgres. Times come from Effect's
 * `Clock`; Postgres returns BIGINT as strings, so every number read from a row goes through `num`.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { Call, CallState, Stats } from "../Durable.js"
import { num, optNum, optStr } from "./store.js"

export const QUEUED = ["pending", "running", "retrying"] as const
/** States an operator can send again, or cancel. */
export const PARKED = ["dead", "unconfirmed", "cancelled"] as const

interface Row {
  readonly call_key: string
  readonly operation: string
  readonly input: string
  readonly idempotent: unknown
  readonly state: string
  readonly attempts: unknown
  readonly cycle_attempts: unknown
  readonly cycle_started_at: unknown
  readonly next_attempt_at: unknown
  readonly lease_owner: string | null
  readonly attempt_started_at: unknown
  readonly result: string | null
  readonly last_error: string | null
  readonly reason: string | null
  readonly trace_id: string | null
  readonly span_id: string | null
  readonly created_at: unknown
  readonly updated_at: unknown
  readonly completed_at: unknown
}

export const toCall = (row: Row): Call => ({
  key: row.call_key,
  operation: row.operation,
  input: row.input,
  idempotent: num(row.idempotent) === 1,
  state: row.state as CallState,
  attempts: num(row.attempts),
  cycleAttempts: num(row.cycle_attempts),
  cycleStartedAt: num(row.cycle_started_at),
  nextAttemptAt: num(row.next_attempt_at),
  leaseOwner: optStr(row.lease_owner),
  attemptStartedAt: optNum(row.attempt_started_at),
  result: optStr(row.result),
  lastError: optStr(row.last_error),
  reason: optStr(row.reason),
  traceId: optStr(row.trace_id),
  spanId: optStr(row.span_id),
  createdAt: num(row.created_at),
  updatedAt: num(row.updated_at),
  completedAt: optNum(row.completed_at)
})

export interface NewCall {
  readonly key: string
  readonly operation: string
  readonly input: string
  readonly idempotent: boolean
  readonly traceId: string | undefined
  readonly spanId: string | undefined
  readonly at: number | undefined
}

/** What an attempt came to, as written to the row. */
export type Outcome =
  | { readonly _tag: "Succeeded"; readonly result: string | undefined }
  | { readonly _tag: "Retry"; readonly at: number; readonly error: string }
  | { readonly _tag: "Dead"; readonly reason: string; readonly error: string | undefined }
  | { readonly _tag: "Unconfirmed"; readonly reason: string; readonly error: string | undefined }

export interface Filter {
  readonly state?: CallState | undefined
  readonly operation?: string | undefined
  readonly limit?: number | undefined
}

export const make = (sql: SqlClient.SqlClient) => {
  const skipLocked = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })

  const get = (key: string): Effect.Effect<Call | undefined, SqlError> =>
    Effect.map(sql<Row>`SELECT * FROM durable_calls WHERE call_key = ${key}`, (rows) =>
      rows[0] === undefined ? undefined : toCall(rows[0]))

  /** Inserts the call unless its key exists; returns the call already stored under the key, if there was one. */
  const insert = (call: NewCall): Effect.Effect<{ readonly created: true } | { readonly created: false; readonly existing: Call | undefined }, SqlError> =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const inserted = yield* sql`INSERT INTO durable_calls ${
        sql.insert({
          call_key: call.key,
          operation: call.operation,
          input: call.input,
          idempotent: call.idempotent ? 1 : 0,
          state: "pending",
          attempts: 0,
          cycle_attempts: 0,
          cycle_started_at: now,
          next_attempt_at: call.at ?? now,
          trace_id: call.traceId ?? null,
          span_id: call.spanId ?? null,
          created_at: now,
          updated_at: now
        })
      } ON CONFLICT (call_key) DO NOTHING RETURNING call_key`
      if (inserted.length > 0) return { created: true } as const
      return { created: false, existing: yield* get(call.key) } as const
    })

  /**
   * Parks the calls of a crashed attempt: leased, lease expired, an attempt of a non-idempotent call started and no
   * outcome. They are `unconfirmed`, keeping the lease owner so a late answer from that worker (alive after all) still
   * settles them.
   */
  const parkCrashed = (operations: ReadonlyArray<string>) =>
    operations.length === 0 ? Effect.succeed([] as ReadonlyArray<Call>) : Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.map(
        sql<Row>`UPDATE durable_calls SET state = 'unconfirmed', completed_at = ${now}, updated_at = ${now},
          reason = 'the worker stopped during an attempt: the vendor may have acted, and it cannot de-duplicate a resend'
          WHERE state = 'running' AND next_attempt_at <= ${now} AND idempotent = 0 AND attempt_started_at IS NOT NULL
          AND operation IN ${sql.in(operations)} RETURNING *`,
        (rows) => rows.map(toCall)
      ))

  const claim = (options: {
    readonly worker: string
    readonly limit: number
    readonly leaseMillis: number
    readonly operations: ReadonlyArray<string>
  }) =>
    options.limit <= 0 || options.operations.length === 0
      ? Effect.succeed([] as ReadonlyArray<Call>)
      : Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const due = sql`state IN ${sql.in(QUEUED)} AND next_attempt_at <= ${now}
          AND (idempotent = 1 OR state <> 'running' OR attempt_started_at IS NULL)`
        // The conditional update is the claim: a row another worker took since the read no longer matches, and on
        // Postgres rows being claimed right now are skipped rather than waited for.
        const rows = yield* sql<Row>`UPDATE durable_calls SET state = 'running', lease_owner = ${options.worker},
          next_attempt_at = ${now + options.leaseMillis}, attempts = attempts + 1, cycle_attempts = cycle_attempts + 1,
          updated_at = ${now}
          WHERE call_key IN (SELECT call_key FROM durable_calls WHERE ${due} AND operation IN ${sql.in(options.operations)}
            ORDER BY next_attempt_at LIMIT ${options.limit} ${skipLocked})
          AND ${due}
          RETURNING *`
        return rows.map(toCall)
      })

  /** Marks the attempt of a non-idempotent call as started, before it goes out; false when the lease was lost. */
  const markStarted = (key: string, worker: string) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.map(
        sql`UPDATE durable_calls SET attempt_started_at = ${now}, updated_at = ${now}
          WHERE call_key = ${key} AND lease_owner = ${worker} AND state = 'running' RETURNING call_key`,
        (rows) => rows.length > 0
      ))

  /** Records an attempt's outcome; false when the call was no longer this worker's. */
  const complete = (key: string, worker: string, outcome: Outcome) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const guard = sql`call_key = ${key} AND lease_owner = ${worker} AND state IN ('running', 'unconfirmed')`
      const statement = outcome._tag === "Succeeded"
        ? sql`UPDATE durable_calls SET state = 'succeeded', result = ${outcome.result ?? null}, reason = NULL,
            lease_owner = NULL, attempt_started_at = NULL, completed_at = ${now}, updated_at = ${now}
            WHERE ${guard} RETURNING call_key`
        : outcome._tag === "Retry"
        ? sql`UPDATE durable_calls SET state = 'retrying', next_attempt_at = ${outcome.at}, last_error = ${outcome.error},
            reason = NULL, lease_owner = NULL, attempt_started_at = NULL, completed_at = NULL, updated_at = ${now}
            WHERE ${guard} RETURNING call_key`
        : sql`UPDATE durable_calls SET state = ${outcome._tag === "Dead" ? "dead" : "unconfirmed"},
            reason = ${outcome.reason}, last_error = ${outcome.error ?? null}, lease_owner = NULL,
            attempt_started_at = NULL, completed_at = ${now}, updated_at = ${now}
            WHERE ${guard} RETURNING call_key`
      return Effect.map(statement, (rows) => rows.length > 0)
    })

  const list = (filter: Filter) => {
    const clauses = [
      ...(filter.state !== undefined ? [sql`state = ${filter.state}`] : []),
      ...(filter.operation !== undefined ? [sql`operation = ${filter.operation}`] : [])
    ]
    return Effect.map(
      sql<Row>`SELECT * FROM durable_calls WHERE ${sql.and(clauses)} ORDER BY updated_at DESC, call_key LIMIT ${
        Math.max(1, Math.floor(filter.limit ?? 100))
      }`,
      (rows) => rows.map(toCall)
    )
  }

  /** Calls that reached an end state at or after `since` (epoch millis), oldest first. */
  const completedSince = (since: number, limit: number, operations: ReadonlyArray<string> | undefined) =>
    Effect.map(
      sql<Row>`SELECT * FROM durable_calls WHERE completed_at >= ${since} ${
        operations === undefined ? sql.literal("") : sql`AND operation IN ${sql.in(operations)}`
      } ORDER BY completed_at, call_key LIMIT ${limit}`,
      (rows) => rows.map(toCall)
    )

  /** Parked calls (given keys, or every one in `states`) back to `pending` with a new attempt cycle. */
  const replay = (target: { readonly keys: ReadonlyArray<string> } | { readonly states: ReadonlyArray<string>; readonly operation?: string | undefined }) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const which = "keys" in target
        ? sql`call_key IN ${sql.in(target.keys)} AND state IN ${sql.in(PARKED)}`
        : sql`state IN ${sql.in(target.states)} ${
          target.operation === undefined ? sql.literal("") : sql`AND operation = ${target.operation}`
        }`
      if ("keys" in target && target.keys.length === 0) return Effect.succeed([] as ReadonlyArray<string>)
      return Effect.map(
        sql<{ call_key: string }>`UPDATE durable_calls SET state = 'pending', cycle_attempts = 0, cycle_started_at = ${now},
          next_attempt_at = ${now}, lease_owner = NULL, attempt_started_at = NULL, reason = NULL, completed_at = NULL,
          updated_at = ${now} WHERE ${which} RETURNING call_key`,
        (rows) => rows.map((row) => row.call_key)
      )
    })

  /** Calls not running and not settled (queued, parked or dead) cancelled for good; returns the keys cancelled. */
  const cancel = (keys: ReadonlyArray<string>, reason: string) =>
    keys.length === 0 ? Effect.succeed([] as ReadonlyArray<string>) : Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.map(
        sql<{ call_key: string }>`UPDATE durable_calls SET state = 'cancelled', reason = ${reason}, lease_owner = NULL,
          attempt_started_at = NULL, completed_at = ${now}, updated_at = ${now}
          WHERE call_key IN ${sql.in(keys)} AND state IN ('pending', 'retrying', 'dead', 'unconfirmed') RETURNING call_key`,
        (rows) => rows.map((row) => row.call_key)
      ))

  /** An unconfirmed call settled from outside (a reconciler, an operator): only while it is still unconfirmed. */
  const settle = (key: string, outcome: { readonly _tag: "Succeeded"; readonly result: string | undefined } | { readonly _tag: "Dead"; readonly reason: string }) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.map(
        outcome._tag === "Succeeded"
          ? sql`UPDATE durable_calls SET state = 'succeeded', result = ${outcome.result ?? null}, reason = NULL,
              lease_owner = NULL, completed_at = ${now}, updated_at = ${now}
              WHERE call_key = ${key} AND state = 'unconfirmed' RETURNING call_key`
          : sql`UPDATE durable_calls SET state = 'dead', reason = ${outcome.reason}, lease_owner = NULL,
              completed_at = ${now}, updated_at = ${now}
              WHERE call_key = ${key} AND state = 'unconfirmed' RETURNING call_key`,
        (rows) => rows.length > 0
      ))

  const stats: Effect.Effect<Stats, SqlError> = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const byState = yield* sql<{ state: string; n: unknown }>`SELECT state, COUNT(*) AS n FROM durable_calls GROUP BY state`
    const [oldest] = yield* sql<{ oldest: unknown }>`SELECT MIN(created_at) AS oldest FROM durable_calls WHERE state IN ${
      sql.in(QUEUED)
    }`
    const count = (state: CallState) => num(byState.find((row) => row.state === state)?.n ?? 0)
    const oldestCreated = optNum(oldest?.oldest)
    return {
      pending: count("pending"),
      running: count("running"),
      retrying: count("retrying"),
      succeeded: count("succeeded"),
      dead: count("dead"),
      unconfirmed: count("unconfirmed"),
      cancelled: count("cancelled"),
      queueDepth: count("pending") + count("running") + count("retrying"),
      oldestQueuedAgeMillis: oldestCreated === undefined ? undefined : Math.max(0, now - oldestCreated)
    }
  })

  return { get, insert, parkCrashed, claim, markStarted, complete, list, completedSince, replay, cancel, settle, stats }
}

export type DurableStore = ReturnType<typeof make>
