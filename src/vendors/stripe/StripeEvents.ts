/**
 * Stripe webhook events as Schemas: the envelope (`{ id, object: "event", type, created, data: { object }, ... }`),
 * typed events for the payment and billing flows most apps handle, and a fallback that keeps any other event type
 * whole, so a type this SDK does not know yet is passed on, never dropped (a `WebhookEvents.catalog`). Verify the
 * signature first (`webhooks/schemes/Stripe`), then decode.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"
import * as S from "./StripeSchemas.js"

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

/**
 * The fields every event carries besides `type` and `data`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const envelopeFields = {
  id: Schema.String,
  object: Schema.Literal("event"),
  created: S.Timestamp,
  livemode: Schema.Boolean,
  /** The API version the event's `data.object` is rendered in: the account's or the endpoint's, not the client's. */
  api_version: optionalNullable(Schema.String),
  pending_webhooks: Schema.optional(Schema.Int),
  /** The connected account the event is about (Connect webhooks). */
  account: Schema.optional(Schema.String),
  request: optionalNullable(
    Schema.Struct({ id: optionalNullable(Schema.String), idempotency_key: optionalNullable(Schema.String) })
  )
}

const typed = <const Type extends string, A, I>(type: Type, object: Schema.Schema<A, I>) =>
  Schema.Struct({
    ...envelopeFields,
    type: Schema.Literal(type),
    data: Schema.Struct({
      object,
      /** On `*.updated` events: the changed fields' previous values. */
      previous_attributes: Schema.optional(S.AnyObject)
    })
  })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CheckoutSessionCompleted = typed("checkout.session.completed", S.CheckoutSession)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CheckoutSessionCompleted extends Schema.Schema.Type<typeof CheckoutSessionCompleted> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const PaymentIntentSucceeded = typed("payment_intent.succeeded", S.PaymentIntent)

/**
 * @since 0.1.0
 * @category Models
 */
export interface PaymentIntentSucceeded extends Schema.Schema.Type<typeof PaymentIntentSucceeded> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const PaymentIntentPaymentFailed = typed("payment_intent.payment_failed", S.PaymentIntent)

/**
 * @since 0.1.0
 * @category Models
 */
export interface PaymentIntentPaymentFailed extends Schema.Schema.Type<typeof PaymentIntentPaymentFailed> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CustomerSubscriptionCreated = typed("customer.subscription.created", S.Subscription)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CustomerSubscriptionCreated extends Schema.Schema.Type<typeof CustomerSubscriptionCreated> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CustomerSubscriptionUpdated = typed("customer.subscription.updated", S.Subscription)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CustomerSubscriptionUpdated extends Schema.Schema.Type<typeof CustomerSubscriptionUpdated> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CustomerSubscriptionDeleted = typed("customer.subscription.deleted", S.Subscription)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CustomerSubscriptionDeleted extends Schema.Schema.Type<typeof CustomerSubscriptionDeleted> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InvoicePaid = typed("invoice.paid", S.Invoice)

/**
 * @since 0.1.0
 * @category Models
 */
export interface InvoicePaid extends Schema.Schema.Type<typeof InvoicePaid> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InvoicePaymentFailed = typed("invoice.payment_failed", S.Invoice)

/**
 * @since 0.1.0
 * @category Models
 */
export interface InvoicePaymentFailed extends Schema.Schema.Type<typeof InvoicePaymentFailed> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ChargeRefunded = typed("charge.refunded", S.Charge)

/**
 * @since 0.1.0
 * @category Models
 */
export interface ChargeRefunded extends Schema.Schema.Type<typeof ChargeRefunded> {}

const typedEvents = [
  CheckoutSessionCompleted,
  PaymentIntentSucceeded,
  PaymentIntentPaymentFailed,
  CustomerSubscriptionCreated,
  CustomerSubscriptionUpdated,
  CustomerSubscriptionDeleted,
  InvoicePaid,
  InvoicePaymentFailed,
  ChargeRefunded
] as const

/**
 * One of the typed events (`CheckoutSessionCompleted`, `PaymentIntentSucceeded`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = Schema.Schema.Type<typeof typedEvents[number]>

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownType = KnownEvent["type"]

/**
 * Any other event type, every field kept. In `Event` it takes only the types that are not typed: a known event whose
 * object does not match its Schema is a decoding error (API drift to look at), not an unknown event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UnknownEvent = Schema.Struct(
  {
    ...envelopeFields,
    type: Schema.String,
    data: Schema.Struct({ object: S.AnyObject }, Schema.Record({ key: Schema.String, value: Schema.Unknown }))
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
export type Event = KnownEvent | UnknownEvent

const Events: WebhookEvents.Catalog<KnownEvent, UnknownEvent, "type"> = WebhookEvents.catalog({
  known: typedEvents,
  unknown: UnknownEvent
})

/**
 * A Stripe event: one of the typed events, or an `UnknownEvent` kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Event: Schema.Schema<Event, unknown> = Events.Event

/**
 * Every event type decoded into a typed member.
 *
 * @since 0.1.0
 * @category Models
 */
export const knownTypes: ReadonlyArray<KnownType> = Events.knownTypes

/**
 * Decodes a parsed JSON event.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEvent: (u: unknown) => Effect.Effect<Event, ParseResult.ParseError> = Events.decodeEvent

/**
 * Decodes an event from the raw JSON text of a verified webhook body.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEventJson: (text: string) => Effect.Effect<Event, ParseResult.ParseError> = Events.decodeEventJson

/**
 * Narrows to the typed events, after which `switch (event.type)` narrows each case.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isKnown: (event: Event) => event is KnownEvent = Events.isKnown

/**
 * Narrows to one event type.
 *
 * @since 0.1.0
 * @category Guards
 */
export const is: <T extends KnownType>(type: T) => (event: Event) => event is WebhookEvents.EventOf<KnownEvent, "type", T> =
  Events.is
