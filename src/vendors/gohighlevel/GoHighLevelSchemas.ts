/**
 * GoHighLevel API v2 request and response bodies, written from HighLevel's OpenAPI documents
 * (GoHighLevel/highlevel-api-docs, `apps/contacts.json`, `opportunities.json`, `calendars.json`, `oauth.json`, OAS 3.0,
 * 2026-05-01). Requests are strict (the spec's required fields and enums, checked before any I/O); responses are
 * tolerant (only what callers need, `null` accepted for unset fields, open enums as strings).
 *
 * Where the spec says nothing, the API reference says it, and each such Schema names its source: the contact search
 * body (`SearchBodyV2DTO` is an empty object in the spec) follows the "Search Contacts" reference
 * (https://marketplace.gohighlevel.com/docs/ghl/contacts/search-contacts-advanced); its answer has no schema at all,
 * so it is checked against a recorded example (capture-only).
 *
 * @since 0.3.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"
import { Id } from "./internal/operation.js"

const optionalNullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

// ---------------------------------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A custom field value on a create or update: the field's `id` (or its `key`) and its value (text, number, list of
 * options, ...), as `customFieldsInputArraySchema` and its siblings declare it.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CustomFieldInput = Schema.Struct({
  id: Schema.NonEmptyString,
  key: Schema.optional(Schema.String),
  field_value: Schema.optional(Schema.Union(Schema.String, Schema.Number, Schema.Array(Schema.String)))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface CustomFieldInput extends Schema.Schema.Type<typeof CustomFieldInput> {}

/**
 * A custom field as GoHighLevel answers it: `value` on contacts, `fieldValue` on opportunities.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CustomFieldValue = Schema.Struct({
  id: Schema.String,
  value: Schema.optional(Schema.Unknown),
  fieldValue: Schema.optional(Schema.Unknown)
})

const DndSetting = Schema.Struct({
  status: Schema.Literal("active", "inactive", "permanent"),
  message: Schema.optional(Schema.String),
  code: Schema.optional(Schema.String)
})

/**
 * Do-not-disturb per channel (`DndSettingsSchema`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const DndSettings = Schema.Struct({
  Call: Schema.optional(DndSetting),
  Email: Schema.optional(DndSetting),
  SMS: Schema.optional(DndSetting),
  WhatsApp: Schema.optional(DndSetting),
  GMB: Schema.optional(DndSetting),
  FB: Schema.optional(DndSetting)
})

// ---------------------------------------------------------------------------------------------------------------------
// Contacts
// ---------------------------------------------------------------------------------------------------------------------

const contactFields = {
  firstName: Schema.optional(Schema.NullOr(Schema.String)),
  lastName: Schema.optional(Schema.NullOr(Schema.String)),
  name: Schema.optional(Schema.NullOr(Schema.String)),
  email: Schema.optional(Schema.NullOr(Schema.String)),
  phone: Schema.optional(Schema.NullOr(Schema.String)),
  address1: Schema.optional(Schema.NullOr(Schema.String)),
  city: Schema.optional(Schema.NullOr(Schema.String)),
  state: Schema.optional(Schema.NullOr(Schema.String)),
  postalCode: Schema.optional(Schema.String),
  website: Schema.optional(Schema.NullOr(Schema.String)),
  timezone: Schema.optional(Schema.NullOr(Schema.String)),
  dnd: Schema.optional(Schema.Boolean),
  dndSettings: Schema.optional(DndSettings),
  tags: Schema.optional(Schema.Array(Schema.String)),
  customFields: Schema.optional(Schema.Array(CustomFieldInput)),
  source: Schema.optional(Schema.NullOr(Schema.String)),
  /** `YYYY-MM-DD` and the other formats the reference lists. */
  dateOfBirth: Schema.optional(Schema.NullOr(Schema.String)),
  /** A two-letter country code from GoHighLevel's country list. */
  country: Schema.optional(Schema.String),
  assignedTo: Schema.optional(Schema.NullOr(Schema.String))
}

