/**
 * Every request, response and stream event schema of the Anthropic client in one namespace.
 *
 * @since 0.1.0
 */
export * from "./resources/Messages.js"
export * from "./resources/MessageStream.js"
export * from "./resources/Models.js"
