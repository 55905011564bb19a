/**
 * Schemas of Anthropic's Messages API (`POST /v1/messages`) and token counting (`POST /v1/messages/count_tokens`).
 * Request blocks are typed where applications build them (text, images, documents, tool use and results, thinking);
 * server-tool blocks echoed back from a previous turn pass through. Response blocks of a kind not typed here decode as
 * `{ type: "unknown", event }` with the block kept whole.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { passthroughExcept, typesOf, unknownMember } from "../../internal/openUnion.js"

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// ---------------------------------------------------------------------------------------------------------------------
// Request
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A prompt-caching breakpoint.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CacheControl = Schema.Struct({
  type: Schema.Literal("ephemeral"),
  ttl: Schema.optional(Schema.Literal("5m", "1h"))
})

const cacheable = { cache_control: Schema.optional(Schema.NullOr(CacheControl)) }

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TextBlockParam = Schema.Struct({
  type: Schema.Literal("text"),
  text: Schema.NonEmptyString,
  citations: Schema.optional(Schema.NullOr(Schema.Array(JsonObject))),
  ...cacheable
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ImageBlockParam = Schema.Struct({
  type: Schema.Literal("image"),
  source: Schema.Union(
    Schema.Struct({
      type: Schema.Literal("base64"),
      media_type: Schema.Literal("image/jpeg", "image/png", "image/gif", "image/webp"),
      data: Schema.String
    }),
    Schema.Struct({ type: Schema.Literal("url"), url: Schema.String })
  ),
  ...cacheable
})

/**
 * A PDF (base64 or URL), plain text, or custom content the model can read and cite.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DocumentBlockParam = Schema.Struct({
  type: Schema.Literal("document"),
  source: Schema.Union(
    Schema.Struct({ type: Schema.Literal("base64"), media_type: Schema.Literal("application/pdf"), data: Schema.String }),
    Schema.Struct({ type: Schema.Literal("text"), media_type: Schema.Literal("text/plain"), data: Schema.String }),
    Schema.Struct({ type: Schema.Literal("url"), url: Schema.String }),
    Schema.Struct({
      type: Schema.Literal("content"),
      content: Schema.Union(Schema.String, Schema.Array(Schema.Union(TextBlockParam, ImageBlockParam)))
    })
  ),
  title: Schema.optional(Schema.NullOr(Schema.String)),
  context: Schema.optional(Schema.NullOr(Schema.String)),
  citations: Schema.optional(Schema.NullOr(Schema.Struct({ enabled: Schema.optional(Schema.Boolean) }))),
  ...cacheable
})

const TOOL_ID = /^[a-zA-Z0-9_-]+$/

/**
 * A tool call of the model, sent back as part of the conversation.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ToolUseBlockParam = Schema.Struct({
  type: Schema.Literal("tool_use"),
  id: Schema.String.pipe(Schema.pattern(TOOL_ID)),
  name: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200)),
  input: JsonObject,
  ...cacheable
})

/**
 * The result of a tool call, matched by `tool_use_id`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ToolResultBlockParam = Schema.Struct({
  type: Schema.Literal("tool_result"),
  tool_use_id: Schema.String.pipe(Schema.pattern(TOOL_ID)),
  content: Schema.optional(
    Schema.Union(Schema.String, Schema.Array(Schema.Union(TextBlockParam, ImageBlockParam, DocumentBlockParam)))
  ),
  is_error: Schema.optional(Schema.Boolean),
  ...cacheable
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ThinkingBlockParam = Schema.Struct({
  type: Schema.Literal("thinking"),
  thinking: Schema.String,
  signature: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RedactedThinkingBlockParam = Schema.Struct({ type: Schema.Literal("redacted_thinking"), data: Schema.String })

const blockParams = [
  TextBlockParam,
  ImageBlockParam,
  DocumentBlockParam,
  ToolUseBlockParam,
  ToolResultBlockParam,
  ThinkingBlockParam,
  RedactedThinkingBlockParam
] as const

/**
 * One block of a message's content. Server-tool blocks of a previous answer (`server_tool_use`,
 * `web_search_tool_result`...) are sent back as they came.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockParam = Schema.Union(...blockParams, passthroughExcept(...typesOf(blockParams)))

/**
 * @since 0.1.0
 * @category Models
 */
