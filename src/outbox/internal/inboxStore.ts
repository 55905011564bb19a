/**
 * The inbox half of the SQL store: inbound events keyed by source and vendor event id, leased to workers like
 * outbound deliveries. While `processing`, next_attempt_at holds the lease expiry.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { InboxEvent, InboxState, InboxStats } from "../OutboxModel.js"
import { OutboxError } from "../OutboxModel.js"
import type * as Store from "../OutboxStore.js"

const num = (value: unknown): number => (typeof value === "number" ? value : Number(value))
const optNum = (value: unknown): number | undefined => (value === null || value === undefined ? undefined : num(value))

const QUEUED = ["pending", "failed-retrying", "processing"] as const

interface EventRow {
  readonly source: string
  readonly event_id: string
  readonly type: string
  readonly payload: string
  readonly state: string
  readonly attempts: unknown
  readonly cycle_attempts: unknown
  readonly next_attempt_at: unknown
  readonly lease_owner: string | null
  readonly last_error: string | null
  readonly received_at: unknown
  readonly updated_at: unknown
  readonly processed_at: unknown
}

const toEvent = (row: EventRow): InboxEvent => ({
  source: row.source,
  eventId: row.event_id,
  type: row.type,
  payload: row.payload,
  state: row.state as InboxState,
  attempts: num(row.attempts),
  cycleAttempts: num(row.cycle_attempts),
  nextAttemptAt: num(row.next_attempt_at),
  leaseOwner: row.lease_owner ?? undefined,
  lastError: row.last_error ?? undefined,
  receivedAt: num(row.received_at),
  updatedAt: num(row.updated_at),
  processedAt: optNum(row.processed_at)
})

const invalid = (description: string) => new OutboxError({ reason: "InvalidInput", entity: "event", description })

/** Persists an inbound event once; usable on its own inside the caller's transaction. */
export const record = (
  sql: SqlClient.SqlClient,
  input: Store.InboxRecordInput
): Effect.Effect<{ readonly recorded: boolean }, SqlError | OutboxError> =>
  Effect.gen(function*() {
    if (input.source.trim() === "" || input.eventId.trim() === "") {
      return yield* invalid("source and eventId must be non-empty")
    }
    let payload: string | undefined
    try {
      payload = JSON.stringify(input.payload)
    } catch {
      payload = undefined
    }
    if (payload === undefined) return yield* invalid("payload is not JSON")
    const now = yield* Clock.currentTimeMillis
    const inserted = yield* sql`INSERT INTO inbox_events ${
      sql.insert({
        source: input.source,
        event_id: input.eventId,
        type: input.type,
        payload,
        state: "pending",
        attempts: 0,
        cycle_attempts: 0,
        next_attempt_at: now,
        received_at: now,
        updated_at: now
      })
    } ON CONFLICT (source, event_id) DO NOTHING RETURNING event_id`
    return { recorded: inserted.length > 0 }
  })

