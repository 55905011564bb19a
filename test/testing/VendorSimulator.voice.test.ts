import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const retell = (simulator: VendorSimulator.VendorSimulator.Service, key = "key_simulator") =>
(
  method: string,
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("retell")}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
    ...(json === undefined ? {} : { json })
  })

const AGENT = "agent_5f0b1c2d3e4f5a6b7c8d9e0f1a"
const FROM = "+14155550100"

describe("VendorSimulator: Retell", () => {
  it.scoped("lists the seeded number that health checks read, valid against Retell's spec", () =>
    Effect.gen(function*() {
      const call = retell(yield* VendorSimulator.make())
      const reply = yield* call("GET", "/v2/list-phone-numbers?limit=1")
      expect(reply.status).toBe(200)
      expect(reply.json).toMatchObject({ items: [{ phone_number: FROM, inbound_agent_id: AGENT }], has_more: false })
      valid(Spec.response("retell", "GET", "/v2/list-phone-numbers", 200, reply.json))
      const number = yield* call("GET", `/get-phone-number/${encodeURIComponent(FROM)}`)
      valid(Spec.response("retell", "GET", "/get-phone-number/{phone_number}", 200, number.json))
    }))

  it.scoped("places phone and web calls, registers one, updates and deletes them, answers valid against the spec", () =>
    Effect.gen(function*() {
      const call = retell(yield* VendorSimulator.make())
      const phone = yield* call("POST", "/v2/create-phone-call", { from_number: FROM, to_number: "+14155550123" })
      expect(phone.status).toBe(201)
      valid(Spec.response("retell", "POST", "/v2/create-phone-call", 201, phone.json))
      const web = yield* call("POST", "/v2/create-web-call", { agent_id: AGENT })
      valid(Spec.response("retell", "POST", "/v2/create-web-call", 201, web.json))
      const registered = yield* call("POST", "/v2/register-phone-call", { agent_id: AGENT, direction: "inbound" })
      valid(Spec.response("retell", "POST", "/v2/register-phone-call", 201, registered.json))
      const id = (phone.json as { call_id: string }).call_id
      const updated = yield* call("PATCH", `/v2/update-call/${id}`, { metadata: { a: 1 } })
      valid(Spec.response("retell", "PATCH", "/v2/update-call/{call_id}", 200, updated.json))
      const fetched = yield* call("GET", `/v2/get-call/${id}`)
      valid(Spec.response("retell", "GET", "/v2/get-call/{call_id}", 200, fetched.json))
      expect(fetched.json).toMatchObject({ call_id: id, metadata: { a: 1 } })
      expect((yield* call("POST", `/v2/stop-call/${id}`)).status).toBe(204)
      expect((yield* call("DELETE", `/v2/delete-call/${id}`)).status).toBe(204)
      expect((yield* call("GET", `/v2/get-call/${id}`)).status).toBe(422)
      const listed = yield* call("POST", "/v3/list-calls", { limit: 1 })
      expect(listed.json).toMatchObject({ has_more: true, items: [{}] })
    }))

  it.scoped("creates, updates, publishes and deletes an agent, answers valid against the spec", () =>
    Effect.gen(function*() {
      const call = retell(yield* VendorSimulator.make())
      const created = yield* call("POST", "/create-agent", { response_engine: { type: "retell-llm", llm_id: "llm_1" }, voice_id: "11labs-Adrian" })
      expect(created.status).toBe(201)
      valid(Spec.response("retell", "POST", "/create-agent", 201, created.json))
      const id = (created.json as { agent_id: string }).agent_id
      valid(Spec.response("retell", "GET", "/get-agent/{agent_id}", 200, (yield* call("GET", `/get-agent/${id}`)).json))
      valid(Spec.response("retell", "PATCH", "/update-agent/{agent_id}", 200, (yield* call("PATCH", `/update-agent/${id}`, { agent_name: "A" })).json))
      expect((yield* call("POST", `/publish-agent-version/${id}`, { version: 0 })).status).toBe(200)
      const versions = yield* call("GET", `/get-agent-versions/${id}`)
      valid(Spec.response("retell", "GET", "/get-agent-versions/{agent_id}", 200, versions.json))
      expect((versions.json as Array<{ version: number }>).map((v) => v.version)).toEqual([0, 1])
      const refused = yield* call("PATCH", `/update-agent/${id}?version=0`, { agent_name: "B" })
      expect(refused.status).toBe(400)
      expect((yield* call("POST", "/v2/list-agents", {})).json).toMatchObject({ has_more: false })
      expect((yield* call("DELETE", `/delete-agent/${id}`)).status).toBe(204)
      expect((yield* call("GET", `/get-agent/${id}`)).status).toBe(422)
    }))

  it.scoped("answers 401 without a key or with a wrong one, 400 and 422 for bad input, in Retell's error body", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const wrong = yield* retell(simulator, "sk_nope")("GET", "/v2/list-phone-numbers")
      expect([wrong.status, wrong.json]).toEqual([401, { status: "error", message: "API key is missing or invalid." }])
      const call = retell(simulator)
      expect((yield* call("POST", "/v2/create-phone-call", { from_number: "415", to_number: "+14155550123" })).status).toBe(400)
      const unknownNumber = yield* call("POST", "/v2/create-phone-call", { from_number: "+14155550999", to_number: "+14155550123" })
      expect([unknownNumber.status, (unknownNumber.json as { status: string }).status]).toEqual([422, "error"])
    }))

  it.scoped("counts a repeated phone call as a duplicate side effect, since Retell has no idempotency key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = retell(simulator)
      yield* call("POST", "/v2/create-phone-call", { from_number: FROM, to_number: "+14155550123" })
      yield* call("POST", "/v2/create-phone-call", { from_number: FROM, to_number: "+14155550123" })
      const stats = yield* simulator.stats
      expect(stats.sideEffects).toHaveLength(2)
      expect(stats.duplicates).toBe(1)
    }))
})

