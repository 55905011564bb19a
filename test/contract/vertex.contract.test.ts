/**
 * The Vertex AI Discovery document (`vertex-ai/aiplatform-v1.discovery.json`, rev. 2026-05-23), converted to an
 * OpenAPI slice by `scripts/discovery-to-openapi.mjs` (`test/contract/slices/vertex-ai.json`), against the Vertex AI
 * client: every request body is captured and validated against the operation's request schema, and responses sampled
 * from the response schemas (checked against them first) decode with our Schemas. The Gemini API is not in the
 * Discovery document: its answers are checked against examples recorded from its API reference (capture-only).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import type * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as VertexAIClient from "../../src/vendors/vertex/VertexAIClient.js"
import * as VertexSchemas from "../../src/vendors/vertex/VertexSchemas.js"
import * as TestServer from "../support/TestServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const here = NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url))
const spec = OpenApi.load(NodePath.relative(OpenApi.specsDir, NodePath.join(here, "slices", "vertex-ai.json")))

const MODELS = "/v1/projects/{projectsId}/locations/{locationsId}/publishers/{publishersId}/models/{modelsId}"
const op = (action: string) => `${MODELS}:${action}`

// A fixed token: the token endpoint is not part of the Discovery document (VertexAuth has its own tests).
const token: HttpIntegration.TokenProvider = {
  get: Effect.succeed(Redacted.make("ya29.contract")),
  refresh: () => Effect.succeed(Redacted.make("ya29.contract"))
}

interface Seen {
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Record<string, string | Array<string> | undefined>
  readonly body: unknown
}

/** A stand-in for Vertex AI answering each action with a spec-sampled body (SSE for the stream). */
const server = Effect.gen(function*() {
  const seen: Array<Seen> = []
  const answers = {
    generateContent: OpenApi.sample(spec, "post", op("generateContent")),
    countTokens: OpenApi.sample(spec, "post", op("countTokens")),
    predict: { predictions: [{ embeddings: { values: [0.1, 0.2], statistics: { token_count: 2, truncated: false } } }] }
  }
  const started = yield* TestServer.make((req, res) => {
    void TestServer.readBody(req).then((text) => {
      const url = new URL(req.url ?? "/", "http://localhost")
      seen.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body: JSON.parse(text) })
      const action = url.pathname.split(":").pop() ?? ""
      if (action === "streamGenerateContent") {
        res.writeHead(200, { "content-type": "text/event-stream" })
        const events = [
          { candidates: [{ content: { role: "model", parts: [{ text: "Hel" }] } }] },
          { candidates: [{ content: { role: "model", parts: [{ text: "lo" }] }, finishReason: "STOP" }], usageMetadata: { totalTokenCount: 3 } }
        ]
        res.end(events.map((event) => `data: ${JSON.stringify(event)}\r\n\r\n`).join(""))
        return
      }
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify(answers[action as keyof typeof answers] ?? {}))
    })
  })
  return { url: started.url, seen }
})

