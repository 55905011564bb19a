import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as ResendClient from "../../../src/vendors/resend/ResendClient.js"
import * as Sim from "./support.js"

const API_KEY = "re_simulated_9fKq2LmZx7Rt4Wv1"

const resend = (sim: Sim.Simulator) =>
  Sim.client(ResendClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("resend"), policy: Sim.policy }))

const email = (to: string) => ({ from: "Acme <hello@acme.dev>", to, subject: "Welcome", text: "Hello from the simulator" })

describe("ResendClient against the simulator", () => {
  it.scoped("sends an email, retrieves it, sends a batch, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* resend(sim)
      const sent = yield* client.emails.send(email("ada@example.com"))
      const retrieved = yield* client.emails.retrieve(sent.id)
      expect(retrieved).toMatchObject({ id: sent.id, subject: "Welcome", to: ["ada@example.com"] })
      const batch = yield* client.batch.send([email("a@example.com"), email("b@example.com")])
      expect(batch.succeeded.map((s) => s.index)).toEqual([0, 1])
      expect(batch.failed).toEqual([])
      yield* client.healthCheck
      const stats = yield* sim.stats
      expect(stats.sideEffects.filter((e) => e.kind === "email.sent")).toHaveLength(3)
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 with the same idempotency key and sends once", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "resend", route: "POST /emails", status: 503, times: 2 }])
        const client = yield* resend(sim)
        yield* Sim.drive(client.emails.send(email("retry@example.com")))
        const stats = yield* sim.stats
        expect(stats.requests["resend POST /emails"]).toBe(3)
        expect(Object.values(stats.sideEffectsByKey)).toEqual([1])
      }))

    it.scoped("waits the Retry-After of a 429 on the clock before retrying", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "resend", route: "GET /emails/{email_id}", status: 429, retryAfterSeconds: 4, times: 1 }
        ])
        const client = yield* resend(sim)
        const sent = yield* client.emails.send(email("a@example.com"))
        const started = yield* Clock.currentTimeMillis
        expect((yield* Sim.drive(client.emails.retrieve(sent.id))).id).toBe(sent.id)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(4_000)
        expect(yield* Sim.requests(sim, "resend", "GET /emails/{email_id}")).toBe(2)
      }))

    it.scoped("retries a send whose connection dropped after Resend sent it: the key makes it one email", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "resend", route: "POST /emails", times: 1 }])
        const client = yield* resend(sim)
        const sent = yield* Sim.drive(client.emails.send(email("once@example.com")))
        const stats = yield* sim.stats
        expect(stats.requests["resend POST /emails"]).toBe(2)
        expect(stats.sideEffects.map((e) => e.objectId)).toEqual([sent.id])
        expect(Object.values(stats.sideEffectsByKey)).toEqual([1])
        expect(stats.replays).toBe(1)
      }))

    it.scoped("retries a send that timed out while Resend still processed it: one email, the stored answer", () =>
      Effect.gen(function*() {
        // Just slower than the 30 s attempt timeout: the first retry (after 0.5-1 s) finds the send still in progress
        // (409 concurrent_idempotent_requests), the next (1-2 s later) finds it done.
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "resend", route: "POST /emails", ms: 31_200, times: 1 }])
        const client = yield* Sim.client(ResendClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("resend") }))
        const sent = yield* Sim.drive(client.emails.send(email("slow@example.com")), "40 seconds")
        const stats = yield* sim.stats
        expect(stats.requests["resend POST /emails"]).toBe(3)
        expect(stats.sideEffects.map((e) => e.objectId)).toEqual([sent.id])
        expect(stats.replays).toBe(1)
      }))

    it.scoped("retries a batch whose connection dropped after Resend sent it: each email once", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "resend", route: "POST /emails/batch", times: 1 }])
        const client = yield* resend(sim)
        const result = yield* Sim.drive(client.batch.send([email("a@example.com"), email("b@example.com")]))
        expect(result.succeeded).toHaveLength(2)
        const stats = yield* sim.stats
        expect(stats.sideEffects).toHaveLength(2)
        expect(stats.duplicates).toBe(0)
      }))

    it.scoped("reports a removed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "resend", route: "POST /emails", op: "remove", path: "id", times: 1 },
          { kind: "malformed", vendor: "resend", route: "GET /emails/{email_id}", times: 1 }
        ])
        const client = yield* resend(sim)
        Sim.expectError(yield* Sim.failure(client.emails.send(email("a@example.com"))), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const sent = yield* client.emails.send(email("b@example.com"))
        Sim.expectError(yield* Sim.failure(client.emails.retrieve(sent.id)), { reason: "ResponseDrift", status: 200 }, API_KEY)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "resend", fromMs: 0, toMs: 60_000 }])
        const client = yield* resend(sim)
        const errors: Array<string> = []
        // The health check makes one attempt: five consecutive failures open the circuit.
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "resend", "POST /emails")
        Sim.expectError(yield* Sim.failure(client.emails.send(email("a@example.com"), { policy: { maxRetries: 0 } })), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "resend", "POST /emails")).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        yield* Sim.drive(client.emails.send(email("a@example.com")), "20 seconds")
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))
  })
})
