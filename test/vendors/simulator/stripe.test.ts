import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as StripeClient from "../../../src/vendors/stripe/StripeClient.js"
import * as StripeSchemas from "../../../src/vendors/stripe/StripeSchemas.js"
import * as Sim from "./support.js"

const API_KEY = "sk_test_simulated_4eC39HqLyjWDarjtT1zdp7dc"

const stripe = (sim: Sim.Simulator, options: Partial<StripeClient.Options> = {}) =>
  Sim.client(StripeClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("stripe"), policy: Sim.policy, ...options }))

describe("StripeClient against the simulator", () => {
  it.scoped("creates, retrieves, updates and lists customers, and streams every page of the list", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* stripe(sim)
      const created = yield* client.customers.create({ email: "ada@example.com", metadata: { plan: "pro" } })
      expect(created).toMatchObject({ object: "customer", email: "ada@example.com", metadata: { plan: "pro" } })
      const retrieved = yield* client.customers.retrieve(created.id)
      expect(StripeSchemas.isDeletedCustomer(retrieved)).toBe(false)
      expect(retrieved.id).toBe(created.id)
      const updated = yield* client.customers.update(created.id, { name: "Ada Lovelace" })
      expect(updated.name).toBe("Ada Lovelace")

      for (let i = 0; i < 6; i++) yield* client.customers.create({ email: `c${i}@example.com` })
      const firstPage = yield* client.customers.list({ limit: 3 })
      expect(firstPage.data).toHaveLength(3)
      expect(firstPage.has_more).toBe(true)
      const before = yield* Sim.requests(sim, "stripe", "GET /v1/customers")
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.customers.listAll({ limit: 2 })))
      expect(new Set(all.map((c) => c.id)).size).toBe(7)
      for (const c of firstPage.data) expect(all.map((x) => x.id)).toContain(c.id)
      expect(all.map((c) => c.id)).toContain(created.id)
      // 7 customers two at a time: four pages, each a request.
      expect((yield* Sim.requests(sim, "stripe", "GET /v1/customers")) - before).toBe(4)
      const upTo = yield* client.customers.listUpTo(5, { limit: 2 })
      expect(upTo.items).toHaveLength(5)
      expect(upTo.truncated).toBe(true)
    }))

  it.scoped("creates, retrieves, confirms and cancels payment intents, and refunds a payment", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* stripe(sim)
      const intent = yield* client.paymentIntents.create({ amount: 2000, currency: "usd" })
      expect(intent.status).toBe("requires_payment_method")
      expect((yield* client.paymentIntents.retrieve(intent.id)).amount).toBe(2000)
      const confirmed = yield* client.paymentIntents.confirm(intent.id, { payment_method: "pm_card_visa" })
      expect(confirmed.status).toBe("succeeded")
      const refund = yield* client.refunds.create({ payment_intent: intent.id, amount: 500 })
      expect(refund).toMatchObject({ object: "refund", amount: 500, status: "succeeded" })
      const other = yield* client.paymentIntents.create({ amount: 700, currency: "eur" })
      const canceled = yield* client.paymentIntents.cancel(other.id, { cancellation_reason: "abandoned" })
      expect(canceled.status).toBe("canceled")
    }))

  it.scoped("creates and retrieves a Checkout session, and reads the balance and health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* stripe(sim)
      const session = yield* client.checkout.sessions.create({
        mode: "payment",
        success_url: "https://example.com/ok",
        line_items: [{ price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Book" } }, quantity: 2 }]
      })
      expect(session).toMatchObject({ object: "checkout.session", amount_total: 3000, status: "open" })
      expect((yield* client.checkout.sessions.retrieve(session.id)).id).toBe(session.id)
      const balance = yield* client.balance.retrieve()
      expect(balance.object).toBe("balance")
      yield* client.healthCheck
    }))

  it.scoped("runs a subscription through create, retrieve, update, list, listAll and cancel", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* stripe(sim)
      const customer = yield* client.customers.create({ email: "sub@example.com" })
      const created = yield* client.subscriptions.create({ customer: customer.id, items: [{ price: "price_monthly", quantity: 2 }] })
      expect(created.status).toBe("active")
      expect((yield* client.subscriptions.retrieve(created.id)).id).toBe(created.id)
      const updated = yield* client.subscriptions.update(created.id, { cancel_at_period_end: true })
      expect(updated.cancel_at_period_end).toBe(true)
      const second = yield* client.subscriptions.create({ customer: customer.id, items: [{ price: "price_yearly" }] })
      expect((yield* client.subscriptions.list({ customer: customer.id })).data.map((s) => s.id).sort())
        .toEqual([created.id, second.id].sort())
      const streamed = yield* Stream.runCollect(client.subscriptions.listAll({ customer: customer.id, limit: 1 }))
      expect(Chunk.size(streamed)).toBe(2)
      expect((yield* client.subscriptions.listUpTo(1, { customer: customer.id })).truncated).toBe(true)
      const canceled = yield* client.subscriptions.cancel(created.id)
      expect(canceled.status).toBe("canceled")
    }))

  describe("faults", () => {
    it.scoped("retries past a timed-out create with its key: the in-progress 409, then the replay, one customer", () =>
      Effect.gen(function*() {
        // Just slower than the 30 s attempt timeout: the first retry (after 250-500 ms) finds the request still in
        // progress, the second (500-1000 ms later) finds it done and gets the stored response.
        const sim = yield* Sim.simulator([{ kind: "latency", vendor: "stripe", route: "POST /v1/customers", ms: 30_600, times: 1 }])
        const client = yield* Sim.client(StripeClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("stripe") }))
        const created = yield* Sim.drive(client.customers.create({ email: "slow@example.com" }), "40 seconds")
        const stats = yield* sim.stats
        expect(stats.sideEffects.map((e) => e.objectId)).toEqual([created.id])
        expect(stats.replays).toBe(1)
      }))

    it.scoped("retries a transient 503 and succeeds, with the same idempotency key", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "stripe", route: "POST /v1/customers", status: 503, times: 2 }])
        const client = yield* stripe(sim)
        const created = yield* Sim.drive(client.customers.create({ email: "retry@example.com" }))
        expect(created.email).toBe("retry@example.com")
        const stats = yield* sim.stats
        expect(stats.requests["stripe POST /v1/customers"]).toBe(3)
        expect(stats.faults).toEqual({ status: 2 })
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("streams every customer once when a page in the middle of the list fails once", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "stripe", route: "GET /v1/customers", status: 503, after: 1, times: 1 }])
        const client = yield* stripe(sim)
        for (let i = 0; i < 5; i++) yield* client.customers.create({ email: `c${i}@example.com` })
        const all = Chunk.toReadonlyArray(yield* Sim.drive(Stream.runCollect(client.customers.listAll({ limit: 2 }))))
        expect(all).toHaveLength(5)
        expect(new Set(all.map((c) => c.id)).size).toBe(5)
        // Three pages, the second asked twice.
        expect(yield* Sim.requests(sim, "stripe", "GET /v1/customers")).toBe(4)
      }))

    it.scoped("waits the Retry-After of a 429 on the clock before retrying", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "stripe", route: "GET /v1/customers/{customer}", status: 429, retryAfterSeconds: 7, times: 1 }
        ])
        const client = yield* stripe(sim)
        const customer = yield* client.customers.create({ email: "slow@example.com" })
        const started = yield* Clock.currentTimeMillis
        const retrieved = yield* Sim.drive(client.customers.retrieve(customer.id))
        expect(retrieved.id).toBe(customer.id)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(7_000)
        expect(yield* Sim.requests(sim, "stripe", "GET /v1/customers/{customer}")).toBe(2)
      }))

    it.scoped("retries a create whose connection dropped after Stripe acted: one customer, replayed by its key", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "stripe", route: "POST /v1/customers", times: 1 }])
        const client = yield* stripe(sim)
        const created = yield* Sim.drive(client.customers.create({ email: "once@example.com" }))
        const stats = yield* sim.stats
        expect(stats.requests["stripe POST /v1/customers"]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
        expect(stats.sideEffects[0]!.objectId).toBe(created.id)
        expect(Object.values(stats.sideEffectsByKey)).toEqual([1])
        expect(stats.replays).toBe(1)
        expect(stats.duplicates).toBe(0)
      }))

    it.scoped("reports a renamed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "stripe", route: "GET /v1/customers/{customer}", op: "rename", path: "id", to: "identifier", times: 1 },
          { kind: "malformed", vendor: "stripe", route: "GET /v1/payment_intents/{intent}", times: 1 }
        ])
        const client = yield* stripe(sim)
        const customer = yield* client.customers.create({ email: "drift@example.com" })
        const drifted = yield* Sim.failure(client.customers.retrieve(customer.id))
        Sim.expectError(drifted, { reason: "ResponseDrift", status: 200 }, API_KEY)
        const intent = yield* client.paymentIntents.create({ amount: 100, currency: "usd" })
        const malformed = yield* Sim.failure(client.paymentIntents.retrieve(intent.id))
        Sim.expectError(malformed, { reason: "ResponseDrift", status: 200 }, API_KEY)
        // Neither is retried: the same bytes would come back.
        expect(yield* Sim.requests(sim, "stripe", "GET /v1/customers/{customer}")).toBe(1)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers once the outage is over", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "stripe", fromMs: 0, toMs: 60_000 }])
        const client = yield* stripe(sim)
        const first = yield* Sim.failure(Sim.drive(client.balance.retrieve(), "10 seconds"))
        Sim.expectError(first, { reason: "Server", status: 503 })
        const opened = yield* Sim.failure(Sim.drive(client.balance.retrieve(), "10 seconds"))
        expect(opened.reason).toBe("CircuitOpen")
        const seen = yield* Sim.requests(sim, "stripe", "GET /v1/balance")
        const rejected = yield* Sim.failure(client.balance.retrieve({ policy: { maxRetries: 0 } }))
        expect(rejected.reason).toBe("CircuitOpen")
        expect(yield* Sim.requests(sim, "stripe", "GET /v1/balance")).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        const balance = yield* Sim.drive(client.balance.retrieve(), "10 seconds")
        expect(balance.object).toBe("balance")
        expect(yield* Sim.requests(sim, "stripe", "GET /v1/balance")).toBe(seen + 1)
      }))
  })
})
