/**
 * Postmark's outbound webhooks as typed events, discriminated by `RecordType`: `Delivery`, `Bounce`, `SpamComplaint`,
 * `Open`, `Click`, `SubscriptionChange` (Postmark webhooks reference, https://postmarkapp.com/developer/webhooks/
 * delivery-webhook, `bounce-webhook`, `spam-complaint-webhook`, `open-tracking-webhook`, `click-webhook`,
 * `subscription-change-webhook`). Any other record type (`Inbound`, one added later) is kept whole.
 *
 * Postmark signs nothing: a delivery authenticates with HTTP Basic credentials written into the webhook URL, verified
 * by `effect-integrations/webhooks` `PostmarkBasicAuth`. Those prove who sent the request, not what it says nor when,
 * so there is no replay protection from the scheme; deduplicate on the event itself with `dedupKey` (Postmark retries
 * a delivery that did not get a 200, so a handler sees repeats in normal operation).
 *
 * Events carry recipients' addresses, subjects and metadata: personal data, to keep out of shared logs.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

const optionalString = Schema.optional(Schema.NullOr(Schema.String))
const Metadata = Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String })))

const common = {
  MessageID: Schema.String,
  MessageStream: optionalString,
  Tag: optionalString,
  Metadata,
  ServerID: Schema.optional(Schema.NullOr(Schema.Int))
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const DeliveryEvent = Schema.Struct({
  RecordType: Schema.Literal("Delivery"),
  ...common,
  Recipient: Schema.String,
  DeliveredAt: Schema.String,
  Details: optionalString
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface DeliveryEvent extends Schema.Schema.Type<typeof DeliveryEvent> {}

const bounceFields = {
  ...common,
  ID: Schema.Number,
  Type: Schema.String,
  TypeCode: Schema.Int,
  Name: optionalString,
  Description: optionalString,
  Details: optionalString,
  Email: Schema.String,
  From: optionalString,
  BouncedAt: Schema.String,
  DumpAvailable: Schema.optional(Schema.Boolean),
  Inactive: Schema.optional(Schema.Boolean),
  CanActivate: Schema.optional(Schema.Boolean),
  Subject: optionalString,
  Content: optionalString
}

/**
 * A bounce; `Type` (`HardBounce`, `SoftBounce`, `Transient`, ...) is an open string.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BounceEvent = Schema.Struct({ RecordType: Schema.Literal("Bounce"), ...bounceFields })

/**
 * @since 0.1.0
 * @category Models
 */
export interface BounceEvent extends Schema.Schema.Type<typeof BounceEvent> {}

/**
 * A spam complaint, shaped as a bounce (`Type: "SpamComplaint"`, `TypeCode: 512`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SpamComplaintEvent = Schema.Struct({ RecordType: Schema.Literal("SpamComplaint"), ...bounceFields })

/**
 * @since 0.1.0
 * @category Models
 */
export interface SpamComplaintEvent extends Schema.Schema.Type<typeof SpamComplaintEvent> {}

const Agent = Schema.optional(Schema.NullOr(Schema.Struct({ Name: optionalString, Company: optionalString, Family: optionalString })))
const Geo = Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown })))

const engagementFields = {
  ...common,
  Recipient: Schema.String,
  ReceivedAt: Schema.String,
  Platform: optionalString,
  UserAgent: optionalString,
  Client: Agent,
  OS: Agent,
  Geo
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const OpenEvent = Schema.Struct({
  RecordType: Schema.Literal("Open"),
  ...engagementFields,
  FirstOpen: Schema.Boolean,
  ReadSeconds: Schema.optional(Schema.NullOr(Schema.Number))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface OpenEvent extends Schema.Schema.Type<typeof OpenEvent> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ClickEvent = Schema.Struct({
  RecordType: Schema.Literal("Click"),
  ...engagementFields,
  OriginalLink: Schema.String,
  ClickLocation: optionalString
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ClickEvent extends Schema.Schema.Type<typeof ClickEvent> {}

/**
 * A recipient's suppression changed: `SuppressSending: true` when Postmark stopped sending to it (`SuppressionReason`:
 * `HardBounce`, `SpamComplaint`, `ManualSuppression`), `false` when it was reactivated.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SubscriptionChangeEvent = Schema.Struct({
  RecordType: Schema.Literal("SubscriptionChange"),
  ...common,
  Recipient: Schema.String,
  ChangedAt: Schema.String,
  Origin: optionalString,
  SuppressSending: Schema.Boolean,
  SuppressionReason: optionalString
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SubscriptionChangeEvent extends Schema.Schema.Type<typeof SubscriptionChangeEvent> {}

/**
 * Any other record type, kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OtherEvent = Schema.Struct({ RecordType: Schema.String }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = DeliveryEvent | BounceEvent | SpamComplaintEvent | OpenEvent | ClickEvent | SubscriptionChangeEvent

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = KnownEvent | Schema.Schema.Type<typeof OtherEvent>

const catalog = WebhookEvents.catalog({
  known: [DeliveryEvent, BounceEvent, SpamComplaintEvent, OpenEvent, ClickEvent, SubscriptionChangeEvent],
  unknown: OtherEvent,
  discriminator: "RecordType"
})

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownType = KnownEvent["RecordType"]

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`
 * - `Event`
 * - `decodeEvent`
 * - `decodeEventJson`: decodes the raw JSON body of a verified delivery.
 * - `isKnown`
 *
 * @since 0.1.0
 * @category Decoding
 */
export const { knownTypes, Event, decodeEvent, decodeEventJson, isKnown } = catalog

/**
 * @since 0.1.0
 * @category Guards
 */
export const is: <T extends KnownType>(type: T) => (event: Event) => event is WebhookEvents.EventOf<KnownEvent, "RecordType", T> =
  catalog.is

/**
 * A key naming the event itself, for deduplicating Postmark's redeliveries (the scheme cannot): the record type with
 * the message id, plus the bounce id for bounces and complaints, the time for opens, clicks and subscription changes
 * (a message is opened or clicked more than once), the link for clicks. `undefined` for an unknown record type
 * without a `MessageID`.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const dedupKey = (event: Event): string | undefined => {
  if (!isKnown(event)) {
    return typeof event.MessageID === "string" ? `postmark:${event.RecordType}:${event.MessageID}` : undefined
  }
  switch (event.RecordType) {
    case "Delivery":
      return `postmark:Delivery:${event.MessageID}:${event.Recipient}`
    case "Bounce":
    case "SpamComplaint":
      return `postmark:${event.RecordType}:${event.MessageID}:${event.ID}`
    case "Open":
      return `postmark:Open:${event.MessageID}:${event.Recipient}:${event.ReceivedAt}`
    case "Click":
      return `postmark:Click:${event.MessageID}:${event.Recipient}:${event.ReceivedAt}:${event.OriginalLink}`
    case "SubscriptionChange":
      return `postmark:SubscriptionChange:${event.MessageID}:${event.Recipient}:${event.ChangedAt}`
  }
}
