import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as FirecrawlClient from "../../../src/vendors/firecrawl/FirecrawlClient.js"
import * as FirecrawlError from "../../../src/vendors/firecrawl/FirecrawlError.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "fc-canary-3Vb8NqLz5Tw1"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const client = (options: Partial<FirecrawlClient.Options> = {}) =>
  FirecrawlClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const doc = (url: string) => ({ markdown: `# ${url}`, metadata: { sourceURL: url, statusCode: 200 } })

describe("FirecrawlClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends scrape, map, search and extract under /v2 with bearer auth and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) => ({
          body: request.path === "/v2/scrape"
            ? { success: true, data: doc("https://acme.dev") }
            : request.path === "/v2/map"
            ? { success: true, links: [{ url: "https://acme.dev/a" }] }
            : request.path === "/v2/search"
            ? { success: true, data: { web: [{ url: "https://acme.dev", title: "Acme" }] } }
            : request.path === "/v2/extract"
            ? { success: true, id: "ex_1" }
            : { success: true, status: "processing" }
        }))
        // A self-hosted instance's root, as FIRECRAWL_API_URL gives it: the client adds /v2.
        const firecrawl = yield* client({ baseUrl: server.url })
        expect((yield* firecrawl.scrape({ url: "https://acme.dev", onlyMainContent: true })).data?.markdown).toBe("# https://acme.dev")
        yield* firecrawl.map({ url: "https://acme.dev", sitemap: "include" })
        yield* firecrawl.search({ query: "acme", limit: 3 })
        yield* firecrawl.extract.start({ urls: ["https://acme.dev/*"], prompt: "pricing" })
        yield* firecrawl.extract.get("ex/1")
        const requests = yield* server.requests
        expect(requests.map((r) => [r.method, r.path])).toEqual([
          ["POST", "/v2/scrape"],
          ["POST", "/v2/map"],
          ["POST", "/v2/search"],
          ["POST", "/v2/extract"],
          ["GET", "/v2/extract/ex%2F1"]
        ])
        for (const request of requests) {
          expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`)
          expect(request.headers["x-idempotency-key"]).toBeUndefined()
        }
        expect(JSON.parse(requests[0]!.body)).toEqual({ url: "https://acme.dev", onlyMainContent: true })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("starts crawls and batch scrapes with an x-idempotency-key (generated, or yours) and cancels with DELETE", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) => ({
          body: request.method === "DELETE" ? { status: "cancelled" } : { success: true, id: "job_1", url: "https://api.firecrawl.dev/v2/crawl/job_1" }
        }))
        const firecrawl = yield* client({ baseUrl: server.url })
        const started = yield* firecrawl.crawl.start({ url: "https://acme.dev", limit: 10, webhook: { url: "https://hooks.acme.dev/fc", events: ["completed"] } })
        expect(started.id).toBe("job_1")
        yield* firecrawl.batchScrape.start({ urls: ["https://a.dev"] }, { idempotencyKey: "batch/2026-12-07" })
        yield* firecrawl.crawl.cancel("job_1")
        yield* firecrawl.batchScrape.cancel("job_2")
        const [crawl, batch, cancelCrawl, cancelBatch] = yield* server.requests
        expect([crawl!.method, crawl!.path]).toEqual(["POST", "/v2/crawl"])
        expect(crawl!.headers["x-idempotency-key"]).toMatch(UUID)
        expect([batch!.path, batch!.headers["x-idempotency-key"]]).toEqual(["/v2/batch/scrape", "batch/2026-12-07"])
        expect([cancelCrawl!.method, cancelCrawl!.path, cancelCrawl!.headers["x-idempotency-key"]]).toEqual(["DELETE", "/v2/crawl/job_1", undefined])
        expect([cancelBatch!.method, cancelBatch!.path]).toEqual(["DELETE", "/v2/batch/scrape/job_2"])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("streams documents through next, following only its query on the client's own base URL", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) => {
          const skip = Number(request.query.get("skip") ?? "0")
          return {
            body: {
              status: "completed",
              total: 5,
              completed: 5,
              next: skip >= 4 ? null : `https://evil.example.com/v2/crawl/job_1?skip=${skip + 2}`,
              data: [doc(`https://a.dev/${skip}`), ...(skip >= 4 ? [] : [doc(`https://a.dev/${skip + 1}`)])]
            }
          }
        })
        const firecrawl = yield* client({ baseUrl: server.url })
        const documents = yield* Stream.runCollect(firecrawl.crawl.documents("job_1"))
        expect(Chunk.toReadonlyArray(documents).map((d) => d.metadata?.sourceURL)).toEqual([0, 1, 2, 3, 4].map((i) => `https://a.dev/${i}`))
        const requests = yield* server.requests
        expect(requests.map((r) => `${r.path}?${r.query.toString()}`)).toEqual(["/v2/crawl/job_1?", "/v2/crawl/job_1?skip=2", "/v2/crawl/job_1?skip=4"])
        for (const request of requests) expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("refuses a next page that points at another job as ResponseDrift, and a cursor that repeats", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          StubHttp.json(200, {
            status: "completed",
            next: n === 1 ? "https://api.firecrawl.dev/v2/crawl/other_job?skip=2" : "https://api.firecrawl.dev/v2/batch/scrape/b1?skip=2",
            data: [doc("https://a.dev")]
          })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const foreign = failure(yield* Effect.exit(Stream.runCollect(firecrawl.crawl.documents("job_1"))))
        expect([foreign.reason, foreign.operation]).toEqual(["ResponseDrift", "crawl.documents"])
        const repeating = yield* StubHttp.make(() =>
          StubHttp.json(200, { status: "completed", next: "https://api.firecrawl.dev/v2/batch/scrape/b1?skip=2", data: [doc("https://a.dev")] })
        )
        const again = yield* client().pipe(Effect.provide(repeating.layer))
        expect(failure(yield* Effect.exit(Stream.runCollect(again.batchScrape.documents("b1")))).reason).toBe("ResponseDrift")
      }))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects relative URLs, an empty query, an empty batch and empty job ids, sending nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          firecrawl.scrape({ url: "acme.dev" }),
          firecrawl.map({ url: "ftp://acme.dev" }),
          firecrawl.search({ query: " " }),
          firecrawl.search({ query: "q".repeat(501) }),
          firecrawl.extract.start({ urls: ["/relative"] }),
          firecrawl.crawl.start({ url: "" }),
          firecrawl.batchScrape.start({ urls: [] }),
          firecrawl.scrape({ url: "https://a.dev", timeout: 500 }),
          firecrawl.crawl.get(""),
          firecrawl.batchScrape.cancel("")
        ]
        for (const attempt of attempts) expect(failure(yield* Effect.exit(attempt)).reason).toBe("InvalidRequest")
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failures and retries", () => {
    it.scoped("maps 402 to Forbidden and a reused key's 409 to Idempotency, neither retried, keeping only the code", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(402, { success: false, error: "Insufficient credits to scrape https://secret.acme.dev" })
            : StubHttp.json(409, { success: false, code: "IDEMPOTENCY_KEY_USED", error: "Idempotency key already used" })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const paid = failure(yield* Effect.exit(firecrawl.scrape({ url: "https://secret.acme.dev" })))
        expect([paid.reason, paid.status, paid.retryable]).toEqual(["Forbidden", 402, false])
        expect(FirecrawlError.isPaymentRequired(paid)).toBe(true)
        expect(`${paid.message} ${JSON.stringify(paid)}`).not.toContain("secret.acme.dev")
        const reused = failure(yield* Effect.exit(firecrawl.crawl.start({ url: "https://a.dev" }, { idempotencyKey: "k1" })))
        expect([reused.reason, reused.retryable]).toEqual(["Idempotency", false])
        expect(FirecrawlError.details(reused)).toEqual({ code: "IDEMPOTENCY_KEY_USED" })
        expect(FirecrawlError.isDuplicateJob(reused)).toBe(true)
        expect(yield* stub.requests).toHaveLength(2)
      }))

    it.scoped("retries a crawl start after a 429 (Retry-After) and a 500 with the same key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(429, { success: false, error: "Rate limit exceeded" }, { "retry-after": "3" })
            : n === 2
            ? StubHttp.json(500, { success: false, code: "UNKNOWN_ERROR", error: "boom" })
            : StubHttp.json(200, { success: true, id: "job_1" })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(firecrawl.crawl.start({ url: "https://a.dev" }))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).id).toBe("job_1")
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        expect(requests[1]!.atMillis).toBe(3000)
        expect(new Set(requests.map((r) => r.headers["x-idempotency-key"])).size).toBe(1)
      }))

    it.scoped("does not retry an extract start after a 500 (no key: it may have started), retries a search 408", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(500, { success: false, error: "boom" })
            : n === 2
            ? StubHttp.json(408, { success: false, error: "Request timed out" })
            : StubHttp.json(200, { success: true, data: { web: [] } })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        expect(failure(yield* Effect.exit(firecrawl.extract.start({ urls: ["https://a.dev"] }))).reason).toBe("Server")
        const fiber = yield* Effect.fork(firecrawl.search({ query: "q" }))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).success).toBe(true)
        expect(yield* stub.requests).toHaveLength(3)
      }))
  })

  describe("wait", () => {
    it.scoped("polls a crawl on a growing, bounded schedule until it completes", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          StubHttp.json(200, { status: n < 4 ? "scraping" : "completed", total: 3, completed: n < 4 ? 1 : 3, data: [] })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(firecrawl.crawl.wait("job_1"))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).completed).toBe(3)
        expect((yield* stub.requests).map((r) => r.atMillis)).toEqual([0, 2000, 5000, 9500])
      }))

    it.scoped("fails a failed extract with Server and a batch outliving its wait with a retryable Timeout", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) =>
          request.url.includes("/extract/")
            ? StubHttp.json(200, { success: true, status: "failed" })
            : StubHttp.json(200, { status: "scraping", data: [] })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.exit(firecrawl.extract.wait("ex_1")))
        yield* TestClock.adjust(Duration.seconds(1))
        const failed = failure(yield* Fiber.join(fiber))
        expect([failed.reason, failed.retryable, failed.operation]).toEqual(["Server", false, "extract.wait"])
        const waiting = yield* Effect.fork(Effect.exit(firecrawl.batchScrape.wait("b1", { timeout: "30 seconds" })))
        yield* TestClock.adjust(Duration.minutes(1))
        const timedOut = failure(yield* Fiber.join(waiting))
        expect([timedOut.reason, timedOut.retryable, timedOut.operation]).toEqual(["Timeout", true, "batchScrape.wait"])
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reads FIRECRAWL_API_KEY and FIRECRAWL_API_URL, reporting every problem by name", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(FirecrawlClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["FIRECRAWL_API_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["FIRECRAWL_API_KEY", "Missing"],
          ["FIRECRAWL_API_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig sends to a self-hosted FIRECRAWL_API_URL under /v2 and never prints the key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(401, { success: false, error: `Invalid token ${API_KEY}` }))
        const exit = yield* Effect.exit(
          Effect.flatMap(FirecrawlClient.FirecrawlClient, (firecrawl) => firecrawl.scrape({ url: "https://a.dev" })).pipe(
            Effect.provide(FirecrawlClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["FIRECRAWL_API_KEY", API_KEY], ["FIRECRAWL_API_URL", "http://firecrawl.internal:3002"]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.url).toBe("http://firecrawl.internal:3002/v2/scrape")
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(API_KEY)
        }
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const firecrawl = yield* FirecrawlClient.FirecrawlClient
        expect((yield* firecrawl.scrape({ url: "https://a.dev" })).success).toBe(true)
        const exit = yield* Effect.exit(Effect.suspend(() => firecrawl.crawl.start({ url: "https://a.dev" })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("FirecrawlClient.crawl.start is not implemented")
      }).pipe(Effect.provide(FirecrawlClient.layerTest({ scrape: () => Effect.succeed({ success: true }) }))))

    it.scoped("registers a firecrawl health check: one GET /v2/team/credit-usage, a 503 as down", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, { success: true, data: { remainingCredits: 10 } }) : StubHttp.json(503, { success: false, error: "down" })
        )
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            FirecrawlClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "firecrawl", critical: true }])
        expect((yield* stub.requests).map((r) => r.url)).toEqual([
          "https://api.firecrawl.dev/v2/team/credit-usage",
          "https://api.firecrawl.dev/v2/team/credit-usage"
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names spans Firecrawl.<operation>, the wait span around its reads, and records no URL scraped", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, { success: true, data: doc("https://private.acme.dev") }) : StubHttp.json(200, { status: "completed", data: [] })
        )
        const firecrawl = yield* client().pipe(Effect.provide(stub.layer))
        yield* firecrawl.scrape({ url: "https://private.acme.dev" })
        yield* firecrawl.crawl.wait("job_1")
        const names = exporter.getFinishedSpans().map((s) => s.name)
        expect(names).toEqual(["Firecrawl.scrape", "Firecrawl.crawl.get", "Firecrawl.crawl.wait"])
        expect(JSON.stringify(exporter.getFinishedSpans().map((s) => s.attributes))).not.toContain("private.acme.dev")
      }).pipe(Effect.provide(Tracing)))
  })
})
