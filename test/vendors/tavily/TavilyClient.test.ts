import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as TavilyClient from "../../../src/vendors/tavily/TavilyClient.js"
import * as TavilyError from "../../../src/vendors/tavily/TavilyError.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "tvly-canary-7Hq2LpZx9Rt4"

const client = (options: Partial<TavilyClient.Options> = {}) => TavilyClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const searchAnswer = {
  query: "effect",
  answer: "Effect is a TypeScript library.",
  images: [],
  results: [{ title: "Effect", url: "https://effect.website", content: "...", score: 0.9, raw_content: null }],
  response_time: "1.67",
  request_id: "123e4567-e89b-12d3-a456-426614174111"
}

const tavilyError = (status: number, error: string) => StubHttp.json(status, { detail: { error } })

describe("TavilyClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends search, extract, crawl and map as JSON POSTs with bearer auth and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) => ({
          body: request.path === "/search"
            ? searchAnswer
            : request.path === "/map"
            ? { base_url: "docs.tavily.com", results: ["https://docs.tavily.com/a"], response_time: 1.2 }
            : { results: [{ url: "https://a.dev", raw_content: "A" }], response_time: 0.5 }
        }))
        const tavily = yield* client({ baseUrl: server.url })
        const found = yield* tavily.search({ query: "effect", include_answer: "basic", start_date: "2025-01-31" })
        expect(found.answer).toBe("Effect is a TypeScript library.")
        expect(found.results[0]?.raw_content).toBeNull()
        const extracted = yield* tavily.extract({ urls: ["https://a.dev"], extract_depth: "advanced" })
        expect(extracted.results?.[0]?.raw_content).toBe("A")
        yield* tavily.crawl({ url: "docs.tavily.com", max_depth: 2, instructions: "SDK pages" })
        const mapped = yield* tavily.map({ url: "docs.tavily.com" })
        expect(mapped.results).toEqual(["https://docs.tavily.com/a"])
        const requests = yield* server.requests
        expect(requests.map((r) => [r.method, r.path])).toEqual([
          ["POST", "/search"],
          ["POST", "/extract"],
          ["POST", "/crawl"],
          ["POST", "/map"]
        ])
        for (const request of requests) {
          expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`)
          expect(request.headers["content-type"]).toContain("application/json")
          expect(request.headers["idempotency-key"]).toBeUndefined()
        }
        expect(JSON.parse(requests[0]!.body)).toEqual({ query: "effect", include_answer: "basic", start_date: "2025-01-31" })
        expect(JSON.parse(requests[2]!.body)).toEqual({ url: "docs.tavily.com", max_depth: 2, instructions: "SDK pages" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("starts a research task, reads its status by percent-encoded id, and reads usage", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) => ({
          status: request.path === "/research" ? 201 : request.path === "/usage" ? 200 : 202,
          body: request.path === "/research"
            ? { request_id: "r/1", created_at: "2025-01-01T00:00:00Z", status: "pending", input: "q", model: "mini", response_time: 1 }
            : request.path === "/usage"
            ? { key: { usage: 150, limit: 1000 }, account: { current_plan: "Bootstrap", plan_usage: 500 } }
            : { request_id: "r/1", status: "in_progress", response_time: 0.1 }
        }))
        const tavily = yield* client({ baseUrl: server.url })
        const task = yield* tavily.research.create({ input: "q", model: "mini", citation_format: "apa" })
        expect(task.request_id).toBe("r/1")
        const status = yield* tavily.research.get(task.request_id)
        expect(status.status).toBe("in_progress")
        const usage = yield* tavily.usage()
        expect(usage.key?.usage).toBe(150)
        const requests = yield* server.requests
        expect(requests.map((r) => [r.method, r.path])).toEqual([
          ["POST", "/research"],
          ["GET", "/research/r%2F1"],
          ["GET", "/usage"]
        ])
        expect(JSON.parse(requests[0]!.body)).toEqual({ input: "q", model: "mini", citation_format: "apa" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects an empty query, a malformed date, 21 URLs, too many domains and a streamed research task", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, searchAnswer))
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          tavily.search({ query: "  " }),
          tavily.search({ query: "q", start_date: "2025-13-01" }),
          tavily.search({ query: "q", exclude_domains: Array.from({ length: 151 }, (_, i) => `d${i}.com`) }),
          tavily.search({ query: "q", max_results: 21 }),
          tavily.extract({ urls: Array.from({ length: 21 }, (_, i) => `https://a.dev/${i}`) }),
          tavily.extract({ urls: [] }),
          tavily.crawl({ url: "" }),
          tavily.map({ url: "has space.dev" }),
          tavily.research.create({ input: "q", stream: true as unknown as false }),
          tavily.research.get("")
        ]
        for (const attempt of attempts) {
          expect(failure(yield* Effect.exit(attempt)).reason).toBe("InvalidRequest")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failures and retries", () => {
    it.scoped("maps 432 and 433 to a credit limit, Forbidden and never retried, without Tavily's text", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? tavilyError(432, "This request exceeds your plan's set usage limit for query secret-topic")
            : tavilyError(433, "This request exceeds the pay-as-you-go limit.")
        )
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const plan = failure(yield* Effect.exit(tavily.search({ query: "secret-topic" })))
        expect([plan.reason, plan.status, plan.retryable]).toEqual(["Forbidden", 432, false])
        expect(TavilyError.details(plan)).toEqual({ limit: "plan" })
        expect(TavilyError.isCreditLimitReached(plan)).toBe(true)
        expect(`${plan.message} ${JSON.stringify(plan)}`).not.toContain("secret-topic")
        const paygo = failure(yield* Effect.exit(tavily.extract({ urls: "https://a.dev" })))
        expect([paygo.reason, TavilyError.details(paygo)]).toEqual(["Forbidden", { limit: "paygo" }])
        expect(yield* stub.requests).toHaveLength(2)
      }))

    it.scoped("maps a 403 unsupported URL to InvalidRequest and a 400 without retrying either", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? tavilyError(403, "[403] URL is not supported") : tavilyError(400, "[400] No starting url provided")
        )
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const unsupported = failure(yield* Effect.exit(tavily.crawl({ url: "chrome://settings" })))
        expect([unsupported.reason, unsupported.status]).toEqual(["InvalidRequest", 403])
        expect(TavilyError.isCreditLimitReached(unsupported)).toBe(false)
        const bad = failure(yield* Effect.exit(tavily.map({ url: "x.dev" })))
        expect([bad.reason, bad.status]).toEqual(["InvalidRequest", 400])
        expect(yield* stub.requests).toHaveLength(2)
      }))

    it.scoped("retries a search after a 500 and a 429, backing off on the clock, then succeeds", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? tavilyError(500, "Internal Server Error") : n === 2 ? tavilyError(429, "blocked") : StubHttp.json(200, searchAnswer)
        )
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(tavily.search({ query: "effect" }))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).query).toBe("effect")
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBeGreaterThanOrEqual(1000)
      }))

    it.scoped("does not retry a research start after a 500 (it may have run), but does after a 429", () =>
      Effect.gen(function*() {
        const created = { request_id: "r1", created_at: "2025-01-01T00:00:00Z", status: "pending", input: "q", model: "auto", response_time: 1 }
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? tavilyError(500, "Error when executing research task") : n === 2 ? tavilyError(429, "blocked") : StubHttp.json(201, created)
        )
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const crashed = failure(yield* Effect.exit(tavily.research.create({ input: "q" })))
        expect([crashed.reason, crashed.status]).toEqual(["Server", 500])
        expect(yield* stub.requests).toHaveLength(1)
        const fiber = yield* Effect.fork(tavily.research.create({ input: "q" }))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).request_id).toBe("r1")
        expect(yield* stub.requests).toHaveLength(3)
      }))
  })

  describe("research.wait", () => {
    const running = (status: string) => StubHttp.json(202, { request_id: "r1", status, response_time: 0.1 })
    const completed = StubHttp.json(200, {
      request_id: "r1",
      created_at: "2025-01-01T00:00:00Z",
      status: "completed",
      content: { company: "Acme", employees: 12 },
      sources: [{ url: "https://acme.dev" }],
      response_time: 40
    })

    it.scoped("polls on a growing interval until the task completes, and returns its report", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => n === 1 ? running("pending") : n < 4 ? running("in_progress") : completed)
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(tavily.research.wait("r1"))
        yield* TestClock.adjust(Duration.minutes(1))
        const report = yield* Fiber.join(fiber)
        expect(report.content).toEqual({ company: "Acme", employees: 12 })
        const requests = yield* stub.requests
        expect(requests.map((r) => r.atMillis)).toEqual([0, 2000, 5000, 9500])
      }))

    it.scoped("fails with Server when the task fails, and with a retryable Timeout when it outlives the wait", () =>
      Effect.gen(function*() {
        const failing = yield* StubHttp.make((n) =>
          n === 1 ? running("pending") : StubHttp.json(200, { request_id: "r1", status: "failed" })
        )
        const tavily = yield* client().pipe(Effect.provide(failing.layer))
        const fiber = yield* Effect.fork(Effect.exit(tavily.research.wait("r1")))
        yield* TestClock.adjust(Duration.minutes(1))
        const failed = failure(yield* Fiber.join(fiber))
        expect([failed.reason, failed.retryable, failed.operation]).toEqual(["Server", false, "research.wait"])

        const stuck = yield* StubHttp.make(() => running("in_progress"))
        const slow = yield* client().pipe(Effect.provide(stuck.layer))
        const waiting = yield* Effect.fork(Effect.exit(slow.research.wait("r1", { timeout: "1 minute", interval: "10 seconds" })))
        yield* TestClock.adjust(Duration.minutes(2))
        const timedOut = failure(yield* Fiber.join(waiting))
        expect([timedOut.reason, timedOut.retryable]).toEqual(["Timeout", true])
        const reads = (yield* stuck.requests).length
        expect(reads).toBeGreaterThanOrEqual(4)
        expect(reads).toBeLessThanOrEqual(8)
      }))

    it.scoped("run starts the task once and waits for it", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(201, { request_id: "r1", created_at: "x", status: "pending", input: "q", model: "pro", response_time: 1 })
            : n === 2
            ? running("pending")
            : completed
        )
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(tavily.research.run({ input: "q", model: "pro" }))
        yield* TestClock.adjust(Duration.minutes(1))
        expect((yield* Fiber.join(fiber)).status).toBe("completed")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
          ["POST", "/research"],
          ["GET", "/research/r1"],
          ["GET", "/research/r1"]
        ])
      }))

    it.scoped("reports a 'completed' status without its report as ResponseDrift, not as a running task", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { request_id: "r1", status: "completed", response_time: 1 }))
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        expect(failure(yield* Effect.exit(tavily.research.get("r1"))).reason).toBe("ResponseDrift")
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(TavilyClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["TAVILY_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["TAVILY_API_KEY", "Missing"],
          ["TAVILY_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig sends the key from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => tavilyError(401, `Unauthorized: invalid API key ${API_KEY}`))
        const exit = yield* Effect.exit(
          Effect.flatMap(TavilyClient.TavilyClient, (tavily) => tavily.search({ query: "q" })).pipe(
            Effect.provide(TavilyClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["TAVILY_API_KEY", API_KEY]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(API_KEY)
        }
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const tavily = yield* TavilyClient.TavilyClient
        expect((yield* tavily.search({ query: "q" })).results).toEqual([])
        const exit = yield* Effect.exit(Effect.suspend(() => tavily.research.create({ input: "q" })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("TavilyClient.research.create is not implemented")
      }).pipe(
        Effect.provide(
          TavilyClient.layerTest({ search: (params) => Effect.succeed({ query: params.query, results: [], images: [], response_time: 0 }) })
        )
      ))

    it.scoped("registers a tavily health check: one GET /usage without retries, a 503 as down", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, { key: { usage: 1 } }) : tavilyError(503, "unavailable")
        )
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            TavilyClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "tavily", critical: true }])
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([["GET", "/usage"], ["GET", "/usage"]])
      }))

    it.scoped("paces calls with the documented per-minute limit given as rateLimit", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, searchAnswer))
        const tavily = yield* client({ rateLimit: { ...TavilyClient.rateLimits.development, limit: 2 } }).pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.all([1, 2, 3].map(() => tavily.search({ query: "q" })), { concurrency: 3 }))
        yield* TestClock.adjust(Duration.seconds(59))
        expect(yield* stub.requests).toHaveLength(2)
        yield* TestClock.adjust(Duration.seconds(2))
        yield* Fiber.join(fiber)
        expect(yield* stub.requests).toHaveLength(3)
        expect(TavilyClient.rateLimits.production).toEqual({ limit: 1000, window: "1 minute" })
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Tavily.<operation> and records neither the query nor the key", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, searchAnswer))
        const tavily = yield* client().pipe(Effect.provide(stub.layer))
        yield* tavily.search({ query: "confidential merger target" })
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Tavily.search")
        expect(span?.attributes).toMatchObject({ "http.response.status_code": 200 })
        expect(JSON.stringify(span?.attributes)).not.toContain("confidential")
        expect(JSON.stringify(span?.attributes)).not.toContain(API_KEY)
      }).pipe(Effect.provide(Tracing)))
  })
})