const full: VertexSchemas.GenerateContentRequest = {
  contents: [
    { role: "user", parts: [{ text: "Describe" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }] },
    { role: "model", parts: [{ functionCall: { name: "lookup", args: { id: 1 } } }] },
    { role: "user", parts: [{ functionResponse: { name: "lookup", response: { ok: true } } }, { fileData: { mimeType: "application/pdf", fileUri: "gs://b/a.pdf" } }] }
  ],
  systemInstruction: { parts: [{ text: "Be brief" }] },
  generationConfig: {
    temperature: 0.2,
    topP: 0.9,
    topK: 40,
    candidateCount: 1,
    maxOutputTokens: 256,
    stopSequences: ["END"],
    seed: 7,
    responseMimeType: "application/json",
    thinkingConfig: { thinkingBudget: 128, includeThoughts: false }
  },
  safetySettings: [{ category: "HARM_CATEGORY_HATE_SPEECH", threshold: "BLOCK_ONLY_HIGH" }],
  labels: { team: "search" }
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

describe("Vertex AI contract", () => {
  it.scoped("every operation's request body validates against the converted Discovery schema, on the documented path", () =>
    Effect.gen(function*() {
      const stand = yield* server
      const vertex = yield* Coverage.tracking(VertexAIClient.make)({
        credentials: token,
        project: "acme-prod",
        location: "us-central1",
        baseUrl: `${stand.url}/v1`
      })
      const answer = yield* vertex.models.generateContent("gemini-2.5-flash", full)
      expect(answer).toBeTypeOf("object")
      const events = yield* Stream.runCollect(vertex.models.streamGenerateContent("gemini-2.5-flash", full))
      expect([...events].map(VertexSchemas.textOf).join("")).toBe("Hello")
      yield* vertex.models.countTokens("gemini-2.5-flash", { contents: full.contents, systemInstruction: { parts: [{ text: "x" }] } })
      const embedding = yield* vertex.models.embed("text-embedding-005", { text: "hi", taskType: "RETRIEVAL_QUERY", outputDimensionality: 2 })
      expect(embedding.values).toEqual([0.1, 0.2])
      yield* vertex.healthCheck
      const [generate, stream, count, predict, health] = stand.seen
      for (const [request, action] of [[generate, "generateContent"], [stream, "streamGenerateContent"], [count, "countTokens"], [predict, "predict"], [health, "countTokens"]] as const) {
        expect(request!.path).toMatch(new RegExp(`^/v1/projects/acme-prod/locations/us-central1/publishers/google/models/[^/]+:${action}$`))
        expect(request!.headers.authorization).toBe("Bearer ya29.contract")
        expectValid(OpenApi.requestValidator(spec, "post", op(action))(request!.body), action)
      }
      expect(stream!.query.get("alt")).toBe("sse")
      // The validator is not vacuous: a body of the wrong shape fails it.
      expect(OpenApi.requestValidator(spec, "post", op("generateContent"))({ contents: "text" }).valid).toBe(false)
    }).pipe(Effect.provide(Coverage.layer)))

  it.effect("responses sampled from the Discovery schemas, checked against them, decode with our Schemas", () =>
    Effect.gen(function*() {
      for (const [action, schema] of [
        ["generateContent", VertexSchemas.GenerateContentResponse],
        ["countTokens", VertexSchemas.CountTokensResponse]
      ] as const) {
        const sample = OpenApi.sample(spec, "post", op(action))
        expectValid(OpenApi.responseValidator(spec, "post", op(action))(sample), action)
        yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
      }
      // `predict` answers `predictions: any[]`; the text-embedding models' prediction is documented on the model's
      // reference page (cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api).
      const prediction = { predictions: [{ embeddings: { values: [0.0123, -0.04], statistics: { token_count: 8, truncated: false } } }] }
      expectValid(OpenApi.responseValidator(spec, "post", op("predict"))(prediction), "predict")
      yield* decodes(VertexSchemas.PredictEmbeddingResponse, prediction)
    }))

  it.effect("capture-only (not in the Discovery document): the Gemini API's documented answers decode", () =>
    Effect.gen(function*() {
      // Recorded from ai.google.dev/api/embeddings#method:-models.embedcontent (response body: `{ embedding: { values } }`).
      yield* decodes(VertexSchemas.EmbedContentResponse, { embedding: { values: [0.013168523, -0.008711934, -0.046782676] } })
      // Recorded from ai.google.dev/api/generate-content (a `GenerateContentResponse` of the Gemini API).
      const generated = yield* decodes(VertexSchemas.GenerateContentResponse, {
        candidates: [{ content: { parts: [{ text: "Hello" }], role: "model" }, finishReason: "STOP", avgLogprobs: -0.0541 }],
        usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 1, totalTokenCount: 5, promptTokensDetails: [{ modality: "TEXT", tokenCount: 4 }] },
        modelVersion: "gemini-2.5-flash",
        responseId: "mWjuaOmgGvmZ1dkP"
      })
      expect(VertexSchemas.textOf(generated)).toBe("Hello")
      // Recorded from ai.google.dev/api/tokens (countTokens).
      yield* decodes(VertexSchemas.CountTokensResponse, { totalTokens: 10, promptTokensDetails: [{ modality: "TEXT", tokenCount: 10 }] })
    }))

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "VertexAI",
    specs: [spec],
    prism: false,
    client: VertexAIClient.make({ credentials: token, project: "acme-prod", location: "us-central1", baseUrl: "http://127.0.0.1:9/v1" })
  })
})
