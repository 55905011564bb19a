/**
 * Anthropic's Messages API as an Effect service: messages (plain, or streamed as typed events), token counting and
 * the models list, each an `Effect` (or `Stream`) failing with `IntegrationError`. An `overloaded_error`, as a 529, a
 * 5xx or an event inside a stream, is always reason `Overloaded`.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer, Stream } from "effect"
 * import { IntegrationConfig } from "effect-integrations"
 * import { AnthropicClient } from "effect-integrations/anthropic"
 *
 * const ask = { model: "claude-sonnet-4-20250514", max_tokens: 256, messages: [{ role: "user" as const, content: "Hi" }] }
 * const program = Effect.gen(function*() {
 *   const claude = yield* AnthropicClient.AnthropicClient
 *   const message = yield* claude.messages.create(ask)
 *   const events = yield* Stream.runCount(claude.messages.stream(ask))
 *   return { message, events }
 * })
 *
 * // ANTHROPIC_API_KEY from the environment; a breaker per operation and a bulkhead from code.
 * const Live = AnthropicClient.layerConfig({ circuitBreaker: { per: "operation" }, bulkhead: { maxConcurrent: 8 } })
 * program.pipe(Effect.provide(Live), Effect.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as SdkRetryPolicy from "../internal/sdkRetryPolicy.js"
import * as AnthropicError from "./AnthropicError.js"
import * as AnthropicRateLimits from "./AnthropicRateLimits.js"
import * as internal from "./internal/client.js"
import type * as Messages from "./resources/Messages.js"
import type * as MessageStream from "./resources/MessageStream.js"
import type * as Models from "./resources/Models.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://api.anthropic.com"

/**
 * The `anthropic-version` sent unless `version` says otherwise.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultVersion: string = "2023-06-01"

/**
 * The client's retry and timeout defaults, following Anthropic's SDKs: 2 retries (3 attempts) from 0.5 s doubling to
 * 8 s with up to 25 % jitter; `retry-after` honoured up to 60 s; `x-should-retry` obeyed. Streams fail with `Timeout`
 * after 60 s without an event (Anthropic sends `ping` events while a long answer is produced); `streamIdleTimeout`
 * changes it.
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
 * (resets as RFC 3339 times; read by `AnthropicRateLimits`, so a `rateLimit` given in the options paces and pauses every
 * caller by them).
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
 * Anthropic's operations, and the kit's `healthCheck`: one model listed, without retries, which proves the key, the
 * version header and the network path.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly messages: {
    readonly create: VendorClient.Method<Messages.MessageCreateParams, Messages.Message>
    /** Typed events until `message_stop`; an `error` event fails the stream with its reason. */
    readonly stream: VendorClient.StreamMethod<Messages.MessageCreateParams, MessageStream.MessageStreamEvent>
    readonly countTokens: VendorClient.Method<Messages.CountTokensParams, Messages.CountTokensResponse>
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
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class AnthropicClient extends Context.Tag("effect-integrations/AnthropicClient")<AnthropicClient, Service>() {}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl` (default `https://api.anthropic.com`), `policy` over
 * `defaultPolicy` and the per-operation defaults, `circuitBreaker`, `rateLimit`, `bulkhead`, `retryBudget`, `headers`,
 * `streamIdleTimeout`, ...) and Anthropic's own.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** Sent as `x-api-key`, redacted in logs and spans. */
  readonly apiKey: VendorClient.SecretInput
  /** `anthropic-version`; default `2023-06-01`. */
  readonly version?: string | undefined
  /** Beta features, sent as one `anthropic-beta` header. */
  readonly betas?: ReadonlyArray<string> | undefined
}

/**
 * Anthropic as a vendor definition: the key as `x-api-key`, the version and beta headers, `request-id`, Anthropic's
 * error body and rate-limit headers, the per-operation policies above.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Anthropic: VendorClient.Client<AnthropicClient, Options, Service> = VendorClient.define(AnthropicClient, {
  vendor: "Anthropic",
  baseUrl: { default: defaultBaseUrl, env: "ANTHROPIC_BASE_URL" },
  // The name Anthropic's own SDK reads.
  config: Config.all({ apiKey: Credentials.config("ANTHROPIC_API_KEY") }),
  policy: defaultPolicy,
  operationPolicies: internal.operationPolicyTable,
  streamIdleTimeout: "60 seconds",
  definition: (options: Options) => ({
    auth: HttpIntegration.header("x-api-key", VendorClient.secret(options.apiKey)),
    headers: {
      "anthropic-version": options.version ?? defaultVersion,
      ...(options.betas !== undefined && options.betas.length > 0 ? { "anthropic-beta": options.betas.join(",") } : {})
    },
    dialect: {
      requestIdHeaders: ["request-id"],
      refineError: AnthropicError.refineError,
      rateLimitHeaders: AnthropicRateLimits.parse
    }
  }),
  operations: internal.operations
})

/**
 * The client's constructors, from its definition (see `VendorClient.Client`):
 *
 * - `make(options)` builds the service over the `HttpClient` in context; a malformed `baseUrl`, an out-of-range
 *   `policy` setting or `streamIdleTimeout` is a `ConfigError` naming it (`Anthropic.baseUrl`,
 *   `Anthropic.policy.timeout`, `Anthropic.streamIdleTimeout`);
 * - `layer(options)` provides it, and registers an `anthropic` health check when a `Health` registry is provided;
 * - `config` reads the options from the environment, under the names Anthropic's SDK reads: `ANTHROPIC_API_KEY`
 *   (required, kept `Redacted` and re-read through `Credentials`) and `ANTHROPIC_BASE_URL` (empty means the default;
 *   anything but an http(s) URL with a host is reported by name), every problem in one `ConfigError`, by name only;
 * - `fromEnv` is that layer from the environment, for `IntegrationConfig.layer(AnthropicClient.fromEnv, ...)`, and
 *   `layerConfig(overrides)` the same with options set in code on top (a `version`, `betas`, a `bulkhead`, ...);
 * - `layerTest(partial)` is a fake: the given methods as they are, every other one failing inside its Effect (or
 *   Stream) with a defect naming it (`AnthropicClient.messages.create is not implemented in this test layer`); the
 *   health check succeeds unless given.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AnthropicClient } from "effect-integrations/anthropic"
 *
 * const TestClaude = AnthropicClient.layerTest({
 *   messages: { countTokens: () => Effect.succeed({ input_tokens: 12 }) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = Anthropic
