/**
 * `effect-integrations/calcom`: the Cal.com (API v2) client, its Schemas, error details, webhook events, and the
 * operations of each resource.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as CalComClient from "./CalComClient.js"

/**
 * @since 0.1.0
 */
export * as CalComSchemas from "./CalComSchemas.js"

/**
 * @since 0.1.0
 */
export * as CalComError from "./CalComError.js"

/**
 * @since 0.1.0
 */
export * as CalComEvents from "./CalComEvents.js"

/**
 * Bookings: create, get, cancel, reschedule.
 *
 * @since 0.1.0
 */
export * as CalComBookings from "./resources/Bookings.js"

/**
 * @since 0.1.0
 */
export * as CalComEventTypes from "./resources/EventTypes.js"

/**
 * @since 0.1.0
 */
export * as CalComSlots from "./resources/Slots.js"
