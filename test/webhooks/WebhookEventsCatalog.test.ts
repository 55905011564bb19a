import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../src/webhooks/WebhookEvents.js"

// A member that accepts several types, as HubSpot's per-object subscription types do.
const Created = Schema.Struct({ kind: Schema.Literal("order.created", "invoice.created"), id: Schema.String })
const Paid = Schema.Struct({ kind: Schema.Literal("order.paid"), id: Schema.String, amount: Schema.Number })
// A fallback with no rule of its own about the typed kinds.
const Other = Schema.Struct({ kind: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

const Events = WebhookEvents.catalog({ known: [Created, Paid], unknown: Other, discriminator: "kind" })

describe("WebhookEvents.catalog", () => {
  it.effect("reports a typed event that does not match its Schema instead of passing it on as unknown", () =>
    Effect.gen(function*() {
      const drifted = yield* Effect.exit(Events.decodeEvent({ kind: "order.paid", id: "o_1", amount: "ten" }))
      expect(Exit.isFailure(drifted)).toBe(true)
      const direct = yield* Effect.exit(Schema.decodeUnknown(Events.UnknownEvent)({ kind: "invoice.created" }))
      expect(Exit.isFailure(direct)).toBe(true)
      const other = yield* Events.decodeEventJson(JSON.stringify({ kind: "order.refunded", extra: [1] }))
      expect([Events.isKnown(other), other]).toEqual([false, { kind: "order.refunded", extra: [1] }])
      expect(Events.knownTypes).toEqual(["order.created", "invoice.created", "order.paid"])
    }))

  it.effect("narrows with is to a member that accepts several types, its type fixed to the one asked", () =>
    Effect.gen(function*() {
      const event = yield* Events.decodeEvent({ kind: "invoice.created", id: "in_1" })
      const isInvoice = Events.is("invoice.created")
      expect([isInvoice(event), Events.is("order.created")(event), Events.is("order.paid")(event)]).toEqual([true, false, false])
      if (!isInvoice(event)) return expect.unreachable()
      expectTypeOf(event.kind).toEqualTypeOf<"invoice.created">()
      expectTypeOf(event.id).toEqualTypeOf<string>()
      expect(event.id).toBe("in_1")
    }))
})