export type ContentBlockParam = typeof ContentBlockParam.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageParam = Schema.Struct({
  role: Schema.Literal("user", "assistant"),
  content: Schema.Union(Schema.String, Schema.Array(ContentBlockParam))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageParam = typeof MessageParam.Type

/**
 * A tool defined by the application; `input_schema` is a JSON Schema object.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CustomTool = Schema.Struct({
  type: Schema.optional(Schema.NullOr(Schema.Literal("custom"))),
  name: Schema.String.pipe(Schema.pattern(/^[a-zA-Z0-9_-]{1,128}$/)),
  description: Schema.optional(Schema.String),
  input_schema: Schema.Struct({ type: Schema.Literal("object") }, JsonObject),
  strict: Schema.optional(Schema.Boolean),
  ...cacheable
})

/**
 * A custom tool, or one of Anthropic's server and client tools (`web_search_20250305`, `bash_20250124`,
 * `text_editor_20250728`...) given as Anthropic documents it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Tool = Schema.Union(CustomTool, passthroughExcept("custom"))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ToolChoice = Schema.Union(
  Schema.Struct({ type: Schema.Literal("auto"), disable_parallel_tool_use: Schema.optional(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("any"), disable_parallel_tool_use: Schema.optional(Schema.Boolean) }),
  Schema.Struct({
    type: Schema.Literal("tool"),
    name: Schema.String,
    disable_parallel_tool_use: Schema.optional(Schema.Boolean)
  }),
  Schema.Struct({ type: Schema.Literal("none") })
)

/**
 * Extended thinking: a token budget (at least 1024, below `max_tokens`), off, or adaptive.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ThinkingConfig = Schema.Union(
  Schema.Struct({ type: Schema.Literal("enabled"), budget_tokens: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1024)) }),
  Schema.Struct({ type: Schema.Literal("disabled") }),
  Schema.Struct({ type: Schema.Literal("adaptive") })
)

const promptFields = {
  model: Schema.NonEmptyString,
  messages: Schema.Array(MessageParam).pipe(Schema.minItems(1)),
  system: Schema.optional(Schema.Union(Schema.String, Schema.Array(TextBlockParam))),
  tools: Schema.optional(Schema.Array(Tool)),
  tool_choice: Schema.optional(ToolChoice),
  thinking: Schema.optional(ThinkingConfig)
}

/**
 * A Messages request. `stream` is set by the client: `create` sends none, `stream` sends `true`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageCreateParams = Schema.Struct({
  ...promptFields,
  max_tokens: Schema.Int.pipe(Schema.positive()),
  metadata: Schema.optional(Schema.Struct({ user_id: Schema.optional(Schema.NullOr(Schema.String)) })),
  stop_sequences: Schema.optional(Schema.Array(Schema.String)),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  top_p: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  top_k: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  service_tier: Schema.optional(Schema.Literal("auto", "standard_only")),
  container: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageCreateParams = typeof MessageCreateParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CountTokensParams = Schema.Struct(promptFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type CountTokensParams = typeof CountTokensParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CountTokensResponse = Schema.Struct({ input_tokens: Schema.Int })

/**
 * @since 0.1.0
 * @category Models
 */
export type CountTokensResponse = typeof CountTokensResponse.Type

// ---------------------------------------------------------------------------------------------------------------------
// Response
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TextBlock = Schema.Struct({
  type: Schema.Literal("text"),
  text: Schema.String,
  citations: Schema.optional(Schema.NullOr(Schema.Array(JsonObject)))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ThinkingBlock = Schema.Struct({
  type: Schema.Literal("thinking"),
  thinking: Schema.String,
  signature: Schema.String
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RedactedThinkingBlock = Schema.Struct({ type: Schema.Literal("redacted_thinking"), data: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ToolUseBlock = Schema.Struct({
  type: Schema.Literal("tool_use"),
  id: Schema.String,
  name: Schema.String,
  input: JsonObject
})

/**
 * A call of a server tool Anthropic runs itself (web search, code execution).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ServerToolUseBlock = Schema.Struct({
  type: Schema.Literal("server_tool_use"),
  id: Schema.String,
  name: Schema.String,
  input: JsonObject
})

const blocks = [TextBlock, ThinkingBlock, RedactedThinkingBlock, ToolUseBlock, ServerToolUseBlock] as const

/**
 * One block of the answer. Tool-result blocks of server tools and future kinds arrive as `{ type: "unknown", event }`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlock = Schema.Union(...blocks, unknownMember(typesOf(blocks)))

/**
 * @since 0.1.0
 * @category Models
 */
export type ContentBlock = typeof ContentBlock.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Usage = Schema.Struct({
  input_tokens: Schema.Int,
  output_tokens: Schema.Int,
  cache_creation_input_tokens: Schema.optional(Schema.NullOr(Schema.Int)),
  cache_read_input_tokens: Schema.optional(Schema.NullOr(Schema.Int)),
  service_tier: Schema.optional(Schema.NullOr(Schema.String)),
  server_tool_use: Schema.optional(Schema.NullOr(JsonObject))
})

/**
 * An answer. `stop_reason` is open (`end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`, `refusal`...).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Message = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("message"),
  role: Schema.Literal("assistant"),
  content: Schema.Array(ContentBlock),
  model: Schema.String,
  stop_reason: Schema.NullOr(Schema.String),
  stop_sequence: Schema.optional(Schema.NullOr(Schema.String)),
  usage: Usage,
  container: Schema.optional(Schema.NullOr(JsonObject))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Message = typeof Message.Type

/**
 * The text of every text block, joined.
 *
 * @since 0.1.0
 * @category Helpers
 */
export const messageText = (message: Message): string =>
  message.content.map((block) => (block.type === "text" ? block.text : "")).join("")
