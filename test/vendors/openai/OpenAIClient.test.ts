import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as GroqClient from "../../../src/vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../../src/vendors/openai/OpenAIClient.js"
import * as OpenAISchemas from "../../../src/vendors/openai/OpenAISchemas.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as TestServer from "../../support/TestServer.js"
import * as Fixtures from "./fixtures.js"

const apiKey = Redacted.make(Fixtures.API_KEY)

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

/** A client over a scripted transport, without jitter so retry delays are exact. */
const stubbed = (script: Parameters<typeof StubHttp.make>[0], options: Partial<OpenAIClient.Options> = {}) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make(script)
    const client = yield* OpenAIClient.make({ apiKey, policy: { jitter: 0 }, ...options }).pipe(Effect.provide(stub.layer))
    return { client, requests: stub.requests }
  })

describe("OpenAIClient", () => {
  it.scoped("sends a chat completion as JSON with the bearer key and organization headers, and decodes the answer", () =>
    Effect.gen(function*() {
      let seen: { method?: string | undefined; url?: string | undefined; headers?: Record<string, unknown>; body?: string } = {}
      const server = yield* TestServer.make(async (req, res) => {
        seen = { method: req.method, url: req.url, headers: req.headers, body: await TestServer.readBody(req) }
        res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_abc" })
        res.end(JSON.stringify({ ...Fixtures.chatCompletion, x_groq: { id: "ignored" } }))
      })
      const client = yield* OpenAIClient.make({
        apiKey,
        baseUrl: `${server.url}/v1`,
        organization: "org_1",
        project: "proj_1"
      })
      const completion = yield* client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "Hi" }],
        temperature: 0.2
      })
      expect(completion.choices[0]?.message.content).toBe("Hello!")
      expect(completion.usage?.total_tokens).toBe(7)
      expect(seen.method).toBe("POST")
      expect(seen.url).toBe("/v1/chat/completions")
      expect(seen.headers?.["authorization"]).toBe(`Bearer ${Fixtures.API_KEY}`)
      expect(seen.headers?.["openai-organization"]).toBe("org_1")
      expect(seen.headers?.["openai-project"]).toBe("proj_1")
      expect(seen.headers?.["content-type"]).toContain("application/json")
      expect(seen.headers?.["idempotency-key"]).toBeUndefined()
      expect(JSON.parse(seen.body ?? "null")).toEqual({
        model: "gpt-4o-mini",
        messages: [{ role: "developer", content: "Be brief." }, { role: "user", content: "Hi" }],
        temperature: 0.2
      })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("decodes a Responses answer, keeping an untyped output item whole", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(200, Fixtures.response))
      const response = yield* client.responses.create({ model: "gpt-4.1", input: "Say hello" })
      expect(OpenAISchemas.outputText(response)).toBe("Hello")
      const unknown = response.output[2]
      expect(unknown?.type).toBe("unknown")
      expect(unknown?.type === "unknown" ? unknown.event : undefined).toMatchObject({
        type: "web_search_call",
        action: { query: "q" }
      })
      const sent = yield* requests
      expect(sent[0]?.url).toBe("https://api.openai.com/v1/responses")
      expect(JSON.parse(sent[0]?.body ?? "null")).toEqual({ model: "gpt-4.1", input: "Say hello" })
    }))

  it.scoped("rejects invalid input before any request is made", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(200, Fixtures.embeddings))
      const empty = yield* Effect.flip(client.embeddings.create({ model: "text-embedding-3-small", input: "" }))
      expect(empty.reason).toBe("InvalidRequest")
      expect(empty.operation).toBe("embeddings.create")
      const noMessages = yield* Effect.flip(client.chat.completions.create({ model: "gpt-4o", messages: [] }))
      expect(noMessages.reason).toBe("InvalidRequest")
      const temperature = yield* Effect.flip(
        client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }], temperature: 3 })
      )
      expect(temperature.reason).toBe("InvalidRequest")
      expect(yield* requests).toHaveLength(0)
    }))

  it.scoped("uploads a transcription as multipart with the file name, fields and list fields", () =>
    Effect.gen(function*() {
      let form: FormData | undefined
      let contentType = ""
      const server = yield* TestServer.make(async (req, res) => {
        const body = await TestServer.readBody(req)
        contentType = String(req.headers["content-type"])
        form = await new Response(body, { headers: { "content-type": contentType } }).formData()
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify(Fixtures.transcription))
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url })
      const result = yield* client.audio.transcriptions.create({
        file: new Blob(["RIFF-fake-audio"], { type: "audio/wav" }),
        model: "whisper-1",
        language: "en",
        temperature: 0,
        timestamp_granularities: ["word", "segment"],
        response_format: "verbose_json"
      })
      expect(result.text).toBe("hello world")
      expect(contentType).toContain("multipart/form-data")
      const file = form?.get("file")
      expect(file instanceof Blob && "name" in file ? file.name : undefined).toBe("audio.wav")
      expect(file instanceof Blob ? yield* Effect.promise(() => file.text()) : undefined).toBe("RIFF-fake-audio")
      expect(form?.get("model")).toBe("whisper-1")
      expect(form?.get("language")).toBe("en")
      expect(form?.get("temperature")).toBe("0")
      expect(form?.getAll("timestamp_granularities[]")).toEqual(["word", "segment"])
      expect(form?.get("response_format")).toBe("verbose_json")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("maps a 400 to InvalidRequest with type, code and param as details, never the message", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() =>
        StubHttp.json(
          400,
          Fixtures.errorBody("invalid_request_error", "context_length_exceeded", "messages[0].content"),
          { "x-request-id": "req_400" }
        )
      )
      const error = yield* Effect.flip(
        client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })
      )
      expect(error.reason).toBe("InvalidRequest")
      expect(error.status).toBe(400)
      expect(error.requestId).toBe("req_400")
      expect(error.details).toEqual({
        type: "invalid_request_error",
        code: "context_length_exceeded",
        param: "messages[0].content"
      })
      expect(error.message).toContain("context_length_exceeded")
      expect(error.message).not.toContain("secret prompt")
      expect(JSON.stringify(error.details)).not.toContain("secret prompt")
      expect(yield* requests).toHaveLength(1)
    }))

  it.scoped("waits what retry-after-ms asks after a 429, then succeeds", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed((attempt) =>
        attempt === 1
          ? StubHttp.json(429, Fixtures.errorBody("requests", "rate_limit_exceeded"), {
            "retry-after-ms": "1500",
            "x-ratelimit-remaining-requests": "0",
            "x-ratelimit-reset-requests": "1.5s"
          })
          : StubHttp.json(200, Fixtures.embeddings)
      )
      const fiber = yield* Effect.fork(client.embeddings.create({ model: "text-embedding-3-small", input: "hello" }))
      yield* TestClock.adjust(Duration.millis(1499))
      expect(yield* requests).toHaveLength(1)
      yield* TestClock.adjust(Duration.millis(1))
      const result = yield* Fiber.join(fiber)
      expect(result.data[0]?.embedding).toEqual([0.1, -0.2])
      const sent = yield* requests
      expect(sent.map((r) => r.atMillis)).toEqual([0, 1500])
    }))

  it.scoped("an exhausted quota is Forbidden and is not retried", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() =>
        StubHttp.json(429, Fixtures.errorBody("insufficient_quota", "insufficient_quota"), { "retry-after": "1" })
      )
      const error = yield* Effect.flip(client.models.list())
      expect(error.reason).toBe("Forbidden")
      expect(error.retryable).toBe(false)
      expect(error.details?.code).toBe("insufficient_quota")
      expect(yield* requests).toHaveLength(1)
    }))

  it.scoped("retries a chat completion on 503 as Overloaded, twice, with backoff from 500 ms", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(503, Fixtures.errorBody("server_error", null)))
      const fiber = yield* Effect.fork(
        Effect.exit(client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }))
      )
      yield* TestClock.adjust(Duration.seconds(2))
      const exit = yield* Fiber.join(fiber)
      expect(Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error.reason : undefined).toBe("Overloaded")
      expect((yield* requests).map((r) => r.atMillis)).toEqual([0, 500, 1500])
    }))

  it.scoped("does not repeat a response that appends to a conversation, but does repeat a plain one", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed((attempt) =>
        attempt === 1 ? StubHttp.json(500, Fixtures.errorBody("server_error", null)) : StubHttp.json(200, Fixtures.response)
      )
      const stateful = yield* Effect.flip(client.responses.create({ model: "gpt-4.1", input: "x", conversation: "conv_1" }))
      expect(stateful.reason).toBe("Server")
      expect(yield* requests).toHaveLength(1)
      const fiber = yield* Effect.fork(client.responses.create({ model: "gpt-4.1", input: "x" }))
      yield* TestClock.adjust(Duration.seconds(1))
      const response = yield* Fiber.join(fiber)
      expect(response.id).toBe("resp_1")
      expect(yield* requests).toHaveLength(2)
    }))

  it.scoped("a client-wide timeout overrides the per-operation default", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make(() => {
        // never answers
      })
      const client = yield* OpenAIClient.make({ apiKey, baseUrl: server.url, policy: { timeout: "2 seconds", maxRetries: 0 } })
      const fiber = yield* Effect.fork(
        Effect.flip(client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }))
      )
      yield* Fixtures.sleepScheduled(2000)
      yield* TestClock.adjust(Duration.seconds(2))
      const error = yield* Fiber.join(fiber)
      expect(error.reason).toBe("Timeout")
      expect(error.description).toContain("2s")
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("layerCompatible and GroqClient name their provider in errors and use their base URL", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(401, Fixtures.errorBody("invalid_request_error", "invalid_api_key")))
      const groq = yield* GroqClient.GroqClient.pipe(Effect.provide(GroqClient.layer({ apiKey })), Effect.provide(stub.layer))
      const groqError = yield* Effect.flip(groq.models.list())
      expect(groqError.vendor).toBe("Groq")
      expect(groqError.reason).toBe("Unauthorized")
      const local = yield* OpenAIClient.OpenAIClient.pipe(
        Effect.provide(OpenAIClient.layerCompatible({ apiKey, baseUrl: "http://127.0.0.1:9/v1", vendor: "LocalLlm" })),
        Effect.provide(stub.layer)
      )
      const localError = yield* Effect.flip(local.models.list())
      expect(localError.vendor).toBe("LocalLlm")
      expect((yield* stub.requests).map((r) => r.url)).toEqual([
        "https://api.groq.com/openai/v1/models",
        "http://127.0.0.1:9/v1/models"
      ])
    }))

  it.scoped("the layer registers a health check that lists the models once", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, Fixtures.models))
      const report = yield* Effect.flatMap(Health.HealthChecks, (registry) => registry.run).pipe(
        Effect.provide(OpenAIClient.layer({ apiKey }).pipe(Layer.provideMerge(Health.layer))),
        Effect.provide(stub.layer)
      )
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([["openai", "up"]])
      const sent = yield* stub.requests
      expect(sent.map((r) => [r.method, r.url])).toEqual([["GET", "https://api.openai.com/v1/models"]])
    }))

  it.effect("configuration from the environment reports every missing variable and never prints the key", () =>
    Effect.gen(function*() {
      const live = IntegrationConfig.layer(OpenAIClient.fromEnv, GroqClient.fromEnv)
      const build = Layer.build(live).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici))
      const missing = yield* Effect.flip(withEnv([])(build))
      expect(IntegrationConfig.problems(missing).map((p) => [p.key, p.kind])).toEqual([
        ["OPENAI_API_KEY", "Missing"],
        ["GROQ_API_KEY", "Missing"]
      ])
      const partly = yield* Effect.flip(withEnv([["OPENAI_API_KEY", Fixtures.API_KEY]])(build))
      expect(IntegrationConfig.problems(partly).map((p) => p.key)).toEqual(["GROQ_API_KEY"])
      expect(IntegrationConfig.format(partly)).not.toContain(Fixtures.API_KEY)
      expect(String(partly)).not.toContain(Fixtures.API_KEY)
    }))

  it.scoped("layerConfig reads the base URL and organization from the environment, overrides winning", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, Fixtures.models))
      const env = withEnv([
        ["OPENAI_API_KEY", Fixtures.API_KEY],
        ["OPENAI_BASE_URL", "https://proxy.example/v1"],
        ["OPENAI_ORG_ID", "org_env"],
        ["OPENAI_PROJECT_ID", "proj_env"]
      ])
      yield* Effect.flatMap(OpenAIClient.OpenAIClient, (client) => client.models.list()).pipe(
        Effect.provide(OpenAIClient.layerConfig({ project: "proj_override" })),
        Effect.provide(stub.layer),
        env
      )
      const [sent] = yield* stub.requests
      expect(sent?.url).toBe("https://proxy.example/v1/models")
      expect(sent?.headers["openai-organization"]).toBe("org_env")
      expect(sent?.headers["openai-project"]).toBe("proj_override")
      expect(sent?.headers["authorization"]).toBe(`Bearer ${Fixtures.API_KEY}`)
    }))

  it.effect("layerTest dies naming a method the test did not implement", () =>
    Effect.gen(function*() {
      const layer = OpenAIClient.layerTest({
        embeddings: { create: () => Effect.succeed({ ...Fixtures.embeddings, object: "list" as const, data: [] }) }
      })
      const client = yield* OpenAIClient.OpenAIClient.pipe(Effect.provide(layer))
      const embedded = yield* client.embeddings.create({ model: "m", input: "x" })
      expect(embedded.data).toEqual([])
      const exit = yield* Effect.exit(Effect.suspend(() => client.chat.completions.create({ model: "m", messages: [] })))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Die" ? String(exit.cause.defect) : "").toContain(
        "OpenAIClient.chat.completions.create is not implemented"
      )
    }))

  it.effect("layerTest: a method left out fails inside its Effect (or Stream) naming it, and the health check passes", () =>
    Effect.gen(function*() {
      const openai = yield* OpenAIClient.OpenAIClient.pipe(Effect.provide(OpenAIClient.layerTest({})))
      const exit = yield* Effect.exit(openai.chat.completions.create({ model: "m", messages: [] }))
      expect(Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "").toContain(
        "OpenAIClient.chat.completions.create is not implemented in this test layer"
      )
      const streamed = yield* Effect.exit(Stream.runDrain(openai.responses.stream({ model: "m", input: "x" })))
      expect(Exit.isFailure(streamed) ? Cause.pretty(streamed.cause) : "").toContain("OpenAIClient.responses.stream")
      yield* openai.healthCheck
      const groq = yield* GroqClient.GroqClient.pipe(Effect.provide(GroqClient.layerTest({})))
      const groqExit = yield* Effect.exit(groq.audio.transcriptions.create({ file: new Blob([]), model: "whisper-large-v3" }))
      expect(Exit.isFailure(groqExit) ? Cause.pretty(groqExit.cause) : "").toContain(
        "GroqClient.audio.transcriptions.create is not implemented"
      )
      yield* groq.healthCheck
    }))

  it.scoped("the kernel's settings pass through: circuitBreaker false keeps calling where the default breaker opens", () =>
    Effect.gen(function*() {
      const calls = (options: Partial<OpenAIClient.Options>) =>
        Effect.gen(function*() {
          const { client, requests } = yield* stubbed(() => StubHttp.json(500, Fixtures.errorBody("server_error", null)), {
            policy: { maxRetries: 0 },
            ...options
          })
          const reasons: Array<string> = []
          for (let i = 0; i < 6; i++) reasons.push((yield* Effect.flip(client.models.list())).reason)
          return { reasons, sent: (yield* requests).length }
        })
      // The default breaker opens after five failures in a row: the sixth call is refused without a request.
      expect(yield* calls({})).toEqual({ reasons: [...Array(5).fill("Server"), "CircuitOpen"], sent: 5 })
      expect(yield* calls({ circuitBreaker: false })).toEqual({ reasons: Array(6).fill("Server"), sent: 6 })
    }))

  it.scoped("health checks are named by the kit's rule: openai, groq, and the compatible provider's name", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, Fixtures.models))
      const report = yield* Effect.flatMap(Health.HealthChecks, (registry) => registry.run).pipe(
        Effect.provide(
          Layer.mergeAll(
            OpenAIClient.layer({ apiKey }),
            GroqClient.layer({ apiKey }),
            Layer.discard(OpenAIClient.layerCompatible({ apiKey, baseUrl: "http://127.0.0.1:9/v1", vendor: "Local LLM" }))
          ).pipe(Layer.provideMerge(Health.layer))
        ),
        Effect.provide(stub.layer)
      )
      expect(report.checks.map((c) => [c.name, c.status]).sort()).toEqual([["groq", "up"], ["local-llm", "up"], ["openai", "up"]])
      expect([OpenAIClient.OpenAI.healthCheckName, GroqClient.Groq.healthCheckName]).toEqual(["openai", "groq"])
    }))

  it.scoped("headers given in the options go on every request; organization and project win over them", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(200, Fixtures.models), {
        organization: "org_1",
        headers: { "x-team": "search", "OpenAI-Organization": "org_other" }
      })
      yield* client.models.list()
      const [sent] = yield* requests
      expect(sent?.headers["x-team"]).toBe("search")
      expect(sent?.headers["openai-organization"]).toBe("org_1")
    }))
})
