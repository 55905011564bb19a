import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const openai = (simulator: VendorSimulator.VendorSimulator.Service) => (path: string, json?: unknown) =>
  Http.send(`${simulator.baseUrl("openai")}${path}`, {
    headers: { authorization: "Bearer sk-simulator" },
    ...(json === undefined ? {} : { json })
  })

const anthropic = (simulator: VendorSimulator.VendorSimulator.Service, headers: Record<string, string> = {}) =>
(
  path: string,
  json: unknown
) =>
  Http.send(`${simulator.baseUrl("anthropic")}${path}`, {
    headers: { "x-api-key": "sk-ant-simulator", "anthropic-version": "2023-06-01", ...headers },
    json
  })

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

describe("VendorSimulator: OpenAI", () => {
  it.scoped("answers a chat completion valid against OpenAI's spec, naming the prompt", () =>
    Effect.gen(function*() {
      const call = openai(yield* VendorSimulator.make())
      const reply = yield* call("/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: "Say hi" }] })
      expect(reply.status).toBe(200)
      valid(Spec.response("openai", "POST", "/chat/completions", 200, reply.json))
      const body = reply.json as { choices: Array<{ message: { content: string }; finish_reason: string }>; usage: { total_tokens: number } }
      expect(body.choices[0]!.message.content).toContain("Say hi")
      expect(body.choices[0]!.finish_reason).toBe("stop")
      expect(reply.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/)
      expect(Number(reply.headers.get("x-ratelimit-remaining-requests"))).toBe(Number(reply.headers.get("x-ratelimit-limit-requests")) - 1)
      expect(reply.headers.get("x-ratelimit-reset-requests")).toMatch(/^\d+(ms|(\.\d+)?s|m\d+s)$/)
    }))

  it.scoped("streams a chat completion as data: chunks ending with [DONE]", () =>
    Effect.gen(function*() {
      const call = openai(yield* VendorSimulator.make())
      const reply = yield* call("/chat/completions", {
        model: "gpt-4o-mini",
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "Stream please" }]
      })
      expect(reply.headers.get("content-type")).toContain("text/event-stream")
      const events = Http.events(reply.text)
      expect(events[events.length - 1]!.data).toBe("[DONE]")
      const chunks = events.slice(0, -1).map((e) => JSON.parse(e.data) as { choices: Array<{ delta: { content?: string } }> })
      for (const chunk of chunks) valid(Spec.schema("openai", "CreateChatCompletionStreamResponse", chunk))
      const text = chunks.flatMap((c) => c.choices.map((choice) => choice.delta.content ?? "")).join("")
      expect(text).toContain("Stream please")
    }))

  it.scoped("answers the Responses API, plain and as typed stream events", () =>
    Effect.gen(function*() {
      const call = openai(yield* VendorSimulator.make())
      const plain = yield* call("/responses", { model: "gpt-4.1", input: "Tell me a fact" })
      valid(Spec.response("openai", "POST", "/responses", 200, plain.json))
      expect(plain.json).toMatchObject({ object: "response", status: "completed" })

      const streamed = yield* call("/responses", { model: "gpt-4.1", input: "Tell me a fact", stream: true })
      const events = Http.events(streamed.text)
      expect(events.map((e) => e.event)).toContain("response.output_text.delta")
      expect(events[0]!.event).toBe("response.created")
      expect(events[events.length - 1]!.event).toBe("response.completed")
      events.forEach((e, index) => {
        const data = JSON.parse(e.data) as { type: string; sequence_number: number }
        expect(data.type).toBe(e.event)
        expect(data.sequence_number).toBe(index)
        valid(Spec.schema("openai", "ResponseStreamEvent", data))
      })
      const deltas = events.filter((e) => e.event === "response.output_text.delta").map((e) => (JSON.parse(e.data) as { delta: string }).delta)
      const done = JSON.parse(events.find((e) => e.event === "response.output_text.done")!.data) as { text: string }
      expect(deltas.join("")).toBe(done.text)
    }))

  it.scoped("embeds deterministically, transcribes multipart audio and lists models", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = openai(simulator)
      const first = yield* call("/embeddings", { model: "text-embedding-3-small", input: ["hello", "world"], dimensions: 8 })
      valid(Spec.response("openai", "POST", "/embeddings", 200, first.json))
      const vectors = (first.json as { data: Array<{ embedding: Array<number> }> }).data.map((d) => d.embedding)
      expect(vectors).toHaveLength(2)
      expect(vectors[0]).toHaveLength(8)
      const again = yield* call("/embeddings", { model: "text-embedding-3-small", input: "hello", dimensions: 8 })
      expect((again.json as { data: Array<{ embedding: Array<number> }> }).data[0]!.embedding).toEqual(vectors[0])

      const form = new FormData()
      form.append("file", new Blob([new Uint8Array(32_000)], { type: "audio/wav" }), "note.wav")
      form.append("model", "whisper-1")
      const transcription = yield* Http.send(`${simulator.baseUrl("openai")}/audio/transcriptions`, {
        headers: { authorization: "Bearer sk-simulator" },
        body: form
      })
      expect(transcription.status).toBe(200)
      valid(Spec.response("openai", "POST", "/audio/transcriptions", 200, transcription.json))
      expect((transcription.json as { text: string }).text).toContain("note.wav")

      const noFile = new FormData()
      noFile.append("model", "whisper-1")
      const missing = yield* Http.send(`${simulator.baseUrl("openai")}/audio/transcriptions`, {
        headers: { authorization: "Bearer sk-simulator" },
        body: noFile
      })
      expect(missing.status).toBe(400)
      expect(missing.json).toMatchObject({ error: { param: "file", type: "invalid_request_error" } })

      const models = yield* call("/models")
      valid(Spec.response("openai", "GET", "/models", 200, models.json))
    }))

  it.scoped("calls the forced tool with a valid tool_calls answer", () =>
    Effect.gen(function*() {
      const call = openai(yield* VendorSimulator.make())
      const reply = yield* call("/chat/completions", {
        model: "gpt-4o",
        messages: [{ role: "user", content: "Weather?" }],
        tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } }],
        tool_choice: { type: "function", function: { name: "get_weather" } }
      })
      valid(Spec.response("openai", "POST", "/chat/completions", 200, reply.json))
      expect(reply.json).toMatchObject({
        choices: [{ finish_reason: "tool_calls", message: { content: null, tool_calls: [{ type: "function", function: { name: "get_weather", arguments: "{}" } }] } }]
      })
    }))

  it.scoped("rejects a bad key and a missing model with OpenAI's error body", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const unauthorized = yield* Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer wrong" } })
      expect(unauthorized.status).toBe(401)
      expect(unauthorized.json).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_api_key", param: null } })
      valid(Spec.schema("openai", "ErrorResponse", unauthorized.json))
      const noModel = yield* openai(simulator)("/chat/completions", { messages: [{ role: "user", content: "x" }] })
      expect(noModel.status).toBe(400)
      valid(Spec.schema("openai", "ErrorResponse", noModel.json))
    }))
})

