/**
 * effect-integrations/outbox: durable outbound webhooks (transactional enqueue, leased dispatcher, Standard Webhooks
 * signing, retries, per-endpoint breaker, dead letters with replay), durable vendor calls (`Durable`: a vendor side
 * effect recorded with the business change, performed once) and an inbox for inbound ones, on SQLite or Postgres.
 *
 * @since 0.1.0
 */
export * as Dispatcher from "./Dispatcher.js"
export * as Durable from "./Durable.js"
export * as Inbox from "./Inbox.js"
export * as Outbox from "./Outbox.js"
export * as OutboxModel from "./OutboxModel.js"
export * as OutboxPolicy from "./OutboxPolicy.js"
export * as OutboxSigning from "./OutboxSigning.js"
export * as OutboxStore from "./OutboxStore.js"
export * as OutboxTelemetry from "./OutboxTelemetry.js"
export * as SsrfGuard from "./SsrfGuard.js"
