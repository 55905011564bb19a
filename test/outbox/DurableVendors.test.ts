/**
 * Durable calls through real vendor clients to the vendor simulator: the key fixed at enqueue reaches the vendor as its
 * `Idempotency-Key` on every attempt, and a Twilio send whose outcome is unknown is parked, never repeated.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Durable from "../../src/outbox/Durable.js"
import * as Faults from "../../src/testing/Faults.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as ResendClient from "../../src/vendors/resend/ResendClient.js"
import * as TwilioClient from "../../src/vendors/twilio/TwilioClient.js"
import * as Ops from "./support/DurableOps.js"
import * as Stores from "./support/Stores.js"

const SMS_ROUTE = "POST /2010-04-01/Accounts/{AccountSid}/Messages.json"

const vendors = (simulator: VendorSimulator.VendorSimulator.Service) =>
  Layer.mergeAll(
    ResendClient.layer({ apiKey: Redacted.make("re_test"), baseUrl: simulator.baseUrl("resend"), policy: { maxRetries: 0 } }),
    TwilioClient.layer({
      accountSid: "AC00000000000000000000000000000000",
      authToken: Redacted.make("token"),
      baseUrl: simulator.baseUrl("twilio")
    })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

const settle = <R>(registry: Durable.Registry<R>) =>
  Effect.gen(function*() {
    for (let i = 0; i < 50; i++) {
      yield* Durable.drain(registry, { worker: "w" })
      if ((yield* Durable.stats).queueDepth === 0) return
      // The schedule's delays are real here: the simulator and the clients run on the live clock.
      yield* Effect.sleep("100 millis")
    }
  })

describe("Durable with vendor clients", () => {
  it.live("an e-mail acked after a dropped answer is sent again under its key and delivered once", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "resetAfterCommit", route: "POST /emails", times: 1 }] })
      })
      const email = Durable.operation({
        name: "resend.emails.send",
        input: Ops.sendEmailInput,
        output: Ops.sendEmailOutput,
        idempotencyKeys: true,
        call: Durable.method(ResendClient.ResendClient, (resend) => resend.emails.send),
        schedule: { initialDelay: "10 millis" }
      })
      const registry = Durable.registry(email)
      yield* Durable.enqueue(email, { from: "a@acme.test", to: "b@example.com", subject: "Hi", text: "Hello" }, { key: "welcome/u_1" })
      yield* settle(registry).pipe(Effect.provide(vendors(simulator)))
      const result = yield* Durable.result(email, "welcome/u_1")
      expect(result._tag).toBe("Succeeded")
      const stats = yield* simulator.stats
      expect(stats.sideEffects.map((e) => e.idempotencyKey)).toEqual(["welcome/u_1"])
      expect(stats.replays).toBe(1)
      if (result._tag === "Succeeded") expect(result.value.id).toBe(stats.sideEffects[0]!.objectId)
    }).pipe(Effect.provide(Stores.sqliteLayer()), Effect.scoped))

  it.live("an SMS whose answer was lost is parked as unconfirmed and not sent again", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "resetAfterCommit", route: SMS_ROUTE, times: 1 }] })
      })
      const registry = Durable.registry(Ops.sendSms)
      yield* Durable.enqueue(Ops.sendSms, { To: "+14155552671", From: "+15017122661", Body: "one" }, { key: "sms/1" })
      yield* Durable.enqueue(Ops.sendSms, { To: "+14155552671", From: "+15017122661", Body: "two" }, { key: "sms/2" })
      yield* settle(registry).pipe(Effect.provide(vendors(simulator)))
      const states = (yield* Durable.list()).map((c) => [c.key, c.state]).sort()
      expect(states).toEqual([["sms/1", "unconfirmed"], ["sms/2", "succeeded"]].sort())
      const stats = yield* simulator.stats
      expect(stats.requests[`twilio ${SMS_ROUTE}`]).toBe(2)
      expect(stats.sideEffects).toHaveLength(2)
    }).pipe(Effect.provide(Stores.sqliteLayer()), Effect.scoped))
})
