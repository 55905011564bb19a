import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as TwilioClient from "../../../src/vendors/twilio/TwilioClient.js"
import * as TwilioError from "../../../src/vendors/twilio/TwilioError.js"
import * as Sim from "./support.js"

const ACCOUNT = "AC0123456789abcdef0123456789abcdef"
const AUTH_TOKEN = "simulated_auth_token_5c1d9e"

const twilio = (sim: Sim.Simulator) =>
  Sim.client(
    TwilioClient.make({ accountSid: ACCOUNT, authToken: Redacted.make(AUTH_TOKEN), baseUrl: sim.baseUrl("twilio"), policy: Sim.policy })
  )

const sms = { To: "+15558675310", From: "+15017122661", Body: "Your code is 1234" }
const CREATE = "POST /2010-04-01/Accounts/{AccountSid}/Messages.json"
const FETCH = "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"

describe("TwilioClient against the simulator", () => {
  it.scoped("sends an SMS, retrieves it, reads the balance and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* twilio(sim)
      const message = yield* client.messages.create(sms)
      expect(message).toMatchObject({ to: sms.To, from: sms.From, body: sms.Body, status: "queued", account_sid: ACCOUNT })
      yield* TestClock.adjust("3 seconds")
      expect(yield* client.messages.retrieve(message.sid)).toMatchObject({ sid: message.sid, status: "delivered" })
      expect(yield* client.balance.retrieve()).toMatchObject({ account_sid: ACCOUNT, currency: "USD" })
      yield* client.healthCheck
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 on a read and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "twilio", route: FETCH, status: 503, times: 2 }])
        const client = yield* twilio(sim)
        const message = yield* client.messages.create(sms)
        expect((yield* Sim.drive(client.messages.retrieve(message.sid))).sid).toBe(message.sid)
        expect(yield* Sim.requests(sim, "twilio", FETCH)).toBe(3)
      }))

    it.scoped("does not repeat a send refused with a 503: Twilio may have sent it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "twilio", route: CREATE, status: 503, times: 1 }])
        const client = yield* twilio(sim)
        const error = yield* Sim.failure(Sim.drive(client.messages.create(sms)))
        Sim.expectError(error, { reason: "Server", status: 503 }, AUTH_TOKEN)
        expect(TwilioError.isAmbiguousSend(error)).toBe(true)
        expect(yield* Sim.requests(sim, "twilio", CREATE)).toBe(1)
      }))

    it.scoped("retries a send after the Retry-After of a 429, which proves Twilio did not act", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "twilio", route: CREATE, status: 429, retryAfterSeconds: 5, times: 1 }])
        const client = yield* twilio(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.messages.create(sms))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(5_000)
        const stats = yield* sim.stats
        expect(stats.requests[`twilio ${CREATE}`]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("reports a send whose connection dropped after Twilio acted as ambiguous, without sending twice", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "twilio", route: CREATE, times: 1 }])
        const client = yield* twilio(sim)
        const error = yield* Sim.failure(Sim.drive(client.messages.create(sms)))
        Sim.expectError(error, { reason: "Transport" }, AUTH_TOKEN)
        expect(TwilioError.isAmbiguousSend(error)).toBe(true)
        const stats = yield* sim.stats
        expect(stats.sideEffects).toHaveLength(1)
        expect(stats.duplicates).toBe(0)
      }))

    it.scoped("reports a retyped field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "twilio", route: FETCH, op: "retype", path: "sid", as: "number", times: 1 },
          { kind: "malformed", vendor: "twilio", route: FETCH, after: 1, times: 1 }
        ])
        const client = yield* twilio(sim)
        const message = yield* client.messages.create(sms)
        Sim.expectError(yield* Sim.failure(client.messages.retrieve(message.sid)), { reason: "ResponseDrift", status: 200 }, AUTH_TOKEN)
        Sim.expectError(yield* Sim.failure(client.messages.retrieve(message.sid)), { reason: "ResponseDrift", status: 200 }, AUTH_TOKEN)
        expect(yield* Sim.requests(sim, "twilio", FETCH)).toBe(2)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "twilio", fromMs: 0, toMs: 60_000 }])
        const client = yield* twilio(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "twilio", CREATE)
        Sim.expectError(yield* Sim.failure(client.messages.create(sms)), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "twilio", CREATE)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect((yield* client.messages.create(sms)).status).toBe("queued")
      }))
  })
})
