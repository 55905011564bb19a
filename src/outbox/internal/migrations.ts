/**
 * Schema of the outbox and inbox tables, as migrations from code so nothing depends on file paths at run time.
 * Times are BIGINT epoch milliseconds passed in from Effect's `Clock`, never `now()` in SQL, so a TestClock drives them.
 * Booleans are integers and JSON is text so one schema reads the same on SQLite and Postgres.
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

export const migrationsTable = "effect_integrations_outbox_migrations"

const statements: ReadonlyArray<string> = [
  `CREATE TABLE IF NOT EXISTS outbox_endpoints (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    description TEXT,
    secrets TEXT NOT NULL,
    event_types TEXT,
    enabled INTEGER NOT NULL,
    disabled_reason TEXT,
    disabled_at BIGINT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    open_until BIGINT NOT NULL DEFAULT 0,
    failing_since BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS outbox_messages (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL
  )`,
  // While a delivery is `delivering`, next_attempt_at holds its lease expiry: an expired lease is simply "due".
  `CREATE TABLE IF NOT EXISTS outbox_deliveries (
    id TEXT PRIMARY KEY,
    message_id TEXT NOT NULL REFERENCES outbox_messages (id),
    endpoint_id TEXT NOT NULL REFERENCES outbox_endpoints (id),
    message_type TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    cycle_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    last_status INTEGER,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    delivered_at BIGINT,
    UNIQUE (message_id, endpoint_id)
  )`,
  `CREATE INDEX IF NOT EXISTS outbox_deliveries_due ON outbox_deliveries (state, next_attempt_at)`,
  `CREATE INDEX IF NOT EXISTS outbox_deliveries_endpoint ON outbox_deliveries (endpoint_id, state, next_attempt_at)`,
  `CREATE TABLE IF NOT EXISTS outbox_attempts (
    delivery_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    worker TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    duration_ms INTEGER NOT NULL,
    status INTEGER,
    result TEXT NOT NULL,
    error TEXT,
    PRIMARY KEY (delivery_id, attempt)
  )`,
  `CREATE TABLE IF NOT EXISTS inbox_events (
    source TEXT NOT NULL,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    cycle_attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    last_error TEXT,
    received_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    processed_at BIGINT,
    PRIMARY KEY (source, event_id)
  )`,
  `CREATE INDEX IF NOT EXISTS inbox_events_due ON inbox_events (state, next_attempt_at)`
]

const initial = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  for (const statement of statements) yield* sql.unsafe(statement)
})

// How the last attempt ended (an `AttemptResult`), so the dead letter queue can say why without reading the log.
const deliveryLastResult = Effect.flatMap(
  SqlClient.SqlClient,
  (sql) => sql.unsafe(`ALTER TABLE outbox_deliveries ADD COLUMN last_result TEXT`)
)

// Durable vendor calls (`Durable`): one row per call, keyed by its idempotency key. While a call is `running`,
// next_attempt_at holds its lease expiry; attempt_started_at is written before a non-idempotent call goes out, so a row
// found leased with it set and no outcome is a crash mid-attempt, parked as `unconfirmed` instead of being sent again.
const durableCalls = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS durable_calls (
    call_key TEXT PRIMARY KEY,
    operation TEXT NOT NULL,
    input TEXT NOT NULL,
    idempotent INTEGER NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    cycle_attempts INTEGER NOT NULL DEFAULT 0,
    cycle_started_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    attempt_started_at BIGINT,
    result TEXT,
    last_error TEXT,
    reason TEXT,
    trace_id TEXT,
    span_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    completed_at BIGINT
  )`)
  yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS durable_calls_due ON durable_calls (state, next_attempt_at)`)
  yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS durable_calls_completed ON durable_calls (completed_at)`)
})

const loader = Migrator.fromRecord({
  "1_outbox_and_inbox": initial,
  "2_delivery_last_result": deliveryLastResult,
  "3_durable_calls": durableCalls
})

/** The id of the last migration this version ships. */
export const latest = 3

/**
 * The id of the last migration applied to the database in context, 0 when it has no migrations table: read only, so a
 * tool can refuse a database that is not an outbox (or an older one) without creating anything in it.
 */
export const applied: Effect.Effect<number, SqlError, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const exists = yield* sql.onDialectOrElse({
    pg: () => sql<{ readonly found: string | null }>`SELECT to_regclass(${migrationsTable}) AS found`,
    orElse: () => sql<{ readonly found: string | null }>`SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = ${migrationsTable}`
  })
  if (exists[0]?.found == null) return 0
  const rows = yield* sql<{ readonly latest: number | string | null }>`SELECT MAX(migration_id) AS latest FROM ${sql(migrationsTable)}`
  return Number(rows[0]?.latest ?? 0)
})

const migrate = Migrator.make({})

export const run = migrate({
  loader,
  table: migrationsTable
}).pipe(
  // Several processes may start on an empty database at once; the loser of the race on the migrations table retries.
  Effect.retry({ times: 3, schedule: Schedule.spaced("200 millis") })
)
