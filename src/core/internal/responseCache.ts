/**
 * The body of `ResponseCache`: the bounded memory store and the read path (fresh, stale-while-revalidate,
 * single-flight miss, stale-if-error).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberSet from "effect/FiberSet"
import * as HashSet from "effect/HashSet"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Dedup from "../Dedup.js"
import { isIntegrationError } from "../IntegrationError.js"
import type * as ResponseCache from "../ResponseCache.js"

/** @internal */
export const TelemetryNames = {
  hitsMetric: "integration.cache.hits",
  missesMetric: "integration.cache.misses",
  staleMetric: "integration.cache.stale",
  cacheAttribute: "integration.cache",
  ageAttribute: "integration.cache.age_ms",
  staleReasonAttribute: "integration.cache.stale_reason",
  vendorTag: "integration.vendor"
} as const

/** @internal */
export const hits = Metric.counter(TelemetryNames.hitsMetric, {
  description: "Reads answered from a fresh cache entry",
  incremental: true
})

/** @internal */
export const misses = Metric.counter(TelemetryNames.missesMetric, {
  description: "Reads that called the vendor because no usable entry was cached",
  incremental: true
})

/** @internal */
export const staleServed = Metric.counter(TelemetryNames.staleMetric, {
  description: "Reads answered from an expired entry (stale-while-revalidate or stale-if-error)",
  incremental: true
})

/** @internal */
export const memoryStore = <A>(options: { readonly maxEntries?: number | undefined } = {}): Effect.Effect<
  ResponseCache.MemoryStore<A>
> =>
  Effect.sync(() => {
    const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? 1000))
    // A Map iterates in insertion order; re-inserting on every read keeps the least recently used entry first.
    const entries = new Map<string, { readonly entry: ResponseCache.Entry<A>; readonly deadline: number }>()
    const get = (key: string) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const slot = entries.get(key)
        if (slot === undefined) return Option.none()
        entries.delete(key)
        if (slot.deadline <= now) return Option.none()
        entries.set(key, slot)
        return Option.some(slot.entry)
      })
    const set = (key: string, entry: ResponseCache.Entry<A>, timeToLive: Duration.Duration) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        entries.delete(key)
        if (Duration.toMillis(timeToLive) <= 0) return
        entries.set(key, { entry, deadline: now + Duration.toMillis(timeToLive) })
        for (const oldest of entries.keys()) {
          if (entries.size <= maxEntries) break
          entries.delete(oldest)
        }
      })
    const remove = (key: string) => Effect.sync(() => void entries.delete(key))
    const size = Effect.sync(() => entries.size)
    return { get, set, delete: remove, size }
  })

/** @internal */
export const isStaleEligible = (error: unknown): boolean =>
  isIntegrationError(error) && (error.retryable || error.reason === "CircuitOpen")

const toMillis = (input: Duration.DurationInput | undefined) =>
  input === undefined ? 0 : Math.max(0, Duration.toMillis(Duration.decode(input)))

/** @internal */
export const make = <A>(
  options: ResponseCache.Options<A>
): Effect.Effect<ResponseCache.ResponseCache<A>, never, Scope.Scope> =>
  Effect.gen(function*() {
    const ttl = toMillis(options.ttl)
    const staleIfError = toMillis(options.staleIfError)
    const staleWhileRevalidate = toMillis(options.staleWhileRevalidate)
    const retention = Duration.millis(ttl + Math.max(staleIfError, staleWhileRevalidate))
    const eligible = options.isStaleEligible ?? isStaleEligible
    const store = options.store ?? (yield* memoryStore<A>({ maxEntries: options.maxEntries }))
    const dedup = yield* Dedup.make({ vendor: options.vendor })
    const background = yield* FiberSet.make()
    const refreshing = yield* Ref.make(HashSet.empty<string>())
    const tag = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
      options.vendor === undefined ? metric : Metric.tagged(metric, TelemetryNames.vendorTag, options.vendor)

    // A broken store degrades to "no cache", never to a failed call.
    const read = (key: string) =>
      store.get(key).pipe(
        Effect.catchAll((error) =>
          Effect.as(Effect.logWarning("response cache read failed", { operation: error.operation }), Option.none())
        )
      )

    const write = (key: string, value: A) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        store.set(key, { value, storedAtMillis: now, expiresAtMillis: now + ttl }, retention).pipe(
          Effect.catchAll((error) => Effect.logWarning("response cache write failed", { operation: error.operation }))
        ))

    // One lookup per key at a time, shared by concurrent misses and the background refresh.
    const fetch = <E, R>(key: string, lookup: Effect.Effect<A, E, R>) =>
      dedup.run(key, Effect.tap(lookup, (value) => write(key, value)))

    const report = (
      outcome: ResponseCache.Outcome,
      age: number,
      staleReason?: "revalidate" | "error"
    ) =>
      Effect.zipRight(
        Metric.increment(tag(outcome === "hit" ? hits : outcome === "miss" ? misses : staleServed)),
        Effect.annotateCurrentSpan({
          [TelemetryNames.cacheAttribute]: outcome,
          [TelemetryNames.ageAttribute]: age,
          ...(staleReason === undefined ? {} : { [TelemetryNames.staleReasonAttribute]: staleReason })
        })
      )

    const answer = (
      entry: ResponseCache.Entry<A>,
      now: number,
      outcome: "hit" | "stale",
      staleReason?: "revalidate" | "error"
    ) => {
      const age = Math.max(0, now - entry.storedAtMillis)
      return Effect.as(report(outcome, age, staleReason), { value: entry.value, cache: outcome, age: Duration.millis(age) })
    }

    const refreshInBackground = <E, R>(key: string, lookup: Effect.Effect<A, E, R>) =>
      Effect.flatMap(
        Ref.modify(refreshing, (keys) =>
          HashSet.has(keys, key) ? [false, keys] as const : [true, HashSet.add(keys, key)] as const),
        (start) =>
          start
            ? FiberSet.run(
              background,
              fetch(key, lookup).pipe(Effect.ignore, Effect.ensuring(Ref.update(refreshing, HashSet.remove(key))))
            )
            : Effect.void
      )

    const getWithMeta = <E, R>(key: string, lookup: Effect.Effect<A, E, R>) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const cached = yield* read(key)
        if (Option.isSome(cached)) {
          const entry = cached.value
          if (now < entry.expiresAtMillis) return yield* answer(entry, now, "hit")
          if (now < entry.expiresAtMillis + staleWhileRevalidate) {
            yield* refreshInBackground(key, lookup)
            return yield* answer(entry, now, "stale", "revalidate")
          }
        }
        const result = yield* Effect.either(fetch(key, lookup))
        if (result._tag === "Right") {
          yield* report("miss", 0)
          const fresh: ResponseCache.Cached<A> = { value: result.right, cache: "miss", age: Duration.zero }
          return fresh
        }
        const later = yield* Clock.currentTimeMillis
        if (
          Option.isSome(cached) && eligible(result.left) && later < cached.value.expiresAtMillis + staleIfError
        ) {
          return yield* answer(cached.value, later, "stale", "error")
        }
        yield* report("miss", 0)
        return yield* Effect.fail(result.left)
      })

    const get = <E, R>(key: string, lookup: Effect.Effect<A, E, R>) =>
      Effect.map(getWithMeta(key, lookup), (cached) => cached.value)

    const invalidate = (key: string) =>
      store.delete(key).pipe(
        Effect.catchAll((error) =>
          Effect.logWarning("response cache delete failed", { operation: error.operation })
        )
      )

    return { get, getWithMeta, invalidate }
  })
