/**
 * Groq through its OpenAI-compatible API: the `OpenAIClient` service under its own tag, so an application can hold
 * both (e.g. fast Groq Whisper transcription with OpenAI as the fallback).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as TestService from "../../testing/TestService.js"
import * as internal from "./internal/client.js"
import type * as OpenAIClient from "./OpenAIClient.js"
import { optionalBaseUrl } from "../internal/vendorConfig.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.groq.com/openai/v1"

/**
 * The same service as `OpenAIClient`, named `Groq` in spans, metrics and errors.
 *
 * @since 0.1.0
 * @category Tags
 */
export class GroqClient extends Context.Tag("effect-integrations/GroqClient")<GroqClient, OpenAIClient.Service>() {}

/**
 * `OpenAIClient.Options` without the OpenAI-only organization and project headers. Policies are OpenAI's defaults
 * (`OpenAIClient.defaultPolicy`); Groq sends the same `x-ratelimit-*` family and `retry-after` on 429.
 *
 * @since 0.1.0
 * @category Models
 */
export type Options = Omit<OpenAIClient.Options, "organization" | "project">

// Groq answers fast and streams without long silences: a minute without a byte means the stream is stuck.
const GROQ_STREAM_IDLE = "60 seconds"

/**
 * A malformed `baseUrl`, an out-of-range `policy` setting or `streamIdleTimeout` fails with a `ConfigError` naming
 * it under the vendor (`Groq.baseUrl`, `Groq.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<OpenAIClient.Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  internal.make(options, { vendor: "Groq", baseUrl: defaultBaseUrl, streamIdleTimeout: GROQ_STREAM_IDLE })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<GroqClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  internal.layerFor(GroqClient, make(options))

/**
 * Options from the environment, as Groq's SDK reads them: `GROQ_API_KEY` (required) and `GROQ_BASE_URL` (empty
 * means the default; anything but an http(s) URL with a host is reported by name). Given `overrides` win over the
 * environment.
 *
 * @since 0.1.0
 * @category Config
 */
export const optionsFromEnv = (overrides: Partial<Omit<Options, "apiKey">> = {}): Config.Config<Options> =>
  Config.map(
    Config.all({
      apiKey: Credentials.config("GROQ_API_KEY"),
      baseUrl: optionalBaseUrl("GROQ_BASE_URL")
    }),
    (env): Options => ({
      apiKey: env.apiKey,
      baseUrl: Option.getOrUndefined(env.baseUrl),
      ...internal.definedOnly(overrides)
    })
  )

/**
 * @since 0.1.0
 * @category Config
 */
export const fromEnv: Config.Config<
  Layer.Layer<GroqClient, ConfigError.ConfigError, HttpClient.HttpClient>
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
): Layer.Layer<GroqClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(optionsFromEnv(overrides), layer))

/**
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<OpenAIClient.Service>): Layer.Layer<GroqClient> =>
  TestService.layer(GroqClient, partial)
