/**
 * Schemas of Anthropic's models listing (`GET /v1/models`), paginated by `after_id` / `before_id`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListModelsParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  after_id: Schema.optional(Schema.NonEmptyString),
  before_id: Schema.optional(Schema.NonEmptyString)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ListModelsParams = typeof ListModelsParams.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ModelInfo = Schema.Struct({
  type: Schema.Literal("model"),
  id: Schema.String,
  display_name: Schema.String,
  /** RFC 3339 release time. */
  created_at: Schema.String,
  max_input_tokens: Schema.optional(Schema.NullOr(Schema.Int)),
  max_tokens: Schema.optional(Schema.NullOr(Schema.Int))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ModelInfo = typeof ModelInfo.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListModelsResponse = Schema.Struct({
  data: Schema.Array(ModelInfo),
  has_more: Schema.Boolean,
  first_id: Schema.NullOr(Schema.String),
  last_id: Schema.NullOr(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ListModelsResponse = typeof ListModelsResponse.Type
