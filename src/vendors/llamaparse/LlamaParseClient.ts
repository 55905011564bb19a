/**
 * LlamaParse (LlamaCloud's document parser) as a vendor client: upload a document and start its parse job, read the
 * job and its markdown, text or JSON result, list jobs as a `Stream`, and `parse(document)`, which waits for the job
 * on a bounded `Schedule`. Bearer auth with `LLAMA_CLOUD_API_KEY`; `LLAMA_CLOUD_BASE_URL` selects the EU region
 * (`https://api.cloud.eu.llamaindex.ai`). Facts from LlamaCloud's OpenAPI document (`specs/llamacloud`) and its docs
 * (developers.llamaindex.ai: limitations, rate limits, webhooks).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LlamaParseClient, LlamaParseParsing } from "effect-integrations/llamaparse"
 *
 * const program = Effect.gen(function*() {
 *   const llama = yield* LlamaParseClient.LlamaParseClient
 *   const { result } = yield* llama.parse(LlamaParseParsing.fromPath("./invoice.pdf"), { timeout: "10 minutes" })
 *   return result.markdown
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Doc from "./internal/document.js"
import * as LlamaParseError from "./LlamaParseError.js"
import * as Parsing from "./resources/Parsing.js"

/**
 * @since 0.2.0
 * @category Constructors
 */
export const DEFAULT_BASE_URL = "https://api.cloud.llamaindex.ai"

/**
 * LlamaCloud's European region (developers.llamaindex.ai FAQ, "Is LlamaParse available in the EU?").
 *
 * @since 0.2.0
 * @category Constructors
 */
export const EU_BASE_URL = "https://api.cloud.eu.llamaindex.ai"

/**
 * LlamaParse's defaults, and why:
 *
 * | setting | value | why |
 * |---|---|---|
 * | `timeout` | 60 s | an upload of a large document (up to 512 MB) takes longer than a JSON call; status reads are quick |
 * | `maxRetries` | 3 | status and result reads are safe to repeat; an upload is retried only when it provably never arrived |
 * | `maxResponseBytes` | 64 MiB | a long document's markdown or JSON result is large (64 KB of text per page) |
 *
 * LlamaCloud sends no rate-limit headers; its documented limits (parse uploads: 15 per 10 s per organization, file
 * uploads 50 per 5 s per project) answer 429, which is retried with backoff.
 *
 * @since 0.2.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "60 seconds",
  maxRetries: 3,
  maxResponseBytes: 64 * 1024 * 1024
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * Options of a LlamaParse client. Give `rateLimit` (`{ limit: 15, window: "10 seconds" }` for the organization's parse
 * uploads) to pace uploads before LlamaCloud answers 429.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A LlamaCloud API key (`llx-...`). */
  readonly apiKey: VendorClient.SecretInput
  /**
   * The largest document accepted, checked before any file is opened or byte sent. Default 512 MB, LlamaCloud's
   * platform-wide limit. The upload body is built in memory once per call (every retry sends the same bytes), so set
   * it lower where memory is tight.
   */
  readonly maxUploadBytes?: number | undefined
}

/**
 * Its health check: a cheap authenticated read (`GET /api/v2/parse?page_size=1`, no retries) for readiness checks.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly parsing: Parsing.Api
  /** Uploads the document, waits for its job on a bounded schedule, and reads its result (markdown by default). */
  readonly parse: Parsing.Parse
}

/**
 * @since 0.2.0
 * @category Tags
 */
export class LlamaParseClient extends Context.Tag("effect-integrations/LlamaParseClient")<LlamaParseClient, Service>() {}

/**
 * LlamaParse as a vendor definition: bearer auth, FastAPI error bodies, no idempotency key (LlamaCloud takes none).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const LlamaParse = VendorClient.define(LlamaParseClient, {
  vendor: "LlamaParse",
  baseUrl: { default: DEFAULT_BASE_URL, env: "LLAMA_CLOUD_BASE_URL" },
  // The names LlamaCloud's own SDKs read.
  config: Config.all({ apiKey: Credentials.config("LLAMA_CLOUD_API_KEY") }),
  policy: defaultPolicy,
  validate: (options: Options) =>
    options.maxUploadBytes === undefined || (Number.isInteger(options.maxUploadBytes) && options.maxUploadBytes >= 1)
      ? []
      : [{ setting: "maxUploadBytes", message: "must be a whole number of bytes, at least 1" }],
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    dialect: { refineError: LlamaParseError.refineError }
  }),
  operations: (http, options) => {
    const { parse, parsing } = Parsing.make(http, options.maxUploadBytes ?? Doc.MAX_UPLOAD_BYTES)
    const healthCheck = Effect.asVoid(parsing.list({ page_size: 1 }, VendorClient.probe))
    return { parsing, parse, healthCheck }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context. A bad setting is a `ConfigError` naming it
 *   (`LlamaParse.baseUrl`, `LlamaParse.maxUploadBytes`).
 * - `layer`: The client as a layer; registers a `llamaparse` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `LLAMA_CLOUD_API_KEY` (required, kept `Redacted`, re-read through
 *   `Credentials`) and `LLAMA_CLOUD_BASE_URL` (default `https://api.cloud.llamaindex.ai`;
 *   `https://api.cloud.eu.llamaindex.ai` for the EU region). Every missing or malformed variable is reported in one
 *   `ConfigError`, by name only.
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(LlamaParseClient.fromEnv,
 *   ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, `maxUploadBytes`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails, inside its Effect, naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LlamaParseClient } from "effect-integrations/llamaparse"
 *
 * const TestLlamaParse = LlamaParseClient.layerTest({
 *   parsing: { job: (id) => Effect.succeed({ id, status: "SUCCESS" }) }
 * })
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = LlamaParse
