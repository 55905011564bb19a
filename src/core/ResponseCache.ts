/**
 * A TTL cache for idempotent reads. Failures are never cached; an expired entry can still be served for a while when
 * the vendor fails with a retryable error or an open circuit (`staleIfError`), or at once while it is refreshed in the
 * background (`staleWhileRevalidate`). Answers say whether they were a hit, a miss or stale, and how old they are.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as internal from "./internal/responseCache.js"

/**
 * Metric and attribute names this module emits: the span attribute `integration.cache` (`hit`, `miss` or `stale`),
 * `integration.cache.age_ms`, `integration.cache.stale_reason` (`revalidate` or `error`), and counters of hits,
 * misses and stale answers.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const TelemetryNames = internal.TelemetryNames

/**
 * Reads answered from a fresh entry, tagged with `integration.vendor` when the cache has one.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const hits = internal.hits

/**
 * Reads that had no usable entry and called the lookup (whether it succeeded or not).
 *
 * @since 0.1.0
 * @category Metrics
 */
export const misses = internal.misses

/**
 * Reads answered from an expired entry.
 *
 * @since 0.1.0
 * @category Metrics
 */
export const staleServed = internal.staleServed

/**
 * A cached value with the times that decide how it may be served.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Entry<A> {
  readonly value: A
  readonly storedAtMillis: number
  /** Fresh until this instant; after it the entry is only served stale. */
  readonly expiresAtMillis: number
}

/**
 * A store failed; the cache carries on as if the entry were absent.
 *
 * @since 0.1.0
 * @category Errors
 */
export class CacheStoreError extends Data.TaggedError("CacheStoreError")<{
  readonly operation: "get" | "set" | "delete"
  readonly cause?: unknown
}> {}

/**
 * Where entries live. Every method returns an Effect so a shared store (Redis) can sit behind the same interface;
 * such a store encodes `A` itself (with a Schema) and maps its failures to `CacheStoreError`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Store<A> {
  readonly get: (key: string) => Effect.Effect<Option.Option<Entry<A>>, CacheStoreError>
  /** Keeps `entry` for `timeToLive` (its fresh time plus the stale windows), then forgets it. */
  readonly set: (key: string, entry: Entry<A>, timeToLive: Duration.Duration) => Effect.Effect<void, CacheStoreError>
  readonly delete: (key: string) => Effect.Effect<void, CacheStoreError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface MemoryStore<A> extends Store<A> {
  /** Entries held, including ones past their time that no read has removed yet. */
  readonly size: Effect.Effect<number>
}

/**
 * An in-process store holding at most `maxEntries` (default 1000); the least recently used entry goes first.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const memoryStore: <A>(options?: { readonly maxEntries?: number | undefined }) => Effect.Effect<MemoryStore<A>> =
  internal.memoryStore

/**
 * How a read was answered.
 *
 * @since 0.1.0
 * @category Models
 */
export type Outcome = "hit" | "miss" | "stale"

/**
 * A value with where it came from. `age` is the time since the value was fetched (zero for a miss).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Cached<A> {
  readonly value: A
  readonly cache: Outcome
  readonly age: Duration.Duration
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options<A> {
  /** How long an entry is fresh. */
  readonly ttl: Duration.DurationInput
  /**
   * How long after expiry an entry may still answer when the fresh call fails with an error `isStaleEligible`
   * accepts. Default: none.
   */
  readonly staleIfError?: Duration.DurationInput | undefined
  /**
   * How long after expiry an entry is served at once while one background call refreshes it. Default: none.
   */
  readonly staleWhileRevalidate?: Duration.DurationInput | undefined
  /** Default: a memory store of `maxEntries`. */
  readonly store?: Store<A> | undefined
  /** Size of the default memory store. Default 1000. */
  readonly maxEntries?: number | undefined
  /** Which failures may be answered with a stale entry. Default `isStaleEligible`. */
  readonly isStaleEligible?: ((error: unknown) => boolean) | undefined
  /** Tags the metrics. Keys are never used as tags. */
  readonly vendor?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ResponseCache<A> {
  /** The value for `key`, from the cache or from `lookup`. A key must always name the same lookup. */
  readonly get: <E, R>(key: string, lookup: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Like `get`, with how the read was answered and the value's age. */
  readonly getWithMeta: <E, R>(key: string, lookup: Effect.Effect<A, E, R>) => Effect.Effect<Cached<A>, E, R>
  /** Forgets `key`, for example after a write that changed it. */
  readonly invalidate: (key: string) => Effect.Effect<void>
}

/**
 * The default stale-if-error rule: a retryable `IntegrationError` or an open circuit, so a vendor outage degrades to
 * slightly old answers while a bad request or a 404 still fails.
 *
 * @since 0.1.0
 * @category Predicates
 */
export const isStaleEligible: (error: unknown) => boolean = internal.isStaleEligible

/**
 * Builds a cache. Concurrent misses for one key share one lookup, and a stale-while-revalidate refresh runs once per
 * key at a time on a fiber of the given scope (closing the scope stops refreshes in flight).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { IntegrationError, ResponseCache } from "effect-integrations"
 *
 * interface Price { readonly id: string; readonly unitAmount: number }
 * declare const retrievePrice: (id: string) => Effect.Effect<Price, IntegrationError.IntegrationError>
 *
 * const program = Effect.gen(function*() {
 *   const cache = yield* ResponseCache.make<Price>({ ttl: "1 minute", staleIfError: "10 minutes" })
 *   // Within a minute the cached price; during an outage, one up to ten minutes old.
 *   return yield* cache.get("prices/price_1", retrievePrice("price_1"))
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: <A>(options: Options<A>) => Effect.Effect<ResponseCache<A>, never, Scope.Scope> = internal.make

/**
 * @since 0.1.0
 * @category Guards
 */
export const isCacheStoreError = (u: unknown): u is CacheStoreError => u instanceof CacheStoreError
