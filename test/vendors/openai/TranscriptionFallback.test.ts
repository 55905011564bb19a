import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Fallback from "../../../src/core/Fallback.js"
import * as GroqClient from "../../../src/vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../../src/vendors/openai/OpenAIClient.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as Fixtures from "./fixtures.js"

const apiKey = Redacted.make(Fixtures.API_KEY)

/** Groq answers with `groqStatus`; OpenAI always transcribes. */
const providers = (groqStatus: number, groqBody: unknown) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make((_attempt, request) =>
      request.url.startsWith(GroqClient.defaultBaseUrl)
        ? StubHttp.json(groqStatus, groqBody)
        : StubHttp.json(200, { text: "from openai" })
    )
    const clients = Layer.merge(
      GroqClient.layer({ apiKey, policy: { jitter: 0 } }),
      OpenAIClient.layer({ apiKey, policy: { jitter: 0 } })
    ).pipe(Layer.provide(stub.layer))
    const transcribe = Effect.gen(function*() {
      const groq = yield* GroqClient.GroqClient
      const openai = yield* OpenAIClient.OpenAIClient
      const file = new File(["audio"], "a.mp3", { type: "audio/mpeg" })
      return yield* Fallback.chain([
        { name: "groq", run: groq.audio.transcriptions.create({ file, model: "whisper-large-v3-turbo" }) },
        { name: "openai", run: openai.audio.transcriptions.create({ file, model: "gpt-4o-mini-transcribe" }) }
      ])
    }).pipe(Effect.provide(clients))
    return { transcribe, requests: stub.requests }
  })

describe("Transcription fallback Groq → OpenAI", () => {
  it.scoped("an overloaded Groq (after its retries) falls back to OpenAI, which is named as the provider", () =>
    Effect.gen(function*() {
      const { requests, transcribe } = yield* providers(503, { error: { type: "server_error", message: "over capacity" } })
      const fiber = yield* Effect.fork(transcribe)
      yield* TestClock.adjust(Duration.seconds(2))
      const result = yield* Fiber.join(fiber)
      expect(result).toEqual({ provider: "openai", value: { text: "from openai" } })
      expect((yield* requests).map((r) => new URL(r.url).host)).toEqual([
        "api.groq.com",
        "api.groq.com",
        "api.groq.com",
        "api.openai.com"
      ])
    }))

  it.scoped("a request Groq refuses as invalid stops the chain: OpenAI would refuse it too", () =>
    Effect.gen(function*() {
      const { requests, transcribe } = yield* providers(400, {
        error: { type: "invalid_request_error", code: "invalid_file_format", message: "bad audio" }
      })
      const error = yield* Effect.flip(transcribe)
      expect(error._tag === "IntegrationError" ? [error.vendor, error.reason] : []).toEqual(["Groq", "InvalidRequest"])
      expect(yield* requests).toHaveLength(1)
    }))
})
