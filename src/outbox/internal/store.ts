/**
 * The SQL store behind `OutboxStore`: one implementation for SQLite and Postgres. Every time is passed in from
 * Effect's `Clock`; Postgres returns BIGINT as strings, so every number read from a row goes through `num`.
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import type {
  Attempt,
  AttemptResult,
  Delivery,
  DeliveryState,
  Endpoint,
  EndpointSecret,
  EnqueueResult,
  Message,
  Stats
} from "../OutboxModel.js"
import { matchesEventType, OutboxError } from "../OutboxModel.js"
import * as OutboxSigning from "../OutboxSigning.js"
import type * as Store from "../OutboxStore.js"
import * as inbox from "./inboxStore.js"

export const num = (value: unknown): number => (typeof value === "number" ? value : Number(value))
export const optNum = (value: unknown): number | undefined =>
  value === null || value === undefined ? undefined : num(value)
export const optStr = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)

export const newId = (prefix: string): string => `${prefix}_${NodeCrypto.randomBytes(15).toString("base64url")}`

export const invalid = (entity: OutboxError["entity"], description: string) =>
  new OutboxError({ reason: "InvalidInput", entity, description })

export const notFound = (entity: OutboxError["entity"], id: string) =>
  new OutboxError({ reason: "NotFound", entity, description: `no ${entity} with id ${JSON.stringify(id)}` })

/** JSON text of a payload; values JSON cannot represent are an input error, not a defect. */
export const serializePayload = (
  entity: OutboxError["entity"],
  payload: unknown
): Effect.Effect<string, OutboxError> =>
  Effect.suspend(() => {
    try {
      const text = JSON.stringify(payload)
      return text === undefined ? Effect.fail(invalid(entity, "payload is not JSON")) : Effect.succeed(text)
    } catch {
      return Effect.fail(invalid(entity, "payload cannot be serialized as JSON"))
    }
  })

const QUEUED = ["pending", "failed-retrying", "delivering"] as const

interface EndpointRow {
  readonly id: string
  readonly url: string
  readonly description: string | null
  readonly secrets: string
  readonly event_types: string | null
  readonly enabled: unknown
  readonly disabled_reason: string | null
  readonly disabled_at: unknown
  readonly consecutive_failures: unknown
  readonly open_until: unknown
  readonly failing_since: unknown
  readonly created_at: unknown
  readonly updated_at: unknown
}

interface StoredSecret {
  readonly secret: string
  readonly expiresAt: number | null
}

const parseSecrets = (text: string): ReadonlyArray<EndpointSecret> =>
  (JSON.parse(text) as ReadonlyArray<StoredSecret>).map((stored) => ({
    secret: Redacted.make(stored.secret),
    expiresAt: stored.expiresAt ?? undefined
  }))

const serializeSecrets = (secrets: ReadonlyArray<EndpointSecret>): string =>
  JSON.stringify(secrets.map((s): StoredSecret => ({ secret: Redacted.value(s.secret), expiresAt: s.expiresAt ?? null })))

const activeSecrets = (secrets: ReadonlyArray<EndpointSecret>, now: number) =>
  secrets.filter((s) => s.expiresAt === undefined || s.expiresAt > now)

const toEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  description: optStr(row.description),
  secrets: parseSecrets(row.secrets),
  eventTypes: row.event_types === null ? undefined : (JSON.parse(row.event_types) as ReadonlyArray<string>),
  enabled: num(row.enabled) === 1,
  disabledReason: optStr(row.disabled_reason),
  disabledAt: optNum(row.disabled_at),
  consecutiveFailures: num(row.consecutive_failures),
  openUntil: num(row.open_until),
  failingSince: optNum(row.failing_since),
  createdAt: num(row.created_at),
  updatedAt: num(row.updated_at)
})

interface DeliveryRow {
  readonly id: string
  readonly message_id: string
  readonly endpoint_id: string
  readonly message_type: string
  readonly state: string
  readonly attempts: unknown
  readonly cycle_attempts: unknown
  readonly next_attempt_at: unknown
  readonly lease_owner: string | null
  readonly last_status: unknown
  readonly last_error: string | null
  readonly last_result: string | null
  readonly created_at: unknown
  readonly updated_at: unknown
  readonly delivered_at: unknown
}

