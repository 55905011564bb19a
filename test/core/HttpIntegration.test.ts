import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import type { IntegrationError } from "../../src/core/IntegrationError.js"
import * as RetryBudget from "../../src/core/RetryBudget.js"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as DemoVendor from "../support/DemoVendor.js"
import * as StubHttp from "../support/StubHttp.js"
import * as TestServer from "../support/TestServer.js"
import * as NodeTransport from "../../src/transport/NodeTransport.js"
import * as UndiciTransport from "../../src/transport/UndiciTransport.js"

const thing = { id: "t_1", name: "widget", count: 1 }

/** The operation most tests call: `GET /x`, any answer. */
const getX = (http: HttpIntegration.HttpIntegration) =>
  http.operation({ name: "get", method: "GET", input: Schema.Void, output: Schema.Unknown, request: () => ({ path: "/x" }) })

const failureOf = <A>(exit: import("effect/Exit").Exit<A, IntegrationError>) =>
  exit._tag === "Failure" && exit.cause._tag === "Fail" ? exit.cause.error : undefined

/** Every behaviour below holds on every path a call can take: the kernel's own transports, and any platform client. */
const paths = [
  { path: "direct path", real: UndiciTransport.layer(), stubbed: (stub: Stub) => stub.layer },
  { path: "direct path over node:http", real: NodeTransport.layer(), stubbed: (stub: Stub) => stub.layer },
  { path: "Effect path", real: NodeHttpClient.layerUndici, stubbed: (stub: Stub) => stub.layerPlatform }
] as const

type Stub = Effect.Effect.Success<ReturnType<typeof StubHttp.make>>