const waha = (simulator: VendorSimulator.VendorSimulator.Service, key = "waha_key") =>
(
  method: string,
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("waha")}${path}`, {
    method,
    headers: { "x-api-key": key },
    ...(json === undefined ? {} : { json })
  })

describe("VendorSimulator: WAHA", () => {
  it.scoped("serves sessions and sends with answers valid against WAHA's spec", () =>
    Effect.gen(function*() {
      const call = waha(yield* VendorSimulator.make())
      const sessions = yield* call("GET", "/api/sessions")
      valid(Spec.response("waha", "GET", "/api/sessions", 200, sessions.json))
      valid(Spec.response("waha", "GET", "/api/sessions/{session}/me", 200, (yield* call("GET", "/api/sessions/default/me")).json))
      const sent = yield* call("POST", "/api/sendText", { session: "default", chatId: "14155550123@c.us", text: "Hi" })
      expect(sent.status).toBe(201)
      valid(Spec.response("waha", "POST", "/api/sendText", 201, sent.json))
      const created = yield* call("POST", "/api/sessions", { name: "sales" })
      expect(created.status).toBe(201)
      valid(Spec.response("waha", "POST", "/api/sessions", 201, created.json))
      for (const action of ["start", "stop", "restart", "logout"]) {
        const reply = yield* call("POST", `/api/sessions/default/${action}`)
        valid(Spec.response("waha", "POST", `/api/sessions/{session}/${action}`, 201, reply.json))
      }
      valid(Spec.response("waha", "GET", "/api/sessions/{session}", 200, (yield* call("GET", "/api/sessions/default")).json))
      const qr = yield* call("GET", "/api/sales/auth/qr?format=raw")
      valid(Spec.response("waha", "GET", "/api/{session}/auth/qr", 200, qr.json, "application/json"))
    }))

  it.scoped("answers 401 without a key, 422 for a session that is not WORKING, 400 for a bad chat id", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const unauthorized = yield* Http.send(`${simulator.baseUrl("waha")}/api/sessions`)
      expect([unauthorized.status, unauthorized.json]).toEqual([401, { statusCode: 401, message: "Unauthorized", error: "Unauthorized" }])
      const call = waha(simulator)
      expect((yield* call("POST", "/api/sendText", { session: "default", chatId: "nope", text: "Hi" })).status).toBe(400)
      yield* call("POST", "/api/sessions/default/stop")
      expect((yield* call("POST", "/api/sendText", { session: "default", chatId: "14155550123@c.us", text: "Hi" })).status).toBe(422)
    }))

  it.scoped("counts a repeated send as a duplicate side effect, since WAHA has no idempotency key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = waha(simulator)
      const message = { session: "default", chatId: "14155550123@c.us", text: "Same" }
      yield* call("POST", "/api/sendText", message)
      yield* call("POST", "/api/sendText", message)
      const stats = yield* simulator.stats
      expect(stats.sideEffects).toHaveLength(2)
      expect(stats.duplicates).toBe(1)
    }))
})
