/**
 * Span attribute and metric names of the outbox and the inbox, and the metrics themselves. Attributes carry ids,
 * attempt numbers, statuses and outcomes only: never an endpoint URL, a payload or a secret.
 *
 * @since 0.1.0
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

/**
 * Span attribute names.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Attr = {
  endpointId: "integration.outbox.endpoint_id",
  deliveryId: "integration.outbox.delivery_id",
  messageType: "integration.outbox.message_type",
  attempt: "integration.attempt",
  outcome: "integration.outbox.outcome",
  result: "integration.outbox.attempt.result",
  httpStatus: "http.response.status_code",
  httpMethod: "http.request.method",
  inboxSource: "integration.inbox.source",
  inboxEventType: "integration.inbox.event_type",
  inboxOutcome: "integration.inbox.outcome"
} as const

/**
 * Span event names.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Event = {
  breakerOpened: "integration.outbox.breaker.opened",
  endpointDisabled: "integration.outbox.endpoint.disabled",
  leaseLost: "integration.outbox.lease.lost"
} as const

/**
 * Metric tag keys.
 *
 * @since 0.1.0
 * @category Attributes
 */
export const Tag = {
  outcome: "integration.outbox.outcome",
  result: "integration.outbox.attempt.result",
  inboxOutcome: "integration.inbox.outcome",
  inboxSource: "integration.inbox.source"
} as const

/**
 * Delivery attempts by outcome (`delivered`, `retrying`, `dead`) and attempt result.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const deliveries = Metric.counter("integration.outbox.deliveries", {
  description: "Outbox delivery attempts by outcome",
  incremental: true
})

/**
 * Latency of one delivery attempt in milliseconds.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const attemptDuration = Metric.histogram(
  "integration.outbox.attempt.duration",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Duration of one outbox delivery attempt in milliseconds"
)

/**
 * Deliveries neither delivered nor dead.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const queueDepth = Metric.gauge("integration.outbox.queue.depth", {
  description: "Outbox deliveries waiting or in flight"
})

/**
 * Age of the oldest delivery still queued, in milliseconds (0 when the queue is empty).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const oldestPendingAge = Metric.gauge("integration.outbox.oldest_pending.age", {
  description: "Age in milliseconds of the oldest queued outbox delivery"
})

/**
 * Deliveries in the dead letter queue.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const dead = Metric.gauge("integration.outbox.dead", { description: "Outbox deliveries in the dead letter queue" })

/**
 * Endpoint breakers opened.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const breakerOpened = Metric.counter("integration.outbox.breaker.opened", {
  description: "Endpoint circuit breakers opened",
  incremental: true
})

/**
 * Endpoints disabled by the dispatcher (410 Gone or failing too long).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const endpointsDisabled = Metric.counter("integration.outbox.endpoint.disabled", {
  description: "Endpoints disabled by the dispatcher",
  incremental: true
})

/**
 * Inbox handler runs by outcome (`processed`, `retrying`, `dead`).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const inboxEvents = Metric.counter("integration.inbox.events", {
  description: "Inbox event processing attempts by outcome",
  incremental: true
})

/**
 * Inbox events neither processed nor dead.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const inboxQueueDepth = Metric.gauge("integration.inbox.queue.depth", {
  description: "Inbox events waiting or in flight"
})

/**
 * Inbox events in the dead letter state.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const inboxDead = Metric.gauge("integration.inbox.dead", { description: "Inbox events in the dead letter state" })
