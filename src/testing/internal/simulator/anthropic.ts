/**
 * Anthropic Messages: `POST /v1/messages` (plain and streamed: message_start, content_block_start, ping,
 * content_block_delta, content_block_stop, message_delta, message_stop) and token counting. Requires
 * `anthropic-version` and `x-api-key`; answers carry `request-id` and `anthropic-ratelimit-*` headers, errors are
 * `{type:"error", error:{type, message}, request_id}` (529 `overloaded_error` when the vendor is overloaded). Models
 * list with Anthropic's `after_id`/`before_id` cursors.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse, SseEvent } from "./http.js"
import { header, isRecord, json, jsonBody, rejected, sse } from "./http.js"
import * as Llm from "./llm.js"
import type { Shared, VendorModule } from "./state.js"

const versions = ["2023-06-01", "2023-01-01"]

const errorTypes: Record<number, readonly [string, string]> = {
  400: ["invalid_request_error", "Invalid request."],
  401: ["authentication_error", "invalid x-api-key"],
  402: ["billing_error", "Your credit balance is too low to access the Anthropic API."],
  403: ["permission_error", "Your API key does not have permission to use the specified resource."],
  404: ["not_found_error", "Not found"],
  413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
  429: ["rate_limit_error", "Number of requests has exceeded your per-minute rate limit."],
  500: ["api_error", "Internal server error"],
  504: ["timeout_error", "Request timed out"],
  529: ["overloaded_error", "Overloaded"]
}

const errorBody = (request: SimRequest, type: string, message: string) => ({
  type: "error",
  error: { type, message },
  request_id: request.requestId
})

// Newest first, as Anthropic lists them.
const models = [
  ["claude-opus-4-1-20250805", "Claude Opus 4.1", "2025-08-05T00:00:00Z"],
  ["claude-opus-4-20250514", "Claude Opus 4", "2025-05-22T00:00:00Z"],
  ["claude-sonnet-4-20250514", "Claude Sonnet 4", "2025-05-22T00:00:00Z"],
  ["claude-3-7-sonnet-20250219", "Claude Sonnet 3.7", "2025-02-24T00:00:00Z"],
  ["claude-3-5-haiku-20241022", "Claude Haiku 3.5", "2024-10-22T00:00:00Z"]
].map(([id, display_name, created_at]) => ({
  type: "model",
  id: id!,
  display_name: display_name!,
  created_at: created_at!,
  capabilities: null,
  max_input_tokens: 200_000,
  max_tokens: 32_000
}))

/** @internal */
export const make = (shared: Shared): VendorModule<"anthropic"> => {
  const invalid = (request: SimRequest, message: string): SimResponse =>
    rejected(400, errorBody(request, "invalid_request_error", message))

  /** The request body checked as Anthropic does, or its error. */
  const params = (request: SimRequest, needMaxTokens: boolean): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(request, "There was an error parsing the body of your request.")
    const input = parsed.value
    if (typeof input.model !== "string" || input.model === "") return invalid(request, "model: Field required")
    if (needMaxTokens && (typeof input.max_tokens !== "number" || !Number.isInteger(input.max_tokens) || input.max_tokens < 1)) {
      return invalid(request, "max_tokens: Field required")
    }
    if (!Array.isArray(input.messages) || input.messages.length === 0) {
      return invalid(request, "messages: at least one message is required")
    }
    const first = input.messages[0]
    if (!isRecord(first) || first.role !== "user") return invalid(request, "messages: first message must use the \"user\" role")
    return input
  }

  const isResponse = (value: Record<string, unknown> | SimResponse): value is SimResponse => "_tag" in value && "status" in value

  const promptOf = (input: Record<string, unknown>) =>
    [Llm.contentText(input.system), ...(input.messages as Array<unknown>).map((m) => isRecord(m) ? Llm.contentText(m.content) : "")]
      .join("\n")

  const messages = (request: SimRequest): SimResponse => {
    const input = params(request, true)
    if (isResponse(input)) return input
    const all = input.messages as Array<unknown>
    const last = [...all].reverse().find((m) => isRecord(m) && m.role === "user")
    const { cut, text } = Llm.limitTokens(Llm.reply(isRecord(last) ? Llm.contentText(last.content) : ""), input.max_tokens as number)
    const tools = Array.isArray(input.tools) ? input.tools.filter(isRecord) : []
    const choice = input.tool_choice
    const toolName = isRecord(choice) && choice.type === "tool" && typeof choice.name === "string"
      ? choice.name
      : isRecord(choice) && choice.type === "any" && typeof tools[0]?.name === "string"
      ? tools[0].name
      : undefined
    const id = `msg_01${shared.id("", 22)}`
    const inputTokens = Llm.tokens(promptOf(input))
    const outputTokens = Llm.tokens(text)
    const stopReason = toolName !== undefined ? "tool_use" : cut ? "max_tokens" : "end_turn"
    const toolBlock = toolName === undefined
      ? undefined
      : { type: "tool_use", id: `toolu_01${shared.id("", 22)}`, name: toolName, input: {}, caller: { type: "direct" } }
    const usage = (output: number) => ({
      input_tokens: inputTokens,
      output_tokens: output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: 0 },
      server_tool_use: null,
      service_tier: "standard",
      inference_geo: null
    })
    const message = (content: ReadonlyArray<unknown>, stop: string | null, output: number) => ({
      id,
      type: "message",
      role: "assistant",
      model: input.model,
      content,
      stop_reason: stop,
      stop_sequence: null,
      stop_details: null,
      usage: usage(output),
      container: null
    })
    if (input.stream !== true) {
      return json(200, message(toolBlock === undefined ? [{ type: "text", text, citations: null }] : [toolBlock], stopReason, outputTokens))
    }
    const event = (type: string, fields: Record<string, unknown> = {}): SseEvent => ({
      _tag: "Json",
      event: type,
      data: { type, ...fields }
    })
    const block: ReadonlyArray<SseEvent> = toolBlock === undefined
      ? [
        event("content_block_start", { index: 0, content_block: { type: "text", text: "", citations: null } }),
        event("ping"),
        ...Llm.chunks(text).map((piece) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text: piece } }))
      ]
      : [
        event("content_block_start", { index: 0, content_block: { ...toolBlock, input: {} } }),
        event("ping"),
        event("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: "{}" } })
      ]
    return sse([
      event("message_start", { message: message([], null, 1) }),
      ...block,
      event("content_block_stop", { index: 0 }),
      event("message_delta", {
        delta: { stop_reason: stopReason, stop_sequence: null, stop_details: null, container: null },
        usage: {
          input_tokens: inputTokens,
          output_tokens: outputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          server_tool_use: null
        }
      }),
      event("message_stop")
    ])
  }

  const countTokens = (request: SimRequest): SimResponse => {
    const input = params(request, false)
    return isResponse(input) ? input : json(200, { input_tokens: Llm.tokens(promptOf(input)) })
  }

  const listModels = (request: SimRequest): SimResponse => {
    const rawLimit = request.query.get("limit")
    const limit = rawLimit === null ? 20 : Number(rawLimit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid(request, "limit: Input should be between 1 and 1000")
    const afterId = request.query.get("after_id")
    const beforeId = request.query.get("before_id")
    const cursor = afterId ?? beforeId
    const at = cursor === null ? -1 : models.findIndex((m) => m.id === cursor)
    if (cursor !== null && at < 0) return invalid(request, `${afterId === null ? "before_id" : "after_id"}: unknown model id`)
    const page = beforeId !== null && afterId === null
      ? models.slice(Math.max(0, at - limit), at)
      : models.slice(at + 1, at + 1 + limit)
    const hasMore = beforeId !== null && afterId === null
      ? at - limit > 0
      : at + 1 + limit < models.length
    return json(200, { data: page, first_id: page[0]?.id ?? null, last_id: page[page.length - 1]?.id ?? null, has_more: hasMore })
  }

  return {
    vendor: "anthropic",
    handlers: {
      "GET /v1/models": (request) => Effect.sync(() => listModels(request)),
      "POST /v1/messages": (request) => Effect.sync(() => messages(request)),
      "POST /v1/messages/count_tokens": (request) => Effect.sync(() => countTokens(request))
    },
    authenticate: (request) => {
      const version = header(request, "anthropic-version")
      if (version === undefined) return json(400, errorBody(request, "invalid_request_error", "anthropic-version: header is required"))
      if (!versions.includes(version)) {
        return json(400, errorBody(request, "invalid_request_error", `anthropic-version: "${version}" is not a valid version`))
      }
      const key = header(request, "x-api-key")
      if (key === undefined || key === "") return json(401, errorBody(request, "authentication_error", "x-api-key header is required"))
      const accepted = shared.keys("anthropic")
      const ok = accepted === undefined ? key.startsWith("sk-ant-") : accepted.includes(key)
      return ok ? undefined : json(401, errorBody(request, "authentication_error", "invalid x-api-key"))
    },
    error: (request, status, message) => {
      const [type, text] = errorTypes[status] ?? (status >= 500 ? errorTypes[500]! : errorTypes[400]!)
      return json(status, errorBody(request, type, message ?? text))
    },
    notFound: (request) => json(404, errorBody(request, "not_found_error", "Not Found")),
    headers: (request) => ({ "request-id": request.requestId, "anthropic-organization-id": "5a1a7000-0000-4000-8000-000000000000" }),
    requestId: () => shared.id("req_011C", 20),
    rateLimit: {
      limit: 4_000,
      windowMs: 60_000,
      headers: (state) => {
        const reset = new Date(state.now + state.resetMs).toISOString().replace(/\.\d{3}Z$/, "Z")
        const tokens = (kind: string, limit: number) => ({
          [`anthropic-ratelimit-${kind}-limit`]: String(limit),
          [`anthropic-ratelimit-${kind}-remaining`]: String(Math.floor(limit * state.remaining / state.limit)),
          [`anthropic-ratelimit-${kind}-reset`]: reset
        })
        return {
          "anthropic-ratelimit-requests-limit": String(state.limit),
          "anthropic-ratelimit-requests-remaining": String(state.remaining),
          "anthropic-ratelimit-requests-reset": reset,
          ...tokens("tokens", state.limit * 100),
          ...tokens("input-tokens", state.limit * 80),
          ...tokens("output-tokens", state.limit * 20)
        }
      }
    },
    reset: () => undefined
  }
}
