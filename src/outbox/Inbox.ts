/**
 * The inbox for inbound webhooks: persist a verified event and answer 2xx at once, then process it with retries and a
 * dead letter state of its own. Events are deduplicated by source and the vendor's event id, so a slow handler never
 * makes the vendor retry and a crash loses nothing. Shares the outbox's stores and lease mechanics.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Inbox, OutboxStore } from "effect-integrations/outbox"
 *
 * declare const handleStripeEvent: (event: unknown) => Effect.Effect<void>
 *
 * // In the webhook handler, after the signature is verified (the event id comes from the signed body):
 * const received = (event: { readonly id: string; readonly type: string }) =>
 *   Inbox.record({ source: "stripe", eventId: event.id, type: event.type, payload: event })
 *
 * // A worker, on the same store (a duplicate delivery is recorded once and processed once):
 * const InboxLive = Inbox.layer((event) => handleStripeEvent(JSON.parse(event.payload))).pipe(
 *   Layer.provideMerge(OutboxStore.layerSqlite({ filename: "outbox.db" }))
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as internal from "./internal/inbox.js"
import * as inboxStore from "./internal/inboxStore.js"
import type { InboxEvent, InboxStats, OutboxError } from "./OutboxModel.js"
import type * as OutboxPolicy from "./OutboxPolicy.js"
import type { InboxKey, InboxRecordInput } from "./OutboxStore.js"
import { OutboxStore } from "./OutboxStore.js"

/**
 * Worker settings on top of the delivery policy. The inbox default schedule retries after 1 s, 10 s, 1 min, 10 min,
 * 1 h and 6 h; handlers time out after 30 s.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OutboxPolicy.PolicyInput {
  readonly worker?: string | undefined
  /** Handlers running at once in this process (default 8). */
  readonly concurrency?: number | undefined
  readonly pollInterval?: Duration.DurationInput | undefined
  readonly gaugeInterval?: Duration.DurationInput | undefined
  /** Only events of these sources; every source by default. */
  readonly sources?: ReadonlyArray<string> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Summary {
  readonly claimed: number
  readonly processed: number
  readonly retrying: number
  readonly dead: number
  readonly leaseLost: number
  /** Claims given back untried because too little of the lease was left to run the handler within it. */
  readonly released: number
}

/**
 * The app's processing of one event. A failure, defect or timeout schedules a retry.
 *
 * @since 0.1.0
 * @category Models
 */
export type Handler<E, R> = (event: InboxEvent) => Effect.Effect<void, E, R>

/**
 * Persists an event once per `source` + `eventId` with the `SqlClient` in context (so it can join the caller's
 * transaction); `recorded` is false for a duplicate the vendor sent again.
 *
 * @since 0.1.0
 * @category Recording
 */
export const record = (
  input: InboxRecordInput
): Effect.Effect<{ readonly recorded: boolean }, SqlError | OutboxError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => inboxStore.record(sql, input))

/**
 * Processes events until interrupted; on interruption running handlers may finish.
 *
 * @since 0.1.0
 * @category Processing
 */
export const process: <E, R>(
  handler: Handler<E, R>,
  options?: Options
) => Effect.Effect<never, never, OutboxStore | R> = internal.process

/**
 * The worker as a layer, running for as long as the layer's scope is open.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <E, R>(handler: Handler<E, R>, options: Options = {}): Layer.Layer<never, never, OutboxStore | R> =>
  Layer.scopedDiscard(Effect.forkScoped(internal.process(handler, options)))

/**
 * One batch: claims due events, runs the handler on each, and returns what happened.
 *
 * @since 0.1.0
 * @category Processing
 */
export const processOnce: <E, R>(
  handler: Handler<E, R>,
  options?: Options
) => Effect.Effect<Summary, SqlError, OutboxStore | R> = internal.processOnce

/**
 * Repeats `processOnce` until nothing is due at the current time.
 *
 * @since 0.1.0
 * @category Processing
 */
export const drain: <E, R>(
  handler: Handler<E, R>,
  options?: Options
) => Effect.Effect<Summary, SqlError, OutboxStore | R> = internal.drain

/**
 * @since 0.1.0
 * @category Queue
 */
export const get = (key: InboxKey): Effect.Effect<InboxEvent, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.inbox.get(key))

/**
 * Events in the dead letter state, most recent first.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const listDead = (
  filter: { readonly source?: string | undefined; readonly limit?: number | undefined } = {}
): Effect.Effect<ReadonlyArray<InboxEvent>, SqlError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.inbox.list({ ...filter, state: "dead" }))

/**
 * Dead events back to `pending` with a new attempt cycle. Returns how many were replayed.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const replay = (keys: ReadonlyArray<InboxKey>): Effect.Effect<number, SqlError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.inbox.replay(keys))

/**
 * @since 0.1.0
 * @category Queue
 */
export const stats: Effect.Effect<InboxStats, SqlError, OutboxStore> = Effect.flatMap(
  OutboxStore,
  (store) => store.inbox.stats
)

/**
 * Reads the inbox statistics and publishes the queue depth and dead count gauges.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const reportGauges: Effect.Effect<InboxStats, SqlError, OutboxStore> = internal.reportGauges
