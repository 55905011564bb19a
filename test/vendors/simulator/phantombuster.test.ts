import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as PhantomBusterClient from "../../../src/vendors/phantombuster/PhantomBusterClient.js"
import * as Sim from "./support.js"

const KEY = "pb_sim_key_Qm3v8Lz1"

const phantombuster = (sim: Sim.Simulator) =>
  Sim.client(PhantomBusterClient.make({ apiKey: Redacted.make(KEY), baseUrl: sim.baseUrl("phantombuster"), policy: Sim.policy }))

describe("PhantomBusterClient against the simulator", () => {
  it.scoped("lists and fetches agents, launches one, reads its output and container, stops another", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* phantombuster(sim)
      const agents = yield* client.agents.list()
      expect(agents.map((a) => a.id)).toEqual(["1001", "1002", "1003"])
      expect((yield* client.agents.fetch("1001")).name).toBe("LinkedIn Search Export")
      expect((yield* client.agents.fetchOutput({ id: "1001" })).status).toBe("never launched")
      const { containerId } = yield* client.agents.launch({ id: "1001", bonusArgument: { search: "CTO Berlin" } })
      yield* TestClock.adjust("5 seconds")
      const running = yield* client.agents.fetchOutput({ id: "1001" })
      expect([running.containerId, running.status, running.isAgentRunning]).toEqual([containerId, "running", true])
      expect((yield* client.containers.fetch(containerId)).status).toBe("running")
      const slow = yield* client.agents.launch({ id: "1003" })
      yield* client.agents.abort({ id: "1003" })
      const killed = yield* client.containers.fetch(slow.containerId)
      expect([killed.status, killed.endType]).toEqual(["finished", "killed"])
      yield* client.healthCheck
      const stats = yield* sim.stats
      expect(stats.sideEffects.map((e) => e.kind)).toEqual(["agent.launched", "agent.launched", "agent.stopped"])
    }))

  it.scoped("launch-and-wait polls the container on the clock and returns the parsed result", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* phantombuster(sim)
      const started = yield* Clock.currentTimeMillis
      const run = yield* Sim.drive(client.agents.launchAndWait({ id: "1001", argument: { search: "CTO Berlin" } }, { interval: "5 seconds" }))
      expect([run.container.status, run.container.exitCode]).toEqual(["finished", 0])
      expect(run.result).toEqual([{ profileUrl: "https://www.linkedin.com/in/example", query: { search: "CTO Berlin" } }])
      const elapsed = (yield* Clock.currentTimeMillis) - started
      expect(elapsed).toBeGreaterThanOrEqual(30_000)
      expect(elapsed).toBeLessThan(60_000)
      // Polls at 0, 5, 12.5, 23.75, 40.6 s: five reads, one launch, one result.
      expect(yield* Sim.requests(sim, "phantombuster", "GET /api/v2/containers/fetch")).toBe(5)
      expect(yield* Sim.requests(sim, "phantombuster", "POST /api/v2/agents/launch")).toBe(1)
    }))

  it.scoped("launch-and-wait fails Server on a non-zero exit code, and Timeout (retryable) past its deadline", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* phantombuster(sim)
      const failed = yield* Sim.failure(Sim.drive(client.agents.launchAndWait({ id: "1002" })))
      Sim.expectError(failed, { reason: "Server" }, KEY)
      expect(failed.description).toContain("exit code 1")
      expect(failed.retryable).toBe(false)
      const fiber = yield* Effect.fork(client.agents.launchAndWait({ id: "1003" }, { timeout: "2 minutes" }))
      const timedOut = yield* Sim.failure(Sim.drive(Fiber.join(fiber), "3 minutes"))
      Sim.expectError(timedOut, { reason: "Timeout" }, KEY)
      expect(timedOut.retryable).toBe(true)
      // One launch each: a timed-out wait never launches again.
      expect(yield* Sim.requests(sim, "phantombuster", "POST /api/v2/agents/launch")).toBe(2)
    }))

  describe("the audit's demands", () => {
    it.scoped("validates input before any I/O", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* phantombuster(sim)
        Sim.expectError(yield* Sim.failure(client.agents.launch({ id: "not-an-id" })), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.agents.launch({ id: "1001", argument: "{not json" })), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.agents.fetch("../orgs/fetch")), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.agents.fetchOutput({ id: "1001", fromOutputPos: -1 })), { reason: "InvalidRequest" })
        const total = Object.values((yield* sim.stats).requests).reduce((a, b) => a + b, 0)
        expect(total).toBe(0)
      }))

    it.scoped("never repeats a launch after a 503 (a second run), retries a 429, and does not retry a 4xx", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "phantombuster", route: "POST /api/v2/agents/launch", status: 503, times: 1 },
          { kind: "status", vendor: "phantombuster", route: "GET /api/v2/agents/fetch", status: 429, retryAfterSeconds: 2, times: 1 }
        ])
        const client = yield* phantombuster(sim)
        Sim.expectError(yield* Sim.failure(Sim.drive(client.agents.launch({ id: "1001" }))), { reason: "Server", status: 503 }, KEY)
        expect(yield* Sim.requests(sim, "phantombuster", "POST /api/v2/agents/launch")).toBe(1)
        expect((yield* Sim.drive(client.agents.fetch("1001"))).id).toBe("1001")
        expect(yield* Sim.requests(sim, "phantombuster", "GET /api/v2/agents/fetch")).toBe(2)
        const unknown = yield* Sim.failure(Sim.drive(client.agents.fetch("999")))
        Sim.expectError(unknown, { reason: "NotFound", status: 404 }, KEY)
        expect(yield* Sim.requests(sim, "phantombuster", "GET /api/v2/agents/fetch")).toBe(3)
      }))

    it.scoped("retries a stop and a container read after a 503: both are safe to repeat", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "phantombuster", route: "POST /api/v2/agents/stop", status: 503, times: 1 },
          { kind: "malformed", vendor: "phantombuster", route: "GET /api/v2/agents/fetch-all", times: 1 }
        ])
        const client = yield* phantombuster(sim)
        yield* Sim.drive(client.agents.abort({ id: "1003" }))
        expect(yield* Sim.requests(sim, "phantombuster", "POST /api/v2/agents/stop")).toBe(2)
        Sim.expectError(yield* Sim.failure(client.agents.list()), { reason: "ResponseDrift", status: 200 }, KEY)
      }))
  })
})
