/**
 * Schemas of OpenAI's Chat Completions (`POST /chat/completions`), plain and streamed. The request covers the fields
 * applications use (messages of every role, tools, structured output, sampling, reasoning); the responses are tolerant
 * of the extra fields OpenAI-compatible providers add (Groq's `x_groq`, Azure's filter results).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ImagePart = Schema.Struct({
  type: Schema.Literal("image_url"),
  image_url: Schema.Struct({ url: Schema.String, detail: Schema.optional(Schema.Literal("auto", "low", "high")) })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const AudioPart = Schema.Struct({
  type: Schema.Literal("input_audio"),
  input_audio: Schema.Struct({ data: Schema.String, format: Schema.Literal("wav", "mp3") })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FilePart = Schema.Struct({
  type: Schema.Literal("file"),
  file: Schema.Struct({
    filename: Schema.optional(Schema.String),
    file_data: Schema.optional(Schema.String),
    file_id: Schema.optional(Schema.String)
  })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const RefusalPart = Schema.Struct({ type: Schema.Literal("refusal"), refusal: Schema.String })

const textContent = Schema.Union(Schema.String, Schema.Array(TextPart).pipe(Schema.minItems(1)))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const FunctionToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("function"),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CustomToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("custom"),
  custom: Schema.Struct({ name: Schema.String, input: Schema.String })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ToolCall = Schema.Union(FunctionToolCall, CustomToolCall)

/**
 * @since 0.1.0
 * @category Models
 */
export type ToolCall = typeof ToolCall.Type

/**
 * One message of the conversation, by role. `developer` replaces `system` for reasoning models.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatMessage = Schema.Union(
  Schema.Struct({ role: Schema.Literal("developer"), content: textContent, name: Schema.optional(Schema.String) }),
  Schema.Struct({ role: Schema.Literal("system"), content: textContent, name: Schema.optional(Schema.String) }),
  Schema.Struct({
    role: Schema.Literal("user"),
    content: Schema.Union(
      Schema.String,
      Schema.Array(Schema.Union(TextPart, ImagePart, AudioPart, FilePart)).pipe(Schema.minItems(1))
    ),
    name: Schema.optional(Schema.String)
  }),
  Schema.Struct({
    role: Schema.Literal("assistant"),
    content: Schema.optional(
      Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.Union(TextPart, RefusalPart)).pipe(Schema.minItems(1))))
    ),
    refusal: Schema.optional(Schema.NullOr(Schema.String)),
    name: Schema.optional(Schema.String),
    tool_calls: Schema.optional(Schema.Array(ToolCall)),
    audio: Schema.optional(Schema.NullOr(Schema.Struct({ id: Schema.String })))
  }),
  Schema.Struct({ role: Schema.Literal("tool"), content: textContent, tool_call_id: Schema.String })
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatMessage = typeof ChatMessage.Type

/**
 * A function the model may call; `parameters` is a JSON Schema object.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatTool = Schema.Struct({
  type: Schema.Literal("function"),
  function: Schema.Struct({
    name: Schema.NonEmptyString,
    description: Schema.optional(Schema.String),
    parameters: Schema.optional(JsonObject),
    strict: Schema.optional(Schema.NullOr(Schema.Boolean))
  })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ChatToolChoice = Schema.Union(
  Schema.Literal("none", "auto", "required"),
  Schema.Struct({ type: Schema.Literal("function"), function: Schema.Struct({ name: Schema.String }) })
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ChatResponseFormat = Schema.Union(
  Schema.Struct({ type: Schema.Literal("text") }),
  Schema.Struct({ type: Schema.Literal("json_object") }),
  Schema.Struct({
    type: Schema.Literal("json_schema"),
    json_schema: Schema.Struct({
      name: Schema.NonEmptyString,
      description: Schema.optional(Schema.String),
      schema: Schema.optional(JsonObject),
      strict: Schema.optional(Schema.NullOr(Schema.Boolean))
    })
  })
)

const samplingFields = {
  model: Schema.NonEmptyString,
  messages: Schema.Array(ChatMessage).pipe(Schema.minItems(1)),
  frequency_penalty: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(-2, 2)))),
  presence_penalty: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(-2, 2)))),
  logit_bias: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Int }))),
  logprobs: Schema.optional(Schema.NullOr(Schema.Boolean)),
  top_logprobs: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.between(0, 20)))),
  max_completion_tokens: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive()))),
  /** Deprecated by OpenAI in favour of `max_completion_tokens`, still the field most compatible providers read. */
  max_tokens: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive()))),
  n: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.between(1, 128)))),
  /** `none`, `minimal`, `low`, `medium`, `high`...; open because OpenAI adds levels with new models. */
  reasoning_effort: Schema.optional(Schema.NullOr(Schema.String)),
  verbosity: Schema.optional(Schema.NullOr(Schema.Literal("low", "medium", "high"))),
  response_format: Schema.optional(ChatResponseFormat),
  seed: Schema.optional(Schema.NullOr(Schema.Int)),
  /** `auto`, `default`, `flex`, `priority`...; open for the same reason. */
  service_tier: Schema.optional(Schema.NullOr(Schema.String)),
  stop: Schema.optional(
    Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.String).pipe(Schema.minItems(1), Schema.maxItems(4))))
  ),
  store: Schema.optional(Schema.NullOr(Schema.Boolean)),
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String }))),
  temperature: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 2)))),
  top_p: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1)))),
  tools: Schema.optional(Schema.Array(ChatTool)),
  tool_choice: Schema.optional(ChatToolChoice),
  parallel_tool_calls: Schema.optional(Schema.Boolean),
  user: Schema.optional(Schema.String),
  safety_identifier: Schema.optional(Schema.NullOr(Schema.String.pipe(Schema.maxLength(64)))),
  prompt_cache_key: Schema.optional(Schema.NullOr(Schema.String))
}

