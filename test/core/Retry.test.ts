import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as Retry from "../../src/core/Retry.js"
import * as DemoVendor from "../support/DemoVendor.js"
import * as StubHttp from "../support/StubHttp.js"

const thing = { id: "t_1", name: "widget", count: 1 }

/** Runs a call to completion under the test clock and returns its exit plus every request the stub saw. */
const run = <A>(
  script: Parameters<typeof StubHttp.make>[0],
  call: (demo: Effect.Effect.Success<ReturnType<typeof DemoVendor.make>>) => Effect.Effect<A, IntegrationError>,
  policy: NonNullable<Parameters<typeof DemoVendor.make>[0]>["policy"] = {}
) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make(script)
    const demo = yield* DemoVendor.make({ policy }).pipe(Effect.provide(stub.layer))
    const fiber = yield* Effect.fork(Effect.exit(call(demo)))
    yield* TestClock.adjust(Duration.minutes(10))
    const exit = yield* Fiber.join(fiber)
    return { exit, requests: yield* stub.requests }
  }).pipe(Effect.scoped)

describe("Retry", () => {
  for (const status of [500, 502, 503, 504, 408, 429]) {
    it.effect(`retries HTTP ${status} on a read and then succeeds`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* run(
          (n) => (n === 1 ? StubHttp.json(status, { error: { type: "x" } }) : StubHttp.json(200, thing)),
          (demo) => demo.getThing({ id: "t_1" })
        )
        expect(exit._tag).toBe("Success")
        expect(requests).toHaveLength(2)
      }))
  }

  it.effect("retries transport errors", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        (n) => (n < 3 ? { transportError: true } : StubHttp.json(200, thing)),
        (demo) => demo.getThing({ id: "t_1" })
      )
      expect(exit._tag).toBe("Success")
      expect(requests).toHaveLength(3)
    }))

  for (const [status, reason] of [[400, "InvalidRequest"], [401, "Unauthorized"], [403, "Forbidden"], [404, "NotFound"], [
    422,
    "InvalidRequest"
  ]] as const) {
    it.effect(`does not retry HTTP ${status} and fails with ${reason}`, () =>
      Effect.gen(function*() {
        const { exit, requests } = yield* run(
          () => StubHttp.json(status, { error: { code: "bad" } }),
          (demo) => demo.getThing({ id: "t_1" })
        )
        expect(requests).toHaveLength(1)
        expect(exit._tag === "Failure" && exit.cause._tag === "Fail" && exit.cause.error.reason).toBe(reason)
      }))
  }

  it.effect("does not retry a POST without an idempotency key after a 500", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        () => StubHttp.json(500, {}),
        (demo) => demo.searchThings({ query: "a" })
      )
      expect(exit._tag).toBe("Failure")
      expect(requests).toHaveLength(1)
      expect(requests[0]?.headers["idempotency-key"]).toBeUndefined()
    }))

  it.effect("retries a POST without a key on 429, which proves the server did not act", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        (n) => (n === 1 ? StubHttp.json(429, {}, { "retry-after": "1" }) : StubHttp.json(200, { results: [] })),
        (demo) => demo.searchThings({ query: "a" })
      )
      expect(exit._tag).toBe("Success")
      expect(requests).toHaveLength(2)
    }))

  it.effect("sends the same idempotency key on every attempt of a POST", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        (n) => (n < 3 ? StubHttp.json(503, {}) : StubHttp.json(200, thing)),
        (demo) => demo.createThing({ name: "widget", count: 1 })
      )
      expect(exit._tag).toBe("Success")
      const keys = requests.map((r) => r.headers["idempotency-key"])
      expect(keys).toHaveLength(3)
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
      expect(new Set(keys).size).toBe(1)
    }))

  it.effect("uses a fresh idempotency key for each logical call", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, thing))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stub.layer))
      yield* demo.createThing({ name: "a", count: 1 })
      yield* demo.createThing({ name: "a", count: 1 })
      const keys = (yield* stub.requests).map((r) => r.headers["idempotency-key"])
      expect(keys[0]).not.toBe(keys[1])
    }).pipe(Effect.scoped))

  it.effect("stops after maxRetries and returns the last error", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        () => StubHttp.json(503, {}),
        (demo) => demo.getThing({ id: "t_1" }),
        { maxRetries: 3 }
      )
      expect(requests).toHaveLength(4)
      expect(exit._tag === "Failure" && exit.cause._tag === "Fail" && exit.cause.error.reason).toBe("Server")
    }))

  it.effect("waits exponentially between attempts, capped", () =>
    Effect.gen(function*() {
      const { requests } = yield* run(
        () => StubHttp.json(503, {}),
        (demo) => demo.getThing({ id: "t_1" }),
        { maxRetries: 4, baseDelay: "500 millis", maxDelay: "1500 millis" }
      )
      const gaps = requests.slice(1).map((r, i) => r.atMillis - requests[i]!.atMillis)
      expect(gaps).toEqual([500, 1000, 1500, 1500])
    }))

  it.effect("honours Retry-After in seconds", () =>
    Effect.gen(function*() {
      const { requests } = yield* run(
        (n) => (n === 1 ? StubHttp.json(429, {}, { "retry-after": "7" }) : StubHttp.json(200, thing)),
        (demo) => demo.getThing({ id: "t_1" })
      )
      expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(7000)
    }))

  it.effect("honours retry-after-ms over Retry-After", () =>
    Effect.gen(function*() {
      const { requests } = yield* run(
        (n) => (n === 1 ? StubHttp.json(503, {}, { "retry-after-ms": "1234", "retry-after": "9" }) : StubHttp.json(200, thing)),
        (demo) => demo.getThing({ id: "t_1" })
      )
      expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(1234)
    }))

  it.effect("honours Retry-After as an HTTP date", () =>
    Effect.gen(function*() {
      // The test clock starts at 0: a date 12 s after the epoch is 12 s away.
      const { requests } = yield* run(
        (n) =>
          n === 1
            ? StubHttp.json(429, {}, { "retry-after": new Date(12_000).toUTCString() })
            : StubHttp.json(200, thing),
        (demo) => demo.getThing({ id: "t_1" })
      )
      expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(12_000)
    }))

  it.effect("gives up at once when Retry-After exceeds the clamp in fail mode, keeping retryAfter", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        () => StubHttp.json(429, {}, { "retry-after": "3600" }),
        (demo) => demo.getThing({ id: "t_1" }),
        { maxRetryAfter: "60 seconds", retryAfterAboveMax: "fail" }
      )
      expect(requests).toHaveLength(1)
      const error = exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(error?.reason).toBe("RateLimited")
      expect(error?.retryAfter && Duration.toSeconds(error.retryAfter)).toBe(3600)
    }))

  it.effect("waits only the clamp when Retry-After exceeds it in clamp mode", () =>
    Effect.gen(function*() {
      const { requests } = yield* run(
        (n) => (n === 1 ? StubHttp.json(429, {}, { "retry-after": "3600" }) : StubHttp.json(200, thing)),
        (demo) => demo.getThing({ id: "t_1" }),
        { maxRetryAfter: "20 seconds", retryAfterAboveMax: "clamp" }
      )
      expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(20_000)
    }))

  it.effect("respects x-should-retry: false on a 503", () =>
    Effect.gen(function*() {
      const { requests } = yield* run(
        () => StubHttp.json(503, {}, { "x-should-retry": "false" }),
        (demo) => demo.getThing({ id: "t_1" })
      )
      expect(requests).toHaveLength(1)
    }))

  it.effect("respects x-should-retry: true on a 409", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        (n) => (n === 1 ? StubHttp.json(409, {}, { "x-should-retry": "true" }) : StubHttp.json(200, thing)),
        (demo) => demo.createThing({ name: "a", count: 1 })
      )
      expect(exit._tag).toBe("Success")
      expect(requests).toHaveLength(2)
    }))

  it.effect("the deadline stops retries and fails with Timeout", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        () => StubHttp.json(503, {}),
        (demo) => demo.getThing({ id: "t_1" }),
        { maxRetries: 10, baseDelay: "1 second", maxDelay: "1 second", deadline: "2500 millis" }
      )
      expect(requests.length).toBe(3)
      const error = exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : undefined
      expect(error?.reason).toBe("Timeout")
      expect(error?.description).toContain("deadline")
    }))

  it.effect("does not schedule a retry whose Retry-After passes the deadline", () =>
    Effect.gen(function*() {
      const { exit, requests } = yield* run(
        () => StubHttp.json(429, {}, { "retry-after": "30" }),
        (demo) => demo.getThing({ id: "t_1" }),
        { deadline: "10 seconds" }
      )
      expect(requests).toHaveLength(1)
      expect(exit._tag === "Failure" && exit.cause._tag === "Fail" && exit.cause.error.reason).toBe("RateLimited")
    }))

  it.effect.prop(
    "jitter keeps every delay within [1 - jitter, 1] of the capped exponential backoff",
    [FastCheck.integer(), FastCheck.double({ min: 0, max: 1, noNaN: true })],
    ([seed, jitter]) =>
      Effect.gen(function*() {
        const policy = Retry.policy({ maxRetries: 7, baseDelay: "500 millis", maxDelay: "8 seconds", jitter })
        const delays = yield* Schedule.run(Schedule.delays(Retry.backoff(policy)), 0, [1, 2, 3, 4, 5, 6, 7]).pipe(
          Effect.withRandom(Random.make(seed))
        )
        const millis = Chunk.toReadonlyArray(delays).map(Duration.toMillis)
        expect(millis).toHaveLength(7)
        millis.forEach((delay, i) => {
          const nominal = Math.min(500 * 2 ** i, 8000)
          expect(delay).toBeGreaterThanOrEqual(nominal * (1 - jitter) - 1e-6)
          expect(delay).toBeLessThanOrEqual(nominal + 1e-6)
        })
      })
  )
})

