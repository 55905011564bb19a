import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../src/webhooks/WebhookEvents.js"

const Paid = Schema.Struct({ type: Schema.Literal("order.paid"), data: Schema.Struct({ id: Schema.String }) })
const Other = Schema.Struct({ type: Schema.String, data: Schema.Unknown })
const Events = WebhookEvents.catalog({ known: [Paid], unknown: Other })

describe("WebhookEvents.catalog", () => {
  it.effect("passes an event of another type on whole, as unknown", () =>
    Effect.gen(function*() {
      const event = yield* Events.decodeEventJson(JSON.stringify({ type: "order.shipped", data: { id: 7 } }))
      expect(Events.isKnown(event)).toBe(false)
      expect(event).toEqual({ type: "order.shipped", data: { id: 7 } })
    }))

  it.effect("refuses a typed event that does not match its Schema instead of passing it on as unknown", () =>
    Effect.gen(function*() {
      // The fallback alone would take it: the catalogue is what tells drift from a new type.
      expect(Schema.is(Other)({ type: "order.paid", data: { id: 7 } })).toBe(true)
      const exit = yield* Effect.exit(Events.decodeEvent({ type: "order.paid", data: { id: 7 } }))
      expect(Exit.isFailure(exit)).toBe(true)
      const paid = yield* Events.decodeEvent({ type: "order.paid", data: { id: "o_1" } })
      expect(Events.is("order.paid")(paid) && paid.data.id).toBe("o_1")
    }))
})
