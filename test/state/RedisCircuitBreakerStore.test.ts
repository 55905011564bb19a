import * as Effect from "effect/Effect"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisCircuitBreakerStore from "../../src/state/RedisCircuitBreakerStore.js"
import { circuitBreakerStoreSuite } from "./suites/circuitBreakerStoreSuite.js"
import { scopedRedis } from "./support/RedisTest.js"

circuitBreakerStoreSuite("memory", CircuitBreaker.makeMemoryStore)

circuitBreakerStoreSuite(
  "redis",
  Effect.flatMap(scopedRedis(), (redis) =>
    Effect.provideService(RedisCircuitBreakerStore.make(), Redis.Redis, redis))
)
