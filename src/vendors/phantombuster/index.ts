/**
 * `effect-integrations/phantombuster`: the PhantomBuster (API v2) client, its Schemas and its webhook event.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as PhantomBusterClient from "./PhantomBusterClient.js"

/**
 * @since 0.1.0
 */
export * as PhantomBusterSchemas from "./PhantomBusterSchemas.js"

/**
 * @since 0.1.0
 */
export * as PhantomBusterEvents from "./PhantomBusterEvents.js"

/**
 * Agents, containers and launch-and-wait.
 *
 * @since 0.1.0
 */
export * as PhantomBusterAgents from "./resources/Agents.js"