const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  messageId: row.message_id,
  endpointId: row.endpoint_id,
  messageType: row.message_type,
  state: row.state as DeliveryState,
  attempts: num(row.attempts),
  cycleAttempts: num(row.cycle_attempts),
  nextAttemptAt: num(row.next_attempt_at),
  leaseOwner: optStr(row.lease_owner),
  lastStatus: optNum(row.last_status),
  lastError: optStr(row.last_error),
  lastResult: row.last_result === null ? undefined : (row.last_result as AttemptResult),
  createdAt: num(row.created_at),
  updatedAt: num(row.updated_at),
  deliveredAt: optNum(row.delivered_at)
})

const validateUrl = (url: string): Effect.Effect<string, OutboxError> => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return Effect.fail(invalid("endpoint", "url is not an absolute URL"))
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:"
    ? Effect.succeed(parsed.toString())
    : Effect.fail(invalid("endpoint", "url must use http or https"))
}

const validateSecret = (secret: Redacted.Redacted<string>): Effect.Effect<void, OutboxError> =>
  Either.match(OutboxSigning.secretKey(secret), {
    onLeft: (reason) => Effect.fail(invalid("endpoint", reason)),
    onRight: () => Effect.void
  })

const validateEventTypes = (
  types: ReadonlyArray<string> | undefined
): Effect.Effect<ReadonlyArray<string> | undefined, OutboxError> =>
  types !== undefined && types.some((type) => type.trim() === "")
    ? Effect.fail(invalid("endpoint", "event types must be non-empty strings"))
    : Effect.succeed(types)

