/**
 * Durable storage for the outbox and the inbox on `@effect/sql`: SQLite (the embedded default, WAL) or Postgres (many
 * dispatcher processes on one database, claims with `FOR UPDATE SKIP LOCKED`). One implementation speaks both
 * dialects; `layer` runs the migrations on the app's own `SqlClient`, `layerSqlite` / `layerPg` / `layerUrl` also
 * build that client. The drivers are optional peers, imported when their layer is built: `layerSqlite` needs
 * `@effect/sql-sqlite-node`, `layerPg` needs `@effect/sql-pg`, and a missing one is a defect naming the package.
 *
 * @since 0.1.0
 */
import type * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as OptionalPeer from "../core/internal/optionalPeer.js"
import * as DatabaseUrl from "./internal/databaseUrl.js"
import * as migrations from "./internal/migrations.js"
import * as internal from "./internal/store.js"
import type {
  Attempt,
  AttemptResult,
  Delivery,
  DeliveryState,
  Endpoint,
  EnqueueResult,
  InboxEvent,
  InboxState,
  InboxStats,
  Message,
  OutboxError,
  Stats
} from "./OutboxModel.js"

/**
 * A new endpoint. Without `secret` a fresh `whsec_` secret is generated.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointInput {
  readonly id?: string | undefined
  readonly url: string
  readonly description?: string | undefined
  readonly secret?: Redacted.Redacted<string> | undefined
  readonly eventTypes?: ReadonlyArray<string> | undefined
}

/**
 * Changes to an endpoint; `eventTypes: null` removes the filter.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointPatch {
  readonly url?: string | undefined
  readonly description?: string | undefined
  readonly eventTypes?: ReadonlyArray<string> | null | undefined
}

/**
 * An event to deliver. The same `id` enqueued twice yields one message (idempotent enqueue); `endpointIds` restricts
 * the fan-out, which otherwise goes to every enabled endpoint whose filter matches `type`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EnqueueInput {
  readonly id?: string | undefined
  readonly type: string
  readonly payload: unknown
  readonly endpointIds?: ReadonlyArray<string> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface DeliveryFilter {
  readonly state?: DeliveryState | undefined
  readonly endpointId?: string | undefined
  readonly messageId?: string | undefined
  readonly limit?: number | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ClaimOptions {
  readonly worker: string
  readonly limit: number
  readonly leaseMillis: number
  /** In-flight deliveries allowed per endpoint, counted over every worker sharing the store. */
  readonly perEndpoint: number
  /** An endpoint with this many failures in a row is half-open once its open period ends: one probe at a time. */
  readonly breakerThreshold: number
}

/**
 * A delivery leased to a worker, with what it needs to send it.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ClaimedDelivery {
  readonly id: string
  readonly messageId: string
  readonly messageType: string
  readonly payload: string
  readonly endpointId: string
  readonly url: string
  /** Secrets not yet expired at claim time. */
  readonly secrets: ReadonlyArray<Redacted.Redacted<string>>
  readonly attempt: number
  readonly cycleAttempt: number
  readonly endpointConsecutiveFailures: number
  /** When the lease expires (epoch millis): the attempt must be over by then. */
  readonly leaseUntil: number
}

/**
 * What the schedule decided after an attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export type Next =
  | { readonly _tag: "Delivered" }
  | { readonly _tag: "Retry"; readonly at: number }
  | { readonly _tag: "Dead" }

/**
 * @since 0.1.0
 * @category Models
 */
export interface AttemptRecord {
  readonly deliveryId: string
  readonly endpointId: string
  readonly worker: string
  readonly attempt: number
  readonly startedAt: number
  readonly finishedAt: number
  readonly status: number | undefined
  readonly result: AttemptResult
  readonly error: string | undefined
  readonly next: Next
  /**
   * How the attempt counts for the endpoint's health: `success` clears a failure streak, `failure` extends it,
   * `neutral` only reads it (for a pause), `unchanged` touches nothing (a success on an endpoint with no streak).
   */
  readonly endpointEffect: "success" | "failure" | "neutral" | "unchanged"
}

