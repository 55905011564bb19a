import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Faults from "../../../src/testing/Faults.js"
import * as FirecrawlClient from "../../../src/vendors/firecrawl/FirecrawlClient.js"
import * as FirecrawlError from "../../../src/vendors/firecrawl/FirecrawlError.js"
import * as Sim from "./support.js"

const API_KEY = "fc-simulated-8Jk2LmZx4Qw9"

const firecrawl = (sim: Sim.Simulator) =>
  Sim.client(FirecrawlClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("firecrawl"), policy: Sim.policy }))

const urlsOf = (documents: Chunk.Chunk<{ readonly metadata?: { readonly sourceURL?: string | null | undefined } | null | undefined }>) =>
  Chunk.toReadonlyArray(documents).map((d) => d.metadata?.sourceURL)

describe("FirecrawlClient against the simulator", () => {
  it.scoped("scrapes, maps, searches, extracts, reads credits, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* firecrawl(sim)
      const scraped = yield* client.scrape({ url: "https://acme.dev", formats: [{ type: "markdown" }] })
      expect(scraped.data?.markdown).toContain("https://acme.dev")
      const mapped = yield* client.map({ url: "https://acme.dev", limit: 2 })
      expect(mapped.links?.map((l) => l.url)).toEqual(["https://acme.dev", "https://acme.dev/page-1"])
      const found = yield* client.search({ query: "acme pricing", limit: 2 })
      expect(found.data?.web).toHaveLength(2)
      const job = yield* client.extract.start({ urls: ["https://acme.dev"], prompt: "the company's pricing" })
      expect((yield* client.extract.get(job.id!)).status).toBe("processing")
      const extracted = yield* Sim.drive(client.extract.wait(job.id!))
      expect(extracted.data).toMatchObject({ sources: 1 })
      const credits = yield* client.creditUsage()
      expect(credits.data?.remainingCredits).toBe(499)
      yield* client.healthCheck
    }))

  it.scoped("crawls as a job: starts once with a key, waits, streams every page's documents through next, cancels", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* firecrawl(sim)
      const started = yield* client.crawl.start({ url: "https://docs.acme.dev", limit: 5 }, { idempotencyKey: "crawl-docs-1" })
      const first = yield* client.crawl.get(started.id)
      expect([first.status, first.data?.length, typeof first.next]).toEqual(["scraping", 2, "string"])
      const done = yield* Sim.drive(client.crawl.wait(started.id))
      expect([done.status, done.total]).toEqual(["completed", 5])
      const documents = yield* Stream.runCollect(client.crawl.documents(started.id))
      expect(urlsOf(documents)).toEqual([
        "https://docs.acme.dev",
        "https://docs.acme.dev/page-1",
        "https://docs.acme.dev/page-2",
        "https://docs.acme.dev/page-3",
        "https://docs.acme.dev/page-4"
      ])
      expect(yield* Sim.requests(sim, "firecrawl", "GET /v2/crawl/{id}")).toBeGreaterThanOrEqual(5)
      const other = yield* client.crawl.start({ url: "https://blog.acme.dev" })
      expect((yield* client.crawl.cancel(other.id)).status).toBe("cancelled")
      const cancelled = yield* Sim.failure(Sim.drive(client.crawl.wait(other.id)))
      expect([cancelled.reason, cancelled.retryable, cancelled.operation]).toEqual(["Server", false, "crawl.wait"])
      const stats = yield* sim.stats
      expect(stats.sideEffects.filter((e) => e.kind === "crawl.started").map((e) => e.idempotencyKey)).toEqual([
        "crawl-docs-1",
        expect.stringMatching(/^[0-9a-f-]{36}$/)
      ])
    }))

  it.scoped("batch scrapes as a job: start, wait, stream, cancel", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* firecrawl(sim)
      const urls = ["https://a.dev", "https://b.dev", "https://c.dev"]
      const started = yield* client.batchScrape.start({ urls, formats: [{ type: "markdown" }] })
      expect(started.invalidURLs).toEqual([])
      yield* Sim.drive(client.batchScrape.wait(started.id))
      expect(urlsOf(yield* Stream.runCollect(client.batchScrape.documents(started.id)))).toEqual(urls)
      expect((yield* client.batchScrape.get(started.id)).status).toBe("completed")
      const other = yield* client.batchScrape.start({ urls: ["https://d.dev"] })
      expect((yield* client.batchScrape.cancel(other.id)).status).toBe("cancelled")
      Sim.expectError(yield* Sim.failure(client.batchScrape.cancel("00000000-0000-4000-8000-000000000000")), {
        reason: "NotFound",
        status: 404
      }, API_KEY)
    }))

  describe("faults", () => {
    it.scoped("retries a crawl start whose answer was lost: the key's 409 stops a second job, the error says it may exist", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "firecrawl", route: "POST /v2/crawl", times: 1 }])
        const client = yield* firecrawl(sim)
        const error = yield* Sim.failure(Sim.drive(client.crawl.start({ url: "https://acme.dev" }, { idempotencyKey: "nightly/42" })))
        // The lost attempt's reason, marked as possibly done, with Firecrawl's 409 as the cause.
        expect([error.reason, error.mayHaveSucceeded]).toEqual(["Transport", true])
        expect(error.cause).toMatchObject({ reason: "Idempotency", status: 409 })
        expect(FirecrawlError.isDuplicateJob(error)).toBe(true)
        const stats = yield* sim.stats
        expect(stats.requests["firecrawl POST /v2/crawl"]).toBe(2)
        expect(stats.sideEffects.filter((e) => e.kind === "crawl.started")).toHaveLength(1)
        expect(stats.sideEffectsByKey).toEqual({ "nightly/42": 1 })
      }))

    it.scoped("retries a 503 on a batch start with the same key and starts one job", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "firecrawl", route: "POST /v2/batch/scrape", status: 503, times: 2 }])
        const client = yield* firecrawl(sim)
        yield* Sim.drive(client.batchScrape.start({ urls: ["https://a.dev"] }))
        const stats = yield* sim.stats
        expect(stats.requests["firecrawl POST /v2/batch/scrape"]).toBe(3)
        expect(Object.values(stats.sideEffectsByKey)).toEqual([1])
      }))

    it.scoped("waits out a 429's Retry-After on a status page while streaming documents", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* firecrawl(sim)
        const started = yield* client.crawl.start({ url: "https://acme.dev", limit: 4 })
        yield* Sim.drive(client.crawl.wait(started.id))
        yield* sim.setFaults(
          Faults.make({
            rules: [{ kind: "status", vendor: "firecrawl", route: "GET /v2/crawl/{id}", status: 429, retryAfterSeconds: 5, times: 1, after: 1 }]
          })
        )
        const started429 = yield* Clock.currentTimeMillis
        const documents = yield* Sim.drive(Stream.runCollect(client.crawl.documents(started.id)))
        expect(Chunk.size(documents)).toBe(4)
        expect((yield* sim.stats).faults.status).toBe(1)
        expect((yield* Clock.currentTimeMillis) - started429).toBeGreaterThanOrEqual(5_000)
      }))

    it.scoped("retries scrape, map and search after a 500; maps 402 to a payment error without retrying", () =>
      Effect.gen(function*() {
        const routes = ["POST /v2/scrape", "POST /v2/map", "POST /v2/search"] as const
        const sim = yield* Sim.simulator(routes.map((route) => ({ kind: "status", vendor: "firecrawl", route, status: 500, times: 1 })))
        const client = yield* firecrawl(sim)
        yield* Sim.drive(client.scrape({ url: "https://a.dev" }))
        yield* Sim.drive(client.map({ url: "https://a.dev" }))
        yield* Sim.drive(client.search({ query: "q" }))
        for (const route of routes) expect(yield* Sim.requests(sim, "firecrawl", route)).toBe(2)
        const paid = yield* Sim.failure(client.scrape({ url: "https://payment-required.dev" }))
        Sim.expectError(paid, { reason: "Forbidden", status: 402 }, API_KEY)
        expect(FirecrawlError.isPaymentRequired(paid)).toBe(true)
        expect(yield* Sim.requests(sim, "firecrawl", "POST /v2/scrape")).toBe(3)
      }))

    it.scoped("does not retry an extract start after a dropped connection, reports drift, refuses a wrong key", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "resetAfterCommit", vendor: "firecrawl", route: "POST /v2/extract", times: 1 },
          { kind: "drift", vendor: "firecrawl", route: "GET /v2/crawl/{id}", op: "retype", path: "status", as: "number", times: 1 },
          { kind: "malformed", vendor: "firecrawl", route: "POST /v2/map", times: 1 }
        ])
        const client = yield* firecrawl(sim)
        expect((yield* Sim.failure(Sim.drive(client.extract.start({ urls: ["https://a.dev"] })))).reason).toBe("Transport")
        expect(yield* Sim.requests(sim, "firecrawl", "POST /v2/extract")).toBe(1)
        const started = yield* client.crawl.start({ url: "https://a.dev" })
        Sim.expectError(yield* Sim.failure(client.crawl.get(started.id)), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(client.map({ url: "https://a.dev" })), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const wrong = yield* Sim.client(
          FirecrawlClient.make({ apiKey: Redacted.make("sk-not-firecrawl"), baseUrl: sim.baseUrl("firecrawl"), policy: Sim.policy })
        )
        Sim.expectError(yield* Sim.failure(wrong.creditUsage()), { reason: "Unauthorized", status: 401 }, "sk-not-firecrawl")
      }))

    it.scoped("gives up waiting with a retryable Timeout while the job keeps running", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* firecrawl(sim)
        const started = yield* client.crawl.start({ url: "https://a.dev" })
        const slow = client.crawl.wait(started.id, { timeout: "1 second", interval: "5 seconds" })
        const error = yield* Sim.failure(Sim.drive(slow))
        expect([error.reason, error.retryable]).toEqual(["Timeout", true])
        expect((yield* Sim.drive(client.crawl.wait(started.id))).status).toBe("completed")
      }))
  })
})
