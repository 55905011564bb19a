/**
 * Schemas of the webhook events OpenAI sends (Standard Webhooks signing; verify with the webhooks module first):
 * background responses, batches, fine-tuning jobs, eval runs and incoming SIP calls. An event of a type not
 * listed here decodes as the fallback member with every field kept, so a new event type is never dropped. A
 * `WebhookEvents.catalog`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OpenAIEvents } from "effect-integrations/openai"
 *
 * const onEvent = (body: string) =>
 *   Effect.gen(function*() {
 *     const event = yield* OpenAIEvents.decodeEventJson(body)
 *     if (!OpenAIEvents.isKnown(event)) return `kept ${event.type} for later`
 *     switch (event.type) {
 *       case "realtime.call.incoming":
 *         return `answer call ${event.data.call_id}`
 *       case "live.call.incoming":
 *         return `answer session ${event.data.session_id}`
 *       default:
 *         return `fetch ${event.type} ${event.data.id}`
 *     }
 *   })
 * ```
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as WebhookEvents from "../../webhooks/WebhookEvents.js"

// The SIP headers of an incoming call, in the order received.
const SipHeaders = Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String }))

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
  data: Schema.Struct({ call_id: Schema.String, sip_headers: SipHeaders })
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
  data: Schema.Struct({ session_id: Schema.String, sip_headers: SipHeaders })
})

const knownTypeSet: ReadonlySet<string> = new Set([...resourceEventTypes, "realtime.call.incoming", "live.call.incoming"])

/**
 * Whether an event type has its own schema here (other types decode as `UnknownEvent`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isKnownType = (type: string): boolean => knownTypeSet.has(type)

/**
 * Any other event, kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const UnknownEvent = Schema.Struct(
  {
    id: Schema.String,
    type: Schema.String.pipe(Schema.filter((type) => !knownTypeSet.has(type), { message: () => "a known event type" }))
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.2.0
 * @category Models
 */
export type KnownEvent = typeof ResourceEvent.Type | typeof RealtimeCallIncoming.Type | typeof LiveCallIncoming.Type

/**
 * @since 0.2.0
 * @category Models
 */
export type KnownType = KnownEvent["type"]

const catalog = WebhookEvents.catalog({ known: [ResourceEvent, RealtimeCallIncoming, LiveCallIncoming], unknown: UnknownEvent })

/**
 * @since 0.1.0
 * @category Models
 */
export type Event = KnownEvent | typeof UnknownEvent.Type

/**
 * The catalog of events, from `WebhookEvents.catalog`:
 *
 * - `Event`: an OpenAI event: one of the typed events, or an `UnknownEvent` kept whole.
 * - `knownTypes`: the event types decoded into a typed event.
 * - `decodeEvent`: decodes a verified webhook payload (parsed JSON).
 * - `decodeEventJson`: decodes an event from the raw JSON text of a verified webhook body.
 * - `isKnown`: narrows to the typed events, after which `switch (event.type)` narrows each case.
 * - `is`: narrows to one event type.
 *
 * @since 0.2.0
 * @category Decoding
 */
export const { Event, knownTypes, decodeEvent, decodeEventJson, isKnown, is } = catalog

