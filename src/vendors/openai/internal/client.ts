/** The body of `OpenAIClient.make`: one HttpIntegration per provider and the operations declared over it. */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Credentials from "../../../core/Credentials.js"
import * as Health from "../../../core/Health.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as Validation from "../../../core/internal/policyValidation.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Telemetry from "../../../core/Telemetry.js"
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

/** What differs between OpenAI, Groq and other compatible providers. */
export interface Preset {
  readonly vendor: string
  readonly baseUrl: string
  readonly streamIdleTimeout: Duration.DurationInput
}

export const secretOf = (apiKey: Redacted.Redacted<string> | Credentials.Secret): Credentials.Secret =>
  Redacted.isRedacted(apiKey) ? Credentials.fixed(apiKey) : apiKey

const json = (path: string, body: unknown): HttpIntegration.RequestParts => ({ path, body: { _tag: "Json", value: body } })

const streamed = (path: string, body: object): HttpIntegration.RequestParts => json(path, { ...body, stream: true })

const EmptyParams = Schema.Struct({})

/**
 * Fails the stream on an error the server reported inside it. The operation's span still ends with this error (the
 * stream's scope closes with it), but the kernel's failure counter never sees it, so it is counted here with the same
 * metric and tags.
 */
const failOn = <A, B extends A>(
  vendor: string,
  operation: string,
  isError: (event: A) => event is B,
  errorOf: (event: B) => unknown
) =>
(stream: Stream.Stream<A, IntegrationError>): Stream.Stream<Exclude<A, B>, IntegrationError> =>
  Stream.mapEffect(stream, (event) => {
    if (!isError(event)) return Effect.succeed(event as Exclude<A, B>)
    const error = OpenAIError.streamError(vendor, operation, errorOf(event))
    return Effect.zipRight(
      Metric.increment(
        Metric.tagged(Metric.tagged(Telemetry.failures, Telemetry.Tag.vendor, vendor), Telemetry.Tag.reason, error.reason)
      ),
      Effect.fail(error)
    )
  })

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

/** OpenAI's SDK retries twice, from 0.5 s doubling to 8 s with up to 25 % jitter, and honours `retry-after(-ms)`. */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  maxRetries: 2,
  baseDelay: "500 millis",
  maxDelay: "8 seconds",
  factor: 2,
  jitter: 0.25,
  maxRetryAfter: "60 seconds",
  timeout: "60 seconds"
}

