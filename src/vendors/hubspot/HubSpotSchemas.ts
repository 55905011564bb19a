/**
 * HubSpot CRM objects, requests and answers as Schemas, with the field names of HubSpot's published OpenAPI documents
 * (`crm-contacts-v3`, `crm-objects-v3`, associations v4). Identity and structure are strict; enum-like strings HubSpot
 * may extend are open, and property values are kept as HubSpot sends them (strings, or `null` when unset).
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
  Schema.String.annotations({ description: `known values: ${values.join(", ")}; others HubSpot adds later decode too` }) as
    Schema.Schema<Values[number] | (string & {}), string>

const PropertyName = Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(500))

/**
 * Property values to write. HubSpot stores every value as a string (numbers as `"17"`, dates as epoch milliseconds,
 * multi-checkboxes as `"a;b"`); `""` clears a property.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PropertiesInput = Schema.Record({ key: PropertyName, value: Schema.String })

/**
 * @since 0.1.0
 * @category Models
 */
export type PropertiesInput = typeof PropertiesInput.Type

/**
 * Property values as HubSpot returns them: a property asked for but never set comes back as `null`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Properties = Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.String) })

/**
 * One historical value of a property (`propertiesWithHistory`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ValueWithTimestamp = Schema.Struct({
  value: Schema.String,
  timestamp: Schema.String,
  sourceType: Schema.String,
  sourceId: Schema.optional(Schema.String),
  sourceLabel: Schema.optional(Schema.String),
  updatedByUserId: Schema.optional(Schema.Number)
})

// ---------------------------------------------------------------------------------------------------------------------
// CRM objects
// ---------------------------------------------------------------------------------------------------------------------

const objectFields = {
  /** HubSpot's record id, digits as a string. */
  id: Schema.String,
  properties: Properties,
  /** ISO 8601. */
  createdAt: Schema.String,
  updatedAt: Schema.String,
  archived: Schema.Boolean,
  archivedAt: Schema.optional(Schema.String),
  propertiesWithHistory: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Array(ValueWithTimestamp) })),
  objectWriteTraceId: Schema.optional(Schema.String),
  url: Schema.optional(Schema.String)
}