/**
 * An endpoint's shared breaker state, as read inside the transaction that recorded an attempt.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointHealth {
  readonly consecutiveFailures: number
  readonly failingSince: number | undefined
  readonly openUntil: number
  readonly enabled: boolean
}

/**
 * A change to apply to the endpoint in the same transaction.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointChange {
  readonly openUntil?: number | undefined
  readonly disableReason?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface RecordOutcome {
  /** False when the lease had already passed to another worker: the attempt is logged, the state is not touched. */
  readonly applied: boolean
  /** The endpoint's state after a failed or neutral attempt; a success does not read it. */
  readonly health: EndpointHealth | undefined
  readonly change: EndpointChange
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface InboxRecordInput {
  readonly source: string
  readonly eventId: string
  readonly type: string
  readonly payload: unknown
}

/**
 * @since 0.1.0
 * @category Models
 */
export type InboxNext =
  | { readonly _tag: "Processed" }
  | { readonly _tag: "Retry"; readonly at: number; readonly error: string }
  | { readonly _tag: "Dead"; readonly error: string }

/**
 * @since 0.1.0
 * @category Models
 */
export interface InboxKey {
  readonly source: string
  readonly eventId: string
}

/**
 * The inbox half of the store.
 *
 * @since 0.1.0
 * @category Models
 */
