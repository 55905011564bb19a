/**
 * WAHA webhook events as Schemas: `{ id?, timestamp?, event, session, me?, payload, engine?, environment? }`, typed
 * for `message`, `message.any`, `message.ack`, `message.reaction`, `message.revoked` and `session.status` (as in the
 * `webhooks` section of WAHA's OpenAPI document, 2024.9), and a fallback that keeps any other event whole (groups,
 * presence, polls, calls, labels, events added later), so none is dropped. A `WebhookEvents` catalogue whose
 * discriminator is `event`. Verify the HMAC first (`webhooks/schemes/Waha`: `X-Webhook-Hmac`, HMAC-SHA512), then
 * decode: `Webhooks.verifyAndDecode(WahaWebhook.scheme, WahaEvents.Event)`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"
import { Message, SessionStatus } from "./WahaSchemas.js"

const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const envelope = {
  id: Schema.optional(Schema.String),
  timestamp: Schema.optional(Schema.Number),
  session: Schema.String,
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Unknown }))),
  engine: Schema.optional(Schema.String),
  me: Schema.optional(Schema.NullOr(Schema.Struct({ id: Schema.String, pushName: Schema.optional(Schema.NullOr(Schema.String)) })))
}

/**
 * A message received (`message`) or any message, sent ones included (`message.any`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageEvent = Schema.Struct({ ...envelope, event: Schema.Literal("message", "message.any"), payload: Message })

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageEvent extends Schema.Schema.Type<typeof MessageEvent> {}

/**
 * A message's delivery state changed: `payload.ack` (-1 error, 1 server, 2 device, 3 read, 4 played), `ackName`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageAckEvent = Schema.Struct({
  ...envelope,
  event: Schema.Literal("message.ack"),
  payload: Schema.Struct(
    {
      id: Schema.String,
      from: Schema.optional(Schema.String),
      to: Schema.optional(Schema.String),
      participant: Schema.optional(Schema.NullOr(Schema.String)),
      fromMe: Schema.optional(Schema.Boolean),
      ack: Schema.Number,
      ackName: Schema.optional(Schema.String)
    },
    AnyObject
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageAckEvent extends Schema.Schema.Type<typeof MessageAckEvent> {}

/**
 * A reaction to a message (`payload.reaction.text` empty when removed).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageReactionEvent = Schema.Struct({
  ...envelope,
  event: Schema.Literal("message.reaction"),
  payload: Schema.Struct(
    {
      id: Schema.String,
      from: Schema.optional(Schema.String),
      fromMe: Schema.optional(Schema.Boolean),
      reaction: Schema.Struct({ text: Schema.String, messageId: Schema.String })
    },
    AnyObject
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageReactionEvent extends Schema.Schema.Type<typeof MessageReactionEvent> {}

/**
 * A message deleted for everyone (`payload.revokedMessageId`, and `before` when the engine knows it).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageRevokedEvent = Schema.Struct({
  ...envelope,
  event: Schema.Literal("message.revoked"),
  payload: Schema.Struct({ revokedMessageId: Schema.optional(Schema.String) }, AnyObject)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageRevokedEvent extends Schema.Schema.Type<typeof MessageRevokedEvent> {}

/**
 * A session's status changed (`SCAN_QR_CODE`: pair it; `WORKING`: ready; `FAILED`: restart it).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SessionStatusEvent = Schema.Struct({
  ...envelope,
  event: Schema.Literal("session.status"),
  payload: Schema.Struct({ status: SessionStatus }, AnyObject)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SessionStatusEvent extends Schema.Schema.Type<typeof SessionStatusEvent> {}

const catalog = WebhookEvents.catalog({
  known: [MessageEvent, MessageAckEvent, MessageReactionEvent, MessageRevokedEvent, SessionStatusEvent],
  unknown: Schema.Struct({ event: Schema.String }, AnyObject),
  discriminator: "event"
})

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = MessageEvent | MessageAckEvent | MessageReactionEvent | MessageRevokedEvent | SessionStatusEvent

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownType = KnownEvent["event"]

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: every event decoded into a typed event.
 * - `UnknownEvent`: any other event (`group.join`, `presence.update`, `poll.vote`, `call.received`, `label.upsert`,
 *   ...), every field kept. A typed event that does not match its Schema is a decoding error, never an unknown event.
 * - `Event`: a WAHA webhook event: a typed event, or an `UnknownEvent` kept whole.
 * - `decodeEvent`: decodes a parsed JSON event.
 * - `decodeEventJson`: decodes an event from the raw JSON text of a verified webhook body.
 * - `isKnown`: narrows to the typed events.
 * - `is`: narrows to one event type.
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

