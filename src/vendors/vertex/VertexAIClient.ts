/**
 * Vertex AI (Gemini on Google Cloud) as a vendor client: `generateContent`, `streamGenerateContent` (SSE, idle
 * timeout, cut-stream detection), `countTokens` and text embeddings (`predict`), authenticated as a service account
 * (`GOOGLE_APPLICATION_CREDENTIALS`, the JWT-bearer flow in `VertexAuth`) in `GOOGLE_CLOUD_PROJECT` at
 * `GOOGLE_CLOUD_LOCATION` (the regional endpoint `https://{location}-aiplatform.googleapis.com/v1`, or
 * `https://aiplatform.googleapis.com/v1` for `global`). Paths and bodies from the Vertex AI Discovery document
 * (`specs/vertex-ai`); errors are Google's `{ error: { code, message, status } }` (`VertexError`).
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { VertexAIClient, VertexSchemas } from "effect-integrations/vertex-ai"
 *
 * const program = Effect.gen(function*() {
 *   const vertex = yield* VertexAIClient.VertexAIClient
 *   const answer = yield* vertex.models.generateContent("gemini-2.5-flash", {
 *     contents: [{ role: "user", parts: [{ text: "One word for joy?" }] }]
 *   })
 *   return VertexSchemas.textOf(answer)
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Layer from "effect/Layer"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Models from "./resources/Models.js"
import * as VertexAuth from "./VertexAuth.js"
import * as VertexError from "./VertexError.js"

/**
 * The global endpoint; a regional location gets `https://{location}-aiplatform.googleapis.com/v1` instead.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const DEFAULT_BASE_URL = "https://aiplatform.googleapis.com/v1"

/**
 * The endpoint for a location: the global one for `global`, the regional one otherwise.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const endpointFor = (location: string): string =>
  location === "global" ? DEFAULT_BASE_URL : `https://${location}-aiplatform.googleapis.com/v1`

/**
 * Vertex AI's defaults, and why:
 *
 * | setting | value | why |
 * |---|---|---|
 * | `timeout` | 10 min | a long generation (thinking models, large outputs) answers only when done |
 * | `maxRetries` | 2 | every operation is a pure computation; 429 `RESOURCE_EXHAUSTED` and 503 `UNAVAILABLE` are transient (Google: retry with exponential backoff) |
 * | `streamIdleTimeout` | 60 s | a stream silent that long is stuck |
 *
 * Google sends no rate-limit headers; quotas are per project and model (429 `RESOURCE_EXHAUSTED`).
 *
 * @since 0.2.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = { timeout: "10 minutes", maxRetries: 2 }

/**
 * @since 0.2.0
 * @category Models
 */
export interface CallOptions extends Models.CallOptions {}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** The service account (`VertexAuth.readServiceAccount(path)` or `parseServiceAccount(json)`), or a token provider. */
  readonly credentials: VertexAuth.ServiceAccount | HttpIntegration.TokenProvider
  readonly project: string
  /** `us-central1`, `europe-west4`, `global`, ... */
  readonly location: string
  /** The model the health check counts tokens with. Default `gemini-2.5-flash`. */
  readonly healthModel?: string | undefined
  /** The token exchange's policy (a service account only), on top of its default: 2 retries, 15 s per attempt. */
  readonly tokenPolicy?: HttpIntegration.PolicyInput | undefined
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
export class VertexAIClient extends Context.Tag("effect-integrations/VertexAIClient")<VertexAIClient, Service>() {}

const isServiceAccount = (credentials: Options["credentials"]): credentials is VertexAuth.ServiceAccount =>
  "clientEmail" in credentials

const NAME = /^[a-z][a-z0-9-]{0,62}$/

/**
 * The credentials from `GOOGLE_APPLICATION_CREDENTIALS`: the key file is read and checked when the configuration is
 * loaded, and a missing, unreadable or malformed file is reported by the variable's name.
 *
 * @since 0.2.0
 * @category Config
 */
export const serviceAccountConfig: Config.Config<VertexAuth.ServiceAccount> = Config.mapOrFail(
  Config.string("GOOGLE_APPLICATION_CREDENTIALS"),
  (path) => VertexAuth.readServiceAccount(path)
)

/**
 * Vertex AI as a vendor definition.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const VertexAI = VendorClient.define(VertexAIClient, {
  vendor: "VertexAI",
  baseUrl: { default: DEFAULT_BASE_URL, env: "VERTEX_AI_BASE_URL" },
  // The names Google's own SDKs read.
  config: Config.all({
    credentials: serviceAccountConfig,
    project: Config.string("GOOGLE_CLOUD_PROJECT"),
    location: Config.withDefault(Config.string("GOOGLE_CLOUD_LOCATION"), "us-central1")
  }),
  policy: defaultPolicy,
  streamIdleTimeout: "60 seconds",
  validate: (options: Options) => [
    ...(NAME.test(options.location) ? [] : [{ setting: "location", message: "must be a Google Cloud location such as us-central1" }]),
    ...(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(options.project) ? [] : [{ setting: "project", message: "must be a project id" }])
  ],
  setup: (options: Options) =>
    isServiceAccount(options.credentials)
      ? VertexAuth.make({ vendor: "VertexAI", serviceAccount: options.credentials, policy: options.tokenPolicy })
      : Effect.succeed(options.credentials),
  definition: (_options: Options, provider: HttpIntegration.TokenProvider) => ({
    auth: HttpIntegration.token(provider),
    dialect: { refineError: VertexError.refineError }
  }),
  operations: (http, options) => {
    const models = Models.make(http, {
      modelPath: Models.vertexModelPath(options.project, options.location),
      embedding: "predict"
    })
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

const regional = <O extends { readonly baseUrl?: string | undefined; readonly location: string }>(options: O): O =>
  options.baseUrl === undefined || options.baseUrl === DEFAULT_BASE_URL ? { ...options, baseUrl: endpointFor(options.location) } : options

/**
 * Builds the service over the `HttpClient` in context (and the `OAuth2.TokenStore` in context, or a memory one). The
 * base URL defaults to the location's endpoint. A bad setting is a `ConfigError` naming it.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (options: Options) => VertexAI.make(regional(options))

/**
 * The client as a layer; registers a `vertexai` health check when a `Health` registry is provided.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = (options: Options) => VertexAI.layer(regional(options))

/**
 * The options from the environment: `GOOGLE_APPLICATION_CREDENTIALS` (the key file's path; required),
 * `GOOGLE_CLOUD_PROJECT` (required), `GOOGLE_CLOUD_LOCATION` (default `us-central1`) and `VERTEX_AI_BASE_URL` (default:
 * the location's endpoint). Every problem is reported in one `ConfigError`, by name only.
 *
 * @since 0.2.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.map(VertexAI.config, regional)

/**
 * The layer, configured from the environment; for `IntegrationConfig.layer(VertexAIClient.fromEnv, ...)`.
 *
 * @since 0.2.0
 * @category Layers
 */
export const fromEnv = Config.map(config, layer)

/**
 * The layer from the environment, with options set in code on top.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerConfig = (overrides: Partial<Options> = {}): Layer.Layer<VertexAIClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(config, (options) =>
    layer({ ...options, ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) })))

/**
 * A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerTest = VertexAI.layerTest
