/**
 * OpenAI from an app: an assistant service over `OpenAIClient` that answers with the Responses API, streams a chat
 * completion as it is generated, embeds documents in batches, and backs off when OpenAI is overloaded. Configured from
 * `OPENAI_API_KEY` (and optionally `OPENAI_BASE_URL`, `OPENAI_ORG_ID`, `OPENAI_PROJECT_ID`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { OpenAIClient, OpenAISchemas } from "effect-integrations/openai"

class Assistant extends Effect.Service<Assistant>()("example/Assistant", {
  effect: Effect.gen(function*() {
    const openai = yield* OpenAIClient.OpenAIClient

    const answer = (question: string) =>
      openai.responses.create({ model: "gpt-4.1-mini", instructions: "Answer in one sentence.", input: question }).pipe(
        Effect.map(OpenAISchemas.outputText),
        // Branch on the reason, never on message text: an overloaded model gets a canned answer instead of an error.
        Effect.catchIf(IntegrationError.isReason("Overloaded"), () => Effect.succeed("Busy right now, try again soon."))
      )

    /** Prints tokens as they arrive; a stall of more than the idle timeout fails the stream with `Timeout`. */
    const streamAnswer = (question: string) =>
      openai.chat.completions.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] }).pipe(
        Stream.map(OpenAISchemas.chunkText),
        Stream.runForEach((text) => Effect.sync(() => process.stdout.write(text)))
      )

    /** Embeds many documents, 512 per request, at most 2 requests at a time. */
    const embed = (documents: ReadonlyArray<string>) =>
      Stream.fromIterable(documents).pipe(
        Stream.grouped(512),
        Stream.mapEffect(
          (batch) => openai.embeddings.create({ model: "text-embedding-3-small", input: Chunk.toReadonlyArray(batch) }),
          { concurrency: 2 }
        ),
        Stream.flatMap((response) => Stream.fromIterable(response.data)),
        Stream.runCollect
      )

    return { answer, streamAnswer, embed } as const
  })
}) {}

const program = Effect.gen(function*() {
  const assistant = yield* Assistant
  yield* Effect.log(yield* assistant.answer("What is Effect?"))
  yield* assistant.streamAnswer("Write a haiku about retries.")
  const vectors = yield* assistant.embed(["first document", "second document"])
  yield* Effect.log(`embedded ${Chunk.size(vectors)} documents`)
})

const Live = Assistant.Default.pipe(
  Layer.provide(IntegrationConfig.layer(OpenAIClient.fromEnv)),
  Layer.provide(NodeHttpClient.layerUndici)
)

program.pipe(Effect.provide(Live), NodeRuntime.runMain)