export interface InboxService {
  /** Persists an event once per source and event id; `recorded` is false for a duplicate. */
  readonly record: (input: InboxRecordInput) => Effect.Effect<{ readonly recorded: boolean }, SqlError | OutboxError>
  readonly claim: (options: {
    readonly worker: string
    readonly limit: number
    readonly leaseMillis: number
    readonly sources?: ReadonlyArray<string> | undefined
  }) => Effect.Effect<ReadonlyArray<InboxEvent>, SqlError>
  readonly complete: (
    key: InboxKey,
    worker: string,
    next: InboxNext
  ) => Effect.Effect<boolean, SqlError>
  /** Gives leased events back untried (see `Service.release`). */
  readonly release: (keys: ReadonlyArray<InboxKey>, worker: string) => Effect.Effect<number, SqlError>
  readonly get: (key: InboxKey) => Effect.Effect<InboxEvent, SqlError | OutboxError>
  readonly list: (filter: {
    readonly state?: InboxState | undefined
    readonly source?: string | undefined
    readonly limit?: number | undefined
  }) => Effect.Effect<ReadonlyArray<InboxEvent>, SqlError>
  /** Dead events back to `pending` with a new attempt cycle; returns how many moved. */
  readonly replay: (keys: ReadonlyArray<InboxKey>) => Effect.Effect<number, SqlError>
  readonly stats: Effect.Effect<InboxStats, SqlError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly createEndpoint: (input: EndpointInput) => Effect.Effect<Endpoint, SqlError | OutboxError>
  readonly getEndpoint: (id: string) => Effect.Effect<Endpoint, SqlError | OutboxError>
  readonly listEndpoints: Effect.Effect<ReadonlyArray<Endpoint>, SqlError>
  readonly updateEndpoint: (id: string, patch: EndpointPatch) => Effect.Effect<Endpoint, SqlError | OutboxError>
  /** Adds a new signing secret; the previous ones keep signing for `previousValidFor` (default 24 h). */
  readonly rotateSecret: (
    id: string,
    options?: {
      readonly secret?: Redacted.Redacted<string> | undefined
      readonly previousValidFor?: Duration.DurationInput | undefined
    }
  ) => Effect.Effect<Endpoint, SqlError | OutboxError>
  readonly disableEndpoint: (id: string, reason: string) => Effect.Effect<Endpoint, SqlError | OutboxError>
  /** Enables an endpoint and resets its breaker and failure streak; its queued deliveries resume. */
  readonly enableEndpoint: (id: string) => Effect.Effect<Endpoint, SqlError | OutboxError>
  readonly enqueue: (input: EnqueueInput) => Effect.Effect<EnqueueResult, SqlError | OutboxError>
  readonly getMessage: (id: string) => Effect.Effect<Message, SqlError | OutboxError>
  readonly getDelivery: (id: string) => Effect.Effect<Delivery, SqlError | OutboxError>
  readonly listDeliveries: (filter: DeliveryFilter) => Effect.Effect<ReadonlyArray<Delivery>, SqlError>
  readonly listAttempts: (deliveryId: string) => Effect.Effect<ReadonlyArray<Attempt>, SqlError>
  /** Dead deliveries back to `pending` with a new attempt cycle; returns how many moved. */
  readonly replay: (deliveryIds: ReadonlyArray<string>) => Effect.Effect<number, SqlError>
  /** Every dead delivery (of one endpoint, if given) back to `pending`; returns how many moved. */
  readonly replayDead: (filter?: { readonly endpointId?: string | undefined }) => Effect.Effect<number, SqlError>
  readonly stats: Effect.Effect<Stats, SqlError>
  /** Deletes delivered deliveries finished before `before`, their attempts, and messages left with no delivery. */
  readonly prune: (before: number) => Effect.Effect<number, SqlError>
  readonly claim: (options: ClaimOptions) => Effect.Effect<ReadonlyArray<ClaimedDelivery>, SqlError>
  /**
   * Gives leased deliveries back without an attempt (the worker could not start them in time): they are due at once
   * and the claim does not count as an attempt. Returns how many were still this worker's.
   */
  readonly release: (deliveryIds: ReadonlyArray<string>, worker: string) => Effect.Effect<number, SqlError>
  /**
   * Records many successful attempts of one worker in one transaction (two statements per status code), for
   * endpoints with no failure streak to clear. Returns the ids whose lease was still the worker's.
   */
  readonly recordDelivered: (records: ReadonlyArray<AttemptRecord>) => Effect.Effect<ReadonlySet<string>, SqlError>
  /** Records an attempt and its consequences in one transaction; `decide` sees the endpoint after a failure. */
  readonly recordAttempt: (
    record: AttemptRecord,
    decide: (health: EndpointHealth) => EndpointChange
  ) => Effect.Effect<RecordOutcome, SqlError>
  readonly inbox: InboxService
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class OutboxStore extends Context.Tag("effect-integrations/OutboxStore")<OutboxStore, Service>() {}

/**
 * Builds the store on a `SqlClient` without running migrations.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (sql: SqlClient.SqlClient): Service => internal.make(sql)

/**
 * Runs the outbox and inbox migrations (table `effect_integrations_outbox_migrations`) on the `SqlClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const migrate: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient
> = migrations.run

/**
 * The store on the app's own `SqlClient`, migrations included: the app's transactions and the outbox share one
 * database, which is what makes enqueue transactional.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer: Layer.Layer<OutboxStore, Migrator.MigrationError | SqlError, SqlClient.SqlClient> = Layer.effect(
  OutboxStore,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* migrations.run
    return internal.make(sql)
  })
)

/**
 * The store on the app's `SqlClient` as it is: no migration runs and nothing is created. Tables that are missing, or
 * older than this version's, fail the layer with a `ConfigError` naming `url` (for tools that only read or operate an
 * outbox an app owns, like the `outbox` CLI).
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerExisting: Layer.Layer<OutboxStore, SqlError | ConfigError.ConfigError, SqlClient.SqlClient> = Layer.effect(
  OutboxStore,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const applied = yield* migrations.applied
    if (applied < migrations.latest) {
      return yield* Effect.fail(ConfigError.InvalidData(
        ["url"],
        applied === 0
          ? "no outbox tables in this database (the app's OutboxStore layer creates them when it starts)"
          : `the outbox tables are at migration ${applied}, this version needs ${migrations.latest} (start the app once to migrate them)`
      ))
    }
    return internal.make(sql)
  })
)

/**
 * Whether a store layer runs the migrations (`true`, the default) or uses the tables as they are (see `layerExisting`).
 *
 * @since 0.2.0
 * @category Models
 */
export interface MigrateOption {
  readonly migrate?: boolean | undefined
}

const invalid = (setting: string, message: string) => Effect.fail(ConfigError.InvalidData([setting], message))

const storeOn = (migrate: boolean) =>
  migrate ? layer : (layerExisting as Layer.Layer<OutboxStore, Migrator.MigrationError | SqlError | ConfigError.ConfigError, SqlClient.SqlClient>)

const sqliteLayer = (filename: string, synchronous: "NORMAL" | "FULL", migrate: boolean) =>
  Layer.provideMerge(
    storeOn(migrate),
    Layer.unwrapEffect(Effect.map(
      OptionalPeer.load(OptionalPeer.sqliteClient, () => import("@effect/sql-sqlite-node/SqliteClient")),
      (SqliteClient): Layer.Layer<SqlClient.SqlClient, ConfigError.ConfigError | SqlError> =>
        Layer.tap(
          // Without migrations the database is only operated, never converted: its journal mode stays as the app set it.
          SqliteClient.layer({ filename, ...(migrate ? {} : { disableWAL: true }) }),
          (context) => Context.get(context, SqliteClient.SqliteClient).unsafe(`PRAGMA synchronous = ${synchronous}`)
        )
    ))
  )

const pgLayer = (url: Redacted.Redacted<string>, maxConnections: number | undefined, migrate: boolean) =>
  Layer.provideMerge(
    storeOn(migrate),
    Layer.unwrapEffect(Effect.map(
      OptionalPeer.load(OptionalPeer.pgClient, () => import("@effect/sql-pg/PgClient")),
      (PgClient): Layer.Layer<SqlClient.SqlClient, ConfigError.ConfigError | SqlError> =>
        PgClient.layer({
          url,
          applicationName: "effect-integrations-outbox",
          ...(maxConnections !== undefined ? { maxConnections } : {})
        })
    ))
  )

/**
 * An embedded SQLite database (WAL) plus the store on it. The layer also provides the `SqlClient`, for the app's
 * own tables and transactions. An empty `filename` (which SQLite would take as a throwaway temporary database), a NUL
 * character or a directory that does not exist fail with a `ConfigError` naming `filename`. Needs the optional peer
 * `@effect/sql-sqlite-node` (which builds better-sqlite3).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerSqlite = (options: MigrateOption & {
  readonly filename: string
  /**
   * `NORMAL` (the default) is durable across process crashes in WAL mode; after a power loss the last commits may
   * roll back, business change and event together. `FULL` also survives power loss at a few ms per commit.
   */
  readonly synchronous?: "NORMAL" | "FULL" | undefined
}): Layer.Layer<OutboxStore | SqlClient.SqlClient, Migrator.MigrationError | SqlError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.suspend(() =>
    Either.match(DatabaseUrl.sqlite(options.filename), {
      onLeft: (message) => invalid("filename", message),
      onRight: (filename) => Effect.succeed(sqliteLayer(filename, options.synchronous ?? "NORMAL", options.migrate ?? true))
    })
  ))

