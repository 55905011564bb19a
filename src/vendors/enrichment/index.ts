/**
 * `effect-integrations/enrichment`: one configurable client for the enrichment providers without public specs
 * (Clay, DataShopper, Audience Labs, EmailBison), their typed operations, and their HMAC-SHA256 webhooks with replay
 * protection.
 *
 * @since 0.3.0
 */

/**
 * @since 0.3.0
 */
export * as EnrichmentClient from "./EnrichmentClient.js"

/**
 * @since 0.3.0
 */
export * as EnrichmentSchemas from "./EnrichmentSchemas.js"

/**
 * @since 0.3.0
 */
export * as EnrichmentWebhooks from "./EnrichmentWebhooks.js"

/**
 * @since 0.3.0
 */
export * as Clay from "./Clay.js"

/**
 * @since 0.3.0
 */
export * as DataShopper from "./DataShopper.js"

/**
 * @since 0.3.0
 */
export * as AudienceLabs from "./AudienceLabs.js"

/**
 * @since 0.3.0
 */
export * as EmailBison from "./EmailBison.js"
