/**
 * The Redis stores as an app uses them: one layer switching every store, keys namespaced and expiring, the OAuth
 * refresh lock across connections, and the scripts checked against the memory stores on random histories.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import * as Credentials from "../../src/core/Credentials.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as OAuth2 from "../../src/core/OAuth2.js"
import * as RateLimiter from "../../src/core/RateLimiter.js"
import * as ResponseCache from "../../src/core/ResponseCache.js"
import * as Redis from "../../src/state/Redis.js"
import * as RedisCircuitBreakerStore from "../../src/state/RedisCircuitBreakerStore.js"
import * as RedisRateLimiterStore from "../../src/state/RedisRateLimiterStore.js"
import * as RedisResponseCacheStore from "../../src/state/RedisResponseCacheStore.js"
import * as RedisState from "../../src/state/RedisState.js"
import * as RedisTokenStore from "../../src/state/RedisTokenStore.js"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import { storePolicy } from "./suites/circuitBreakerStoreSuite.js"
import { keysUnder, randomPrefix, redisUrl, scopedRedis } from "./support/RedisTest.js"

const serverError = Effect.fail(
  new IntegrationError({ vendor: "acme", operation: "call", reason: "Server", description: "test failure" })
)

/** Two connections under one prefix: two processes sharing state. */
const twoProcesses = Effect.gen(function*() {
  const first = yield* scopedRedis()
  const second = yield* Redis.make({ url: redisUrl, prefix: first.prefix })
  return [first, second] as const
})

const tokens = (access: string, refresh: string, expiresAt: number): OAuth2.Tokens => ({
  accessToken: Redacted.make(access),
  refreshToken: Redacted.make(refresh),
  expiresAt
})

