/**
 * Vertex AI / Gemini request and response bodies, from the Vertex AI Discovery document (`aiplatform` v1, revision
 * 2026-05-23, in `specs/vertex-ai`): `GenerateContentRequest` / `GenerateContentResponse` (also each event of
 * `streamGenerateContent`), `CountTokensRequest` / `CountTokensResponse`, `PredictRequest` / `PredictResponse` for the
 * text-embedding models; and the Gemini API's `embedContent` (ai.google.dev/api/embeddings), which the Discovery
 * document does not cover. The Gemini API shares the content shapes (`contents`, `parts`, `generationConfig`).
 * Requests are strict where the documents are; responses declare what callers need and keep open enums as strings.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * A model id as it goes in a path: `gemini-2.5-flash`, `text-embedding-005`, `gemini-embedding-001`.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ModelId = Schema.String.pipe(Schema.pattern(/^[a-z0-9][a-z0-9.@_-]{0,127}$/), Schema.brand("VertexModelId"))

const Blob = Schema.Struct({ mimeType: Schema.NonEmptyString, data: Schema.String })
const FileData = Schema.Struct({ mimeType: Schema.NonEmptyString, fileUri: Schema.NonEmptyString })
const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * One part of a message: text, inline bytes (base64), a file reference, or a function call / response.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Part = Schema.Struct({
  text: Schema.optional(Schema.String),
  inlineData: Schema.optional(Blob),
  fileData: Schema.optional(FileData),
  functionCall: Schema.optional(Schema.Struct({ name: Schema.String, args: Schema.optional(JsonObject) })),
  functionResponse: Schema.optional(Schema.Struct({ name: Schema.String, response: JsonObject })),
  thought: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Part extends Schema.Schema.Type<typeof Part> {}

/**
 * A message: `user` or `model`, with its parts.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Content = Schema.Struct({
  role: Schema.optional(Schema.Literal("user", "model")),
  parts: Schema.Array(Part).pipe(Schema.minItems(1))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Content extends Schema.Schema.Type<typeof Content> {}

/**
 * Generation settings (`GenerationConfig`); ranges as the document gives them.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GenerationConfig = Schema.Struct({
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  topP: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  topK: Schema.optional(Schema.Number.pipe(Schema.positive())),
  candidateCount: Schema.optional(Schema.Int.pipe(Schema.positive())),
  maxOutputTokens: Schema.optional(Schema.Int.pipe(Schema.positive())),
  stopSequences: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(5))),
  presencePenalty: Schema.optional(Schema.Number),
  frequencyPenalty: Schema.optional(Schema.Number),
  seed: Schema.optional(Schema.Int),
  responseMimeType: Schema.optional(Schema.String),
  responseSchema: Schema.optional(JsonObject),
  thinkingConfig: Schema.optional(
    Schema.Struct({ thinkingBudget: Schema.optional(Schema.Int), includeThoughts: Schema.optional(Schema.Boolean) })
  )
})

/**
 * @since 0.2.0
 * @category Schemas
 */
export const SafetySetting = Schema.Struct({ category: Schema.String, threshold: Schema.String })

/**
 * `generateContent` and `streamGenerateContent`'s body.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GenerateContentRequest = Schema.Struct({
  contents: Schema.Array(Content).pipe(Schema.minItems(1)),
  systemInstruction: Schema.optional(Content),
  generationConfig: Schema.optional(GenerationConfig),
  safetySettings: Schema.optional(Schema.Array(SafetySetting)),
  tools: Schema.optional(Schema.Array(JsonObject)),
  toolConfig: Schema.optional(JsonObject),
  cachedContent: Schema.optional(Schema.NonEmptyString),
  labels: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface GenerateContentRequest extends Schema.Schema.Type<typeof GenerateContentRequest> {}

/**
 * The finish reasons the document lists (open: a new one still decodes).
 *
 * @since 0.2.0
 * @category Models
 */
export const knownFinishReasons = [
  "STOP",
  "MAX_TOKENS",
  "SAFETY",
  "RECITATION",
  "OTHER",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "MALFORMED_FUNCTION_CALL"
] as const

// The document requires neither field of a `Blob` in an answer.
const ResponseBlob = Schema.Struct({ mimeType: Schema.optional(Schema.String), data: Schema.optional(Schema.String) })

