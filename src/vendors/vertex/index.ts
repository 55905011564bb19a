/**
 * `effect-integrations/vertex-ai`: Vertex AI (service-account OAuth) and the Gemini API (API key) clients, their
 * shared model operations, Schemas, errors and the service-account token flow.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as VertexAIClient from "./VertexAIClient.js"

/**
 * @since 0.2.0
 */
export * as GeminiClient from "./GeminiClient.js"

/**
 * @since 0.2.0
 */
export * as VertexSchemas from "./VertexSchemas.js"

/**
 * @since 0.2.0
 */
export * as VertexError from "./VertexError.js"

/**
 * @since 0.2.0
 */
export * as VertexAuth from "./VertexAuth.js"

/**
 * @since 0.2.0
 */
export * as VertexModels from "./resources/Models.js"
