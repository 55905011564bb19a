/**
 * The kernel has two paths for an attempt (direct through its own transport, or in Effect form through any
 * `HttpClient`) and promises one behaviour. Random fault sequences are replayed on both, under the same virtual clock:
 * every call must end the same way (value or error reason, status, retryability, "may have succeeded"), after the same
 * requests (count, method, idempotency key reuse) at the same virtual times, with the same breaker states after.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as CircuitBreaker from "../../src/core/CircuitBreaker.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import type { IntegrationError } from "../../src/core/IntegrationError.js"
import * as StubHttp from "../support/StubHttp.js"

const Thing = Schema.Struct({ id: Schema.String, count: Schema.Number })

type Fault = "ok" | "drift" | "500" | "503" | "429" | "404" | "reset" | "slow"

const fault: FastCheck.Arbitrary<Fault> = FastCheck.constantFrom("ok", "drift", "500", "503", "429", "404", "reset", "slow")

const callArbitrary = FastCheck.record({
  method: FastCheck.constantFrom("GET", "POST-keyed", "POST-unkeyed"),
  maxRetries: FastCheck.integer({ min: 0, max: 3 }),
  // A call whose stack leaves out the `timeout` stage is not timed, on either path.
  untimed: FastCheck.boolean()
})

/** A vendor answering each request with the next fault of the sequence (then `ok`). */
const reply = (faults: ReadonlyArray<Fault>) => (n: number): StubHttp.Reply => {
  switch (faults[n - 1] ?? "ok") {
    case "ok":
      return StubHttp.json(200, { id: `t_${n}`, count: n })
    case "drift":
      return StubHttp.json(200, { id: 42 })
    case "500":
      return StubHttp.json(500, { error: { code: "boom" } })
    case "503":
      return StubHttp.json(503, {})
    case "429":
      return StubHttp.json(429, {}, { "retry-after": "2" })
    case "404":
      return StubHttp.json(404, { error: { code: "missing" } })
    case "reset":
      return { transportError: true }
    case "slow":
      // Past the attempt timeout (1 s): the request was sent and its answer never waited for.
      return { status: 200, body: { id: `t_${n}`, count: n }, delay: "2 seconds" }
  }
}

const outcome = (exit: Exit.Exit<unknown, IntegrationError>) =>
  Exit.match(exit, {
    onSuccess: (value) => ({ ok: value }),
    onFailure: (cause) => {
      const error = cause._tag === "Fail" ? cause.error : undefined
      return error === undefined
        ? { defect: String(cause._tag) }
        : {
          reason: error.reason,
          status: error.status,
          retryable: error.retryable,
          mayHaveSucceeded: error.mayHaveSucceeded ?? false
        }
    }
  })

/** Runs the calls one after another on one path, driving the virtual clock until each has ended. */
const run = (
  faults: ReadonlyArray<Fault>,
  calls: ReadonlyArray<{ readonly method: string; readonly maxRetries: number; readonly untimed: boolean }>,
  pick: (stub: Effect.Effect.Success<ReturnType<typeof StubHttp.make>>) => Layer.Layer<HttpClient.HttpClient>
) =>
  Effect.gen(function*() {
    // Both paths share the test's clock: times are taken from each run's own start.
    const start = yield* Clock.currentTimeMillis
    const stub = yield* StubHttp.make(reply(faults))
    const breaker = yield* CircuitBreaker.make({
      vendor: "Same",
      trip: CircuitBreaker.consecutive(3),
      openDuration: { initial: "3 seconds" }
    })
    const http = yield* HttpIntegration.make({
      vendor: "Same",
      baseUrl: "https://api.same.test",
      dialect: { idempotencyHeader: "Idempotency-Key" },
      circuitBreaker: breaker,
      retryBudget: false,
      policy: { jitter: 0, timeout: "1 second", baseDelay: "100 millis" }
    }).pipe(Effect.provide(pick(stub)))
    const ops = {
      "GET": http.operation({ name: "get", method: "GET", input: Schema.Void, output: Thing, request: () => ({ path: "/t" }) }),
      "POST-keyed": http.operation({ name: "create", method: "POST", input: Schema.Void, output: Thing, request: () => ({ path: "/t", body: { _tag: "Json", value: {} } }) }),
      "POST-unkeyed": http.operation({ name: "search", method: "POST", idempotencyKey: false, input: Schema.Void, output: Thing, request: () => ({ path: "/s", body: { _tag: "Json", value: {} } }) })
    } as const
    const results: Array<unknown> = []
    for (const call of calls) {
      const op = ops[call.method as keyof typeof ops]
      const options: HttpIntegration.CallOptions = {
        policy: { maxRetries: call.maxRetries },
        ...(call.untimed ? { attemptStages: ["circuitBreaker", "rateLimiter", "bulkhead"] } : {})
      }
      const fiber = yield* Effect.fork(Effect.exit(op(undefined, options)))
      // Virtual time moves in small steps until the call has ended (retries, Retry-After waits and open breakers all
      // resolve within it); before each step, whatever is already answered (a turn of the event loop) settles, so
      // that neither path is credited with time it did not wait.
      for (let step = 0; step < 400; step++) {
        yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
        if (fiber.unsafePoll() !== null) break
        yield* TestClock.adjust(Duration.millis(50))
      }
      results.push(outcome(yield* Fiber.join(fiber)))
    }
    const requests = (yield* stub.requests).map((request) => ({
      method: request.method,
      at: request.atMillis - start,
      keyed: request.headers["idempotency-key"] !== undefined
    }))
    const state = yield* breaker.state()
    return { results, requests, breaker: state.state }
  })

describe("the direct and the Effect path", () => {
  it.effect.prop(
    "end every call the same way after the same requests, on random fault sequences",
    [FastCheck.array(fault, { maxLength: 12 }), FastCheck.array(callArbitrary, { minLength: 1, maxLength: 5 })],
    ([faults, calls]) =>
      Effect.gen(function*() {
        const direct = yield* Effect.scoped(run(faults, calls, (stub) => stub.layer))
        const effect = yield* Effect.scoped(run(faults, calls, (stub) => stub.layerPlatform))
        expect(JSON.stringify(direct, null, 1)).toEqual(JSON.stringify(effect, null, 1))
      }),
    // Each run replays up to 5 calls twice under virtual time: CPU work only, which a loaded machine merely slows.
    { fastCheck: { numRuns: 40 }, timeout: 180_000 }
  )
})