/**
 * `POST /contacts/` (`CreateContactDto`): `locationId` is required; the location's duplicate settings decide whether a
 * second contact with the same email or phone is refused.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CreateContactParams = Schema.Struct({
  ...contactFields,
  locationId: Id,
  gender: Schema.optional(Schema.String),
  companyName: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface CreateContactParams extends Schema.Schema.Type<typeof CreateContactParams> {}

/**
 * `PUT /contacts/{contactId}` (`UpdateContactDto`): only the fields given are changed.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpdateContactParams = Schema.Struct(contactFields)

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpdateContactParams extends Schema.Schema.Type<typeof UpdateContactParams> {}

/**
 * `POST /contacts/upsert` (`UpsertContactDto`): finds the contact by email or phone, in the order the location's
 * "Allow Duplicate Contact" setting gives, and updates it, or creates one.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpsertContactParams = Schema.Struct({
  ...CreateContactParams.fields,
  createNewIfDuplicateAllowed: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpsertContactParams extends Schema.Schema.Type<typeof UpsertContactParams> {}

/**
 * A contact as GoHighLevel answers it (`GetContectByIdSchema`, `CreateContactSchema`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Contact = Schema.Struct({
  id: Schema.String,
  locationId: optionalNullable(Schema.String),
  name: optionalNullable(Schema.String),
  firstName: optionalNullable(Schema.String),
  lastName: optionalNullable(Schema.String),
  email: optionalNullable(Schema.String),
  phone: optionalNullable(Schema.String),
  companyName: optionalNullable(Schema.String),
  timezone: optionalNullable(Schema.String),
  dnd: optionalNullable(Schema.Boolean),
  type: optionalNullable(Schema.String),
  source: optionalNullable(Schema.String),
  assignedTo: optionalNullable(Schema.String),
  address1: optionalNullable(Schema.String),
  city: optionalNullable(Schema.String),
  state: optionalNullable(Schema.String),
  country: optionalNullable(Schema.String),
  postalCode: optionalNullable(Schema.String),
  website: optionalNullable(Schema.String),
  tags: optionalNullable(Schema.Array(Schema.String)),
  dateAdded: optionalNullable(Schema.String),
  dateUpdated: optionalNullable(Schema.String),
  customFields: optionalNullable(Schema.Array(CustomFieldValue)),
  businessId: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface Contact extends Schema.Schema.Type<typeof Contact> {}

/**
 * `{ contact }`: the answer of get (`ContactsByIdSuccessfulResponseDto`), create and update.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const ContactResponse = Schema.Struct({ contact: Contact })

/**
 * `POST /contacts/upsert` (`UpsertContactsSuccessfulResponseDto`): `new` says whether the contact was created.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpsertContactResponse = Schema.Struct({
  new: Schema.Boolean,
  contact: Contact,
  traceId: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpsertContactResponse extends Schema.Schema.Type<typeof UpsertContactResponse> {}

/**
 * `{ succeded }` (sic): the answer of the deletes and of the opportunity status update.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Succeeded = Schema.Struct({ succeded: optionalNullable(Schema.Boolean) })

/**
 * One condition of a contact search: a `field` (`firstNameLowerCase`, `tags`, `dateAdded`, a custom field's
 * `customFields.<id>`), an `operator` and, except for `exists` / `not_exists`, a value (at most 75 characters).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchFilter = Schema.Struct({
  field: Schema.NonEmptyString,
  operator: Schema.Literal("eq", "not_eq", "contains", "not_contains", "exists", "not_exists", "range"),
  value: Schema.optional(
    Schema.Union(
      Schema.String.pipe(Schema.maxLength(75)),
      Schema.Number,
      Schema.Boolean,
      Schema.Array(Schema.String),
      Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) })
    )
  )
})

/**
 * Filters, each a condition or an `AND` / `OR` group of conditions.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchFilters = Schema.Array(
  Schema.Union(
    SearchFilter,
    Schema.Struct({ group: Schema.Literal("AND", "OR"), filters: Schema.Array(SearchFilter) })
  )
)

/**
 * `POST /contacts/search` (from the "Search Contacts" reference; the spec's `SearchBodyV2DTO` is empty): `pageLimit`
 * up to 500; `page` for the first 10,000 matches, or the `searchAfter` cursor of the last contact for any number, never
 * both.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchContactsParams = Schema.Struct({
  locationId: Id,
  pageLimit: Schema.Int.pipe(Schema.between(1, 500)),
  page: Schema.optional(Schema.Int.pipe(Schema.positive())),
  searchAfter: Schema.optional(Schema.Array(Schema.Union(Schema.String, Schema.Number))),
  filters: Schema.optional(SearchFilters),
  sort: Schema.optional(
    Schema.Array(Schema.Struct({ field: Schema.NonEmptyString, direction: Schema.Literal("asc", "desc") })).pipe(
      Schema.maxItems(2)
    )
  ),
  query: Schema.optional(Schema.String.pipe(Schema.maxLength(75)))
}).pipe(
  Schema.filter((params) =>
    params.page === undefined || params.searchAfter === undefined || "give page or searchAfter, not both"
  )
)

/**
 * @since 0.3.0
 * @category Models
 */