export const make = (sql: SqlClient.SqlClient): Store.InboxService => {
  const lockSkipLocked = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })
  const keyMatch = (key: Store.InboxKey) => sql`source = ${key.source} AND event_id = ${key.eventId}`

  const get = (key: Store.InboxKey) =>
    Effect.flatMap(sql<EventRow>`SELECT * FROM inbox_events WHERE ${keyMatch(key)}`, (rows) =>
      rows[0] === undefined
        ? Effect.fail(
          new OutboxError({
            reason: "NotFound",
            entity: "event",
            description: `no event ${JSON.stringify(key.eventId)} from ${JSON.stringify(key.source)}`
          })
        )
        : Effect.succeed(toEvent(rows[0])))

  const claim: Store.InboxService["claim"] = (options) =>
    Effect.gen(function*() {
      if (options.limit <= 0) return []
      const now = yield* Clock.currentTimeMillis
      const sources = options.sources === undefined ? sql.literal("") : sql`AND source IN ${sql.in(options.sources)}`
      const rows = yield* sql<EventRow>`
        UPDATE inbox_events SET state = 'processing', lease_owner = ${options.worker},
          next_attempt_at = ${now + options.leaseMillis}, attempts = attempts + 1,
          cycle_attempts = cycle_attempts + 1, updated_at = ${now}
        WHERE (source, event_id) IN (
          SELECT source, event_id FROM inbox_events WHERE state IN ${sql.in(QUEUED)} AND next_attempt_at <= ${now} ${sources}
          ORDER BY next_attempt_at LIMIT ${options.limit} ${lockSkipLocked}
        )
        RETURNING *`
      return rows.map(toEvent)
    })

  const complete = (key: Store.InboxKey, worker: string, next: Store.InboxNext) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const guard = sql`${keyMatch(key)} AND lease_owner = ${worker} AND state = 'processing'`
      const rows = next._tag === "Processed"
        ? yield* sql`UPDATE inbox_events
          SET state = 'processed', lease_owner = NULL, last_error = NULL, processed_at = ${now}, updated_at = ${now}
          WHERE ${guard}
          RETURNING event_id`
        : yield* sql`UPDATE inbox_events SET state = ${
          next._tag === "Dead" ? "dead" : "failed-retrying"
        }, lease_owner = NULL, next_attempt_at = ${
          next._tag === "Retry" ? next.at : now
        }, last_error = ${next.error}, updated_at = ${now} WHERE ${guard} RETURNING event_id`
      return rows.length > 0
    })

  const release = (keys: ReadonlyArray<Store.InboxKey>, worker: string) =>
    Effect.gen(function*() {
      if (keys.length === 0) return 0
      const now = yield* Clock.currentTimeMillis
      const rows = yield* sql`UPDATE inbox_events
        SET state = CASE WHEN cycle_attempts > 1 THEN 'failed-retrying' ELSE 'pending' END,
          attempts = attempts - 1, cycle_attempts = cycle_attempts - 1, lease_owner = NULL, next_attempt_at = ${now},
          updated_at = ${now}
        WHERE lease_owner = ${worker} AND state = 'processing' AND ${sql.or(keys.map((key) => sql`(${keyMatch(key)})`))}
        RETURNING event_id`
      return rows.length
    })

  const list: Store.InboxService["list"] = (filter) => {
    const clauses = [
      ...(filter.state !== undefined ? [sql`state = ${filter.state}`] : []),
      ...(filter.source !== undefined ? [sql`source = ${filter.source}`] : [])
    ]
    return Effect.map(
      sql<EventRow>`SELECT * FROM inbox_events WHERE ${sql.and(clauses)} ORDER BY updated_at DESC, source, event_id LIMIT ${
        Math.max(1, Math.floor(filter.limit ?? 100))
      }`,
      (rows) => rows.map(toEvent)
    )
  }

  const replay = (keys: ReadonlyArray<Store.InboxKey>) =>
    Effect.gen(function*() {
      if (keys.length === 0) return 0
      const now = yield* Clock.currentTimeMillis
      const rows = yield* sql`UPDATE inbox_events
        SET state = 'pending', cycle_attempts = 0, next_attempt_at = ${now}, lease_owner = NULL, updated_at = ${now}
        WHERE state = 'dead' AND ${sql.or(keys.map((key) => sql`(${keyMatch(key)})`))} RETURNING event_id`
      return rows.length
    })

  const stats: Effect.Effect<InboxStats, SqlError> = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const byState = yield* sql<{ state: string; n: unknown }>`SELECT state, COUNT(*) AS n FROM inbox_events GROUP BY state`
    const [oldest] = yield* sql<{ oldest: unknown }>`SELECT MIN(received_at) AS oldest FROM inbox_events WHERE state IN ${
      sql.in(QUEUED)
    }`
    const count = (state: InboxState) => num(byState.find((row) => row.state === state)?.n ?? 0)
    const oldestReceived = optNum(oldest?.oldest)
    return {
      pending: count("pending"),
      processing: count("processing"),
      failedRetrying: count("failed-retrying"),
      processed: count("processed"),
      dead: count("dead"),
      queueDepth: count("pending") + count("processing") + count("failed-retrying"),
      oldestPendingAgeMillis: oldestReceived === undefined ? undefined : Math.max(0, now - oldestReceived)
    }
  })

  return {
    record: (input) => record(sql, input),
    claim,
    complete,
    release,
    get,
    list,
    replay,
    stats
  }
}
