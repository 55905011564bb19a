/**
 * Schemas of the server-sent events of a streamed response (`stream: true` on `POST /responses`): lifecycle events
 * carrying the whole response, output items and content parts as they start and finish, and text, refusal,
 * function-argument and reasoning-summary deltas. Any other event (web search progress, audio, MCP, future kinds)
 * arrives as `{ type: "unknown", event }` with the event kept whole; an `error` event ends the stream as an
 * `IntegrationError` and never reaches callers.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { typesOf, unknownMember } from "../../internal/openUnion.js"
import { OutputContent, OutputItem, Response } from "./Responses.js"

const lifecycle = <T extends string>(type: T) =>
  Schema.Struct({ type: Schema.Literal(type), sequence_number: Schema.optional(Schema.Int), response: Response })

const itemEvent = <T extends string>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    sequence_number: Schema.optional(Schema.Int),
    output_index: Schema.Int,
    item: OutputItem
  })

const partEvent = <T extends string>(type: T) =>
  Schema.Struct({
    type: Schema.Literal(type),
    sequence_number: Schema.optional(Schema.Int),
    item_id: Schema.String,
    output_index: Schema.Int,
    content_index: Schema.Int,
    part: OutputContent
  })

const located = {
  sequence_number: Schema.optional(Schema.Int),
  item_id: Schema.String,
  output_index: Schema.Int
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseCreatedEvent = lifecycle("response.created")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseInProgressEvent = lifecycle("response.in_progress")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseQueuedEvent = lifecycle("response.queued")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseCompletedEvent = lifecycle("response.completed")
/**
 * A terminal event: the response's `error` says why. It is an event, not a stream failure, as in OpenAI's SDKs.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseFailedEvent = lifecycle("response.failed")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseIncompleteEvent = lifecycle("response.incomplete")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputItemAddedEvent = itemEvent("response.output_item.added")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputItemDoneEvent = itemEvent("response.output_item.done")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentPartAddedEvent = partEvent("response.content_part.added")
/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentPartDoneEvent = partEvent("response.content_part.done")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputTextDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.output_text.delta"),
  ...located,
  content_index: Schema.Int,
  delta: Schema.String,
  logprobs: Schema.optional(Schema.Array(Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputTextDoneEvent = Schema.Struct({
  type: Schema.Literal("response.output_text.done"),
  ...located,
  content_index: Schema.Int,
  text: Schema.String,
  logprobs: Schema.optional(Schema.Array(Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RefusalDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.refusal.delta"),
  ...located,
  content_index: Schema.Int,
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RefusalDoneEvent = Schema.Struct({
  type: Schema.Literal("response.refusal.done"),
  ...located,
  content_index: Schema.Int,
  refusal: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionCallArgumentsDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.function_call_arguments.delta"),
  ...located,
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionCallArgumentsDoneEvent = Schema.Struct({
  type: Schema.Literal("response.function_call_arguments.done"),
  ...located,
  name: Schema.optional(Schema.String),
  arguments: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ReasoningSummaryTextDeltaEvent = Schema.Struct({
  type: Schema.Literal("response.reasoning_summary_text.delta"),
  ...located,
  summary_index: Schema.Int,
  delta: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ReasoningSummaryTextDoneEvent = Schema.Struct({
  type: Schema.Literal("response.reasoning_summary_text.done"),
  ...located,
  summary_index: Schema.Int,
  text: Schema.String
})

/**
 * An `error` event ends a stream. The client turns it into an `IntegrationError` (by `code`); it never reaches
 * callers as an event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseErrorEvent = Schema.Struct({
  type: Schema.Literal("error"),
  code: Schema.optional(Schema.NullOr(Schema.String)),
  message: Schema.optional(Schema.String),
  param: Schema.optional(Schema.NullOr(Schema.String)),
  sequence_number: Schema.optional(Schema.Int)
})

const eventMembers = [
  ResponseCreatedEvent,
  ResponseInProgressEvent,
  ResponseQueuedEvent,
  ResponseCompletedEvent,
  ResponseFailedEvent,
  ResponseIncompleteEvent,
  OutputItemAddedEvent,
  OutputItemDoneEvent,
  ContentPartAddedEvent,
  ContentPartDoneEvent,
  OutputTextDeltaEvent,
  OutputTextDoneEvent,
  RefusalDeltaEvent,
  RefusalDoneEvent,
  FunctionCallArgumentsDeltaEvent,
  FunctionCallArgumentsDoneEvent,
  ReasoningSummaryTextDeltaEvent,
  ReasoningSummaryTextDoneEvent
] as const

/**
 * Every event of a response stream callers see: the typed ones above, and any other (web search progress, audio,
 * MCP, future kinds) as `{ type: "unknown", event }` with the event kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseStreamEvent = Schema.Union(
  ...eventMembers,
  unknownMember([...typesOf(eventMembers), ...ResponseErrorEvent.fields.type.literals])
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ResponseStreamEvent = typeof ResponseStreamEvent.Type

/**
 * What the wire carries: the events above and the `error` event the client fails the stream with.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseStreamWireEvent = Schema.Union(ResponseErrorEvent, ResponseStreamEvent)
