/**
 * Schemas of the server-sent events of a streamed Message (`stream: true`): `message_start`, the content block
 * start/delta/stop triple, `message_delta`, `message_stop` and `ping`. Event and delta types Anthropic adds later
 * arrive as `{ type: "unknown", event }` with the event kept whole; an `error` event ends the stream as an
 * `IntegrationError` and never reaches callers.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { typesOf, unknownMember } from "../../internal/openUnion.js"
import { ContentBlock, Message } from "./Messages.js"

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TextDelta = Schema.Struct({ type: Schema.Literal("text_delta"), text: Schema.String })

/**
 * A fragment of a tool call's JSON input; the fragments of one block concatenate to the full input.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const InputJsonDelta = Schema.Struct({ type: Schema.Literal("input_json_delta"), partial_json: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ThinkingDelta = Schema.Struct({ type: Schema.Literal("thinking_delta"), thinking: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const SignatureDelta = Schema.Struct({ type: Schema.Literal("signature_delta"), signature: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CitationsDelta = Schema.Struct({
  type: Schema.Literal("citations_delta"),
  citation: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})

const deltas = [TextDelta, InputJsonDelta, ThinkingDelta, SignatureDelta, CitationsDelta] as const

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDelta = Schema.Union(...deltas, unknownMember(typesOf(deltas)))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = Schema.Struct({ type: Schema.Literal("message_start"), message: Message })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = Schema.Struct({
  type: Schema.Literal("content_block_start"),
  index: Schema.Int,
  content_block: ContentBlock
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Int,
  delta: ContentBlockDelta
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = Schema.Struct({ type: Schema.Literal("content_block_stop"), index: Schema.Int })

/**
 * The final stop reason and the cumulative output token count.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageDeltaEvent = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({
    stop_reason: Schema.optional(Schema.NullOr(Schema.String)),
    stop_sequence: Schema.optional(Schema.NullOr(Schema.String))
  }),
  usage: Schema.Struct({
    output_tokens: Schema.Int,
    input_tokens: Schema.optional(Schema.NullOr(Schema.Int)),
    cache_creation_input_tokens: Schema.optional(Schema.NullOr(Schema.Int)),
    cache_read_input_tokens: Schema.optional(Schema.NullOr(Schema.Int))
  })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = Schema.Struct({ type: Schema.Literal("message_stop") })

/**
 * A keep-alive; it also resets the stream's idle timeout.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PingEvent = Schema.Struct({ type: Schema.Literal("ping") })

/**
 * An error after the stream started (e.g. `overloaded_error`). The client fails the stream with it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ErrorEvent = Schema.Struct({
  type: Schema.Literal("error"),
  error: Schema.Struct({ type: Schema.String, message: Schema.optional(Schema.String) })
})

const events = [
  MessageStartEvent,
  ContentBlockStartEvent,
  ContentBlockDeltaEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStopEvent,
  PingEvent
] as const

/**
 * Every event of a message stream callers see.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamEvent = Schema.Union(...events, unknownMember([...typesOf(events), "error"]))

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageStreamEvent = typeof MessageStreamEvent.Type

/**
 * What the wire carries: the events above and the `error` event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamWireEvent = Schema.Union(ErrorEvent, MessageStreamEvent)
