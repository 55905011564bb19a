/**
 * What shared state costs per call: the rate limiter and the circuit breaker on their memory stores and on Redis
 * (`REDIS_URL`, default redis://127.0.0.1:6379, under a throwaway key prefix deleted afterwards), one call after
 * another so each figure is one decision's latency, plus 64 at once for throughput.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeCrypto from "node:crypto"
import * as CircuitBreaker from "../src/core/CircuitBreaker.js"
import * as RateLimiter from "../src/core/RateLimiter.js"
import * as Redis from "../src/state/Redis.js"
import * as RedisCircuitBreakerStore from "../src/state/RedisCircuitBreakerStore.js"
import * as RedisRateLimiterStore from "../src/state/RedisRateLimiterStore.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface RedisBenchOptions {
  readonly calls: number
}

const microsPerCall = <E, R>(calls: number, concurrency: number, one: Effect.Effect<unknown, E, R>) =>
  Effect.gen(function*() {
    yield* Effect.forEach(Array.from({ length: Math.min(200, calls) }), () => one, { concurrency, discard: true })
    const started = process.hrtime.bigint()
    yield* Effect.forEach(Array.from({ length: calls }), () => one, { concurrency, discard: true })
    return Number(process.hrtime.bigint() - started) / 1_000 / calls
  })

const measure = (calls: number) =>
  Effect.gen(function*() {
    // A limit no run reaches: every acquisition is granted at once, so the figure is the decision's own cost.
    const limiter = yield* RateLimiter.make({ vendor: "bench", limit: 1_000_000_000, window: "1 second" })
    const breaker = yield* CircuitBreaker.make({ vendor: "bench" })
    const guarded = breaker.run()(Effect.void)
    return {
      limiter_us_c1: yield* microsPerCall(calls, 1, limiter.acquire()),
      limiter_us_c64: yield* microsPerCall(calls, 64, limiter.acquire()),
      breaker_us_c1: yield* microsPerCall(calls, 1, guarded),
      breaker_us_c64: yield* microsPerCall(calls, 64, guarded)
    }
  })

const deletePrefix = (redis: Redis.Redis.Service) =>
  Effect.promise(async () => {
    let cursor = "0"
    do {
      const [next, keys] = await redis.client.scan(cursor, "MATCH", `${redis.prefix}:*`, "COUNT", 500)
      if (keys.length > 0) await redis.client.del(...keys)
      cursor = next
    } while (cursor !== "0")
  })

const redisBench = (options: RedisBenchOptions) =>
  Effect.gen(function*() {
    const memory = yield* measure(options.calls)
    const redis = yield* Redis.make({
      url: process.env["REDIS_URL"] ?? Redis.DEFAULT_URL,
      prefix: `eibench-${NodeCrypto.randomBytes(6).toString("hex")}`,
      onUnavailable: "fail-closed"
    })
    yield* Effect.addFinalizer(() => deletePrefix(redis))
    const stores = Layer.mergeAll(RedisRateLimiterStore.layer(), RedisCircuitBreakerStore.layer()).pipe(
      Layer.provide(Layer.succeed(Redis.Redis, redis))
    )
    const shared = yield* Effect.provide(measure(options.calls), stores)
    return {
      memory,
      redis: shared,
      limiter_c1_redis_vs_memory: shared.limiter_us_c1 / memory.limiter_us_c1,
      limiter_c64_redis_vs_memory: shared.limiter_us_c64 / memory.limiter_us_c64,
      breaker_c1_redis_vs_memory: shared.breaker_us_c1 / memory.breaker_us_c1,
      breaker_c64_redis_vs_memory: shared.breaker_us_c64 / memory.breaker_us_c64
    }
  }).pipe(Effect.scoped)

/**
 * @since 0.1.0
 * @category Running
 */
export const runRedisBench = (options: RedisBenchOptions) => Effect.runPromise(redisBench(options))
