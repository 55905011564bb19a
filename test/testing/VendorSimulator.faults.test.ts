import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Faults from "../../src/testing/Faults.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

type Simulator = VendorSimulator.VendorSimulator.Service

const auth = { authorization: "Bearer sk_test_faults" }

const createCustomer = (simulator: Simulator, email: string, headers: Record<string, string> = {}) =>
  Http.send(`${simulator.baseUrl("stripe")}/v1/customers`, { headers: { ...auth, ...headers }, form: { email } })

const listCustomers = (simulator: Simulator) => Http.send(`${simulator.baseUrl("stripe")}/v1/customers`, { headers: auth })

const statuses = (simulator: Simulator, count: number) =>
  Effect.forEach(Array.from({ length: count }, (_, i) => i), () => Effect.map(listCustomers(simulator), (r) => r.status))

/** Waits (without sleeping) until the simulator is parked in a `latency` sleep on the TestClock. */
const untilSleeping = Effect.gen(function*() {
  for (let i = 0; i < 2_000; i++) {
    if (Chunk.size(yield* TestClock.sleeps()) > 0) return
    yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
  }
  return yield* Effect.die(new Error("the simulator never started its latency sleep"))
})

const flaky = (seed: number) =>
  Faults.make({ seed, rules: [{ kind: "status", vendor: "stripe", route: "GET /v1/customers", status: 503, probability: 0.5 }] })

