/**
 * `effect-integrations/openai`: OpenAI, Groq and other OpenAI-compatible providers.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as GroqClient from "./GroqClient.js"

/**
 * @since 0.1.0
 */
export * as OpenAIClient from "./OpenAIClient.js"

/**
 * @since 0.1.0
 */
export * as OpenAIError from "./OpenAIError.js"

/**
 * @since 0.1.0
 */
export * as OpenAIEvents from "./OpenAIEvents.js"

/**
 * @since 0.1.0
 */
export * as OpenAISchemas from "./OpenAISchemas.js"
