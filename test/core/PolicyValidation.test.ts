import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as Bulkhead from "../../src/core/Bulkhead.js"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as IntegrationConfig from "../../src/core/IntegrationConfig.js"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as RateLimiter from "../../src/core/RateLimiter.js"
import * as Retry from "../../src/core/Retry.js"
import * as RetryBudget from "../../src/core/RetryBudget.js"
import * as StubHttp from "../support/StubHttp.js"

/** Test names show NaN and Infinity, which JSON would print as null. */
const shownNumbers = (_key: string, value: unknown) =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : value


const thing = { id: "t_1", name: "widget", count: 1 }
const Thing = Schema.Struct({ id: Schema.String, name: Schema.String, count: Schema.Number })

/** Builds a vendor from `patch` over a stub transport that answers every request. */
const define = (patch: Partial<HttpIntegration.Definition>) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make(() => StubHttp.json(200, thing))
    const http = yield* HttpIntegration.make({ vendor: "Demo", baseUrl: "https://api.demo.test", ...patch }).pipe(
      Effect.provide(stub.layer)
    )
    return { http, stub }
  })

/** The setting names and messages of a `ConfigError`, as `IntegrationConfig` reports them. */
const reported = (error: ConfigError.ConfigError) =>
  IntegrationConfig.problems(error).map((problem) => ({ key: problem.key, message: problem.message }))

// A JavaScript caller (or a config file) can pass anything; the types only cover TypeScript callers.
const loose = <A>(value: unknown): A => value as A

/**
 * Every bad value of every setting a vendor definition carries: [the definition, the setting as reported, the start of
 * the message]. Each must be refused by `HttpIntegration.make` with a `ConfigError` naming the setting under the vendor.
 */
