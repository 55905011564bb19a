/**
 * `effect-integrations/postmark`: the Postmark client, its Schemas, error reading, resources and webhook events.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as PostmarkClient from "./PostmarkClient.js"

/**
 * @since 0.1.0
 */
export * as PostmarkSchemas from "./PostmarkSchemas.js"

/**
 * @since 0.1.0
 */
export * as PostmarkError from "./PostmarkError.js"

/**
 * @since 0.1.0
 */
export * as PostmarkEvents from "./PostmarkEvents.js"

/**
 * Sending: one email, a batch with a result per message, templated sends.
 *
 * @since 0.1.0
 */
export * as PostmarkEmail from "./resources/Email.js"

/**
 * @since 0.1.0
 */
export * as PostmarkTemplates from "./resources/Templates.js"

/**
 * @since 0.1.0
 */
export * as PostmarkBounces from "./resources/Bounces.js"

/**
 * @since 0.1.0
 */
export * as PostmarkMessageStreams from "./resources/MessageStreams.js"
