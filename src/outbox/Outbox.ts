/**
 * The outbox's public operations. `enqueue` records an event in the app's own `@effect/sql` transaction, so the event
 * exists if and only if the business change commits; the rest manage endpoints and operate the queue (dead letters,
 * replay, statistics). Delivery itself is the `Dispatcher`'s job.
 *
 * @example
 * ```ts
 * import { SqlClient } from "@effect/sql"
 * import { Effect } from "effect"
 * import { Outbox } from "effect-integrations/outbox"
 *
 * type Order = { readonly id: string; readonly amount: number }
 *
 * // Recorded if and only if the order is: one transaction. The same id twice is one message.
 * const placeOrder = (order: Order) =>
 *   Effect.flatMap(SqlClient.SqlClient, (sql) =>
 *     sql.withTransaction(Effect.gen(function*() {
 *       yield* sql`INSERT INTO orders ${sql.insert(order)}`
 *       yield* Outbox.enqueue({ id: `order.created:${order.id}`, type: "order.created", payload: order })
 *     })))
 * ```
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Redacted from "effect/Redacted"
import * as SsrfCheck from "./internal/ssrfCheck.js"
import * as SsrfPolicy from "./internal/ssrfPolicy.js"
import * as internal from "./internal/store.js"
import type { Attempt, Delivery, Endpoint, EnqueueResult, Message, OutboxError, Stats } from "./OutboxModel.js"
import type { DeliveryFilter, EndpointInput, EndpointPatch, EnqueueInput } from "./OutboxStore.js"
import { OutboxStore } from "./OutboxStore.js"
import type * as SsrfGuard from "./SsrfGuard.js"

/**
 * Records a message and its deliveries to every matching enabled endpoint, using the `SqlClient` in context: inside
 * `sql.withTransaction` it commits or rolls back with the caller's own changes. Enqueueing an id that exists is a
 * no-op (`created: false`).
 *
 * @since 0.1.0
 * @category Enqueue
 */
export const enqueue = (input: EnqueueInput): Effect.Effect<EnqueueResult, SqlError | OutboxError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => internal.make(sql).enqueue(input))

/**
 * Checks an endpoint URL with the SSRF guard's rules and a DNS lookup, when the caller gave the guard's options: a
 * refusal is an `InvalidInput` naming the guard's reason. The dispatcher's guarded client checks again on every
 * connection (DNS answers change); this only turns a destination that is refused today away at the door.
 */
const guardUrl = (url: string | undefined, ssrf: SsrfGuard.Options | undefined): Effect.Effect<void, OutboxError> =>
  url === undefined || ssrf === undefined ? Effect.void : Either.match(SsrfPolicy.compile(ssrf), {
    onLeft: (message) => Effect.die(new Cause.IllegalArgumentException(`SsrfGuard: ${message}`)),
    onRight: (policy) =>
      SsrfCheck.check(url, policy).pipe(
        Effect.asVoid,
        Effect.mapError((blocked) =>
          internal.invalid(
            "endpoint",
            `url refused by the SSRF guard: ${blocked.reason}${blocked.transient ? " (try again later)" : ""}`
          )
        )
      )
  })

/**
 * Options of the endpoint operations.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointOptions {
  /**
   * The SSRF guard's options (the ones given to `SsrfGuard.layerHttpClient` for the dispatcher): when present, a URL
   * the guard refuses now (a private or metadata address, a name resolving to one, userinfo...) is refused with
   * `InvalidInput` instead of being stored and then dying at its first delivery attempt with result `ssrf`.
   * Without it the store checks only that the URL is http(s).
   */
  readonly ssrf?: SsrfGuard.Options | undefined
}

/**
 * Registers an endpoint. Pass `{ ssrf }` to refuse a URL the SSRF guard would refuse at delivery time.
 *
 * @since 0.1.0
 * @category Endpoints
 */
export const createEndpoint = (
  input: EndpointInput,
  options: EndpointOptions = {}
): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.zipRight(
    guardUrl(input.url, options.ssrf),
    Effect.flatMap(OutboxStore, (store) => store.createEndpoint(input))
  )

/**
 * @since 0.1.0
 * @category Endpoints
 */
export const getEndpoint = (id: string): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.getEndpoint(id))

/**
 * @since 0.1.0
 * @category Endpoints
 */
export const listEndpoints: Effect.Effect<ReadonlyArray<Endpoint>, SqlError, OutboxStore> = Effect.flatMap(
  OutboxStore,
  (store) => store.listEndpoints
)

