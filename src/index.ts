/**
 * effect-integrations: the vendor-neutral kernel. Vendor clients, webhooks, the outbox, the runtime edge and the
 * testing kit have their own entry points (`effect-integrations/stripe`, `effect-integrations/webhooks`, ...).
 *
 * @since 0.1.0
 */
export * as Bulk from "./core/Bulk.js"
export * as Bulkhead from "./core/Bulkhead.js"
export * as CircuitBreaker from "./core/CircuitBreaker.js"
export * as Credentials from "./core/Credentials.js"
export * as Dedup from "./core/Dedup.js"
export * as Fallback from "./core/Fallback.js"
export * as Health from "./core/Health.js"
export * as Hedge from "./core/Hedge.js"
export * as HttpIntegration from "./core/HttpIntegration.js"
export * as IntegrationConfig from "./core/IntegrationConfig.js"
export * as IntegrationError from "./core/IntegrationError.js"
export * as OAuth2 from "./core/OAuth2.js"
export * as Pagination from "./core/Pagination.js"
export * as RateLimiter from "./core/RateLimiter.js"
export * as RateLimitHeaders from "./core/RateLimitHeaders.js"
export * as Redaction from "./core/Redaction.js"
export * as ResponseCache from "./core/ResponseCache.js"
export * as ResponseClassifier from "./core/ResponseClassifier.js"
export * as Retry from "./core/Retry.js"
export * as RetryBudget from "./core/RetryBudget.js"
export * as ServerHints from "./core/ServerHints.js"
export * as Telemetry from "./core/Telemetry.js"
export * as VendorClient from "./core/VendorClient.js"
