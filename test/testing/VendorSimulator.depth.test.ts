import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"

describe("VendorSimulator: deeply nested JSON bodies", () => {
  it.scoped("answers Resend's validation error, not a bare 500, with or without an idempotency key", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const body = "[".repeat(100_000) + "]".repeat(100_000)
      for (const headers of [{}, { "idempotency-key": "deep-1" }]) {
        const reply = yield* Http.send(`${simulator.baseUrl("resend")}/emails`, {
          headers: { authorization: "Bearer re_simulator", "content-type": "application/json", ...headers },
          body
        })
        expect(reply.status).toBe(422)
        expect(reply.json).toEqual({ statusCode: 422, message: "Invalid JSON body.", name: "validation_error" })
      }
    }))
})
