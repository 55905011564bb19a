/**
 * One layer that moves an app's shared state to Redis: the circuit breaker, rate limiter, webhook replay guard and
 * OAuth token stores, each behind the interface its memory store implements, so `CircuitBreaker.make`,
 * `RateLimiter.make`, the webhook handlers and `OAuth2.make` pick them up unchanged.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer } from "effect"
 * import { RedisState } from "effect-integrations/state"
 * import { StripeClient } from "effect-integrations/stripe"
 *
 * // REDIS_URL from the environment; every breaker and limiter built above it is shared across processes.
 * const AppLive = StripeClient.layerConfig().pipe(
 *   Layer.provide(RedisState.layerConfig({ onUnavailable: "fail-open" })),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import type { CircuitBreakerStore } from "../core/CircuitBreaker.js"
import type { TokenStoreTag } from "../core/OAuth2.js"
import type { RateLimiterStore } from "../core/RateLimiter.js"
import type { ReplayGuard } from "../webhooks/ReplayGuard.js"
import * as Redis from "./Redis.js"
import * as RedisCircuitBreakerStore from "./RedisCircuitBreakerStore.js"
import * as RedisRateLimiterStore from "./RedisRateLimiterStore.js"
import * as RedisReplayGuard from "./RedisReplayGuard.js"
import * as RedisTokenStore from "./RedisTokenStore.js"

/**
 * The stores this layer provides.
 *
 * @since 0.1.0
 * @category Models
 */
export type Stores = CircuitBreakerStore | RateLimiterStore | ReplayGuard | TokenStoreTag

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * What each store does while Redis is unreachable: one policy for all, or one per store (the others keep the
   * connection's). See each store's `onUnavailable`.
   */
  readonly onUnavailable?: Redis.Policy | {
    readonly circuitBreaker?: Redis.Policy | undefined
    readonly rateLimiter?: Redis.Policy | undefined
    readonly replayGuard?: Redis.Policy | undefined
    readonly tokens?: Redis.Policy | undefined
  } | undefined
  readonly circuitBreaker?: Omit<RedisCircuitBreakerStore.Options, "onUnavailable"> | undefined
  readonly rateLimiter?: Omit<RedisRateLimiterStore.Options, "onUnavailable"> | undefined
  readonly replayGuard?: Omit<RedisReplayGuard.Options, "onUnavailable"> | undefined
  readonly tokens?: Omit<RedisTokenStore.Options, "onUnavailable"> | undefined
}

const policyFor = (
  options: Options,
  store: "circuitBreaker" | "rateLimiter" | "replayGuard" | "tokens"
): Redis.Policy | undefined =>
  typeof options.onUnavailable === "string" ? options.onUnavailable : options.onUnavailable?.[store]

/**
 * Every store over the `Redis` connection in context.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<Stores, never, Redis.Redis> =>
  Layer.mergeAll(
    RedisCircuitBreakerStore.layer({ ...options.circuitBreaker, onUnavailable: policyFor(options, "circuitBreaker") }),
    RedisRateLimiterStore.layer({ ...options.rateLimiter, onUnavailable: policyFor(options, "rateLimiter") }),
    RedisReplayGuard.layer({ ...options.replayGuard, onUnavailable: policyFor(options, "replayGuard") }),
    RedisTokenStore.layer({ ...options.tokens, onUnavailable: policyFor(options, "tokens") })
  )

/**
 * Every store, with the connection from `REDIS_URL` (see `Redis.layerConfig`); the connection is provided too, for
 * caches (`RedisResponseCacheStore`) and commands of your own.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  options: Options & { readonly redis?: Omit<Redis.Options, "url"> | undefined } = {}
): Layer.Layer<Stores | Redis.Redis, ConfigError.ConfigError> =>
  Layer.provideMerge(layer(options), Redis.layerConfig(options.redis))
