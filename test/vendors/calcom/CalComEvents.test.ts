import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as CalComEvents from "../../../src/vendors/calcom/CalComEvents.js"

const person = (name: string, email: string) => ({ name, email, timeZone: "Europe/Rome", language: { locale: "it" } })

const bookingPayload = (extra: Record<string, unknown> = {}) => ({
  type: "30min",
  title: "30 Min Meeting between Host and Jane",
  description: "",
  additionalNotes: "",
  customInputs: {},
  startTime: "2030-01-07T09:00:00Z",
  endTime: "2030-01-07T09:30:00Z",
  organizer: { id: 5, username: "host", timeFormat: "h:mma", ...person("Host", "host@example.com") },
  responses: { name: { label: "your_name", value: "Jane" } },
  attendees: [person("Jane", "jane@example.com")],
  location: "integrations:daily",
  uid: "bFJeNb2uX8ANpT3JL5EfXw",
  bookingId: 91,
  eventTypeId: 7,
  length: 30,
  status: "ACCEPTED",
  metadata: { videoCallUrl: "https://app.cal.com/video/x" },
  appsStatus: [{ appName: "Cal Video", success: 1 }],
  ...extra
})

describe("CalComEvents", () => {
  it.effect("decodes every booking trigger as a typed event, extra payload fields kept", () =>
    Effect.gen(function*() {
      for (const trigger of CalComEvents.bookingTriggers) {
        const event = yield* CalComEvents.decodeEventJson(
          JSON.stringify({ triggerEvent: trigger, createdAt: "2030-01-01T10:00:00.000Z", payload: bookingPayload() })
        )
        expect([event.triggerEvent, CalComEvents.isBookingEvent(event)]).toEqual([trigger, true])
        if (!CalComEvents.isBookingEvent(event)) return expect.unreachable()
        expect([event.payload.uid, event.payload.attendees[0]?.email]).toEqual(["bFJeNb2uX8ANpT3JL5EfXw", "jane@example.com"])
        expect(event.payload.appsStatus).toEqual([{ appName: "Cal Video", success: 1 }])
      }
    }))

  it.effect("narrows by trigger to read cancellation and reschedule fields", () =>
    Effect.gen(function*() {
      const cancelled = yield* CalComEvents.decodeEvent({
        triggerEvent: "BOOKING_CANCELLED",
        createdAt: "2030-01-01T10:00:00.000Z",
        payload: bookingPayload({ status: "CANCELLED", cancellationReason: "Ill" })
      })
      if (!CalComEvents.is("BOOKING_CANCELLED")(cancelled)) return expect.unreachable()
      expect(cancelled.payload.cancellationReason).toBe("Ill")
      expect(CalComEvents.is("BOOKING_CREATED")(cancelled)).toBe(false)
      const rescheduled = yield* CalComEvents.decodeEvent({
        triggerEvent: "BOOKING_RESCHEDULED",
        createdAt: "2030-01-01T10:00:00.000Z",
        payload: bookingPayload({ rescheduleUid: "old-uid", rescheduleStartTime: "2030-01-06T09:00:00Z" })
      })
      expect(CalComEvents.isBookingEvent(rescheduled) && rescheduled.payload.rescheduleUid).toBe("old-uid")
    }))

  it.effect("keeps any other trigger whole, including a test ping", () =>
    Effect.gen(function*() {
      const meeting = {
        triggerEvent: "MEETING_ENDED",
        createdAt: "2030-01-01T10:00:00.000Z",
        payload: { bookingId: 91, roomName: "x" },
        extra: [1, 2]
      }
      const event = yield* CalComEvents.decodeEvent(meeting)
      expect(CalComEvents.isBookingEvent(event)).toBe(false)
      expect(event).toEqual(meeting)
      const ping = yield* CalComEvents.decodeEvent({ triggerEvent: "PING", createdAt: "2030-01-01T10:00:00.000Z", payload: {} })
      expect(ping.triggerEvent).toBe("PING")
    }))

  it.effect("reports a booking trigger whose payload does not match instead of passing it on as unknown", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        CalComEvents.decodeEvent({ triggerEvent: "BOOKING_CREATED", createdAt: "x", payload: { uid: "u" } })
      )
      expect(Exit.isFailure(exit)).toBe(true)
    }))
})
