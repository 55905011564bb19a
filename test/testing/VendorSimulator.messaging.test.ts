import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const resend = (simulator: VendorSimulator.VendorSimulator.Service, headers: Record<string, string> = {}) =>
(
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("resend")}${path}`, {
    headers: { authorization: "Bearer re_simulator", ...headers },
    ...(json === undefined ? {} : { json })
  })

const email = { from: "Acme <hello@acme.dev>", to: ["ada@example.com"], subject: "Hi", html: "<p>Hi</p>" }

const account = `AC${"0123456789abcdef".repeat(2)}`
const twilioAuth = `Basic ${Buffer.from(`${account}:token`).toString("base64")}`
const twilio = (simulator: VendorSimulator.VendorSimulator.Service, auth = twilioAuth) => (path: string, form?: Record<string, string>) =>
  Http.send(`${simulator.baseUrl("twilio")}/2010-04-01/Accounts/${account}${path}`, {
    headers: { authorization: auth },
    ...(form === undefined ? {} : { form })
  })

describe("VendorSimulator: Resend", () => {
  it.scoped("lists the sending domain that health checks read", () =>
    Effect.gen(function*() {
      const reply = yield* resend(yield* VendorSimulator.make())("/domains?limit=1")
      expect(reply.status).toBe(200)
      expect(reply.json).toMatchObject({ object: "list", has_more: false, data: [{ name: "example.com", status: "verified" }] })
      valid(Spec.response("resend", "GET", "/domains", 200, reply.json))
      const unauthorized = yield* Http.send(`${(yield* VendorSimulator.make()).baseUrl("resend")}/domains`)
      expect(unauthorized.status).toBe(401)
    }))

  it.scoped("sends an email, retrieves it, and sends a batch, valid against Resend's spec", () =>
    Effect.gen(function*() {
      const call = resend(yield* VendorSimulator.make())
      const sent = yield* call("/emails", email)
      expect(sent.status).toBe(200)
      valid(Spec.response("resend", "POST", "/emails", 200, sent.json))
      const id = (sent.json as { id: string }).id
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      const fetched = yield* call(`/emails/${id}`)
      valid(Spec.response("resend", "GET", "/emails/{email_id}", 200, fetched.json))
      expect(fetched.json).toMatchObject({ object: "email", id, subject: "Hi", to: ["ada@example.com"], last_event: "delivered" })

      const batch = yield* call("/emails/batch", [email, { ...email, to: "bob@example.com" }])
      valid(Spec.response("resend", "POST", "/emails/batch", 200, batch.json))
      expect((batch.json as { data: Array<unknown> }).data).toHaveLength(2)

      const missing = yield* call("/emails/00000000-0000-4000-8000-000000000000")
      expect(missing.status).toBe(404)
      expect(missing.json).toEqual({ statusCode: 404, message: "Email not found", name: "not_found" })
    }))

  it.scoped("validates the whole batch and the from address with Resend's 422 errors", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = resend(simulator)
      const badBatch = yield* call("/emails/batch", [email, { ...email, from: "not an address" }])
      expect(badBatch.status).toBe(422)
      expect(badBatch.json).toMatchObject({ statusCode: 422, name: "validation_error" })
      expect((badBatch.json as { message: string }).message).toContain("emails[1]")
      expect((yield* simulator.stats).sideEffects).toHaveLength(0)
      const noSubject = yield* call("/emails", { ...email, subject: undefined })
      expect(noSubject.json).toMatchObject({ name: "missing_required_field" })
    }))

  it.scoped("applies Resend's idempotency: replay without resending, 409 on another payload, 400 on a long key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const keyed = resend(simulator, { "idempotency-key": "welcome-user/42" })
      const first = yield* keyed("/emails", email)
      const again = yield* keyed("/emails", email)
      expect(again.json).toEqual(first.json)
      const other = yield* keyed("/emails", { ...email, subject: "Changed" })
      expect(other.status).toBe(409)
      expect(other.json).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" })
      const long = yield* resend(simulator, { "idempotency-key": "k".repeat(257) })("/emails", email)
      expect(long.status).toBe(400)
      expect(long.json).toMatchObject({ name: "invalid_idempotency_key" })
      const stats = yield* simulator.stats
      expect(stats.sideEffectsByKey).toEqual({ "welcome-user/42": 1 })
      expect(stats.replays).toBe(1)
    }))

  it.scoped("answers 401 without a key and 403 with a wrong one, and sends rate-limit headers", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const none = yield* Http.send(`${simulator.baseUrl("resend")}/emails`, { json: email })
      expect(none.status).toBe(401)
      expect(none.json).toMatchObject({ name: "missing_api_key" })
      const wrong = yield* Http.send(`${simulator.baseUrl("resend")}/emails`, { headers: { authorization: "Bearer nope" }, json: email })
      expect(wrong.status).toBe(403)
      expect(wrong.json).toMatchObject({ name: "invalid_api_key" })
      expect(wrong.headers.get("ratelimit-limit")).not.toBeNull()
    }))
})

describe("VendorSimulator: Twilio", () => {
  it.scoped("reads the account balance that health checks make", () =>
    Effect.gen(function*() {
      const reply = yield* twilio(yield* VendorSimulator.make())("/Balance.json")
      expect(reply.status).toBe(200)
      expect(reply.json).toEqual({ account_sid: account, balance: expect.stringMatching(/^\d+\.\d{2}$/), currency: "USD" })
      valid(Spec.response("twilio", "GET", "/2010-04-01/Accounts/{AccountSid}/Balance.json", 200, reply.json))
      expect((yield* twilio(yield* VendorSimulator.make(), "Basic bm9wZQ==")("/Balance.json")).status).toBe(401)
    }))

  it.scoped("creates a message with basic auth and fetches it as it moves to delivered", () =>
    Effect.gen(function*() {
      const call = twilio(yield* VendorSimulator.make())
      const created = yield* call("/Messages.json", { To: "+15551234567", From: "+15557654321", Body: "Your code is 1234" })
      expect(created.status).toBe(201)
      valid(Spec.response("twilio", "POST", "/2010-04-01/Accounts/{AccountSid}/Messages.json", 201, created.json))
      const message = created.json as { sid: string; status: string; account_sid: string; date_created: string }
      expect(message).toMatchObject({ status: "queued", account_sid: account, direction: "outbound-api" })
      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/)
      expect(message.date_created).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/)
      expect(created.headers.get("twilio-request-id")).toMatch(/^RQ[0-9a-f]{32}$/)

      yield* TestClock.adjust("3 seconds")
      const fetched = yield* call(`/Messages/${message.sid}.json`)
      valid(Spec.response("twilio", "GET", "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json", 200, fetched.json))
      expect(fetched.json).toMatchObject({ sid: message.sid, status: "delivered" })
      expect((fetched.json as { date_sent: string | null }).date_sent).not.toBeNull()

      const missing = yield* call("/Messages/SM00000000000000000000000000000000.json")
      expect(missing.status).toBe(404)
      expect(missing.json).toMatchObject({ code: 20404, status: 404 })
    }))

  it.scoped("rejects bad requests with Twilio's error codes and wrong credentials with 20003", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = twilio(simulator)
      expect((yield* call("/Messages.json", { From: "+15557654321", Body: "x" })).json).toMatchObject({ code: 21604, status: 400 })
      expect((yield* call("/Messages.json", { To: "+15551234567", Body: "x" })).json).toMatchObject({ code: 21603 })
      expect((yield* call("/Messages.json", { To: "+15005550001", From: "+15557654321", Body: "x" })).json).toMatchObject({ code: 21211 })
      const other = `Basic ${Buffer.from(`AC${"f".repeat(32)}:token`).toString("base64")}`
      const unauthorized = yield* twilio(simulator, other)("/Messages.json", { To: "+15551234567", From: "+15557654321", Body: "x" })
      expect(unauthorized.status).toBe(401)
      expect(unauthorized.json).toEqual({ code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 })
    }))

  it.scoped("counts a retried create as a duplicate side effect, since Twilio has no idempotency key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = twilio(simulator)
      const form = { To: "+15551234567", From: "+15557654321", Body: "Same text" }
      yield* call("/Messages.json", form)
      yield* call("/Messages.json", form)
      const stats = yield* simulator.stats
      expect(stats.sideEffects).toHaveLength(2)
      expect(stats.duplicates).toBe(1)
    }))
})
