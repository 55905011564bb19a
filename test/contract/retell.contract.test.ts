/**
 * Retell AI's contract against the client. The OpenAPI document here is a stale community copy of Retell's hosted spec
 * (retell/openapi.tryAGI-processed.yaml, OAS 3.0.3): every operation it documents is checked as for other vendors (the
 * requests the client sends validated against its request schemas, its examples and sampled responses decoded with our
 * Schemas, the client run against Prism on the committed slice). Four operations are newer than the copy and are
 * capture-tested only, against Retell's API reference and its TypeScript SDK (RetellAI/retell-typescript-sdk,
 * `api.md` and `src/resources/{call,agent}.ts`, 2026-07):
 *
 * | operation | source |
 * |---|---|
 * | `POST /v3/list-calls` | https://docs.retellai.com/api-references/list-calls, SDK `CallListParams` / `CallListResponse` |
 * | `POST /v2/stop-call/{call_id}` | https://docs.retellai.com/api-references/stop-call, SDK `call.stop` (204, no body) |
 * | `POST /v2/list-agents` | https://docs.retellai.com/api-references/list-agents, SDK `AgentListParams` / `AgentListResponse` |
 * | `POST /publish-agent-version/{agent_id}` | https://docs.retellai.com/api-references/publish-agent-version, SDK `AgentPublishParams` (no body back) |
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as RetellClient from "../../src/vendors/retell/RetellClient.js"
import * as RetellSchemas from "../../src/vendors/retell/RetellSchemas.js"
import * as RetellServer from "../vendors/retell/support/RetellServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("retell/openapi.tryAGI-processed.yaml")
const API_KEY = Redacted.make("key_contract_test_key")
const AGENT_ID = "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD"
const CALL_ID = "Jabr9TXYYJHfvl6Syypi88rdAHYHmcq6"

const phoneCall: RetellSchemas.CreatePhoneCallParams = {
  from_number: "+14157774444",
  to_number: "+12137774445",
  override_agent_id: AGENT_ID,
  override_agent_version: 1,
  metadata: { lead: "l_1" },
  retell_llm_dynamic_variables: { customer_name: "John Doe" }
}
const webCall: RetellSchemas.CreateWebCallParams = {
  agent_id: AGENT_ID,
  agent_version: 1,
  metadata: { session: "s_1" },
  retell_llm_dynamic_variables: { customer_name: "John Doe" }
}
const registered: RetellSchemas.RegisterPhoneCallParams = {
  agent_id: AGENT_ID,
  agent_version: 1,
  direction: "inbound",
  from_number: "+12137771234",
  to_number: "+12137771235",
  metadata: {},
  retell_llm_dynamic_variables: { customer_name: "John Doe" }
}
const agent: RetellSchemas.CreateAgentParams = {
  response_engine: { type: "retell-llm", llm_id: "llm_234sdertfsdsfsdf", version: 0 },
  voice_id: "11labs-Adrian",
  agent_name: "Jarvis",
  language: "en-US",
  webhook_url: "https://webhook-url-here",
  interruption_sensitivity: 1,
  responsiveness: 1,
  voice_speed: 1,
  voice_temperature: 1,
  max_call_duration_ms: 3_600_000,
  end_call_after_silence_ms: 600_000
}

/** `POST /v3/list-calls`, as the SDK's `CallListResponse` and the reference's example show it. */
const callPage = { items: [RetellServer.phoneCall, RetellServer.webCall], has_more: true, pagination_key: "call_7Rf2" }
/** `POST /v2/list-agents`, as the SDK's `AgentListResponse` shows it. */
const agentPage = {
  items: [{ agent_id: AGENT_ID, agent_name: "Jarvis", channel: "voice", tags: { prod: { version: 2 } }, user_modified_timestamp: 1703413636133 }],
  has_more: false
}
/** The request fields `CallListParams` and `AgentListParams` document. */
const listCallFields = ["filter_criteria", "include_total", "limit", "pagination_key", "skip", "sort_order"]
const listAgentFields = ["filter_criteria", "limit", "pagination_key", "sort_order"]

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

