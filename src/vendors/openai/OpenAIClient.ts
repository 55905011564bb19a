/**
 * OpenAI as an Effect service: Responses and Chat Completions (plain and streamed as typed events), embeddings, audio
 * transcriptions and the models list, each an `Effect` (or `Stream`) failing with `IntegrationError`. The same service
 * talks to any OpenAI-compatible provider (`layerCompatible`; Groq has its own tag in `GroqClient`).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import * as Credentials from "../../core/Credentials.js"
import type * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as TestService from "../../testing/TestService.js"
import * as internal from "./internal/client.js"
import type * as Audio from "./resources/Audio.js"
import type * as Chat from "./resources/ChatCompletions.js"
import type * as Embeddings from "./resources/Embeddings.js"
import type * as Models from "./resources/Models.js"
import type * as Responses from "./resources/Responses.js"
import type * as ResponseStream from "./resources/ResponseStream.js"
import { optionalBaseUrl } from "../internal/vendorConfig.js"

/**
 * OpenAI's API root; paths in OpenAI's OpenAPI document are relative to it.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.openai.com/v1"

/**
 * The client's retry and timeout defaults, following OpenAI's SDK: 2 retries (3 attempts) from 0.5 s doubling to 8 s
 * with up to 25 % jitter; `retry-after-ms` / `Retry-After` honoured up to 60 s; `x-should-retry` obeyed.
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
 * `x-ratelimit-reset-requests`, `x-ratelimit-reset-tokens` (Go durations such as `6m0s`; parsed by
 * `RateLimitHeaders.parse`, e.g. in `observeResponse`).
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = internal.defaultPolicy

/**
 * The per-operation defaults of the table above, as values.
 *
 * @since 0.1.0
 * @category Policies
 */
export const operationPolicies: Readonly<Record<string, HttpIntegration.PolicyInput>> = internal.operationPolicyTable

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** `OpenAI`, `Groq`, or the name given to `layerCompatible`: the span prefix and the `vendor` of errors. */
  readonly vendor: string
  readonly responses: {
    readonly create: (
      params: Responses.ResponseCreateParams,
      options?: HttpIntegration.CallOptions
    ) => Effect.Effect<Responses.Response, IntegrationError>
    /** Typed events until the response ends; an `error` event fails the stream with its reason (by `code`). */
    readonly stream: (
      params: Responses.ResponseCreateParams,
      options?: HttpIntegration.CallOptions
    ) => Stream.Stream<ResponseStream.ResponseStreamEvent, IntegrationError>
  }
  readonly chat: {
    readonly completions: {
      readonly create: (
        params: Chat.ChatCompletionCreateParams,
        options?: HttpIntegration.CallOptions
      ) => Effect.Effect<Chat.ChatCompletion, IntegrationError>
      /** Chunks until `data: [DONE]`; an error sent mid-stream fails the stream. */
      readonly stream: (
        params: Chat.ChatCompletionStreamParams,
        options?: HttpIntegration.CallOptions
      ) => Stream.Stream<Chat.ChatCompletionChunk, IntegrationError>
    }
  }
  readonly embeddings: {
    readonly create: (
      params: Embeddings.CreateEmbeddingParams,
      options?: HttpIntegration.CallOptions
    ) => Effect.Effect<Embeddings.CreateEmbeddingResponse, IntegrationError>
  }
  readonly audio: {
    readonly transcriptions: {
      readonly create: (
        params: Audio.CreateTranscriptionParams,
        options?: HttpIntegration.CallOptions
      ) => Effect.Effect<Audio.Transcription, IntegrationError>
    }
  }
  readonly models: {
    readonly list: (options?: HttpIntegration.CallOptions) => Effect.Effect<Models.ListModelsResponse, IntegrationError>
  }
  /** Lists the models once, without retries: proves the key, the network path and the provider. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class OpenAIClient extends Context.Tag("effect-integrations/OpenAIClient")<OpenAIClient, Service>() {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly apiKey: Redacted.Redacted<string> | Credentials.Secret
  /** Default `https://api.openai.com/v1`; a test server or a proxy otherwise. */
  readonly baseUrl?: string | undefined
  /** Sent as `OpenAI-Organization`. */
  readonly organization?: string | undefined
  /** Sent as `OpenAI-Project`. */
  readonly project?: string | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Overrides on top of `defaultPolicy` and the per-operation defaults, for every operation. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Longest silence in a stream before it fails with `Timeout` ("stream stalled"). Default 5 minutes for OpenAI. */
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
  /** Sees every response's status and headers, e.g. to feed a header-adaptive rate limiter. */
  readonly observeResponse?: HttpIntegration.Definition["observeResponse"]
  /** Circuit breaker, rate limiter, bulkhead around each attempt. */
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CompatibleOptions extends Omit<Options, "baseUrl"> {
  /** The provider's OpenAI-compatible root, e.g. `https://openrouter.ai/api/v1` or `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string
  /** The provider's name in spans, metrics and errors. Default `OpenAICompatible`. */
  readonly vendor?: string | undefined
}

