/** Vendor-shaped bodies shared by the OpenAI client tests. */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

export const API_KEY = "sk-canary-openai-3f9d2b71"

export const chatCompletion = {
  id: "chatcmpl-1",
  object: "chat.completion",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [
    {
      index: 0,
      message: { role: "assistant", content: "Hello!", refusal: null, annotations: [] },
      finish_reason: "stop",
      logprobs: null
    }
  ],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  service_tier: "default",
  system_fingerprint: "fp_1"
}

export const response = {
  id: "resp_1",
  object: "response",
  created_at: 1_700_000_000,
  status: "completed",
  model: "gpt-4.1",
  error: null,
  incomplete_details: null,
  output: [
    { type: "reasoning", id: "rs_1", summary: [] },
    {
      type: "message",
      id: "msg_1",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hel", annotations: [] }, { type: "output_text", text: "lo", annotations: [] }]
    },
    { type: "web_search_call", id: "ws_1", status: "completed", action: { type: "search", query: "q" } }
  ],
  usage: {
    input_tokens: 3,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 2,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 5
  }
}

export const embeddings = {
  object: "list",
  data: [{ object: "embedding", index: 0, embedding: [0.1, -0.2] }],
  model: "text-embedding-3-small",
  usage: { prompt_tokens: 2, total_tokens: 2 }
}

export const models = {
  object: "list",
  data: [{ id: "gpt-4.1", object: "model", created: 1_700_000_000, owned_by: "openai" }]
}

export const transcription = { text: "hello world", usage: { type: "duration", seconds: 2 } }

export const errorBody = (type: string, code: string | null, param: string | null = null, message = "You sent: my secret prompt") => ({
  error: { message, type, param, code }
})

export const chunk = (content: string, finish: string | null = null) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1_700_000_000,
  model: "gpt-4o-mini",
  choices: [{ index: 0, delta: { content }, finish_reason: finish }]
})

/**
 * Waits (real time, bounded) until a virtual sleep ending at `wakeAt` is scheduled. With a real server, a timer only
 * exists once the real I/O before it is done, and adjusting the clock earlier would skip past it.
 */
export const sleepScheduled = (wakeAt: number) =>
  Effect.gen(function*() {
    for (let i = 0; i < 400; i++) {
      if (Chunk.some(yield* TestClock.sleeps(), (at) => at === wakeAt)) return
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
    }
    return yield* Effect.dieMessage(`no sleep until ${wakeAt} was scheduled`)
  })
