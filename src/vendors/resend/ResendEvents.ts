/**
 * Resend webhook events as Schemas (`{ type, created_at, data }`, as in the `webhooks` section of Resend's OpenAPI
 * document): typed events for an email's lifecycle, and a fallback that keeps any other event type whole, so a type
 * this SDK does not know yet is passed on, never dropped. Resend signs deliveries with Svix (Standard Webhooks): verify
 * with `webhooks/schemes/StandardWebhooks` first, then decode, e.g.
 * `Webhooks.verifyAndDecode(StandardWebhooks.scheme, ResendEvents.Event)`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

/**
 * What every event about an email Resend sent carries in `data`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const emailDataFields = {
  email_id: Schema.String,
  created_at: Schema.String,
  from: Schema.String,
  to: Schema.Array(Schema.String),
  subject: Schema.String,
  broadcast_id: Schema.optional(Schema.String),
  template_id: Schema.optional(Schema.String),
  tags: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  headers: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String })))
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailData = Schema.Struct(emailDataFields)

/**
 * A bounce; `type` (`Permanent`, `Transient`, `Undetermined`) and `subType` are open strings.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Bounce = Schema.Struct({
  type: Schema.String,
  subType: Schema.String,
  message: Schema.String,
  diagnosticCode: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Click = Schema.Struct({
  ipAddress: Schema.String,
  link: Schema.String,
  timestamp: Schema.String,
  userAgent: Schema.String
})

/**
 * Why a send failed, e.g. `reached_daily_quota`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Failure = Schema.Struct({ reason: Schema.String })

/**
 * Why Resend did not send to a suppressed address; `reason` (`previous_bounce`, `previous_complaint`) is open.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Suppression = Schema.Struct({
  type: Schema.String,
  reason: Schema.String,
  message: Schema.String,
  diagnosticCode: Schema.optional(Schema.Array(Schema.String))
})

const typed = <const Type extends string, A, I>(type: Type, data: Schema.Schema<A, I>) =>
  Schema.Struct({ type: Schema.Literal(type), created_at: Schema.String, data })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailSent = typed("email.sent", EmailData)

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailSent extends Schema.Schema.Type<typeof EmailSent> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailDelivered = typed("email.delivered", EmailData)

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailDelivered extends Schema.Schema.Type<typeof EmailDelivered> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailDeliveryDelayed = typed("email.delivery_delayed", EmailData)

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailDeliveryDelayed extends Schema.Schema.Type<typeof EmailDeliveryDelayed> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailComplained = typed("email.complained", EmailData)

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailComplained extends Schema.Schema.Type<typeof EmailComplained> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailBounced = typed("email.bounced", Schema.Struct({ ...emailDataFields, bounce: Bounce }))

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailBounced extends Schema.Schema.Type<typeof EmailBounced> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailOpened = typed("email.opened", EmailData)

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailOpened extends Schema.Schema.Type<typeof EmailOpened> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailClicked = typed("email.clicked", Schema.Struct({ ...emailDataFields, click: Click }))

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailClicked extends Schema.Schema.Type<typeof EmailClicked> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailFailed = typed("email.failed", Schema.Struct({ ...emailDataFields, failed: Failure }))

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailFailed extends Schema.Schema.Type<typeof EmailFailed> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const EmailSuppressed = typed("email.suppressed", Schema.Struct({ ...emailDataFields, suppressed: Suppression }))

/**
 * @since 0.1.0
 * @category Models
 */
export interface EmailSuppressed extends Schema.Schema.Type<typeof EmailSuppressed> {}

/**
 * Every event type decoded into a typed member.
 *
 * @since 0.1.0
 * @category Models
 */
export const knownTypes = [
  "email.sent",
  "email.delivered",
  "email.delivery_delayed",
  "email.complained",
  "email.bounced",
  "email.opened",
  "email.clicked",
  "email.failed",
  "email.suppressed"
] as const

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownType = typeof knownTypes[number]

const known: ReadonlySet<string> = new Set(knownTypes)

/**
 * Any other event type (`email.received`, `contact.created`, `domain.updated`, types added later), every field kept.
 * Its `type` is never a known one: a known event whose data does not match its Schema is a decoding error (API drift
 * to look at), not an unknown event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UnknownEvent = Schema.Struct(
  {
    type: Schema.String.pipe(Schema.filter((type) => !known.has(type) || `${type} is a known event type`)),
    created_at: Schema.optional(Schema.String),
    data: Schema.optional(Schema.Unknown)
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent =
  | EmailSent
  | EmailDelivered
  | EmailDeliveryDelayed
  | EmailComplained
  | EmailBounced
  | EmailOpened
  | EmailClicked
  | EmailFailed
  | EmailSuppressed

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = KnownEvent | UnknownEvent

/**
 * A Resend event: one of the typed events, or an `UnknownEvent` kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Event: Schema.Schema<Event, unknown> = Schema.Union(
  EmailSent,
  EmailDelivered,
  EmailDeliveryDelayed,
  EmailComplained,
  EmailBounced,
  EmailOpened,
  EmailClicked,
  EmailFailed,
  EmailSuppressed,
  UnknownEvent
) as Schema.Schema<Event, unknown>

/**
 * Decodes a parsed JSON event.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEvent: (u: unknown) => Effect.Effect<Event, ParseResult.ParseError> = Schema.decodeUnknown(Event, {
  errors: "all"
})

/**
 * Decodes an event from the raw JSON text of a verified webhook body.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEventJson: (text: string) => Effect.Effect<Event, ParseResult.ParseError> = Schema.decodeUnknown(
  Schema.parseJson(Event),
  { errors: "all" }
)

/**
 * Narrows to the typed events, after which `switch (event.type)` narrows each case.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isKnown = (event: Event): event is KnownEvent => known.has(event.type)

/**
 * Narrows to one event type.
 *
 * @since 0.1.0
 * @category Guards
 */
export const is = <T extends KnownType>(type: T) => (event: Event): event is Extract<KnownEvent, { readonly type: T }> =>
  event.type === type