export const make = (sql: SqlClient.SqlClient): Store.Service => {
  const lockSkipLocked = sql.onDialectOrElse({
    pg: () => sql.literal("FOR UPDATE SKIP LOCKED"),
    orElse: () => sql.literal("")
  })

  const findEndpoint = (id: string) =>
    Effect.flatMap(
      sql<EndpointRow>`SELECT * FROM outbox_endpoints WHERE id = ${id}`,
      (rows) => (rows[0] === undefined ? Effect.fail(notFound("endpoint", id)) : Effect.succeed(toEndpoint(rows[0])))
    )

  const createEndpoint = (input: Store.EndpointInput) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const url = yield* validateUrl(input.url)
      const secret = input.secret ?? OutboxSigning.generateSecret()
      yield* validateSecret(secret)
      const eventTypes = yield* validateEventTypes(input.eventTypes)
      const id = input.id ?? newId("ep")
      const inserted = yield* sql`INSERT INTO outbox_endpoints ${
        sql.insert({
          id,
          url,
          description: input.description ?? null,
          secrets: serializeSecrets([{ secret, expiresAt: undefined }]),
          event_types: eventTypes === undefined ? null : JSON.stringify(eventTypes),
          enabled: 1,
          consecutive_failures: 0,
          open_until: 0,
          created_at: now,
          updated_at: now
        })
      } ON CONFLICT (id) DO NOTHING RETURNING id`
      if (inserted.length === 0) return yield* invalid("endpoint", `an endpoint with id ${JSON.stringify(id)} exists`)
      return yield* findEndpoint(id)
    })

  const updateEndpoint = (id: string, patch: Store.EndpointPatch) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const current = yield* findEndpoint(id)
      const url = patch.url === undefined ? current.url : yield* validateUrl(patch.url)
      const eventTypes = patch.eventTypes === undefined
        ? current.eventTypes
        : patch.eventTypes === null
        ? undefined
        : yield* validateEventTypes(patch.eventTypes)
      yield* sql`UPDATE outbox_endpoints SET url = ${url}, description = ${
        patch.description ?? current.description ?? null
      }, event_types = ${eventTypes === undefined ? null : JSON.stringify(eventTypes)}, updated_at = ${now} WHERE id = ${id}`
      return yield* findEndpoint(id)
    })

  const rotateSecret = (
    id: string,
    options: {
      readonly secret?: Redacted.Redacted<string> | undefined
      readonly previousValidFor?: Duration.DurationInput | undefined
    } = {}
  ) =>
    sql.withTransaction(Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const secret = options.secret ?? OutboxSigning.generateSecret()
      yield* validateSecret(secret)
      const current = yield* findEndpoint(id)
      const until = now + Duration.toMillis(Duration.decode(options.previousValidFor ?? Duration.hours(24)))
      const secrets: ReadonlyArray<EndpointSecret> = [
        ...activeSecrets(current.secrets, now).map((s) => ({
          secret: s.secret,
          expiresAt: Math.min(s.expiresAt ?? until, until)
        })),
        { secret, expiresAt: undefined }
      ]
      yield* sql`UPDATE outbox_endpoints SET secrets = ${serializeSecrets(secrets)}, updated_at = ${now} WHERE id = ${id}`
      return yield* findEndpoint(id)
    }))

  const disableEndpoint = (id: string, reason: string) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      yield* findEndpoint(id)
      yield* sql`UPDATE outbox_endpoints
        SET enabled = 0, disabled_reason = ${reason}, disabled_at = ${now}, updated_at = ${now}
        WHERE id = ${id}`
      return yield* findEndpoint(id)
    })

  const enableEndpoint = (id: string) =>
    Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      yield* findEndpoint(id)
      yield* sql`UPDATE outbox_endpoints
        SET enabled = 1, disabled_reason = NULL, disabled_at = NULL,
            consecutive_failures = 0, open_until = 0, failing_since = NULL, updated_at = ${now}
        WHERE id = ${id}`
      return yield* findEndpoint(id)
    })

  const enqueue = (input: Store.EnqueueInput): Effect.Effect<EnqueueResult, SqlError | OutboxError> =>
    Effect.gen(function*() {
      if (input.type.trim() === "") return yield* invalid("message", "type must be a non-empty string")
      const payload = yield* serializePayload("message", input.payload)
      const now = yield* Clock.currentTimeMillis
      const messageId = input.id ?? newId("msg")
      // A savepoint inside the caller's transaction, a transaction of its own otherwise: message and fan-out commit
      // together or not at all.
      return yield* sql.withTransaction(Effect.gen(function*() {
        const inserted = yield* sql`INSERT INTO outbox_messages ${
          sql.insert({ id: messageId, type: input.type, payload, created_at: now })
        } ON CONFLICT (id) DO NOTHING RETURNING id`
        if (inserted.length === 0) return { messageId, created: false, deliveries: 0 }
        const endpoints = yield* sql<
          { readonly id: string; readonly event_types: string | null }
        >`SELECT id, event_types FROM outbox_endpoints WHERE enabled = 1`
        const targets = endpoints.filter((endpoint) =>
          (input.endpointIds === undefined || input.endpointIds.includes(endpoint.id)) &&
          matchesEventType(
            endpoint.event_types === null ? undefined : (JSON.parse(endpoint.event_types) as ReadonlyArray<string>),
            input.type
          )
        )
        if (targets.length > 0) {
          yield* sql`INSERT INTO outbox_deliveries ${
            sql.insert(targets.map((endpoint) => ({
              id: newId("dlv"),
              message_id: messageId,
              endpoint_id: endpoint.id,
              message_type: input.type,
              state: "pending",
              attempts: 0,
              cycle_attempts: 0,
              next_attempt_at: now,
              created_at: now,
              updated_at: now
            })))
          }`
        }
        return { messageId, created: true, deliveries: targets.length }
      }))
    })

  const getMessage = (id: string) =>
    Effect.flatMap(
      sql<{ id: string; type: string; payload: string; created_at: unknown }>`SELECT * FROM outbox_messages WHERE id = ${id}`,
      (rows) =>
        rows[0] === undefined
          ? Effect.fail(notFound("message", id))
          : Effect.succeed<Message>({
            id: rows[0].id,
            type: rows[0].type,
            payload: rows[0].payload,
            createdAt: num(rows[0].created_at)
          })
    )

  const getDelivery = (id: string) =>
    Effect.flatMap(
      sql<DeliveryRow>`SELECT * FROM outbox_deliveries WHERE id = ${id}`,
      (rows) => (rows[0] === undefined ? Effect.fail(notFound("delivery", id)) : Effect.succeed(toDelivery(rows[0])))
    )

  const listDeliveries = (filter: Store.DeliveryFilter) => {
    const clauses = [
      ...(filter.state !== undefined ? [sql`state = ${filter.state}`] : []),
      ...(filter.endpointId !== undefined ? [sql`endpoint_id = ${filter.endpointId}`] : []),
      ...(filter.messageId !== undefined ? [sql`message_id = ${filter.messageId}`] : [])
    ]
    return Effect.map(
      sql<DeliveryRow>`SELECT * FROM outbox_deliveries WHERE ${sql.and(clauses)} ORDER BY updated_at DESC, id LIMIT ${
        Math.max(1, Math.floor(filter.limit ?? 100))
      }`,
      (rows) => rows.map(toDelivery)
    )
  }

  const listAttempts = (deliveryId: string) =>
    Effect.map(
      sql<{
        delivery_id: string
        attempt: unknown
        worker: string
        started_at: unknown
        duration_ms: unknown
        status: unknown
        result: string
        error: string | null
      }>`SELECT * FROM outbox_attempts WHERE delivery_id = ${deliveryId} ORDER BY attempt`,
      (rows) =>
        rows.map((row): Attempt => ({
          deliveryId: row.delivery_id,
          attempt: num(row.attempt),
          worker: row.worker,
          startedAt: num(row.started_at),
          durationMillis: num(row.duration_ms),
          status: optNum(row.status),
          result: row.result as AttemptResult,
          error: optStr(row.error)
        }))
    )

  const replay = (deliveryIds: ReadonlyArray<string>) =>
    deliveryIds.length === 0
      ? Effect.succeed(0)
      : Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.map(
          sql`UPDATE outbox_deliveries
            SET state = 'pending', cycle_attempts = 0, next_attempt_at = ${now}, lease_owner = NULL, updated_at = ${now}
            WHERE id IN ${
            sql.in(deliveryIds)
          } AND state = 'dead' RETURNING id`,
          (rows) => rows.length
        ))

  const replayDead = (filter: { readonly endpointId?: string | undefined } = {}) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Effect.map(
        sql`UPDATE outbox_deliveries
          SET state = 'pending', cycle_attempts = 0, next_attempt_at = ${now}, lease_owner = NULL, updated_at = ${now}
          WHERE state = 'dead' ${
          filter.endpointId === undefined ? sql.literal("") : sql`AND endpoint_id = ${filter.endpointId}`
        } RETURNING id`,
        (rows) => rows.length
      ))

  const stats: Effect.Effect<Stats, SqlError> = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const byState = yield* sql<{ state: string; n: unknown }>`SELECT state, COUNT(*) AS n FROM outbox_deliveries GROUP BY state`
    const [oldest] = yield* sql<{ oldest: unknown }>`SELECT MIN(created_at) AS oldest FROM outbox_deliveries WHERE state IN ${
      sql.in(QUEUED)
    }`
    const [endpoints] = yield* sql<{ total: unknown; disabled: unknown; open: unknown }>`SELECT COUNT(*) AS total,
      COALESCE(SUM(CASE WHEN enabled = 0 THEN 1 ELSE 0 END), 0) AS disabled,
      COALESCE(SUM(CASE WHEN enabled = 1 AND open_until > ${now} THEN 1 ELSE 0 END), 0) AS open
      FROM outbox_endpoints`
    const count = (state: DeliveryState) => num(byState.find((row) => row.state === state)?.n ?? 0)
    const oldestCreated = optNum(oldest?.oldest)
    return {
      pending: count("pending"),
      delivering: count("delivering"),
      failedRetrying: count("failed-retrying"),
      delivered: count("delivered"),
      dead: count("dead"),
      queueDepth: count("pending") + count("delivering") + count("failed-retrying"),
      oldestPendingAgeMillis: oldestCreated === undefined ? undefined : Math.max(0, now - oldestCreated),
      endpoints: num(endpoints?.total ?? 0),
      endpointsDisabled: num(endpoints?.disabled ?? 0),
      endpointsOpen: num(endpoints?.open ?? 0)
    }
  })

  const prune = (before: number) =>
    sql.withTransaction(Effect.gen(function*() {
      yield* sql`DELETE FROM outbox_attempts
        WHERE delivery_id IN (SELECT id FROM outbox_deliveries WHERE state = 'delivered' AND delivered_at < ${before})`
      const deleted = yield* sql`DELETE FROM outbox_deliveries
        WHERE state = 'delivered' AND delivered_at < ${before}
        RETURNING id`
      yield* sql`DELETE FROM outbox_messages
        WHERE created_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE d.message_id = outbox_messages.id)`
      return deleted.length
    }))

  const claim = (options: Store.ClaimOptions) =>
    Effect.gen(function*() {
      if (options.limit <= 0) return []
      const now = yield* Clock.currentTimeMillis
      // Endpoint first: each due endpoint gets a fair share of the batch, within its own in-flight limit counted over
      // every worker, and none while its breaker is open or it is disabled.
      const endpoints = yield* sql<{ id: string; consecutive_failures: unknown; oldest: unknown; busy: unknown }>`
        SELECT e.id, e.consecutive_failures,
          (SELECT MIN(d.next_attempt_at) FROM outbox_deliveries d WHERE d.endpoint_id = e.id AND d.state IN ${
        sql.in(QUEUED)
      }) AS oldest,
          (SELECT COUNT(*) FROM outbox_deliveries d
            WHERE d.endpoint_id = e.id AND d.state = 'delivering' AND d.next_attempt_at > ${now}) AS busy
        FROM outbox_endpoints e WHERE e.enabled = 1 AND e.open_until <= ${now}`
      const due = endpoints
        .filter((e) => e.oldest !== null && num(e.oldest) <= now)
        .map((e) => ({
          id: e.id,
          oldest: num(e.oldest),
          capacity: (num(e.consecutive_failures) >= options.breakerThreshold ? 1 : options.perEndpoint) - num(e.busy)
        }))
        .filter((e) => e.capacity > 0)
        .sort((a, b) => a.oldest - b.oldest)
      const allotted = new Map<string, number>()
      let left = options.limit
      let progressed = true
      while (left > 0 && progressed) {
        progressed = false
        for (const endpoint of due) {
          const taken = allotted.get(endpoint.id) ?? 0
          if (left > 0 && taken < endpoint.capacity) {
            allotted.set(endpoint.id, taken + 1)
            left--
            progressed = true
          }
        }
      }
      if (allotted.size === 0) return []
      const perEndpoint = Array.from(allotted, ([id, n]) =>
        sql`SELECT id FROM (SELECT id, next_attempt_at FROM outbox_deliveries WHERE endpoint_id = ${id} AND state IN ${
          sql.in(QUEUED)
        } AND next_attempt_at <= ${now} ORDER BY next_attempt_at LIMIT ${n}) AS c`)
      const candidates = yield* sql<{ id: string }>`${sql.join(" UNION ALL ", false)(perEndpoint)}`
      if (candidates.length === 0) return []
      // The conditional update is the claim: a row another worker took since the read no longer matches, and on
      // Postgres rows being claimed right now are skipped rather than waited for.
      // The lease runs from the claim itself, not from the reads before it.
      const leaseUntil = (yield* Clock.currentTimeMillis) + options.leaseMillis
      const claimed = yield* sql<{ id: string; attempts: unknown; cycle_attempts: unknown }>`
        UPDATE outbox_deliveries SET state = 'delivering', lease_owner = ${options.worker},
          next_attempt_at = ${leaseUntil}, attempts = attempts + 1,
          cycle_attempts = cycle_attempts + 1, updated_at = ${now}
        WHERE id IN (SELECT id FROM outbox_deliveries WHERE id IN ${
        sql.in(candidates.map((c) => c.id))
      } AND state IN ${sql.in(QUEUED)} AND next_attempt_at <= ${now} ${lockSkipLocked})
        RETURNING id, attempts, cycle_attempts`
      if (claimed.length === 0) return []
      const details = yield* sql<{
        id: string
        message_id: string
        endpoint_id: string
        message_type: string
        payload: string
        url: string
        secrets: string
        consecutive_failures: unknown
      }>`SELECT d.id, d.message_id, d.endpoint_id, d.message_type, m.payload, e.url, e.secrets, e.consecutive_failures
        FROM outbox_deliveries d
        JOIN outbox_messages m ON m.id = d.message_id
        JOIN outbox_endpoints e ON e.id = d.endpoint_id
        WHERE d.id IN ${sql.in(claimed.map((c) => c.id))}`
      const byId = new Map(details.map((row) => [row.id, row]))
      return claimed.flatMap((row): ReadonlyArray<Store.ClaimedDelivery> => {
        const detail = byId.get(row.id)
        if (detail === undefined) return []
        return [{
          id: row.id,
          messageId: detail.message_id,
          messageType: detail.message_type,
          payload: detail.payload,
          endpointId: detail.endpoint_id,
          url: detail.url,
          secrets: activeSecrets(parseSecrets(detail.secrets), now).map((s) => s.secret),
          attempt: num(row.attempts),
          cycleAttempt: num(row.cycle_attempts),
          endpointConsecutiveFailures: num(detail.consecutive_failures),
          leaseUntil
        }]
      })
    })

  const release = (deliveryIds: ReadonlyArray<string>, worker: string) =>
    deliveryIds.length === 0
      ? Effect.succeed(0)
      : Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.map(
          sql`UPDATE outbox_deliveries SET state = CASE WHEN cycle_attempts > 1 THEN 'failed-retrying' ELSE 'pending' END,
            attempts = attempts - 1, cycle_attempts = cycle_attempts - 1, lease_owner = NULL, next_attempt_at = ${now},
            updated_at = ${now}
            WHERE id IN ${sql.in(deliveryIds)} AND lease_owner = ${worker} AND state = 'delivering' RETURNING id`,
          (rows) => rows.length
        ))

  const attemptRow = (record: Store.AttemptRecord) => ({
    delivery_id: record.deliveryId,
    attempt: record.attempt,
    worker: record.worker,
    started_at: record.startedAt,
    duration_ms: Math.max(0, record.finishedAt - record.startedAt),
    status: record.status ?? null,
    result: record.result,
    error: record.error ?? null
  })

  const recordDelivered = (records: ReadonlyArray<Store.AttemptRecord>) =>
    records.length === 0
      ? Effect.succeed(new Set<string>() as ReadonlySet<string>)
      : sql.withTransaction(Effect.gen(function*() {
        const applied = new Set<string>()
        const groups = new Map<string, Array<Store.AttemptRecord>>()
        for (const record of records) {
          const key = `${record.worker} ${record.status}`
          groups.set(key, [...(groups.get(key) ?? []), record])
        }
        for (const group of groups.values()) {
          const status = group[0]!.status ?? null
          // One timestamp per group keeps it one statement; each attempt's own times are in the attempts log.
          const at = Math.max(...group.map((r) => r.finishedAt))
          const rows = yield* sql<{ id: string }>`UPDATE outbox_deliveries
            SET state = 'delivered', lease_owner = NULL, last_status = ${status}, last_error = NULL,
              last_result = 'success', delivered_at = ${at}, updated_at = ${at}
            WHERE id IN ${sql.in(group.map((r) => r.deliveryId))} AND lease_owner = ${group[0]!.worker}
              AND state = 'delivering'
            RETURNING id`
          for (const row of rows) applied.add(row.id)
        }
        yield* sql`INSERT INTO outbox_attempts ${sql.insert(records.map(attemptRow))}
          ON CONFLICT (delivery_id, attempt) DO NOTHING`
        return applied as ReadonlySet<string>
      }))

  const recordAttempt = (
    record: Store.AttemptRecord,
    decide: (health: Store.EndpointHealth) => Store.EndpointChange
  ): Effect.Effect<Store.RecordOutcome, SqlError> =>
    sql.withTransaction(Effect.gen(function*() {
      const now = record.finishedAt
      const guard = sql`id = ${record.deliveryId} AND lease_owner = ${record.worker} AND state = 'delivering'`
      // The delivery update comes first: on SQLite it takes the write lock before anything is read.
      const updated = record.next._tag === "Delivered"
        ? yield* sql`UPDATE outbox_deliveries SET state = 'delivered', lease_owner = NULL, last_status = ${
          record.status ?? null
        }, last_error = NULL, last_result = ${record.result}, delivered_at = ${now}, updated_at = ${now}
          WHERE ${guard} RETURNING id`
        : yield* sql`UPDATE outbox_deliveries SET state = ${
          record.next._tag === "Dead" ? "dead" : "failed-retrying"
        }, lease_owner = NULL, next_attempt_at = ${record.next._tag === "Retry" ? record.next.at : now}, last_status = ${
          record.status ?? null
        }, last_error = ${record.error ?? null}, last_result = ${record.result}, updated_at = ${now}
          WHERE ${guard} RETURNING id`
      // The attempt happened whether or not the lease was still ours, so it is always logged.
      yield* sql`INSERT INTO outbox_attempts ${sql.insert(attemptRow(record))} ON CONFLICT (delivery_id, attempt) DO NOTHING`
      if (record.endpointEffect === "unchanged") return { applied: updated.length > 0, health: undefined, change: {} }
      if (record.endpointEffect === "success") {
        // Most attempts succeed on a healthy endpoint: only a failure streak to clear is worth a write, so concurrent
        // successes never queue up on the endpoint's row lock.
        yield* sql`UPDATE outbox_endpoints SET consecutive_failures = 0, failing_since = NULL, updated_at = ${now}
          WHERE id = ${record.endpointId} AND (consecutive_failures <> 0 OR failing_since IS NOT NULL)`
        return { applied: updated.length > 0, health: undefined, change: {} }
      }
      const healthRows = yield* (record.endpointEffect === "failure"
        ? sql`UPDATE outbox_endpoints
          SET consecutive_failures = consecutive_failures + 1,
            failing_since = COALESCE(failing_since, ${record.startedAt}), updated_at = ${now}
          WHERE id = ${record.endpointId}
          RETURNING consecutive_failures, failing_since, open_until, enabled`
        : sql`SELECT consecutive_failures, failing_since, open_until, enabled FROM outbox_endpoints
          WHERE id = ${record.endpointId}`)
      const row = healthRows[0]
      if (row === undefined) return { applied: updated.length > 0, health: undefined, change: {} }
      const health: Store.EndpointHealth = {
        consecutiveFailures: num(row.consecutive_failures),
        failingSince: optNum(row.failing_since),
        openUntil: num(row.open_until),
        enabled: num(row.enabled) === 1
      }
      const change = decide(health)
      if (change.openUntil !== undefined && change.openUntil > health.openUntil) {
        // Compared in SQL too: a concurrent attempt may have pushed the breaker further out since the read.
        yield* sql`UPDATE outbox_endpoints SET open_until = ${change.openUntil}
          WHERE id = ${record.endpointId} AND open_until < ${change.openUntil}`
      }
      if (change.disableReason !== undefined && health.enabled) {
        yield* sql`UPDATE outbox_endpoints SET enabled = 0, disabled_reason = ${change.disableReason}, disabled_at = ${now}
          WHERE id = ${record.endpointId} AND enabled = 1`
      }
      return { applied: updated.length > 0, health, change }
    }))

  return {
    createEndpoint,
    getEndpoint: findEndpoint,
    listEndpoints: Effect.map(sql<EndpointRow>`SELECT * FROM outbox_endpoints ORDER BY created_at, id`, (rows) =>
      rows.map(toEndpoint)),
    updateEndpoint,
    rotateSecret,
    disableEndpoint,
    enableEndpoint,
    enqueue,
    getMessage,
    getDelivery,
    listDeliveries,
    listAttempts,
    replay,
    replayDead,
    stats,
    prune,
    claim,
    release,
    recordDelivered,
    recordAttempt,
    inbox: inbox.make(sql)
  }
}
