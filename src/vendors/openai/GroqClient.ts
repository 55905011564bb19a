/**
 * Groq through its OpenAI-compatible API: the `OpenAIClient` service under its own tag, so an application can hold
 * both (e.g. fast Groq Whisper transcription with OpenAI as the fallback).
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Layer } from "effect"
 * import { IntegrationConfig } from "effect-integrations"
 * import { GroqClient, OpenAIClient } from "effect-integrations/openai"
 *
 * // GROQ_API_KEY and OPENAI_API_KEY, both reported at once when missing.
 * const Live = IntegrationConfig.layer(GroqClient.fromEnv, OpenAIClient.fromEnv).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * const transcribe = (file: File) =>
 *   Effect.flatMap(GroqClient.GroqClient, (groq) => groq.audio.transcriptions.create({ file, model: "whisper-large-v3" }))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Credentials from "../../core/Credentials.js"
import type * as VendorClient from "../../core/VendorClient.js"
import * as internal from "./internal/client.js"
import type * as OpenAIClient from "./OpenAIClient.js"

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
 * (`OpenAIClient.defaultPolicy`, `OpenAIClient.operationPolicies`); Groq sends the same `x-ratelimit-*` family and
 * `retry-after` on 429. Streams fail with `Timeout` after 60 s without an event unless `streamIdleTimeout` says.
 *
 * @since 0.1.0
 * @category Models
 */
export type Options = Omit<OpenAIClient.Options, "organization" | "project">

/**
 * Groq as a vendor definition: OpenAI's dialect and policies under Groq's name, base URL and variables.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Groq: VendorClient.Client<GroqClient, Options, OpenAIClient.Service> = internal.define(GroqClient, {
  vendor: "Groq",
  baseUrl: { default: defaultBaseUrl, env: "GROQ_BASE_URL" },
  // The name Groq's own SDK reads.
  config: Config.all({ apiKey: Credentials.config("GROQ_API_KEY") }),
  // Groq answers fast and streams without long silences: a minute without a byte means the stream is stuck.
  streamIdleTimeout: "60 seconds"
})

/**
 * The client's constructors, from its definition (see `VendorClient.Client`):
 *
 * - `make(options)` builds the service over the `HttpClient` in context; a malformed `baseUrl`, an out-of-range
 *   `policy` setting or `streamIdleTimeout` is a `ConfigError` naming it (`Groq.baseUrl`, `Groq.policy.timeout`);
 * - `layer(options)` provides it, and registers a `groq` health check when a `Health` registry is provided;
 * - `config` reads the options from the environment, under the names Groq's SDK reads: `GROQ_API_KEY` (required) and
 *   `GROQ_BASE_URL` (empty means the default; anything but an http(s) URL with a host is reported by name);
 * - `fromEnv` is that layer from the environment, for `IntegrationConfig.layer(GroqClient.fromEnv, ...)`, and
 *   `layerConfig(overrides)` the same with options set in code on top;
 * - `layerTest(partial)` is a fake: the given methods as they are, every other one failing inside its Effect with a
 *   defect naming it (`GroqClient.audio.transcriptions.create is not implemented in this test layer`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = Groq
