/**
 * Anthropic contract: for every operation the client implements, the request it actually sends (captured at a local
 * server) is validated against the community mirror of Anthropic's OpenAPI document, and sampled responses, stream
 * events and error bodies decode with our Schemas. The mirror has no stream schemas outside its beta section, so the
 * beta event schemas (a superset of the stable ones) stand in for them. The client also runs against Prism serving the
 * mirror's slice, which rejects non-conforming requests with 422 and answers with responses generated from it.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as NodeHttp from "node:http"
import * as ResponseClassifier from "../../src/core/ResponseClassifier.js"
import * as AnthropicClient from "../../src/vendors/anthropic/AnthropicClient.js"
import * as AnthropicError from "../../src/vendors/anthropic/AnthropicError.js"
import * as S from "../../src/vendors/anthropic/AnthropicSchemas.js"
import * as TestServer from "../support/TestServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("anthropic/openapi.community-mirror.yaml")

type Json = Record<string, unknown>
const isJson = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

interface Captured {
  readonly method: string
  readonly url: string
  readonly headers: NodeHttp.IncomingHttpHeaders
  readonly body: string
}

const expectDecodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown): A => {
  const result = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "ignore" })(value)
  if (Either.isLeft(result)) expect.fail(String(result.left))
  return Either.getOrThrow(result)
}

const expectValid = (result: OpenApi.ValidationResult) => {
  if (!result.valid) expect.fail(result.errors)
}

const component = (name: string) => OpenApi.sampleSchema(spec, { $ref: `#/components/schemas/${name}` })

const capturing = (answer: (res: NodeHttp.ServerResponse) => void) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make(async (req, res) => {
      captured.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: await TestServer.readBody(req) })
      answer(res)
    })
    const client = yield* Coverage.tracking(AnthropicClient.make)({ apiKey: Redacted.make("sk-ant-contract"), baseUrl: server.url })
    return { client, captured }
  })

const jsonAnswer = (body: unknown) => (res: NodeHttp.ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

/** The operation's declared header and query parameters. */
const declaredParameters = (method: string, path: string, where: "header" | "query"): ReadonlyArray<string> => {
  const operation = ((spec.document.paths as Json)[path] as Json)[method] as Json
  const parameters = Array.isArray(operation.parameters) ? operation.parameters : []
  return parameters.filter(isJson).filter((p) => p.in === where).map((p) => String(p.name))
}

const fullRequest: S.MessageCreateParams = {
  model: "claude-sonnet-4-5",
  max_tokens: 1024,
  system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral", ttl: "5m" } }],
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What is in these?" },
        { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
        { type: "document", source: { type: "url", url: "https://example.com/a.pdf" }, title: "A", citations: { enabled: true } }
      ]
    },
    {
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Let me look.", signature: "sig" },
        { type: "tool_use", id: "toolu_01", name: "lookup", input: { q: "x" } }
      ]
    },
    { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_01", content: "42", is_error: false }] }
  ],
  tools: [
    {
      name: "lookup",
      description: "Look up",
      input_schema: { type: "object", properties: { q: { type: "string" } }, required: ["q"] }
    },
    { type: "web_search_20250305", name: "web_search", max_uses: 3 }
  ],
  tool_choice: { type: "auto", disable_parallel_tool_use: true },
  thinking: { type: "enabled", budget_tokens: 1024 },
  metadata: { user_id: "user-1" },
  stop_sequences: ["\n\nHuman:"],
  temperature: 1,
  service_tier: "auto"
}