const reply = (request: RetellServer.Captured): RetellServer.Reply => {
  if (request.method === "DELETE" || request.path.startsWith("/v2/stop-call") || request.path.startsWith("/publish-agent-version")) {
    return { status: 204 }
  }
  if (request.path === "/v3/list-calls") return { body: request.body.includes("call_7Rf2") ? { items: [], has_more: false } : callPage }
  if (request.path === "/v2/list-agents") return { body: agentPage }
  if (request.path.startsWith("/get-agent-versions")) return { body: [RetellServer.agent] }
  if (request.path.includes("agent")) return { status: request.method === "POST" ? 201 : 200, body: RetellServer.agent }
  if (request.path.includes("phone-number")) {
    return { body: request.path.startsWith("/v2/") ? { items: [RetellServer.phoneNumber], has_more: false } : RetellServer.phoneNumber }
  }
  if (request.path === "/v2/create-web-call") return { status: 201, body: RetellServer.webCall }
  return { status: request.method === "POST" ? 201 : 200, body: RetellServer.phoneCall }
}

describe("Retell contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("call creations, call and agent updates and agent creation validate against the spec's request schemas", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(reply)
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* retell.calls.createPhoneCall(phoneCall)
        yield* retell.calls.createWebCall(webCall)
        yield* retell.calls.registerPhoneCall(registered)
        yield* retell.calls.update(CALL_ID, { metadata: { lead: "l_2" } })
        yield* retell.agents.create(agent)
        yield* retell.agents.update(AGENT_ID, { agent_name: "Jarvis 2", voice_speed: 1.2 })
        const requests = yield* server.requests
        const checks = [
          ["post", "/v2/create-phone-call"],
          ["post", "/v2/create-web-call"],
          ["post", "/v2/register-phone-call"],
          ["patch", "/v2/update-call/{call_id}"],
          ["post", "/create-agent"],
          ["patch", "/update-agent/{agent_id}"]
        ] as const
        checks.forEach(([method, path], index) => {
          expectValid(OpenApi.requestValidator(spec, method, path)(JSON.parse(requests[index]!.body)), `${method} ${path}`)
        })
        for (const request of requests) {
          expect(request.headers.authorization).toBe(`Bearer ${Redacted.value(API_KEY)}`)
          expect(request.headers["idempotency-key"]).toBeUndefined()
        }
        // The validator is not vacuous: a phone call without its numbers fails it.
        expect(OpenApi.requestValidator(spec, "post", "/v2/create-phone-call")({ metadata: {} }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("reads, deletes, versions, numbers and the health check call the spec's paths", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(reply)
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* retell.calls.retrieve(CALL_ID)
        yield* retell.calls.delete(CALL_ID)
        yield* retell.agents.retrieve(AGENT_ID, { version: 1 })
        yield* retell.agents.versions(AGENT_ID)
        yield* retell.agents.delete(AGENT_ID)
        yield* retell.phoneNumbers.retrieve("+14157774444")
        yield* retell.phoneNumbers.listPage({ limit: 10, sort_order: "descending" })
        yield* Stream.runDrain(retell.phoneNumbers.list())
        yield* retell.healthCheck
        const requests = yield* server.requests
        expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          `GET /v2/get-call/${CALL_ID}`,
          `DELETE /v2/delete-call/${CALL_ID}`,
          `GET /get-agent/${AGENT_ID}`,
          `GET /get-agent-versions/${AGENT_ID}`,
          `DELETE /delete-agent/${AGENT_ID}`,
          "GET /get-phone-number/%2B14157774444",
          "GET /v2/list-phone-numbers",
          "GET /v2/list-phone-numbers",
          "GET /v2/list-phone-numbers"
        ])
        // Query parameters are the spec's (`LimitParam`, `SortOrderParam`, `PaginationKeyParam`, agent `version`).
        expect(requests[2]!.query.get("version")).toBe("1")
        expect(Object.fromEntries(requests[6]!.query)).toEqual({ limit: "10", sort_order: "descending" })
        for (const [method, path] of [["get", "/get-agent/{agent_id}"], ["get", "/v2/list-phone-numbers"]] as const) {
          expect(spec.document.paths).toHaveProperty([path, method])
        }
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("capture-only: operations newer than the spec, against Retell's reference and SDK", () => {
    it.scoped("lists calls over POST /v3/list-calls with pagination_key and decodes the reference's page", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(reply)
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        const page = yield* retell.calls.listPage({ limit: 2, sort_order: "descending", filter_criteria: { agent: [{ agent_id: AGENT_ID }] } })
        expect(page.items?.map((c) => c.call_type)).toEqual(["phone_call", "web_call"])
        const all = yield* Stream.runCollect(retell.calls.list({ limit: 2 }))
        expect(Chunk.size(all)).toBe(2)
        const requests = yield* server.requests
        for (const request of requests) {
          expect([request.method, request.path]).toEqual(["POST", "/v3/list-calls"])
          expect(Object.keys(JSON.parse(request.body)).every((key) => listCallFields.includes(key))).toBe(true)
        }
        expect(JSON.parse(requests[2]!.body)).toEqual({ limit: 2, pagination_key: "call_7Rf2" })
        yield* decodes(RetellSchemas.CallPage, callPage)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("stops a call with POST /v2/stop-call/{call_id} and no body, as the SDK does", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(reply)
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* retell.calls.stop(CALL_ID)
        const [request] = yield* server.requests
        expect([request!.method, request!.path, request!.body, request!.headers.accept]).toEqual(["POST", `/v2/stop-call/${CALL_ID}`, "", "*/*"])
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("lists agents over POST /v2/list-agents and publishes a version over POST /publish-agent-version/{agent_id}", () =>
      Effect.gen(function*() {
        const server = yield* RetellServer.make(reply)
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        const page = yield* retell.agents.listPage({ limit: 50 })
        expect(page.items?.[0]?.channel).toBe("voice")
        const all = yield* Stream.runCollect(retell.agents.list())
        expect(Chunk.toReadonlyArray(all).map((a) => a.agent_id)).toEqual([AGENT_ID])
        yield* retell.agents.publish(AGENT_ID, { version: 2, version_title: "Launch", version_description: "First release" })
        const [list, stream, publish] = yield* server.requests
        for (const request of [list!, stream!]) {
          expect([request.method, request.path]).toEqual(["POST", "/v2/list-agents"])
          expect(Object.keys(JSON.parse(request.body)).every((key) => listAgentFields.includes(key))).toBe(true)
        }
        expect([publish!.method, publish!.path]).toEqual(["POST", `/publish-agent-version/${AGENT_ID}`])
        expect(JSON.parse(publish!.body)).toEqual({ version: 2, version_title: "Launch", version_description: "First release" })
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/v2/create-phone-call", "201", RetellSchemas.Call],
      ["post", "/v2/create-web-call", "201", RetellSchemas.Call],
      ["post", "/v2/register-phone-call", "201", RetellSchemas.Call],
      ["get", "/v2/get-call/{call_id}", "200", RetellSchemas.Call],
      ["patch", "/v2/update-call/{call_id}", "200", RetellSchemas.Call],
      ["post", "/create-agent", "201", RetellSchemas.Agent],
      ["get", "/get-agent/{agent_id}", "200", RetellSchemas.Agent],
      ["patch", "/update-agent/{agent_id}", "200", RetellSchemas.Agent],
      ["get", "/get-agent-versions/{agent_id}", "200", Schema.Array(RetellSchemas.Agent)],
      ["get", "/get-phone-number/{phone_number}", "200", RetellSchemas.PhoneNumber],
      ["get", "/v2/list-phone-numbers", "200", RetellSchemas.PhoneNumberPage]
    ] as const

    it.effect("every example and a sampled response of each operation, after checking them against the spec", () =>
      Effect.gen(function*() {
        for (const [method, path, status, schema] of operations) {
          const sample = OpenApi.sample(spec, method, path, status)
          expectValid(OpenApi.responseValidator(spec, method, path, status)(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path, status)) {
            yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
          }
        }
        // Our fixtures, used by the capture-only checks, are valid answers of the documented operations.
        expectValid(OpenApi.responseValidator(spec, "get", "/v2/get-call/{call_id}")(RetellServer.phoneCall), "phone call fixture")
        expectValid(OpenApi.responseValidator(spec, "get", "/get-agent/{agent_id}")(RetellServer.agent), "agent fixture")
        expectValid(OpenApi.responseValidator(spec, "get", "/get-phone-number/{phone_number}")(RetellServer.phoneNumber), "number fixture")
      }))

    it.effect("the spec's webhook event names are the typed events", () =>
      Effect.gen(function*() {
        const { RetellEvents } = yield* Effect.promise(() => import("../../src/vendors/retell/index.js"))
        // A voice agent's `webhook_events` lists the call events; a chat agent's (`chat_*`) stay unknown events, kept whole.
        const schemas = (spec.document.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas
        const eventsOf = (name: string) =>
          (schemas[name]?.properties?.webhook_events as { items?: { enum?: ReadonlyArray<string> } } | undefined)?.items?.enum ?? []
        expect([...eventsOf("AgentRequest")].sort()).toEqual([...RetellEvents.knownTypes].sort())
        for (const type of eventsOf("ChatAgentRequest")) {
          const event = yield* RetellEvents.decodeEvent({ event: type, chat: { chat_id: "chat_1" } })
          expect(RetellEvents.isKnown(event)).toBe(false)
        }
        expect(eventsOf("ChatAgentRequest").length).toBeGreaterThan(0)
      }))
  })

  describe("against Prism", () => {
    it.live("every operation the spec documents is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        // The whole copy loads in about 30 s; the slice drops the description a bodiless 204 needs, and Prism then ignores it.
        const prism = yield* Prism.start("retell/openapi.tryAGI-processed.yaml", { startTimeoutMillis: 150_000, seed: "effect-integrations" })
        const retell = yield* Coverage.tracking(RetellClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
        // Dynamic responses differ on each call: several calls cover more of what the spec allows.
        for (let i = 0; i < 3; i++) {
          expect(typeof (yield* retell.calls.createPhoneCall(phoneCall)).call_id).toBe("string")
          expect(typeof (yield* retell.calls.createWebCall(webCall)).call_id).toBe("string")
          expect(typeof (yield* retell.calls.registerPhoneCall(registered)).call_id).toBe("string")
          yield* retell.calls.retrieve(CALL_ID)
          yield* retell.calls.update(CALL_ID, { metadata: { lead: "l_3" } })
          yield* retell.calls.delete(CALL_ID)
          expect(typeof (yield* retell.agents.create(agent)).agent_id).toBe("string")
          yield* retell.agents.retrieve(AGENT_ID)
          yield* retell.agents.update(AGENT_ID, { agent_name: "Jarvis 3" })
          yield* retell.agents.versions(AGENT_ID)
          yield* retell.agents.delete(AGENT_ID)
          // Prism's generator breaks the copy's own `exclusiveMinimum` on agent weights in numbers: the static example.
          const staticAnswer = { headers: { prefer: "dynamic=false" } }
          expect((yield* retell.phoneNumbers.retrieve("+14157774444", staticAnswer)).phone_number).toBe("+14157774444")
          expect((yield* retell.phoneNumbers.listPage({ limit: 5 }, staticAnswer)).items?.length).toBeGreaterThan(0)
        }
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 240_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Retell",
    specs: [spec],
    prism: true,
    unspecified: {
      "POST /v3/list-calls": "newer than the community OpenAPI copy; capture-tested against Retell's API reference and SDK",
      "POST /v2/stop-call/{call_id}": "newer than the community OpenAPI copy; capture-tested against Retell's API reference and SDK",
      "POST /v2/list-agents": "newer than the community OpenAPI copy; capture-tested against Retell's API reference and SDK",
      "POST /publish-agent-version/{agent_id}":
        "newer than the community OpenAPI copy (it has /publish-agent/{agent_id}); capture-tested against Retell's API reference and SDK"
    },
    client: RetellClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
