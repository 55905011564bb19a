import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as RetellClient from "../../../src/vendors/retell/RetellClient.js"
import * as RetellError from "../../../src/vendors/retell/RetellError.js"
import * as Sim from "./support.js"

const API_KEY = "key_simulated_3c9Fq2LmZx7Rt4Wv1"
const FROM = "+14155550100"
const AGENT = "agent_5f0b1c2d3e4f5a6b7c8d9e0f1a"
const CREATE = "POST /v2/create-phone-call"

const retell = (sim: Sim.Simulator) =>
  Sim.client(RetellClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("retell"), policy: Sim.policy }))

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("RetellClient against the simulator", () => {
  it.scoped("places, lists, updates, stops and deletes calls", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* retell(sim)
      const phone = yield* client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123", metadata: { lead: "l_1" } })
      expect(phone).toMatchObject({ call_type: "phone_call", agent_id: AGENT, call_status: "registered", metadata: { lead: "l_1" } })
      const web = yield* client.calls.createWebCall({ agent_id: AGENT })
      expect(web.access_token).toMatch(/^eyJ/)
      const registered = yield* client.calls.registerPhoneCall({ agent_id: AGENT, direction: "inbound", from_number: "+14155550999" })
      expect(registered.direction).toBe("inbound")
      // Pages of one: the stream follows `pagination_key` to the end.
      const all = yield* collect(client.calls.list({ limit: 1, sort_order: "ascending" }))
      expect(all.map((call) => call.call_id)).toEqual([phone.call_id, web.call_id, registered.call_id])
      expect(yield* Sim.requests(sim, "retell", "POST /v3/list-calls")).toBe(3)
      const page = yield* client.calls.listPage({ limit: 2 })
      expect([page.items?.length, page.has_more]).toEqual([2, true])
      const updated = yield* client.calls.update(phone.call_id, { metadata: { lead: "l_2" } })
      expect(updated.metadata).toEqual({ lead: "l_2" })
      yield* client.calls.stop(phone.call_id)
      expect((yield* client.calls.retrieve(phone.call_id)).call_status).toBe("ended")
      yield* client.calls.delete(web.call_id)
      Sim.expectError(yield* Sim.failure(client.calls.retrieve(web.call_id)), { reason: "NotFound", status: 422 }, API_KEY)
      const kinds = (yield* sim.stats).sideEffects.map((effect) => effect.kind)
      expect(kinds).toEqual(["call.created", "call.created", "call.created", "call.stopped", "call.deleted"])
    }))

  it.scoped("creates, updates, publishes, versions, lists and deletes agents; reads phone numbers; passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* retell(sim)
      const agent = yield* client.agents.create({
        response_engine: { type: "retell-llm", llm_id: "llm_1" },
        voice_id: "11labs-Adrian",
        agent_name: "Support"
      })
      expect([agent.version, agent.is_published]).toEqual([0, false])
      const renamed = yield* client.agents.update(agent.agent_id, { agent_name: "Support desk" })
      expect(renamed.agent_name).toBe("Support desk")
      yield* client.agents.publish(agent.agent_id, { version: 0 })
      const versions = yield* client.agents.versions(agent.agent_id)
      expect(versions.map((v) => [v.version, v.is_published])).toEqual([[0, true], [1, false]])
      expect((yield* client.agents.retrieve(agent.agent_id, { version: 0 })).is_published).toBe(true)
      const listed = yield* collect(client.agents.list({ limit: 1 }))
      expect(listed.map((a) => a.agent_id).sort()).toEqual([AGENT, agent.agent_id].sort())
      expect((yield* client.agents.listPage({ limit: 1 })).has_more).toBe(true)
      yield* client.agents.delete(agent.agent_id)
      Sim.expectError(yield* Sim.failure(client.agents.retrieve(agent.agent_id)), { reason: "NotFound", status: 422 })
      const number = yield* client.phoneNumbers.retrieve(FROM)
      expect(number.inbound_agent_id).toBe(AGENT)
      expect((yield* collect(client.phoneNumbers.list())).map((n) => n.phone_number)).toEqual([FROM])
      expect((yield* client.phoneNumbers.listPage({ limit: 1 })).items?.length).toBe(1)
      yield* client.healthCheck
    }))

  it.scoped("refuses bad input before any I/O", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* retell(sim)
      const error = yield* Sim.failure(client.calls.createPhoneCall({ from_number: "4155550100", to_number: "+14155550123" }))
      Sim.expectError(error, { reason: "InvalidRequest" })
      Sim.expectError(yield* Sim.failure(client.calls.retrieve("..")), { reason: "InvalidRequest" })
      Sim.expectError(yield* Sim.failure(client.calls.update("call_1", {})), { reason: "InvalidRequest" })
      expect((yield* sim.stats).totalRequests).toBe(0)
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 on reads, listings, updates, stop and publish", () =>
      Effect.gen(function*() {
        const routes = [
          "GET /v2/get-call/{call_id}",
          "POST /v3/list-calls",
          "PATCH /v2/update-call/{call_id}",
          "POST /v2/stop-call/{call_id}",
          "POST /publish-agent-version/{agent_id}",
          "GET /v2/list-phone-numbers"
        ]
        const sim = yield* Sim.simulator(routes.map((route) => ({ kind: "status" as const, vendor: "retell" as const, route, status: 503, times: 1 })))
        // Half of the last calls failing would open the breaker: this test is about retries alone.
        const client = yield* Sim.client(
          RetellClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("retell"), policy: Sim.policy, circuitBreaker: false })
        )
        const call = yield* client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123" })
        yield* Sim.drive(client.calls.retrieve(call.call_id))
        yield* Sim.drive(collect(client.calls.list()))
        yield* Sim.drive(client.calls.update(call.call_id, { metadata: { a: 1 } }))
        yield* Sim.drive(client.calls.stop(call.call_id))
        yield* Sim.drive(client.agents.publish(AGENT, { version: 0 }))
        yield* Sim.drive(collect(client.phoneNumbers.list()))
        for (const route of routes) expect(yield* Sim.requests(sim, "retell", route)).toBe(2)
        const stats = yield* sim.stats
        expect(stats.sideEffects.map((e) => e.kind)).toEqual(["call.created", "call.stopped", "agent.published"])
      }))

    it.scoped("does not repeat a phone call refused with a 503: Retell may have placed it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "retell", route: CREATE, status: 503, times: 1 }])
        const client = yield* retell(sim)
        const error = yield* Sim.failure(Sim.drive(client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123" })))
        Sim.expectError(error, { reason: "Server", status: 503 }, API_KEY)
        expect(RetellError.isAmbiguousCreate(error)).toBe(true)
        expect(yield* Sim.requests(sim, "retell", CREATE)).toBe(1)
      }))

    it.scoped("reports a phone call whose connection dropped after Retell placed it as ambiguous, without placing it twice", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "retell", route: CREATE, times: 1 }])
        const client = yield* retell(sim)
        const error = yield* Sim.failure(Sim.drive(client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123" })))
        Sim.expectError(error, { reason: "Transport" }, API_KEY)
        expect(error.mayHaveSucceeded).toBe(true)
        expect(RetellError.isAmbiguousCreate(error)).toBe(true)
        const stats = yield* sim.stats
        expect(stats.sideEffects).toHaveLength(1)
        expect(stats.duplicates).toBe(0)
      }))

    it.scoped("retries a creation after the Retry-After of a 429, which proves Retell did not act", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "retell", route: "POST /create-agent", status: 429, retryAfterSeconds: 3, times: 1 },
          { kind: "status", vendor: "retell", route: "POST /v2/create-web-call", status: 429, retryAfterSeconds: 3, times: 1 }
        ])
        const client = yield* retell(sim)
        const started = yield* Clock.currentTimeMillis
        const agent = yield* Sim.drive(client.agents.create({ response_engine: { type: "custom-llm", llm_websocket_url: "wss://a.example/llm" }, voice_id: "v" }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(3_000)
        yield* Sim.drive(client.calls.createWebCall({ agent_id: agent.agent_id }))
        expect(yield* Sim.requests(sim, "retell", "POST /create-agent")).toBe(2)
        expect(yield* Sim.requests(sim, "retell", "POST /v2/create-web-call")).toBe(2)
        expect((yield* sim.stats).sideEffects.map((e) => e.kind)).toEqual(["agent.created", "call.created"])
      }))

    it.scoped("does not repeat an agent creation or a registration that timed out", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "latency", vendor: "retell", route: "POST /v2/register-phone-call", ms: 70_000, times: 1 }
        ])
        const client = yield* Sim.client(RetellClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("retell") }))
        const error = yield* Sim.failure(Sim.drive(client.calls.registerPhoneCall({ agent_id: AGENT }), "90 seconds"))
        Sim.expectError(error, { reason: "Timeout" })
        expect(RetellError.isAmbiguousCreate(error)).toBe(true)
        expect(yield* Sim.requests(sim, "retell", "POST /v2/register-phone-call")).toBe(1)
      }))

    it.scoped("a 402 is a payment problem, not retried; a 401 is Unauthorized", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "retell", route: "GET /get-agent/{agent_id}", status: 402, times: 1 }])
        const client = yield* retell(sim)
        const error = yield* Sim.failure(Sim.drive(client.agents.retrieve(AGENT)))
        Sim.expectError(error, { reason: "Forbidden", status: 402 })
        expect(RetellError.isPaymentRequired(error)).toBe(true)
        expect(yield* Sim.requests(sim, "retell", "GET /get-agent/{agent_id}")).toBe(1)
        const wrong = yield* Sim.client(RetellClient.make({ apiKey: Redacted.make("wrong"), baseUrl: sim.baseUrl("retell"), policy: Sim.policy }))
        Sim.expectError(yield* Sim.failure(Sim.drive(wrong.agents.versions(AGENT))), { reason: "Unauthorized", status: 401 }, "wrong")
      }))

    it.scoped("reports a removed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "retell", route: "GET /get-phone-number/{phone_number}", op: "remove", path: "phone_number", times: 1 },
          { kind: "malformed", vendor: "retell", route: "POST /v2/list-agents", times: 1 }
        ])
        const client = yield* retell(sim)
        Sim.expectError(yield* Sim.failure(client.phoneNumbers.retrieve(FROM)), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(collect(client.agents.list())), { reason: "ResponseDrift", status: 200 }, API_KEY)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "retell", fromMs: 0, toMs: 60_000 }])
        const client = yield* retell(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "retell", CREATE)
        Sim.expectError(yield* Sim.failure(client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123" })), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "retell", CREATE)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        yield* Sim.drive(client.calls.createPhoneCall({ from_number: FROM, to_number: "+14155550123" }), "20 seconds")
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))
  })
})