describe("Anthropic contract", () => {
  describe("POST /v1/messages", () => {
    it.scoped("the request we send validates against CreateMessageParams, with the declared headers", () =>
      Effect.gen(function*() {
        const { captured, client } = yield* capturing(jsonAnswer(OpenApi.sample(spec, "POST", "/v1/messages")))
        yield* client.messages.create(fullRequest)
        const [request] = captured
        expect([request?.method, request?.url]).toEqual(["POST", "/v1/messages"])
        const validate = OpenApi.requestValidator(spec, "POST", "/v1/messages")
        const body = JSON.parse(request?.body ?? "null")
        expectValid(validate(body))
        expect(validate({ ...body, unknown_field: true }).valid).toBe(false)
        expect(declaredParameters("post", "/v1/messages", "header")).toContain("anthropic-version")
        expect(request?.headers["anthropic-version"]).toBe("2023-06-01")
        expect(request?.headers["x-api-key"]).toBe("sk-ant-contract")
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("the streamed request validates, and sampled stream events decode as typed events", () =>
      Effect.gen(function*() {
        const names = [
          "BetaMessageStartEvent",
          "BetaContentBlockStartEvent",
          "BetaContentBlockDeltaEvent",
          "BetaContentBlockStopEvent",
          "BetaMessageDeltaEvent",
          "BetaMessageStopEvent"
        ]
        const deltas = [
          "BetaTextContentBlockDelta",
          "BetaInputJsonContentBlockDelta",
          "BetaThinkingContentBlockDelta",
          "BetaSignatureContentBlockDelta",
          "BetaCitationsDelta"
        ]
        const events: ReadonlyArray<unknown> = [
          ...names.map(component),
          ...deltas.map((name) => ({ type: "content_block_delta", index: 0, delta: component(name) }))
        ]
        const { captured, client } = yield* capturing((res) => {
          res.writeHead(200, { "content-type": "text/event-stream" })
          for (const event of events) {
            res.write(`event: ${isJson(event) ? String(event.type) : "unknown"}\ndata: ${JSON.stringify(event)}\n\n`)
          }
          res.end()
        })
        const decoded = [...(yield* Stream.runCollect(client.messages.stream({ ...fullRequest, thinking: { type: "disabled" } })))]
        expect(decoded.length).toBe(events.length)
        expect(decoded.map((event) => event.type)).not.toContain("unknown")
        const deltaTypes = decoded.flatMap((event) => (event.type === "content_block_delta" ? [event.delta.type] : []))
        expect(deltaTypes).not.toContain("unknown")
        const body = JSON.parse(captured[0]?.body ?? "null")
        expect(body.stream).toBe(true)
        expectValid(OpenApi.requestValidator(spec, "POST", "/v1/messages")(body))
      }).pipe(Effect.provide(Coverage.layer)))

    it("the sampled Message, every sampled content block and the spec's examples decode", () => {
      const sample = OpenApi.sample(spec, "POST", "/v1/messages")
      expectValid(OpenApi.responseValidator(spec, "POST", "/v1/messages")(sample))
      expectDecodes(S.Message, sample)
      const typed = [
        "ResponseTextBlock",
        "ResponseThinkingBlock",
        "ResponseRedactedThinkingBlock",
        "ResponseToolUseBlock",
        "ResponseServerToolUseBlock"
      ]
      for (const name of typed) expect(expectDecodes(S.ContentBlock, component(name)).type).not.toBe("unknown")
      // Result blocks of server tools are kept whole rather than typed.
      expect(expectDecodes(S.ContentBlock, component("ResponseWebSearchToolResultBlock")).type).toBe("unknown")
      for (const example of OpenApi.examples(spec, "POST", "/v1/messages")) expectDecodes(S.Message, example)
    })

    it("every error type of the spec maps to its reason, with the type as the only detail", () => {
      const expected: Record<string, string> = {
        InvalidRequestError: "InvalidRequest",
        AuthenticationError: "Unauthorized",
        BillingError: "Forbidden",
        PermissionError: "Forbidden",
        NotFoundError: "NotFound",
        RateLimitError: "RateLimited",
        GatewayTimeoutError: "Timeout",
        APIError: "Server",
        OverloadedError: "Overloaded"
      }
      for (const [name, reason] of Object.entries(expected)) {
        const error = component(name)
        const body = { type: "error", error, request_id: "req_1" }
        expectValid(OpenApi.responseValidator(spec, "POST", "/v1/messages", "4XX")(body))
        // A status the type does not imply on its own: the error type must decide.
        const verdict = ResponseClassifier.classify(
          { vendor: "Anthropic", operation: "messages.create", status: 500, headers: () => undefined, body, nowMillis: 0 },
          AnthropicError.refineError
        )
        expect([name, verdict.reason]).toEqual([name, reason])
        expect(verdict.details).toEqual({ type: isJson(error) ? error.type : undefined })
      }
    })
  })

  describe("POST /v1/messages/count_tokens", () => {
    it.scoped("the request validates against CountMessageTokensParams and the sampled answer decodes", () =>
      Effect.gen(function*() {
        const sample = OpenApi.sample(spec, "POST", "/v1/messages/count_tokens")
        const { captured, client } = yield* capturing(jsonAnswer(sample))
        const { max_tokens: _maxTokens, metadata: _metadata, stop_sequences: _stop, temperature: _t, service_tier: _tier, ...prompt } =
          fullRequest
        const counted = yield* client.messages.countTokens(prompt)
        expect(counted.input_tokens).toBe(1)
        expect(captured[0]?.url).toBe("/v1/messages/count_tokens")
        expectValid(OpenApi.requestValidator(spec, "POST", "/v1/messages/count_tokens")(JSON.parse(captured[0]?.body ?? "null")))
        expectValid(OpenApi.responseValidator(spec, "POST", "/v1/messages/count_tokens")(sample))
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("GET /v1/models", () => {
    it.scoped("the query uses declared parameters and the sampled page decodes", () =>
      Effect.gen(function*() {
        const sample = OpenApi.sample(spec, "GET", "/v1/models")
        const { captured, client } = yield* capturing(jsonAnswer(sample))
        const page = yield* client.models.list({ limit: 5, after_id: "claude-a" })
        expect(page.data.length).toBe(1)
        const url = new URL(captured[0]?.url ?? "", "http://localhost")
        expect(url.pathname).toBe("/v1/models")
        const declared = declaredParameters("get", "/v1/models", "query")
        for (const key of url.searchParams.keys()) expect(declared).toContain(key)
        expect(Object.fromEntries(url.searchParams)).toEqual({ limit: "5", after_id: "claude-a" })
        expectValid(OpenApi.responseValidator(spec, "GET", "/v1/models")(sample))
        expectDecodes(S.ListModelsResponse, sample)
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("against Prism", () => {
    it.live("every operation's request is accepted and its generated response decodes", () =>
      Effect.gen(function*() {
        // Dynamic mode: the mirror's static example for /v1/messages fails its own schema. Seeded, so each generated
        // answer is the same on every run.
        const prism = yield* Prism.start(Prism.slice("anthropic"), { seed: "effect-integrations" })
        const client = yield* Coverage.tracking(AnthropicClient.make)({
          apiKey: Redacted.make("sk-ant-contract"),
          baseUrl: prism.url,
          policy: { maxRetries: 0 }
        })
        const message = yield* client.messages.create(fullRequest)
        expect(typeof message.id).toBe("string")
        const { max_tokens: _maxTokens, metadata: _metadata, stop_sequences: _stop, temperature: _t, service_tier: _tier, ...prompt } =
          fullRequest
        const counted = yield* client.messages.countTokens(prompt)
        expect(typeof counted.input_tokens).toBe("number")
        const page = yield* client.models.list({ limit: 2 })
        expect(Array.isArray(page.data)).toBe(true)
        // Generated pages may claim more pages forever: take a bounded number of models.
        yield* client.models.listAll().pipe(Stream.take(3), Stream.runDrain)
        yield* client.healthCheck
        // The mirror documents no event-stream answer, so Prism answers a streamed request with a generated Message:
        // what it can judge is the request (422 when it breaks the spec); the events are checked against the stream
        // event schemas above.
        const streamed = yield* Effect.either(Stream.runCollect(client.messages.stream({ ...fullRequest, thinking: { type: "disabled" } })))
        if (streamed._tag === "Left") expect(streamed.left.status).not.toBe(422)
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 120_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Anthropic",
    specs: [spec],
    prism: true,
    client: AnthropicClient.make({ apiKey: Redacted.make("sk-ant-contract"), baseUrl: "http://127.0.0.1:9" })
  })
})
