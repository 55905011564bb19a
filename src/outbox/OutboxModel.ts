/**
 * The outbox's data model: endpoints that receive webhooks, messages the app enqueues, one delivery per message and
 * endpoint with its state machine, and the log of every attempt. Times are epoch milliseconds read from Effect's `Clock`.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Where a delivery is in its life:
 * `pending` (waiting for its first attempt), `delivering` (leased by a worker), `delivered`, `failed-retrying`
 * (waiting for the next attempt of its schedule), `dead` (schedule exhausted: the dead letter queue).
 *
 * @since 0.1.0
 * @category Models
 */
export const DeliveryState = Schema.Literal("pending", "delivering", "delivered", "failed-retrying", "dead")

/**
 * @since 0.1.0
 * @category Models
 */
export type DeliveryState = typeof DeliveryState.Type

/**
 * How one attempt ended, before the schedule decides what comes next. `ssrf`: the SSRF guard refused the destination
 * (a private, loopback, metadata... address, or a URL it does not accept); nothing was sent, and the delivery is dead at
 * once, since sending again would be refused again.
 *
 * @since 0.1.0
 * @category Models
 */
export const AttemptResult = Schema.Literal(
  "success",
  "http_error",
  "redirect",
  "gone",
  "rate_limited",
  "timeout",
  "transport_error",
  "ssrf"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type AttemptResult = typeof AttemptResult.Type

/**
 * One signing secret of an endpoint. During a rotation the previous secret keeps signing until `expiresAt`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface EndpointSecret {
  /** A Standard Webhooks secret: `whsec_` followed by the base64 key. */
  readonly secret: Redacted.Redacted<string>
  readonly expiresAt: number | undefined
}

/**
 * A receiver of webhooks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Endpoint {
  readonly id: string
  readonly url: string
  readonly description: string | undefined
  readonly secrets: ReadonlyArray<EndpointSecret>
  /** Event types this endpoint receives (exact names or `prefix.*`); `undefined` means every type. */
  readonly eventTypes: ReadonlyArray<string> | undefined
  readonly enabled: boolean
  readonly disabledReason: string | undefined
  readonly disabledAt: number | undefined
  /** Breaker state shared by every dispatcher process: failures in a row and when the breaker lets a probe through. */
  readonly consecutiveFailures: number
  readonly openUntil: number
  /** Start of the current run of failures; the endpoint is disabled when it lasts longer than the policy allows. */
  readonly failingSince: number | undefined
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * An event the app recorded for delivery.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Message {
  readonly id: string
  readonly type: string
  /** The JSON body exactly as it is sent and signed. */
  readonly payload: string
  readonly createdAt: number
}

/**
 * One message bound for one endpoint.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Delivery {
  readonly id: string
  readonly messageId: string
  readonly endpointId: string
  readonly messageType: string
  readonly state: DeliveryState
  /** Attempts over the delivery's whole life, replays included. */
  readonly attempts: number
  /** Attempts in the current cycle; a replay starts a new cycle. */
  readonly cycleAttempts: number
  /** When the next attempt is due; while `delivering`, when the worker's lease expires. */
  readonly nextAttemptAt: number
  readonly leaseOwner: string | undefined
  readonly lastStatus: number | undefined
  readonly lastError: string | undefined
  /** How the last attempt ended: for a dead delivery, why it is dead (`ssrf`, or the failure that ended its schedule). */
  readonly lastResult: AttemptResult | undefined
  readonly createdAt: number
  readonly updatedAt: number
  readonly deliveredAt: number | undefined
}

/**
 * A row of the attempts log.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Attempt {
  readonly deliveryId: string
  readonly attempt: number
  readonly worker: string
  readonly startedAt: number
  readonly durationMillis: number
  readonly status: number | undefined
  readonly result: AttemptResult
  readonly error: string | undefined
}

/**
 * Queue health at a point in time.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Stats {
  readonly pending: number
  readonly delivering: number
  readonly failedRetrying: number
  readonly delivered: number
  readonly dead: number
  /** Deliveries not yet delivered nor dead. */
  readonly queueDepth: number
  /** Age of the oldest delivery still in the queue, if any. */
  readonly oldestPendingAgeMillis: number | undefined
  readonly endpoints: number
  readonly endpointsDisabled: number
  readonly endpointsOpen: number
}

/**
 * What `enqueue` did: `created` is false when a message with this id already existed (idempotent enqueue).
 *
 * @since 0.1.0
 * @category Models
 */
export interface EnqueueResult {
  readonly messageId: string
  readonly created: boolean
  readonly deliveries: number
}

/**
 * Operator errors: an unknown endpoint or delivery, or input that can never work (a bad URL or secret).
 *
 * @since 0.1.0
 * @category Errors
 */
export class OutboxError extends Schema.TaggedError<OutboxError>("effect-integrations/OutboxError")("OutboxError", {
  reason: Schema.Literal("NotFound", "InvalidInput"),
  entity: Schema.Literal("endpoint", "delivery", "message", "event"),
  description: Schema.String
}) {
  override get message(): string {
    return `outbox ${this.entity}: ${this.reason} - ${this.description}`
  }
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isOutboxError = (u: unknown): u is OutboxError => Predicate.isTagged(u, "OutboxError")

/**
 * Whether an endpoint's event-type filter lets a message type through. `prefix.*` matches every type under `prefix.`.
 *
 * @since 0.1.0
 * @category Guards
 */
export const matchesEventType = (filter: ReadonlyArray<string> | undefined, type: string): boolean =>
  filter === undefined ||
  filter.some((pattern) => pattern === type || (pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1))))

/**
 * Where an inbound event is in its life: `pending`, `processing` (leased by a worker), `processed`,
 * `failed-retrying`, `dead`.
 *
 * @since 0.1.0
 * @category Models
 */
export const InboxState = Schema.Literal("pending", "processing", "processed", "failed-retrying", "dead")

/**
 * @since 0.1.0
 * @category Models
 */
export type InboxState = typeof InboxState.Type

/**
 * A verified inbound webhook event, deduplicated by its source and the vendor's event id.
 *
 * @since 0.1.0
 * @category Models
 */
export interface InboxEvent {
  readonly source: string
  readonly eventId: string
  readonly type: string
  /** The event as JSON text. */
  readonly payload: string
  readonly state: InboxState
  readonly attempts: number
  readonly cycleAttempts: number
  readonly nextAttemptAt: number
  readonly leaseOwner: string | undefined
  readonly lastError: string | undefined
  readonly receivedAt: number
  readonly updatedAt: number
  readonly processedAt: number | undefined
}

/**
 * Inbox health at a point in time.
 *
 * @since 0.1.0
 * @category Models
 */
export interface InboxStats {
  readonly pending: number
  readonly processing: number
  readonly failedRetrying: number
  readonly processed: number
  readonly dead: number
  readonly queueDepth: number
  readonly oldestPendingAgeMillis: number | undefined
}
