import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Faults from "../../src/testing/Faults.js"
import * as TestTime from "../../src/testing/TestTime.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as StripeClient from "../../src/vendors/stripe/StripeClient.js"

const defectMessage = <A, E>(exit: Exit.Exit<A, E>): string =>
  Exit.isFailure(exit) ? Option.match(Cause.dieOption(exit.cause), { onNone: () => "", onSome: (d) => String((d as Error).message) }) : ""

describe("TestTime.drive", () => {
  it.scoped("runs a retry against the simulator in virtual time: two 503s with Retry-After 5 s, then the customer", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({
          rules: [{ kind: "status", vendor: "stripe", route: "POST /v1/customers", status: 503, retryAfterSeconds: 5, times: 2 }]
        })
      })
      const stripe = yield* Effect.provide(
        StripeClient.make({ apiKey: Redacted.make("sk_test_drive"), baseUrl: simulator.baseUrl("stripe") }),
        yield* Layer.build(NodeHttpClient.layerUndici)
      )
      const started = yield* Clock.currentTimeMillis
      const customer = yield* TestTime.drive(stripe.customers.create({ email: "drive@example.com" }))
      expect(customer.email).toBe("drive@example.com")
      // Both waits were the server's Retry-After, taken on the virtual clock: no real time went by for them.
      expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(10_000)
      expect((yield* simulator.stats).requests["stripe POST /v1/customers"]).toBe(3)
    }))

  it.effect("jumps to a sleep within the horizon, and only then", () =>
    Effect.gen(function*() {
      yield* TestTime.drive(Effect.sleep("1 hour"), { horizon: "2 hours" })
      expect(yield* Clock.currentTimeMillis).toBe(3_600_000)
      const beyond = yield* Effect.exit(TestTime.drive(Effect.sleep("1 hour"), { maxTurns: 20 }))
      expect(defectMessage(beyond)).toContain("neither finished nor slept within 20s")
      expect(yield* Clock.currentTimeMillis).toBe(3_600_000)
    }))

  it.effect("gives up on a program that waits on neither the clock nor anything else, and interrupts it", () =>
    Effect.gen(function*() {
      let interrupted = false
      const exit = yield* Effect.exit(
        TestTime.drive(Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => (interrupted = true)))), { maxTurns: 10 })
      )
      expect(defectMessage(exit)).toContain("TestTime.drive: the program neither finished nor slept")
      expect(interrupted).toBe(true)
    }))

  it.effect("returns the program's own failure", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(TestTime.drive(Effect.zipRight(Effect.sleep("3 seconds"), Effect.fail("boom" as const))))
      expect(error).toBe("boom")
      expect(yield* Clock.currentTimeMillis).toBe(3_000)
    }))
})