/**
 * A Postgres database plus the store on it; the layer also provides the `SqlClient`. Put
 * `?options=-c%20search_path%3D<schema>` on the URL to keep the tables in their own schema. A malformed URL (scheme,
 * host, port, more than one path segment, bad percent-encoding, unknown `sslmode`) fails with a `ConfigError` naming
 * `url`, the URL shown with its password masked. Needs the optional peer `@effect/sql-pg`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerPg = (options: MigrateOption & {
  readonly url: string | Redacted.Redacted<string>
  readonly maxConnections?: number | undefined
}): Layer.Layer<OutboxStore | SqlClient.SqlClient, Migrator.MigrationError | SqlError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.suspend(() => {
    const url = Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url)
    return Either.match(DatabaseUrl.postgres(Redacted.value(url)), {
      onLeft: (message) => invalid("url", message),
      onRight: () => Effect.succeed(pgLayer(url, options.maxConnections, options.migrate ?? true))
    })
  }))

/**
 * Picks the database from one string: a `postgres://` or `postgresql://` URL, otherwise a SQLite file path
 * (a `sqlite:` or `file:` prefix is accepted). Another scheme, or anything `layerPg` / `layerSqlite` would refuse,
 * fails with a `ConfigError` naming `url`. With `{ migrate: false }` the tables are used as they are (`layerExisting`).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerUrl = (
  url: string,
  options: MigrateOption = {}
): Layer.Layer<OutboxStore | SqlClient.SqlClient, Migrator.MigrationError | SqlError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.suspend(() =>
    Either.match(DatabaseUrl.parse(url), {
      onLeft: (message) => invalid("url", message),
      onRight: (target): Effect.Effect<
        Layer.Layer<OutboxStore | SqlClient.SqlClient, Migrator.MigrationError | SqlError | ConfigError.ConfigError>
      > =>
        Effect.succeed(
          target._tag === "Postgres"
            ? pgLayer(Redacted.make(target.url), undefined, options.migrate ?? true)
            : sqliteLayer(target.filename, "NORMAL", options.migrate ?? true)
        )
    })
  ))
