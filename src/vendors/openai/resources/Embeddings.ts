/**
 * Schemas of OpenAI's embeddings (`POST /embeddings`). Input is checked before any I/O: the API refuses an empty
 * string, an empty list and more than 2048 inputs per request.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const MAX_INPUTS = 2048

const TokenArray = Schema.Array(Schema.Int).pipe(Schema.minItems(1))

/**
 * One string, a list of strings, a list of token ids, or a list of token-id lists.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EmbeddingInput = Schema.Union(
  Schema.NonEmptyString,
  Schema.Array(Schema.NonEmptyString).pipe(Schema.minItems(1), Schema.maxItems(MAX_INPUTS)),
  TokenArray.pipe(Schema.maxItems(MAX_INPUTS)),
  Schema.Array(TokenArray).pipe(Schema.minItems(1), Schema.maxItems(MAX_INPUTS))
)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateEmbeddingParams = Schema.Struct({
  input: EmbeddingInput,
  model: Schema.NonEmptyString,
  encoding_format: Schema.optional(Schema.Literal("float", "base64")),
  /** Output size; `text-embedding-3` and later only. */
  dimensions: Schema.optional(Schema.Int.pipe(Schema.positive())),
  user: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CreateEmbeddingParams = typeof CreateEmbeddingParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Embedding = Schema.Struct({
  object: Schema.Literal("embedding"),
  index: Schema.Int,
  /** Floats, or a base64 string of little-endian float32 values when `encoding_format` is `base64`. */
  embedding: Schema.Union(Schema.Array(Schema.Number), Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Embedding = typeof Embedding.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const CreateEmbeddingResponse = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(Embedding),
  model: Schema.String,
  usage: Schema.Struct({ prompt_tokens: Schema.Int, total_tokens: Schema.Int })
})

/**
 * @since 0.1.0
 * @category Models
 */
export type CreateEmbeddingResponse = typeof CreateEmbeddingResponse.Type
