import * as Effect from "effect/Effect"
import * as OAuth2 from "../../src/core/OAuth2.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisTokenStore from "../../src/state/RedisTokenStore.js"
import { tokenStoreSuite } from "./suites/tokenStoreSuite.js"
import { scopedRedis } from "./support/RedisTest.js"

tokenStoreSuite("memory", OAuth2.makeMemoryStore)

tokenStoreSuite(
  "redis",
  Effect.flatMap(scopedRedis(), (redis) => Effect.provideService(RedisTokenStore.make(), Redis.Redis, redis))
)