describe("RedisState", () => {
  it.scoped("one layer switches breakers, limiters, the replay guard and tokens to state shared by every process", () =>
    Effect.gen(function*() {
      const [first, second] = yield* twoProcesses
      const inProcess = (redis: Redis.Redis.Service) =>
        Layer.build(RedisState.layer().pipe(Layer.provide(Layer.succeed(Redis.Redis, redis))))
      const a = yield* inProcess(first)
      const b = yield* inProcess(second)

      const breakerA = yield* Effect.provide(CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) }), a)
      const breakerB = yield* Effect.provide(CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(1) }), b)
      yield* Effect.exit(breakerA.run()(serverError))
      expect((yield* breakerB.state()).state).toBe("Open")

      const limiter = (context: typeof a) =>
        Effect.provide(RateLimiter.make({ vendor: "acme", limit: 3, window: "1 minute", onExceeded: "fail" }), context)
      const limiterA = yield* limiter(a)
      const limiterB = yield* limiter(b)
      const admitted = yield* Effect.all(
        Array.from({ length: 10 }, (_, i) => Effect.exit((i % 2 === 0 ? limiterA : limiterB).acquire())),
        { concurrency: "unbounded" }
      )
      expect(admitted.filter(Exit.isSuccess)).toHaveLength(3)

      const guard = (context: typeof a) => Effect.provide(ReplayGuard.ReplayGuard, context)
      expect(yield* (yield* guard(a)).markSeen("stripe:evt_1", "1 hour")).toBe(true)
      expect(yield* (yield* guard(b)).markSeen("stripe:evt_1", "1 hour")).toBe(false)

      const store = (context: typeof a) => Effect.provide(OAuth2.TokenStoreTag, context)
      yield* (yield* store(a)).set("portal-1", tokens("access_1", "refresh_1", 1_000))
      const read = yield* (yield* store(b)).get("portal-1")
      expect(Option.map(read, (t) => Redacted.value(t.accessToken))).toEqual(Option.some("access_1"))
      expect((yield* store(b)).withLock).toBeDefined()
    }))

  it.scoped("every key sits under `<prefix>:<kind>:` and expires", () =>
    Effect.gen(function*() {
      const redis = yield* scopedRedis()
      const context = yield* Layer.build(RedisState.layer().pipe(Layer.provide(Layer.succeed(Redis.Redis, redis))))
      const breaker = yield* Effect.provide(CircuitBreaker.make({ vendor: "acme", trip: CircuitBreaker.consecutive(2) }), context)
      yield* Effect.exit(breaker.run("acme:charges")(serverError))
      const limiter = yield* Effect.provide(RateLimiter.make({ vendor: "acme", limit: 5, window: "1 second" }), context)
      yield* limiter.acquire("acme:charges")
      yield* limiter.observe("acme:charges", { remaining: 3, resetAfter: Duration.seconds(10) })
      yield* Effect.flatMap(Effect.provide(ReplayGuard.ReplayGuard, context), (guard) => guard.markSeen("id-1", "1 day"))
      const store = yield* Effect.provide(OAuth2.TokenStoreTag, context)
      yield* store.set("portal-1", tokens("a", "r", 1))
      const cacheStore = yield* Effect.provideService(
        RedisResponseCacheStore.make({ schema: Schema.String, namespace: "models" }),
        Redis.Redis,
        redis
      )
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", store: cacheStore })
      yield* cache.get("gpt-5", Effect.succeed("model"))

      const keys = [...(yield* keysUnder(redis))].sort()
      expect(keys).toEqual([
        `${redis.prefix}:breaker:acme:charges`,
        `${redis.prefix}:cache:models:gpt-5`,
        `${redis.prefix}:oauth-tokens:portal-1`,
        `${redis.prefix}:ratelimit-meta:acme:charges`,
        `${redis.prefix}:ratelimit:acme:charges`,
        `${redis.prefix}:replay:id-1`
      ])
      const ttls = yield* Effect.forEach(keys, (key) => Effect.promise(() => redis.client.pttl(key)))
      expect(ttls.every((ttl) => ttl > 0)).toBe(true)
    }))

  it.effect("layerConfig reads REDIS_URL, and names a malformed one without echoing it", () =>
    Effect.gen(function*() {
      const ok = yield* Effect.scoped(Layer.build(Redis.layerConfig({ prefix: randomPrefix() }))).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["REDIS_URL", redisUrl]]))),
        Effect.exit
      )
      expect(Exit.isSuccess(ok)).toBe(true)
      const bad = yield* Effect.scoped(Layer.build(Redis.layerConfig())).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["REDIS_URL", "http://user:hunter2@cache:6379"]]))),
        Effect.flip
      )
      expect(String(bad)).toContain("REDIS_URL")
      expect(String(bad)).not.toContain("hunter2")
    }))

  it.live("the refresh lock admits one holder across processes, outlives a slow holder and frees a dead one's", () =>
    Effect.gen(function*() {
      const [first, second] = yield* twoProcesses
      // The holder extends its lease as it goes: a lease long enough that a loaded machine's pauses never let it lapse.
      const options = { lockLease: "1 second", lockWait: "30 seconds" } as const
      const a = yield* Effect.provideService(RedisTokenStore.make(options), Redis.Redis, first)
      const b = yield* Effect.provideService(RedisTokenStore.make(options), Redis.Redis, second)
      let inside = 0
      let most = 0
      const critical = Effect.acquireUseRelease(
        Effect.sync(() => {
          inside += 1
          most = Math.max(most, inside)
        }),
        // Longer than the lease: only the extension keeps others out.
        () => Effect.sleep("2500 millis"),
        () => Effect.sync(() => void (inside -= 1))
      )
      yield* Effect.all([a.withLock!("portal-1", critical), b.withLock!("portal-1", critical)], {
        concurrency: "unbounded"
      })
      expect(most).toBe(1)
      expect(yield* Effect.promise(() => first.client.exists(first.key("oauth-lock", "portal-1")))).toBe(0)

      // A holder that died: its lease runs out and the next caller takes over.
      yield* Effect.promise(() => first.client.set(first.key("oauth-lock", "portal-2"), "dead", "PX", 300))
      const started = Date.now()
      expect(yield* b.withLock!("portal-2", Effect.succeed("refreshed"))).toBe("refreshed")
      expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    }).pipe(Effect.scoped), 60_000)

  it.live("waiting longer than lockWait fails with Timeout instead of refreshing unguarded", () =>
    Effect.gen(function*() {
      const redis = yield* scopedRedis()
      const store = yield* Effect.provideService(RedisTokenStore.make({ lockWait: "200 millis" }), Redis.Redis, redis)
      yield* Effect.promise(() => redis.client.set(redis.key("oauth-lock", "portal-1"), "other", "PX", 10_000))
      let ran = false
      const error = yield* Effect.flip(store.withLock!("portal-1", Effect.sync(() => (ran = true))))
      expect(error.reason).toBe("Timeout")
      expect(ran).toBe(false)
    }).pipe(Effect.scoped), 20_000)

  it.live("two OAuth clients in two processes refresh an expired token once between them", () =>
    Effect.gen(function*() {
      const [first, second] = yield* twoProcesses
      let generation = 1
      let grants = 0
      const http = HttpClient.make((request) =>
        Effect.gen(function*() {
          const form = new URLSearchParams(
            request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
          )
          // A slow token endpoint that revokes a rotated refresh token: a second, concurrent refresh would fail.
          yield* Effect.sleep("50 millis")
          if (form.get("refresh_token") !== `refresh_${generation}`) {
            return HttpClientResponse.fromWeb(request, Response.json({ error: "invalid_grant" }, { status: 400 }))
          }
          grants += 1
          generation += 1
          return HttpClientResponse.fromWeb(
            request,
            Response.json({ access_token: `access_${generation}`, refresh_token: `refresh_${generation}`, expires_in: 3600 })
          )
        })
      )
      const client = (redis: Redis.Redis.Service) =>
        OAuth2.make({
          vendor: "HubSpot",
          authorizeUrl: "https://app.hubspot.test/oauth/authorize",
          tokenBaseUrl: "https://api.hubapi.test",
          tokenPath: "/oauth/v1/token",
          clientId: "client-1",
          clientSecret: Credentials.fixed("client-secret"),
          redirectUri: "https://app.example/callback",
          scopes: [],
          storeKey: "portal-1"
        }).pipe(
          Effect.provide(RedisTokenStore.layer()),
          Effect.provideService(Redis.Redis, redis),
          Effect.provideService(HttpClient.HttpClient, http)
        )
      const [a, b] = yield* Effect.all([client(first), client(second)])
      const store = yield* Effect.provideService(RedisTokenStore.make(), Redis.Redis, first)
      yield* store.set("portal-1", tokens("access_1", "refresh_1", 0))
      const results = yield* Effect.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).get), {
        concurrency: "unbounded"
      })
      expect(new Set(results.map(Redacted.value))).toEqual(new Set(["access_2"]))
      expect(grants).toBe(1)
    }).pipe(Effect.scoped), 20_000)
})

