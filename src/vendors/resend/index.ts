/**
 * `effect-integrations/resend`: the Resend client, its Schemas, error details and webhook events.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ResendClient from "./ResendClient.js"

/**
 * @since 0.1.0
 */
export * as ResendSchemas from "./ResendSchemas.js"

/**
 * @since 0.1.0
 */
export * as ResendError from "./ResendError.js"

/**
 * @since 0.1.0
 */
export * as ResendEvents from "./ResendEvents.js"

/**
 * The email and batch operations, their options and the per-email batch result.
 *
 * @since 0.1.0
 */
export * as ResendEmails from "./resources/Emails.js"
