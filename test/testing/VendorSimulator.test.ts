import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as Faults from "../../src/testing/Faults.js"
import { VendorSimulator } from "../../src/testing/index.js"
import * as Http from "./support/Http.js"

const vendors = [
  "stripe",
  "openai",
  "anthropic",
  "resend",
  "twilio",
  "hubspot",
  "calcom",
  "tavily",
  "postmark",
  "apollo",
  "phantombuster",
  "gohighlevel",
  "clay",
  "llamaparse",
  "vertex",
  "googlemaps",
  "mapbox",
  "firecrawl",
  "lemlist",
  "explorium",
  "millionverifier",
  "retell",
  "waha"
] as const

describe("VendorSimulator", () => {
  it.layer(VendorSimulator.layer({ seed: 1 }))("as a layer", (it) => {
    it.effect("serves every vendor under its base URL on 127.0.0.1 and answers unknown paths in the vendor's shape", () =>
      Effect.gen(function*() {
        const simulator = yield* VendorSimulator.VendorSimulator
        expect(simulator.url).toBe(`http://127.0.0.1:${simulator.port}`)
        expect(simulator.port).toBeGreaterThan(0)
        expect(simulator.baseUrl("openai")).toBe(`${simulator.url}/openai/v1`)
        expect(simulator.baseUrl("calcom")).toBe(`${simulator.url}/calcom/v2`)
        const shapes = yield* Effect.forEach(vendors, (vendor) =>
          Effect.map(Http.send(`${simulator.baseUrl(vendor)}/no/such/path`), (reply) => [vendor, reply.status, reply.json] as const))
        for (const [vendor, status, body] of shapes) {
          expect(status, vendor).toBe(404)
          expect(body, vendor).toBeTypeOf("object")
        }
        expect(shapes[0]![2]).toMatchObject({ error: { type: "invalid_request_error" } })
        expect(shapes[2]![2]).toMatchObject({ type: "error", error: { type: "not_found_error" } })
        expect(shapes[4]![2]).toMatchObject({ code: 20404 })
        const root = yield* Http.send(`${simulator.url}/nothing`)
        expect(root.status).toBe(404)
        expect(root.json).toMatchObject({ error: { vendors: [...vendors] } })
      }))

    it.effect("counts requests per route", () =>
      Effect.gen(function*() {
        const simulator = yield* VendorSimulator.VendorSimulator
        yield* simulator.reset
        yield* Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer sk-a" } })
        yield* Http.send(`${simulator.baseUrl("openai")}/models`, { headers: { authorization: "Bearer sk-a" } })
        const stats = yield* simulator.stats
        expect(stats.requests).toEqual({ "openai GET /v1/models": 2 })
        expect(stats.totalRequests).toBe(2)
      }))
  })

  it.scoped("generates the same ids for the same seed and requests", () =>
    Effect.gen(function*() {
      const ids = (seed: number) =>
        Effect.gen(function*() {
          const simulator = yield* VendorSimulator.make({ seed })
          return yield* Effect.forEach([1, 2], (i) =>
            Effect.map(
              Http.send(`${simulator.baseUrl("stripe")}/v1/customers`, {
                headers: { authorization: "Bearer sk_test_x" },
                form: { email: `${i}@example.com` }
              }),
              (reply) => (reply.json as { id: string }).id
            ))
        })
      const first = yield* ids(11)
      expect(yield* ids(11)).toEqual(first)
      expect(yield* ids(12)).not.toEqual(first)
    }))

  it.scoped("fails before acting: a 503 on create leaves nothing created", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({
        faults: Faults.make({ rules: [{ kind: "status", route: "POST /emails", status: 503, times: 1 }] })
      })
      const send = () =>
        Http.send(`${simulator.baseUrl("resend")}/emails`, {
          headers: { authorization: "Bearer re_x", "idempotency-key": "mail-1" },
          json: { from: "a@acme.dev", to: "b@example.com", subject: "s", text: "t" }
        })
      const failed = yield* send()
      expect(failed.status).toBe(503)
      expect(failed.json).toMatchObject({ statusCode: 503 })
      expect((yield* simulator.stats).sideEffects).toHaveLength(0)
      expect((yield* send()).status).toBe(200)
      expect((yield* simulator.stats).sideEffectsByKey).toEqual({ "mail-1": 1 })
    }))

  it.scoped("stamps objects with Effect's Clock", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      yield* TestClock.adjust("1000 seconds")
      const reply = yield* Http.send(`${simulator.baseUrl("stripe")}/v1/customers`, {
        headers: { authorization: "Bearer sk_test_x" },
        form: { email: "clock@example.com" }
      })
      expect((reply.json as { created: number }).created).toBe(1000)
      expect((yield* simulator.stats).sideEffects[0]).toMatchObject({ kind: "customer.created", at: 1_000_000, vendor: "stripe" })
    }))
})
