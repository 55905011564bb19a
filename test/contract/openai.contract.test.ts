/**
 * OpenAI contract: for every operation the client implements, the request it actually sends (captured at a local
 * server) is validated against OpenAI's OpenAPI document, and the document's sampled responses, its documented example
 * responses (`x-oaiMeta`) and sampled stream events decode with our Schemas; and the client runs against Prism serving
 * the spec's slice, which rejects non-conforming requests with 422 and answers with responses generated from it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as NodeHttp from "node:http"
import type { IntegrationError } from "../../src/core/IntegrationError.js"
import * as OpenAIClient from "../../src/vendors/openai/OpenAIClient.js"
import * as OpenAIEvents from "../../src/vendors/openai/OpenAIEvents.js"
import * as S from "../../src/vendors/openai/OpenAISchemas.js"
import * as TestServer from "../support/TestServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("openai/openapi.json")

// The shared helper rewrites OpenAPI 3.0's `nullable`, which OpenAI's 3.1 document still uses in places.
const requestSpec: OpenApi.Spec = spec

interface Captured {
  readonly method: string
  readonly path: string
  readonly contentType: string
  readonly body: string
}

type Json = Record<string, unknown>
const isJson = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

const decodeWith = <A, I>(schema: Schema.Schema<A, I>) => (value: unknown) =>
  Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "ignore" })(value)

const expectDecodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown): A => {
  const result = decodeWith(schema)(value)
  if (Either.isLeft(result)) expect.fail(String(result.left))
  return Either.getOrThrow(result)
}

const expectValid = (result: OpenApi.ValidationResult) => {
  if (!result.valid) expect.fail(result.errors)
}

/** A local server answering every request with `answer`, remembering what was sent. */
const capturing = (answer: (res: NodeHttp.ServerResponse) => void) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make(async (req, res) => {
      captured.push({
        method: req.method ?? "",
        path: req.url ?? "",
        contentType: String(req.headers["content-type"] ?? ""),
        body: await TestServer.readBody(req)
      })
      answer(res)
    })
    const client = yield* Coverage.tracking(OpenAIClient.make)({ apiKey: Redacted.make("sk-contract"), baseUrl: server.url })
    return { client, captured }
  })

const jsonAnswer = (body: unknown) => (res: NodeHttp.ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const sseAnswer = (events: ReadonlyArray<unknown>) => (res: NodeHttp.ServerResponse) => {
  res.writeHead(200, { "content-type": "text/event-stream" })
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`)
  res.end("data: [DONE]\n\n")
}

/** The documented example answers of an operation that are JSON (some are abridged with `....` and are not). */
const documentedExamples = (method: string, path: string): ReadonlyArray<{ readonly title: string; readonly body: string }> => {
  const operation = ((spec.document.paths as Json)[path] as Json)[method] as Json
  const meta = operation["x-oaiMeta"] as Json
  const examples = Array.isArray(meta.examples) ? meta.examples : [meta.examples]
  return examples.flatMap((example: unknown) =>
    isJson(example) && typeof example.response === "string"
      ? [{ title: String(example.title ?? "default"), body: example.response }]
      : []
  )
}

const parsesAsJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `data:` payloads (or bare JSON lines) of a documented streaming example. */
const streamedPayloads = (text: string): ReadonlyArray<unknown> =>
  text.split("\n")
    .map((line) => line.replace(/^data:\s*/, "").trim())
    .map(parsesAsJson)
    .filter(isJson)

/** A validator for one component schema, through a synthetic operation added to the request document. */
const componentValidator = (name: string) => {
  const path = `/__component/${name}`
  const document = {
    ...requestSpec.document,
    paths: {
      ...(requestSpec.document.paths as Json),
      [path]: {
        post: { requestBody: { content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } } }
      }
    }
  } as OpenApi.Spec["document"]
  return OpenApi.requestValidator({ ...requestSpec, file: `${requestSpec.file} + ${name}`, document }, "POST", path)
}

const componentSample = (name: string) => OpenApi.sampleSchema(spec, { $ref: `#/components/schemas/${name}` })

/** Multipart fields as the spec describes them: list fields from `name[]`, numbers as numbers, the file as binary. */
const formToObject = (form: FormData): Json => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") {
      out[key] = "binary"
    } else if (key.endsWith("[]")) {
      const name = key.slice(0, -2)
      out[name] = [...(Array.isArray(out[name]) ? out[name] : []), value]
    } else {
      out[key] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
    }
  }
  return out
}

