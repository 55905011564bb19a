import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const tavily = (simulator: VendorSimulator.VendorSimulator.Service, key = "tvly-simulator") =>
(
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("tavily")}${path}`, {
    headers: { authorization: `Bearer ${key}` },
    ...(json === undefined ? {} : { json })
  })

describe("VendorSimulator: Tavily", () => {
  it.scoped("answers search, extract, crawl, map and usage valid against Tavily's spec", () =>
    Effect.gen(function*() {
      const call = tavily(yield* VendorSimulator.make())
      const search = yield* call("/search", { query: "effect", include_answer: true, include_raw_content: true })
      expect(search.status).toBe(200)
      valid(Spec.response("tavily", "POST", "/search", 200, search.json))
      expect(search.json).toMatchObject({ query: "effect", answer: "An answer about effect." })
      const extract = yield* call("/extract", { urls: ["https://a.dev", "https://unreachable.dev"] })
      valid(Spec.response("tavily", "POST", "/extract", 200, extract.json))
      expect(extract.json).toMatchObject({ failed_results: [{ url: "https://unreachable.dev" }] })
      const crawl = yield* call("/crawl", { url: "https://a.dev", limit: 2 })
      valid(Spec.response("tavily", "POST", "/crawl", 200, crawl.json))
      const map = yield* call("/map", { url: "https://a.dev" })
      valid(Spec.response("tavily", "POST", "/map", 200, map.json))
      const usage = yield* call("/usage")
      valid(Spec.response("tavily", "GET", "/usage", 200, usage.json))
      expect(usage.json).toMatchObject({ key: { search_usage: 1, extract_usage: 1, crawl_usage: 2, map_usage: 1 } })
    }))

  it.scoped("runs a research task through pending and in_progress (202) to completed (200)", () =>
    Effect.gen(function*() {
      const call = tavily(yield* VendorSimulator.make())
      const created = yield* call("/research", { input: "Acme", model: "pro" })
      expect(created.status).toBe(201)
      valid(Spec.response("tavily", "POST", "/research", 201, created.json))
      const id = (created.json as { request_id: string }).request_id
      const statuses: Array<[number, unknown]> = []
      for (let i = 0; i < 3; i++) {
        const reply = yield* call(`/research/${id}`)
        valid(Spec.response("tavily", "GET", "/research/{request_id}", reply.status, reply.json))
        statuses.push([reply.status, (reply.json as { status: unknown }).status])
      }
      expect(statuses).toEqual([[202, "pending"], [202, "in_progress"], [200, "completed"]])
      const missing = yield* call("/research/nope")
      expect([missing.status, missing.json]).toEqual([404, { detail: { error: "Research task not found" } }])
      valid(Spec.response("tavily", "GET", "/research/{request_id}", 404, missing.json))
    }))

  it.scoped("refuses a missing or foreign key with 401, bad input with Tavily's 400, an unsupported URL with 403", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const anonymous = yield* Http.send(`${simulator.baseUrl("tavily")}/usage`)
      expect(anonymous.status).toBe(401)
      valid(Spec.response("tavily", "GET", "/usage", 401, anonymous.json))
      expect((yield* tavily(simulator, "sk-other")("/search", { query: "q" })).status).toBe(401)
      const call = tavily(simulator)
      const tooMany = yield* call("/extract", { urls: Array.from({ length: 21 }, (_, i) => `https://a.dev/${i}`) })
      expect([tooMany.status, tooMany.json]).toEqual([400, { detail: { error: "Max 20 URLs are allowed." } }])
      valid(Spec.response("tavily", "POST", "/extract", 400, tooMany.json))
      const unsupported = yield* call("/crawl", { url: "https://unsupported.dev" })
      expect(unsupported.status).toBe(403)
      valid(Spec.response("tavily", "POST", "/crawl", 403, unsupported.json))
      const model = yield* call("/research", { input: "q", model: "huge" })
      expect(model.status).toBe(400)
    }))
})