export const make = (options: Api.Options, preset: Preset) =>
  Effect.gen(function*() {
    const vendor = preset.vendor
    yield* Validation.check(vendor, Validation.fields("", options, { streamIdleTimeout: Validation.positiveDuration }))
    const headers: Record<string, string> = { ...options.headers }
    if (options.organization !== undefined) headers["OpenAI-Organization"] = options.organization
    if (options.project !== undefined) headers["OpenAI-Project"] = options.project
    const http = yield* HttpIntegration.make({
      vendor,
      baseUrl: options.baseUrl ?? preset.baseUrl,
      auth: HttpIntegration.bearer(secretOf(options.apiKey)),
      headers,
      policy: { ...defaultPolicy, ...options.policy },
      dialect: { requestIdHeaders: ["x-request-id"], refineError: OpenAIError.refineError, rateLimitHeaders: OpenAIRateLimits.parse },
      observeResponse: options.observeResponse,
      attemptPolicy: options.attemptPolicy
    })
    // Per-operation defaults sit under the caller's client-wide policy, so `policy: { timeout }` still wins.
    const policyFor = (operation: keyof typeof operationPolicyTable): HttpIntegration.PolicyInput => ({
      ...operationPolicyTable[operation],
      ...options.policy
    })
    const idleTimeout = options.streamIdleTimeout ?? preset.streamIdleTimeout

    const responseCreate = (idempotent: boolean) =>
      http.operation({
        name: "responses.create",
        method: "POST",
        idempotent,
        policy: policyFor("responses.create"),
        input: Responses.ResponseCreateParams,
        output: Responses.Response,
        request: (body) => json("/responses", body)
      })
    const responseStream = (idempotent: boolean) =>
      http.streamOperation({
        name: "responses.stream",
        method: "POST",
        idempotent,
        idleTimeout,
        policy: policyFor("responses.stream"),
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
      policy: policyFor("chat.completions.create"),
      input: Chat.ChatCompletionCreateParams,
      output: Chat.ChatCompletion,
      request: (body) => json("/chat/completions", body)
    })
    const chatStream = http.streamOperation({
      name: "chat.completions.stream",
      method: "POST",
      idempotent: true,
      idleTimeout,
      policy: policyFor("chat.completions.stream"),
      input: Chat.ChatCompletionStreamParams,
      event: Schema.Union(Chat.ChatCompletionChunk, Chat.ChatStreamError),
      endsWith: "done",
      request: (body) => streamed("/chat/completions", body)
    })
    const embeddingsCreate = http.operation({
      name: "embeddings.create",
      method: "POST",
      idempotent: true,
      policy: policyFor("embeddings.create"),
      input: Embeddings.CreateEmbeddingParams,
      output: Embeddings.CreateEmbeddingResponse,
      request: (body) => json("/embeddings", body)
    })
    const transcriptionsCreate = http.operation({
      name: "audio.transcriptions.create",
      method: "POST",
      idempotent: true,
      policy: policyFor("audio.transcriptions.create"),
      input: Audio.CreateTranscriptionParams,
      output: Audio.Transcription,
      request: (params) => ({
        path: "/audio/transcriptions",
        body: { _tag: "Multipart", form: Audio.toFormData(params) }
      })
    })
    const modelsList = http.operation({
      name: "models.list",
      method: "GET",
      policy: policyFor("models.list"),
      input: EmptyParams,
      output: Models.ListModelsResponse,
      request: () => ({ path: "/models" })
    })

    type ResponseWireEvent = typeof ResponseStream.ResponseStreamWireEvent.Type
    type ResponseErrorEvent = typeof ResponseStream.ResponseErrorEvent.Type
    type ChatStreamError = typeof Chat.ChatStreamError.Type
    const isResponseError = (event: ResponseWireEvent): event is ResponseErrorEvent => event.type === "error"
    const isChatError = (event: Chat.ChatCompletionChunk | ChatStreamError): event is ChatStreamError => "error" in event

    const service: Api.Service = {
      vendor,
      responses: {
        create: (params, callOptions) => variantFor(params).create(params, callOptions),
        stream: (params, callOptions) =>
          variantFor(params).stream(params, callOptions).pipe(
            failOn(vendor, "responses.stream", isResponseError, (event) => ({ code: event.code, param: event.param }))
          )
      },
      chat: {
        completions: {
          create: chatCreate,
          stream: (params, callOptions) =>
            chatStream(params, callOptions).pipe(
              failOn(vendor, "chat.completions.stream", isChatError, (event) => event.error)
            )
        }
      },
      embeddings: { create: embeddingsCreate },
      audio: { transcriptions: { create: transcriptionsCreate } },
      models: { list: (callOptions) => modelsList({}, callOptions) },
      healthCheck: Effect.asVoid(modelsList({}, { policy: { maxRetries: 0 } }))
    }
    return service
  })

/** A scoped layer for `tag` over a service builder, registering the health check under the vendor's name. */
export const layerFor = <I>(
  tag: Context.Tag<I, Api.Service>,
  build: Effect.Effect<Api.Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>
): Layer.Layer<I, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(tag, Effect.tap(build, (service) => Health.register(Health.check(service.vendor, service.healthCheck))))

/** Drops keys whose value is `undefined`, so that an override left unset does not erase what the environment gave. */
export const definedOnly = <A extends object>(value: A): Partial<A> =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<A>
