/**
 * LlamaCloud webhook events as Schemas: `{ event_id, event_type, timestamp, data: { id, job_id } }`, the envelope of
 * LlamaCloud's webhooks page (developers.llamaindex.ai/python/cloud/general/webhooks, "Webhook Payload"), with the
 * parse events it lists (`parse.pending`, `parse.running`, `parse.success`, `parse.partial_success`, `parse.error`,
 * `parse.cancelled`; the spec's `WebhookConfigCreateRequest.webhook_events` enum) typed, and any other event (extract,
 * classify, ...) kept whole. Deliveries are signed with `LC-Signature` when the configuration has a signing secret:
 * verify with `webhooks/schemes/LlamaCloud` first, e.g.
 * `Webhooks.verifyAndDecode(LlamaCloudWebhook.scheme, LlamaParseEvents.Event)`.
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

/**
 * The parse event types LlamaCloud documents.
 *
 * @since 0.2.0
 * @category Models
 */
export const parseEventTypes = [
  "parse.pending",
  "parse.running",
  "parse.success",
  "parse.partial_success",
  "parse.error",
  "parse.cancelled"
] as const

/**
 * The job a parse event is about (`data`); other fields LlamaCloud adds are kept.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const JobData = Schema.Struct(
  { job_id: Schema.String, id: Schema.optional(Schema.String) },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

const envelope = {
  event_id: Schema.String,
  /** Unix seconds, fractional. */
  timestamp: Schema.optional(Schema.Number)
}

/**
 * A parse job's state changed; `parse.success` and `parse.partial_success` mean its results can be read.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ParseEvent = Schema.Struct({ ...envelope, event_type: Schema.Literal(...parseEventTypes), data: JobData })

/**
 * @since 0.2.0
 * @category Models
 */
export interface ParseEvent extends Schema.Schema.Type<typeof ParseEvent> {}

/**
 * Any other event type (extract, classify, split, ...), every field kept.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const UnknownEvent = Schema.Struct(
  { ...envelope, event_type: Schema.String, data: Schema.optional(Schema.Unknown) },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.2.0
 * @category Models
 */
export interface UnknownEvent extends Schema.Schema.Type<typeof UnknownEvent> {}

/**
 * @since 0.2.0
 * @category Models
 */
export type Event = ParseEvent | UnknownEvent

const Events: WebhookEvents.Catalog<ParseEvent, UnknownEvent, "event_type"> = WebhookEvents.catalog({
  known: [ParseEvent],
  unknown: UnknownEvent,
  discriminator: "event_type"
})

/**
 * A LlamaCloud event: a typed parse event, or an `UnknownEvent` kept whole.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Event: Schema.Schema<Event, unknown> = Events.Event

/**
 * Every event type decoded into a typed member.
 *
 * @since 0.2.0
 * @category Models
 */
export const knownTypes: ReadonlyArray<ParseEvent["event_type"]> = Events.knownTypes

/**
 * Decodes a parsed JSON event.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const decodeEvent: (u: unknown) => Effect.Effect<Event, ParseResult.ParseError> = Events.decodeEvent

/**
 * Decodes an event from the raw JSON text of a verified webhook body.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const decodeEventJson: (text: string) => Effect.Effect<Event, ParseResult.ParseError> = Events.decodeEventJson

/**
 * Narrows to the typed parse events.
 *
 * @since 0.2.0
 * @category Guards
 */
export const isKnown: (event: Event) => event is ParseEvent = Events.isKnown

/**
 * Narrows to one event type.
 *
 * @since 0.2.0
 * @category Guards
 */
export const is: <T extends ParseEvent["event_type"]>(
  type: T
) => (event: Event) => event is WebhookEvents.EventOf<ParseEvent, "event_type", T> = Events.is

/**
 * The job ended and its results can be read (`parse.success`, `parse.partial_success`).
 *
 * @since 0.2.0
 * @category Guards
 */
export const isCompleted = (event: Event): event is ParseEvent =>
  event.event_type === "parse.success" || event.event_type === "parse.partial_success"