describe("VendorSimulator: faults", () => {
  it.scoped("injects the same faults for the same seed and requests, and other faults for another seed", () =>
    Effect.gen(function*() {
      const first = yield* statuses(yield* VendorSimulator.make({ faults: flaky(7) }), 20)
      const again = yield* statuses(yield* VendorSimulator.make({ faults: flaky(7) }), 20)
      const other = yield* statuses(yield* VendorSimulator.make({ faults: flaky(8) }), 20)
      expect(again).toEqual(first)
      expect(first).toContain(503)
      expect(first).toContain(200)
      expect(other).not.toEqual(first)
    }))

  it.scoped("keeps one route's faults when traffic on another route interleaves", () =>
    Effect.gen(function*() {
      const alone = yield* statuses(yield* VendorSimulator.make({ faults: flaky(3) }), 10)
      const busy = yield* VendorSimulator.make({ faults: flaky(3) })
      const interleaved: Array<number> = []
      for (let i = 0; i < 10; i++) {
        yield* createCustomer(busy, `noise${i}@example.com`)
        interleaved.push((yield* listCustomers(busy)).status)
      }
      expect(interleaved).toEqual(alone)
    }))

  it.scoped("fails the first `times` requests after `after` with the vendor's error and Retry-After", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({
          rules: [{ kind: "status", vendor: "stripe", status: 503, after: 1, times: 2, retryAfterSeconds: 2 }]
        })
      })
      const replies = yield* Effect.forEach([0, 1, 2, 3], () => listCustomers(simulator))
      expect(replies.map((r) => r.status)).toEqual([200, 503, 503, 200])
      expect(replies[1]!.headers.get("retry-after")).toBe("2")
      expect(replies[1]!.json).toMatchObject({ error: { type: "api_error" } })
      expect(Spec.response("stripe", "GET", "/v1/customers", 503, replies[1]!.json).errors).toBe("")
      expect(replies[1]!.headers.get("request-id")).toMatch(/^req_/)
      expect((yield* simulator.stats).faults).toEqual({ status: 2 })
    }))

  it.scoped("writes Retry-After as an HTTP date from the simulator's clock when asked", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "status", status: 429, retryAfterSeconds: 120, retryAfterFormat: "http-date" }] })
      })
      yield* TestClock.adjust("1 hour")
      const reply = yield* listCustomers(simulator)
      expect(reply.status).toBe(429)
      expect(reply.headers.get("retry-after")).toBe(new Date(3_600_000 + 120_000).toUTCString())
      expect(reply.json).toMatchObject({ error: { code: "rate_limit" } })
    }))

  it.scoped("fails every request during an outage window, then recovers", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "outage", vendor: "stripe", fromMs: 10_000, toMs: 20_000, retryAfterSeconds: 5 }] })
      })
      expect((yield* listCustomers(simulator)).status).toBe(200)
      yield* TestClock.adjust("15 seconds")
      const during = yield* Effect.forEach([0, 1, 2], () => listCustomers(simulator))
      expect(during.map((r) => r.status)).toEqual([503, 503, 503])
      expect(during[0]!.headers.get("retry-after")).toBe("5")
      const openai = yield* Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer sk-x" } })
      expect(openai.status).toBe(200)
      yield* TestClock.adjust("5 seconds")
      expect((yield* listCustomers(simulator)).status).toBe(200)
      expect((yield* simulator.stats).faults).toEqual({ outage: 3 })
    }))

  it.scoped("fails a count of requests after letting some through, whenever they arrive, then recovers", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "outage", vendor: "stripe", after: 2, requests: 3, retryAfterSeconds: 5 }] })
      })
      expect(yield* statuses(simulator, 2)).toEqual([200, 200])
      // Time plays no part: an hour between requests changes nothing, and other vendors' requests do not count.
      yield* TestClock.adjust("1 hour")
      const first = yield* listCustomers(simulator)
      expect(first.status).toBe(503)
      expect(first.headers.get("retry-after")).toBe("5")
      const openai = yield* Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer sk-x" } })
      expect(openai.status).toBe(200)
      expect(yield* statuses(simulator, 2)).toEqual([503, 503])
      yield* TestClock.adjust("1 hour")
      expect(yield* statuses(simulator, 2)).toEqual([200, 200])
      expect((yield* simulator.stats).faults).toEqual({ outage: 3 })
    }))

  it.scoped("destroys the connection on a reset: the client sees a transport error and nothing is created", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "reset", route: "POST /v1/customers", times: 1 }] })
      })
      const error = yield* Effect.flip(createCustomer(simulator, "reset@example.com"))
      expect(error.message).toBe("fetch failed")
      expect(String((error.cause as { code?: string }).code)).toMatch(/ECONNRESET|UND_ERR_SOCKET/)
      expect((yield* simulator.stats).sideEffects).toHaveLength(0)
      expect((yield* createCustomer(simulator, "reset@example.com")).status).toBe(200)
    }))

  it.scoped("acts then resets after commit: a retry with the same Idempotency-Key replays, one without duplicates", () =>
    Effect.gen(function*() {
      const once = Faults.make({ rules: [{ kind: "resetAfterCommit", route: "POST /v1/customers", times: 1 }] })
      const simulator = yield* VendorSimulator.make({ faults: once })
      const key = { "idempotency-key": "signup-1" }
      yield* Effect.flip(createCustomer(simulator, "keyed@example.com", key))
      const retried = yield* createCustomer(simulator, "keyed@example.com", key)
      expect(retried.status).toBe(200)
      expect(retried.headers.get("idempotent-replayed")).toBe("true")
      let stats = yield* simulator.stats
      expect(stats.sideEffectsByKey).toEqual({ "signup-1": 1 })
      expect(stats.duplicates).toBe(0)

      yield* simulator.setFaults(once)
      yield* Effect.flip(createCustomer(simulator, "unkeyed@example.com"))
      expect((yield* createCustomer(simulator, "unkeyed@example.com")).status).toBe(200)
      stats = yield* simulator.stats
      expect(stats.duplicates).toBe(1)
      expect(stats.faults).toEqual({ resetAfterCommit: 2 })
      expect(stats.replays).toBe(1)
      const all = (yield* listCustomers(simulator)).json as { data: Array<{ email: string }> }
      expect(all.data.map((c) => c.email)).toEqual(["unkeyed@example.com", "unkeyed@example.com", "keyed@example.com"])
    }))

  it.scoped("cuts a stream halfway on a reset after commit, after the client got its first events", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "resetAfterCommit", vendor: "anthropic" }] })
      })
      const outcome = yield* Effect.promise(async () => {
        const response = await fetch(`${simulator.baseUrl("anthropic")}/v1/messages`, {
          method: "POST",
          headers: { "x-api-key": "sk-ant-x", "anthropic-version": "2023-06-01", "content-type": "application/json" },
          body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 50, stream: true, messages: [{ role: "user", content: "a b c d e f" }] })
        })
        const reader = response.body!.getReader()
        let received = ""
        try {
          for (;;) {
            const { done, value } = await reader.read()
            if (done) return { status: response.status, received, failed: false }
            received += new TextDecoder().decode(value)
          }
        } catch {
          return { status: response.status, received, failed: true }
        }
      })
      expect(outcome.status).toBe(200)
      expect(outcome.failed).toBe(true)
      expect(outcome.received).toContain("event: message_start")
      expect(outcome.received).not.toContain("message_stop")
      expect((yield* simulator.stats).faults).toEqual({ resetAfterCommit: 1 })
    }))

  it.scoped("truncates and malforms bodies so that they no longer parse", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({
          rules: [
            { kind: "truncate", route: "GET /v1/customers", times: 1 },
            { kind: "malformed", route: "GET /v1/customers", times: 1 },
            { kind: "malformed", route: "GET /v1/customers", body: "<html>502 Bad Gateway</html>", times: 1 },
            { kind: "truncate", vendor: "openai", fraction: 0.5 }
          ]
        })
      })
      const truncated = yield* listCustomers(simulator)
      const malformed = yield* listCustomers(simulator)
      const html = yield* listCustomers(simulator)
      const intact = yield* listCustomers(simulator)
      expect(truncated.json).toBeUndefined()
      expect(truncated.text.length).toBeGreaterThan(0)
      expect(JSON.stringify(intact.json).startsWith(truncated.text)).toBe(true)
      expect(malformed.json).toBeUndefined()
      expect(malformed.text).toMatch(/,}$/)
      expect(html.text).toBe("<html>502 Bad Gateway</html>")
      expect(intact.json).toMatchObject({ object: "list" })

      const stream = yield* Http.send(`${simulator.baseUrl("openai")}/chat/completions`, {
        headers: { authorization: "Bearer sk-x" },
        json: { model: "gpt-4o", stream: true, messages: [{ role: "user", content: "one two three four five six" }] }
      })
      expect(stream.status).toBe(200)
      expect(stream.text).not.toContain("[DONE]")
      expect(Http.events(stream.text).length).toBeGreaterThan(0)
    }))

  it.scoped("drifts a field so the answer no longer matches the vendor's spec", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({
          rules: [
            { kind: "drift", route: "POST /v1/customers", op: "rename", path: "id", to: "identifier", times: 1 },
            { kind: "drift", route: "POST /v1/customers", op: "retype", path: "created", as: "string", times: 1 },
            { kind: "drift", route: "GET /v1/customers", op: "remove", path: "data.object" }
          ]
        })
      })
      const renamed = (yield* createCustomer(simulator, "a@example.com")).json as Record<string, unknown>
      expect(renamed).not.toHaveProperty("id")
      expect(renamed.identifier).toMatch(/^cus_/)
      expect(Spec.response("stripe", "POST", "/v1/customers", 200, renamed).valid).toBe(false)
      const retyped = (yield* createCustomer(simulator, "b@example.com")).json as Record<string, unknown>
      expect(typeof retyped.created).toBe("string")
      expect(Spec.response("stripe", "POST", "/v1/customers", 200, retyped).valid).toBe(false)
      const listed = (yield* listCustomers(simulator)).json as { data: Array<Record<string, unknown>> }
      expect(listed.data).toHaveLength(2)
      for (const customer of listed.data) expect(customer).not.toHaveProperty("object")
    }))

  it.scoped("delays processing by the planned latency on the simulator's clock", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "latency", route: "GET /v1/customers", ms: 30_000 }] })
      })
      const fiber = yield* Effect.fork(listCustomers(simulator))
      yield* untilSleeping
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("30 seconds")
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect((yield* simulator.stats).faults).toEqual({ latency: 1 })
    }))

  it.scoped("stalls a stream halfway through its events on a response latency, then sends the rest", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "latency", vendor: "anthropic", ms: 60_000, during: "response" }] })
      })
      const received: Array<string> = []
      const read = Effect.promise(async () => {
        const response = await fetch(`${simulator.baseUrl("anthropic")}/v1/messages`, {
          method: "POST",
          headers: { "x-api-key": "sk-ant-x", "anthropic-version": "2023-06-01", "content-type": "application/json" },
          body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 50, stream: true, messages: [{ role: "user", content: "a b c d e f" }] })
        })
        const reader = response.body!.getReader()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return response.status
          received.push(new TextDecoder().decode(value))
        }
      })
      const fiber = yield* Effect.fork(read)
      yield* untilSleeping
      // Parked in the stall: the first half arrived (the response started at once), the end did not.
      for (let i = 0; i < 2_000 && !received.join("").includes("message_start"); i++) {
        yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      }
      expect(received.join("")).toContain("event: message_start")
      expect(received.join("")).not.toContain("message_stop")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("60 seconds")
      expect(yield* Fiber.join(fiber)).toBe(200)
      expect(received.join("")).toContain("event: message_stop")
      expect((yield* simulator.stats).faults).toEqual({ latency: 1 })
    }))

  it.scoped("stalls a JSON body halfway on a response latency: headers at once, the rest after the delay", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "latency", route: "GET /v1/customers", ms: 45_000, during: "response" }] })
      })
      const response = yield* Effect.promise(() => fetch(`${simulator.baseUrl("stripe")}/v1/customers`, { headers: auth }))
      expect(response.status).toBe(200)
      let body: string | undefined
      const reading = response.text().then((text) => (body = text))
      yield* untilSleeping
      for (let i = 0; i < 20; i++) yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      expect(body).toBeUndefined()
      yield* TestClock.adjust("45 seconds")
      yield* Effect.promise(() => reading)
      expect(JSON.parse(body!)).toMatchObject({ object: "list", data: [] })
      expect((yield* simulator.stats).faults).toEqual({ latency: 1 })
    }))

  it.scoped("answers a retry made while the keyed request is still processing with the in-progress conflict", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "latency", route: "POST /v1/customers", ms: 10_000, times: 1 }] })
      })
      const key = { "idempotency-key": "slow-1" }
      const first = yield* Effect.fork(createCustomer(simulator, "slow@example.com", key))
      yield* untilSleeping
      const concurrent = yield* createCustomer(simulator, "slow@example.com", key)
      expect(concurrent.status).toBe(409)
      expect(concurrent.json).toMatchObject({ error: { code: "idempotency_key_in_use" } })
      yield* TestClock.adjust("10 seconds")
      const done = yield* Fiber.join(first)
      expect(done.status).toBe(200)
      const replayed = yield* createCustomer(simulator, "slow@example.com", key)
      expect(replayed.json).toEqual(done.json)
      expect((yield* simulator.stats).sideEffects).toHaveLength(1)
    }))

  it.scoped("enforces a rate limit window with the vendor's headers, 429 and Retry-After, then resets it", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "rateLimit", vendor: "openai", limit: 2, windowMs: 10_000 }] })
      })
      const models = () => Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer sk-x" } })
      const replies = yield* Effect.forEach([0, 1, 2], models)
      expect(replies.map((r) => r.status)).toEqual([200, 200, 429])
      expect(replies.map((r) => r.headers.get("x-ratelimit-remaining-requests"))).toEqual(["1", "0", "0"])
      expect(replies[2]!.headers.get("x-ratelimit-limit-requests")).toBe("2")
      expect(replies[2]!.headers.get("retry-after")).toBe("10")
      expect(replies[2]!.json).toMatchObject({ error: { code: "rate_limit_exceeded" } })
      yield* TestClock.adjust("10 seconds")
      expect((yield* models()).status).toBe(200)
    }))

  it.scoped("replaces the plan at run time and forgets state, keys and statistics on reset", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      yield* createCustomer(simulator, "kept@example.com", { "idempotency-key": "k" })
      yield* simulator.setFaults(Faults.make({ rules: [{ kind: "status", status: 500, vendor: "stripe" }] }))
      expect((yield* listCustomers(simulator)).status).toBe(500)
      expect((yield* simulator.faults).rules).toHaveLength(1)
      yield* simulator.setFaults(Faults.none)
      const before = yield* simulator.stats
      expect(before.requests).toEqual({ "stripe POST /v1/customers": 1, "stripe GET /v1/customers": 1 })
      yield* simulator.reset
      const after = yield* simulator.stats
      expect(after.totalRequests).toBe(0)
      expect(after.sideEffects).toHaveLength(0)
      expect(((yield* listCustomers(simulator)).json as { data: Array<unknown> }).data).toHaveLength(0)
      const reused = yield* createCustomer(simulator, "other@example.com", { "idempotency-key": "k" })
      expect(reused.headers.get("idempotent-replayed")).toBeNull()
    }))
})
