/**
 * The Gemini API (`generativelanguage.googleapis.com`) as a vendor client: the same model operations as Vertex AI
 * (`generateContent`, `streamGenerateContent`, `countTokens`, embeddings through `embedContent`), with an API key sent
 * as `x-goog-api-key` (ai.google.dev/api: "API keys"), never in the URL. Errors are Google's
 * `{ error: { code, message, status } }` (`VertexError`).
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Models from "./resources/Models.js"
import * as VertexError from "./VertexError.js"

/**
 * @since 0.2.0
 * @category Constructors
 */
export const DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta"

/**
 * As Vertex AI's (`VertexAIClient.defaultPolicy`): long generations, 2 retries of transient failures.
 *
 * @since 0.2.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = { timeout: "10 minutes", maxRetries: 2 }

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A Gemini API key (`AIza...`). */
  readonly apiKey: VendorClient.SecretInput
  /** The model the health check counts tokens with. Default `gemini-2.5-flash`. */
  readonly healthModel?: string | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  readonly models: Models.Api
  /** Counts the tokens of one word with `healthModel` (free, authenticated, no retries). */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.2.0
 * @category Tags
 */
export class GeminiClient extends Context.Tag("effect-integrations/GeminiClient")<GeminiClient, Service>() {}

/**
 * The Gemini API as a vendor definition.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Gemini = VendorClient.define(GeminiClient, {
  vendor: "Gemini",
  baseUrl: { default: DEFAULT_BASE_URL, env: "GEMINI_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("GEMINI_API_KEY") }),
  policy: defaultPolicy,
  streamIdleTimeout: "60 seconds",
  definition: (options: Options) => ({
    auth: HttpIntegration.header("x-goog-api-key", VendorClient.secret(options.apiKey)),
    dialect: { refineError: VertexError.refineError }
  }),
  operations: (http, options) => {
    const models = Models.make(http, { modelPath: (model) => VendorClient.path`/models/${model}`, embedding: "embedContent" })
    const healthCheck = Effect.asVoid(
      models.countTokens(options.healthModel ?? "gemini-2.5-flash", { contents: [{ role: "user", parts: [{ text: "ping" }] }] }, {
        policy: { maxRetries: 0, timeout: "5 seconds" }
      })
    )
    return { models, healthCheck }
  }
})

/**
 * @since 0.2.0
 * @category Constructors
 */
export const make = Gemini.make

/**
 * The client as a layer; registers a `gemini` health check when a `Health` registry is provided.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = Gemini.layer

/**
 * The options from the environment: `GEMINI_API_KEY` (required, kept `Redacted`), `GEMINI_BASE_URL` (default
 * `https://generativelanguage.googleapis.com/v1beta`).
 *
 * @since 0.2.0
 * @category Config
 */
export const config = Gemini.config

/**
 * @since 0.2.0
 * @category Layers
 */
export const fromEnv = Gemini.fromEnv

/**
 * @since 0.2.0
 * @category Layers
 */
export const layerConfig = Gemini.layerConfig

/**
 * A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerTest = Gemini.layerTest