const badDefinitions: ReadonlyArray<readonly [Partial<HttpIntegration.Definition>, string, string]> = [
  [{ policy: { timeout: -1000 } }, "policy.timeout", "must be a positive duration, got -1000"],
  [{ policy: { timeout: 0 } }, "policy.timeout", "must be a positive duration, got 0"],
  [{ policy: { timeout: loose("banana") } }, "policy.timeout", "must be a positive duration (e.g. \"5 seconds\""],
  [{ policy: { timeout: loose("-5 seconds") } }, "policy.timeout", "must be a positive duration, got \"-5 seconds\""],
  [{ policy: { timeout: NaN } }, "policy.timeout", "must be a positive duration, got NaN"],
  [{ policy: { deadline: 0 } }, "policy.deadline", "must be a positive duration, got 0"],
  [{ policy: { deadline: -1 } }, "policy.deadline", "must be a positive duration, got -1"],
  [{ policy: { maxRetries: -1 } }, "policy.maxRetries", "must be a whole number ≥ 0, got -1"],
  [{ policy: { maxRetries: NaN } }, "policy.maxRetries", "must be a whole number ≥ 0, got NaN"],
  [{ policy: { maxRetries: 1.5 } }, "policy.maxRetries", "must be a whole number ≥ 0, got 1.5"],
  [{ policy: { maxRetries: Infinity } }, "policy.maxRetries", "must be a whole number ≥ 0, got Infinity"],
  [{ policy: { baseDelay: -5 } }, "policy.baseDelay", "must be a finite duration of zero or more, got -5"],
  [{ policy: { baseDelay: Infinity } }, "policy.baseDelay", "must be a finite duration of zero or more, got Infinity"],
  [{ policy: { baseDelay: loose("soon") } }, "policy.baseDelay", "must be a finite duration of zero or more (e.g."],
  [{ policy: { maxDelay: -1 } }, "policy.maxDelay", "must be a duration of zero or more, got -1"],
  [{ policy: { factor: 0.5 } }, "policy.factor", "must be a number ≥ 1, got 0.5"],
  [{ policy: { factor: NaN } }, "policy.factor", "must be a number ≥ 1, got NaN"],
  [{ policy: { jitter: 2 } }, "policy.jitter", "must be a number ≥ 0 and ≤ 1, got 2"],
  [{ policy: { jitter: -0.1 } }, "policy.jitter", "must be a number ≥ 0 and ≤ 1, got -0.1"],
  [{ policy: { maxRetryAfter: -1 } }, "policy.maxRetryAfter", "must be a duration of zero or more, got -1"],
  [{ policy: { retryAfterAboveMax: loose("maybe") } }, "policy.retryAfterAboveMax", "must be one of \"fail\", \"clamp\""],
  [{ policy: { maxResponseBytes: 0 } }, "policy.maxResponseBytes", "must be a whole number ≥ 1, got 0"],
  [{ policy: { maxResponseBytes: -1 } }, "policy.maxResponseBytes", "must be a whole number ≥ 1, got -1"],
  [{ policy: { maxResponseBytes: 1.5 } }, "policy.maxResponseBytes", "must be a whole number ≥ 1, got 1.5"],
  [{ rateLimit: { limit: 0, window: "1 second" } }, "rateLimit.limit", "must be a whole number ≥ 1, got 0"],
  [{ rateLimit: { limit: 2.5, window: "1 second" } }, "rateLimit.limit", "must be a whole number ≥ 1, got 2.5"],
  [{ rateLimit: { limit: 10, window: 0 } }, "rateLimit.window", "must be a positive, finite duration, got 0"],
  [{ rateLimit: { limit: 10, window: Infinity } }, "rateLimit.window", "must be a positive, finite duration, got Infinity"],
  [{ rateLimit: { limit: 10, window: "1 second", burst: 0 } }, "rateLimit.burst", "must be a whole number ≥ 1, got 0"],
  [{ rateLimit: { limit: 10, window: "1 second", burst: 11 } }, "rateLimit.burst", "must not exceed limit (10), got 11"],
  [{ rateLimit: { limit: 10, window: "1 second", maxWait: -1 } }, "rateLimit.maxWait", "must be a duration of zero or more"],
  [
    { rateLimit: { limit: 10, window: "1 second", onExceeded: loose("queue") } },
    "rateLimit.onExceeded",
    "must be one of \"delay\", \"fail\""
  ],
  [{ bulkhead: { maxConcurrent: 0 } }, "bulkhead.maxConcurrent", "must be a whole number ≥ 1, got 0"],
  [{ bulkhead: { maxConcurrent: NaN } }, "bulkhead.maxConcurrent", "must be a whole number ≥ 1, got NaN"],
  [{ bulkhead: { maxConcurrent: 4, maxQueue: -1 } }, "bulkhead.maxQueue", "must be a whole number ≥ 0, got -1"],
  [{ bulkhead: { maxConcurrent: 4, maxQueueWait: 0 } }, "bulkhead.maxQueueWait", "must be a positive duration, got 0"],
  [
    { circuitBreaker: { trip: CircuitBreaker.consecutive(0) } },
    "circuitBreaker.trip.consecutiveFailures",
    "must be a whole number ≥ 1, got 0"
  ],
  [
    { circuitBreaker: { trip: CircuitBreaker.failureRate({ threshold: 0, sampleSize: 20, minThroughput: 10 }) } },
    "circuitBreaker.trip.failureRate.threshold",
    "must be a number > 0 and ≤ 1, got 0"
  ],
  [
    { circuitBreaker: { trip: CircuitBreaker.failureRate({ threshold: 1.5, sampleSize: 20, minThroughput: 10 }) } },
    "circuitBreaker.trip.failureRate.threshold",
    "must be a number > 0 and ≤ 1, got 1.5"
  ],
  [
    { circuitBreaker: { trip: CircuitBreaker.failureRate({ threshold: 0.5, sampleSize: 0, minThroughput: 1 }) } },
    "circuitBreaker.trip.failureRate.sampleSize",
    "must be a whole number ≥ 1, got 0"
  ],
  [
    { circuitBreaker: { trip: CircuitBreaker.failureRate({ threshold: 0.5, sampleSize: 20, minThroughput: 30 }) } },
    "circuitBreaker.trip.failureRate.minThroughput",
    "must not exceed sampleSize (20)"
  ],
  [
    { circuitBreaker: { openDuration: { initial: 0 } } },
    "circuitBreaker.openDuration.initial",
    "must be a positive, finite duration, got 0"
  ],
  [{ circuitBreaker: { openDuration: { factor: 0.5 } } }, "circuitBreaker.openDuration.factor", "must be a number ≥ 1, got 0.5"],
  [
    { circuitBreaker: { openDuration: { max: "1 second" } } },
    "circuitBreaker.openDuration.max",
    "must be at least openDuration.initial (5s)"
  ],
  [{ circuitBreaker: { probeLease: 0 } }, "circuitBreaker.probeLease", "must be a positive, finite duration, got 0"],
  [{ circuitBreaker: { slowCallThreshold: -1 } }, "circuitBreaker.slowCallThreshold", "must be a positive duration, got -1"],
  [{ baseUrl: "not a url" }, "baseUrl", "must be an absolute http(s) URL"],
  [{ baseUrl: "ftp://files.example.com" }, "baseUrl", "must use http: or https:"],
  [{ baseUrl: "https://user:hunter2@api.example.com" }, "baseUrl", "must not carry credentials"],
  [{ baseUrl: "https://api.example.com/v1?key=abc" }, "baseUrl", "must not have a query or fragment"],
  [{ baseUrl: "https://api.example.com/v1#top" }, "baseUrl", "must not have a query or fragment"]
]

