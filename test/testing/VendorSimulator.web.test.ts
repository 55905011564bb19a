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

const firecrawl = (simulator: VendorSimulator.VendorSimulator.Service, headers: Record<string, string> = {}) =>
(
  path: string,
  init: { readonly json?: unknown; readonly method?: string } = {}
) =>
  Http.send(`${simulator.baseUrl("firecrawl")}/v2${path}`, {
    headers: { authorization: "Bearer fc-simulator", ...headers },
    ...(init.method === undefined ? {} : { method: init.method }),
    ...(init.json === undefined ? {} : { json: init.json })
  })

describe("VendorSimulator: Firecrawl", () => {
  it.scoped("answers scrape, map, search, extract and credit usage valid against Firecrawl's spec", () =>
    Effect.gen(function*() {
      const call = firecrawl(yield* VendorSimulator.make())
      const scrape = yield* call("/scrape", { json: { url: "https://acme.dev" } })
      valid(Spec.response("firecrawl", "POST", "/scrape", 200, scrape.json))
      expect(scrape.json).toMatchObject({ success: true, data: { metadata: { sourceURL: "https://acme.dev" } } })
      valid(Spec.response("firecrawl", "POST", "/map", 200, (yield* call("/map", { json: { url: "https://acme.dev" } })).json))
      valid(Spec.response("firecrawl", "POST", "/search", 200, (yield* call("/search", { json: { query: "acme" } })).json))
      const extract = yield* call("/extract", { json: { urls: ["https://acme.dev"], prompt: "pricing" } })
      valid(Spec.response("firecrawl", "POST", "/extract", 200, extract.json))
      const id = (extract.json as { id: string }).id
      const first = yield* call(`/extract/${id}`)
      valid(Spec.response("firecrawl", "GET", "/extract/{id}", 200, first.json))
      expect([(first.json as { status: string }).status, ((yield* call(`/extract/${id}`)).json as { status: string }).status]).toEqual([
        "processing",
        "completed"
      ])
      const credits = yield* call("/team/credit-usage")
      valid(Spec.response("firecrawl", "GET", "/team/credit-usage", 200, credits.json))
      expect(credits.json).toMatchObject({ data: { remainingCredits: 499 } })
    }))

  it.scoped("runs a crawl from scraping to completed with pages linked by next, and cancels a batch", () =>
    Effect.gen(function*() {
      const call = firecrawl(yield* VendorSimulator.make())
      const started = yield* call("/crawl", { json: { url: "https://acme.dev", limit: 3 } })
      valid(Spec.response("firecrawl", "POST", "/crawl", 200, started.json))
      const id = (started.json as { id: string }).id
      const scraping = yield* call(`/crawl/${id}`)
      valid(Spec.response("firecrawl", "GET", "/crawl/{id}", 200, scraping.json))
      expect(scraping.json).toMatchObject({ status: "scraping", total: 3, completed: 2 })
      const done = yield* call(`/crawl/${id}`)
      expect(done.json).toMatchObject({ status: "completed", completed: 3 })
      const next = (done.json as { next: string }).next
      expect(next).toMatch(new RegExp(`/v2/crawl/${id}\\?skip=2$`))
      const last = yield* call(`/crawl/${id}?skip=2`)
      expect(last.json).toMatchObject({ next: null, data: [{ metadata: { sourceURL: "https://acme.dev/page-2" } }] })
      const batch = yield* call("/batch/scrape", { json: { urls: ["https://a.dev"] } })
      valid(Spec.response("firecrawl", "POST", "/batch/scrape", 200, batch.json))
      const cancelled = yield* call(`/batch/scrape/${(batch.json as { id: string }).id}`, { method: "DELETE" })
      valid(Spec.response("firecrawl", "DELETE", "/batch/scrape/{id}", 200, cancelled.json))
      const missing = yield* call(`/crawl/00000000-0000-4000-8000-000000000000`, { method: "DELETE" })
      expect(missing.status).toBe(404)
      valid(Spec.response("firecrawl", "DELETE", "/crawl/{id}", 404, missing.json))
    }))

  it.scoped("refuses a reused x-idempotency-key with 409, a foreign key with 401, a bad URL with 400", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const keyed = firecrawl(simulator, { "x-idempotency-key": "crawl-1" })
      expect((yield* keyed("/crawl", { json: { url: "https://a.dev" } })).status).toBe(200)
      const again = yield* keyed("/crawl", { json: { url: "https://a.dev" } })
      expect([again.status, again.json]).toEqual([409, { success: false, error: "Idempotency key already used" }])
      expect((yield* keyed("/crawl", { json: { url: "https://b.dev" } })).status).toBe(409)
      expect((yield* simulator.stats).sideEffects.filter((e) => e.kind === "crawl.started")).toHaveLength(1)
      expect((yield* firecrawl(simulator, { authorization: "Bearer sk-other" })("/team/credit-usage")).status).toBe(401)
      expect((yield* firecrawl(simulator)("/scrape", { json: { url: "acme.dev" } })).status).toBe(400)
    }))
})
