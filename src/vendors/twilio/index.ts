/**
 * `effect-integrations/twilio`: the Twilio client, its Schemas, error details and message status callbacks.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as TwilioClient from "./TwilioClient.js"

/**
 * @since 0.1.0
 */
export * as TwilioSchemas from "./TwilioSchemas.js"

/**
 * @since 0.1.0
 */
export * as TwilioError from "./TwilioError.js"

/**
 * @since 0.1.0
 */
export * as TwilioEvents from "./TwilioEvents.js"

/**
 * The message operations.
 *
 * @since 0.1.0
 */
export * as TwilioMessages from "./resources/Messages.js"
