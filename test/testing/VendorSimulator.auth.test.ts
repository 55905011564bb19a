import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"

/** The 401 message the simulator gives `key` on a vendor, as its client would read it. */
const unauthorized = (simulator: VendorSimulator.VendorSimulator.Service, vendor: "stripe" | "openai", key: string) =>
  Effect.gen(function*() {
    const path = vendor === "stripe" ? "/v1/customers" : "/models"
    const reply = yield* Http.send(`${simulator.baseUrl(vendor)}${path}`, { headers: { authorization: `Bearer ${key}` } })
    expect(reply.status).toBe(401)
    return (reply.json as { error: { message: string } }).error.message
  })

describe("VendorSimulator 401 messages", () => {
  it.scoped("mask a short key whole, never repeating part of it (Bearer anything)", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({})
      const stripe = yield* unauthorized(simulator, "stripe", "anything")
      expect(stripe).toBe("Invalid API Key provided: ********")
      const openai = yield* unauthorized(simulator, "openai", "anything")
      expect(openai).toMatch(/^Incorrect API key provided: \*{8}\. /)
      for (const message of [stripe, openai]) expect(message).not.toMatch(/any|hing/)
    }))

  it.scoped("show a long key's prefix and last four characters only, as the vendors do", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({})
      const stripe = yield* unauthorized(simulator, "stripe", "sk_live_abcdefghijklmnop1234")
      expect(stripe).toBe(`Invalid API Key provided: sk_live_${"*".repeat(16)}1234`)
      const openai = yield* unauthorized(simulator, "openai", "xk-proj-abcdefgh9876")
      expect(openai).toContain(`provided: xk-${"*".repeat(13)}9876.`)
      expect(stripe + openai).not.toContain("abcdefgh")
    }))
})
