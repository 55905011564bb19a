import * as Effect from "effect/Effect"
import * as RateLimiter from "../../src/core/RateLimiter.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisRateLimiterStore from "../../src/state/RedisRateLimiterStore.js"
import { rateLimiterStoreSuite } from "./suites/rateLimiterStoreSuite.js"
import { scopedRedis } from "./support/RedisTest.js"

rateLimiterStoreSuite("memory", RateLimiter.makeMemoryStore)

rateLimiterStoreSuite(
  "redis",
  Effect.flatMap(scopedRedis(), (redis) => Effect.provideService(RedisRateLimiterStore.make(), Redis.Redis, redis))
)
