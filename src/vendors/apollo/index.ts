/**
 * `effect-integrations/apollo`: the Apollo.io client, its Schemas, error reading and rate-limit headers.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ApolloClient from "./ApolloClient.js"

/**
 * @since 0.1.0
 */
export * as ApolloSchemas from "./ApolloSchemas.js"

/**
 * @since 0.1.0
 */
export * as ApolloError from "./ApolloError.js"

/**
 * @since 0.1.0
 */
export * as ApolloRateLimits from "./ApolloRateLimits.js"

/**
 * Match, bulk match with an outcome per record, search as a Stream.
 *
 * @since 0.1.0
 */
export * as ApolloPeople from "./resources/People.js"

/**
 * @since 0.1.0
 */
export * as ApolloOrganizations from "./resources/Organizations.js"
