import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as TestService from "../../src/testing/TestService.js"

interface Payments {
  readonly customers: {
    readonly create: (name: string) => Effect.Effect<{ readonly id: string }>
    readonly retrieve: (id: string) => Effect.Effect<{ readonly id: string }>
  }
  readonly ping: Effect.Effect<void>
}
class PaymentsClient extends Context.Tag("effect-integrations/PaymentsClient")<PaymentsClient, Payments>() {}

describe("TestService", () => {
  it.effect("implemented methods work as given", () =>
    Effect.gen(function*() {
      const payments = yield* PaymentsClient
      expect(yield* payments.customers.create("a")).toEqual({ id: "cus_a" })
    }).pipe(
      Effect.provide(TestService.layer(PaymentsClient, { customers: { create: (name) => Effect.succeed({ id: `cus_${name}` }) } }))
    ))

  it.effect("an unimplemented nested method dies naming the method", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Effect.gen(function*() {
        const payments = yield* PaymentsClient
        return yield* payments.customers.retrieve("x")
      }))
      expect(Exit.isFailure(exit)).toBe(true)
      const defect = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
      expect(defect).toBeInstanceOf(TestService.NotImplemented)
      expect((defect as Error).message).toBe("PaymentsClient.customers.retrieve is not implemented in this test layer")
    }).pipe(Effect.provide(TestService.layer(PaymentsClient, { customers: {} }))))

  it("a fake is not a thenable, so awaiting it cannot hang", () => {
    const fake = TestService.make<Payments>("Payments", {})
    expect((fake as unknown as { then?: unknown }).then).toBeUndefined()
  })
})
