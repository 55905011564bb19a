/**
 * A `RateLimiterStore` in Redis, so every process calling a vendor books from one budget: ten instances each allowed
 * 100 requests/s would otherwise send 1,000 to a vendor that allows 100. One Lua script per decision books slots in a
 * sorted set per key; pauses and pacing from the vendor's headers are shared the same way.
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { RateLimiterStore } from "../core/RateLimiter.js"
import * as internal from "./internal/rateLimiterStore.js"
import type { Policy, Redis } from "./Redis.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * While Redis is unreachable: `"fail-open"` books from a per-process memory store (so N processes may together send
   * up to N times the limit until Redis returns), `"fail-closed"` refuses every call with `RateLimited` saying the
   * state store is unavailable. Defaults to the connection's policy.
   */
  readonly onUnavailable?: Policy | undefined
  /** The `retryAfter` of a fail-closed refusal. Default 1 s. */
  readonly unavailableRetryAfter?: Duration.DurationInput | undefined
}

/**
 * The store over the `Redis` connection in context. Keys: `<prefix>:ratelimit:<key>` (a sorted set of booked slots)
 * and `<prefix>:ratelimit-meta:<key>` (pause and pace), both expiring a minute after the last slot, pause or pace
 * stops mattering.
 *
 * Slots are booked exactly: no window of `window` length ever holds more than `limit` units of booked slots, whichever
 * process booked them. Slot times come from each process's `Clock`, so processes on different machines need
 * synchronised clocks (NTP keeps them within milliseconds). What a vendor counts also includes each request's own
 * delay between its slot and its arrival (timer wake-up, connection, network), so a vendor counting fixed windows
 * can see a few more requests than `limit` in one window and fewer in the next; the cross-process test measures at
 * most 10% (5 of 50) on this machine. Leave that headroom when the vendor's limit is strict: configure 90% of it.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<RateLimiterStore.Service, never, Redis> = internal.make

/**
 * Provides the store as the `RateLimiterStore` that `RateLimiter.make` picks up.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<RateLimiterStore, never, Redis> =>
  Layer.effect(RateLimiterStore, make(options))
