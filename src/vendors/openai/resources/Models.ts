/**
 * Schemas of OpenAI's models listing (`GET /models`), which is also the cheap call the health check makes. OpenAI-
 * compatible providers (Groq, OpenRouter, vLLM) answer it with the same envelope and extra fields, which are ignored.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Model = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("model"),
  created: Schema.Number,
  owned_by: Schema.String,
  /** When OpenAI plans to shut the model down, `null` when not announced. */
  shutdown_date: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Model = typeof Model.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListModelsResponse = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(Model)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ListModelsResponse = typeof ListModelsResponse.Type