// Reasoning models can think for minutes before their first token and OpenAI sends no keep-alive in between.
const OPENAI_STREAM_IDLE = "5 minutes"

/**
 * A malformed `baseUrl`, an out-of-range `policy` setting or `streamIdleTimeout` fails with a `ConfigError` naming
 * it under the vendor (`OpenAI.baseUrl`, `OpenAI.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  internal.make(options, { vendor: "OpenAI", baseUrl: defaultBaseUrl, streamIdleTimeout: OPENAI_STREAM_IDLE })

/**
 * The same service against another OpenAI-compatible provider.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeCompatible = (
  options: CompatibleOptions
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  internal.make(options, {
    vendor: options.vendor ?? "OpenAICompatible",
    baseUrl: options.baseUrl,
    streamIdleTimeout: OPENAI_STREAM_IDLE
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<OpenAIClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  internal.layerFor(OpenAIClient, make(options))

/**
 * `OpenAIClient` served by another OpenAI-compatible provider (same service, different base URL and name).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerCompatible = (
  options: CompatibleOptions
): Layer.Layer<OpenAIClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  internal.layerFor(OpenAIClient, makeCompatible(options))

/**
 * Options from the environment, as OpenAI's SDK reads them: `OPENAI_API_KEY` (required), `OPENAI_BASE_URL` (empty
 * means the default; anything but an http(s) URL with a host is reported by name), `OPENAI_ORG_ID`,
 * `OPENAI_PROJECT_ID`. Given `overrides` win over the environment.
 *
 * @since 0.1.0
 * @category Config
 */
export const optionsFromEnv = (overrides: Partial<Omit<Options, "apiKey">> = {}): Config.Config<Options> =>
  Config.map(
    Config.all({
      apiKey: Credentials.config("OPENAI_API_KEY"),
      baseUrl: optionalBaseUrl("OPENAI_BASE_URL"),
      organization: Config.option(Config.string("OPENAI_ORG_ID")),
      project: Config.option(Config.string("OPENAI_PROJECT_ID"))
    }),
    (env): Options => ({
      apiKey: env.apiKey,
      baseUrl: Option.getOrUndefined(env.baseUrl),
      organization: Option.getOrUndefined(env.organization),
      project: Option.getOrUndefined(env.project),
      ...internal.definedOnly(overrides)
    })
  )

/**
 * The layer as a `Config`, for `IntegrationConfig.layer(OpenAIClient.fromEnv, ...)`, which reports every missing
 * variable of every vendor at once.
 *
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<
  Layer.Layer<OpenAIClient, ConfigError.ConfigError, HttpClient.HttpClient>
> = Config.map(
  optionsFromEnv(),
  layer
)

/**
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  overrides?: Partial<Omit<Options, "apiKey">>
): Layer.Layer<OpenAIClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(optionsFromEnv(overrides), layer))

/**
 * A fake for tests: the methods given, and every other one dies naming itself.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<OpenAIClient> =>
  TestService.layer(OpenAIClient, partial)