describe("Retry.retry and the deadline", () => {
  const server = new IntegrationError({ vendor: "Demo", operation: "things.get", reason: "Server", description: "HTTP 503" })

  it.effect("the deadline limits retrying, not the attempt in flight", () =>
    Effect.gen(function*() {
      const slow = Effect.as(Effect.sleep("5 seconds"), "done")
      const fiber = yield* Effect.fork(
        Retry.retry(slow, Retry.policy({ deadline: "1 second" }), { idempotent: true })
      )
      yield* TestClock.adjust("5 seconds")
      expect(yield* Fiber.join(fiber)).toBe("done")
    }))

  it.effect("withDeadline bounds the whole effect", () =>
    Effect.gen(function*() {
      const slow = Effect.as(Effect.sleep("5 seconds"), "done")
      const fiber = yield* Effect.fork(
        Effect.exit(Retry.withDeadline(slow, "1 second", { vendor: "Demo", operation: "things.get" }))
      )
      yield* TestClock.adjust("1 second")
      const exit = yield* Fiber.join(fiber)
      expect(exit._tag === "Failure" && exit.cause._tag === "Fail" && exit.cause.error.reason).toBe("Timeout")
    }))

  it.effect("a retry decided before the deadline may start after it, when its backoff wait crosses it", () =>
    Effect.gen(function*() {
      const starts: Array<number> = []
      const failing = Effect.flatMap(Effect.clockWith((clock) => clock.currentTimeMillis), (now) => {
        starts.push(now)
        return Effect.fail(server)
      })
      const policy = Retry.policy({ maxRetries: 5, baseDelay: "2 seconds", maxDelay: "2 seconds", jitter: 0, deadline: "3 seconds" })
      const fiber = yield* Effect.fork(Effect.exit(Retry.retry(failing, policy, { idempotent: true })))
      yield* TestClock.adjust("1 minute")
      yield* Fiber.join(fiber)
      expect(starts).toEqual([0, 2000, 4000])
    }))
})