/**
 * A CRM record (`SimplePublicObject`): a contact, a company, any object type.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CrmObject = Schema.Struct(objectFields)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrmObject extends Schema.Schema.Type<typeof CrmObject> {}

/**
 * One associated record as listed on a record (`AssociatedId`): its id and the association type's name.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociatedId = Schema.Struct({ id: Schema.String, type: Schema.String })

const NextPage = Schema.Struct({ after: Schema.String, link: Schema.optional(Schema.String) })

/**
 * Where the next page starts, when there is one.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Paging = Schema.Struct({
  next: Schema.optional(NextPage),
  prev: Schema.optional(Schema.Struct({ before: Schema.String, link: Schema.optional(Schema.String) }))
})

/**
 * A record read with `associations=...` (`SimplePublicObjectWithAssociations`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CrmObjectWithAssociations = Schema.Struct({
  ...objectFields,
  associations: Schema.optional(
    Schema.Record({
      key: Schema.String,
      value: Schema.Struct({ results: Schema.Array(AssociatedId), paging: Schema.optional(Paging) })
    })
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CrmObjectWithAssociations extends Schema.Schema.Type<typeof CrmObjectWithAssociations> {}

/**
 * A page of a plain listing (`GET /crm/v3/objects/contacts`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ObjectPage = Schema.Struct({
  results: Schema.Array(CrmObjectWithAssociations),
  paging: Schema.optional(Schema.Struct({ next: Schema.optional(NextPage) }))
})

// ---------------------------------------------------------------------------------------------------------------------
// Associations
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Who defined an association type: HubSpot (e.g. contact → company 279), you (`USER_DEFINED` labels) or an app.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociationCategory = OpenLiteral("HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK")

/**
 * An association type (`AssociationSpec`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociationSpec = Schema.Struct({
  associationCategory: AssociationCategory,
  associationTypeId: Schema.Number
})

/**
 * An association type to set when creating a record; the category is one of HubSpot's.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociationSpecInput = Schema.Struct({
  associationCategory: Schema.Literal("HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED", "WORK"),
  associationTypeId: Schema.Int.pipe(Schema.positive())
})

/**
 * A record to associate the new one with (`PublicAssociationsForObject`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociationInput = Schema.Struct({
  to: Schema.Struct({ id: Schema.NonEmptyTrimmedString }),
  types: Schema.NonEmptyArray(AssociationSpecInput)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AssociationInput extends Schema.Schema.Type<typeof AssociationInput> {}

/**
 * One association written by the v4 API: both directions come back (contact → company 279, company → contact 280).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DefaultAssociation = Schema.Struct({
  from: Schema.Struct({ id: Schema.String }),
  to: Schema.Struct({ id: Schema.String }),
  associationSpec: AssociationSpec
})

/**
 * The v4 answer to creating a default association (`BatchResponsePublicDefaultAssociation`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DefaultAssociationResponse = Schema.Struct({
  status: OpenLiteral("PENDING", "PROCESSING", "CANCELED", "COMPLETE"),
  results: Schema.Array(DefaultAssociation),
  startedAt: Schema.String,
  completedAt: Schema.String,
  requestedAt: Schema.optional(Schema.String),
  links: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface DefaultAssociationResponse extends Schema.Schema.Type<typeof DefaultAssociationResponse> {}

// ---------------------------------------------------------------------------------------------------------------------
// Create and update
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A new record: its properties and, optionally, records to associate it with.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateParams = Schema.Struct({
  properties: PropertiesInput,
  associations: Schema.optional(Schema.Array(AssociationInput))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateParams extends Schema.Schema.Type<typeof CreateParams> {}

/**
 * New values for a record's properties.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateParams = Schema.Struct({
  properties: PropertiesInput,
  /** Look the record up by this unique property (e.g. `email`) instead of its id. */
  idProperty: Schema.optional(PropertyName)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateParams extends Schema.Schema.Type<typeof UpdateParams> {}

/**
 * What to read with a record.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GetParams = Schema.Struct({
  /** Properties to return; HubSpot's defaults (`firstname`, `lastname`, `email`, ...) when absent. */
  properties: Schema.optional(Schema.Array(PropertyName)),
  propertiesWithHistory: Schema.optional(Schema.Array(PropertyName)),
  /** Object types whose associated ids to return, e.g. `["companies"]`. */
  associations: Schema.optional(Schema.Array(PropertyName)),
  /** Read an archived record instead of a live one. */
  archived: Schema.optional(Schema.Boolean),
  /** Look the record up by this unique property (e.g. `email`) instead of its id. */
  idProperty: Schema.optional(PropertyName)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface GetParams extends Schema.Schema.Type<typeof GetParams> {}

// ---------------------------------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FilterOperator = Schema.Literal(
  "BETWEEN",
  "CONTAINS_TOKEN",
  "EQ",
  "GT",
  "GTE",
  "HAS_PROPERTY",
  "IN",
  "LT",
  "LTE",
  "NEQ",
  "NOT_CONTAINS_TOKEN",
  "NOT_HAS_PROPERTY",
  "NOT_IN"
)

/**
 * One condition on a property.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Filter = Schema.Struct({
  propertyName: PropertyName,
  operator: FilterOperator,
  value: Schema.optional(Schema.String),
  highValue: Schema.optional(Schema.String),
  values: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Filter extends Schema.Schema.Type<typeof Filter> {}

/**
 * Filters that must all hold; a record matches a search when any group holds.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FilterGroup = Schema.Struct({ filters: Schema.Array(Filter) })

/**
 * A sort order. HubSpot's OpenAPI document types `sorts` as strings, but the API orders results only when given these
 * objects (the documented form, and what HubSpot's own clients were fixed to send).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Sort = Schema.Struct({
  propertyName: PropertyName,
  direction: Schema.optional(Schema.Literal("ASCENDING", "DESCENDING"))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Sort extends Schema.Schema.Type<typeof Sort> {}

/**
 * A search (`PublicObjectSearchRequest`). HubSpot answers at most 200 records per page and 10,000 per query.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SearchParams = Schema.Struct({
  filterGroups: Schema.optional(Schema.Array(FilterGroup)),
  sorts: Schema.optional(Schema.Array(Sort)),
  /** Free text matched against the object's default searchable properties. */
  query: Schema.optional(Schema.String.pipe(Schema.maxLength(3000))),
  properties: Schema.optional(Schema.Array(PropertyName)),
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 200))),
  /** The cursor from the previous page's `paging.next.after`. */
  after: Schema.optional(Schema.NonEmptyString)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SearchParams extends Schema.Schema.Type<typeof SearchParams> {}

