/**
 * Retell AI webhook events as Schemas: `{ event, call }`, typed for the voice call events Retell's webhook reference
 * lists (https://docs.retellai.com/features/webhook-overview: `call_started`, `call_ended`, `call_analyzed`,
 * `transcript_updated`, `transfer_started`, `transfer_bridged`, `transfer_cancelled`, `transfer_ended`), and a fallback
 * that keeps any other event whole (the chat events, events added later), so none is dropped. A `WebhookEvents`
 * catalogue whose discriminator is `event`.
 *
 * Retell signs every webhook, and every request to a custom function endpoint, with `x-retell-signature` (HMAC-SHA256 of
 * the raw body and a millisecond timestamp, keyed by the API key marked for webhooks: docs.retellai.com
 * `features/secure-webhook` and `build/custom-function`). Verify with `webhooks/schemes/Retell` first, then decode:
 * `Webhooks.verifyAndDecode(RetellWebhook.scheme, RetellEvents.Event)`, or `RetellEvents.FunctionCall` for a custom function.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"
import { Call } from "./RetellSchemas.js"

const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * The voice call events, in the order Retell sends them.
 *
 * @since 0.1.0
 * @category Models
 */
export const callEvents = [
  "call_started",
  "call_ended",
  "call_analyzed",
  "transcript_updated",
  "transfer_started",
  "transfer_bridged",
  "transfer_cancelled",
  "transfer_ended"
] as const

/**
 * @since 0.1.0
 * @category Models
 */
export type CallEventType = typeof callEvents[number]

/**
 * A voice call event: its type and the call object as `GET /v2/get-call` returns it (`call_ended` without
 * `call_analysis`, `call_analyzed` with it; transfer events add `transfer_destination`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CallEvent = Schema.Struct({ event: Schema.Literal(...callEvents), call: Call })

/**
 * @since 0.1.0
 * @category Models
 */
export interface CallEvent extends Schema.Schema.Type<typeof CallEvent> {}

const catalog = WebhookEvents.catalog({
  known: [CallEvent],
  unknown: Schema.Struct({ event: Schema.String }, AnyObject),
  discriminator: "event"
})

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `knownTypes`: every event decoded into a typed event: the voice call events.
 * - `UnknownEvent`: any other event (`chat_started`, `chat_ended`, `chat_analyzed`, events added later), every field
 *   kept. Its type is never a call event's: a call event whose call does not match is a decoding error (drift to look
 *   at).
 * - `Event`: a Retell webhook event: a typed call event, or an `UnknownEvent` kept whole.
 * - `decodeEvent`: decodes a parsed JSON event.
 * - `decodeEventJson`: decodes an event from the raw JSON text of a verified webhook body.
 * - `isKnown`: narrows to the typed call events.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const { knownTypes, UnknownEvent, Event, decodeEvent, decodeEventJson, isKnown } = catalog

/**
 * @since 0.1.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownEvent = CallEvent

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = CallEvent | UnknownEvent

/**
 * Narrows to one event type.
 *
 * @since 0.1.0
 * @category Guards
 */
export const is: <T extends CallEventType>(type: T) => (event: Event) => event is CallEvent & { readonly event: T } =
  catalog.is

/**
 * The request Retell sends to a custom function's endpoint while a call runs: the function's `name`, the `args` the
 * agent filled in (your parameter schema's), and the `call` so far (with its live transcript). Signed like a webhook.
 * An endpoint configured to receive the arguments only gets a bare `args` object: decode that with your own Schema.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionCall = Schema.Struct({
  name: Schema.String,
  args: AnyObject,
  call: Schema.optional(Call)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface FunctionCall extends Schema.Schema.Type<typeof FunctionCall> {}

/**
 * Decodes a custom function request from the raw JSON text of a verified body.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeFunctionCallJson: (text: string) => Effect.Effect<FunctionCall, ParseResult.ParseError> = Schema
  .decodeUnknown(Schema.parseJson(FunctionCall), { errors: "all" })
