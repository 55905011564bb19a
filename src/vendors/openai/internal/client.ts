/**
 * What OpenAI, Groq and other OpenAI-compatible providers share: one vendor definition (auth, dialect, policies) over
 * the same operations, told apart by name, base URL, configuration and stream idle timeout.
 */
import type * as Config from "effect/Config"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as SdkRetryPolicy from "../../internal/sdkRetryPolicy.js"
import type * as Api from "../OpenAIClient.js"
import * as OpenAIError from "../OpenAIError.js"
import * as OpenAIRateLimits from "../OpenAIRateLimits.js"
import * as Audio from "../resources/Audio.js"
import * as Chat from "../resources/ChatCompletions.js"
import * as Embeddings from "../resources/Embeddings.js"
import * as Models from "../resources/Models.js"
import * as Responses from "../resources/Responses.js"
import * as ResponseStream from "../resources/ResponseStream.js"

/** A Responses stream is whole only once one of these arrives; a body ending before is a cut stream. */
const RESPONSE_FINAL_EVENTS: ReadonlySet<string> = new Set([
  "response.completed",
  "response.failed",
  "response.incomplete",
  "error"
])

/**
 * Defaults per operation, before the caller's client-wide `policy`. Generation may take minutes (OpenAI's SDK waits 10);
 * a stream's timeout only covers the wait for its response headers, its silences are bounded by the idle timeout.
 */
export const operationPolicyTable = {
  "responses.create": { timeout: "10 minutes" },
  // A stream's whole size counts against `maxResponseBytes`: 128k output tokens at about 230 bytes a chunk is ~30 MB.
  "responses.stream": { timeout: "60 seconds", maxResponseBytes: 64 * 1024 * 1024 },
  "chat.completions.create": { timeout: "10 minutes" },
  "chat.completions.stream": { timeout: "60 seconds", maxResponseBytes: 64 * 1024 * 1024 },
  // 2048 inputs of 3072 floats is over 100 MB of JSON: the kernel's 10 MiB ceiling would refuse legitimate answers.
  "embeddings.create": { timeout: "60 seconds", maxResponseBytes: 256 * 1024 * 1024 },
  "audio.transcriptions.create": { timeout: "5 minutes" },
  "models.list": { timeout: "30 seconds" }
} as const satisfies Record<string, HttpIntegration.PolicyInput>

/** What every OpenAI-compatible provider's options hold: the key and the kernel's settings. */
export interface ProviderOptions extends VendorClient.VendorOptions {
  readonly apiKey: VendorClient.SecretInput
}

/** What differs between OpenAI, Groq and other compatible providers. */
export interface Provider<Options extends ProviderOptions> {
  readonly vendor: string
  readonly baseUrl: { readonly default: string; readonly env: string }
  readonly config: Config.Config<Omit<Options, keyof VendorClient.VendorOptions>>
  readonly streamIdleTimeout: Duration.DurationInput
  /** Headers of the provider's own options (OpenAI's organization and project). */
  readonly headers?: ((options: Options) => Readonly<Record<string, string>>) | undefined
}

const streamed = (path: string, body: object): HttpIntegration.RequestParts => ({
  path,
  body: HttpIntegration.json({ ...body, stream: true })
})

const EmptyParams = Schema.Struct({})

type ResponseWireEvent = typeof ResponseStream.ResponseStreamWireEvent.Type
type ResponseErrorEvent = typeof ResponseStream.ResponseErrorEvent.Type
type ChatStreamError = typeof Chat.ChatStreamError.Type

const isResponseError = (event: ResponseWireEvent): event is ResponseErrorEvent => event.type === "error"
const isChatError = (event: Chat.ChatCompletionChunk | ChatStreamError): event is ChatStreamError => "error" in event

