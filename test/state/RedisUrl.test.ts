/**
 * The Redis URL is checked in full before a client exists (a typed `ConfigError` naming the setting, the password
 * masked), its pieces reach ioredis decoded, and a database index the server refuses is a configuration error at
 * build time and an unavailable store after it, never commands silently run in database 0.
 */
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisCircuitBreakerStore from "../../src/state/RedisCircuitBreakerStore.js"
import { randomPrefix, redisUrl, throwawayServer, throwawayServerWith } from "./support/RedisTest.js"

const canary = "hunter2-canary"

/** The `ConfigError` building the connection failed with (the test fails if it built). */
const configError = (url: string) =>
  Effect.scoped(Effect.flip(Redis.make({ url, prefix: randomPrefix(), connectTimeout: "5 seconds" })))

const bad: ReadonlyArray<readonly [url: string, says: string]> = [
  ["redis://127.0.0.1:6379/abc", "database index"],
  [`redis://:${canary}@127.0.0.1:6379/abc`, "database index"],
  [`redis://:${canary}@127.0.0.1:6379/0/extra`, "database index"],
  ["redis://127.0.0.1:6379/-1", "database index"],
  ["redis://127.0.0.1:6379/01", "database index"],
  ["redis://127.0.0.1:6379/4294967296", "database index"],
  [`redis://:${canary}@127.0.0.1:0`, "port"],
  [`redis://:${canary}@127.0.0.1:70000`, "port"],
  [`redis://:${canary}@127.0.0.1:abc/0`, "port"],
  [`redis://:${canary}%zz@127.0.0.1:6379`, "password is not valid percent-encoding"],
  [`redis://us%zzer:${canary}@127.0.0.1:6379`, "user name is not valid percent-encoding"],
  [`http://:${canary}@127.0.0.1:6379`, "redis:// or rediss://"],
  [`redis:${canary}@127.0.0.1:6379`, "must start with"],
  [`redis://:${canary}@/0`, "valid host"],
  ["redis:///0", "has no host"],
  [`redis://:${canary}@exa%20mple:6379`, "host"],
  [`redis://:${canary}@127.0.0.1:6379/0?password=${canary}`, "query parameter"],
  ["redis://127.0.0.1:6379/0?family=5", "family"],
  [`redis://:${canary}@127.0.0.1:6379/0#x`, "fragment"],
  [`redis://:${canary}@127.0.0.1:6379/0\t0`, "control characters"],
  [`not a url ${canary}`, "redis:// or rediss://"]
]

describe("Redis URL", () => {
  it.effect.each(bad)("refuses %s with a ConfigError naming url, password masked", ([url, says]) =>
    Effect.gen(function*() {
      const error = yield* configError(url)
      expect(error._op).toBe("InvalidData")
      if (error._op !== "InvalidData") return
      expect(error.path).toEqual(["url"])
      expect(error.message).toContain(says)
      expect(String(error)).not.toContain(canary)
      if (url.startsWith(`redis://:${canary}@127.0.0.1:6379/`)) expect(error.message).toContain(":***@127.0.0.1:6379")
    }))

  it.effect("names REDIS_URL when the URL comes from the environment", () =>
    Effect.gen(function*() {
      const error = yield* Layer.build(Redis.layerConfig()).pipe(
        Effect.scoped,
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["REDIS_URL", `redis://:${canary}@127.0.0.1:6379/abc`]]))),
        Effect.flip
      )
      expect(error._op).toBe("InvalidData")
      if (error._op !== "InvalidData") return
      expect(error.path).toEqual(["REDIS_URL"])
      expect(error.message).toContain("redis://:***@127.0.0.1:6379/abc")
      expect(String(error)).not.toContain(canary)
    }))

  it.scopedLive("selects the URL's database and decodes percent-encoded credentials", () =>
    Effect.gen(function*() {
      const password = "p@ss wörd/:%"
      const server = yield* throwawayServerWith(["--requirepass", password])
      const url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${server.port}/3`
      const redis = yield* Redis.make({ url, prefix: randomPrefix() })
      expect(yield* redis.isReady).toBe(true)
      const info = yield* redis.command("client-info", (client) => client.call("CLIENT", "INFO"))
      expect(String(info)).toMatch(/ db=3 /)
    }))

  it.scopedLive("fails the build with a ConfigError when the server refuses the database index", () =>
    Effect.gen(function*() {
      const url = new URL(redisUrl)
      url.password = canary
      url.pathname = "/99"
      const error = yield* configError(url.toString())
      expect(error._op).toBe("InvalidData")
      if (error._op !== "InvalidData") return
      expect(error.path).toEqual(["url"])
      expect(error.message).toContain("Redis refused database 99")
      expect(String(error)).not.toContain(canary)
    }))

  it.scopedLive("a database refused after the build makes the stores unavailable; nothing runs in database 0", () =>
    Effect.gen(function*() {
      const server = yield* throwawayServer
      yield* server.stop
      const prefix = randomPrefix()
      // Redis is down while the layer builds: the build goes on, and the refusal comes with the first connection.
      const redis = yield* Redis.make({
        url: `${server.url}/99`,
        prefix,
        onUnavailable: "fail-closed",
        connectTimeout: "100 millis",
        reconnect: { initial: "20 millis", max: "50 millis" }
      })
      yield* server.start
      let refusal = ""
      for (let i = 0; i < 500 && refusal === ""; i++) {
        const exit = yield* Effect.exit(redis.command("probe", (client) => client.set(`${prefix}:probe`, "1")))
        if (Exit.isFailure(exit) && exit.cause._tag === "Fail" && exit.cause.error.description.includes("refused")) {
          refusal = exit.cause.error.description
        } else {
          yield* Effect.sleep("20 millis")
        }
      }
      expect(refusal).toContain("Redis refused database 99")
      expect(yield* redis.isReady).toBe(false)

      const store = yield* Effect.provideService(RedisCircuitBreakerStore.make(), Redis.Redis, redis)
      const breaker = yield* CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2), store })
      const call = breaker.run()(
        Effect.fail(new IntegrationError({ vendor: "acme", operation: "call", reason: "Server", description: "x" }))
      )
      const rejected = yield* Effect.flip(call)
      expect(rejected.reason).toBe("CircuitOpen")

      const check = yield* Effect.orDie(Redis.make({ url: server.url, prefix: randomPrefix() }))
      const keys = yield* check.command("keys", (client) => client.keys(`${prefix}:*`))
      expect(keys).toEqual([])
    }), { timeout: 30_000 })
})