describe("policy validation", () => {
  describe("HttpIntegration.make refuses every bad setting with a ConfigError naming it", () => {
    for (const [patch, setting, message] of badDefinitions) {
      it.scoped(`${setting}: ${JSON.stringify(patch, shownNumbers).slice(0, 90)}`, () =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(define(patch))
          const problems = reported(error)
          expect(problems).toHaveLength(1)
          expect(problems[0]!.key).toBe(`Demo.${setting}`)
          expect(problems[0]!.message.startsWith(message), problems[0]!.message).toBe(true)
          // Base URLs may carry secrets: they are never echoed.
          expect(String(error)).not.toContain("hunter2")
          expect(String(error)).not.toContain("key=abc")
        }))
    }
  })

  it.scoped("reports every bad setting of a definition at once", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(define({
        baseUrl: "not a url",
        policy: { timeout: -1000, maxRetries: -1 },
        rateLimit: { limit: 0, window: "1 second" },
        bulkhead: { maxConcurrent: 0 }
      }))
      expect(reported(error).map((problem) => problem.key)).toEqual([
        "Demo.baseUrl",
        "Demo.policy.maxRetries",
        "Demo.policy.timeout",
        "Demo.rateLimit.limit",
        "Demo.bulkhead.maxConcurrent"
      ])
      expect(IntegrationConfig.format(error)).toContain("Demo.policy.timeout: invalid (must be a positive duration, got -1000)")
    }))

  it.scoped("accepts the edges of every range: no retries, no delay, no jitter, an unbounded timeout, a plain http URL", () =>
    Effect.gen(function*() {
      const { http } = yield* define({
        baseUrl: "http://127.0.0.1:8080/v1",
        policy: { timeout: Infinity, maxRetries: 0, baseDelay: 0, maxDelay: 0, jitter: 1, factor: 1, maxRetryAfter: 0 },
        rateLimit: { limit: 1, window: "1 millis", burst: 1, maxWait: 0 },
        bulkhead: { maxConcurrent: 1, maxQueue: 0 },
        circuitBreaker: { openDuration: { initial: "1 second", max: "1 second", factor: 1 } }
      })
      expect(Duration.isFinite(http.policy.timeout)).toBe(false)
      expect(http.policy.maxRetries).toBe(0)
    }))

  describe("the policies' own constructors refuse bad settings with a ConfigError naming them", () => {
    const cases: ReadonlyArray<readonly [string, Effect.Effect<unknown, ConfigError.ConfigError>, string]> = [
      ["CircuitBreaker.trip.consecutiveFailures", CircuitBreaker.make({ vendor: "v", trip: CircuitBreaker.consecutive(-2) }), "-2"],
      ["CircuitBreaker.openDuration.initial", CircuitBreaker.make({ vendor: "v", openDuration: { initial: -5 } }), "-5"],
      ["CircuitBreaker.probeLease", CircuitBreaker.make({ vendor: "v", probeLease: loose("banana") }), "banana"],
      ["RateLimiter.limit", RateLimiter.make({ vendor: "v", limit: 0, window: "1 second" }), "0"],
      ["RateLimiter.window", RateLimiter.make({ vendor: "v", limit: 5, window: -1000 }), "-1000"],
      ["RateLimiter.maxWait", RateLimiter.make({ vendor: "v", limit: 5, window: "1 second", maxWait: NaN }), "NaN"],
      ["Bulkhead.maxConcurrent", Bulkhead.make({ vendor: "v", maxConcurrent: 0 }), "0"],
      ["Bulkhead.maxQueue", Bulkhead.make({ vendor: "v", maxConcurrent: 1, maxQueue: 0.5 }), "0.5"],
      ["Bulkhead.maxQueueWait", Bulkhead.make({ vendor: "v", maxConcurrent: 1, maxQueueWait: -1 }), "-1"],
      ["RetryBudget.ratio", RetryBudget.make({ ratio: -1 }), "-1"],
      ["RetryBudget.minRetriesPerSecond", RetryBudget.make({ minRetriesPerSecond: NaN }), "NaN"],
      ["RetryBudget.maxBalance", RetryBudget.make({ maxBalance: -Infinity }), "-Infinity"]
    ]
    for (const [setting, make, shown] of cases) {
      it.effect(setting, () =>
        Effect.gen(function*() {
          const problems = reported(yield* Effect.flip(make))
          expect(problems.map((problem) => problem.key)).toEqual([setting])
          expect(problems[0]!.message).toContain(`got ${shown === "banana" ? "\"banana\"" : shown}`)
        }))
    }
  })

  it.scoped("a bad per-call policy fails that call with InvalidRequest naming the setting, and sends nothing", () =>
    Effect.gen(function*() {
      const { http, stub } = yield* define({})
      const get = http.operation({
        name: "things.get",
        method: "GET",
        input: Schema.Void,
        output: Thing,
        request: () => ({ path: "/things/t_1" })
      })
      const error = yield* Effect.flip(get(undefined, { policy: { timeout: -1000 } }))
      expect(error).toBeInstanceOf(IntegrationError)
      expect(error.reason).toBe("InvalidRequest")
      expect(error.description).toBe("policy.timeout must be a positive duration, got -1000")
      const banana = yield* Effect.flip(get(undefined, { policy: { deadline: loose("banana") } }))
      expect(banana.description).toContain("policy.deadline must be a positive duration")
      expect(yield* stub.requests).toHaveLength(0)
      // The same call with a sound policy goes through.
      expect(yield* get(undefined, { policy: { timeout: "5 seconds" } })).toEqual(thing)
    }))

  it.scoped("a bad withPolicy override fails the calls it applies to with InvalidRequest naming the setting", () =>
    Effect.gen(function*() {
      const { http, stub } = yield* define({})
      const get = http.operation({
        name: "things.get",
        method: "GET",
        input: Schema.Void,
        output: Thing,
        request: () => ({ path: "/things/t_1" })
      })
      const error = yield* Effect.flip(
        get(undefined).pipe(HttpIntegration.withPolicy({ vendor: "Demo" }, { maxRetries: NaN, maxResponseBytes: 0 }))
      )
      expect(error.reason).toBe("InvalidRequest")
      expect(error.description).toBe(
        "withPolicy.maxRetries must be a whole number ≥ 0, got NaN; withPolicy.maxResponseBytes must be a whole number ≥ 1, got 0"
      )
      expect(yield* stub.requests).toHaveLength(0)
      // An override scoped to another vendor does not concern this one.
      expect(yield* get(undefined).pipe(HttpIntegration.withPolicy({ vendor: "Other" }, { timeout: -1 }))).toEqual(thing)
    }))

  it.scoped("an operation declared with a bad policy is a defect naming the operation and the setting", () =>
    Effect.gen(function*() {
      const { http } = yield* define({})
      const exit = yield* Effect.exit(Effect.sync(() =>
        http.operation({
          name: "things.get",
          method: "GET",
          input: Schema.Void,
          output: Thing,
          policy: { timeout: -1000 },
          request: () => ({ path: "/things/t_1" })
        })
      ))
      expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain(
        "Demo.things.get: policy.timeout must be a positive duration, got -1000"
      )
    }))

  it("the pure constructors throw a RangeError naming the setting instead of clamping", () => {
    expect(() => Retry.policy({ jitter: 2 })).toThrow(/policy\.jitter must be a number ≥ 0 and ≤ 1, got 2/)
    expect(() => Retry.policy({ maxRetries: -1 })).toThrow(RangeError)
    expect(() => HttpIntegration.resolvePolicy(HttpIntegration.defaultPolicy, { maxResponseBytes: 0 })).toThrow(
      /policy\.maxResponseBytes must be a whole number ≥ 1, got 0/
    )
    expect(Retry.policy({ maxRetries: 0, jitter: 0 })).toMatchObject({ maxRetries: 0, jitter: 0 })
  })

  it.effect("Retry.withDeadline fails a call given a deadline that is no duration, naming it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Effect.succeed(1).pipe(Retry.withDeadline(loose("banana"), { vendor: "Demo", operation: "things.get" }))
      )
      expect([error.reason, error.description]).toEqual([
        "InvalidRequest",
        "deadline must be a positive duration (e.g. \"5 seconds\" or a number of milliseconds), got \"banana\""
      ])
    }))
})
