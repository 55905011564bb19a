/**
 * OpenAI under `/v1`: Responses and Chat Completions (plain and streamed as server-sent events), embeddings, audio
 * transcriptions (multipart) and the model list, with `x-request-id`, `x-ratelimit-*` headers and OpenAI's error
 * bodies (`{error:{message,type,param,code}}`). Replies are deterministic and name the prompt they answer.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse, SseEvent } from "./http.js"
import { bearer, isRecord, json, jsonBody, maskKey, multipartBody, rejected, sse, text, unixSeconds } from "./http.js"
import * as Llm from "./llm.js"
import type { Shared, VendorModule } from "./state.js"

const errorBody = (message: string, type: string, param: string | null = null, code: string | null = null) => ({
  error: { message, type, param, code }
})

const invalid = (message: string, param: string | null = null, code: string | null = null): SimResponse =>
  rejected(400, errorBody(message, "invalid_request_error", param, code))

const models = [
  { id: "gpt-4o", created: 1715367049 },
  { id: "gpt-4o-mini", created: 1721172741 },
  { id: "gpt-4.1", created: 1744316542 },
  { id: "o3-mini", created: 1737146383 },
  { id: "text-embedding-3-small", created: 1705948997 },
  { id: "text-embedding-3-large", created: 1705953180 },
  { id: "whisper-1", created: 1677532384 }
]

type Body = Record<string, unknown>

/** The JSON body as an object, or the error OpenAI answers for a body it cannot parse. */
const body = (request: SimRequest): Body | SimResponse => {
  const parsed = jsonBody(request)
  if (!parsed.ok || !isRecord(parsed.value)) {
    return invalid(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
    )
  }
  return parsed.value
}

const isResponse = (value: Body | SimResponse): value is SimResponse => "_tag" in value && "status" in value

const needModel = (input: Body): SimResponse | undefined =>
  typeof input.model === "string" && input.model !== ""
    ? undefined
    : invalid("you must provide a model parameter", null, null)

