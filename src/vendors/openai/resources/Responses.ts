/**
 * Schemas of OpenAI's Responses API (`POST /responses`): the request and the response. Inputs, output items and tools
 * are typed where applications read them (messages, function calls, reasoning) and kept whole otherwise: built-in
 * tools and new item kinds pass through instead of failing to decode.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { passthroughExcept, typesOf, unknownMember } from "../../internal/openUnion.js"

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// ---------------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InputText = Schema.Struct({ type: Schema.Literal("input_text"), text: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InputImage = Schema.Struct({
  type: Schema.Literal("input_image"),
  detail: Schema.Literal("low", "high", "auto"),
  image_url: Schema.optional(Schema.NullOr(Schema.String)),
  file_id: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InputFile = Schema.Struct({
  type: Schema.Literal("input_file"),
  file_id: Schema.optional(Schema.NullOr(Schema.String)),
  file_data: Schema.optional(Schema.String),
  file_url: Schema.optional(Schema.String),
  filename: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const InputContent = Schema.Union(InputText, InputImage, InputFile)

/**
 * A message in the conversation; `type: "message"` may be left out.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const InputMessage = Schema.Struct({
  type: Schema.optional(Schema.Literal("message")),
  role: Schema.Literal("user", "assistant", "system", "developer"),
  content: Schema.Union(Schema.String, Schema.Array(InputContent))
})

/**
 * The result of a function call the model asked for, matched by `call_id`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionCallOutput = Schema.Struct({
  type: Schema.Literal("function_call_output"),
  call_id: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(64)),
  output: Schema.String
})

/**
 * A previous output item, by id (with `store: true`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ItemReference = Schema.Struct({ type: Schema.Literal("item_reference"), id: Schema.String })

/**
 * One input item. Output items from a previous response (function calls, reasoning) can be sent back as they came.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const InputItem = Schema.Union(
  InputMessage,
  FunctionCallOutput,
  ItemReference,
  passthroughExcept("message", "function_call_output", "item_reference")
)

/**
 * @since 0.1.0
 * @category Models
 */
export type InputItem = typeof InputItem.Type

/**
 * A function the model may call. OpenAI requires `parameters` and `strict` (both nullable).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionTool = Schema.Struct({
  type: Schema.Literal("function"),
  name: Schema.NonEmptyString,
  description: Schema.optional(Schema.NullOr(Schema.String)),
  parameters: Schema.NullOr(JsonObject),
  strict: Schema.NullOr(Schema.Boolean)
})

/**
 * A function tool, or a built-in tool (`web_search`, `file_search`, `code_interpreter`, `mcp`...) given as OpenAI
 * documents it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Tool = Schema.Union(FunctionTool, passthroughExcept("function"))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ToolChoice = Schema.Union(
  Schema.Literal("none", "auto", "required"),
  Schema.Struct({ type: Schema.Literal("function"), name: Schema.String }),
  passthroughExcept("function")
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TextFormat = Schema.Union(
  Schema.Struct({ type: Schema.Literal("text") }),
  Schema.Struct({ type: Schema.Literal("json_object") }),
  Schema.Struct({
    type: Schema.Literal("json_schema"),
    name: Schema.NonEmptyString,
    schema: JsonObject,
    description: Schema.optional(Schema.String),
    strict: Schema.optional(Schema.NullOr(Schema.Boolean))
  })
)

const createFields = {
  /** Optional only when a stored `prompt` names the model. */
  model: Schema.optional(Schema.NonEmptyString),
  input: Schema.optional(Schema.Union(Schema.String, Schema.Array(InputItem))),
  instructions: Schema.optional(Schema.NullOr(Schema.String)),
  previous_response_id: Schema.optional(Schema.NullOr(Schema.String)),
  /** Appending to a conversation is a side effect: such calls are not retried (see `OpenAIClient.defaultPolicy`). */
  conversation: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Struct({ id: Schema.String })))),
  /** A background response is a job started on the server: such calls are not retried either. */
  background: Schema.optional(Schema.NullOr(Schema.Boolean)),
  tools: Schema.optional(Schema.Array(Tool)),
  tool_choice: Schema.optional(ToolChoice),
  parallel_tool_calls: Schema.optional(Schema.NullOr(Schema.Boolean)),
  max_tool_calls: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive()))),
  text: Schema.optional(
    Schema.Struct({ format: Schema.optional(TextFormat), verbosity: Schema.optional(Schema.NullOr(Schema.String)) })
  ),
  reasoning: Schema.optional(
    Schema.NullOr(
      Schema.Struct({
        /** `none`, `minimal`, `low`, `medium`, `high`...; open because OpenAI adds levels with new models. */
        effort: Schema.optional(Schema.NullOr(Schema.String)),
        summary: Schema.optional(Schema.NullOr(Schema.Literal("auto", "concise", "detailed")))
      })
    )
  ),
  max_output_tokens: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.greaterThanOrEqualTo(16)))),
  temperature: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 2)))),
  top_p: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1)))),
  top_logprobs: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.between(0, 20)))),
  truncation: Schema.optional(Schema.NullOr(Schema.Literal("auto", "disabled"))),
  store: Schema.optional(Schema.NullOr(Schema.Boolean)),
  include: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String }))),
  prompt: Schema.optional(
    Schema.NullOr(
      Schema.Struct({
        id: Schema.String,
        version: Schema.optional(Schema.NullOr(Schema.String)),
        variables: Schema.optional(JsonObject)
      })
    )
  ),
  service_tier: Schema.optional(Schema.NullOr(Schema.String)),
  user: Schema.optional(Schema.String),
  safety_identifier: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(64)))),
  prompt_cache_key: Schema.optional(Schema.NullOr(Schema.String))
}

