/**
 * `effect-integrations/llamaparse`: the LlamaParse (LlamaCloud) client, its Schemas, error details and webhook events.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 */
export * as LlamaParseClient from "./LlamaParseClient.js"

/**
 * @since 0.2.0
 */
export * as LlamaParseSchemas from "./LlamaParseSchemas.js"

/**
 * @since 0.2.0
 */
export * as LlamaParseError from "./LlamaParseError.js"

/**
 * @since 0.2.0
 */
export * as LlamaParseEvents from "./LlamaParseEvents.js"

/**
 * The parsing operations, documents (`fromPath`, `fromBytes`, `fromUrl`) and `parse`'s options.
 *
 * @since 0.2.0
 */
export * as LlamaParseParsing from "./resources/Parsing.js"