describe("Redis stores against the memory stores on random histories", () => {
  const breakerOp = FastCheck.oneof(
    { arbitrary: FastCheck.constant({ _tag: "acquire" as const }), weight: 3 },
    {
      arbitrary: FastCheck.record({
        _tag: FastCheck.constant("record" as const),
        outcome: FastCheck.constantFrom<CircuitBreaker.Outcome>("Success", "Failure", "Interrupted"),
        withProbe: FastCheck.boolean()
      }),
      weight: 4
    },
    { arbitrary: FastCheck.record({ _tag: FastCheck.constant("advance" as const), millis: FastCheck.nat(8_000) }), weight: 2 },
    { arbitrary: FastCheck.constant({ _tag: "snapshot" as const }), weight: 1 }
  )

  it.scoped.prop(
    "the breaker script decides exactly as the memory store",
    {
      policy: FastCheck.record({
        consecutiveFailures: FastCheck.integer({ min: 0, max: 3 }),
        sampleSize: FastCheck.integer({ min: 0, max: 5 }),
        failureRateThreshold: FastCheck.constantFrom(0.25, 0.5, 1),
        minThroughput: FastCheck.integer({ min: 1, max: 4 }),
        openFactor: FastCheck.constantFrom(1, 1.5, 2)
      }),
      ops: FastCheck.array(breakerOp, { minLength: 20, maxLength: 60 })
    },
    ({ ops, policy: drawn }) =>
      Effect.gen(function*() {
        const policy = storePolicy({ ...drawn, openInitialMillis: 1_000, openMaxMillis: 6_000, probeLeaseMillis: 3_000 })
        const memory = yield* CircuitBreaker.makeMemoryStore
        const redis = yield* Effect.provideService(RedisCircuitBreakerStore.make(), Redis.Redis, yield* scopedRedis())
        let now = 1_700_000_000_000
        // Each store's latest probe id: the histories match, so the n-th probe of one is the n-th of the other.
        const probes: [string | undefined, string | undefined] = [undefined, undefined]
        const normalise = (decision: CircuitBreaker.Decision) =>
          decision._tag === "AllowProbe" ? { ...decision, probe: "probe" } : decision
        for (const op of ops) {
          switch (op._tag) {
            case "advance":
              now += op.millis
              break
            case "acquire": {
              const results = yield* Effect.all([memory.acquire("k", now, policy), redis.acquire("k", now, policy)])
              results.forEach((decision, i) => {
                if (decision._tag === "AllowProbe") probes[i] = decision.probe
              })
              expect(normalise(results[1])).toEqual(normalise(results[0]))
              break
            }
            case "record": {
              const [m, r] = yield* Effect.all([
                memory.record("k", now, op.outcome, op.withProbe ? probes[0] : undefined, policy),
                redis.record("k", now, op.outcome, op.withProbe ? probes[1] : undefined, policy)
              ])
              expect(r).toEqual(m)
              break
            }
            case "snapshot":
              expect(yield* redis.snapshot("k", now)).toEqual(yield* memory.snapshot("k", now))
          }
        }
        expect(yield* redis.snapshot("k", now)).toEqual(yield* memory.snapshot("k", now))
      }),
    { fastCheck: { numRuns: 25 } }
  )

  const limiterOp = FastCheck.oneof(
    {
      arbitrary: FastCheck.record({
        _tag: FastCheck.constant("reserve" as const),
        cost: FastCheck.integer({ min: 1, max: 3 }),
        maxWaitMillis: FastCheck.constantFrom(0, 500, Infinity)
      }),
      weight: 5
    },
    { arbitrary: FastCheck.record({ _tag: FastCheck.constant("confirm" as const), pick: FastCheck.nat() }), weight: 1 },
    { arbitrary: FastCheck.record({ _tag: FastCheck.constant("cancel" as const), pick: FastCheck.nat() }), weight: 1 },
    {
      arbitrary: FastCheck.record({
        _tag: FastCheck.constant("adjust" as const),
        pause: FastCheck.option(FastCheck.nat(3_000), { nil: undefined }),
        pace: FastCheck.option(FastCheck.record({ remaining: FastCheck.integer({ min: 1, max: 7 }), reset: FastCheck.nat(3_000) }), {
          nil: undefined
        })
      }),
      weight: 1
    },
    { arbitrary: FastCheck.record({ _tag: FastCheck.constant("advance" as const), millis: FastCheck.nat(1_500) }), weight: 2 },
    { arbitrary: FastCheck.constant({ _tag: "status" as const }), weight: 1 }
  )

  it.scoped.prop(
    "the rate limiter scripts book, cancel, pause and pace exactly as the memory store",
    {
      limit: FastCheck.integer({ min: 1, max: 5 }),
      burst: FastCheck.integer({ min: 1, max: 5 }),
      windowMillis: FastCheck.constantFrom(100, 1_000, 2_500),
      ops: FastCheck.array(limiterOp, { minLength: 20, maxLength: 80 })
    },
    ({ burst, limit, ops, windowMillis }) =>
      Effect.gen(function*() {
        const memory = yield* RateLimiter.makeMemoryStore
        const redis = yield* Effect.provideService(RedisRateLimiterStore.make(), Redis.Redis, yield* scopedRedis())
        let now = 1_700_000_000_000
        const ids: Array<readonly [string, string]> = []
        const normalise = (reservation: RateLimiter.Reservation) =>
          reservation._tag === "Granted" ? { ...reservation, id: "id" } : reservation
        for (const op of ops) {
          switch (op._tag) {
            case "advance":
              now += op.millis
              break
            case "reserve": {
              const request = { key: "k", nowMillis: now, cost: Math.min(op.cost, limit), limit, windowMillis, burst: Math.min(burst, limit), maxWaitMillis: op.maxWaitMillis }
              const [m, r] = yield* Effect.all([memory.reserve(request), redis.reserve(request)])
              if (m._tag === "Granted" && r._tag === "Granted") ids.push([m.id, r.id])
              expect(normalise(r)).toEqual(normalise(m))
              break
            }
            case "confirm":
            case "cancel": {
              const picked = ids[op.pick % Math.max(1, ids.length)]
              if (picked === undefined) break
              if (op._tag === "cancel") {
                yield* Effect.all([memory.cancel("k", picked[0]), redis.cancel("k", picked[1])])
              } else {
                const [m, r] = yield* Effect.all([memory.confirm("k", picked[0]), redis.confirm("k", picked[1])])
                expect(r).toBe(m)
              }
              break
            }
            case "adjust": {
              const adjustment: RateLimiter.Adjustment = {
                pauseUntilMillis: op.pause === undefined ? undefined : now + op.pause,
                paceIntervalMillis: op.pace === undefined ? undefined : op.pace.reset / op.pace.remaining,
                paceUntilMillis: op.pace === undefined ? undefined : now + op.pace.reset
              }
              const [m, r] = yield* Effect.all([memory.adjust("k", now, adjustment), redis.adjust("k", now, adjustment)])
              expect(r).toBe(m)
              break
            }
            case "status":
              expect(yield* redis.status("k", now, windowMillis)).toEqual(yield* memory.status("k", now, windowMillis))
          }
        }
        expect(yield* redis.status("k", now, windowMillis)).toEqual(yield* memory.status("k", now, windowMillis))
      }),
    { fastCheck: { numRuns: 25 } }
  )
})
