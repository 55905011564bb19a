/**
 * Anthropic's Messages API as an Effect service: messages (plain, or streamed as typed events), token counting and
 * the models list, each an `Effect` (or `Stream`) failing with `IntegrationError`. An `overloaded_error`, as a 529, a
 * 5xx or an event inside a stream, is always reason `Overloaded`.
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
import type * as Messages from "./resources/Messages.js"
import type * as MessageStream from "./resources/MessageStream.js"
import type * as Models from "./resources/Models.js"
import { optionalBaseUrl } from "../internal/vendorConfig.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = internal.DEFAULT_BASE_URL

/**
 * The `anthropic-version` sent unless `version` says otherwise.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultVersion: string = internal.DEFAULT_VERSION

/**
 * The client's retry and timeout defaults, following Anthropic's SDKs: 2 retries (3 attempts) from 0.5 s doubling to
 * 8 s with up to 25 % jitter; `retry-after` honoured up to 60 s; `x-should-retry` obeyed.
 *
 * Per operation (a caller's `policy` applies on top):
 *
 * | operation | timeout per attempt | repeated on a retryable failure |
 * |---|---|---|
 * | `messages.create` | 10 min (as the SDKs) | yes |
 * | `messages.stream` | 60 s to the first byte, then `streamIdleTimeout` (60 s) | yes, before the first event |
 * | `messages.countTokens` | 60 s | yes |
 * | `models.list` | 30 s | yes |
 *
 * Anthropic has no idempotency key; a repeated message costs tokens but changes nothing on the server, so messages are
 * repeated on 408/429/5xx/529/timeouts like the SDKs do (not on 409, which the SDKs also repeat: it stays
 * `Conflict`). The SDKs refuse a non-streamed request whose `max_tokens` could need more than 10 minutes (about
 * 21,000 tokens and up): use `messages.stream` for those, or raise `timeout`.
 *
 * Reasons: `overloaded_error` (529, or 5xx with that type) → `Overloaded`; `rate_limit_error` → `RateLimited`, except a
 * reached spend limit (`error.details.error_code: enforced_spend_limit_reached`) → `Forbidden`, never retried;
 * `billing_error` → `Forbidden`; `timeout_error` → `Timeout`; `api_error` → `Server`.
 *
 * Headers Anthropic sends: `request-id` (the request id on every error and span), `retry-after` on 429 and 529, and
 * the rate-limit family `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`
 * (resets as RFC 3339 times; parsed by `RateLimitHeaders.parse`, e.g. in `observeResponse`).
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
  readonly messages: {
    readonly create: (
      params: Messages.MessageCreateParams,
      options?: HttpIntegration.CallOptions
    ) => Effect.Effect<Messages.Message, IntegrationError>
    /** Typed events until `message_stop`; an `error` event fails the stream with its reason. */
    readonly stream: (
      params: Messages.MessageCreateParams,
      options?: HttpIntegration.CallOptions
    ) => Stream.Stream<MessageStream.MessageStreamEvent, IntegrationError>
    readonly countTokens: (
      params: Messages.CountTokensParams,
      options?: HttpIntegration.CallOptions
    ) => Effect.Effect<Messages.CountTokensResponse, IntegrationError>
  }
  readonly models: {
    /** One page. */
    readonly list: (
      params?: Models.ListModelsParams,
      options?: HttpIntegration.CallOptions
    ) => Effect.Effect<Models.ListModelsResponse, IntegrationError>
    /** Every model, pages fetched as the stream is pulled. */
    readonly listAll: (options?: HttpIntegration.CallOptions) => Stream.Stream<Models.ModelInfo, IntegrationError>
  }
  /** Lists one model, without retries: proves the key, the version header and the network path. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class AnthropicClient extends Context.Tag("effect-integrations/AnthropicClient")<AnthropicClient, Service>() {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Sent as `x-api-key`, redacted in logs and spans. */
  readonly apiKey: Redacted.Redacted<string> | Credentials.Secret
  /** Default `https://api.anthropic.com`. */
  readonly baseUrl?: string | undefined
  /** `anthropic-version`; default `2023-06-01`. */
  readonly version?: string | undefined
  /** Beta features, sent as one `anthropic-beta` header. */
  readonly betas?: ReadonlyArray<string> | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Overrides on top of `defaultPolicy` and the per-operation defaults, for every operation. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Longest silence in a stream before it fails with `Timeout` ("stream stalled"). Default 60 s. */
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
  /** Sees every response's status and headers, e.g. to feed a header-adaptive rate limiter. */
  readonly observeResponse?: HttpIntegration.Definition["observeResponse"]
  /** Circuit breaker, rate limiter, bulkhead around each attempt. */
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
}

/**
 * A malformed `baseUrl`, an out-of-range `policy` setting or `streamIdleTimeout` fails with a `ConfigError` naming
 * it under the vendor (`Anthropic.baseUrl`, `Anthropic.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (
  options: Options
) => Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> = internal.make

/**
 * The client, with its health check registered as `Anthropic`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<AnthropicClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  internal.layerFor(AnthropicClient, make(options))

/**
 * Options from the environment, as Anthropic's SDK reads them: `ANTHROPIC_API_KEY` (required) and
 * `ANTHROPIC_BASE_URL` (empty means the default; anything but an http(s) URL with a host is reported by name). Given
 * `overrides` win over the environment.
 *
 * @since 0.1.0
 * @category Config
 */
export const optionsFromEnv = (overrides: Partial<Omit<Options, "apiKey">> = {}): Config.Config<Options> =>
  Config.map(
    Config.all({
      apiKey: Credentials.config("ANTHROPIC_API_KEY"),
      baseUrl: optionalBaseUrl("ANTHROPIC_BASE_URL")
    }),
    (env): Options => ({
      apiKey: env.apiKey,
      baseUrl: Option.getOrUndefined(env.baseUrl),
      ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
    })
  )

/**
 * The layer as a `Config`, for `IntegrationConfig.layer(AnthropicClient.fromEnv, ...)`.
 *
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<
  Layer.Layer<AnthropicClient, ConfigError.ConfigError, HttpClient.HttpClient>
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
): Layer.Layer<AnthropicClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(optionsFromEnv(overrides), layer))

/**
 * A fake for tests: the methods given, and every other one dies naming itself.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<AnthropicClient> =>
  TestService.layer(AnthropicClient, partial)
