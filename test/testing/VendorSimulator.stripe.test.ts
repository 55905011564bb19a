import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

type Form = { readonly [key: string]: string | number | boolean | Form | ReadonlyArray<Form | string> }

/** Stripe's bracket encoding: `metadata[plan]=pro`, `items[0][price]=price_1`. */
const encode = (form: Form, prefix = ""): Array<string> =>
  Object.entries(form).flatMap(([key, value]) => {
    const name = prefix === "" ? key : `${prefix}[${key}]`
    if (Array.isArray(value)) {
      return value.flatMap((item, i) =>
        typeof item === "object" ? encode(item as Form, `${name}[${i}]`) : [`${name}[${i}]=${encodeURIComponent(String(item))}`]
      )
    }
    return typeof value === "object" ? encode(value as Form, name) : [`${name}=${encodeURIComponent(String(value))}`]
  })

const client = (simulator: VendorSimulator.VendorSimulator.Service, key = "sk_test_simulator") =>
(
  method: string,
  path: string,
  form?: Form,
  headers: Record<string, string> = {}
) =>
  Http.send(`${simulator.baseUrl("stripe")}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      ...headers
    },
    ...(form === undefined ? {} : { body: encode(form).join("&") })
  })

const expectSpec = (method: string, path: string, reply: Http.Reply) => {
  const result = Spec.response("stripe", method, path, reply.status, reply.json)
  expect(result.errors).toBe("")
}

const data = (reply: Http.Reply) => reply.json as Record<string, unknown>

describe("VendorSimulator: Stripe", () => {
  it.scoped("creates, retrieves and updates a customer, each answer valid against Stripe's spec", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const created = yield* stripe("POST", "/v1/customers", { email: "ada@example.com", name: "Ada", metadata: { plan: "pro" } })
      expect(created.status).toBe(200)
      expectSpec("POST", "/v1/customers", created)
      expect(created.headers.get("request-id")).toMatch(/^req_\w{14}$/)
      expect(data(created)).toMatchObject({ object: "customer", email: "ada@example.com", metadata: { plan: "pro" } })
      const id = data(created).id as string
      expect(id).toMatch(/^cus_\w{14}$/)

      const retrieved = yield* stripe("GET", `/v1/customers/${id}`)
      expectSpec("GET", "/v1/customers/{customer}", retrieved)
      expect(retrieved.json).toEqual(created.json)

      const updated = yield* stripe("POST", `/v1/customers/${id}`, { metadata: { tier: "gold", plan: "" }, name: "Ada L." })
      expectSpec("POST", "/v1/customers/{customer}", updated)
      expect(data(updated)).toMatchObject({ name: "Ada L.", metadata: { tier: "gold" } })
      expect(data(updated).metadata).not.toHaveProperty("plan")
    }))

  it.scoped("lists customers newest first with limit, starting_after and ending_before", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const ids: Array<string> = []
      for (let i = 0; i < 5; i++) ids.push(data(yield* stripe("POST", "/v1/customers", { email: `c${i}@example.com` })).id as string)
      const newest = [...ids].reverse()

      const seen: Array<string> = []
      let after: string | undefined
      for (let page = 0; page < 5; page++) {
        const reply = yield* stripe("GET", `/v1/customers?limit=2${after === undefined ? "" : `&starting_after=${after}`}`)
        expectSpec("GET", "/v1/customers", reply)
        const list = data(reply) as { object: string; data: Array<{ id: string }>; has_more: boolean; url: string }
        expect(list).toMatchObject({ object: "list", url: "/v1/customers" })
        seen.push(...list.data.map((c) => c.id))
        if (!list.has_more) break
        after = list.data[list.data.length - 1]!.id
      }
      expect(seen).toEqual(newest)

      const before = data(yield* stripe("GET", `/v1/customers?limit=2&ending_before=${newest[3]}`)) as {
        data: Array<{ id: string }>
        has_more: boolean
      }
      expect(before.data.map((c) => c.id)).toEqual([newest[1], newest[2]])
      expect(before.has_more).toBe(true)

      const byEmail = data(yield* stripe("GET", "/v1/customers?email=c3%40example.com")) as { data: Array<{ id: string }> }
      expect(byEmail.data.map((c) => c.id)).toEqual([ids[3]])

      const withFilters = yield* stripe("GET", "/v1/customers?limit=1&expand[]=data.default_source&created[gte]=0")
      expect(withFilters.status).toBe(200)
      expect((data(withFilters).data as Array<unknown>)).toHaveLength(1)

      const badLimit = yield* stripe("GET", "/v1/customers?limit=101")
      expect(badLimit.status).toBe(400)
      expect(data(badLimit).error).toMatchObject({ type: "invalid_request_error", param: "limit" })
    }))

  it.scoped("answers unknown ids with 404 resource_missing and a Request-Id", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const reply = yield* stripe("GET", "/v1/customers/cus_missing")
      expect(reply.status).toBe(404)
      expectSpec("GET", "/v1/customers/{customer}", reply)
      expect(data(reply).error).toMatchObject({
        type: "invalid_request_error",
        code: "resource_missing",
        message: "No such customer: 'cus_missing'",
        param: "id"
      })
      expect(reply.headers.get("request-id")).toMatch(/^req_/)
    }))

  it.scoped("rejects a missing or wrong key with Stripe's 401 and accepts configured keys only", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ keys: { stripe: ["sk_test_only_this_one"] } })
      const missing = yield* Http.send(`${simulator.baseUrl("stripe")}/v1/customers`)
      expect(missing.status).toBe(401)
      expectSpec("GET", "/v1/customers", missing)
      expect(data(missing).error).toMatchObject({ type: "invalid_request_error" })
      expect((data(missing).error as { message: string }).message).toContain("You did not provide an API key")
      const wrong = yield* client(simulator, "sk_test_other")("GET", "/v1/customers")
      expect(wrong.status).toBe(401)
      // 12 of its 13 characters would show as prefix and suffix: too short to echo any of it.
      expect((data(wrong).error as { message: string }).message).toBe(`Invalid API Key provided: ${"*".repeat(13)}`)
      expect((yield* client(simulator, "sk_test_only_this_one")("GET", "/v1/customers")).status).toBe(200)
    }))

  it.scoped("replays an idempotent request with Idempotent-Replayed and acts once", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const stripe = client(simulator)
      const key = { "idempotency-key": "order-42" }
      const first = yield* stripe("POST", "/v1/customers", { email: "once@example.com" }, key)
      const second = yield* stripe("POST", "/v1/customers", { email: "once@example.com" }, key)
      expect(second.status).toBe(200)
      expect(second.json).toEqual(first.json)
      expect(second.headers.get("idempotent-replayed")).toBe("true")
      expect(second.headers.get("original-request")).toBe(first.headers.get("request-id"))
      expect(second.headers.get("request-id")).not.toBe(first.headers.get("request-id"))
      expect(first.headers.get("idempotent-replayed")).toBeNull()
      const stats = yield* simulator.stats
      expect(stats.sideEffectsByKey).toEqual({ "order-42": 1 })
      expect(stats.replays).toBe(1)
      expect(stats.duplicates).toBe(0)
    }))

  it.scoped("rejects an idempotency key reused with other parameters or on another endpoint", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const key = { "idempotency-key": "k-1" }
      yield* stripe("POST", "/v1/customers", { email: "a@example.com" }, key)
      const other = yield* stripe("POST", "/v1/customers", { email: "b@example.com" }, key)
      expect(other.status).toBe(400)
      expectSpec("POST", "/v1/customers", other)
      expect(data(other).error).toMatchObject({ type: "idempotency_error" })
      expect((data(other).error as { message: string }).message).toContain("same parameters")
      const elsewhere = yield* stripe("POST", "/v1/payment_intents", { amount: 100, currency: "usd" }, key)
      expect(elsewhere.status).toBe(400)
      expect((data(elsewhere).error as { message: string }).message).toContain("same endpoint")
    }))

  it.scoped("does not store a validation failure: the same key succeeds once the parameters are fixed", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const key = { "idempotency-key": "pi-1" }
      const invalid = yield* stripe("POST", "/v1/payment_intents", { amount: "ten", currency: "usd" }, key)
      expect(invalid.status).toBe(400)
      expect(data(invalid).error).toMatchObject({ code: "parameter_invalid_integer", param: "amount" })
      const valid = yield* stripe("POST", "/v1/payment_intents", { amount: 1000, currency: "usd" }, key)
      expect(valid.status).toBe(200)
    }))

  it.scoped("rejects unknown and missing parameters as Stripe does", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const unknown = yield* stripe("POST", "/v1/customers", { emial: "typo@example.com" })
      expect(unknown.status).toBe(400)
      expect(data(unknown).error).toMatchObject({ code: "parameter_unknown", param: "emial" })
      const missing = yield* stripe("POST", "/v1/payment_intents", { currency: "usd" })
      expect(data(missing).error).toMatchObject({ code: "parameter_missing", param: "amount" })
    }))

  it.scoped("creates, confirms and cancels payment intents with test-mode outcomes", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const stripe = client(simulator)
      const created = yield* stripe("POST", "/v1/payment_intents", { amount: 2000, currency: "USD", metadata: { order: "7" } })
      expectSpec("POST", "/v1/payment_intents", created)
      expect(data(created)).toMatchObject({ status: "requires_payment_method", currency: "usd", amount: 2000 })
      const id = data(created).id as string

      const confirmed = yield* stripe("POST", `/v1/payment_intents/${id}/confirm`, { payment_method: "pm_card_visa" })
      expectSpec("POST", "/v1/payment_intents/{intent}/confirm", confirmed)
      expect(data(confirmed)).toMatchObject({ status: "succeeded", amount_received: 2000 })
      expect(data(confirmed).latest_charge).toMatch(/^ch_/)
      const retrieved = yield* stripe("GET", `/v1/payment_intents/${id}`)
      expectSpec("GET", "/v1/payment_intents/{intent}", retrieved)
      expect(data(retrieved).status).toBe("succeeded")

      const cannotCancel = yield* stripe("POST", `/v1/payment_intents/${id}/cancel`, {})
      expect(cannotCancel.status).toBe(400)
      expect(data(cannotCancel).error).toMatchObject({ code: "payment_intent_unexpected_state" })

      const declined = yield* stripe("POST", "/v1/payment_intents", {
        amount: 500,
        currency: "usd",
        payment_method: "pm_card_chargeDeclinedInsufficientFunds",
        confirm: true
      })
      expect(declined.status).toBe(402)
      expectSpec("POST", "/v1/payment_intents", declined)
      expect(data(declined).error).toMatchObject({ type: "card_error", code: "card_declined", decline_code: "insufficient_funds" })

      const other = data(yield* stripe("POST", "/v1/payment_intents", { amount: 700, currency: "eur" })).id as string
      const canceled = yield* stripe("POST", `/v1/payment_intents/${other}/cancel`, { cancellation_reason: "abandoned" })
      expectSpec("POST", "/v1/payment_intents/{intent}/cancel", canceled)
      expect(data(canceled)).toMatchObject({ status: "canceled", cancellation_reason: "abandoned" })
    }))

  it.scoped("creates and retrieves a Checkout session from bracket-encoded line items", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const created = yield* stripe("POST", "/v1/checkout/sessions", {
        mode: "payment",
        success_url: "https://example.com/ok",
        line_items: [
          { price_data: { currency: "usd", unit_amount: 1500, product_data: { name: "Book" } }, quantity: 2 },
          { price: "price_standard", quantity: 1 }
        ]
      })
      expectSpec("POST", "/v1/checkout/sessions", created)
      expect(data(created)).toMatchObject({ object: "checkout.session", amount_total: 4000, status: "open", payment_status: "unpaid" })
      expect(data(created).url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/)
      const retrieved = yield* stripe("GET", `/v1/checkout/sessions/${data(created).id as string}`)
      expectSpec("GET", "/v1/checkout/sessions/{session}", retrieved)
      expect(retrieved.json).toEqual(created.json)
    }))

  it.scoped("runs a subscription through create, update, list and cancel", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const customer = data(yield* stripe("POST", "/v1/customers", { email: "sub@example.com" })).id as string
      const created = yield* stripe("POST", "/v1/subscriptions", {
        customer,
        items: [{ price: "price_monthly", quantity: 2 }],
        metadata: { source: "test" }
      })
      expectSpec("POST", "/v1/subscriptions", created)
      expect(data(created)).toMatchObject({ status: "active", customer, metadata: { source: "test" } })
      const id = data(created).id as string
      const item = (data(created).items as { data: Array<{ id: string; quantity: number }> }).data[0]!
      expect(item.quantity).toBe(2)

      const noCustomer = yield* stripe("POST", "/v1/subscriptions", { customer: "cus_nope", items: [{ price: "price_x" }] })
      expect(noCustomer.status).toBe(400)
      expect(data(noCustomer).error).toMatchObject({ code: "resource_missing", param: "customer" })

      const updated = yield* stripe("POST", `/v1/subscriptions/${id}`, {
        cancel_at_period_end: true,
        items: [{ id: item.id, quantity: 3 }]
      })
      expectSpec("POST", "/v1/subscriptions/{subscription_exposed_id}", updated)
      expect(data(updated).cancel_at_period_end).toBe(true)
      expect((data(updated).items as { data: Array<{ quantity: number }> }).data[0]!.quantity).toBe(3)

      const retrieved = yield* stripe("GET", `/v1/subscriptions/${id}`)
      expectSpec("GET", "/v1/subscriptions/{subscription_exposed_id}", retrieved)

      const listed = yield* stripe("GET", `/v1/subscriptions?customer=${customer}`)
      expectSpec("GET", "/v1/subscriptions", listed)
      expect((data(listed).data as Array<{ id: string }>).map((s) => s.id)).toEqual([id])

      const canceled = yield* stripe("DELETE", `/v1/subscriptions/${id}`)
      expectSpec("DELETE", "/v1/subscriptions/{subscription_exposed_id}", canceled)
      expect(data(canceled).status).toBe("canceled")
      expect((data(yield* stripe("GET", `/v1/subscriptions?customer=${customer}`)).data as Array<unknown>)).toHaveLength(0)
      expect((data(yield* stripe("GET", `/v1/subscriptions?customer=${customer}&status=all`)).data as Array<unknown>)).toHaveLength(1)
    }))

  it.scoped("refunds a succeeded payment in parts and refuses to refund more than was paid", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const paid = data(yield* stripe("POST", "/v1/payment_intents", {
        amount: 1000,
        currency: "usd",
        payment_method: "pm_card_visa",
        confirm: true
      }))
      expect(paid.status).toBe("succeeded")
      const partial = yield* stripe("POST", "/v1/refunds", { payment_intent: paid.id as string, amount: 400 })
      expectSpec("POST", "/v1/refunds", partial)
      expect(data(partial)).toMatchObject({ object: "refund", amount: 400, status: "succeeded", charge: paid.latest_charge })
      const tooMuch = yield* stripe("POST", "/v1/refunds", { payment_intent: paid.id as string, amount: 700 })
      expect(tooMuch.status).toBe(400)
      expect(data(tooMuch).error).toMatchObject({ code: "amount_too_large" })
      const rest = yield* stripe("POST", "/v1/refunds", { payment_intent: paid.id as string })
      expect(data(rest).amount).toBe(600)
    }))

  it.scoped("serves the balance that health checks read, in the spec's shape", () =>
    Effect.gen(function*() {
      const stripe = client(yield* VendorSimulator.make())
      const balance = yield* stripe("GET", "/v1/balance")
      expect(balance.status).toBe(200)
      expectSpec("GET", "/v1/balance", balance)
    }))

  it.scoped("serves the same routes at the server root for SDKs that only change host and port", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const reply = yield* Http.send(`${simulator.url}/v1/customers`, {
        headers: { authorization: "Bearer sk_test_root" }
      })
      expect(reply.status).toBe(200)
      expect(data(reply)).toMatchObject({ object: "list", data: [] })
      const unknown = yield* client(simulator)("GET", "/v1/nothing_here")
      expect(unknown.status).toBe(404)
      expect((data(unknown).error as { message: string }).message).toContain("Unrecognized request URL (GET: /v1/nothing_here)")
    }))
})