/**
 * One page of search results (`CollectionResponseWithTotalSimplePublicObject`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SearchPage = Schema.Struct({
  total: Schema.Number,
  results: Schema.Array(CrmObject),
  paging: Schema.optional(Paging)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SearchPage extends Schema.Schema.Type<typeof SearchPage> {}

// ---------------------------------------------------------------------------------------------------------------------
// Batch upsert
// ---------------------------------------------------------------------------------------------------------------------

/**
 * One record to create or update (`SimplePublicObjectBatchInputUpsert`): `id` is a value of the unique `idProperty`
 * (e.g. an email), or the record id when `idProperty` is absent.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpsertInput = Schema.Struct({
  id: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(1000)),
  idProperty: Schema.optional(PropertyName),
  properties: PropertiesInput,
  /** Echoed back on the result; set for you when absent, to pair results with inputs. */
  objectWriteTraceId: Schema.optional(Schema.NonEmptyString.pipe(Schema.maxLength(200)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpsertInput extends Schema.Schema.Type<typeof UpsertInput> {}

/**
 * A created or updated record (`SimplePublicUpsertObject`); `new` tells which.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UpsertedObject = Schema.Struct({ ...objectFields, new: Schema.Boolean })

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpsertedObject extends Schema.Schema.Type<typeof UpsertedObject> {}

/**
 * A detail of a batch error (`ErrorDetail`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorDetail = Schema.Struct({
  message: Schema.String,
  code: Schema.optional(Schema.String),
  in: Schema.optional(Schema.String),
  subCategory: Schema.optional(Schema.String),
  context: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) }))
})

/**
 * One refused record of a multi-status batch answer (`StandardError`). `context` names what it is about (ids, unique
 * values); `subCategory` is an object in the OpenAPI document and a string in practice, so it is kept as is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchError = Schema.Struct({
  status: Schema.String,
  category: Schema.String,
  message: Schema.String,
  id: Schema.optional(Schema.String),
  subCategory: Schema.optional(Schema.Unknown),
  context: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })),
  errors: Schema.optional(Schema.Array(ErrorDetail)),
  links: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchError extends Schema.Schema.Type<typeof BatchError> {}

/**
 * The answer to a batch upsert: 200 with `results`, or 207 multi-status with `results` and `errors`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchUpsertResponse = Schema.Struct({
  status: OpenLiteral("PENDING", "PROCESSING", "CANCELED", "COMPLETE"),
  results: Schema.Array(UpsertedObject),
  errors: Schema.optional(Schema.Array(BatchError)),
  numErrors: Schema.optional(Schema.Number),
  requestedAt: Schema.optional(Schema.String),
  startedAt: Schema.String,
  completedAt: Schema.String,
  links: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchUpsertResponse extends Schema.Schema.Type<typeof BatchUpsertResponse> {}

// ---------------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * HubSpot's error body (`Error`). The message is free text and may quote input values; this SDK reads only the
 * identifiers (`category`, `subCategory`) from it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorBody = Schema.Struct({
  message: Schema.String,
  correlationId: Schema.String,
  category: Schema.String,
  subCategory: Schema.optional(Schema.String),
  context: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Array(Schema.String) })),
  errors: Schema.optional(Schema.Array(ErrorDetail)),
  links: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})
