/**
 * Span attributes and metrics of durable calls. Attributes carry operation names, keys, attempt numbers and outcomes
 * only: never an input, a result or a secret.
 */
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"

export const Attr = {
  operation: "integration.durable.operation",
  key: "integration.durable.key",
  attempt: "integration.attempt",
  outcome: "integration.durable.outcome"
} as const

export const Tag = {
  operation: "integration.durable.operation",
  outcome: "integration.durable.outcome"
} as const

export const outcomes = Metric.counter("integration.durable.attempts", {
  description: "Durable call attempts by operation and outcome (succeeded, retrying, dead, unconfirmed, lease_lost)",
  incremental: true
})

export const attemptDuration = Metric.histogram(
  "integration.durable.attempt.duration",
  MetricBoundaries.exponential({ start: 5, factor: 2, count: 14 }),
  "Duration of one durable call attempt in milliseconds, vendor client retries included"
)

export const queueDepth = Metric.gauge("integration.durable.queue.depth", {
  description: "Durable calls pending, running or waiting for a retry"
})

export const oldestQueuedAge = Metric.gauge("integration.durable.oldest_queued.age", {
  description: "Age in milliseconds of the oldest queued durable call"
})

export const dead = Metric.gauge("integration.durable.dead", { description: "Durable calls in the dead letter queue" })

export const unconfirmed = Metric.gauge("integration.durable.unconfirmed", {
  description: "Durable calls parked because the vendor may have acted and cannot de-duplicate a resend"
})

export const reconciled = Metric.counter("integration.durable.reconciled", {
  description: "Unconfirmed durable calls settled by a reconciler",
  incremental: true
})
