/**
 * The promise of the state entry: one layer under the vendor clients moves their breakers to Redis. Two Stripe clients
 * built separately (as two processes would build them) share one breaker through `RedisState`; with memory stores each
 * keeps its own.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Redis from "../../src/state/Redis.js"
import * as RedisState from "../../src/state/RedisState.js"
import * as Faults from "../../src/testing/Faults.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as StripeClient from "../../src/vendors/stripe/StripeClient.js"
import { scopedRedis } from "./support/RedisTest.js"

/** Stripe down for good: every request answers 503. */
const down = Faults.make({ rules: [{ kind: "outage", vendor: "stripe", fromMs: 0, toMs: 3_600_000, status: 503 }] })

/**
 * A Stripe client of its own (its own breaker instance), built over `stores`, as a separate process would; its HTTP
 * client and stores live as long as the test's scope.
 */
const client = (simulator: VendorSimulator.VendorSimulator.Service, stores: Layer.Layer<RedisState.Stores> | Layer.Layer<never>) =>
  Effect.flatMap(Layer.build(Layer.merge(stores, NodeHttpClient.layerUndici)), (context) =>
    StripeClient.make({
      apiKey: Redacted.make("sk_test_shared_state"),
      baseUrl: simulator.baseUrl("stripe"),
      policy: { maxRetries: 0 }
    }).pipe(Effect.provide(context)))

const retrieve = (stripe: StripeClient.Service) => Effect.flip(stripe.customers.retrieve("cus_missing"))

const stripeRequests = (simulator: VendorSimulator.VendorSimulator.Service) =>
  Effect.map(simulator.stats, (stats) => stats.totalRequests)

describe("vendor clients over RedisState", () => {
  it.live("a breaker opened by one client rejects the other's calls before they reach the vendor", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ faults: down })
      const redis = yield* scopedRedis()
      const shared = RedisState.layer().pipe(Layer.provide(Layer.succeed(Redis.Redis, redis)))
      const first = yield* client(simulator, shared)
      const second = yield* client(simulator, shared)

      // The default breaker opens after 5 consecutive failures.
      for (let i = 0; i < 5; i++) expect((yield* retrieve(first)).reason).toBe("Server")
      const seen = yield* stripeRequests(simulator)
      expect(seen).toBe(5)

      const rejected = yield* retrieve(second)
      expect(rejected.reason).toBe("CircuitOpen")
      expect(rejected.retryAfter).toBeDefined()
      expect(yield* stripeRequests(simulator)).toBe(seen)
    }).pipe(Effect.scoped))

  it.live("with the memory stores each client keeps its own breaker", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ faults: down })
      const first = yield* client(simulator, Layer.empty)
      const second = yield* client(simulator, Layer.empty)
      for (let i = 0; i < 5; i++) yield* retrieve(first)
      expect((yield* retrieve(first)).reason).toBe("CircuitOpen")
      expect((yield* retrieve(second)).reason).toBe("Server")
      expect(yield* stripeRequests(simulator)).toBe(6)
    }).pipe(Effect.scoped))
})
