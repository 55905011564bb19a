import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as AnthropicClient from "../../../src/vendors/anthropic/AnthropicClient.js"
import * as AnthropicSchemas from "../../../src/vendors/anthropic/AnthropicSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as TestServer from "../../support/TestServer.js"
import * as Fixtures from "./fixtures.js"

const apiKey = Redacted.make(Fixtures.API_KEY)

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const stubbed = (script: Parameters<typeof StubHttp.make>[0], options: Partial<AnthropicClient.Options> = {}) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make(script)
    const client = yield* AnthropicClient.make({ apiKey, policy: { jitter: 0 }, ...options }).pipe(Effect.provide(stub.layer))
    return { client, requests: stub.requests }
  })

const hello = { model: "claude-sonnet-4-5", max_tokens: 256, messages: [{ role: "user" as const, content: "Hello" }] }

describe("AnthropicClient", () => {
  it.scoped("sends a message with x-api-key, the version and beta headers, and decodes every block", () =>
    Effect.gen(function*() {
      let seen: { url?: string | undefined; headers?: Record<string, unknown>; body?: string } = {}
      const server = yield* TestServer.make(async (req, res) => {
        seen = { url: req.url, headers: req.headers, body: await TestServer.readBody(req) }
        res.writeHead(200, { "content-type": "application/json", "request-id": "req_1" })
        res.end(JSON.stringify(Fixtures.message))
      })
      const client = yield* AnthropicClient.make({
        apiKey,
        baseUrl: server.url,
        betas: ["files-api-2025-04-14", "interleaved-thinking-2025-05-14"]
      })
      const message = yield* client.messages.create({
        ...hello,
        system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
        tools: [{ name: "lookup", input_schema: { type: "object", properties: { q: { type: "string" } } } }],
        thinking: { type: "enabled", budget_tokens: 1024 }
      })
      expect(AnthropicSchemas.messageText(message)).toBe("Hello")
      expect(message.content.map((block) => block.type)).toEqual(["thinking", "text", "tool_use", "unknown"])
      const unknown = message.content[3]
      expect(unknown?.type === "unknown" ? unknown.event.type : undefined).toBe("web_search_tool_result")
      expect(seen.url).toBe("/v1/messages")
      expect(seen.headers?.["x-api-key"]).toBe(Fixtures.API_KEY)
      expect(seen.headers?.["authorization"]).toBeUndefined()
      expect(seen.headers?.["anthropic-version"]).toBe("2023-06-01")
      expect(seen.headers?.["anthropic-beta"]).toBe("files-api-2025-04-14,interleaved-thinking-2025-05-14")
      expect(JSON.parse(seen.body ?? "null")).toMatchObject({ ...hello, thinking: { type: "enabled", budget_tokens: 1024 } })
      expect(JSON.parse(seen.body ?? "null").stream).toBeUndefined()
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

  it.scoped("the API key never appears in logs, even at debug level on an error answer", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const logger = Logger.make(({ annotations, message }) => lines.push(JSON.stringify([message, [...annotations]])))
      const { client } = yield* stubbed(() => StubHttp.json(401, Fixtures.errorBody("authentication_error")))
      const error = yield* Effect.flip(client.messages.create(hello)).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      expect(error.reason).toBe("Unauthorized")
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.join("\n")).not.toContain(Fixtures.API_KEY)
      expect(error.message).not.toContain(Fixtures.API_KEY)
    }))

  it.scoped("an overloaded_error is Overloaded on 529, 503 and 500 alike, and is retried", () =>
    Effect.gen(function*() {
      for (const status of [529, 503, 500]) {
        const { client, requests } = yield* stubbed(() =>
          StubHttp.json(status, Fixtures.errorBody("overloaded_error", "Overloaded"), { "request-id": `req_${status}` })
        )
        const fiber = yield* Effect.fork(Effect.flip(client.messages.create(hello)))
        yield* TestClock.adjust(Duration.seconds(2))
        const error = yield* Fiber.join(fiber)
        expect([status, error.reason, error.retryable]).toEqual([status, "Overloaded", true])
        expect(error.requestId).toBe(`req_${status}`)
        expect(error.details).toEqual({ type: "overloaded_error" })
        const times = (yield* requests).map((r) => r.atMillis)
        expect(times.map((t) => t - (times[0] ?? 0))).toEqual([0, 500, 1500])
      }
    }))

  it.scoped("a 429 waits its retry-after; a reached spend limit is Forbidden and not retried", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed((attempt) =>
        attempt === 1
          ? StubHttp.json(429, Fixtures.errorBody("rate_limit_error"), {
            "retry-after": "3",
            "anthropic-ratelimit-requests-remaining": "0"
          })
          : StubHttp.json(200, { input_tokens: 12 })
      )
      const fiber = yield* Effect.fork(client.messages.countTokens({ model: "claude-sonnet-4-5", messages: hello.messages }))
      yield* TestClock.adjust(Duration.seconds(3))
      expect((yield* Fiber.join(fiber)).input_tokens).toBe(12)
      expect((yield* requests).map((r) => r.atMillis)).toEqual([0, 3000])

      const spent = yield* stubbed(() =>
        StubHttp.json(429, Fixtures.errorBody("rate_limit_error", "limit", { error_code: "enforced_spend_limit_reached" }))
      )
      const error = yield* Effect.flip(spent.client.messages.create(hello))
      expect(error.reason).toBe("Forbidden")
      expect(error.retryable).toBe(false)
      expect(error.details).toEqual({ type: "rate_limit_error", error_code: "enforced_spend_limit_reached" })
      expect(yield* spent.requests).toHaveLength(1)
    }))

  it.scoped("maps Anthropic's documented error types and keeps the message out", () =>
    Effect.gen(function*() {
      const cases = [
        [400, "invalid_request_error", "InvalidRequest"],
        [402, "billing_error", "Forbidden"],
        [403, "permission_error", "Forbidden"],
        [404, "not_found_error", "NotFound"],
        [413, "request_too_large", "InvalidRequest"],
        [504, "timeout_error", "Timeout"]
      ] as const
      for (const [status, type, reason] of cases) {
        const { client } = yield* stubbed(() => StubHttp.json(status, Fixtures.errorBody(type)), { policy: { maxRetries: 0 } })
        const error = yield* Effect.flip(client.messages.create(hello))
        expect([status, error.reason]).toEqual([status, reason])
        expect(error.message).toContain(type)
        expect(error.message).not.toContain("secret prompt")
      }
    }))

  it.scoped("rejects invalid input before any request is made", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(200, Fixtures.message))
      const noMessages = yield* Effect.flip(client.messages.create({ ...hello, messages: [] }))
      expect(noMessages.reason).toBe("InvalidRequest")
      const zeroTokens = yield* Effect.flip(client.messages.create({ ...hello, max_tokens: 0 }))
      expect(zeroTokens.reason).toBe("InvalidRequest")
      const smallBudget = yield* Effect.flip(
        client.messages.create({ ...hello, thinking: { type: "enabled", budget_tokens: 100 } })
      )
      expect(smallBudget.reason).toBe("InvalidRequest")
      const badTool = yield* Effect.flip(
        client.messages.create({ ...hello, tools: [{ name: "has spaces", input_schema: { type: "object" } }] })
      )
      expect(badTool.reason).toBe("InvalidRequest")
      expect(yield* requests).toHaveLength(0)
    }))

  it.scoped("lists every model as a stream, following after_id while has_more", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed((attempt) =>
        attempt === 1
          ? StubHttp.json(200, Fixtures.models(["claude-a", "claude-b"], true))
          : StubHttp.json(200, Fixtures.models(["claude-c"], false))
      )
      const models = yield* Stream.runCollect(client.models.listAll())
      expect(Chunk.toReadonlyArray(models).map((model) => model.id)).toEqual(["claude-a", "claude-b", "claude-c"])
      expect((yield* requests).map((r) => r.url)).toEqual([
        "https://api.anthropic.com/v1/models?limit=100",
        "https://api.anthropic.com/v1/models?limit=100&after_id=claude-b"
      ])
    }))

  it.scoped("the layer registers a health check that lists one model", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, Fixtures.models(["claude-a"], true)))
      const report = yield* Effect.flatMap(Health.HealthChecks, (registry) => registry.run).pipe(
        Effect.provide(AnthropicClient.layer({ apiKey }).pipe(Layer.provideMerge(Health.layer))),
        Effect.provide(stub.layer)
      )
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([["anthropic", "up"]])
      expect((yield* stub.requests).map((r) => [r.method, r.url])).toEqual([
        ["GET", "https://api.anthropic.com/v1/models?limit=1"]
      ])
    }))

  it.scoped("layerConfig reads the key and base URL from the environment; a missing key is reported by name only", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { input_tokens: 1 }))
      yield* Effect.flatMap(AnthropicClient.AnthropicClient, (client) =>
        client.messages.countTokens({ model: "claude-sonnet-4-5", messages: hello.messages })).pipe(
          Effect.provide(AnthropicClient.layerConfig({ version: "2024-01-01" })),
          Effect.provide(stub.layer),
          withEnv([["ANTHROPIC_API_KEY", Fixtures.API_KEY], ["ANTHROPIC_BASE_URL", "https://gateway.example"]])
        )
      const [sent] = yield* stub.requests
      expect(sent?.url).toBe("https://gateway.example/v1/messages/count_tokens")
      expect(sent?.headers["anthropic-version"]).toBe("2024-01-01")
      expect(sent?.headers["x-api-key"]).toBe(Fixtures.API_KEY)

      const missing = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(AnthropicClient.fromEnv)).pipe(
          Effect.scoped,
          Effect.provide(stub.layer),
          withEnv([["ANTHROPIC_BASE_URL", "https://gateway.example"]])
        )
      )
      expect(IntegrationConfig.problems(missing).map((p) => [p.key, p.kind])).toEqual([["ANTHROPIC_API_KEY", "Missing"]])
      const blank = yield* Effect.flip(
        Layer.build(AnthropicClient.layerConfig()).pipe(
          Effect.scoped,
          Effect.provide(stub.layer),
          withEnv([["ANTHROPIC_API_KEY", " "]])
        )
      )
      expect(IntegrationConfig.problems(blank).map((p) => [p.key, p.kind])).toEqual([["ANTHROPIC_API_KEY", "Invalid"]])
    }))

  it.effect("layerTest dies naming a method the test did not implement", () =>
    Effect.gen(function*() {
      const client = yield* AnthropicClient.AnthropicClient.pipe(
        Effect.provide(AnthropicClient.layerTest({ messages: { countTokens: () => Effect.succeed({ input_tokens: 3 }) } }))
      )
      expect((yield* client.messages.countTokens({ model: "m", messages: hello.messages })).input_tokens).toBe(3)
      const exit = yield* Effect.exit(Effect.suspend(() => client.messages.create(hello)))
      expect(Exit.isFailure(exit) && exit.cause._tag === "Die" ? String(exit.cause.defect) : "").toContain(
        "AnthropicClient.messages.create is not implemented"
      )
    }))

  it.effect("layerTest: a method left out fails inside its Effect (or Stream) naming it, and the health check passes", () =>
    Effect.gen(function*() {
      const claude = yield* AnthropicClient.AnthropicClient.pipe(Effect.provide(AnthropicClient.layerTest({})))
      const exit = yield* Effect.exit(claude.messages.create(hello))
      expect(Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "").toContain(
        "AnthropicClient.messages.create is not implemented in this test layer"
      )
      const streamed = yield* Effect.exit(Stream.runDrain(claude.models.listAll()))
      expect(Exit.isFailure(streamed) ? Cause.pretty(streamed.cause) : "").toContain("AnthropicClient.models.listAll")
      yield* claude.healthCheck
    }))

  it.scoped("the kernel's settings pass through: a bulkhead of one turns a second concurrent call away unsent", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(
        () => ({ status: 200, body: { input_tokens: 1 }, delay: "1 second" }),
        { bulkhead: { maxConcurrent: 1 } }
      )
      const count = client.messages.countTokens({ model: hello.model, messages: hello.messages })
      const first = yield* Effect.fork(count)
      while ((yield* requests).length === 0) yield* Effect.yieldNow()
      const rejected = yield* Effect.flip(count)
      expect(rejected.reason).toBe("BulkheadRejected")
      yield* TestClock.adjust(Duration.seconds(1))
      expect((yield* Fiber.join(first)).input_tokens).toBe(1)
      expect(yield* requests).toHaveLength(1)
    }))

  it.scoped("headers given in the options go on every request; version and betas win over them", () =>
    Effect.gen(function*() {
      const { client, requests } = yield* stubbed(() => StubHttp.json(200, { input_tokens: 2 }), {
        version: "2024-01-01",
        headers: { "x-team": "support", "anthropic-version": "1999-01-01" }
      })
      yield* client.messages.countTokens({ model: hello.model, messages: hello.messages })
      const [sent] = yield* requests
      expect(sent?.headers["x-team"]).toBe("support")
      expect(sent?.headers["anthropic-version"]).toBe("2024-01-01")
      expect(sent?.headers["anthropic-beta"]).toBeUndefined()
    }))
})
