/**
 * Redis going away mid-test, on a throwaway `redis-server` of the test's own (the machine's server is never
 * stopped): fail-open stores decide per process, fail-closed stores refuse with typed errors, both report the outage
 * once, and both use Redis again when it returns.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as RateLimiter from "../../src/core/RateLimiter.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisCircuitBreakerStore from "../../src/state/RedisCircuitBreakerStore.js"
import * as RedisRateLimiterStore from "../../src/state/RedisRateLimiterStore.js"
import * as RedisReplayGuard from "../../src/state/RedisReplayGuard.js"
import * as RedisTokenStore from "../../src/state/RedisTokenStore.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as WebhookExpress from "../../src/webhooks/WebhookExpress.js"
import { randomPrefix, type Server, throwawayServer } from "./support/RedisTest.js"

interface LogLine {
  readonly level: string
  readonly message: string
}

const captureLogs = () => {
  const lines: Array<LogLine> = []
  const logger = Logger.make(({ logLevel, message }) => {
    lines.push({ level: logLevel.label, message: String(Array.isArray(message) ? message[0] : message) })
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const connect = (server: Server, onUnavailable: Redis.Policy) =>
  Redis.make({
    url: server.url,
    prefix: randomPrefix(),
    onUnavailable,
    commandTimeout: "300 millis",
    reconnect: { initial: "20 millis", max: "100 millis" }
  }).pipe(Effect.orDie)

/** Polls (for at most 10 s) until the client is connected again after the server came back. */
const awaitReady = (redis: Redis.Redis.Service) =>
  Effect.gen(function*() {
    for (let i = 0; i < 500; i++) {
      if (yield* redis.isReady) return
      yield* Effect.sleep("20 millis")
    }
    return yield* Effect.dieMessage("Redis did not reconnect")
  })

const serverError = Effect.fail(
  new IntegrationError({ vendor: "acme", operation: "call", reason: "Server", description: "test failure" })
)

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a typed failure")
  return exit.cause.error
}

const counterValue = (metric: typeof Redis.metrics.fallbacks, store: string, operation: string) =>
  Effect.map(
    Metric.value(
      metric.pipe(Metric.tagged("integration.state.store", store), Metric.tagged("integration.state.operation", operation))
    ),
    (state) => state.count
  )

const setup = (onUnavailable: Redis.Policy): Effect.Effect<
  {
    readonly server: Server
    readonly redis: Redis.Redis.Service
    readonly breaker: CircuitBreaker.CircuitBreaker
    readonly limiter: RateLimiter.RateLimiter
  },
  never,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const server = yield* throwawayServer
    const redis = yield* connect(server, onUnavailable)
    const breakerStore = yield* Effect.provideService(RedisCircuitBreakerStore.make(), Redis.Redis, redis)
    const limiterStore = yield* Effect.provideService(RedisRateLimiterStore.make(), Redis.Redis, redis)
    const breaker = yield* Effect.orDie(CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2), store: breakerStore }))
    const limiter = yield* Effect.orDie(RateLimiter.make({
      vendor: "acme",
      limit: 2,
      window: "1 minute",
      onExceeded: "fail",
      store: limiterStore
    }))
    return { server, redis, breaker, limiter }
  })

