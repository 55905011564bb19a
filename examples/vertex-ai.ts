/**
 * Vertex AI / Gemini: answer a question with Gemini on Vertex AI as a service account (the key file named by
 * `GOOGLE_APPLICATION_CREDENTIALS`, in `GOOGLE_CLOUD_PROJECT` at `GOOGLE_CLOUD_LOCATION`), stream an answer as it is
 * written, count tokens before sending, embed a text; and the same with the Gemini API (`GEMINI_API_KEY`). Access
 * tokens are shared by every process through Redis when `effect-integrations/state` provides the `TokenStore`; read it
 * as a template.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationError } from "effect-integrations"
import { GeminiClient, VertexAIClient, VertexError, VertexSchemas } from "effect-integrations/vertex-ai"

const MODEL = "gemini-2.5-flash"

const ask = (text: string): VertexSchemas.GenerateContentRequest => ({
  contents: [{ role: "user", parts: [{ text }] }],
  generationConfig: { temperature: 0.2, maxOutputTokens: 512 }
})

const onVertex = Effect.gen(function*() {
  const vertex = yield* VertexAIClient.VertexAIClient
  const { totalTokens } = yield* vertex.models.countTokens(MODEL, ask("Summarise the plot of Hamlet in two sentences."))
  yield* Effect.log(`prompt of ${totalTokens} tokens`)
  const answer = yield* vertex.models.generateContent(MODEL, ask("Summarise the plot of Hamlet in two sentences."))
  yield* Effect.log(VertexSchemas.textOf(answer))
  // Events as they arrive; a stream cut before its finishReason fails with Transport rather than passing as whole.
  yield* vertex.models.streamGenerateContent(MODEL, ask("Write a haiku about retries.")).pipe(
    Stream.map(VertexSchemas.textOf),
    Stream.runForEach((text) => Console.log(text))
  )
  const { values } = yield* vertex.models.embed("text-embedding-005", { text: "effect-integrations", taskType: "RETRIEVAL_DOCUMENT" })
  yield* Effect.log(`embedding of ${values.length} dimensions`)
}).pipe(
  // Quotas are per project and model: a 429 that outlived the retries is worth a log, not a crash.
  Effect.catchIf(VertexError.hasStatus("RESOURCE_EXHAUSTED"), () => Effect.logWarning("Vertex AI quota exhausted; try later")),
  Effect.catchIf(IntegrationError.isReason("Unauthorized"), () => Effect.logError("the service account was refused: check its roles"))
)

const onGemini = Effect.gen(function*() {
  const gemini = yield* GeminiClient.GeminiClient
  const answer = yield* gemini.models.generateContent(MODEL, ask("One word for joy?"))
  yield* Effect.log(VertexSchemas.textOf(answer))
})

const Vertex = VertexAIClient.layerConfig({ policy: { timeout: "2 minutes" } })
const Gemini = GeminiClient.layerConfig()

Effect.all([onVertex, onGemini]).pipe(
  Effect.provide(Layer.mergeAll(Vertex, Gemini).pipe(Layer.provide(NodeHttpClient.layerUndici))),
  NodeRuntime.runMain
)
