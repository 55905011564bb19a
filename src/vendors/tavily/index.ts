/**
 * `effect-integrations/tavily`: the Tavily client, its Schemas and error details.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as TavilyClient from "./TavilyClient.js"

/**
 * @since 0.1.0
 */
export * as TavilySchemas from "./TavilySchemas.js"

/**
 * @since 0.1.0
 */
export * as TavilyError from "./TavilyError.js"

/**
 * Search, extract, crawl and map.
 *
 * @since 0.1.0
 */
export * as TavilyWeb from "./resources/Web.js"

/**
 * Research tasks: start, status, wait.
 *
 * @since 0.1.0
 */
export * as TavilyResearch from "./resources/Research.js"