export interface SearchContactsParams extends Schema.Schema.Type<typeof SearchContactsParams> {}

/**
 * A contact in search results: the contact and the `searchAfter` cursor that continues after it.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchedContact = Schema.Struct({
  ...Contact.fields,
  searchAfter: optionalNullable(Schema.Array(Schema.Union(Schema.String, Schema.Number)))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface SearchedContact extends Schema.Schema.Type<typeof SearchedContact> {}

/**
 * One page of a contact search: the contacts and the `total` of matches.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchContactsPage = Schema.Struct({
  contacts: Schema.Array(SearchedContact),
  total: optionalNullable(Schema.Number)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface SearchContactsPage extends Schema.Schema.Type<typeof SearchContactsPage> {}

// ---------------------------------------------------------------------------------------------------------------------
// Opportunities
// ---------------------------------------------------------------------------------------------------------------------

/**
 * An opportunity's status. `all` is accepted by the spec's enums but is a search value, not a state.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const OpportunityStatus = Schema.Literal("open", "won", "lost", "abandoned")

/**
 * @since 0.3.0
 * @category Models
 */
export type OpportunityStatus = typeof OpportunityStatus.Type

/**
 * `POST /opportunities/` (`CreateDto`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CreateOpportunityParams = Schema.Struct({
  pipelineId: Id,
  locationId: Id,
  name: Schema.NonEmptyString,
  pipelineStageId: Schema.optional(Id),
  status: OpportunityStatus,
  contactId: Id,
  monetaryValue: Schema.optional(Schema.Number),
  assignedTo: Schema.optional(Schema.String),
  customFields: Schema.optional(Schema.Array(CustomFieldInput))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface CreateOpportunityParams extends Schema.Schema.Type<typeof CreateOpportunityParams> {}

/**
 * `PUT /opportunities/{id}` (`UpdateOpportunityDto`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpdateOpportunityParams = Schema.Struct({
  pipelineId: Schema.optional(Id),
  name: Schema.optional(Schema.NonEmptyString),
  pipelineStageId: Schema.optional(Id),
  status: Schema.optional(OpportunityStatus),
  monetaryValue: Schema.optional(Schema.Number),
  assignedTo: Schema.optional(Schema.String),
  customFields: Schema.optional(Schema.Array(CustomFieldInput))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpdateOpportunityParams extends Schema.Schema.Type<typeof UpdateOpportunityParams> {}

/**
 * `PUT /opportunities/{id}/status` (`UpdateStatusDto`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpdateOpportunityStatusParams = Schema.Struct({
  status: OpportunityStatus,
  lostReasonId: Schema.optional(Id)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpdateOpportunityStatusParams extends Schema.Schema.Type<typeof UpdateOpportunityStatusParams> {}

/**
 * An opportunity (`SearchOpportunitiesResponseSchema`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Opportunity = Schema.Struct({
  id: Schema.String,
  name: optionalNullable(Schema.String),
  monetaryValue: optionalNullable(Schema.Number),
  pipelineId: optionalNullable(Schema.String),
  pipelineStageId: optionalNullable(Schema.String),
  assignedTo: optionalNullable(Schema.String),
  status: optionalNullable(openLiteral("open", "won", "lost", "abandoned")),
  source: optionalNullable(Schema.String),
  lastStatusChangeAt: optionalNullable(Schema.String),
  lastStageChangeAt: optionalNullable(Schema.String),
  createdAt: optionalNullable(Schema.String),
  updatedAt: optionalNullable(Schema.String),
  contactId: optionalNullable(Schema.String),
  locationId: optionalNullable(Schema.String),
  lostReasonId: optionalNullable(Schema.String),
  customFields: optionalNullable(Schema.Array(CustomFieldValue))
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface Opportunity extends Schema.Schema.Type<typeof Opportunity> {}

/**
 * `{ opportunity }` (`GetPostOpportunitySuccessfulResponseDto`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const OpportunityResponse = Schema.Struct({ opportunity: Opportunity })

/**
 * `GET /opportunities/search` query parameters (snake_case as the API takes them). `limit` is at most 100.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchOpportunitiesParams = Schema.Struct({
  location_id: Id,
  q: Schema.optional(Schema.String),
  pipeline_id: Schema.optional(Id),
  pipeline_stage_id: Schema.optional(Id),
  contact_id: Schema.optional(Id),
  status: Schema.optional(Schema.Literal("open", "won", "lost", "abandoned", "all")),
  assigned_to: Schema.optional(Schema.String),
  order: Schema.optional(Schema.String),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))),
  startAfter: Schema.optional(Schema.String),
  startAfterId: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface SearchOpportunitiesParams extends Schema.Schema.Type<typeof SearchOpportunitiesParams> {}

/**
 * One page of an opportunity search (`SearchSuccessfulResponseDto`): the next page starts after `meta.startAfter` and
 * `meta.startAfterId`.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const SearchOpportunitiesPage = Schema.Struct({
  opportunities: Schema.Array(Opportunity),
  meta: optionalNullable(
    Schema.Struct({
      total: optionalNullable(Schema.Number),
      nextPageUrl: optionalNullable(Schema.String),
      startAfterId: optionalNullable(Schema.String),
      startAfter: optionalNullable(Schema.Number),
      currentPage: optionalNullable(Schema.Number),
      nextPage: optionalNullable(Schema.Number)
    })
  )
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface SearchOpportunitiesPage extends Schema.Schema.Type<typeof SearchOpportunitiesPage> {}

/**
 * A pipeline stage. The spec declares `stages` as an array of arrays; HighLevel's API answers objects with an id and
 * a name, which is what this Schema reads (an element of another shape is kept as `unknown`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const PipelineStage = Schema.Struct({
  id: Schema.String,
  name: optionalNullable(Schema.String),
  position: optionalNullable(Schema.Number)
})

/**
 * A pipeline (`PipelinesResponseSchema`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Pipeline = Schema.Struct({
  id: Schema.String,
  name: optionalNullable(Schema.String),
  stages: optionalNullable(Schema.Array(Schema.Union(PipelineStage, Schema.Unknown))),
  locationId: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface Pipeline extends Schema.Schema.Type<typeof Pipeline> {}

/**
 * `GET /opportunities/pipelines` (`GetPipelinesSuccessfulResponseDto`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const PipelinesResponse = Schema.Struct({ pipelines: Schema.Array(Pipeline) })

// ---------------------------------------------------------------------------------------------------------------------
// Calendars
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A calendar (`CalendarDTO`), the fields callers book with.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Calendar = Schema.Struct({
  id: Schema.String,
  locationId: Schema.String,
  name: Schema.String,
  groupId: optionalNullable(Schema.String),
  description: optionalNullable(Schema.String),
  slug: optionalNullable(Schema.String),
  calendarType: optionalNullable(openLiteral("round_robin", "event", "class_booking", "collective", "service_booking", "personal")),
  isActive: optionalNullable(Schema.Boolean),
  slotDuration: optionalNullable(Schema.Number),
  slotDurationUnit: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface Calendar extends Schema.Schema.Type<typeof Calendar> {}

/**
 * `GET /calendars/` (`CalendarsGetSuccessfulResponseDTO`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CalendarsResponse = Schema.Struct({ calendars: Schema.Array(Calendar) })

/**
 * `GET /calendars/` query parameters.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const ListCalendarsParams = Schema.Struct({
  locationId: Id,
  groupId: Schema.optional(Id),
  showDrafted: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface ListCalendarsParams extends Schema.Schema.Type<typeof ListCalendarsParams> {}

/**
 * `GET /calendars/{calendarId}/free-slots` query parameters: the range in epoch milliseconds (GoHighLevel allows at
 * most 31 days), an IANA `timezone` for the answer, and the team member to check.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const FreeSlotsParams = Schema.Struct({
  startDate: Schema.Int.pipe(Schema.nonNegative()),
  endDate: Schema.Int.pipe(Schema.nonNegative()),
  timezone: Schema.optional(Schema.String),
  userId: Schema.optional(Id)
}).pipe(
  Schema.filter((params) => params.endDate > params.startDate || "endDate must be after startDate"),
  Schema.filter((params) => params.endDate - params.startDate <= 31 * 86_400_000 || "the range may span at most 31 days")
)

/**
 * @since 0.3.0
 * @category Models
 */
