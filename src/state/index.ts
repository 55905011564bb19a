/**
 * effect-integrations/state: the shared state stores for apps running on many processes. Redis implementations of
 * the circuit breaker, rate limiter, webhook replay guard, response cache and OAuth token stores, behind the same
 * interfaces as the memory stores and selected by one layer.
 *
 * @since 0.1.0
 */
export * as Redis from "./Redis.js"
export * as RedisCircuitBreakerStore from "./RedisCircuitBreakerStore.js"
export * as RedisRateLimiterStore from "./RedisRateLimiterStore.js"
export * as RedisReplayGuard from "./RedisReplayGuard.js"
export * as RedisResponseCacheStore from "./RedisResponseCacheStore.js"
export * as RedisState from "./RedisState.js"
export * as RedisTokenStore from "./RedisTokenStore.js"