describe("VendorSimulator: Anthropic", () => {
  it.scoped("lists models newest first, paging by after_id and before_id", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const list = (query: string) =>
        Effect.map(
          Http.send(`${simulator.baseUrl("anthropic")}/v1/models${query}`, {
            headers: { "x-api-key": "sk-ant-simulator", "anthropic-version": "2023-06-01" }
          }),
          (reply) => ({ status: reply.status, body: reply.json as { data: Array<Record<string, unknown>>; first_id: string | null; last_id: string | null; has_more: boolean } })
        )
      const first = yield* list("?limit=2")
      expect(first.status).toBe(200)
      valid(Spec.response("anthropic", "GET", "/v1/models", 200, first.body))
      expect(first.body.has_more).toBe(true)
      for (const model of first.body.data) {
        expect(Object.keys(model).sort()).toEqual(["capabilities", "created_at", "display_name", "id", "max_input_tokens", "max_tokens", "type"])
        expect(model.type).toBe("model")
      }
      expect(first.body.first_id).toBe(first.body.data[0]!.id)
      const second = yield* list(`?limit=2&after_id=${first.body.last_id}`)
      expect(second.body.data.map((m) => m.id)).not.toContain(first.body.data[1]!.id)
      const back = yield* list(`?limit=2&before_id=${second.body.first_id}`)
      expect(back.body.data.map((m) => m.id)).toEqual(first.body.data.map((m) => m.id))
      const all = yield* list("")
      expect(all.body.has_more).toBe(false)
      expect(all.body.data.map((m) => m.id)).toEqual([...first.body.data, ...second.body.data, ...all.body.data.slice(4)].map((m) => m.id))
      expect((yield* list("?after_id=nope")).status).toBe(400)
    }))

  it.scoped("answers a message valid against the spec, with request-id and rate-limit headers", () =>
    Effect.gen(function*() {
      const call = anthropic(yield* VendorSimulator.make())
      const reply = yield* call("/v1/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 256,
        messages: [{ role: "user", content: "Hello, Claude" }]
      })
      expect(reply.status).toBe(200)
      valid(Spec.response("anthropic", "POST", "/v1/messages", 200, reply.json))
      expect(reply.json).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn" })
      expect(JSON.stringify(reply.json)).toContain("Hello, Claude")
      expect(reply.headers.get("request-id")).toMatch(/^req_011C/)
      expect(reply.headers.get("anthropic-ratelimit-requests-remaining")).not.toBeNull()
      expect(Date.parse(reply.headers.get("anthropic-ratelimit-requests-reset")!)).not.toBeNaN()
    }))

  it.scoped("streams message_start, content blocks with a ping, message_delta and message_stop", () =>
    Effect.gen(function*() {
      const call = anthropic(yield* VendorSimulator.make())
      const reply = yield* call("/v1/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 256,
        stream: true,
        messages: [{ role: "user", content: "Stream it" }]
      })
      const events = Http.events(reply.text)
      const names = events.map((e) => e.event)
      expect(names[0]).toBe("message_start")
      expect(names).toContain("ping")
      expect(names.slice(-3)).toEqual(["content_block_stop", "message_delta", "message_stop"])
      for (const e of events) {
        const data = JSON.parse(e.data) as { type: string }
        expect(data.type).toBe(e.event)
        valid(Spec.schema("anthropic", "MessageStreamEvent", data))
      }
      const text = events.filter((e) => e.event === "content_block_delta")
        .map((e) => (JSON.parse(e.data) as { delta: { text: string } }).delta.text).join("")
      expect(text).toContain("Stream it")
    }))

  it.scoped("counts tokens, and requires anthropic-version and a key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const counted = yield* anthropic(simulator)("/v1/messages/count_tokens", {
        model: "claude-sonnet-4-5",
        messages: [{ role: "user", content: "Count these words please" }]
      })
      valid(Spec.response("anthropic", "POST", "/v1/messages/count_tokens", 200, counted.json))
      expect((counted.json as { input_tokens: number }).input_tokens).toBeGreaterThan(0)

      const noVersion = yield* Http.send(`${simulator.baseUrl("anthropic")}/v1/messages`, {
        headers: { "x-api-key": "sk-ant-simulator" },
        json: { model: "claude-sonnet-4-5", max_tokens: 5, messages: [{ role: "user", content: "x" }] }
      })
      expect(noVersion.status).toBe(400)
      valid(Spec.schema("anthropic", "ErrorResponse", noVersion.json))
      expect(noVersion.json).toMatchObject({ type: "error", error: { type: "invalid_request_error", message: "anthropic-version: header is required" } })

      const badKey = yield* anthropic(simulator, { "x-api-key": "nope" })("/v1/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 5,
        messages: [{ role: "user", content: "x" }]
      })
      expect(badKey.status).toBe(401)
      expect(badKey.json).toMatchObject({ type: "error", error: { type: "authentication_error" } })
      expect((badKey.json as { request_id: string }).request_id).toBe(badKey.headers.get("request-id"))
    }))

  it.scoped("uses the tool the request forces, with a valid tool_use block", () =>
    Effect.gen(function*() {
      const call = anthropic(yield* VendorSimulator.make())
      const reply = yield* call("/v1/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 100,
        tools: [{ name: "lookup", input_schema: { type: "object", properties: {} } }],
        tool_choice: { type: "tool", name: "lookup" },
        messages: [{ role: "user", content: "Look it up" }]
      })
      valid(Spec.response("anthropic", "POST", "/v1/messages", 200, reply.json))
      expect(reply.json).toMatchObject({ stop_reason: "tool_use", content: [{ type: "tool_use", name: "lookup", input: {} }] })
    }))

  it.scoped("answers 529 overloaded_error in Anthropic's shape when the plan says so", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: { rules: [{ kind: "status", vendor: "anthropic", status: 529, retryAfterSeconds: 3 }] }
      })
      const reply = yield* anthropic(simulator)("/v1/messages", {
        model: "claude-sonnet-4-5",
        max_tokens: 5,
        messages: [{ role: "user", content: "x" }]
      })
      expect(reply.status).toBe(529)
      valid(Spec.schema("anthropic", "ErrorResponse", reply.json))
      expect(reply.json).toMatchObject({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })
      expect(reply.headers.get("retry-after")).toBe("3")
    }))
})