export interface FreeSlotsParams extends Schema.Schema.Type<typeof FreeSlotsParams> {}

/**
 * The free-slots answer: one key per day (`2024-10-28`) holding `{ slots }` (ISO times with offset), and possibly
 * other keys, which are skipped.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const FreeSlotsResponse = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * Free slots by day, in the order GoHighLevel answered.
 *
 * @since 0.3.0
 * @category Models
 */
export interface FreeSlots {
  readonly days: ReadonlyArray<{ readonly date: string; readonly slots: ReadonlyArray<string> }>
}

const appointmentFields = {
  title: Schema.optional(Schema.String),
  meetingLocationType: Schema.optional(Schema.Literal("custom", "zoom", "gmeet", "phone", "address", "ms_teams", "google")),
  meetingLocationId: Schema.optional(Schema.String),
  overrideLocationConfig: Schema.optional(Schema.Boolean),
  appointmentStatus: Schema.optional(Schema.Literal("new", "confirmed", "cancelled", "showed", "noshow", "invalid")),
  assignedUserId: Schema.optional(Id),
  description: Schema.optional(Schema.String),
  address: Schema.optional(Schema.String),
  ignoreDateRange: Schema.optional(Schema.Boolean),
  toNotify: Schema.optional(Schema.Boolean),
  ignoreFreeSlotValidation: Schema.optional(Schema.Boolean),
  rrule: Schema.optional(Schema.String),
  /** ISO 8601 with offset, e.g. `2021-06-23T03:30:00+05:30`. */
  endTime: Schema.optional(Schema.String)
}

