import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HubSpotEvents from "../../../src/vendors/hubspot/HubSpotEvents.js"

const base = {
  eventId: 3816279340,
  subscriptionId: 25,
  portalId: 33,
  appId: 1160452,
  occurredAt: 1462216307945,
  attemptNumber: 0,
  changeSource: "CRM_UI"
}

describe("HubSpotEvents", () => {
  it.effect("decodes a webhook body of typed events: creation, property change, merge, association change", () =>
    Effect.gen(function*() {
      const events = yield* HubSpotEvents.decodeEventsJson(JSON.stringify([
        { ...base, subscriptionType: "contact.creation", objectId: 123, changeFlag: "CREATED" },
        { ...base, subscriptionType: "contact.propertyChange", objectId: 123, propertyName: "lifecyclestage", propertyValue: "lead" },
        {
          ...base,
          subscriptionType: "deal.merge",
          objectId: 9,
          primaryObjectId: 9,
          mergedObjectIds: [7, 8],
          newObjectId: 9,
          numberOfPropertiesMoved: 4
        },
        {
          ...base,
          subscriptionType: "company.associationChange",
          associationType: "COMPANY_TO_CONTACT",
          fromObjectId: 5,
          toObjectId: 123,
          associationRemoved: false,
          isPrimaryAssociation: true
        },
        { ...base, subscriptionType: "object.creation", objectId: 77, objectTypeId: "0-3" }
      ]))
      expect(events.map((e) => [e.subscriptionType, HubSpotEvents.isKnown(e)])).toEqual([
        ["contact.creation", true],
        ["contact.propertyChange", true],
        ["deal.merge", true],
        ["company.associationChange", true],
        ["object.creation", true]
      ])
      const change = events[1]!
      if (!HubSpotEvents.is("contact.propertyChange")(change)) return expect.unreachable()
      expect([change.propertyName, change.propertyValue, change.objectId]).toEqual(["lifecyclestage", "lead", 123])
      const merge = events[2]!
      if (!HubSpotEvents.is("deal.merge")(merge)) return expect.unreachable()
      expect(merge.mergedObjectIds).toEqual([7, 8])
      expect(HubSpotEvents.isPropertyChange(change)).toBe(true)
      expect(HubSpotEvents.isPropertyChange(merge)).toBe(false)
    }))

  it.effect("keeps an unknown subscription type whole, extra fields included", () =>
    Effect.gen(function*() {
      const raw = { ...base, subscriptionType: "conversation.newMessage", objectId: 1, messageId: "m-1", messageType: "MESSAGE" }
      const event = yield* HubSpotEvents.decodeEvent(raw)
      expect(HubSpotEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(raw)
      const bare = yield* HubSpotEvents.decodeEvent({ subscriptionType: "app.install", future: { nested: [1] } })
      expect(bare).toEqual({ subscriptionType: "app.install", future: { nested: [1] } })
    }))

  it.effect("reports a known type whose fields do not match instead of passing it on as unknown", () =>
    Effect.gen(function*() {
      const drifted = yield* Effect.exit(HubSpotEvents.decodeEvent({ ...base, subscriptionType: "contact.propertyChange", objectId: 1 }))
      expect(Exit.isFailure(drifted)).toBe(true)
      const notAnArray = yield* Effect.exit(HubSpotEvents.decodeEvents({ ...base, subscriptionType: "contact.creation", objectId: 1 }))
      expect(Exit.isFailure(notAnArray)).toBe(true)
    }))

  it("types every CRM subscription type of the webhooks spec except conversations and events", () => {
    expect(HubSpotEvents.knownTypes).toContain("contact.privacyDeletion")
    expect(HubSpotEvents.knownTypes).toContain("line_item.restore")
    expect(HubSpotEvents.knownTypes).not.toContain("conversation.creation")
    expect(new Set(HubSpotEvents.knownTypes).size).toBe(HubSpotEvents.knownTypes.length)
  })
})
