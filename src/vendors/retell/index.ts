/**
 * `effect-integrations/retell`: the Retell AI client, its Schemas, error reading, webhook events and resources.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as RetellClient from "./RetellClient.js"

/**
 * @since 0.1.0
 */
export * as RetellSchemas from "./RetellSchemas.js"

/**
 * @since 0.1.0
 */
export * as RetellError from "./RetellError.js"

/**
 * @since 0.1.0
 */
export * as RetellEvents from "./RetellEvents.js"

/**
 * The call operations: create, register, retrieve, list, update, stop, delete.
 *
 * @since 0.1.0
 */
export * as RetellCalls from "./resources/Calls.js"

/**
 * The agent operations, with the per-call `version` option.
 *
 * @since 0.1.0
 */
export * as RetellAgents from "./resources/Agents.js"

/**
 * The phone number operations.
 *
 * @since 0.1.0
 */
export * as RetellPhoneNumbers from "./resources/PhoneNumbers.js"