/**
 * Changes an endpoint. Pass `{ ssrf }` to refuse a new URL the SSRF guard would refuse at delivery time.
 *
 * @since 0.1.0
 * @category Endpoints
 */
export const updateEndpoint = (
  id: string,
  patch: EndpointPatch,
  options: EndpointOptions = {}
): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.zipRight(
    guardUrl(patch.url, options.ssrf),
    Effect.flatMap(OutboxStore, (store) => store.updateEndpoint(id, patch))
  )

/**
 * Starts signing with a new secret while the current ones keep signing for `previousValidFor` (default 24 h), so
 * receivers can switch without rejecting a delivery.
 *
 * @since 0.1.0
 * @category Endpoints
 */
export const rotateSecret = (
  id: string,
  options?: {
    readonly secret?: Redacted.Redacted<string> | undefined
    readonly previousValidFor?: Duration.DurationInput | undefined
  }
): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.rotateSecret(id, options))

/**
 * @since 0.1.0
 * @category Endpoints
 */
export const disableEndpoint = (
  id: string,
  reason: string
): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.disableEndpoint(id, reason))

/**
 * Re-enables an endpoint (after a 410 or an auto-disable) and resets its breaker; its queued deliveries resume.
 *
 * @since 0.1.0
 * @category Endpoints
 */
export const enableEndpoint = (id: string): Effect.Effect<Endpoint, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.enableEndpoint(id))

/**
 * @since 0.1.0
 * @category Queue
 */
export const getMessage = (id: string): Effect.Effect<Message, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.getMessage(id))

/**
 * @since 0.1.0
 * @category Queue
 */
export const getDelivery = (id: string): Effect.Effect<Delivery, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.getDelivery(id))

/**
 * Deliveries, most recently updated first (default limit 100).
 *
 * @since 0.1.0
 * @category Queue
 */
export const listDeliveries = (
  filter: DeliveryFilter = {}
): Effect.Effect<ReadonlyArray<Delivery>, SqlError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.listDeliveries(filter))

/**
 * The attempts log of one delivery, in attempt order.
 *
 * @since 0.1.0
 * @category Queue
 */
export const listAttempts = (deliveryId: string): Effect.Effect<ReadonlyArray<Attempt>, SqlError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.listAttempts(deliveryId))

/**
 * The dead letter queue.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const listDead = (
  filter: { readonly endpointId?: string | undefined; readonly limit?: number | undefined } = {}
): Effect.Effect<ReadonlyArray<Delivery>, SqlError, OutboxStore> => listDeliveries({ ...filter, state: "dead" })

/**
 * Sends a dead delivery again: a new attempt cycle, re-signed with a fresh timestamp, same `webhook-id`.
 * Fails with `NotFound` when the delivery does not exist or is not dead.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const replay = (deliveryId: string): Effect.Effect<void, SqlError | OutboxError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) =>
    Effect.flatMap(store.replay([deliveryId]), (moved) =>
      moved === 1 ? Effect.void : Effect.fail(internal.notFound("delivery", deliveryId))))

/**
 * Replays the given dead deliveries; ids that are unknown or not dead are skipped. Returns how many were replayed.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const replayMany = (deliveryIds: ReadonlyArray<string>): Effect.Effect<number, SqlError, OutboxStore> =>
  Effect.flatMap(OutboxStore, (store) => store.replay(deliveryIds))

/**
 * Replays every dead delivery, or those of one endpoint. Returns how many were replayed.
 *
 * @since 0.1.0
 * @category Dead letters
 */
export const replayDead = (
  filter: { readonly endpointId?: string | undefined } = {}
): Effect.Effect<number, SqlError, OutboxStore> => Effect.flatMap(OutboxStore, (store) => store.replayDead(filter))

/**
 * @since 0.1.0
 * @category Queue
 */
export const stats: Effect.Effect<Stats, SqlError, OutboxStore> = Effect.flatMap(OutboxStore, (store) => store.stats)

/**
 * Deletes deliveries delivered longer ago than `olderThan`, their attempts, and messages left without deliveries.
 * A pruned message id can be enqueued again.
 *
 * @since 0.1.0
 * @category Queue
 */
export const prune = (olderThan: Duration.DurationInput): Effect.Effect<number, SqlError, OutboxStore> =>
  Effect.gen(function*() {
    const store = yield* OutboxStore
    const now = yield* Clock.currentTimeMillis
    return yield* store.prune(now - Duration.toMillis(Duration.decode(olderThan)))
  })