/** The operations on one provider's pipeline. */
const operations = (http: HttpIntegration.HttpIntegration): Api.Service => {
  const vendor = http.vendor
  const responseCreate = (idempotent: boolean) =>
    http.operation({
      name: "responses.create",
      method: "POST",
      idempotent,
      input: Responses.ResponseCreateParams,
      output: Responses.Response,
      request: (body) => ({ path: "/responses", body: HttpIntegration.json(body) })
    })
  const responseStream = (idempotent: boolean) =>
    http.streamOperation({
      name: "responses.stream",
      method: "POST",
      idempotent,
      input: Responses.ResponseCreateParams,
      event: ResponseStream.ResponseStreamWireEvent,
      endsWith: (event) => RESPONSE_FINAL_EVENTS.has(event.type),
      request: (body) => streamed("/responses", body)
    })
  const responses = {
    repeatable: { create: responseCreate(true), stream: responseStream(true) },
    stateful: { create: responseCreate(false), stream: responseStream(false) }
  }
  // Appending to a conversation or starting a background job changes server state: never repeat those blindly.
  const variantFor = (params: Responses.ResponseCreateParams) =>
    (params.conversation !== undefined && params.conversation !== null) || params.background === true
      ? responses.stateful
      : responses.repeatable

  const chatCreate = http.operation({
    name: "chat.completions.create",
    method: "POST",
    idempotent: true,
    input: Chat.ChatCompletionCreateParams,
    output: Chat.ChatCompletion,
    request: (body) => ({ path: "/chat/completions", body: HttpIntegration.json(body) })
  })
  const chatStream = http.streamOperation({
    name: "chat.completions.stream",
    method: "POST",
    idempotent: true,
    input: Chat.ChatCompletionStreamParams,
    event: Schema.Union(Chat.ChatCompletionChunk, Chat.ChatStreamError),
    endsWith: "done",
    request: (body) => streamed("/chat/completions", body)
  })
  const embeddingsCreate = http.operation({
    name: "embeddings.create",
    method: "POST",
    idempotent: true,
    input: Embeddings.CreateEmbeddingParams,
    output: Embeddings.CreateEmbeddingResponse,
    request: (body) => ({ path: "/embeddings", body: HttpIntegration.json(body) })
  })
  const transcriptionsCreate = http.operation({
    name: "audio.transcriptions.create",
    method: "POST",
    idempotent: true,
    input: Audio.CreateTranscriptionParams,
    output: Audio.Transcription,
    request: (params) => ({ path: "/audio/transcriptions", body: { _tag: "Multipart", form: Audio.toFormData(params) } })
  })
  const modelsList = http.operation({
    name: "models.list",
    method: "GET",
    input: EmptyParams,
    output: Models.ListModelsResponse,
    request: () => ({ path: "/models" })
  })

  return {
    vendor,
    responses: {
      create: (params, callOptions) => variantFor(params).create(params, callOptions),
      stream: (params, callOptions) =>
        variantFor(params).stream(params, callOptions).pipe(
          VendorClient.failOnEvent(
            isResponseError,
            (event) => OpenAIError.streamError(vendor, "responses.stream", { code: event.code, param: event.param })
          )
        )
    },
    chat: {
      completions: {
        create: chatCreate,
        stream: (params, callOptions) =>
          chatStream(params, callOptions).pipe(
            VendorClient.failOnEvent(isChatError, (event) =>
              OpenAIError.streamError(vendor, "chat.completions.stream", event.error))
          )
      }
    },
    embeddings: { create: embeddingsCreate },
    audio: { transcriptions: { create: transcriptionsCreate } },
    models: { list: (callOptions) => modelsList({}, callOptions) },
    healthCheck: Effect.asVoid(modelsList({}, { policy: { maxRetries: 0 } }))
  }
}

/** One OpenAI-compatible provider as a vendor definition under `tag`. */
export const define = <Self, Options extends ProviderOptions>(
  tag: Context.Tag<Self, Api.Service>,
  provider: Provider<Options>
): VendorClient.Client<Self, Options, Api.Service> =>
  VendorClient.define(tag, {
    vendor: provider.vendor,
    baseUrl: provider.baseUrl,
    config: provider.config,
    // OpenAI's SDK and Groq's are generated alike: the same retries and backoff.
    policy: SdkRetryPolicy.stainless,
    operationPolicies: operationPolicyTable,
    streamIdleTimeout: provider.streamIdleTimeout,
    definition: (options: Options) => ({
      auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
      headers: provider.headers?.(options),
      dialect: {
        requestIdHeaders: ["x-request-id"],
        refineError: OpenAIError.refineError,
        rateLimitHeaders: OpenAIRateLimits.parse
      }
    }),
    operations
  })
