/**
 * A `CircuitBreakerStore` in Redis, so every process guarding a vendor shares one breaker: one Lua script per
 * decision (trips, the single half-open probe across all processes with a lease that frees it if the prober dies),
 * and the transitions of every process through Redis pub/sub.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { CircuitBreakerStore } from "../core/CircuitBreaker.js"
import * as internal from "./internal/circuitBreakerStore.js"
import type { Policy, Redis } from "./Redis.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * While Redis is unreachable: `"fail-open"` decides with a per-process memory breaker (each process then trips on
   * its own), `"fail-closed"` rejects every call with `CircuitOpen` saying the state store is unavailable. Defaults to
   * the connection's policy.
   */
  readonly onUnavailable?: Policy | undefined
  /** The `retryAfter` of a fail-closed rejection. Default 1 s. */
  readonly unavailableRetryAfter?: Duration.DurationInput | undefined
  /**
   * How long a key's state outlives its longest open time and probe lease once nothing touches it. Default 1 hour.
   */
  readonly idleTtl?: Duration.DurationInput | undefined
}

/**
 * The store over the `Redis` connection in context. Keys: `<prefix>:breaker:<key>` (a hash, expiring when idle);
 * transitions are published on `<prefix>:breaker:transitions`. Pub/sub delivers nothing sent while a process is
 * disconnected, so `transitions` may miss changes made during an outage; state itself is never lost that way.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<CircuitBreakerStore.Service, never, Redis | Scope.Scope> =
  internal.make

/**
 * Provides the store as the `CircuitBreakerStore` that `CircuitBreaker.make` picks up.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<CircuitBreakerStore, never, Redis> =>
  Layer.scoped(CircuitBreakerStore, make(options))
