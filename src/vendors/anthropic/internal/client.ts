/** Anthropic's operations on its pipeline, and how its stream events are read. */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type * as Api from "../AnthropicClient.js"
import * as AnthropicError from "../AnthropicError.js"
import * as Messages from "../resources/Messages.js"
import * as MessageStream from "../resources/MessageStream.js"
import * as Models from "../resources/Models.js"

const LIST_PAGE_SIZE = 100

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

export const operations = (http: HttpIntegration.HttpIntegration): Api.Service => {
  const vendor = http.vendor
  // Messages have no server-side effect besides their cost, so they are repeated on retryable failures as the SDKs do.
  const create = http.operation({
    name: "messages.create",
    method: "POST",
    idempotent: true,
    input: Messages.MessageCreateParams,
    output: Messages.Message,
    request: (body) => ({ path: "/v1/messages", body: HttpIntegration.json(body) })
  })
  const stream = http.streamOperation({
    name: "messages.stream",
    method: "POST",
    idempotent: true,
    input: Messages.MessageCreateParams,
    event: MessageStream.MessageStreamWireEvent,
    parse: parseEvent,
    // `message_stop` (or an `error` event) ends a whole message; a body ending before it is a cut stream.
    endsWith: (event) => event.type === "message_stop" || event.type === "error",
    request: (body) => ({ path: "/v1/messages", body: HttpIntegration.json({ ...body, stream: true }) })
  })
  const countTokens = http.operation({
    name: "messages.countTokens",
    method: "POST",
    idempotent: true,
    input: Messages.CountTokensParams,
    output: Messages.CountTokensResponse,
    request: (body) => ({ path: "/v1/messages/count_tokens", body: HttpIntegration.json(body) })
  })
  const listModels = http.operation({
    name: "models.list",
    method: "GET",
    input: Models.ListModelsParams,
    output: Models.ListModelsResponse,
    request: (query) => ({ path: "/v1/models", query })
  })

  return {
    messages: {
      create,
      stream: (params, callOptions) =>
        stream(params, callOptions).pipe(
          VendorClient.failOnEvent(isErrorEvent, (event) => AnthropicError.streamError(vendor, "messages.stream", event.error))
        ),
      countTokens
    },
    models: {
      list: (params = {}, callOptions) => listModels(params, callOptions),
      listAll: (callOptions) =>
        Pagination.cursor({
          vendor,
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
}
