import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as PostmarkClient from "../../../src/vendors/postmark/PostmarkClient.js"
import * as PostmarkError from "../../../src/vendors/postmark/PostmarkError.js"
import * as Email from "../../../src/vendors/postmark/resources/Email.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as RecordingServer from "../../support/RecordingServer.js"

const TOKEN = "9d3b6c1e-2f4a-4b7c-8e0d-canary000001"

const client = (options: Partial<PostmarkClient.Options> = {}) =>
  PostmarkClient.make({ serverToken: Redacted.make(TOKEN), ...options })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const sent = (to: string, id: string) => ({ To: to, SubmittedAt: "2026-12-07T10:00:00Z", MessageID: id, ErrorCode: 0, Message: "OK" })

const email = { From: "Acme <hello@acme.dev>", To: "jane@example.com", Subject: "Hi", TextBody: "Hello", MessageStream: "outbound" }

describe("PostmarkClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends email.send as JSON with the server token header, and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ body: sent("jane@example.com", "b7bc2f4a-e38e-4336-af7d-e6c392c2f817") }))
        const postmark = yield* client({ baseUrl: server.url })
        const result = yield* postmark.email.send({ ...email, Metadata: { order: "42" }, Cc: "\"Doe, Jo\" <jo@example.com>" })
        expect(result.MessageID).toBe("b7bc2f4a-e38e-4336-af7d-e6c392c2f817")
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/email"])
        expect(request?.headers["x-postmark-server-token"]).toBe(TOKEN)
        expect(request?.headers.accept).toBe("application/json")
        expect(request?.headers.authorization).toBeUndefined()
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual({ ...email, Metadata: { order: "42" }, Cc: "\"Doe, Jo\" <jo@example.com>" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("puts template ids and aliases in the path percent-encoded, and bounce queries in the query string", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) =>
          request.path.startsWith("/bounces")
            ? { body: { TotalCount: 0, Bounces: [] } }
            : { body: { TemplateID: 7, Name: "x", Subject: "s" } }
        )
        const postmark = yield* client({ baseUrl: server.url })
        yield* postmark.templates.get("welcome/../server")
        yield* postmark.templates.get(1234)
        yield* Stream.runDrain(postmark.bounces.list({ type: "HardBounce", inactive: true }))
        const [alias, id, bounces] = yield* server.requests
        expect(alias?.path).toBe("/templates/welcome%2F..%2Fserver")
        expect(id?.path).toBe("/templates/1234")
        expect(bounces?.path).toBe("/bounces")
        expect(Object.fromEntries(bounces!.query)).toEqual({ type: "HardBounce", inactive: "true", count: "500", offset: "0" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("bounces as a stream", () => {
    it.scoped("pages by count and offset until TotalCount, fetching no page beyond it", () =>
      Effect.gen(function*() {
        const bounce = (ID: number) => ({ ID, Type: "HardBounce", Email: "x@example.com" })
        const stub = yield* StubHttp.make((attempt) =>
          StubHttp.json(200, {
            TotalCount: 1001,
            Bounces: Array.from({ length: attempt < 3 ? 500 : 1 }, (_, i) => bounce((attempt - 1) * 500 + i))
          })
        )
        const postmark = yield* client().pipe(Effect.provide(stub.layer))
        const all = Chunk.toReadonlyArray(yield* Stream.runCollect(postmark.bounces.list()))
        expect(all).toHaveLength(1001)
        expect(all[1000]!.ID).toBe(1000)
        const offsets = (yield* stub.requests).map((r) => new URL(r.url).searchParams.get("offset"))
        expect(offsets).toEqual(["0", "500", "1000"])
      }))

    it.scoped("fails past Postmark's 10,000-bounce window instead of ending as if complete", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((attempt) =>
          StubHttp.json(200, { TotalCount: 20_000, Bounces: Array.from({ length: 500 }, (_, i) => ({ ID: attempt * 1000 + i })) })
        )
        const postmark = yield* client().pipe(Effect.provide(stub.layer))
        const error = yield* Effect.flip(Stream.runDrain(postmark.bounces.list()))
        expect([error.reason, error.operation]).toEqual(["InvalidRequest", "bounces.list"])
        expect(yield* stub.requests).toHaveLength(20)
      }))
  })

  describe("batch results", () => {
    it.effect("pairs each entry with its message by index; a count that does not match is ResponseDrift", () =>
      Effect.gen(function*() {
        const result = yield* Email.toBatchResult("email.sendBatch", 3, [
          sent("a@example.com", "m-a"),
          { ErrorCode: 300, Message: "Invalid 'To' address: 'b@'." },
          { ErrorCode: 0, Message: "OK" }
        ])
        expect(result.succeeded.map((s) => [s.index, s.value.MessageID])).toEqual([[0, "m-a"]])
        expect(result.failed.map((f) => [f.index, f.error.errorCode, f.error.error.reason])).toEqual([
          [1, 300, "InvalidRequest"],
          [2, 0, "ResponseDrift"]
        ])
        const drift = yield* Effect.flip(Email.toBatchResult("email.sendBatch", 2, [sent("a@example.com", "m")]))
        expect(drift.reason).toBe("ResponseDrift")
      }))
  })

  describe("errors and retries", () => {
    it.scoped("maps a 422 by its ErrorCode, keeps the code, drops the message (no address in errors or logs), and does not retry", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(422, { ErrorCode: 406, Message: "Found inactive addresses: jane@example.com." })
        )
        const postmark = yield* client().pipe(Effect.provide(stub.layer))
        const lines: Array<string> = []
        const logger = Logger.make(({ annotations, message }) => lines.push(JSON.stringify([message, [...annotations]])))
        const error = yield* Effect.flip(postmark.email.send(email)).pipe(
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.join("\n")).not.toContain("jane@example.com")
        expect([error.reason, error.status, error.retryable]).toEqual(["InvalidRequest", 422, false])
        expect(PostmarkError.isInactiveRecipient(error)).toBe(true)
        expect(error.details).toEqual({ errorCode: "406" })
        expect(JSON.stringify(error)).not.toContain("jane@example.com")
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("the token never appears in logs or errors, even at debug level on a 401", () =>
      Effect.gen(function*() {
        const lines: Array<string> = []
        const logger = Logger.make(({ annotations, message }) => lines.push(JSON.stringify([message, [...annotations]])))
        const stub = yield* StubHttp.make(() => StubHttp.json(401, { ErrorCode: 10, Message: `Bad token ${TOKEN}` }))
        const postmark = yield* client().pipe(Effect.provide(stub.layer))
        const error = yield* Effect.flip(postmark.templates.list({ Count: 1, Offset: 0 })).pipe(
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        expect([error.reason, PostmarkError.details(error).errorCode]).toEqual(["Unauthorized", "10"])
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.join("\n")).not.toContain(TOKEN)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(TOKEN)
        }
        expect(yield* stub.requests).toHaveLength(1)
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(PostmarkClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["POSTMARK_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["POSTMARK_SERVER_TOKEN", "Missing"],
          ["POSTMARK_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig sends the token from the environment", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { ID: 1, Name: "server" }))
        yield* Effect.flatMap(PostmarkClient.PostmarkClient, (postmark) => postmark.healthCheck).pipe(
          Effect.provide(PostmarkClient.layerConfig()),
          Effect.provide(stub.layer),
          withEnv([["POSTMARK_SERVER_TOKEN", TOKEN]])
        )
        const [request] = yield* stub.requests
        expect(new URL(request!.url).pathname).toBe("/server")
        expect(request?.headers["x-postmark-server-token"]).toBe(TOKEN)
      }))

    it.effect("layerTest serves the given methods and fails naming any other", () =>
      Effect.gen(function*() {
        const postmark = yield* PostmarkClient.PostmarkClient
        expect((yield* postmark.email.send(email)).MessageID).toBe("fake")
        const exit = yield* Effect.exit(Effect.suspend(() => postmark.templates.get(1)))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("PostmarkClient.templates.get is not implemented")
      }).pipe(
        Effect.provide(PostmarkClient.layerTest({
          email: { send: () => Effect.succeed({ MessageID: "fake", To: undefined, SubmittedAt: undefined }) }
        }))
      ))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Postmark.<resource>.<operation> and records no recipient nor token", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, sent("jane@example.com", "m-1")))
        const postmark = yield* client().pipe(Effect.provide(stub.layer))
        yield* postmark.email.send(email)
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Postmark.email.send")
        const attributes = JSON.stringify(span?.attributes)
        expect(attributes).not.toContain("jane@example.com")
        expect(attributes).not.toContain(TOKEN)
      }).pipe(Effect.provide(Tracing)))
  })
})
