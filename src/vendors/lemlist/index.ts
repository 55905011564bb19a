/**
 * `effect-integrations/lemlist`: the lemlist client, its Schemas, error details, rate-limit headers and resources.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as LemlistClient from "./LemlistClient.js"

/**
 * @since 0.1.0
 */
export * as LemlistSchemas from "./LemlistSchemas.js"

/**
 * @since 0.1.0
 */
export * as LemlistError from "./LemlistError.js"

/**
 * @since 0.1.0
 */
export * as LemlistRateLimits from "./LemlistRateLimits.js"

/**
 * The campaign operations.
 *
 * @since 0.1.0
 */
export * as LemlistCampaigns from "./resources/Campaigns.js"

/**
 * The lead operations: in a campaign and by e-mail.
 *
 * @since 0.1.0
 */
export * as LemlistLeads from "./resources/Leads.js"

/**
 * The activity stream.
 *
 * @since 0.1.0
 */
export * as LemlistActivities from "./resources/Activities.js"

/**
 * The webhook registrations.
 *
 * @since 0.1.0
 */
export * as LemlistHooks from "./resources/Hooks.js"