/** @internal */
export const make = (shared: Shared): VendorModule<"openai"> => {
  const usage = (prompt: number, completion: number) => ({
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 }
  })

  const chat = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const problem = needModel(input)
    if (problem !== undefined) return problem
    const messages = input.messages
    if (!Array.isArray(messages) || messages.length === 0) {
      return invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter")
    }
    const prompt = messages.map((m) => isRecord(m) ? Llm.contentText(m.content) : "").join("\n")
    const lastUser = [...messages].reverse().find((m) => isRecord(m) && m.role === "user")
    const maxTokens = typeof input.max_completion_tokens === "number"
      ? input.max_completion_tokens
      : typeof input.max_tokens === "number"
      ? input.max_tokens
      : undefined
    const { cut, text: content } = Llm.limitTokens(Llm.reply(isRecord(lastUser) ? Llm.contentText(lastUser.content) : ""), maxTokens)
    const tools = Array.isArray(input.tools) ? input.tools.filter(isRecord) : []
    const choice = input.tool_choice
    const forced = isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === "string"
      ? choice.function.name
      : choice === "required" && isRecord(tools[0]?.function) && typeof tools[0].function.name === "string"
      ? tools[0].function.name
      : undefined
    const id = `chatcmpl-${shared.id("", 29)}`
    const created = unixSeconds(request.now)
    const model = input.model as string
    const promptTokens = Llm.tokens(prompt)
    const completionTokens = Llm.tokens(content)
    const n = typeof input.n === "number" && input.n > 1 ? Math.min(input.n, 8) : 1
    const toolCall = forced === undefined
      ? undefined
      : { id: `call_${shared.id("", 24)}`, type: "function", function: { name: forced, arguments: "{}" } }
    const finish = toolCall !== undefined ? "tool_calls" : cut ? "length" : "stop"
    if (input.stream === true) {
      const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
        _tag: "Json" as const,
        data: {
          id,
          object: "chat.completion.chunk",
          created,
          model,
          system_fingerprint: "fp_simulator",
          choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }]
        }
      })
      const events: Array<SseEvent> = [chunk({ role: "assistant", content: toolCall === undefined ? "" : null, refusal: null }, null)]
      if (toolCall !== undefined) {
        events.push(chunk({ tool_calls: [{ index: 0, ...toolCall }] }, null))
      } else {
        for (const piece of Llm.chunks(content)) events.push(chunk({ content: piece }, null))
      }
      events.push(chunk({}, finish))
      const streamOptions = input.stream_options
      if (isRecord(streamOptions) && streamOptions.include_usage === true) {
        events.push({
          _tag: "Json",
          data: { id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_simulator", choices: [], usage: usage(promptTokens, completionTokens) }
        })
      }
      events.push({ _tag: "Raw", data: "[DONE]" })
      return sse(events)
    }
    return json(200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: Array.from({ length: n }, (_, index) => ({
        index,
        message: {
          role: "assistant",
          content: toolCall === undefined ? content : null,
          refusal: null,
          annotations: [],
          ...(toolCall === undefined ? {} : { tool_calls: [toolCall] })
        },
        logprobs: null,
        finish_reason: finish
      })),
      usage: usage(promptTokens, completionTokens * n),
      service_tier: "default",
      system_fingerprint: "fp_simulator"
    })
  }

  const inputText = (input: unknown): string => {
    if (typeof input === "string") return input
    if (!Array.isArray(input)) return ""
    const items = input.filter(isRecord)
    const last = [...items].reverse().find((item) => item.role === "user") ?? items[items.length - 1]
    return last === undefined ? "" : Llm.contentText(last.content)
  }

  const responses = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const problem = needModel(input)
    if (problem !== undefined) return problem
    if (input.input === undefined && input.prompt === undefined && input.previous_response_id === undefined) {
      return invalid("Missing required parameter: 'input'.", "input", "missing_required_parameter")
    }
    const prompt = inputText(input.input)
    const maxTokens = typeof input.max_output_tokens === "number" ? input.max_output_tokens : undefined
    const { cut, text: content } = Llm.limitTokens(Llm.reply(prompt), maxTokens)
    const id = `resp_${shared.id("", 48, "0123456789abcdef")}`
    const messageId = `msg_${shared.id("", 48, "0123456789abcdef")}`
    const created = unixSeconds(request.now)
    const inputTokens = Llm.tokens(`${typeof input.instructions === "string" ? input.instructions : ""}${prompt}`)
    const outputTokens = Llm.tokens(content)
    const part = (value: string) => ({ type: "output_text", text: value, annotations: [], logprobs: [] })
    const message = (status: string, parts: ReadonlyArray<unknown>) => ({ id: messageId, type: "message", status, role: "assistant", content: parts })
    const response = (status: string, output: ReadonlyArray<unknown>, done: boolean) => ({
      id,
      object: "response",
      created_at: created,
      status,
      completed_at: done ? created : null,
      error: null,
      incomplete_details: cut && done ? { reason: "max_output_tokens" } : null,
      instructions: typeof input.instructions === "string" ? input.instructions : null,
      max_output_tokens: maxTokens ?? null,
      model: input.model,
      output,
      parallel_tool_calls: true,
      previous_response_id: typeof input.previous_response_id === "string" ? input.previous_response_id : null,
      reasoning: { effort: null, summary: null },
      service_tier: "default",
      store: input.store !== false,
      temperature: typeof input.temperature === "number" ? input.temperature : 1,
      text: { format: { type: "text" }, verbosity: "medium" },
      tool_choice: "auto",
      tools: [],
      top_p: typeof input.top_p === "number" ? input.top_p : 1,
      truncation: "disabled",
      metadata: isRecord(input.metadata) ? input.metadata : {},
      ...(done
        ? {
          usage: {
            input_tokens: inputTokens,
            input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inputTokens + outputTokens
          }
        }
        : {})
    })
    const finalStatus = cut ? "incomplete" : "completed"
    const completed = response(finalStatus, [message(finalStatus, [part(content)])], true)
    if (input.stream !== true) return json(200, completed)
    let sequence = 0
    const event = (type: string, fields: Record<string, unknown>): SseEvent => ({
      _tag: "Json",
      event: type,
      data: { type, sequence_number: sequence++, ...fields }
    })
    const position = { item_id: messageId, output_index: 0, content_index: 0 }
    const pieces = Llm.chunks(content)
    return sse([
      event("response.created", { response: response("in_progress", [], false) }),
      event("response.in_progress", { response: response("in_progress", [], false) }),
      event("response.output_item.added", { output_index: 0, item: message("in_progress", []) }),
      event("response.content_part.added", { ...position, part: part("") }),
      ...pieces.map((delta) => event("response.output_text.delta", { ...position, delta, logprobs: [] })),
      event("response.output_text.done", { ...position, text: content, logprobs: [] }),
      event("response.content_part.done", { ...position, part: part(content) }),
      event("response.output_item.done", { output_index: 0, item: message(finalStatus, [part(content)]) }),
      event(cut ? "response.incomplete" : "response.completed", { response: completed })
    ])
  }

  const embeddings = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const problem = needModel(input)
    if (problem !== undefined) return problem
    const raw = input.input
    const texts: ReadonlyArray<string> | undefined = typeof raw === "string"
      ? [raw]
      : Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === "string")
      ? raw as ReadonlyArray<string>
      : Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === "number")
      ? [raw.join(",")]
      : Array.isArray(raw) && raw.length > 0 && raw.every((x) => Array.isArray(x))
      ? raw.map((x) => (x as Array<unknown>).join(","))
      : undefined
    if (texts === undefined || texts.some((t) => t === "")) {
      return invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input")
    }
    const model = input.model as string
    const dimensions = typeof input.dimensions === "number" && input.dimensions > 0
      ? Math.min(input.dimensions, 3072)
      : model.includes("3-large")
      ? 3072
      : 1536
    const base64 = input.encoding_format === "base64"
    const promptTokens = texts.reduce((sum, t) => sum + Llm.tokens(t), 0)
    return json(200, {
      object: "list",
      data: texts.map((t, index) => {
        const vector = Llm.embedding(t, dimensions)
        return {
          object: "embedding",
          index,
          embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector
        }
      }),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens }
    })
  }

  const transcription = (request: SimRequest): Effect.Effect<SimResponse> =>
    Effect.map(multipartBody(request), (form) => {
      if (form === undefined) return invalid("Could not parse multipart form", null, null)
      const file = form.get("file")
      if (file === null || typeof file === "string") {
        return invalid("Missing required parameter: 'file'.", "file", "missing_required_parameter")
      }
      const model = form.get("model")
      if (typeof model !== "string" || model === "") return invalid("you must provide a model parameter")
      const format = form.get("response_format") ?? "json"
      const seconds = Math.max(1, Math.round(file.size / 16_000))
      const transcript = `Simulated transcription of ${file.name || "audio"} (${file.size} bytes).`
      switch (format) {
        case "text":
          return text(200, `${transcript}\n`)
        case "srt":
          return text(200, `1\n00:00:00,000 --> 00:00:0${Math.min(seconds, 9)},000\n${transcript}\n`)
        case "vtt":
          return text(200, `WEBVTT\n\n00:00:00.000 --> 00:00:0${Math.min(seconds, 9)}.000\n${transcript}\n`, "text/vtt; charset=utf-8")
        case "verbose_json":
          return json(200, {
            task: "transcribe",
            language: "english",
            duration: seconds,
            text: transcript,
            segments: [{ id: 0, seek: 0, start: 0, end: seconds, text: transcript, tokens: [], temperature: 0, avg_logprob: -0.2, compression_ratio: 1, no_speech_prob: 0 }],
            usage: { type: "duration", seconds }
          })
        default:
          return json(200, { text: transcript, usage: { type: "duration", seconds } })
      }
    })

  return {
    vendor: "openai",
    handlers: {
      "POST /v1/responses": (request) => Effect.sync(() => responses(request)),
      "POST /v1/chat/completions": (request) => Effect.sync(() => chat(request)),
      "POST /v1/embeddings": (request) => Effect.sync(() => embeddings(request)),
      "POST /v1/audio/transcriptions": transcription,
      "GET /v1/models": () =>
        Effect.succeed(json(200, {
          object: "list",
          data: models.map((m) => ({ id: m.id, object: "model", created: m.created, owned_by: "system" }))
        }))
    },
    authenticate: (request) => {
      const key = bearer(request)
      if (key === undefined || key === "") {
        return json(401, errorBody(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
          "invalid_request_error"
        ))
      }
      const accepted = shared.keys("openai")
      const ok = accepted === undefined ? key.startsWith("sk-") : accepted.includes(key)
      return ok ? undefined : json(401, errorBody(
        `Incorrect API key provided: ${maskKey(key, 3)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        "invalid_request_error",
        null,
        "invalid_api_key"
      ))
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return json(401, errorBody(message ?? "Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"))
        case 404:
          return json(404, errorBody(message ?? "The model does not exist or you do not have access to it.", "invalid_request_error", null, "model_not_found"))
        case 429:
          return json(429, errorBody(message ?? "Rate limit reached for requests. Please try again later.", "requests", null, "rate_limit_exceeded"))
        case 503:
          return json(503, errorBody(message ?? "The engine is currently overloaded, please try again later", "server_error"))
        default:
          return status >= 500
            ? json(status, errorBody(message ?? "The server had an error while processing your request. Sorry about that!", "server_error"))
            : json(status, errorBody(message ?? "Invalid request.", "invalid_request_error"))
      }
    },
    notFound: (request) => json(404, errorBody(`Invalid URL (${request.method} ${request.path})`, "invalid_request_error")),
    headers: (request) => ({
      "x-request-id": request.requestId,
      "openai-version": "2020-10-01",
      "openai-organization": "org-simulator",
      "openai-processing-ms": "12"
    }),
    requestId: () => shared.id("req_", 32, "0123456789abcdef"),
    rateLimit: {
      limit: 10_000,
      windowMs: 60_000,
      headers: (state) => {
        const tokenLimit = state.limit * 200
        return {
          "x-ratelimit-limit-requests": String(state.limit),
          "x-ratelimit-remaining-requests": String(state.remaining),
          "x-ratelimit-reset-requests": Llm.openAiDuration(state.resetMs),
          "x-ratelimit-limit-tokens": String(tokenLimit),
          "x-ratelimit-remaining-tokens": String(Math.floor(tokenLimit * state.remaining / state.limit)),
          "x-ratelimit-reset-tokens": Llm.openAiDuration(state.resetMs)
        }
      }
    },
    reset: () => undefined
  }
}
