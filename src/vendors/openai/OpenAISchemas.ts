/**
 * Every request and response schema of the OpenAI client in one namespace; each resource's module documents its own.
 *
 * @since 0.1.0
 */
export * from "./resources/Audio.js"
export * from "./resources/ChatCompletions.js"
export * from "./resources/Embeddings.js"
export * from "./resources/Models.js"
export * from "./resources/Responses.js"
export * from "./resources/ResponseStream.js"
