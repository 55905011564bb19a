/**
 * GoHighLevel calendars: list a location's calendars, read a calendar's free slots, and create, get and update
 * appointments (a reschedule, a cancellation as `appointmentStatus: "cancelled"`).
 *
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../GoHighLevelClient.js"
import * as S from "../GoHighLevelSchemas.js"
import * as Op from "../internal/operation.js"

/**
 * @since 0.3.0
 * @category Models
 */
export interface AppointmentsApi {
  /** Not retried after a timeout or a 5xx: GoHighLevel takes no idempotency key, and the slot may be booked already. */
  readonly create: VendorClient.Method<S.CreateAppointmentParams, S.Appointment, CallOptions>
  readonly get: (eventId: string, options?: CallOptions) => Effect.Effect<S.CalendarEvent, IntegrationError>
  readonly update: (
    eventId: string,
    params: S.UpdateAppointmentParams,
    options?: CallOptions
  ) => Effect.Effect<S.Appointment, IntegrationError>
}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Api {
  readonly list: VendorClient.Method<S.ListCalendarsParams, ReadonlyArray<S.Calendar>, CallOptions>
  readonly freeSlots: (
    calendarId: string,
    params: S.FreeSlotsParams,
    options?: CallOptions
  ) => Effect.Effect<S.FreeSlots, IntegrationError>
  readonly appointments: AppointmentsApi
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The days of a free-slots answer: keys shaped like a date holding `{ slots: string[] }`; other keys are
 * skipped.
 *
 * @since 0.3.0
 * @category Combinators
 */
export const toFreeSlots = (answer: Readonly<Record<string, unknown>>): S.FreeSlots => ({
  days: Object.entries(answer).flatMap(([date, value]) =>
    DAY.test(date) && Predicate.isRecord(value) && Array.isArray(value.slots)
      ? [{ date, slots: value.slots.filter(Predicate.isString) }]
      : []
  )
})

/**
 * Declares the calendar operations on a GoHighLevel pipeline.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const list = http.operation({
    name: "calendars.list",
    method: "GET",
    input: S.ListCalendarsParams,
    output: S.CalendarsResponse,
    request: (params) => ({ path: "/calendars/", query: { ...params } })
  })
  const freeSlots = http.operation({
    name: "calendars.freeSlots",
    method: "GET",
    input: Schema.Struct({ id: Op.Id, params: S.FreeSlotsParams }),
    output: S.FreeSlotsResponse,
    request: ({ id, params }) => ({ path: VendorClient.path`/calendars/${id}/free-slots`, query: { ...params } })
  })
  const create = http.operation({
    name: "appointments.create",
    method: "POST",
    input: S.CreateAppointmentParams,
    output: S.Appointment,
    request: (params) => ({ path: "/calendars/events/appointments", body: HttpIntegration.json(params) })
  })
  const get = http.operation({
    name: "appointments.get",
    method: "GET",
    input: Op.Id,
    output: S.CalendarEventResponse,
    request: (id) => ({ path: VendorClient.path`/calendars/events/appointments/${id}` })
  })
  const update = http.operation({
    name: "appointments.update",
    method: "PUT",
    input: Schema.Struct({ id: Op.Id, params: S.UpdateAppointmentParams }),
    output: S.Appointment,
    request: ({ id, params }) => ({
      path: VendorClient.path`/calendars/events/appointments/${id}`,
      body: HttpIntegration.json(params)
    })
  })
  return {
    list: (params, options) => Effect.map(list(params, options), (answer) => answer.calendars),
    freeSlots: (calendarId, params, options) =>
      Effect.map(freeSlots({ id: calendarId, params }, options), toFreeSlots),
    appointments: {
      create: (params, options) => create(params, options),
      get: (eventId, options) => Effect.map(get(eventId, options), (answer) => answer.event),
      update: (eventId, params, options) => update({ id: eventId, params }, options)
    }
  }
}