/**
 * `POST /calendars/events/appointments` (`AppointmentCreateSchema`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CreateAppointmentParams = Schema.Struct({
  ...appointmentFields,
  calendarId: Id,
  locationId: Id,
  contactId: Id,
  /** ISO 8601 with offset, e.g. `2021-06-23T03:00:00+05:30`. */
  startTime: Schema.NonEmptyString
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface CreateAppointmentParams extends Schema.Schema.Type<typeof CreateAppointmentParams> {}

/**
 * `PUT /calendars/events/appointments/{eventId}` (`AppointmentEditSchema`): a reschedule (`startTime`, `endTime`), a
 * status change (`appointmentStatus: "cancelled"`), a reassignment.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UpdateAppointmentParams = Schema.Struct({
  ...appointmentFields,
  calendarId: Schema.optional(Id),
  startTime: Schema.optional(Schema.NonEmptyString)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface UpdateAppointmentParams extends Schema.Schema.Type<typeof UpdateAppointmentParams> {}

/**
 * An appointment as create and update answer it (`AppointmentSchemaResponse`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const Appointment = Schema.Struct({
  id: Schema.String,
  calendarId: Schema.String,
  locationId: Schema.String,
  contactId: Schema.String,
  startTime: optionalNullable(Schema.String),
  endTime: optionalNullable(Schema.String),
  title: optionalNullable(Schema.String),
  appointmentStatus: optionalNullable(
    openLiteral("new", "confirmed", "cancelled", "showed", "noshow", "invalid", "active", "completed")
  ),
  assignedUserId: optionalNullable(Schema.String),
  address: optionalNullable(Schema.String)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface Appointment extends Schema.Schema.Type<typeof Appointment> {}

/**
 * A calendar event (`CalendarEventDTO`), as `GET /calendars/events/appointments/{eventId}` answers it in `event`. The
 * spec types the times as objects; the API sends ISO strings, kept as they come.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CalendarEvent = Schema.Struct({
  id: Schema.String,
  title: optionalNullable(Schema.String),
  calendarId: Schema.String,
  locationId: Schema.String,
  contactId: optionalNullable(Schema.String),
  groupId: optionalNullable(Schema.String),
  appointmentStatus: optionalNullable(Schema.String),
  assignedUserId: optionalNullable(Schema.String),
  startTime: optionalNullable(Schema.Unknown),
  endTime: optionalNullable(Schema.Unknown),
  dateAdded: optionalNullable(Schema.Unknown),
  dateUpdated: optionalNullable(Schema.Unknown)
})

/**
 * @since 0.3.0
 * @category Models
 */
export interface CalendarEvent extends Schema.Schema.Type<typeof CalendarEvent> {}

/**
 * `{ event }` (`GetCalendarEventSuccessfulResponseDTO`).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const CalendarEventResponse = Schema.Struct({ event: CalendarEvent })

// ---------------------------------------------------------------------------------------------------------------------
// OAuth
// ---------------------------------------------------------------------------------------------------------------------

/**
 * `POST /oauth/locationToken` (`GetLocationAccessTokenSuccessfulResponseDto`): a location token made from an agency
 * (Company) token. It has no refresh token: a new one is exchanged when it expires.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const LocationTokenResponse = Schema.Struct({
  access_token: Schema.String,
  expires_in: Schema.Number,
  token_type: optionalNullable(Schema.String),
  locationId: optionalNullable(Schema.String),
  userId: optionalNullable(Schema.String)
})
