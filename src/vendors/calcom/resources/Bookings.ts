/**
 * Cal.com bookings (`cal-api-version: 2024-08-13`): create, get, cancel and reschedule. Cal.com has no idempotency
 * keys, so a create or reschedule (which creates a new booking) is retried only after a 429, which proves it was not
 * applied; a timeout or 5xx is returned for the caller to check (`CalComError.isAmbiguousBooking`).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../CalComClient.js"
import * as S from "../CalComSchemas.js"
import * as Op from "../internal/operation.js"

/** A booking uid: a path segment, so never `.` or `..`. */
const Uid = VendorClient.PathSegment(200, "a booking uid, not a dot segment")

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Books a slot. A recurring event type books every occurrence and answers with all of them. */
  readonly create: VendorClient.Method<S.CreateBookingParams, S.BookingData, CallOptions>
  /** A booking by uid; a recurring booking's uid answers with every occurrence. */
  readonly get: (uid: string, options?: CallOptions) => Effect.Effect<S.BookingData, IntegrationError>
  /**
   * Cancels a booking. Retried like a read (cancelling twice leaves it cancelled), so after a lost answer the retry may
   * be refused with 400 because the first attempt already cancelled it.
   */
  readonly cancel: (
    uid: string,
    params: S.CancelBookingParams,
    options?: CallOptions
  ) => Effect.Effect<S.BookingData, IntegrationError>
  /** Moves a booking to a new start: Cal.com cancels it and answers with the new booking (`rescheduledFromUid`). */
  readonly reschedule: (
    uid: string,
    params: S.RescheduleBookingParams,
    options?: CallOptions
  ) => Effect.Effect<S.Booking | S.RecurringBooking, IntegrationError>
}

/**
 * Declares the booking operations on a Cal.com pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, version: string): Api => {
  const headers = Op.versionHeader(version)
  const create = http.operation({
    name: "bookings.create",
    method: "POST",
    input: S.CreateBookingParams,
    output: S.Envelope(S.BookingData),
    request: (params) => ({ path: "/bookings", headers, body: HttpIntegration.json(params) })
  })
  const get = http.operation({
    name: "bookings.get",
    method: "GET",
    input: Uid,
    output: S.Envelope(S.BookingData),
    request: (uid) => ({ path: VendorClient.path`/bookings/${uid}`, headers })
  })
  const cancel = http.operation({
    name: "bookings.cancel",
    method: "POST",
    idempotent: true,
    input: Schema.Struct({ uid: Uid, params: S.CancelBookingParams }),
    output: S.Envelope(S.BookingData),
    request: ({ params, uid }) => ({
      path: VendorClient.path`/bookings/${uid}/cancel`,
      headers,
      body: HttpIntegration.json(params)
    })
  })
  const reschedule = http.operation({
    name: "bookings.reschedule",
    method: "POST",
    input: Schema.Struct({ uid: Uid, params: S.RescheduleBookingParams }),
    output: S.Envelope(Schema.Union(S.RecurringBooking, S.Booking)),
    request: ({ params, uid }) => ({
      path: VendorClient.path`/bookings/${uid}/reschedule`,
      headers,
      body: HttpIntegration.json(params)
    })
  })
  const cancelData = Op.data(cancel)
  const rescheduleData = Op.data(reschedule)
  return {
    create: Op.data(create),
    get: Op.data(get),
    cancel: (uid, params, options) => cancelData({ uid, params }, options),
    reschedule: (uid, params, options) => rescheduleData({ uid, params }, options)
  }
}
