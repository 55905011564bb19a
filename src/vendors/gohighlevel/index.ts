/**
 * `effect-integrations/gohighlevel`: the GoHighLevel (HighLevel API v2) client, its Schemas, OAuth, error details,
 * rate-limit headers and webhook events.
 *
 * @since 0.3.0
 */

/**
 * @since 0.3.0
 */
export * as GoHighLevelClient from "./GoHighLevelClient.js"

/**
 * @since 0.3.0
 */
export * as GoHighLevelSchemas from "./GoHighLevelSchemas.js"

/**
 * @since 0.3.0
 */
export * as GoHighLevelError from "./GoHighLevelError.js"

/**
 * @since 0.3.0
 */
export * as GoHighLevelOAuth from "./GoHighLevelOAuth.js"

/**
 * @since 0.3.0
 */
export * as GoHighLevelRateLimits from "./GoHighLevelRateLimits.js"

/**
 * @since 0.3.0
 */
export * as GoHighLevelEvents from "./GoHighLevelEvents.js"

/**
 * The contact operations and their search-all parameters.
 *
 * @since 0.3.0
 */
export * as GoHighLevelContacts from "./resources/Contacts.js"

/**
 * The opportunity and pipeline operations.
 *
 * @since 0.3.0
 */
export * as GoHighLevelOpportunities from "./resources/Opportunities.js"

/**
 * The calendar, free-slot and appointment operations.
 *
 * @since 0.3.0
 */
export * as GoHighLevelCalendars from "./resources/Calendars.js"
