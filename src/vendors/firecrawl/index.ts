/**
 * `effect-integrations/firecrawl`: the Firecrawl (API v2) client, its Schemas, error details and webhook events.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as FirecrawlClient from "./FirecrawlClient.js"

/**
 * @since 0.1.0
 */
export * as FirecrawlSchemas from "./FirecrawlSchemas.js"

/**
 * @since 0.1.0
 */
export * as FirecrawlError from "./FirecrawlError.js"

/**
 * @since 0.1.0
 */
export * as FirecrawlEvents from "./FirecrawlEvents.js"

/**
 * Scrape, map, search and extract.
 *
 * @since 0.1.0
 */
export * as FirecrawlScrape from "./resources/Scrape.js"

/**
 * Crawls and batch scrapes as jobs.
 *
 * @since 0.1.0
 */
export * as FirecrawlJobs from "./resources/Jobs.js"
