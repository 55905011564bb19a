/**
 * A transcription fallback chain: Groq's Whisper first (fast and cheap), OpenAI when Groq is down, overloaded or
 * rate-limiting us. A bad request stops the chain instead (OpenAI would refuse it too). The result names the provider
 * that served it. Configured from `GROQ_API_KEY` and `OPENAI_API_KEY`, both reported at once when missing; run with
 * `node dist/examples/transcription-fallback.js recording.mp3`.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeFs from "node:fs/promises"
import * as NodePath from "node:path"
import { Fallback, IntegrationConfig } from "effect-integrations"
import { GroqClient, OpenAIClient } from "effect-integrations/openai"

const transcribe = (file: File) =>
  Effect.gen(function*() {
    const groq = yield* GroqClient.GroqClient
    const openai = yield* OpenAIClient.OpenAIClient
    return yield* Fallback.chain([
      // A circuit breaker's state would go in `isAvailable`, so an open breaker skips Groq without a call.
      { name: "groq", run: groq.audio.transcriptions.create({ file, model: "whisper-large-v3-turbo", language: "en" }) },
      { name: "openai", run: openai.audio.transcriptions.create({ file, model: "gpt-4o-mini-transcribe", language: "en" }) }
    ])
  })

const program = Effect.gen(function*() {
  const path = process.argv[2] ?? "recording.mp3"
  const bytes = yield* Effect.tryPromise(() => NodeFs.readFile(path))
  const { provider, value } = yield* transcribe(new File([bytes], NodePath.basename(path)))
  yield* Effect.log(`transcribed by ${provider}: ${value.text}`)
}).pipe(
  Effect.catchTag("FallbackExhausted", (error) => Effect.logError(error.message))
)

const Live = IntegrationConfig.layer(GroqClient.fromEnv, OpenAIClient.fromEnv).pipe(
  Layer.provide(NodeHttpClient.layerUndici)
)

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
