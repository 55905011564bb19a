/**
 * Cal.com: offer the next free slots of an event type, book one without ever booking twice, reschedule or cancel it,
 * and receive booking webhooks. Cal.com has no idempotency keys, so the client never repeats a booking that may have
 * been made; this example shows what to do instead when a booking is ambiguous. Needs `CAL_API_KEY` and, for webhooks,
 * `CAL_WEBHOOK_SECRET`; read it as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import { CalComClient, CalComError, CalComEvents, CalComSchemas } from "effect-integrations/calcom"
import { CalComWebhook, Webhooks, WebhookScheme } from "effect-integrations/webhooks"

const EVENT_TYPE_ID = 1001

/** The first free start times over the next week, in the attendee's time zone. */
const nextSlots = (timeZone: string) =>
  Effect.gen(function*() {
    const cal = yield* CalComClient.CalComClient
    const now = new Date()
    const inAWeek = new Date(now.getTime() + 7 * 24 * 3_600_000)
    const { slots } = yield* cal.slots.available({
      eventTypeId: EVENT_TYPE_ID,
      startTime: now.toISOString(),
      endTime: inAWeek.toISOString(),
      timeZone
    })
    return Object.values(slots).flat().slice(0, 5).map((slot) => ("time" in slot ? slot.time : slot.startTime))
  })

const book = (start: string) =>
  Effect.gen(function*() {
    const cal = yield* CalComClient.CalComClient
    const booked = yield* cal.bookings.create({
      start,
      eventTypeId: EVENT_TYPE_ID,
      attendee: { name: "Jane Doe", email: "jane@example.com", timeZone: "Europe/Rome", language: "it" },
      bookingFieldsResponses: { notes: "Intro call" }
    })
    const first = CalComSchemas.isSeries(booked) ? booked[0] : booked
    yield* Effect.log(`booked ${first?.uid} at ${first?.start}`)
    return first?.uid
  }).pipe(
    Effect.tapError((error) =>
      CalComError.isAmbiguousBooking(error)
        // The booking may exist: do not book again blindly. Look it up, or let the attendee pick again.
        ? Effect.logWarning(`booking may or may not exist (${error.reason}); not booking again automatically`)
        : Effect.void
    )
  )

/** A webhook endpoint's body: verify `X-Cal-Signature-256`, then act on booking changes; other triggers are kept. */
export const handleWebhook = (rawBody: Uint8Array, headers: Record<string, string>) =>
  Effect.gen(function*() {
    const secret = yield* Config.redacted("CAL_WEBHOOK_SECRET")
    const { event } = yield* Webhooks.verifyAndDecode(CalComWebhook.scheme, CalComEvents.Event)(
      WebhookScheme.makeRequest({ body: rawBody, headers }),
      secret
    )
    if (CalComEvents.is("BOOKING_CANCELLED")(event)) {
      yield* Effect.log(`booking ${event.payload.uid ?? "?"} cancelled`)
    } else if (CalComEvents.isBookingEvent(event)) {
      yield* Effect.log(`${event.triggerEvent} for ${event.payload.startTime}`)
    } else {
      yield* Effect.log(`kept a ${event.triggerEvent} event`)
    }
  })

Effect.gen(function*() {
  const cal = yield* CalComClient.CalComClient
  const [start] = yield* nextSlots("Europe/Rome")
  if (start === undefined) return yield* Effect.log("no free slot this week")
  const uid = yield* book(start)
  if (uid === undefined) return
  const [later] = (yield* nextSlots("Europe/Rome")).slice(1)
  const moved = later === undefined ? undefined : yield* cal.bookings.reschedule(uid, { start: later, reschedulingReason: "Clash" })
  yield* cal.bookings.cancel(moved?.uid ?? uid, { cancellationReason: "Example over" })
}).pipe(
  Effect.provide(CalComClient.layerConfig()),
  Effect.provide(NodeHttpClient.layerUndici),
  NodeRuntime.runMain
)