const ResponsePart = Schema.Struct({
  text: Schema.optional(Schema.String),
  inlineData: Schema.optional(ResponseBlob),
  functionCall: Schema.optional(Schema.Struct({ name: Schema.optional(Schema.String), args: Schema.optional(Schema.Unknown) })),
  thought: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Schemas
 */
export const Candidate = Schema.Struct({
  index: Schema.optional(Schema.Int),
  content: Schema.optional(Schema.Struct({ role: Schema.optional(Schema.String), parts: Schema.optional(Schema.Array(ResponsePart)) })),
  finishReason: Schema.optional(Schema.String),
  finishMessage: Schema.optional(Schema.String),
  safetyRatings: Schema.optional(Schema.Array(Schema.Unknown)),
  citationMetadata: Schema.optional(Schema.Unknown),
  avgLogprobs: Schema.optional(Schema.Number)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Candidate extends Schema.Schema.Type<typeof Candidate> {}

/**
 * @since 0.2.0
 * @category Schemas
 */
export const UsageMetadata = Schema.Struct({
  promptTokenCount: Schema.optional(Schema.Int),
  candidatesTokenCount: Schema.optional(Schema.Int),
  totalTokenCount: Schema.optional(Schema.Int),
  thoughtsTokenCount: Schema.optional(Schema.Int),
  cachedContentTokenCount: Schema.optional(Schema.Int)
})

/**
 * A generation, or one event of a stream (the last carries `finishReason` and `usageMetadata`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GenerateContentResponse = Schema.Struct({
  candidates: Schema.optional(Schema.Array(Candidate)),
  promptFeedback: Schema.optional(Schema.Struct({ blockReason: Schema.optional(Schema.String), blockReasonMessage: Schema.optional(Schema.String) })),
  usageMetadata: Schema.optional(UsageMetadata),
  modelVersion: Schema.optional(Schema.String),
  responseId: Schema.optional(Schema.String),
  createTime: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface GenerateContentResponse extends Schema.Schema.Type<typeof GenerateContentResponse> {}

/**
 * The text of the first candidate's parts (thoughts left out).
 *
 * @since 0.2.0
 * @category Accessors
 */
export const textOf = (response: GenerateContentResponse): string =>
  (response.candidates?.[0]?.content?.parts ?? []).filter((part) => part.thought !== true).map((part) => part.text ?? "").join("")

/**
 * `countTokens`'s body.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const CountTokensRequest = Schema.Struct({
  contents: Schema.Array(Content).pipe(Schema.minItems(1)),
  systemInstruction: Schema.optional(Content),
  tools: Schema.optional(Schema.Array(JsonObject)),
  generationConfig: Schema.optional(GenerationConfig)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface CountTokensRequest extends Schema.Schema.Type<typeof CountTokensRequest> {}

/**
 * @since 0.2.0
 * @category Schemas
 */
export const CountTokensResponse = Schema.Struct({
  totalTokens: Schema.Int,
  totalBillableCharacters: Schema.optional(Schema.Int)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface CountTokensResponse extends Schema.Schema.Type<typeof CountTokensResponse> {}

/**
 * The task an embedding is for (both APIs share the names).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const TaskType = Schema.Literal(
  "RETRIEVAL_QUERY",
  "RETRIEVAL_DOCUMENT",
  "SEMANTIC_SIMILARITY",
  "CLASSIFICATION",
  "CLUSTERING",
  "QUESTION_ANSWERING",
  "FACT_VERIFICATION",
  "CODE_RETRIEVAL_QUERY"
)

/**
 * One text to embed.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const EmbedParams = Schema.Struct({
  text: Schema.NonEmptyString,
  taskType: Schema.optional(TaskType),
  /** A document's title, for `RETRIEVAL_DOCUMENT`. */
  title: Schema.optional(Schema.NonEmptyString),
  outputDimensionality: Schema.optional(Schema.Int.pipe(Schema.between(1, 3072)))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface EmbedParams extends Schema.Schema.Type<typeof EmbedParams> {}

/**
 * An embedding, the same from either API.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Embedding {
  readonly values: ReadonlyArray<number>
  /** Vertex only: tokens in the text, and whether it was truncated to fit. */
  readonly tokenCount?: number | undefined
  readonly truncated?: boolean | undefined
}

/**
 * Vertex's `predict` on a text-embedding model (`PredictRequest` with one `TextEmbeddingInput` instance).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PredictEmbeddingRequest = Schema.Struct({
  instances: Schema.Array(
    Schema.Struct({ content: Schema.String, task_type: Schema.optional(TaskType), title: Schema.optional(Schema.String) })
  ),
  parameters: Schema.optional(Schema.Struct({ outputDimensionality: Schema.optional(Schema.Int), autoTruncate: Schema.optional(Schema.Boolean) }))
})

/**
 * @since 0.2.0
 * @category Schemas
 */
export const PredictEmbeddingResponse = Schema.Struct({
  predictions: Schema.Array(
    Schema.Struct({
      embeddings: Schema.Struct({
        values: Schema.Array(Schema.Number),
        statistics: Schema.optional(Schema.Struct({ token_count: Schema.optional(Schema.Number), truncated: Schema.optional(Schema.Boolean) }))
      })
    })
  ).pipe(Schema.minItems(1))
})

/**
 * The Gemini API's `embedContent` body.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const EmbedContentRequest = Schema.Struct({
  content: Content,
  taskType: Schema.optional(TaskType),
  title: Schema.optional(Schema.String),
  outputDimensionality: Schema.optional(Schema.Int)
})

/**
 * @since 0.2.0
 * @category Schemas
 */
export const EmbedContentResponse = Schema.Struct({ embedding: Schema.Struct({ values: Schema.Array(Schema.Number) }) })
