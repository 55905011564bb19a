/**
 * Cal.com API v2 requests and answers as Schemas, with the field names of Cal.com's OpenAPI document
 * (`apps/api/v2/swagger/documentation.json`): bookings (`2024-08-13`), event types (`2024-06-14`) and available slots.
 * Every answer is wrapped as `{ status: "success", data }`; the operations return `data`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

// ---------------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A string enum that may grow: the known values are suggested by the type, any other string still decodes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OpenLiteral = <const Values extends ReadonlyArray<string>>(
  ...values: Values
): Schema.Schema<Values[number] | (string & {}), string> =>
  Schema.String.annotations({ description: `known values: ${values.join(", ")}; others Cal.com adds later decode too` }) as
    Schema.Schema<Values[number] | (string & {}), string>

/**
 * `{ status, data }`, the wrapper of every Cal.com v2 answer.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Envelope = <A, I>(data: Schema.Schema<A, I>) =>
  Schema.Struct({ status: Schema.Literal("success", "error"), data })

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/
const ISO_DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/

/**
 * A moment in UTC, ISO 8601 with a `Z` (`2024-08-13T09:00:00Z`): Cal.com reads booking times as UTC.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UtcDateTime = Schema.String.pipe(
  Schema.filter((value) =>
    (ISO_INSTANT.test(value) && value.endsWith("Z") && Number.isFinite(Date.parse(value))) ||
    "an ISO 8601 date-time in UTC, e.g. 2024-08-13T09:00:00Z"
  )
)

/**
 * An ISO 8601 date or date-time (`2024-08-13` or `2024-08-13T00:00:00.000Z`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DateOrDateTime = Schema.String.pipe(
  Schema.filter((value) =>
    (ISO_DATE_OR_INSTANT.test(value) && Number.isFinite(Date.parse(value))) || "an ISO 8601 date or date-time"
  )
)

const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value })
    return true
  } catch {
    return false
  }
}

/**
 * An IANA time zone Node knows (`Europe/Rome`, `America/New_York`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TimeZone = Schema.NonEmptyTrimmedString.pipe(
  Schema.filter((value) => isTimeZone(value) || "an IANA time zone such as Europe/Rome")
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Email = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "an email address" }),
  Schema.maxLength(320)
)

/**
 * The languages Cal.com localises booking emails in.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Language = Schema.Literal(
  "ar", "ca", "de", "es", "eu", "he", "id", "ja", "lv", "pl", "ro", "sr", "th", "vi", "az", "cs", "el", "es-419", "fi",
  "hr", "it", "km", "nl", "pt", "ru", "sv", "tr", "zh-CN", "bg", "da", "en", "et", "fr", "hu", "iw", "ko", "no", "pt-BR",
  "sk", "ta", "uk", "zh-TW"
)

const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// ---------------------------------------------------------------------------------------------------------------------
// Event types
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An event type (`EventTypeOutput_2024_06_14`). The settings this SDK does not interpret are kept as Cal.com sends them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EventType = Schema.Struct({
  id: Schema.Number,
  title: Schema.String,
  slug: Schema.String,
  lengthInMinutes: Schema.Number,
  description: Schema.optional(Schema.NullOr(Schema.String)),
  locations: Schema.optional(Schema.Array(AnyObject)),
  bookingFields: Schema.optional(Schema.Array(AnyObject)),
  disableGuests: Schema.optional(Schema.Boolean),
  slotInterval: Schema.optional(Schema.NullOr(Schema.Number)),
  minimumBookingNotice: Schema.optional(Schema.Number),
  beforeEventBuffer: Schema.optional(Schema.Number),
  afterEventBuffer: Schema.optional(Schema.Number),
  price: Schema.optional(Schema.Number),
  currency: Schema.optional(Schema.String),
  isInstantEvent: Schema.optional(Schema.Boolean),
  ownerId: Schema.optional(Schema.NullOr(Schema.Number)),
  users: Schema.optional(Schema.Array(Schema.String)),
  metadata: Schema.optional(Schema.Unknown),
  recurrence: Schema.optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface EventType extends Schema.Schema.Type<typeof EventType> {}

/**
 * Which event types to list: the caller's own by default; a user's public ones with `username`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListEventTypesParams = Schema.Struct({
  username: Schema.optional(Schema.NonEmptyTrimmedString),
  /** Needs `username`: several users may have an event type with the same slug. */
  eventSlug: Schema.optional(Schema.NonEmptyTrimmedString),
  /** A dynamic group event for several users. */
  usernames: Schema.optional(Schema.NonEmptyArray(Schema.NonEmptyTrimmedString))
}).pipe(
  Schema.filter((params) =>
    params.eventSlug === undefined || params.username !== undefined || "eventSlug needs username"
  )
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ListEventTypesParams = typeof ListEventTypesParams.Type

// ---------------------------------------------------------------------------------------------------------------------
// Slots
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Which slots to list: an event type by id (or by slug with its owner's username), between two dates.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AvailableSlotsParams = Schema.Struct({
  startTime: DateOrDateTime,
  endTime: DateOrDateTime,
  eventTypeId: Schema.optional(Schema.Int.pipe(Schema.positive())),
  eventTypeSlug: Schema.optional(Schema.NonEmptyTrimmedString),
  usernameList: Schema.optional(Schema.NonEmptyArray(Schema.NonEmptyTrimmedString)),
  /** For event types with several lengths: the one to list slots for, in minutes. */
  duration: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** The time zone the slots' day keys are in. */
  timeZone: Schema.optional(TimeZone),
  orgSlug: Schema.optional(Schema.NonEmptyTrimmedString),
  /** `time` (default): each slot's start; `range`: its start and end. */
  slotFormat: Schema.optional(Schema.Literal("time", "range")),
  /** The booking being rescheduled, whose own slot then counts as free. */
  rescheduleUid: Schema.optional(Schema.NonEmptyTrimmedString)
}).pipe(
  Schema.filter((params) => {
    if (params.eventTypeId === undefined && params.eventTypeSlug === undefined) return "give eventTypeId or eventTypeSlug"
    if (params.eventTypeSlug !== undefined && params.usernameList === undefined) return "eventTypeSlug needs usernameList"
    return Date.parse(params.startTime) < Date.parse(params.endTime) || "startTime must be before endTime"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type AvailableSlotsParams = typeof AvailableSlotsParams.Type

/**
 * One free slot: its start, or with `slotFormat: "range"` its start and end.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Slot = Schema.Union(
  Schema.Struct({ startTime: Schema.String, endTime: Schema.String }),
  Schema.Struct({ time: Schema.String })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Slot = typeof Slot.Type

/**
 * Free slots by day (`"2024-09-25"`), each day in start order.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AvailableSlots = Schema.Struct({ slots: Schema.Record({ key: Schema.String, value: Schema.Array(Slot) }) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface AvailableSlots extends Schema.Schema.Type<typeof AvailableSlots> {}

// ---------------------------------------------------------------------------------------------------------------------
// Bookings
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Who books (`Attendee`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AttendeeInput = Schema.Struct({
  name: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500)),
  email: Email,
  timeZone: TimeZone,
  /** The language of the attendee's emails; `en` when absent. */
  language: Schema.optional(Language)
})

/**
 * A new booking (`CreateBookingInput_2024_08_13`; with `instant: true`, an instant team meeting). A recurring event type
 * creates every occurrence and answers with all of them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateBookingParams = Schema.Struct({
  start: UtcDateTime,
  eventTypeId: Schema.Int.pipe(Schema.positive()),
  attendee: AttendeeInput,
  guests: Schema.optional(Schema.Array(Email)),
  meetingUrl: Schema.optional(Schema.NonEmptyTrimmedString),
  /** Answers to the event type's booking questions, by field slug. */
  bookingFieldsResponses: Schema.optional(AnyObject),
  instant: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateBookingParams extends Schema.Schema.Type<typeof CreateBookingParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CancelBookingParams = Schema.Struct({
  cancellationReason: Schema.String.pipe(Schema.maxLength(5000))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CancelBookingParams extends Schema.Schema.Type<typeof CancelBookingParams> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RescheduleBookingParams = Schema.Struct({
  start: UtcDateTime,
  reschedulingReason: Schema.optional(Schema.String.pipe(Schema.maxLength(5000)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface RescheduleBookingParams extends Schema.Schema.Type<typeof RescheduleBookingParams> {}

/**
 * A booking's attendee as returned.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Attendee = Schema.Struct({
  name: Schema.String,
  email: Schema.String,
  timeZone: Schema.String,
  language: Schema.optional(Schema.String),
  absent: Schema.optional(Schema.Boolean)
})

/**
 * A host of a booking. The spec lists `userId`; newer answers carry the user's id, name and email.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Host = Schema.Struct({
  userId: Schema.optional(Schema.Number),
  id: Schema.optional(Schema.Number),
  name: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  username: Schema.optional(Schema.String),
  timeZone: Schema.optional(Schema.String),
  mandatory: Schema.optional(Schema.Boolean),
  priority: Schema.optional(Schema.String)
})

const bookingFields = {
  id: Schema.Number,
  uid: Schema.String,
  title: Schema.optional(Schema.String),
  hosts: Schema.Array(Host),
  status: OpenLiteral("cancelled", "accepted", "rejected", "pending", "rescheduled"),
  cancellationReason: Schema.optional(Schema.NullOr(Schema.String)),
  reschedulingReason: Schema.optional(Schema.NullOr(Schema.String)),
  rescheduledFromUid: Schema.optional(Schema.NullOr(Schema.String)),
  /** ISO 8601, UTC. */
  start: Schema.String,
  end: Schema.String,
  /** Minutes. */
  duration: Schema.Number,
  eventTypeId: Schema.Number,
  attendees: Schema.Array(Attendee),
  guests: Schema.optional(Schema.Array(Schema.String)),
  meetingUrl: Schema.optional(Schema.NullOr(Schema.String)),
  absentHost: Schema.Boolean
}

/**
 * A booking (`BookingOutput_2024_08_13`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Booking = Schema.Struct(bookingFields)

/**
 * @since 0.1.0
 * @category Models
 */
export interface Booking extends Schema.Schema.Type<typeof Booking> {}

/**
 * One occurrence of a recurring booking (`RecurringBookingOutput_2024_08_13`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RecurringBooking = Schema.Struct({ ...bookingFields, recurringBookingUid: Schema.String })

/**
 * @since 0.1.0
 * @category Models
 */
export interface RecurringBooking extends Schema.Schema.Type<typeof RecurringBooking> {}

/**
 * What the booking operations answer: a booking, one occurrence of a recurring booking, or (for a recurring event
 * type, or a recurring booking's uid) every occurrence.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BookingData = Schema.Union(Schema.Array(RecurringBooking), RecurringBooking, Booking)

/**
 * @since 0.1.0
 * @category Models
 */
export type BookingData = typeof BookingData.Type

/**
 * Every occurrence of a recurring booking, as answered for a recurring event type or a recurring booking's uid.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isSeries = (data: BookingData): data is ReadonlyArray<RecurringBooking> => Array.isArray(data)

// ---------------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Cal.com's error body: `{ status: "error", timestamp, path, error: { code, message, details } }`. Only `code` is an
 * identifier; the message and details are free text.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorBody = Schema.Struct({
  status: Schema.Literal("error"),
  timestamp: Schema.optional(Schema.String),
  path: Schema.optional(Schema.String),
  error: Schema.Struct({ code: Schema.String, message: Schema.optional(Schema.String), details: Schema.optional(Schema.Unknown) })
})
