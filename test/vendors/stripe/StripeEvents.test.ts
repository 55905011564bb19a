import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as StripeEvents from "../../../src/vendors/stripe/StripeEvents.js"
import * as OpenApi from "../../contract/support/OpenApi.js"

const fixtures = JSON.parse(
  NodeFs.readFileSync(NodePath.join(OpenApi.specsDir, "stripe/fixtures3.json"), "utf8")
).resources as Record<string, Record<string, unknown>>

const envelope = (type: string, object: unknown, extra: Record<string, unknown> = {}) => ({
  id: "evt_1",
  object: "event",
  api_version: "2023-08-16",
  created: 1_700_000_000,
  livemode: false,
  pending_webhooks: 1,
  request: { id: "req_1", idempotency_key: "k_1" },
  type,
  data: { object },
  ...extra
})

const objectFor: Record<StripeEvents.KnownType, string> = {
  "checkout.session.completed": "checkout.session",
  "payment_intent.succeeded": "payment_intent",
  "payment_intent.payment_failed": "payment_intent",
  "customer.subscription.created": "subscription",
  "customer.subscription.updated": "subscription",
  "customer.subscription.deleted": "subscription",
  "invoice.paid": "invoice",
  "invoice.payment_failed": "invoice",
  "charge.refunded": "charge"
}

describe("StripeEvents", () => {
  it.effect("decodes every typed event around Stripe's own fixture objects", () =>
    Effect.gen(function*() {
      for (const type of StripeEvents.knownTypes) {
        const object = fixtures[objectFor[type]]!
        const event = yield* StripeEvents.decodeEvent(envelope(type, object))
        expect(event.type).toBe(type)
        expect(StripeEvents.isKnown(event)).toBe(true)
        expect((event.data.object as { id?: unknown }).id).toBe(object.id)
      }
    }))

  it.effect("narrows by type so the event's object is typed", () =>
    Effect.gen(function*() {
      const event = yield* StripeEvents.decodeEvent(
        envelope("customer.subscription.updated", fixtures.subscription, {}),
      )
      if (!StripeEvents.is("customer.subscription.updated")(event)) return expect.unreachable()
      expect(event.data.object.status).toBe("active")
      expect(event.data.object.items.data[0]?.price.id).toMatch(/^price_/)
      const withPrevious = yield* StripeEvents.decodeEvent({
        ...envelope("customer.subscription.updated", fixtures.subscription),
        data: { object: fixtures.subscription, previous_attributes: { status: "trialing" } }
      })
      expect(StripeEvents.isKnown(withPrevious) && withPrevious.data.previous_attributes).toEqual({ status: "trialing" })
    }))

  it.effect("keeps an unknown event type whole, extra fields included", () =>
    Effect.gen(function*() {
      const raw = envelope("billing.meter.created", { id: "mtr_1", object: "billing.meter", display_name: "Calls" }, {
        context: "acct_9",
        future_field: { nested: [1, 2] }
      })
      const event = yield* StripeEvents.decodeEvent(raw)
      expect(StripeEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(raw)
    }))

  it.effect("decodes Stripe's fixture event (a type this SDK does not type) as an unknown event", () =>
    Effect.gen(function*() {
      const event = yield* StripeEvents.decodeEvent(fixtures.event)
      expect(event.type).toBe("plan.created")
      expect(event.data.object).toEqual((fixtures.event!.data as { object: unknown }).object)
    }))

  it.effect("fails on a known type whose object drifted instead of passing it off as unknown", () =>
    Effect.gen(function*() {
      const broken = { ...fixtures.payment_intent, amount: "1099" }
      const result = yield* Effect.either(StripeEvents.decodeEvent(envelope("payment_intent.succeeded", broken)))
      expect(result._tag).toBe("Left")
      expect(String(result._tag === "Left" ? result.left : "")).toContain("amount")
    }))

  it.effect("decodes from the raw JSON body and rejects something that is not an event", () =>
    Effect.gen(function*() {
      const text = JSON.stringify(envelope("charge.refunded", fixtures.charge))
      const event = yield* StripeEvents.decodeEventJson(text)
      expect(StripeEvents.is("charge.refunded")(event) && event.data.object.amount_refunded).toBe(0)
      const notEvent = yield* Effect.either(StripeEvents.decodeEvent({ ...envelope("x.y", {}), object: "customer" }))
      expect(notEvent._tag).toBe("Left")
      const notJson = yield* Effect.either(StripeEvents.decodeEventJson("{not json"))
      expect(notJson._tag).toBe("Left")
    }))
})