/**
 * A Responses API request. `stream` is set by the client: `create` sends none, `stream` sends `true`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseCreateParams = Schema.Struct(createFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type ResponseCreateParams = typeof ResponseCreateParams.Type

// ---------------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------------

/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputText = Schema.Struct({
  type: Schema.Literal("output_text"),
  text: Schema.String,
  annotations: Schema.optional(Schema.Array(Schema.Unknown)),
  logprobs: Schema.optional(Schema.Array(Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Refusal = Schema.Struct({ type: Schema.Literal("refusal"), refusal: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ReasoningText = Schema.Struct({ type: Schema.Literal("reasoning_text"), text: Schema.String })

const contentMembers = [OutputText, Refusal, ReasoningText] as const

/**
 * A part of an output message: text, a refusal, reasoning text, or a new kind kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OutputContent = Schema.Union(...contentMembers, unknownMember(typesOf(contentMembers)))

/**
 * @since 0.1.0
 * @category Models
 */
export type OutputContent = typeof OutputContent.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const OutputMessage = Schema.Struct({
  type: Schema.Literal("message"),
  id: Schema.String,
  role: Schema.Literal("assistant"),
  /** `in_progress`, `completed`, `incomplete`. */
  status: Schema.optional(Schema.String),
  content: Schema.Array(OutputContent)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionCall = Schema.Struct({
  type: Schema.Literal("function_call"),
  id: Schema.optional(Schema.String),
  call_id: Schema.String,
  name: Schema.String,
  arguments: Schema.String,
  status: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Reasoning = Schema.Struct({
  type: Schema.Literal("reasoning"),
  id: Schema.String,
  summary: Schema.Array(Schema.Struct({ type: Schema.String, text: Schema.String })),
  content: Schema.optional(Schema.Array(ReasoningText)),
  encrypted_content: Schema.optional(Schema.NullOr(Schema.String)),
  status: Schema.optional(Schema.String)
})

const itemMembers = [OutputMessage, FunctionCall, Reasoning] as const

/**
 * One output item. Tool calls of built-in tools (web search, file search, MCP...) and future kinds arrive as
 * `{ type: "unknown", event }` with the item kept whole.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OutputItem = Schema.Union(...itemMembers, unknownMember(typesOf(itemMembers)))

/**
 * @since 0.1.0
 * @category Models
 */
export type OutputItem = typeof OutputItem.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ResponseUsage = Schema.Struct({
  input_tokens: Schema.Int,
  output_tokens: Schema.Int,
  total_tokens: Schema.Int,
  input_tokens_details: Schema.optional(Schema.Struct({ cached_tokens: Schema.optional(Schema.Int) })),
  output_tokens_details: Schema.optional(Schema.Struct({ reasoning_tokens: Schema.optional(Schema.Int) }))
})

/**
 * A model response. `status` is open (`completed`, `failed`, `in_progress`, `cancelled`, `queued`, `incomplete`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Response = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("response"),
  created_at: Schema.Number,
  model: Schema.String,
  status: Schema.optional(Schema.String),
  output: Schema.Array(OutputItem),
  error: Schema.optional(Schema.NullOr(Schema.Struct({ code: Schema.String, message: Schema.String }))),
  incomplete_details: Schema.optional(Schema.NullOr(Schema.Struct({ reason: Schema.optional(Schema.String) }))),
  usage: Schema.optional(Schema.NullOr(ResponseUsage)),
  previous_response_id: Schema.optional(Schema.NullOr(Schema.String)),
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String }))),
  service_tier: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Response = typeof Response.Type

/**
 * The text of every `output_text` part of every output message, joined: what the SDKs call `output_text`.
 *
 * @since 0.1.0
 * @category Helpers
 */
export const outputText = (response: Response): string =>
  response.output
    .flatMap((item) => (item.type === "message" ? item.content : []))
    .map((part) => (part.type === "output_text" ? part.text : ""))
    .join("")
