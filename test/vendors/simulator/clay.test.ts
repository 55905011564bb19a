import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Clay from "../../../src/vendors/enrichment/Clay.js"
import * as Sim from "./support.js"

const KEY = "clay-simulated-3e8b1f"
const ROUTE = "POST /enrichment/company"

const clay = (sim: Sim.Simulator, policy = Sim.policy) =>
  Sim.client(Clay.make({ apiKey: Redacted.make(KEY), baseUrl: sim.baseUrl("clay"), policy }))

describe("ClayClient against the simulator", () => {
  it.scoped("enriches a company by domain or by name, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* clay(sim)
      expect(yield* client.enrichCompany({ domain: "acme.dev" })).toMatchObject({ domain: "acme.dev", name: "acme" })
      expect(yield* client.enrichCompany({ company_name: "Globex" })).toMatchObject({ name: "Globex", domain: null })
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(2)
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 twice (the audit's 2 retries) and answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "clay", route: ROUTE, status: 503, times: 2 }])
        const client = yield* clay(sim)
        expect((yield* Sim.drive(client.enrichCompany({ domain: "acme.dev" }))).name).toBe("acme")
        expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(3)
      }))

    it.scoped("gives up after the third 503 with a Server error that never shows the key", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "clay", route: ROUTE, status: 503, times: 5 }])
        const client = yield* clay(sim)
        Sim.expectError(yield* Sim.failure(Sim.drive(client.enrichCompany({ domain: "acme.dev" }))), { reason: "Server", status: 503 }, KEY)
        expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 before retrying", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "clay", route: ROUTE, status: 429, retryAfterSeconds: 5, times: 1 }])
        const client = yield* clay(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.enrichCompany({ domain: "acme.dev" }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(5_000)
      }))

    it.scoped("times out a stalled enrichment at 30 s per attempt and retries it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "clay", route: ROUTE, ms: 45_000, times: 1 }])
        const client = yield* Sim.client(Clay.make({ apiKey: Redacted.make(KEY), baseUrl: sim.baseUrl("clay") }))
        const started = yield* Clock.currentTimeMillis
        expect((yield* Sim.drive(client.enrichCompany({ domain: "acme.dev" }), "60 seconds")).name).toBe("acme")
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(30_000)
        expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(2)
      }))

    it.scoped("reports unparseable JSON as ResponseDrift and a 400 as InvalidRequest, not retried", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "malformed", vendor: "clay", route: ROUTE, times: 1 },
          { kind: "status", vendor: "clay", route: ROUTE, status: 400, after: 1, times: 1 }
        ])
        const client = yield* clay(sim)
        Sim.expectError(yield* Sim.failure(client.enrichCompany({ domain: "acme.dev" })), { reason: "ResponseDrift", status: 200 }, KEY)
        Sim.expectError(yield* Sim.failure(client.enrichCompany({ domain: "acme.dev" })), { reason: "InvalidRequest", status: 400 }, KEY)
        expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(2)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "clay", fromMs: 0, toMs: 60_000 }])
        const client = yield* clay(sim, { ...Sim.policy, maxRetries: 0 })
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.enrichCompany({ domain: "acme.dev" }))).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        expect(yield* Sim.requests(sim, "clay", ROUTE)).toBe(5)
        yield* TestClock.adjust("2 minutes")
        expect((yield* client.enrichCompany({ domain: "acme.dev" })).name).toBe("acme")
      }))
  })
})
