/**
 * `effect-integrations/waha`: the WAHA (WhatsApp HTTP API) client, its Schemas, error reading, webhook events and
 * resources.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as WahaClient from "./WahaClient.js"

/**
 * @since 0.1.0
 */
export * as WahaSchemas from "./WahaSchemas.js"

/**
 * @since 0.1.0
 */
export * as WahaError from "./WahaError.js"

/**
 * @since 0.1.0
 */
export * as WahaEvents from "./WahaEvents.js"

/**
 * The session operations.
 *
 * @since 0.1.0
 */
export * as WahaSessions from "./resources/Sessions.js"

/**
 * The send, seen, typing, chat and message operations.
 *
 * @since 0.1.0
 */
export * as WahaMessages from "./resources/Messages.js"