describe.each(paths)("HttpIntegration ($path)", ({ real, stubbed }) => {
  it.scoped("times out a hanging server per attempt and really aborts the socket", () =>
    Effect.gen(function*() {
      const seen = yield* Deferred.make<void>()
      const closed = yield* Deferred.make<void>()
      const server = yield* TestServer.make((req) => {
        Deferred.unsafeDone(seen, Effect.void)
        req.socket.on("close", () => Deferred.unsafeDone(closed, Effect.void))
      })
      const demo = yield* DemoVendor.make({ baseUrl: server.url, policy: { timeout: "2 seconds", maxRetries: 0 } })
      const fiber = yield* Effect.fork(Effect.exit(demo.getThing({ id: "t_1" })))
      yield* Deferred.await(seen)
      yield* TestClock.adjust(Duration.seconds(2))
      const error = failureOf(yield* Fiber.join(fiber))
      expect(error?.reason).toBe("Timeout")
      expect(error?.retryable).toBe(true)
      // The server sees its socket closed: the request was aborted, not left dangling.
      yield* Deferred.await(closed)
    }).pipe(Effect.provide(real)))

  it.scoped("decodes a real server's JSON response and captures the request id", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "request-id": "req_123" })
        res.end(JSON.stringify({ ...thing, extra: "ignored" }))
      })
      const demo = yield* DemoVendor.make({ baseUrl: server.url })
      const result = yield* demo.getThing.withMeta({ id: "t_1" })
      expect(result.value).toEqual(thing)
      expect(result.meta).toMatchObject({ status: 200, requestId: "req_123", attempts: 1 })
    }).pipe(Effect.provide(real)))

  it.scoped("a drifted response fails with ResponseDrift naming the field path, not its value", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "t_1", name: "secret-name-value", count: "three" }))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toContain("count")
      expect(error.message).not.toContain("three")
      expect(error.message).not.toContain("secret-name-value")
      expect(error.retryable).toBe(false)
    }))

  it.scoped("a body that is not JSON fails with ResponseDrift", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => ({ status: 200, body: "<html>proxy error</html>" }))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("ResponseDrift")
    }))

  it.scoped("input that fails its Schema is InvalidRequest and no request is sent", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, thing))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      const error = yield* Effect.flip(demo.createThing({ name: "", count: -4 }))
      expect(error.reason).toBe("InvalidRequest")
      expect(error.description).toContain("name")
      expect(error.description).toContain("count")
      expect(error.message).not.toContain("-4")
      expect(yield* stub.requests).toHaveLength(0)
    }))

  it.scoped("a response larger than the limit fails with ResponseTooLarge without buffering it", () =>
    Effect.gen(function*() {
      const server = yield* TestServer.make((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        // Chunked, no content-length: the limit must be enforced while streaming.
        res.write(`{"id":"t","name":"${"x".repeat(64 * 1024)}`)
        res.end(`","count":1}`)
      })
      const demo = yield* DemoVendor.make({ baseUrl: server.url, policy: { maxResponseBytes: 16 * 1024 } })
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("ResponseTooLarge")
      expect(error.retryable).toBe(false)
    }).pipe(Effect.provide(real)))

  it.scoped("a declared content-length over the limit is refused before reading", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { ...thing, name: "y".repeat(5000) }))
      const demo = yield* DemoVendor.make({ policy: { maxResponseBytes: 1000 } }).pipe(Effect.provide(stubbed(stub)))
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("ResponseTooLarge")
    }))

  it.scoped("maps vendor error bodies to identifiers only and classifies 529 as Overloaded", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() =>
        StubHttp.json(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded for user bob@example.com" } })
      )
      const demo = yield* DemoVendor.make({ policy: { maxRetries: 0 } }).pipe(Effect.provide(stubbed(stub)))
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("Overloaded")
      expect(error.details).toEqual({ type: "overloaded_error" })
      expect(error.message).not.toContain("bob@example.com")
    }))

  it.scoped("re-reads a rotated key once after a 401 and succeeds with the new one", () =>
    Effect.gen(function*() {
      // The secret store and the vendor both hold the current key; rotating changes both.
      let current = "sk_old"
      const stub = yield* StubHttp.make((_n, request) =>
        request.headers["authorization"] === `Bearer ${current}` ? StubHttp.json(200, thing) : StubHttp.json(401, {})
      )
      const credentials = yield* Credentials.make({ read: () => Effect.sync(() => Redacted.make(current)) })
      const secret = yield* Effect.orDie(
        Credentials.config("DEMO_KEY").pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DEMO_KEY", "sk_old"]])))
        )
      )
      const demo = yield* DemoVendor.make({ secret }).pipe(
        Effect.provide(Layer.merge(stubbed(stub), Layer.succeed(Credentials.Credentials, credentials)))
      )
      yield* demo.getThing({ id: "t_1" })
      current = "sk_new"
      const value = yield* demo.getThing({ id: "t_1" })
      expect(value).toEqual(thing)
      const auths = (yield* stub.requests).map((r) => r.headers["authorization"])
      expect(auths).toEqual(["Bearer sk_old", "Bearer sk_old", "Bearer sk_new"])
    }))

  it.scoped("a key sent as a query parameter reaches the vendor but never the span, the error or the logs", () =>
    Effect.gen(function*() {
      const canary = "qk_canary_5e1d"
      const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(200, thing) : StubHttp.json(403, { error: { message: `bad key ${canary}` } })))
      const http = yield* HttpIntegration.make({
        vendor: "Keyed",
        baseUrl: "https://api.keyed.test",
        auth: HttpIntegration.query("key", Credentials.fixed(Redacted.make(canary))),
        policy: { maxRetries: 0 }
      }).pipe(Effect.provide(stubbed(stub)))
      const get = http.operation({
        name: "get",
        method: "GET",
        input: Schema.Struct({ q: Schema.String }),
        output: Schema.Unknown,
        request: ({ q }) => ({ path: "/things", query: { q } })
      })
      yield* get({ q: "a b" })
      const error = yield* Effect.flip(get({ q: "c" }))
      const urls = (yield* stub.requests).map((request) => request.url)
      expect(urls[0]).toBe(`https://api.keyed.test/things?q=a+b&key=${canary}`)
      expect(error.reason).toBe("Forbidden")
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(canary)
    }))

  it.scoped("fails with Unauthorized when the re-read key is unchanged", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(401, { error: { type: "authentication_error" } }))
      const secret = yield* Effect.orDie(
        Credentials.config("DEMO_KEY").pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DEMO_KEY", "sk_same"]])))
        )
      )
      const demo = yield* DemoVendor.make({ secret }).pipe(
        Effect.provide(stubbed(stub)),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DEMO_KEY", "sk_same"]])))
      )
      const error = yield* Effect.flip(demo.getThing({ id: "t_1" }))
      expect(error.reason).toBe("Unauthorized")
      expect(yield* stub.requests).toHaveLength(1)
      expect(error.message).not.toContain("sk_same")
      // The caller learns which credential to fix, by the name it was read from.
      expect(error.message).toContain("the credential read from DEMO_KEY was refused")
    }))

  it.scoped("logs a vendor deprecation once per operation and keeps working", () =>
    Effect.gen(function*() {
      const logs = yield* Ref.make<Array<string>>([])
      const logger = Logger.make(({ message }) => Effect.runSync(Ref.update(logs, (all) => [...all, String(message)])))
      const stub = yield* StubHttp.make(() => StubHttp.json(200, thing, { deprecation: "true", sunset: "Wed, 01 Jan 2031 00:00:00 GMT" }))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      yield* demo.getThing({ id: "a" }).pipe(Effect.repeatN(2), Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
      const warnings = (yield* Ref.get(logs)).filter((line) => line.includes("deprecated"))
      expect(warnings).toHaveLength(1)
    }))

  it.scoped("withPolicy overrides the vendor policy for one call", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(503, {}))
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      yield* Effect.exit(demo.getThing({ id: "t_1" }).pipe(HttpIntegration.withPolicy({ vendor: "Demo" }, { maxRetries: 0 })))
      expect(yield* stub.requests).toHaveLength(1)
    }))

  it.scoped("counts calls by outcome, retries and failures by reason in Effect metrics", () =>
    Effect.gen(function*() {
      const tagged = <T extends Metric.Metric.Counter<number>>(metric: T, tags: Record<string, string>) =>
        Object.entries(tags).reduce((m, [k, v]) => Metric.tagged(m, k, v), metric as Metric.Metric.Counter<number>)
      const read = Effect.all({
        ok: Metric.value(tagged(Telemetry.calls, { "integration.vendor": "Demo", "integration.operation": "things.get", "integration.outcome": "success" })),
        failed: Metric.value(tagged(Telemetry.calls, { "integration.vendor": "Demo", "integration.operation": "things.get", "integration.outcome": "failure" })),
        retries: Metric.value(tagged(Telemetry.retries, { "integration.vendor": "Demo", "integration.operation": "things.get" })),
        notFound: Metric.value(tagged(Telemetry.failures, { "integration.vendor": "Demo", "integration.error.reason": "NotFound" }))
      })
      const before = yield* read
      const stub = yield* StubHttp.make((n) =>
        n === 1 ? StubHttp.json(500, {}) : n === 2 ? StubHttp.json(200, thing) : StubHttp.json(404, {})
      )
      const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
      const fiber = yield* Effect.fork(demo.getThing({ id: "a" }))
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.join(fiber)
      yield* Effect.exit(demo.getThing({ id: "b" }))
      const after = yield* read
      expect(after.ok.count - before.ok.count).toBe(1)
      expect(after.failed.count - before.failed.count).toBe(1)
      expect(after.retries.count - before.retries.count).toBe(1)
      expect(after.notFound.count - before.notFound.count).toBe(1)
    }))

  it.scoped("a retry budget keeps an all-failing vendor from multiplying its load", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(503, {}))
      const budget = yield* RetryBudget.make({ ratio: 0.1, minRetriesPerSecond: 0 })
      const http = yield* HttpIntegration.make({
        vendor: "Budgeted",
        baseUrl: "https://api.demo.test",
        retryBudget: budget,
        circuitBreaker: false,
        policy: { maxRetries: 2, jitter: 0 }
      }).pipe(Effect.provide(stubbed(stub)))
      const get = getX(http)
      const fiber = yield* Effect.fork(Effect.all(Array.from({ length: 50 }, () => Effect.exit(get())), { concurrency: 10 }))
      yield* TestClock.adjust(Duration.minutes(5))
      const exits = yield* Fiber.join(fiber)
      expect(exits.every((exit) => exit._tag === "Failure")).toBe(true)
      // Without the budget: 150 requests. With it: 50 first attempts earn 5 retries.
      const requests = (yield* stub.requests).length
      expect(requests).toBeGreaterThanOrEqual(50)
      expect(requests).toBeLessThanOrEqual(55)
    }))

  describe("resilience wiring", () => {
    const makeOp = (stub: Effect.Effect.Success<ReturnType<typeof StubHttp.make>>, definition: Partial<HttpIntegration.Definition>) =>
      Effect.map(
        HttpIntegration.make({ vendor: "Wired", baseUrl: "https://api.wired.test", policy: { jitter: 0 }, ...definition }).pipe(
          Effect.provide(stubbed(stub))
        ),
        getX
      )

    it.scoped("the default breaker opens after 5 failures in a row and then fails fast without a request", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(500, {}))
        const get = yield* makeOp(stub, { policy: { maxRetries: 0 } })
        for (let i = 0; i < 5; i++) expect((yield* Effect.flip(get())).reason).toBe("Server")
        const shed = yield* Effect.flip(get())
        expect(shed.reason).toBe("CircuitOpen")
        expect(shed.retryable).toBe(false)
        expect(shed.retryAfter).toBeDefined()
        expect(yield* stub.requests).toHaveLength(5)
      }))

    it.scoped("a 429's Retry-After pauses every caller of the vendor when a rate limit is set", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(429, {}, { "retry-after": "10" }) : StubHttp.json(200, {})))
        const get = yield* makeOp(stub, { rateLimit: { limit: 100, window: "1 second" }, policy: { maxRetries: 0 } })
        expect((yield* Effect.flip(get())).reason).toBe("RateLimited")
        // Another caller now waits out the pause instead of hitting the vendor at once.
        const fiber = yield* Effect.fork(get())
        yield* TestClock.adjust(Duration.seconds(9))
        expect(yield* stub.requests).toHaveLength(1)
        yield* TestClock.adjust(Duration.seconds(2))
        yield* Fiber.join(fiber)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        expect(requests[1]!.atMillis).toBeGreaterThanOrEqual(10_000)
      }))

    it.scoped("the bulkhead rejects calls beyond its concurrency and queue", () =>
      Effect.gen(function*() {
        // A real server that holds every answer until the test releases them.
        const held: Array<() => void> = []
        const arrived = yield* Ref.make(0)
        const server = yield* TestServer.make((_req, res) => {
          Effect.runSync(Ref.update(arrived, (n) => n + 1))
          held.push(() => {
            res.writeHead(200, { "content-type": "application/json" })
            res.end("{}")
          })
        })
        const http = yield* HttpIntegration.make({
          vendor: "Crowded",
          baseUrl: server.url,
          bulkhead: { maxConcurrent: 2, maxQueue: 1 },
          policy: { maxRetries: 0 }
        })
        const get = getX(http)
        const running = yield* Effect.forEach([1, 2, 3], () => Effect.fork(get()))
        // Two calls hold the slots (their requests reach the server), the third waits in the queue.
        while ((yield* Ref.get(arrived)) < 2) yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
        const rejected = yield* Effect.flip(get())
        expect(rejected.reason).toBe("BulkheadRejected")
        expect(yield* Ref.get(arrived)).toBe(2)
        while (held.length > 0 || (yield* Ref.get(arrived)) < 3) {
          held.splice(0).forEach((release) => release())
          yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
        }
        yield* Effect.forEach(running, Fiber.join)
        expect(yield* Ref.get(arrived)).toBe(3)
      }).pipe(Effect.provide(real)))
  })

  describe("interruption", () => {
    // With no deadline the attempt runs in the caller's fiber and the call's exit handler cancels it; under a deadline
    // the attempts run in a fiber of their own and the attempt's canceler does. Both must abort and free the slot.
    for (const policy of [{ maxRetries: 0 }, { maxRetries: 0, deadline: "1 minute" }] as const) {
      it.scoped(`interrupting a call in flight aborts its request and frees its bulkhead slot (${JSON.stringify(policy)})`, () =>
        Effect.gen(function*() {
          const arrivals: Array<Deferred.Deferred<void>> = [yield* Deferred.make<void>(), yield* Deferred.make<void>()]
          const closed = yield* Deferred.make<void>()
          let requests = 0
          const server = yield* TestServer.make((req, res) => {
            const arrived = arrivals[requests++]
            if (arrived !== undefined) Deferred.unsafeDone(arrived, Effect.void)
            if (requests === 1) {
              // The first request is held until its socket closes.
              req.socket.on("close", () => Deferred.unsafeDone(closed, Effect.void))
              return
            }
            res.writeHead(200, { "content-type": "application/json" })
            res.end("{}")
          })
          const http = yield* HttpIntegration.make({
            vendor: "Interrupted",
            baseUrl: server.url,
            bulkhead: { maxConcurrent: 1, maxQueue: 0 },
            policy
          })
          const get = getX(http)
          const first = yield* Effect.fork(get())
          yield* Deferred.await(arrivals[0]!)
          const exit = yield* Fiber.interrupt(first)
          expect(Exit.isInterrupted(exit)).toBe(true)
          // The server sees the socket closed, and the one slot admits the next call at once.
          yield* Deferred.await(closed)
          expect(yield* get()).toEqual({})
          expect(requests).toBe(2)
        }).pipe(Effect.provide(real)))
    }
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({
      resource: { serviceName: "test" },
      spanProcessor: new SimpleSpanProcessor(exporter)
    }))

    it.scoped("one client span per call with HTTP attributes, attempt events and no secret or query value", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(503, {}, { "request-id": "req_a" }) : StubHttp.json(200, thing, { "request-id": "req_b" })))
        const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
        const fiber = yield* Effect.fork(demo.getThing({ id: "t_1", expand: "canary-query-value" }))
        yield* TestClock.adjust(Duration.seconds(5))
        yield* Fiber.join(fiber)
        const failing = yield* StubHttp.make(() => StubHttp.json(404, { error: { code: "resource_missing" } }))
        const demo2 = yield* DemoVendor.make().pipe(Effect.provide(stubbed(failing)))
        yield* Effect.exit(demo2.getThing({ id: "missing" }))

        const spans = exporter.getFinishedSpans()
        expect(spans.map((s) => s.name)).toEqual(["Demo.things.get", "Demo.things.get"])
        const [ok, failed] = spans
        expect(ok!.kind).toBe(2) // SpanKind.CLIENT
        expect(ok!.attributes).toMatchObject({
          "integration.vendor": "Demo",
          "integration.operation": "things.get",
          "integration.retries": 1,
          "http.request.method": "GET",
          "http.response.status_code": 200,
          "integration.request_id": "req_b",
          "server.address": "api.demo.test",
          "url.full": "https://api.demo.test/things/t_1?expand=REDACTED"
        })
        expect(ok!.events.map((e) => e.name)).toEqual(["integration.attempt.failed", "integration.retry.scheduled"])
        expect(ok!.status.code).not.toBe(2)
        expect(failed!.status.code).toBe(2) // ERROR
        expect(failed!.attributes["error.type"]).toBe("NotFound")

        const everything = JSON.stringify(spans.map((s) => ({ a: s.attributes, e: s.events, st: s.status, n: s.name })))
        expect(everything).not.toContain(DemoVendor.CANARY_SECRET)
        expect(everything).not.toContain("canary-query-value")
      }).pipe(Effect.provide(Tracing)))

    it.scoped("sends the call's span as trace context to a vendor that asked for it", () => {
      // An exporter of its own: the shared one stops for good when an earlier test's provider shuts down.
      const own = new InMemorySpanExporter()
      return Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, thing))
        const http = yield* HttpIntegration.make({
          vendor: "Traced",
          baseUrl: "https://api.traced.test",
          propagateTraceContext: true
        }).pipe(Effect.provide(stubbed(stub)))
        const get = getX(http)
        yield* get()
        const [span] = own.getFinishedSpans()
        const traceparent = (yield* stub.requests)[0]!.headers["traceparent"]
        expect(traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`)
      }).pipe(
        Effect.provide(NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(own) })))
      )
    })

    it.scoped("does not send trace context to the vendor by default", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, thing))
        const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
        yield* demo.getThing({ id: "t_1" })
        const headers = (yield* stub.requests)[0]!.headers
        expect(headers["traceparent"]).toBeUndefined()
        expect(headers["b3"]).toBeUndefined()
      }).pipe(Effect.provide(Tracing)))
  })

  describe("calls whose outcome is unknown", () => {
    it.scoped("a POST whose connection broke after it was sent, then a 503 on its retry, fails as Transport that may have succeeded", () =>
      Effect.gen(function*() {
        let requests = 0
        const server = yield* TestServer.make((req, res) => {
          requests += 1
          const n = requests
          void TestServer.readBody(req).then(() => {
            // The whole request arrived: the vendor may act on it, but the answer never comes back.
            if (n === 1) return req.socket.destroy()
            res.writeHead(503, { "content-type": "application/json" })
            res.end(JSON.stringify({ error: { type: "overloaded" } }))
          })
        })
        const demo = yield* DemoVendor.make({ baseUrl: server.url, policy: { maxRetries: 1, baseDelay: 0 } })
        const error = yield* Effect.flip(demo.createThing({ name: "widget", count: 1 }))
        expect(requests).toBe(2)
        expect(error.reason).toBe("Transport")
        expect(error.mayHaveSucceeded).toBe(true)
        expect(error.description).toContain("an idempotency key was sent")
        expect(error.description).toContain("finally failed with Overloaded (HTTP 503)")
        expect(error.cause).toMatchObject({ reason: "Overloaded", status: 503 })
      }).pipe(Effect.provide(real)))

    it.scoped("a write cut off by the overall deadline may have succeeded; a read cut off the same way says nothing of the kind", () =>
      Effect.gen(function*() {
        const seen = [yield* Deferred.make<void>(), yield* Deferred.make<void>()] as const
        let requests = 0
        const server = yield* TestServer.make(() => {
          const arrived = seen[requests++]
          if (arrived !== undefined) Deferred.unsafeDone(arrived, Effect.void)
        })
        const demo = yield* DemoVendor.make({
          baseUrl: server.url,
          policy: { timeout: "1 minute", deadline: "2 seconds", maxRetries: 0 }
        })
        const write = yield* Effect.fork(Effect.flip(demo.createThing({ name: "widget", count: 1 })))
        yield* Deferred.await(seen[0])
        yield* TestClock.adjust("2 seconds")
        const writeError = yield* Fiber.join(write)
        expect(writeError.reason).toBe("Timeout")
        expect(writeError.description).toContain("overall deadline of 2s exceeded")
        expect(writeError.mayHaveSucceeded).toBe(true)

        const read = yield* Effect.fork(Effect.flip(demo.getThing({ id: "t_1" })))
        yield* Deferred.await(seen[1])
        yield* TestClock.adjust("2 seconds")
        const readError = yield* Fiber.join(read)
        expect(readError.reason).toBe("Timeout")
        expect(readError.mayHaveSucceeded).toBeUndefined()
      }).pipe(Effect.provide(real)))

    it.scoped("a POST answered 2xx with a body that does not decode was carried out: it says so", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(201, { id: 7 }))
        const demo = yield* DemoVendor.make().pipe(Effect.provide(stubbed(stub)))
        const error = yield* Effect.flip(demo.createThing({ name: "widget", count: 1 }))
        expect([error.reason, error.status, error.mayHaveSucceeded]).toEqual(["ResponseDrift", 201, true])
        const read = yield* Effect.flip(demo.getThing({ id: "t_1" }))
        expect([read.reason, read.mayHaveSucceeded]).toEqual(["ResponseDrift", undefined])
      }))

    it.scoped("a POST refused with a status (4xx or 5xx) is the vendor's answer, not an unknown outcome", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(500, { error: { type: "api_error" } }))
        const demo = yield* DemoVendor.make({ policy: { maxRetries: 0 } }).pipe(Effect.provide(stubbed(stub)))
        const error = yield* Effect.flip(demo.createThing({ name: "widget", count: 1 }))
        expect([error.reason, error.status, error.mayHaveSucceeded]).toEqual(["Server", 500, undefined])
      }))
  })
})
