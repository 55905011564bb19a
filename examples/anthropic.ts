/**
 * Anthropic from an app: a tool-using agent turn over `AnthropicClient` (the model asks for a tool, we run it and send
 * the result back), a streamed answer printed as it arrives, and a token count before an expensive call. Configured
 * from `ANTHROPIC_API_KEY` (and optionally `ANTHROPIC_BASE_URL`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { AnthropicClient, AnthropicSchemas } from "effect-integrations/anthropic"

const MODEL = "claude-sonnet-4-5"

const weatherTool = {
  name: "get_weather",
  description: "Current weather for a city",
  input_schema: { type: "object" as const, properties: { city: { type: "string" } }, required: ["city"] }
}

const program = Effect.gen(function*() {
  const claude = yield* AnthropicClient.AnthropicClient
  const question: AnthropicSchemas.MessageParam = { role: "user", content: "Should I take an umbrella in Paris?" }

  const { input_tokens } = yield* claude.messages.countTokens({ model: MODEL, messages: [question], tools: [weatherTool] })
  yield* Effect.log(`the question costs ${input_tokens} input tokens`)

  // One agent turn: if the model calls the tool, answer it and ask again.
  const first = yield* claude.messages.create({ model: MODEL, max_tokens: 512, messages: [question], tools: [weatherTool] })
  const call = first.content.find((block) => block.type === "tool_use")
  const final = call === undefined ? first : yield* claude.messages.create({
    model: MODEL,
    max_tokens: 512,
    tools: [weatherTool],
    messages: [
      question,
      { role: "assistant", content: [{ type: "tool_use", id: call.id, name: call.name, input: call.input }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: call.id, content: "Light rain, 14°C" }] }
    ]
  })
  yield* Effect.log(AnthropicSchemas.messageText(final))

  // Streamed: text deltas printed as they come; an `overloaded_error` mid-stream is a typed `Overloaded` failure.
  yield* claude.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: "user", content: "A haiku about rain." }] })
    .pipe(
      Stream.filterMap((event) =>
        event.type === "content_block_delta" && event.delta.type === "text_delta"
          ? Option.some(event.delta.text)
          : Option.none()
      ),
      Stream.runForEach((text) => Effect.sync(() => process.stdout.write(text))),
      Effect.catchIf(IntegrationError.isReason("Overloaded"), () => Effect.log("Anthropic is overloaded; try later"))
    )
})

const Live = IntegrationConfig.layer(AnthropicClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
