/**
 * OpenAI as an Effect service: Responses and Chat Completions (plain and streamed as typed events), embeddings, audio
 * transcriptions and the models list, each an `Effect` (or `Stream`) failing with `IntegrationError`. The same service
 * talks to any OpenAI-compatible provider (`layerCompatible`; Groq has its own tag in `GroqClient`).
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Redacted } from "effect"
 * import { OpenAIClient, OpenAISchemas } from "effect-integrations/openai"
 *
 * const program = Effect.gen(function*() {
 *   const openai = yield* OpenAIClient.OpenAIClient
 *   const response = yield* openai.responses.create({ model: "gpt-4.1-mini", input: "Say hello" })
 *   return OpenAISchemas.outputText(response)
 * })
 *
 * program.pipe(
 *   Effect.provide(OpenAIClient.layer({ apiKey: Redacted.make("sk-..."), circuitBreaker: { per: "operation" } })),
 *   Effect.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import type * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import type * as VendorClient from "../../core/VendorClient.js"
import * as SdkRetryPolicy from "../internal/sdkRetryPolicy.js"
import * as internal from "./internal/client.js"
import type * as Audio from "./resources/Audio.js"
import type * as Chat from "./resources/ChatCompletions.js"
import type * as Embeddings from "./resources/Embeddings.js"
import type * as Models from "./resources/Models.js"
import type * as Responses from "./resources/Responses.js"
import type * as ResponseStream from "./resources/ResponseStream.js"

/**
 * OpenAI's API root; paths in OpenAI's OpenAPI document are relative to it.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.openai.com/v1"

/**
 * The client's retry and timeout defaults, following OpenAI's SDK: 2 retries (3 attempts) from 0.5 s doubling to 8 s
 * with up to 25 % jitter; `retry-after-ms` / `Retry-After` honoured up to 60 s; `x-should-retry` obeyed. Streams fail
 * with `Timeout` after 5 minutes without an event (reasoning models may think that long before their first token, and
 * OpenAI sends no keep-alive); `streamIdleTimeout` changes it.
 *
 * Per operation (a caller's `policy` applies on top):
 *
 * | operation | timeout per attempt | repeated on a retryable failure |
 * |---|---|---|
 * | `responses.create` | 10 min (as the SDK) | yes, unless `conversation` or `background` is set |
 * | `responses.stream` | 60 s to the first byte, then `streamIdleTimeout` between events | as `create` |
 * | `chat.completions.create` | 10 min | yes |
 * | `chat.completions.stream` | 60 s to the first byte, then `streamIdleTimeout` | yes |
 * | `embeddings.create` | 60 s, answers up to 256 MiB | yes |
 * | `audio.transcriptions.create` | 5 min | yes |
 * | `models.list` | 30 s | yes |
 *
 * OpenAI has no idempotency key. Completions and embeddings are repeated on 408/429/5xx/timeouts as OpenAI's SDKs do:
 * a repeated generation costs tokens but changes nothing on the server. (The SDKs also repeat 409; here a 409 is
 * `Conflict` and is not repeated, as for every vendor.) A response that appends to a `conversation`
 * or runs in the `background` does change server state, so it is repeated only when the server proves it did not act
 * (429, or `x-should-retry: true`). 503 is classified `Overloaded`, an exhausted quota (`insufficient_quota`) as
 * `Forbidden` (never retried).
 *
 * Headers OpenAI sends: `x-request-id` (the request id on every error and span), `openai-processing-ms`,
 * `openai-organization`, `openai-version`, and the rate-limit family `x-ratelimit-limit-requests`,
 * `x-ratelimit-limit-tokens`, `x-ratelimit-remaining-requests`, `x-ratelimit-remaining-tokens`,
 * `x-ratelimit-reset-requests`, `x-ratelimit-reset-tokens` (Go durations such as `6m0s`; read by `OpenAIRateLimits`,
 * so a `rateLimit` given in the options paces and pauses every caller by them).
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = SdkRetryPolicy.stainless

/**
 * The per-operation defaults of the table above, as values.
 *
 * @since 0.1.0
 * @category Policies
 */
export const operationPolicies: Readonly<Record<string, HttpIntegration.PolicyInput>> = internal.operationPolicyTable

/**
 * The operations of OpenAI's API that this client covers, and the kit's `healthCheck`: the models listed once, without
 * retries, which proves the key, the network path and the provider.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  /** `OpenAI`, `Groq`, or the name given to `layerCompatible`: the span prefix and the `vendor` of errors. */
  readonly vendor: string
  readonly responses: {
    readonly create: VendorClient.Method<Responses.ResponseCreateParams, Responses.Response>
    /** Typed events until the response ends; an `error` event fails the stream with its reason (by `code`). */
    readonly stream: VendorClient.StreamMethod<Responses.ResponseCreateParams, ResponseStream.ResponseStreamEvent>
  }
  readonly chat: {
    readonly completions: {
      readonly create: VendorClient.Method<Chat.ChatCompletionCreateParams, Chat.ChatCompletion>
      /** Chunks until `data: [DONE]`; an error sent mid-stream fails the stream. */
      readonly stream: VendorClient.StreamMethod<Chat.ChatCompletionStreamParams, Chat.ChatCompletionChunk>
    }
  }
  readonly embeddings: {
    readonly create: VendorClient.Method<Embeddings.CreateEmbeddingParams, Embeddings.CreateEmbeddingResponse>
  }
  readonly audio: {
    readonly transcriptions: {
      readonly create: VendorClient.Method<Audio.CreateTranscriptionParams, Audio.Transcription>
    }
  }
  readonly models: {
    readonly list: (options?: HttpIntegration.CallOptions) => Effect.Effect<Models.ListModelsResponse, IntegrationError>
  }
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class OpenAIClient extends Context.Tag("effect-integrations/OpenAIClient")<OpenAIClient, Service>() {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl` (default `https://api.openai.com/v1`), `policy` over
 * `defaultPolicy` and the per-operation defaults, `circuitBreaker`, `rateLimit`, `bulkhead`, `retryBudget`,
 * `headers`, `streamIdleTimeout`, ...) and OpenAI's own.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  readonly apiKey: VendorClient.SecretInput
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string | undefined
  /** Sent as `OpenAI-Project`. */
  readonly project?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CompatibleOptions extends Omit<Options, "baseUrl"> {
  /** The provider's OpenAI-compatible root, e.g. `https://openrouter.ai/api/v1` or `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string
  /** The provider's name in spans, metrics, errors and its health check. Default `OpenAICompatible`. */
  readonly vendor?: string | undefined
}

