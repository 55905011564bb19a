/**
 * Schemas of the webhook events OpenAI sends (Standard Webhooks signing; verify with the webhooks module first):
 * background responses, batches, fine-tuning jobs, eval runs and incoming SIP calls. An event of a type not
 * listed here decodes as the fallback member with every field kept, so a new event type is never dropped.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"

const common = {
  id: Schema.String,
  object: Schema.optional(Schema.Literal("event")),
  created_at: Schema.Number
}

/**
 * The event types whose `data` is `{ id }` of the response, batch, job or run concerned.
 *
 * @since 0.1.0
 * @category Models
 */
export const resourceEventTypes = [
  "response.completed",
  "response.failed",
  "response.incomplete",
  "response.cancelled",
  "batch.completed",
  "batch.failed",
  "batch.expired",
  "batch.cancelled",
  "fine_tuning.job.succeeded",
  "fine_tuning.job.failed",
  "fine_tuning.job.cancelled",
  "eval.run.succeeded",
  "eval.run.failed",
  "eval.run.canceled"
] as const

/**
 * A background response, batch, fine-tuning job or eval run reached a terminal state; fetch it by `data.id`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResourceEvent = Schema.Struct({
  ...common,
  type: Schema.Literal(...resourceEventTypes),
  data: Schema.Struct({ id: Schema.String })
})

/**
 * A SIP call reached a Realtime project.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const RealtimeCallIncoming = Schema.Struct({
  ...common,
  type: Schema.Literal("realtime.call.incoming"),
  data: Schema.Struct({
    call_id: Schema.String,
    sip_headers: Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String }))
  })
})

/**
 * A SIP call reached a Realtime session (`live` API).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const LiveCallIncoming = Schema.Struct({
  ...common,
  type: Schema.Literal("live.call.incoming"),
  data: Schema.Struct({
    session_id: Schema.String,
    sip_headers: Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String }))
  })
})

const knownTypes: ReadonlySet<string> = new Set([...resourceEventTypes, "realtime.call.incoming", "live.call.incoming"])

/**
 * Whether an event type has its own schema here (other types decode as `UnknownEvent`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isKnownType = (type: string): boolean => knownTypes.has(type)

/**
 * Any other event, kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UnknownEvent = Schema.Struct(
  {
    id: Schema.String,
    type: Schema.String.pipe(Schema.filter((type) => !knownTypes.has(type), { message: () => "a known event type" }))
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Event = Schema.Union(ResourceEvent, RealtimeCallIncoming, LiveCallIncoming, UnknownEvent)

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = typeof Event.Type

/**
 * Decodes a verified webhook payload (parsed JSON).
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeEvent: (payload: unknown) => Effect.Effect<Event, ParseResult.ParseError> = Schema.decodeUnknown(
  Event,
  { errors: "all", onExcessProperty: "ignore" }
)
