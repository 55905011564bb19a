import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as RetellClient from "../../../src/vendors/retell/RetellClient.js"
import * as RetellError from "../../../src/vendors/retell/RetellError.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as RetellServer from "./support/RetellServer.js"

const API_KEY = "key_canary_7Qx2pLmN0xYz"

const client = (options: Partial<RetellClient.Options> = {}) => RetellClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("RetellClient", () => {
  describe("requests on the wire", () => {
    it.scoped("creates a phone call as a JSON POST with bearer auth and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(() => ({ status: 201, body: { ...RetellServer.phoneCall, call_status: "registered" } }))
        const retell = yield* client({ baseUrl: server.url })
        const params = {
          from_number: "+14157774444",
          to_number: "+12137774445",
          override_agent_id: "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
          metadata: { lead: "l_1" },
          retell_llm_dynamic_variables: { customer_name: "John" }
        }
        const call = yield* retell.calls.createPhoneCall(params)
        expect(call.call_id).toBe(RetellServer.phoneCall.call_id)
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/v2/create-phone-call"])
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        expect(request?.headers["content-type"]).toContain("application/json")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual(params)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("sends each operation to its path, ids percent-encoded, versions in the query", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make((request) => {
          if (request.path.startsWith("/get-agent-versions")) return { body: [RetellServer.agent] }
          if (request.path.includes("agent")) return request.method === "DELETE" || request.path.startsWith("/publish") ? { status: 204 } : { body: RetellServer.agent }
          if (request.path.includes("phone-number")) return { body: RetellServer.phoneNumber }
          if (request.method === "DELETE" || request.path.startsWith("/v2/stop-call")) return { status: 204 }
          return { body: RetellServer.phoneCall }
        })
        const retell = yield* client({ baseUrl: server.url })
        yield* retell.calls.retrieve("call/../x")
        yield* retell.calls.update("c_1", { metadata: { a: 1 }, data_storage_setting: "everything_except_pii" })
        yield* retell.calls.stop("c_1")
        yield* retell.calls.delete("c_1")
        yield* retell.agents.retrieve("a_1", { version: 2 })
        yield* retell.agents.update("a_1", { agent_name: "New" }, { version: 3 })
        yield* retell.agents.publish("a_1", { version: 3, version_title: "v3" })
        yield* retell.agents.versions("a_1")
        yield* retell.agents.delete("a_1")
        yield* retell.phoneNumbers.retrieve("+14157774444")
        const requests = yield* server.requests
        expect(requests.map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query}` : ""}`)).toEqual([
          "GET /v2/get-call/call%2F..%2Fx",
          "PATCH /v2/update-call/c_1",
          "POST /v2/stop-call/c_1",
          "DELETE /v2/delete-call/c_1",
          "GET /get-agent/a_1?version=2",
          "PATCH /update-agent/a_1?version=3",
          "POST /publish-agent-version/a_1",
          "GET /get-agent-versions/a_1",
          "DELETE /delete-agent/a_1",
          "GET /get-phone-number/%2B14157774444"
        ])
        expect(JSON.parse(requests[1]!.body)).toEqual({ metadata: { a: 1 }, data_storage_setting: "everything_except_pii" })
        expect(JSON.parse(requests[6]!.body)).toEqual({ version: 3, version_title: "v3" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("streams calls page by page with pagination_key until has_more is false", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make((_request, index) =>
          index === 1
            ? { body: { items: [RetellServer.phoneCall, RetellServer.webCall], has_more: true, pagination_key: "pk_2" } }
            : { body: { items: [{ ...RetellServer.webCall, call_id: "c_3" }], has_more: false, pagination_key: "pk_3" } }
        )
        const retell = yield* client({ baseUrl: server.url })
        const calls = Chunk.toReadonlyArray(yield* Stream.runCollect(retell.calls.list({ limit: 2, filter_criteria: { call_type: ["web_call"] } })))
        expect(calls.map((c) => c.call_type)).toEqual(["phone_call", "web_call", "web_call"])
        const requests = yield* server.requests
        expect(requests.map((r) => [r.method, r.path])).toEqual([["POST", "/v3/list-calls"], ["POST", "/v3/list-calls"]])
        expect(JSON.parse(requests[0]!.body)).toEqual({ limit: 2, filter_criteria: { call_type: ["web_call"] } })
        expect(JSON.parse(requests[1]!.body)).toEqual({ limit: 2, filter_criteria: { call_type: ["web_call"] }, pagination_key: "pk_2" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("streams agents over POST /v2/list-agents and numbers over GET /v2/list-phone-numbers", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make((request) =>
          request.path === "/v2/list-agents"
            ? request.body.includes("pk_a")
              ? { body: { items: [{ agent_id: "a_2", agent_name: "B", channel: "voice", tags: {}, user_modified_timestamp: 2 }], has_more: false } }
              : { body: { items: [{ agent_id: "a_1", agent_name: "A", channel: "chat", tags: {}, user_modified_timestamp: 1 }], has_more: true, pagination_key: "pk_a" } }
            : request.query.get("pagination_key") === "+14157774444"
            ? { body: { items: [], has_more: false } }
            : { body: { items: [RetellServer.phoneNumber], has_more: true, pagination_key: "+14157774444" } }
        )
        const retell = yield* client({ baseUrl: server.url })
        const agents = yield* Stream.runCollect(retell.agents.list({ sort_order: "ascending" }))
        expect(Chunk.toReadonlyArray(agents).map((a) => a.agent_id)).toEqual(["a_1", "a_2"])
        const numbers = yield* Stream.runCollect(retell.phoneNumbers.list({ limit: 1 }))
        expect(Chunk.toReadonlyArray(numbers).map((n) => n.phone_number)).toEqual(["+14157774444"])
        const requests = yield* server.requests
        expect(requests.slice(2).map((r) => `${r.method} ${r.path}?${r.query}`)).toEqual([
          "GET /v2/list-phone-numbers?limit=1",
          "GET /v2/list-phone-numbers?limit=1&pagination_key=%2B14157774444"
        ])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("validation before any I/O", () => {
    it.scoped("refuses bad numbers, ids, empty updates and out-of-range settings, sending nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const retell = yield* client().pipe(Effect.provide(stub.layer))
        const attempts = [
          retell.calls.createPhoneCall({ from_number: "415", to_number: "+14155550123" }),
          retell.calls.retrieve(""),
          retell.calls.stop(".."),
          retell.calls.update("c_1", {}),
          retell.agents.update("a_1", {}),
          retell.agents.create({ response_engine: { type: "retell-llm", llm_id: "l" }, voice_id: "v", interruption_sensitivity: 2 }),
          retell.agents.publish("a_1", { version: -1 }),
          retell.phoneNumbers.retrieve("4157774444"),
          retell.calls.listPage({ limit: 0 })
        ]
        for (const attempt of attempts) {
          const error = yield* Effect.flip(attempt)
          expect(error.reason).toBe("InvalidRequest")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failures and retries", () => {
    it.scoped("never repeats a phone call after a 500 or a dropped connection, and says it may have been placed", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(500, { status: "error", message: "boom" }) : { transportError: true }))
        const retell = yield* client().pipe(Effect.provide(stub.layer))
        const params = { from_number: "+14157774444", to_number: "+12137774445" }
        const server = yield* Effect.flip(retell.calls.createPhoneCall(params))
        expect([server.reason, server.status]).toEqual(["Server", 500])
        expect(server.description).toContain("may or may not have been placed")
        expect(RetellError.isAmbiguousCreate(server)).toBe(true)
        const dropped = yield* Effect.flip(retell.calls.createPhoneCall(params))
        expect(dropped.reason).toBe("Transport")
        expect(RetellError.isAmbiguousCreate(dropped)).toBe(true)
        expect(yield* stub.requests).toHaveLength(2)
      }))

    it.scoped("retries a read on a 500, backing off on the clock, and gives up after two retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(500, { status: "error", message: "An unexpected server error occurred." }))
        const retell = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.flip(retell.agents.versions("a_1")))
        yield* TestClock.adjust("30 seconds")
        const error = yield* Fiber.join(fiber)
        expect([error.reason, error.status]).toEqual(["Server", 500])
        expect(RetellError.isAmbiguousCreate(error)).toBe(false)
        expect(yield* stub.requests).toHaveLength(3)
      }))

    it.scoped("maps 402, 422, 401 and 429 and keeps Retell's message out of the error", () =>
      Effect.gen(function*() {
        const replies = [
          StubHttp.json(402, { status: "error", message: `Trial has ended ${API_KEY}` }),
          StubHttp.json(422, { status: "error", message: "Cannot find requested asset under given api key." }),
          StubHttp.json(401, { status: "error", message: "API key is missing or invalid." }),
          StubHttp.json(429, { status: "error", message: "Account rate limited" }, { "retry-after": "2" }),
          StubHttp.json(200, RetellServer.agent)
        ]
        const stub = yield* StubHttp.make((n) => replies[n - 1]!)
        const retell = yield* client().pipe(Effect.provide(stub.layer))
        const payment = yield* Effect.flip(retell.agents.retrieve("a_1"))
        expect([payment.reason, RetellError.isPaymentRequired(payment), RetellError.details(payment)]).toEqual([
          "Forbidden",
          true,
          { kind: "payment_required" }
        ])
        expect(payment.message).not.toContain(API_KEY)
        expect(payment.message).not.toContain("Trial has ended")
        const missing = yield* Effect.flip(retell.agents.retrieve("a_1"))
        expect([missing.reason, missing.status]).toEqual(["NotFound", 422])
        const unauthorized = yield* Effect.flip(retell.agents.retrieve("a_1"))
        expect(unauthorized.reason).toBe("Unauthorized")
        const fiber = yield* Effect.fork(retell.agents.retrieve("a_1"))
        yield* TestClock.adjust("5 seconds")
        expect((yield* Fiber.join(fiber)).agent_id).toBe(RetellServer.agent.agent_id)
        expect(yield* stub.requests).toHaveLength(5)
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(RetellClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["RETELL_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["RETELL_API_KEY", "Missing"],
          ["RETELL_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig sends the key from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(401, { status: "error", message: `Bad key ${API_KEY}` }))
        const exit = yield* Effect.exit(
          Effect.flatMap(RetellClient.RetellClient, (retell) => retell.calls.retrieve("c_1")).pipe(
            Effect.provide(RetellClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["RETELL_API_KEY", API_KEY]])
          )
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).not.toContain(API_KEY)
      }))

    it.effect("layerTest serves the given methods and fails naming any other", () =>
      Effect.gen(function*() {
        const retell = yield* RetellClient.RetellClient
        expect((yield* retell.agents.versions("a_1"))).toEqual([])
        const exit = yield* Effect.exit(Effect.suspend(() => retell.calls.stop("c_1")))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("RetellClient.calls.stop is not implemented")
      }).pipe(Effect.provide(RetellClient.layerTest({ agents: { versions: () => Effect.succeed([]) } }))))

    it.scoped("registers a retell health check: one GET /v2/list-phone-numbers?limit=1, a 503 as down", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, { items: [], has_more: false }) : StubHttp.json(503, { status: "error", message: "down" })
        )
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(RetellClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer)))
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "retell", critical: true }])
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, new URL(r.url).search])).toEqual([
          ["GET", "/v2/list-phone-numbers", "?limit=1"],
          ["GET", "/v2/list-phone-numbers", "?limit=1"]
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Retell.<resource>.<operation> and records no phone number", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(201, RetellServer.phoneCall))
        const retell = yield* client().pipe(Effect.provide(stub.layer))
        yield* retell.calls.createPhoneCall({ from_number: "+14157774444", to_number: "+12137779999" })
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Retell.calls.createPhoneCall")
        expect(span?.attributes).toMatchObject({ "http.response.status_code": 201 })
        expect(JSON.stringify(span?.attributes)).not.toContain("12137779999")
      }).pipe(Effect.provide(Tracing)))
  })
})
