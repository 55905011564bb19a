import * as Effect from "effect/Effect"
import * as Redis from "../../src/state/Redis.js"
import * as RedisReplayGuard from "../../src/state/RedisReplayGuard.js"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import { replayGuardSuite } from "./suites/replayGuardSuite.js"
import { scopedRedis } from "./support/RedisTest.js"

replayGuardSuite("memory", ReplayGuard.makeMemory())

replayGuardSuite(
  "redis",
  Effect.flatMap(scopedRedis(), (redis) => Effect.provideService(RedisReplayGuard.make(), Redis.Redis, redis))
)
