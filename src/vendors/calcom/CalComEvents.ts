/**
 * Cal.com webhook events as Schemas: `{ triggerEvent, createdAt, payload }`, typed for the booking triggers
 * (`BOOKING_CREATED`, `BOOKING_CANCELLED`, `BOOKING_RESCHEDULED`, ...) whose payload is the booking, and a fallback
 * that keeps any other trigger whole (meetings, recordings, forms, `PING`, triggers added later), so none is dropped.
 * Verify the signature first (`webhooks/schemes/CalCom`), then decode. A `WebhookEvents` catalogue whose
 * discriminator is `triggerEvent`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

/**
 * A person on a booking as webhooks render it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Person = Schema.Struct(
  {
    name: Schema.String,
    email: Schema.String,
    timeZone: Schema.String,
    id: Schema.optional(Schema.Number),
    username: optionalNullable(Schema.String),
    language: Schema.optional(Schema.Struct({ locale: Schema.String }))
  },
  AnyObject
)

/**
 * The booking a booking trigger is about. The fields listed are typed; every other field Cal.com sends (responses,
 * video call data, app statuses, ...) is kept as is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BookingPayload = Schema.Struct(
  {
    uid: Schema.optional(Schema.String),
    bookingId: optionalNullable(Schema.Number),
    /** The event type's slug. */
    type: Schema.optional(Schema.String),
    title: Schema.optional(Schema.String),
    eventTypeId: optionalNullable(Schema.Number),
    /** ISO 8601. */
    startTime: Schema.String,
    endTime: Schema.String,
    /** Minutes. */
    length: optionalNullable(Schema.Number),
    organizer: Person,
    attendees: Schema.Array(Person),
    location: optionalNullable(Schema.String),
    /** Upper case in webhooks: `ACCEPTED`, `PENDING`, `CANCELLED`, `REJECTED`, ... */
    status: Schema.optional(Schema.String),
    description: optionalNullable(Schema.String),
    additionalNotes: optionalNullable(Schema.String),
    cancellationReason: optionalNullable(Schema.String),
    rejectionReason: optionalNullable(Schema.String),
    rescheduleUid: optionalNullable(Schema.String),
    rescheduleStartTime: optionalNullable(Schema.String),
    rescheduleEndTime: optionalNullable(Schema.String),
    responses: Schema.optional(AnyObject),
    metadata: Schema.optional(AnyObject)
  },
  AnyObject
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface BookingPayload extends Schema.Schema.Type<typeof BookingPayload> {}

/**
 * A booking was created, rescheduled, cancelled, requested (awaiting confirmation), rejected, or its payment started or
 * completed.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BookingEvent = Schema.Struct({
  triggerEvent: Schema.Literal(
    "BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED", "BOOKING_REQUESTED", "BOOKING_REJECTED",
    "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID"
  ),
  /** ISO 8601: when Cal.com emitted the event. */
  createdAt: Schema.String,
  payload: BookingPayload
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BookingEvent extends Schema.Schema.Type<typeof BookingEvent> {}

/**
 * The triggers whose payload is a booking.
 *
 * @since 0.1.0
 * @category Models
 */
export const bookingTriggers = BookingEvent.fields.triggerEvent.literals

/**
 * @since 0.1.0
 * @category Models
 */
export type BookingTrigger = typeof bookingTriggers[number]

const catalog = WebhookEvents.catalog({
  known: [BookingEvent],
  unknown: Schema.Struct(
    { triggerEvent: Schema.String, createdAt: Schema.optional(Schema.String), payload: Schema.optional(Schema.Unknown) },
    AnyObject
  ),
  discriminator: "triggerEvent"
})

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: every trigger decoded into a typed event: the booking triggers.
 * - `UnknownEvent`: any other trigger, every field kept. Its trigger is never a booking trigger: a booking event whose
 *   payload does not match is a decoding error (drift to look at), not an unknown event.
 * - `Event`: a Cal.com webhook event: a typed booking event, or an `UnknownEvent` kept whole.
 * - `decodeEvent`: decodes a parsed JSON event.
 * - `decodeEventJson`: decodes an event from the raw JSON text of a verified webhook body.
 * - `isKnown`: narrows to the typed events: the booking events.
 * - `is`: narrows to one trigger.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const { knownTypes, UnknownEvent, Event, decodeEvent, decodeEventJson, isKnown, is } = catalog

/**
 * @since 0.1.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = BookingEvent | UnknownEvent

/**
 * @since 0.2.0
 * @category Models
 */
export type KnownEvent = BookingEvent

/**
 * Narrows to the booking events (`isKnown`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isBookingEvent: (event: Event) => event is BookingEvent = catalog.isKnown

