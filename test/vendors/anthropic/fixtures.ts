/** Anthropic-shaped bodies shared by the client tests. */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"

export const API_KEY = "sk-ant-canary-5d1c0e9a"

export const usage = {
  input_tokens: 10,
  output_tokens: 5,
  cache_creation_input_tokens: null,
  cache_read_input_tokens: null,
  service_tier: "standard"
}

export const message = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [
    { type: "thinking", thinking: "Let me think", signature: "sig" },
    { type: "text", text: "Hello", citations: null },
    { type: "tool_use", id: "toolu_1", name: "lookup", input: { q: "x" } },
    { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] }
  ],
  stop_reason: "tool_use",
  stop_sequence: null,
  usage
}

export const models = (ids: ReadonlyArray<string>, hasMore: boolean) => ({
  data: ids.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" })),
  has_more: hasMore,
  first_id: ids[0] ?? null,
  last_id: ids[ids.length - 1] ?? null
})

export const errorBody = (type: string, message = "Your prompt was: secret prompt text", details?: Record<string, string>) => ({
  type: "error",
  error: { type, message, ...(details !== undefined ? { details } : {}) },
  request_id: "req_body_1"
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