describe("OpenAI contract", () => {
  describe("POST /chat/completions", () => {
    it.scoped("the request we send validates against CreateChatCompletionRequest", () =>
      Effect.gen(function*() {
        const { captured, client } = yield* capturing(jsonAnswer(OpenApi.sample(spec, "POST", "/chat/completions")))
        yield* client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [
            { role: "developer", content: "Answer in JSON." },
            {
              role: "user",
              content: [
                { type: "text", text: "What is in this image?" },
                { type: "image_url", image_url: { url: "https://example.com/a.png", detail: "low" } }
              ]
            },
            {
              role: "assistant",
              content: null,
              tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: "{}" } }]
            },
            { role: "tool", content: "42", tool_call_id: "call_1" }
          ],
          tools: [{
            type: "function",
            function: { name: "lookup", description: "Look up", parameters: { type: "object", properties: {} }, strict: true }
          }],
          tool_choice: "auto",
          response_format: { type: "json_schema", json_schema: { name: "answer", schema: { type: "object" }, strict: true } },
          temperature: 0.5,
          max_completion_tokens: 100,
          stop: ["\n\n"],
          metadata: { purpose: "contract" }
        })
        const [request] = captured
        expect([request?.method, request?.path]).toEqual(["POST", "/chat/completions"])
        expectValid(OpenApi.requestValidator(requestSpec, "POST", "/chat/completions")(JSON.parse(request?.body ?? "null")))
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("the streamed request validates and sampled chunks decode", () =>
      Effect.gen(function*() {
        const chunk = componentSample("CreateChatCompletionStreamResponse")
        const { captured, client } = yield* capturing(sseAnswer([chunk]))
        const chunks = yield* Stream.runCollect(
          client.chat.completions.stream({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: "Hi" }],
            stream_options: { include_usage: true }
          })
        )
        expect(chunks.length).toBe(1)
        expectValid(OpenApi.requestValidator(requestSpec, "POST", "/chat/completions")(JSON.parse(captured[0]?.body ?? "null")))
      }).pipe(Effect.provide(Coverage.layer)))

    it("the spec's sampled answer and documented examples decode", () => {
      const sample = OpenApi.sample(spec, "POST", "/chat/completions")
      expectValid(OpenApi.responseValidator(spec, "POST", "/chat/completions")(sample))
      expectDecodes(S.ChatCompletion, sample)
      const examples = documentedExamples("post", "/chat/completions")
      const plain = examples.map((example) => parsesAsJson(example.body)).filter(isJson)
      expect(plain.length).toBeGreaterThanOrEqual(3)
      for (const example of plain) expectDecodes(S.ChatCompletion, example)
      const streamed = examples.filter((example) => example.title === "Streaming").flatMap((example) => streamedPayloads(example.body))
      expect(streamed.length).toBeGreaterThan(0)
      for (const payload of streamed) expectDecodes(S.ChatCompletionChunk, payload)
    })
  })

  describe("POST /responses", () => {
    it.scoped("the request we send validates against CreateResponse", () =>
      Effect.gen(function*() {
        const { captured, client } = yield* capturing(jsonAnswer(OpenApi.sample(spec, "POST", "/responses")))
        yield* client.responses.create({
          model: "gpt-4.1",
          instructions: "Be brief.",
          // A message with a content list matches two members of the spec's `oneOf` (EasyInputMessage and InputMessage),
          // which only OpenAI's discriminator-aware tooling tells apart: content parts are checked in their own test.
          input: [
            { role: "developer", content: "Answer briefly." },
            { role: "user", content: "Hi" },
            { type: "function_call_output", call_id: "call_1", output: "42" },
            { type: "item_reference", id: "msg_1" }
          ],
          tools: [
            { type: "function", name: "lookup", description: "Look up", parameters: { type: "object", properties: {} }, strict: true },
            { type: "web_search" }
          ],
          tool_choice: { type: "function", name: "lookup" },
          text: { format: { type: "json_schema", name: "answer", schema: { type: "object" }, strict: true } },
          reasoning: { effort: "low", summary: "auto" },
          max_output_tokens: 256,
          metadata: { purpose: "contract" },
          store: false
        })
        expectValid(OpenApi.requestValidator(spec, "POST", "/responses")(JSON.parse(captured[0]?.body ?? "null")))
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("a message with content parts we send validates against EasyInputMessage", () =>
      Effect.gen(function*() {
        const { captured, client } = yield* capturing(jsonAnswer(OpenApi.sample(spec, "POST", "/responses")))
        yield* client.responses.create({
          model: "gpt-4.1",
          input: [{
            type: "message",
            role: "user",
            content: [
              { type: "input_text", text: "Compare" },
              { type: "input_image", detail: "high", image_url: "https://example.com/a.png" },
              { type: "input_file", file_id: "file_1" }
            ]
          }]
        })
        const [message] = JSON.parse(captured[0]?.body ?? "null").input
        expectValid(componentValidator("EasyInputMessage")(message))
        expect(componentValidator("EasyInputMessage")({ ...message, role: "robot" }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("the streamed request validates and sampled events decode as typed events", () =>
      Effect.gen(function*() {
        const names = [
          "ResponseCreatedEvent",
          "ResponseInProgressEvent",
          "ResponseOutputItemAddedEvent",
          "ResponseContentPartAddedEvent",
          "ResponseTextDeltaEvent",
          "ResponseTextDoneEvent",
          "ResponseFunctionCallArgumentsDeltaEvent",
          "ResponseFunctionCallArgumentsDoneEvent",
          "ResponseRefusalDeltaEvent",
          "ResponseReasoningSummaryTextDeltaEvent",
          "ResponseOutputItemDoneEvent",
          "ResponseCompletedEvent",
          "ResponseFailedEvent",
          "ResponseIncompleteEvent"
        ]
        const { captured, client } = yield* capturing(sseAnswer(names.map(componentSample)))
        const events = yield* Stream.runCollect(client.responses.stream({ model: "gpt-4.1", input: "Hi" }))
        expect([...events].map((event) => event.type)).not.toContain("unknown")
        expect(events.length).toBe(names.length)
        expectValid(OpenApi.requestValidator(spec, "POST", "/responses")(JSON.parse(captured[0]?.body ?? "null")))
      }).pipe(Effect.provide(Coverage.layer)))

    it("the spec's sampled answer and documented examples decode, streamed ones included", () => {
      const sample = OpenApi.sample(spec, "POST", "/responses")
      expectValid(OpenApi.responseValidator(spec, "POST", "/responses")(sample))
      expectDecodes(S.Response, sample)
      const examples = documentedExamples("post", "/responses")
      const plain = examples.map((example) => parsesAsJson(example.body)).filter(isJson)
      expect(plain.length).toBeGreaterThanOrEqual(5)
      for (const example of plain) expectDecodes(S.Response, example)
      const streamed = examples.filter((example) => example.title === "Streaming").flatMap((example) => streamedPayloads(example.body))
      expect(streamed.length).toBeGreaterThan(0)
      for (const payload of streamed) {
        const event = expectDecodes(S.ResponseStreamEvent, payload)
        expect(event.type).not.toBe("unknown")
      }
    })
  })

  describe("POST /embeddings", () => {
    it.scoped("the request validates and the sampled answer decodes", () =>
      Effect.gen(function*() {
        const sample = OpenApi.sample(spec, "POST", "/embeddings")
        const { captured, client } = yield* capturing(jsonAnswer(sample))
        yield* client.embeddings.create({
          model: "text-embedding-3-small",
          input: ["a", "b"],
          dimensions: 256,
          encoding_format: "float"
        })
        expectValid(OpenApi.requestValidator(spec, "POST", "/embeddings")(JSON.parse(captured[0]?.body ?? "null")))
        expectValid(OpenApi.responseValidator(spec, "POST", "/embeddings")(sample))
        expectDecodes(S.CreateEmbeddingResponse, sample)
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("POST /audio/transcriptions", () => {
    it.scoped("the multipart request validates against CreateTranscriptionRequest", () =>
      Effect.gen(function*() {
        const { captured, client } = yield* capturing(jsonAnswer(OpenApi.sample(spec, "POST", "/audio/transcriptions")))
        yield* client.audio.transcriptions.create({
          file: new File(["fake audio"], "speech.mp3", { type: "audio/mpeg" }),
          model: "gpt-4o-transcribe",
          language: "en",
          prompt: "Names: Ada",
          response_format: "json",
          temperature: 0.2,
          include: ["logprobs"],
          chunking_strategy: "auto"
        })
        const request = captured[0]
        expect(request?.contentType).toContain("multipart/form-data")
        const form = yield* Effect.promise(() =>
          new Response(request?.body ?? "", { headers: { "content-type": request?.contentType ?? "" } }).formData()
        )
        const body = formToObject(form)
        expect(body).toMatchObject({ file: "binary", model: "gpt-4o-transcribe", include: ["logprobs"], temperature: 0.2 })
        expectValid(OpenApi.requestValidator(spec, "POST", "/audio/transcriptions", "multipart/form-data")(body))
      }).pipe(Effect.provide(Coverage.layer)))

    it("every JSON answer format of the spec and its documented examples decode", () => {
      const formats = ["CreateTranscriptionResponseJson", "CreateTranscriptionResponseVerboseJson", "CreateTranscriptionResponseDiarizedJson"]
      for (const name of formats) expectDecodes(S.Transcription, componentSample(name))
      const examples = documentedExamples("post", "/audio/transcriptions").map((example) => parsesAsJson(example.body)).filter(isJson)
      expect(examples.length).toBeGreaterThanOrEqual(2)
      for (const example of examples) expectDecodes(S.Transcription, example)
    })
  })

  describe("GET /models", () => {
    it.scoped("the request has no body and the sampled answer decodes", () =>
      Effect.gen(function*() {
        const sample = OpenApi.sample(spec, "GET", "/models")
        const { captured, client } = yield* capturing(jsonAnswer(sample))
        const list = yield* client.models.list()
        expect(list.data.length).toBe(1)
        expect([captured[0]?.method, captured[0]?.path, captured[0]?.body]).toEqual(["GET", "/models", ""])
        expectValid(OpenApi.responseValidator(spec, "GET", "/models")(sample))
      }).pipe(Effect.provide(Coverage.layer)))
  })

  it("the webhook events of the spec decode as typed events", () => {
    const webhooks = spec.document.webhooks as Json
    expect(Object.keys(webhooks).length).toBeGreaterThan(10)
    for (const [name, item] of Object.entries(webhooks)) {
      const schema = (((((item as Json).post as Json).requestBody as Json).content as Json)["application/json"] as Json).schema
      const event = expectDecodes(OpenAIEvents.Event, OpenApi.sampleSchema(spec, schema as never))
      expect(OpenAIEvents.isKnownType(event.type), name).toBe(true)
    }
  })

  describe("against Prism", () => {
    /**
     * Prism answers a streaming request with one generated body, not a stream of events (our decoder finds none in
     * it): it still validates the request (422 when it breaks the spec), so a stream is checked here for what Prism can
     * judge, the request; its events are checked against the spec's event schemas above.
     */
    const streamRequestAccepted = <A>(stream: Stream.Stream<A, IntegrationError>) =>
      Effect.gen(function*() {
        const outcome = yield* Effect.either(Stream.runCollect(stream))
        if (outcome._tag === "Left") expect([outcome.left.reason, outcome.left.status]).not.toContainEqual(422)
      })

    it.live("every operation's request is accepted and its generated response decodes", () =>
      Effect.gen(function*() {
        // The whole document takes Prism ~15 s and ~400 MB to load; the slice keeps the operations we call. Seeded, so
        // each generated answer is the same on every run.
        const prism = yield* Prism.start(Prism.slice("openai"), { seed: "effect-integrations" })
        const client = yield* Coverage.tracking(OpenAIClient.make)({
          apiKey: Redacted.make("sk-contract"),
          baseUrl: prism.url,
          policy: { maxRetries: 0 }
        })
        const completion = yield* client.chat.completions.create({
          model: "gpt-4o-mini",
          messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "Hi" }],
          max_completion_tokens: 50
        })
        expect(typeof completion.id).toBe("string")
        const response = yield* client.responses.create({ model: "gpt-4.1", input: "Hi", max_output_tokens: 50 })
        expect(typeof response.id).toBe("string")
        const embeddings = yield* client.embeddings.create({ model: "text-embedding-3-small", input: "a" })
        expect(Array.isArray(embeddings.data)).toBe(true)
        // The answer is a `oneOf` whose members overlap (a plain answer also fits the diarized one), so no generated
        // answer fits exactly one and Prism would replace it with a 500; its static answer, built from the first member
        // without extra fields, does fit. The request is validated the same either way.
        const transcription = yield* client.audio.transcriptions.create({
          file: new File(["fake audio"], "speech.mp3", { type: "audio/mpeg" }),
          model: "gpt-4o-transcribe",
          response_format: "json"
        }, { headers: { prefer: "dynamic=false" } })
        expect(transcription).toBeTypeOf("object")
        const models = yield* client.models.list()
        expect(Array.isArray(models.data)).toBe(true)
        yield* client.healthCheck
        yield* streamRequestAccepted(client.chat.completions.stream({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }))
        yield* streamRequestAccepted(client.responses.stream({ model: "gpt-4.1", input: "Hi" }))
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 120_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "OpenAI",
    specs: [spec],
    prism: true,
    client: OpenAIClient.make({ apiKey: Redacted.make("sk-contract"), baseUrl: "http://127.0.0.1:9" })
  })
})
