/** The body of `AnthropicClient.make`: one HttpIntegration for Anthropic and the operations declared over it. */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Credentials from "../../../core/Credentials.js"
import * as Health from "../../../core/Health.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as Validation from "../../../core/internal/policyValidation.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as Telemetry from "../../../core/Telemetry.js"
import type * as Api from "../AnthropicClient.js"
import * as AnthropicError from "../AnthropicError.js"
import * as AnthropicRateLimits from "../AnthropicRateLimits.js"
import * as Messages from "../resources/Messages.js"
import * as MessageStream from "../resources/MessageStream.js"
import * as Models from "../resources/Models.js"

export const VENDOR = "Anthropic"
export const DEFAULT_BASE_URL = "https://api.anthropic.com"
export const DEFAULT_VERSION = "2023-06-01"
// Anthropic sends `ping` events while a long answer is produced, so a minute of silence means a stuck stream.
const DEFAULT_STREAM_IDLE = "60 seconds"
const LIST_PAGE_SIZE = 100

/** Anthropic's SDKs retry twice, from 0.5 s doubling to 8 s with up to 25 % jitter, honouring `retry-after`. */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  maxRetries: 2,
  baseDelay: "500 millis",
  maxDelay: "8 seconds",
  factor: 2,
  jitter: 0.25,
  maxRetryAfter: "60 seconds",
  timeout: "60 seconds"
}

/**
 * Defaults per operation, before the caller's client-wide `policy`. A non-streamed message may take minutes (the SDKs
 * wait 10); a stream's timeout covers the wait for its response headers only.
 */
export const operationPolicyTable = {
  "messages.create": { timeout: "10 minutes" },
  // A stream's whole size counts against `maxResponseBytes`: 128k output tokens of deltas can pass the kernel's 10 MiB.
  "messages.stream": { timeout: "60 seconds", maxResponseBytes: 64 * 1024 * 1024 },
  "messages.countTokens": { timeout: "60 seconds" },
  "models.list": { timeout: "30 seconds" }
} as const satisfies Record<string, HttpIntegration.PolicyInput>

const json = (path: string, body: unknown): HttpIntegration.RequestParts => ({ path, body: { _tag: "Json", value: body } })

/** The event name is authoritative when a payload lacks its `type` (the SSE `event:` line carries it too). */
const parseEvent = (event: HttpIntegration.ServerSentEvent): HttpIntegration.SseStep => {
  if (event.data.trim() === "") return { _tag: "Skip" }
  try {
    const parsed: unknown = JSON.parse(event.data)
    const untyped = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) && !("type" in parsed)
    if (untyped && event.event !== "") {
      return { _tag: "Decode", json: { ...parsed, type: event.event } }
    }
    return { _tag: "Decode", json: parsed }
  } catch {
    return { _tag: "Decode", json: event.data }
  }
}

type WireEvent = typeof MessageStream.MessageStreamWireEvent.Type
type ErrorEvent = typeof MessageStream.ErrorEvent.Type

const isErrorEvent = (event: WireEvent): event is ErrorEvent => event.type === "error"

/**
 * Fails the stream on an `error` event. The operation's span still ends with this error (the stream's scope closes
 * with it), but the kernel's failure counter never sees it, so it is counted here with the same metric and tags.
 */
const failOnErrorEvent = (operation: string) =>
(stream: Stream.Stream<WireEvent, IntegrationError>): Stream.Stream<MessageStream.MessageStreamEvent, IntegrationError> =>
  Stream.mapEffect(stream, (event) => {
    if (!isErrorEvent(event)) return Effect.succeed(event)
    const error = AnthropicError.streamError(VENDOR, operation, event.error)
    return Effect.zipRight(
      Metric.increment(
        Metric.tagged(Metric.tagged(Telemetry.failures, Telemetry.Tag.vendor, VENDOR), Telemetry.Tag.reason, error.reason)
      ),
      Effect.fail(error)
    )
  })

