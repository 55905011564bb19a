/**
 * `effect-integrations/explorium`: the Explorium client, its Schemas, error details and resources.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ExploriumClient from "./ExploriumClient.js"

/**
 * @since 0.1.0
 */
export * as ExploriumSchemas from "./ExploriumSchemas.js"

/**
 * @since 0.1.0
 */
export * as ExploriumError from "./ExploriumError.js"

/**
 * Match, fetch and enrich businesses.
 *
 * @since 0.1.0
 */
export * as ExploriumBusinesses from "./resources/Businesses.js"

/**
 * Match, fetch and enrich prospects.
 *
 * @since 0.1.0
 */
export * as ExploriumProspects from "./resources/Prospects.js"

/**
 * Events, webhooks and credits.
 *
 * @since 0.1.0
 */
export * as ExploriumWebhooks from "./resources/Webhooks.js"
