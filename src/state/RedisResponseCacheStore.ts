/**
 * A `ResponseCache` store in Redis, so processes share cached vendor reads: each entry is JSON encoded with the Schema
 * you give (values must survive a JSON round trip through it), kept for the cache's retention with `PX`.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as ResponseCache from "../core/ResponseCache.js"
import { Redis, type StateUnavailableError } from "./Redis.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options<A, I> {
  /** Encodes values to JSON and back; a value it cannot encode is not cached, one it cannot decode is a miss. */
  readonly schema: Schema.Schema<A, I, never>
  /** Separates caches of different value types that share a connection: keys are `<prefix>:cache:<namespace>:<key>`. */
  readonly namespace: string
}

/**
 * The store over the `Redis` connection in context. It has no `onUnavailable` policy of its own: a failing store is
 * already a miss for `ResponseCache` (the vendor is called), so an outage costs hit rate, never calls.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { ResponseCache } from "effect-integrations"
 * import { RedisResponseCacheStore } from "effect-integrations/state"
 *
 * const Price = Schema.Struct({ id: Schema.String, unitAmount: Schema.Number })
 *
 * // Needs `Redis` (e.g. from `RedisState.layerConfig()`) and a `Scope`.
 * const makeCache = Effect.gen(function*() {
 *   const store = yield* RedisResponseCacheStore.make({ schema: Price, namespace: "stripe-prices" })
 *   return yield* ResponseCache.make<typeof Price.Type>({ ttl: "1 minute", store })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = <A, I>(options: Options<A, I>): Effect.Effect<ResponseCache.Store<A>, never, Redis> =>
  Effect.gen(function*() {
    const redis = yield* Redis
    const Stored = Schema.parseJson(Schema.Struct({
      value: options.schema,
      storedAtMillis: Schema.Number,
      expiresAtMillis: Schema.Number,
      /** Forgotten after this instant of Effect's `Clock`, as the memory store does; Redis's `PX` drops the key. */
      deadline: Schema.Number
    }))
    const decode = Schema.decodeUnknown(Stored)
    const encode = Schema.encode(Stored)
    const entryKey = (key: string) => redis.key("cache", `${options.namespace}:${key}`)
    const storeError = (operation: "get" | "set" | "delete") => (cause: StateUnavailableError) =>
      new ResponseCache.CacheStoreError({ operation, cause })

    const get = (key: string) =>
      Effect.gen(function*() {
        const raw = yield* Effect.mapError(
          redis.command("cache.get", (client) => client.get(entryKey(key))),
          storeError("get")
        )
        if (raw === null) return Option.none()
        const stored = yield* Effect.option(decode(raw))
        const now = yield* Clock.currentTimeMillis
        if (Option.isNone(stored) || stored.value.deadline <= now) return Option.none()
        const { deadline: _, ...entry } = stored.value
        return Option.some<ResponseCache.Entry<A>>(entry)
      })

    const remove = (key: string) =>
      Effect.mapError(
        Effect.asVoid(redis.command("cache.delete", (client) => client.del(entryKey(key)))),
        storeError("delete")
      )

    const set = (key: string, entry: ResponseCache.Entry<A>, timeToLive: Duration.Duration) =>
      Effect.gen(function*() {
        const ttlMillis = Math.ceil(Duration.toMillis(timeToLive))
        if (ttlMillis <= 0) return yield* remove(key)
        const now = yield* Clock.currentTimeMillis
        // A parse error would quote the value: the failure says which operation, nothing more.
        const raw = yield* Effect.mapError(
          encode({ ...entry, deadline: now + ttlMillis }),
          () => new ResponseCache.CacheStoreError({ operation: "set" })
        )
        yield* Effect.mapError(
          redis.command("cache.set", (client) => client.set(entryKey(key), raw, "PX", ttlMillis)),
          storeError("set")
        )
      })

    const store: ResponseCache.Store<A> = { get, set, delete: remove }
    return store
  })