/**
 * A chat completion request. `stream` is set by the client: `create` sends none, `stream` sends `true`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionCreateParams = Schema.Struct(samplingFields)

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionCreateParams = typeof ChatCompletionCreateParams.Type

/**
 * A streamed chat completion request; `include_usage` adds a final chunk with the token usage.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionStreamParams = Schema.Struct({
  ...samplingFields,
  stream_options: Schema.optional(
    Schema.NullOr(
      Schema.Struct({ include_usage: Schema.optional(Schema.Boolean), include_obfuscation: Schema.optional(Schema.Boolean) })
    )
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionStreamParams = typeof ChatCompletionStreamParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CompletionUsage = Schema.Struct({
  prompt_tokens: Schema.Int,
  completion_tokens: Schema.Int,
  total_tokens: Schema.Int,
  prompt_tokens_details: Schema.optional(
    Schema.NullOr(Schema.Struct({ cached_tokens: Schema.optional(Schema.Int), audio_tokens: Schema.optional(Schema.Int) }))
  ),
  completion_tokens_details: Schema.optional(
    Schema.NullOr(
      Schema.Struct({
        reasoning_tokens: Schema.optional(Schema.Int),
        audio_tokens: Schema.optional(Schema.Int),
        accepted_prediction_tokens: Schema.optional(Schema.Int),
        rejected_prediction_tokens: Schema.optional(Schema.Int)
      })
    )
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CompletionUsage = typeof CompletionUsage.Type

/**
 * The assistant's answer. `content` is null when the model only calls tools.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionMessage = Schema.Struct({
  role: Schema.Literal("assistant"),
  content: Schema.optional(Schema.NullOr(Schema.String)),
  refusal: Schema.optional(Schema.NullOr(Schema.String)),
  tool_calls: Schema.optional(Schema.NullOr(Schema.Array(ToolCall))),
  annotations: Schema.optional(Schema.Array(Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletion = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("chat.completion"),
  created: Schema.Number,
  model: Schema.String,
  choices: Schema.Array(
    Schema.Struct({
      index: Schema.Int,
      message: ChatCompletionMessage,
      /** `stop`, `length`, `tool_calls`, `content_filter`...; open so a new reason is not a decoding failure. */
      finish_reason: Schema.NullOr(Schema.String),
      logprobs: Schema.optional(Schema.Unknown)
    })
  ),
  usage: Schema.optional(CompletionUsage),
  service_tier: Schema.optional(Schema.NullOr(Schema.String)),
  system_fingerprint: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletion = typeof ChatCompletion.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("chat.completion.chunk"),
  created: Schema.Number,
  model: Schema.String,
  choices: Schema.Array(
    Schema.Struct({
      index: Schema.Int,
      delta: Schema.Struct({
        role: Schema.optional(Schema.String),
        content: Schema.optional(Schema.NullOr(Schema.String)),
        refusal: Schema.optional(Schema.NullOr(Schema.String)),
        tool_calls: Schema.optional(
          Schema.Array(
            Schema.Struct({
              index: Schema.Int,
              id: Schema.optional(Schema.String),
              type: Schema.optional(Schema.Literal("function")),
              function: Schema.optional(
                Schema.Struct({ name: Schema.optional(Schema.String), arguments: Schema.optional(Schema.String) })
              )
            })
          )
        )
      }),
      finish_reason: Schema.optional(Schema.NullOr(Schema.String)),
      logprobs: Schema.optional(Schema.Unknown)
    })
  ),
  /** Only on the last chunk, and only with `stream_options.include_usage`. */
  usage: Schema.optional(Schema.NullOr(CompletionUsage)),
  service_tier: Schema.optional(Schema.NullOr(Schema.String)),
  system_fingerprint: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * What a chat stream may carry in a `data:` line besides chunks: an error that ends the stream. The client turns it
 * into an `IntegrationError`; it never reaches callers as an event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatStreamError = Schema.Struct({
  error: Schema.Struct({
    type: Schema.optional(Schema.NullOr(Schema.String)),
    code: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
    param: Schema.optional(Schema.NullOr(Schema.String)),
    message: Schema.optional(Schema.NullOr(Schema.String))
  })
})

/**
 * The text a chunk adds to the first choice (empty for role, tool-call and usage chunks).
 *
 * @since 0.1.0
 * @category Helpers
 */
export const chunkText = (chunk: ChatCompletionChunk): string => chunk.choices[0]?.delta.content ?? ""
