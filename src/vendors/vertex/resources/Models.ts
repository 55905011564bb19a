/**
 * The model operations both Google backends share: `generateContent`, `streamGenerateContent` (server-sent events
 * with `?alt=sse`), `countTokens`, and embeddings (Vertex: `predict` on a text-embedding model; the Gemini API:
 * `embedContent`). Each is a pure computation, so each is retried like a read. A stream is whole only when an event
 * carries a candidate's `finishReason` (or the prompt's `blockReason`): a body cut before that fails with `Transport`,
 * never a silently short answer.
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as S from "../VertexSchemas.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  readonly generateContent: (
    model: string,
    request: S.GenerateContentRequest,
    options?: CallOptions
  ) => Effect.Effect<S.GenerateContentResponse, IntegrationError>
  /** Events as they arrive; the last has `finishReason` and `usageMetadata`. */
  readonly streamGenerateContent: (
    model: string,
    request: S.GenerateContentRequest,
    options?: CallOptions
  ) => Stream.Stream<S.GenerateContentResponse, IntegrationError>
  readonly countTokens: (
    model: string,
    request: S.CountTokensRequest,
    options?: CallOptions
  ) => Effect.Effect<S.CountTokensResponse, IntegrationError>
  /** One text's embedding (Vertex `text-embedding-005`, `gemini-embedding-001`; Gemini API `gemini-embedding-001`). */
  readonly embed: (model: string, params: S.EmbedParams, options?: CallOptions) => Effect.Effect<S.Embedding, IntegrationError>
}

/**
 * Where a backend serves a model, and how it embeds.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Backend {
  /** `/projects/p/locations/l/publishers/google/models/<id>` (Vertex) or `/models/<id>` (Gemini API). */
  readonly modelPath: (model: string) => string
  readonly embedding: "predict" | "embedContent"
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
}

const ModelInput = <A, I>(body: Schema.Schema<A, I>) => Schema.Struct({ model: S.ModelId, body })

const isFinal = (event: S.GenerateContentResponse): boolean =>
  (event.candidates ?? []).some((candidate) => candidate.finishReason !== undefined && candidate.finishReason !== "FINISH_REASON_UNSPECIFIED") ||
  event.promptFeedback?.blockReason !== undefined

/**
 * Declares the model operations on a Google pipeline.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, backend: Backend): Api => {
  const at = (model: string, action: string) => `${backend.modelPath(model)}:${action}`
  const generate = http.operation({
    name: "models.generateContent",
    method: "POST",
    idempotent: true,
    input: ModelInput(S.GenerateContentRequest),
    output: S.GenerateContentResponse,
    request: ({ model, body }) => ({ path: at(model, "generateContent"), body: HttpIntegration.json(body) })
  })
  const stream = http.streamOperation({
    name: "models.streamGenerateContent",
    method: "POST",
    idempotent: true,
    input: ModelInput(S.GenerateContentRequest),
    event: S.GenerateContentResponse,
    endsWith: isFinal,
    ...(backend.streamIdleTimeout === undefined ? {} : { idleTimeout: backend.streamIdleTimeout }),
    request: ({ model, body }) => ({
      path: at(model, "streamGenerateContent"),
      query: { alt: "sse" },
      body: HttpIntegration.json(body)
    })
  })
  const count = http.operation({
    name: "models.countTokens",
    method: "POST",
    idempotent: true,
    input: ModelInput(S.CountTokensRequest),
    output: S.CountTokensResponse,
    request: ({ model, body }) => ({ path: at(model, "countTokens"), body: HttpIntegration.json(body) })
  })
  const predict = http.operation({
    name: "models.embed",
    method: "POST",
    idempotent: true,
    input: ModelInput(S.PredictEmbeddingRequest),
    output: S.PredictEmbeddingResponse,
    request: ({ model, body }) => ({ path: at(model, "predict"), body: HttpIntegration.json(body) })
  })
  const embedContent = http.operation({
    name: "models.embed",
    method: "POST",
    idempotent: true,
    input: ModelInput(S.EmbedContentRequest),
    output: S.EmbedContentResponse,
    request: ({ model, body }) => ({ path: at(model, "embedContent"), body: HttpIntegration.json(body) })
  })
  const id = (model: string) => model as typeof S.ModelId.Type

  const embed: Api["embed"] = (model, params, options) =>
    backend.embedding === "predict"
      ? Effect.map(
        predict({
          model: id(model),
          body: {
            instances: [{
              content: params.text,
              ...(params.taskType === undefined ? {} : { task_type: params.taskType }),
              ...(params.title === undefined ? {} : { title: params.title })
            }],
            ...(params.outputDimensionality === undefined ? {} : { parameters: { outputDimensionality: params.outputDimensionality } })
          }
        }, options),
        (response) => {
          const first = response.predictions[0]!.embeddings
          return {
            values: first.values,
            ...(first.statistics?.token_count === undefined ? {} : { tokenCount: first.statistics.token_count }),
            ...(first.statistics?.truncated === undefined ? {} : { truncated: first.statistics.truncated })
          }
        }
      )
      : Effect.map(
        embedContent({
          model: id(model),
          body: {
            content: { parts: [{ text: params.text }] },
            ...(params.taskType === undefined ? {} : { taskType: params.taskType }),
            ...(params.title === undefined ? {} : { title: params.title }),
            ...(params.outputDimensionality === undefined ? {} : { outputDimensionality: params.outputDimensionality })
          }
        }, options),
        (response) => ({ values: response.embedding.values })
      )

  return {
    generateContent: (model, request, options) => generate({ model: id(model), body: request }, options),
    streamGenerateContent: (model, request, options) => stream({ model: id(model), body: request }, options),
    countTokens: (model, request, options) => count({ model: id(model), body: request }, options),
    embed
  }
}

/**
 * `VendorClient.path` for a model's resource path, so no model id can add a segment.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const vertexModelPath = (project: string, location: string) => (model: string): string =>
  VendorClient.path`/projects/${project}/locations/${location}/publishers/google/models/${model}`