const optional = (name: string): Config.Config<string | undefined> =>
  Config.map(Config.option(Config.string(name)), Option.getOrUndefined)

// The names OpenAI's own SDK reads.
const envConfig = Config.all({
  apiKey: Credentials.config("OPENAI_API_KEY"),
  organization: optional("OPENAI_ORG_ID"),
  project: optional("OPENAI_PROJECT_ID")
})

const headers = (options: Options): Record<string, string> => {
  const out: Record<string, string> = {}
  if (options.organization !== undefined) out["OpenAI-Organization"] = options.organization
  if (options.project !== undefined) out["OpenAI-Project"] = options.project
  return out
}

// Reasoning models can think for minutes before their first token and OpenAI sends no keep-alive in between.
const OPENAI_STREAM_IDLE = "5 minutes"

/**
 * OpenAI as a vendor definition: bearer auth, the organization and project headers, `x-request-id`, OpenAI's error
 * body and rate-limit headers, the per-operation policies above.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const OpenAI: VendorClient.Client<OpenAIClient, Options, Service> = internal.define(OpenAIClient, {
  vendor: "OpenAI",
  baseUrl: { default: defaultBaseUrl, env: "OPENAI_BASE_URL" },
  config: envConfig,
  streamIdleTimeout: OPENAI_STREAM_IDLE,
  headers
})

/**
 * An OpenAI-compatible provider (OpenRouter, Together, vLLM, Ollama...) as a vendor definition under the
 * `OpenAIClient` tag: OpenAI's policies and dialect under the provider's name and base URL.
 */
const compatible = (options: CompatibleOptions) =>
  internal.define(OpenAIClient, {
    vendor: options.vendor ?? "OpenAICompatible",
    // Only `make` and `layer` are used: the options are given in code, never read from the environment.
    baseUrl: { default: options.baseUrl, env: "OPENAI_BASE_URL" },
    config: envConfig,
    streamIdleTimeout: OPENAI_STREAM_IDLE,
    headers
  })

/**
 * The same service against another OpenAI-compatible provider. Errors, spans and metrics name the provider
 * (`options.vendor`), and so does a bad setting (`Together.baseUrl`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeCompatible = (
  options: CompatibleOptions
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> => compatible(options).make(options)

/**
 * `OpenAIClient` served by another OpenAI-compatible provider (same service, different base URL and name); its health
 * check is registered under the provider's name (`VendorClient.healthCheckName`: `together`, `local-llm`).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { OpenAIClient } from "effect-integrations/openai"
 *
 * const Together = OpenAIClient.layerCompatible({
 *   vendor: "Together",
 *   baseUrl: "https://api.together.xyz/v1",
 *   apiKey: Redacted.make("tgp_..."),
 *   rateLimit: { limit: 10, window: "1 second" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerCompatible = (
  options: CompatibleOptions
): Layer.Layer<OpenAIClient, ConfigError.ConfigError, HttpClient.HttpClient> => compatible(options).layer(options)

/**
 * The client's constructors, from its definition (see `VendorClient.Client`):
 *
 * - `make(options)` builds the service over the `HttpClient` in context; a malformed `baseUrl`, an out-of-range
 *   `policy` setting or `streamIdleTimeout` is a `ConfigError` naming it (`OpenAI.baseUrl`, `OpenAI.policy.timeout`);
 * - `layer(options)` provides it, and registers an `openai` health check when a `Health` registry is provided;
 * - `config` reads the options from the environment, under the names OpenAI's SDK reads: `OPENAI_API_KEY` (required,
 *   kept `Redacted` and re-read through `Credentials`), `OPENAI_BASE_URL` (empty means the default; anything but an
 *   http(s) URL with a host is reported by name), `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`, every problem in one
 *   `ConfigError`, by name only;
 * - `fromEnv` is that layer from the environment, for `IntegrationConfig.layer(OpenAIClient.fromEnv, ...)`, which
 *   reports every missing variable of every vendor at once, and `layerConfig(overrides)` the same with options set in
 *   code on top (a `project`, a `policy`, a `rateLimit`, ...);
 * - `layerTest(partial)` is a fake: the given methods as they are, every other one failing inside its Effect (or
 *   Stream) with a defect naming it (`OpenAIClient.chat.completions.create is not implemented in this test layer`);
 *   the health check succeeds unless given.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OpenAIClient } from "effect-integrations/openai"
 *
 * const TestOpenAI = OpenAIClient.layerTest({
 *   models: { list: () => Effect.succeed({ object: "list", data: [] }) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = OpenAI
