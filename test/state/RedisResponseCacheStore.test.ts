import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as ResponseCache from "../../src/core/ResponseCache.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisResponseCacheStore from "../../src/state/RedisResponseCacheStore.js"
import { type Model, responseCacheStoreSuite } from "./suites/responseCacheStoreSuite.js"
import { scopedRedis } from "./support/RedisTest.js"

const ModelSchema: Schema.Schema<Model, { readonly id: string; readonly tokens: number; readonly createdAt: string }> =
  Schema.Struct({ id: Schema.String, tokens: Schema.Number, createdAt: Schema.Date })

responseCacheStoreSuite("memory", ResponseCache.memoryStore<Model>())

responseCacheStoreSuite(
  "redis",
  Effect.flatMap(scopedRedis(), (redis) =>
    Effect.provideService(
      RedisResponseCacheStore.make({ schema: ModelSchema, namespace: "models" }),
      Redis.Redis,
      redis
    ))
)
