/**
 * GoHighLevel webhook events as Schemas, from HighLevel's webhook events reference
 * (https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide and the per-event pages: ContactCreate,
 * OpportunityCreate, AppointmentCreate, ...). Each delivery is one JSON object whose `type` names the event, with the
 * `locationId`, the signed `timestamp` and `webhookId`, and the record's fields (an appointment's under `appointment`).
 * The contact, opportunity and appointment events are typed; any other type is kept whole, so a type this SDK does not
 * know yet is passed on, never dropped. Verify first with `webhooks/schemes/GoHighLevel` (`x-wh-signature`, RSA-SHA256
 * against HighLevel's public key), then decode.
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

const optionalNullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

/**
 * What every delivery carries: the location, and the signed envelope the replay checks read.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const envelopeFields = {
  locationId: Schema.String,
  /** ISO 8601; covered by the signature and checked against the tolerance window. */
  timestamp: Schema.optional(Schema.String),
  /** Unique per delivery; covered by the signature, the replay guard's key. */
  webhookId: Schema.optional(Schema.String)
}

/**
 * @since 0.3.0
 * @category Models
 */
export const contactTypes = ["ContactCreate", "ContactUpdate", "ContactDelete", "ContactDndUpdate", "ContactTagUpdate"] as const

/**
 * @since 0.3.0
 * @category Models
 */
export const opportunityTypes = [
  "OpportunityCreate",
  "OpportunityUpdate",
  "OpportunityDelete",
  "OpportunityStatusUpdate",
  "OpportunityStageUpdate",
  "OpportunityMonetaryValueUpdate",
  "OpportunityAssignedToUpdate"
] as const

/**
 * @since 0.3.0
 * @category Models
 */
export const appointmentTypes = ["AppointmentCreate", "AppointmentUpdate", "AppointmentDelete"] as const

/**
 * A contact was created, changed or deleted.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const ContactEvent = Schema.Struct({
  ...envelopeFields,
  type: Schema.Literal(...contactTypes),
  id: Schema.String,
  email: optionalNullable(Schema.String),
  phone: optionalNullable(Schema.String),
  firstName: optionalNullable(Schema.String),
  lastName: optionalNullable(Schema.String),
  name: optionalNullable(Schema.String),
  companyName: optionalNullable(Schema.String),
  source: optionalNullable(Schema.String),
  tags: optionalNullable(Schema.Array(Schema.String)),
  dnd: optionalNullable(Schema.Boolean),
  dateAdded: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface ContactEvent extends Schema.Schema.Type<typeof ContactEvent> {}

/**
 * An opportunity was created, changed (status, stage, value, owner) or deleted.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const OpportunityEvent = Schema.Struct({
  ...envelopeFields,
  type: Schema.Literal(...opportunityTypes),
  id: Schema.String,
  name: optionalNullable(Schema.String),
  contactId: optionalNullable(Schema.String),
  pipelineId: optionalNullable(Schema.String),
  pipelineStageId: optionalNullable(Schema.String),
  status: optionalNullable(Schema.String),
  monetaryValue: optionalNullable(Schema.Number),
  assignedTo: optionalNullable(Schema.String),
  source: optionalNullable(Schema.String),
  dateAdded: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface OpportunityEvent extends Schema.Schema.Type<typeof OpportunityEvent> {}

/**
 * An appointment was booked, changed or deleted; its fields are under `appointment`.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const AppointmentEvent = Schema.Struct({
  ...envelopeFields,
  type: Schema.Literal(...appointmentTypes),
  appointment: Schema.Struct({
    id: Schema.String,
    calendarId: optionalNullable(Schema.String),
    contactId: optionalNullable(Schema.String),
    title: optionalNullable(Schema.String),
    appointmentStatus: optionalNullable(Schema.String),
    assignedUserId: optionalNullable(Schema.String),
    startTime: optionalNullable(Schema.String),
    endTime: optionalNullable(Schema.String),
    dateAdded: optionalNullable(Schema.String)
  })
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface AppointmentEvent extends Schema.Schema.Type<typeof AppointmentEvent> {}

/**
 * @since 0.3.0
 * @category Models
 */
export type KnownEvent = ContactEvent | OpportunityEvent | AppointmentEvent

/**
 * @since 0.3.0
 * @category Models
 */
export type KnownType = KnownEvent["type"]

const catalog = WebhookEvents.catalog({
  known: [ContactEvent, OpportunityEvent, AppointmentEvent],
  unknown: Schema.Struct(
    { type: Schema.String, locationId: Schema.optional(Schema.String), webhookId: Schema.optional(Schema.String) },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  )
})

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: every event type this module types.
 * - `UnknownEvent`: any other event type (messages, tasks, notes, types HighLevel adds later), every field kept.
 * - `Event`: one GoHighLevel event: a typed event, or an `UnknownEvent` kept whole.
 * - `decodeEvent`: decodes one parsed event.
 * - `decodeEventJson`: decodes one event from the raw JSON text of a verified delivery.
 * - `isKnown`: narrows to the typed events, after which `type` narrows each case.
 * - `is`: narrows to one event type.
 *
 * @since 0.3.0
 * @category Decoding
 */
export const { knownTypes, UnknownEvent, Event, decodeEvent, decodeEventJson, isKnown, is } = catalog

/**
 * @since 0.3.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.3.0
 * @category Models
 */
export type Event = KnownEvent | UnknownEvent

/**
 * The typed event of a type, its `type` narrowed to that type.
 *
 * @since 0.3.0
 * @category Models
 */
export type EventOf<T extends KnownType> = WebhookEvents.EventOf<KnownEvent, "type", T>