export const make = (options: Api.Options) =>
  Effect.gen(function*() {
    yield* Validation.check(VENDOR, Validation.fields("", options, { streamIdleTimeout: Validation.positiveDuration }))
    const headers: Record<string, string> = {
      ...options.headers,
      "anthropic-version": options.version ?? DEFAULT_VERSION
    }
    if (options.betas !== undefined && options.betas.length > 0) headers["anthropic-beta"] = options.betas.join(",")
    const http = yield* HttpIntegration.make({
      vendor: VENDOR,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: HttpIntegration.header(
        "x-api-key",
        Redacted.isRedacted(options.apiKey) ? Credentials.fixed(options.apiKey) : options.apiKey
      ),
      headers,
      policy: { ...defaultPolicy, ...options.policy },
      dialect: { requestIdHeaders: ["request-id"], refineError: AnthropicError.refineError, rateLimitHeaders: AnthropicRateLimits.parse },
      observeResponse: options.observeResponse,
      attemptPolicy: options.attemptPolicy
    })
    const policyFor = (operation: keyof typeof operationPolicyTable): HttpIntegration.PolicyInput => ({
      ...operationPolicyTable[operation],
      ...options.policy
    })

    // Messages have no server-side effect besides their cost, so they are repeated on retryable failures as the SDKs do.
    const create = http.operation({
      name: "messages.create",
      method: "POST",
      idempotent: true,
      policy: policyFor("messages.create"),
      input: Messages.MessageCreateParams,
      output: Messages.Message,
      request: (body) => json("/v1/messages", body)
    })
    const stream = http.streamOperation({
      name: "messages.stream",
      method: "POST",
      idempotent: true,
      idleTimeout: options.streamIdleTimeout ?? DEFAULT_STREAM_IDLE,
      policy: policyFor("messages.stream"),
      input: Messages.MessageCreateParams,
      event: MessageStream.MessageStreamWireEvent,
      parse: parseEvent,
      // `message_stop` (or an `error` event) ends a whole message; a body ending before it is a cut stream.
      endsWith: (event) => event.type === "message_stop" || event.type === "error",
      request: (body) => json("/v1/messages", { ...body, stream: true })
    })
    const countTokens = http.operation({
      name: "messages.countTokens",
      method: "POST",
      idempotent: true,
      policy: policyFor("messages.countTokens"),
      input: Messages.CountTokensParams,
      output: Messages.CountTokensResponse,
      request: (body) => json("/v1/messages/count_tokens", body)
    })
    const listModels = http.operation({
      name: "models.list",
      method: "GET",
      policy: policyFor("models.list"),
      input: Models.ListModelsParams,
      output: Models.ListModelsResponse,
      request: (query) => ({ path: "/v1/models", query })
    })

    const service: Api.Service = {
      messages: {
        create,
        stream: (params, callOptions) => stream(params, callOptions).pipe(failOnErrorEvent("messages.stream")),
        countTokens
      },
      models: {
        list: (params = {}, callOptions) => listModels(params, callOptions),
        listAll: (callOptions) =>
          Pagination.cursor({
            vendor: VENDOR,
            operation: "models.list",
            fetch: (after: Option.Option<string>) =>
              Effect.map(
                listModels(
                  { limit: LIST_PAGE_SIZE, ...(Option.isSome(after) ? { after_id: after.value } : {}) },
                  callOptions
                ),
                (page) => Pagination.page(page.data, page.has_more ? page.last_id : undefined)
              )
          })
      },
      healthCheck: Effect.asVoid(listModels({ limit: 1 }, { policy: { maxRetries: 0 } }))
    }
    return service
  })

/** A scoped layer over a service builder, registering the health check as `Anthropic`. */
export const layerFor = <I>(
  tag: Context.Tag<I, Api.Service>,
  build: Effect.Effect<Api.Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>
): Layer.Layer<I, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(tag, Effect.tap(build, (service) => Health.register(Health.check(VENDOR, service.healthCheck))))