describe("Redis outage", () => {
  it.live("fail-open: decisions fall back to per-process memory with one warning, then return to Redis", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const { breaker, limiter, redis, server } = yield* setup("fail-open")
      const guard = yield* Effect.provideService(RedisReplayGuard.make(), Redis.Redis, redis)
      yield* breaker.run()(serverError).pipe(Effect.exit, Effect.repeatN(1))
      expect((yield* breaker.state()).state).toBe("Open")
      const fallbacksBefore = yield* counterValue(Redis.metrics.fallbacks, "circuit-breaker", "acquire")

      yield* server.stop
      // The memory fallback knows nothing of the shared open state: calls go through, limits hold per process.
      const ran = yield* Effect.all(Array.from({ length: 20 }, () => breaker.run()(Effect.succeed("local"))))
      expect(ran).toEqual(Array.from({ length: 20 }, () => "local"))
      yield* limiter.acquire()
      yield* limiter.acquire()
      const limited = failure(yield* Effect.exit(limiter.acquire()))
      expect(limited.reason).toBe("RateLimited")
      expect(limited.description).toBe("client-side rate limit reached")
      expect(yield* guard.markSeen("delivery-1", "1 hour")).toBe(true)
      expect(yield* guard.markSeen("delivery-1", "1 hour")).toBe(false)
      expect((yield* counterValue(Redis.metrics.fallbacks, "circuit-breaker", "acquire")) - fallbacksBefore).toBe(20)
      expect(logs.lines.filter((line) => line.level === "WARN")).toHaveLength(1)

      yield* server.start
      yield* awaitReady(redis)
      // The new server is empty: the breaker is closed there, and it trips there again.
      yield* breaker.run()(serverError).pipe(Effect.exit, Effect.repeatN(1))
      expect(yield* Effect.promise(() => redis.client.hget(redis.key("breaker", "acme"), "s"))).toBe("O")
      expect(failure(yield* Effect.exit(breaker.run()(Effect.void))).reason).toBe("CircuitOpen")
      expect(yield* guard.markSeen("delivery-2", "1 hour")).toBe(true)
      expect(yield* Effect.promise(() => redis.client.exists(redis.key("replay", "delivery-2")))).toBe(1)
      expect(logs.lines.filter((line) => line.level === "WARN")).toHaveLength(1)
      expect(logs.lines.filter((line) => line.level === "INFO" && line.message.includes("available again"))).toHaveLength(1)
    }).pipe(Effect.provide(logs.layer), Effect.scoped)
  }, 30_000)

  it.live("fail-closed: the breaker rejects, the limiter refuses and the replay guard answers 500, until Redis returns", () =>
    Effect.gen(function*() {
      const { breaker, limiter, redis, server } = yield* setup("fail-closed")
      const guard = yield* Effect.provideService(RedisReplayGuard.make(), Redis.Redis, redis)
      const tokens = yield* Effect.provideService(RedisTokenStore.make(), Redis.Redis, redis)
      const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      let handled = 0
      const webhook = WebhookExpress.toHandler({
        scheme: StandardWebhooks.scheme,
        secrets: secret,
        schema: Schema.Unknown,
        handler: () => Effect.sync(() => void handled++)
      }, { replayGuard: guard })
      const deliver = (id: string) =>
        Effect.gen(function*() {
          const signed = yield* StandardWebhooks.scheme.sign({ body: "{}", id, timestamp: Date.now() }, secret)
          const response = { statusCode: 0, setHeader: () => undefined, end: () => undefined }
          yield* Effect.promise(() =>
            webhook(
              { method: "POST", url: "/hooks", headers: signed.headers, body: new TextEncoder().encode("{}") },
              response
            )
          )
          return response.statusCode
        })

      yield* server.stop
      let ran = false
      const rejected = failure(yield* Effect.exit(breaker.run()(Effect.sync(() => (ran = true)))))
      expect(ran).toBe(false)
      expect(rejected.reason).toBe("CircuitOpen")
      expect(rejected.description).toContain("state store (Redis) is unavailable")
      expect(Duration.toMillis(rejected.retryAfter ?? Duration.zero)).toBe(1_000)
      expect((yield* breaker.state()).state).toBe("Open")

      const refused = failure(yield* Effect.exit(limiter.acquire()))
      expect(refused.reason).toBe("RateLimited")
      expect(refused.retryable).toBe(true)
      expect(refused.description).toContain("state store (Redis) is unavailable")

      const claim = yield* Effect.exit(guard.markSeen("delivery-1", "1 hour"))
      expect(Exit.isFailure(claim) && claim.cause._tag === "Die" && Redis.isStateUnavailableError(claim.cause.defect))
        .toBe(true)
      expect(yield* deliver("msg_during_outage")).toBe(500)
      expect(handled).toBe(0)

      const tokenError = failure(yield* Effect.exit(tokens.get("portal-1")))
      expect(tokenError.reason).toBe("Transport")

      yield* server.start
      yield* awaitReady(redis)
      expect(yield* breaker.run()(Effect.succeed("back"))).toBe("back")
      expect(Exit.isSuccess(yield* Effect.exit(limiter.acquire()))).toBe(true)
      // The vendor's redelivery is processed once Redis is back.
      expect(yield* deliver("msg_during_outage")).toBe(200)
      expect(yield* deliver("msg_during_outage")).toBe(200)
      expect(handled).toBe(1)
    }).pipe(Effect.scoped), 30_000)

  it.live("a server that stops answering (but keeps the connection) costs each command its timeout, no more", () =>
    Effect.gen(function*() {
      const { breaker, redis } = yield* setup("fail-open")
      yield* breaker.run()(Effect.void)
      const pid = yield* Effect.promise(() => redis.client.info("server")).pipe(
        Effect.map((info) => Number(/process_id:(\d+)/.exec(info)?.[1]))
      )
      process.kill(pid, "SIGSTOP")
      const started = Date.now()
      const result = yield* breaker.run()(Effect.succeed("fallback")).pipe(
        Effect.ensuring(Effect.sync(() => process.kill(pid, "SIGCONT")))
      )
      const elapsed = Date.now() - started
      expect(result).toBe("fallback")
      // acquire and record each wait out the 300 ms timeout; nothing waits for the server.
      expect(elapsed).toBeGreaterThanOrEqual(250)
      expect(elapsed).toBeLessThan(5_000)
    }).pipe(Effect.scoped), 30_000)

  it.live("scripts Redis forgot (SCRIPT FLUSH, a restart) are sent again", () =>
    Effect.gen(function*() {
      const { breaker, redis } = yield* setup("fail-closed")
      yield* breaker.run()(Effect.void)
      yield* Effect.promise(() => redis.client.script("FLUSH"))
      expect(yield* breaker.run()(Effect.succeed("still shared"))).toBe("still shared")
      yield* breaker.run()(serverError).pipe(Effect.exit, Effect.repeatN(1))
      expect(yield* Effect.promise(() => redis.client.hget(redis.key("breaker", "acme"), "s"))).toBe("O")
    }).pipe(Effect.scoped), 30_000)

  it.live("a layer built while Redis is down applies the policy until Redis comes up", () =>
    Effect.gen(function*() {
      const server = yield* throwawayServer
      yield* server.stop
      const stores = yield* Layer.build(
        RedisRateLimiterStore.layer().pipe(
          Layer.provide(Redis.layer({
            url: server.url,
            prefix: randomPrefix(),
            onUnavailable: "fail-closed",
            connectTimeout: "200 millis",
            reconnect: { initial: "20 millis", max: "100 millis" }
          }))
        )
      )
      const limiter = yield* RateLimiter.make({ vendor: "acme", limit: 5, window: "1 minute", onExceeded: "fail" }).pipe(
        Effect.provide(stores)
      )
      expect(failure(yield* Effect.exit(limiter.acquire())).description).toContain("unavailable")
      yield* server.start
      for (let i = 0; i < 500; i++) {
        if (Exit.isSuccess(yield* Effect.exit(limiter.acquire()))) return
        yield* Effect.sleep("20 millis")
      }
      throw new Error("the limiter never used Redis")
    }).pipe(Effect.scoped), 30_000)
})
