/**
 * HubSpot webhook events (Webhooks API v3) as Schemas. HubSpot POSTs a JSON array of events, each
 * `{ eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attemptNumber, objectId, changeSource, ... }`
 * plus `propertyName`/`propertyValue` for property changes, merge and association fields for those events. The CRM
 * subscription types are typed; any other type is kept whole, so a type this SDK does not know yet is passed on, never
 * dropped. Verify the signature first (`webhooks/schemes/HubSpot`), then decode. A `WebhookEvents` catalogue whose
 * discriminator is `subscriptionType`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

/** The object types with legacy per-object subscription types, plus the generic `object.*` ones. */
const objectTypes = ["contact", "company", "deal", "ticket", "product", "line_item", "object"] as const
type ObjectType = typeof objectTypes[number]

const typesFor = <const Suffix extends string>(suffix: Suffix) =>
  objectTypes.map((object) => `${object}.${suffix}` as const) as ReadonlyArray<`${ObjectType}.${Suffix}`>

/**
 * Record lifecycle types: creation, deletion, restore, and the GDPR deletion of a contact.
 *
 * @since 0.1.0
 * @category Models
 */
export const lifecycleTypes = [
  ...typesFor("creation"),
  ...typesFor("deletion"),
  ...typesFor("restore"),
  "contact.privacyDeletion"
] as const

/**
 * @since 0.1.0
 * @category Models
 */
export const propertyChangeTypes = typesFor("propertyChange")

/**
 * @since 0.1.0
 * @category Models
 */
export const mergeTypes = typesFor("merge")

/**
 * Association changes: every object type of the webhooks API but products, which it does not offer them for.
 *
 * @since 0.1.0
 * @category Models
 */
export const associationChangeTypes = typesFor("associationChange").filter(
  (type): type is Exclude<`${ObjectType}.associationChange`, "product.associationChange"> =>
    type !== "product.associationChange"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownType =
  | typeof lifecycleTypes[number]
  | typeof propertyChangeTypes[number]
  | typeof mergeTypes[number]
  | typeof associationChangeTypes[number]

/**
 * The fields every event carries besides its type.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const envelopeFields = {
  eventId: Schema.Number,
  subscriptionId: Schema.Number,
  /** The HubSpot account (hub id) the event happened in. */
  portalId: Schema.Number,
  appId: Schema.optional(Schema.Number),
  /** Epoch milliseconds. */
  occurredAt: Schema.Number,
  /** 0 for the first delivery; HubSpot retries failed deliveries for up to 24 hours. */
  attemptNumber: Schema.Number,
  /** What made the change: `CRM_UI`, `API`, `INTEGRATION`, `IMPORT`, ... */
  changeSource: Schema.optional(Schema.String),
  sourceId: Schema.optional(Schema.String),
  changeFlag: Schema.optional(Schema.String),
  /** For `object.*` types: the object type, e.g. `0-1` for contacts. */
  objectTypeId: Schema.optional(Schema.String)
}

const literals = <const T extends ReadonlyArray<string>>(values: T) =>
  Schema.Literal(...(values as unknown as readonly [T[number], ...ReadonlyArray<T[number]>]))

/**
 * A record was created, deleted, restored, or (contacts) deleted for privacy.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LifecycleEvent = Schema.Struct({
  ...envelopeFields,
  subscriptionType: literals(lifecycleTypes),
  objectId: Schema.Number
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface LifecycleEvent extends Schema.Schema.Type<typeof LifecycleEvent> {}

/**
 * A property of a record changed; `propertyValue` is its new value as a string.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PropertyChangeEvent = Schema.Struct({
  ...envelopeFields,
  subscriptionType: literals(propertyChangeTypes),
  objectId: Schema.Number,
  propertyName: Schema.String,
  propertyValue: Schema.String
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface PropertyChangeEvent extends Schema.Schema.Type<typeof PropertyChangeEvent> {}

/**
 * Records were merged: `primaryObjectId` kept priority, `mergedObjectIds` were merged into it, `newObjectId` is the
 * resulting record.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MergeEvent = Schema.Struct({
  ...envelopeFields,
  subscriptionType: literals(mergeTypes),
  objectId: Schema.Number,
  primaryObjectId: Schema.Number,
  mergedObjectIds: Schema.Array(Schema.Number),
  newObjectId: Schema.Number,
  numberOfPropertiesMoved: Schema.optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MergeEvent extends Schema.Schema.Type<typeof MergeEvent> {}

/**
 * An association between two records was added or removed (`associationRemoved`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AssociationChangeEvent = Schema.Struct({
  ...envelopeFields,
  subscriptionType: literals(associationChangeTypes),
  /** E.g. `CONTACT_TO_COMPANY`. */
  associationType: Schema.String,
  fromObjectId: Schema.Number,
  toObjectId: Schema.Number,
  associationRemoved: Schema.Boolean,
  isPrimaryAssociation: Schema.optional(Schema.Boolean),
  objectId: Schema.optional(Schema.Number)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface AssociationChangeEvent extends Schema.Schema.Type<typeof AssociationChangeEvent> {}

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = LifecycleEvent | PropertyChangeEvent | MergeEvent | AssociationChangeEvent

const catalog = WebhookEvents.catalog({
  known: [LifecycleEvent, PropertyChangeEvent, MergeEvent, AssociationChangeEvent],
  unknown: Schema.Struct(
    {
      subscriptionType: Schema.String,
      eventId: Schema.optional(Schema.Number),
      portalId: Schema.optional(Schema.Number),
      occurredAt: Schema.optional(Schema.Number)
    },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  ),
  discriminator: "subscriptionType"
})

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: every subscription type this module types.
 * - `UnknownEvent`: any other subscription type (conversations, app lifecycle, types HubSpot adds later), every field
 *   kept. Its type is never a known one: a known event that does not match its Schema is a decoding error (drift to
 *   look at).
 * - `Event`: one HubSpot event: a typed event, or an `UnknownEvent` kept whole.
 * - `decodeEvent`: decodes one parsed event.
 * - `decodeEventJson`: decodes one event from its raw JSON text.
 * - `isKnown`: narrows to the typed events, after which `subscriptionType` narrows each case.
 * - `is`: narrows to one subscription type.
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
export type Event = KnownEvent | UnknownEvent

/**
 * A webhook request body: HubSpot batches up to 100 events in one POST.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Events: Schema.Schema<ReadonlyArray<Event>, unknown> = Schema.Array(Event) as Schema.Schema<
  ReadonlyArray<Event>,
  unknown
>

/**
 * Decodes a parsed webhook body (an array of events).
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEvents: (u: unknown) => Effect.Effect<ReadonlyArray<Event>, ParseResult.ParseError> = Schema
  .decodeUnknown(Events, { errors: "all" })

/**
 * Decodes the raw JSON text of a verified webhook body.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEventsJson: (text: string) => Effect.Effect<ReadonlyArray<Event>, ParseResult.ParseError> = Schema
  .decodeUnknown(Schema.parseJson(Events), { errors: "all" })

/**
 * The typed event of a subscription type, its `subscriptionType` narrowed to that type.
 *
 * @since 0.1.0
 * @category Models
 */
export type EventOf<T extends KnownType> = WebhookEvents.EventOf<KnownEvent, "subscriptionType", T>

/**
 * A property change event, whatever the object type.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isPropertyChange = (event: Event): event is PropertyChangeEvent =>
  (propertyChangeTypes as ReadonlyArray<string>).includes(event.subscriptionType)
