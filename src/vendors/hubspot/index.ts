/**
 * `effect-integrations/hubspot`: the HubSpot CRM client, its Schemas, error details, webhook events, OAuth, and the
 * operations of each resource.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as HubSpotClient from "./HubSpotClient.js"

/**
 * @since 0.1.0
 */
export * as HubSpotSchemas from "./HubSpotSchemas.js"

/**
 * @since 0.1.0
 */
export * as HubSpotError from "./HubSpotError.js"

/**
 * @since 0.1.0
 */
export * as HubSpotEvents from "./HubSpotEvents.js"

/**
 * @since 0.1.0
 */
export * as HubSpotOAuth from "./HubSpotOAuth.js"

/**
 * Contacts: create, read, update, archive, search, batch upsert with per-record results.
 *
 * @since 0.1.0
 */
export * as HubSpotContacts from "./resources/Contacts.js"

/**
 * @since 0.1.0
 */
export * as HubSpotCompanies from "./resources/Companies.js"

/**
 * @since 0.1.0
 */
export * as HubSpotAssociations from "./resources/Associations.js"
