import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TavilyClient from "../../../src/vendors/tavily/TavilyClient.js"
import * as TavilyError from "../../../src/vendors/tavily/TavilyError.js"
import * as Sim from "./support.js"

const API_KEY = "tvly-simulated-4Kq9LmZx2Rt7"

const tavily = (sim: Sim.Simulator) =>
  Sim.client(TavilyClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("tavily"), policy: Sim.policy }))

describe("TavilyClient against the simulator", () => {
  it.scoped("searches, extracts, crawls, maps, runs a research task, reads usage, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* tavily(sim)
      const found = yield* client.search({ query: "effect typescript", include_answer: true, max_results: 2 })
      expect(found.results).toHaveLength(2)
      expect(found.answer).toContain("effect typescript")
      const extracted = yield* client.extract({ urls: ["https://a.dev", "https://unreachable.dev"] })
      expect(extracted.results?.map((r) => r.url)).toEqual(["https://a.dev"])
      expect(extracted.failed_results?.map((r) => r.url)).toEqual(["https://unreachable.dev"])
      const crawled = yield* client.crawl({ url: "https://docs.acme.dev", limit: 2 })
      expect(crawled.results?.map((r) => r.url)).toEqual(["https://docs.acme.dev", "https://docs.acme.dev/page-1"])
      const mapped = yield* client.map({ url: "https://docs.acme.dev" })
      expect(mapped.results).toHaveLength(3)
      const task = yield* client.research.create({ input: "Acme's competitors", model: "mini" })
      expect((yield* client.research.get(task.request_id)).status).toBe("pending")
      const report = yield* Sim.drive(client.research.wait(task.request_id))
      expect(report.content).toBe("A report on: Acme's competitors")
      const run = yield* Sim.drive(client.research.run({ input: "second" }))
      expect(run.status).toBe("completed")
      const usage = yield* client.usage()
      expect(usage.key?.search_usage).toBe(1)
      expect(usage.key?.research_usage).toBe(20)
      yield* client.healthCheck
      const stats = yield* sim.stats
      expect(stats.sideEffects.map((e) => e.kind)).toEqual([
        "search.billed",
        "extract.billed",
        "crawl.billed",
        "map.billed",
        "research.billed",
        "research.billed"
      ])
    }))

  it.scoped("reports a failed research task as a non-retryable Server error", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* tavily(sim)
      const error = yield* Sim.failure(Sim.drive(client.research.run({ input: "simulate-failure please" })))
      expect([error.reason, error.retryable, error.operation]).toEqual(["Server", false, "research.wait"])
      const missing = yield* Sim.failure(client.research.get("00000000-0000-4000-8000-000000000000"))
      Sim.expectError(missing, { reason: "NotFound", status: 404 }, API_KEY)
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 on search, extract, crawl and map, each answered once", () =>
      Effect.gen(function*() {
        const routes = ["POST /search", "POST /extract", "POST /crawl", "POST /map"] as const
        const sim = yield* Sim.simulator(routes.map((route) => ({ kind: "status", vendor: "tavily", route, status: 503, times: 1 })))
        const client = yield* tavily(sim)
        yield* Sim.drive(client.search({ query: "q" }))
        yield* Sim.drive(client.extract({ urls: "https://a.dev" }))
        yield* Sim.drive(client.crawl({ url: "https://a.dev" }))
        yield* Sim.drive(client.map({ url: "https://a.dev" }))
        for (const route of routes) expect(yield* Sim.requests(sim, "tavily", route)).toBe(2)
        expect((yield* sim.stats).sideEffects).toHaveLength(4)
      }))

    it.scoped("waits out a 429 with Retry-After on the clock, on a research status read and on usage", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "tavily", route: "GET /research/{request_id}", status: 429, retryAfterSeconds: 7, times: 1 },
          { kind: "status", vendor: "tavily", route: "GET /usage", status: 429, retryAfterSeconds: 3, times: 1 }
        ])
        const client = yield* tavily(sim)
        const task = yield* client.research.create({ input: "q" })
        const started = yield* Clock.currentTimeMillis
        expect((yield* Sim.drive(client.research.get(task.request_id))).status).toBe("pending")
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(7_000)
        expect((yield* Sim.drive(client.usage())).key?.research_usage).toBe(10)
        expect(yield* Sim.requests(sim, "tavily", "GET /usage")).toBe(2)
      }))

    it.scoped("does not retry a research start whose connection dropped after Tavily started it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "tavily", route: "POST /research", times: 1 }])
        const client = yield* tavily(sim)
        const error = yield* Sim.failure(Sim.drive(client.research.create({ input: "q" })))
        expect(error.reason).toBe("Transport")
        const stats = yield* sim.stats
        expect(stats.requests["tavily POST /research"]).toBe(1)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("retries a 429 on a research start: Tavily did not run it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "tavily", route: "POST /research", status: 429, times: 1 }])
        const client = yield* tavily(sim)
        yield* Sim.drive(client.research.create({ input: "q" }))
        const stats = yield* sim.stats
        expect(stats.requests["tavily POST /research"]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("maps the credit limits 432 and 433 without retrying, and an unsupported URL as InvalidRequest", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "tavily", route: "POST /search", status: 432, times: 1 },
          { kind: "status", vendor: "tavily", route: "POST /extract", status: 433, times: 1 }
        ])
        const client = yield* tavily(sim)
        const plan = yield* Sim.failure(client.search({ query: "q" }))
        Sim.expectError(plan, { reason: "Forbidden", status: 432 }, API_KEY)
        expect(TavilyError.details(plan)).toEqual({ limit: "plan" })
        const paygo = yield* Sim.failure(client.extract({ urls: "https://a.dev" }))
        expect(TavilyError.details(paygo)).toEqual({ limit: "paygo" })
        Sim.expectError(yield* Sim.failure(client.crawl({ url: "https://unsupported.dev" })), { reason: "InvalidRequest", status: 403 })
        expect(yield* Sim.requests(sim, "tavily", "POST /search")).toBe(1)
        expect(yield* Sim.requests(sim, "tavily", "POST /extract")).toBe(1)
      }))

    it.scoped("reports drift and malformed JSON as ResponseDrift, and a wrong key as Unauthorized", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "tavily", route: "POST /search", op: "remove", path: "results", times: 1 },
          { kind: "malformed", vendor: "tavily", route: "POST /map", times: 1 }
        ])
        const client = yield* tavily(sim)
        Sim.expectError(yield* Sim.failure(client.search({ query: "q" })), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(client.map({ url: "https://a.dev" })), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const wrong = yield* Sim.client(
          TavilyClient.make({ apiKey: Redacted.make("not-a-tavily-key"), baseUrl: sim.baseUrl("tavily"), policy: Sim.policy })
        )
        const unauthorized = yield* Sim.failure(wrong.usage())
        Sim.expectError(unauthorized, { reason: "Unauthorized", status: 401 }, "not-a-tavily-key")
      }))

    it.scoped("enforces the development key's 100 requests per minute, and a client limiter avoids the 429", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "rateLimit", vendor: "tavily", limit: 3, windowMs: 60_000 }])
        const paced = yield* Sim.client(
          TavilyClient.make({
            apiKey: Redacted.make(API_KEY),
            baseUrl: sim.baseUrl("tavily"),
            policy: Sim.policy,
            rateLimit: { ...TavilyClient.rateLimits.development, limit: 3 }
          })
        )
        for (let i = 0; i < 5; i++) yield* Sim.drive(paced.search({ query: `q${i}` }))
        const stats = yield* sim.stats
        expect(stats.requests["tavily POST /search"]).toBe(5)
        expect(stats.faults.rateLimit ?? 0).toBe(0)
      }))
  })
})
