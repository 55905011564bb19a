/**
 * `effect-integrations/anthropic`: Anthropic's Messages API.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as AnthropicClient from "./AnthropicClient.js"

/**
 * @since 0.1.0
 */
export * as AnthropicError from "./AnthropicError.js"

/**
 * @since 0.1.0
 */
export * as AnthropicSchemas from "./AnthropicSchemas.js"
