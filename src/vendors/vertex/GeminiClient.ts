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
 * Its health check: counts the tokens of one word with `healthModel` (free, authenticated, no retries).
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly models: Models.Api
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
      models.countTokens(
        options.healthModel ?? "gemini-2.5-flash",
        { contents: [{ role: "user", parts: [{ text: "ping" }] }] },
        VendorClient.probe
      )
    )
    return { models, healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context; a bad setting is a `ConfigError` naming it.
 * - `layer`: The client as a layer; registers a `gemini` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `GEMINI_API_KEY` (required, kept `Redacted`), `GEMINI_BASE_URL`
 *   (default `https://generativelanguage.googleapis.com/v1beta`).
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(GeminiClient.fromEnv, ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = Gemini
