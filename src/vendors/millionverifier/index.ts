/**
 * `effect-integrations/millionverifier`: the MillionVerifier client, its Schemas and error reading.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as MillionVerifierClient from "./MillionVerifierClient.js"

/**
 * @since 0.1.0
 */
export * as MillionVerifierSchemas from "./MillionVerifierSchemas.js"

/**
 * @since 0.1.0
 */
export * as MillionVerifierError from "./MillionVerifierError.js"

/**
 * The bulk API: upload, file status, waiting for a file.
 *
 * @since 0.1.0
 */
export * as MillionVerifierBulk from "./resources/Bulk.js"
