import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as RateLimiter from "../../../src/core/RateLimiter.js"
import * as ResendClient from "../../../src/vendors/resend/ResendClient.js"
import * as ResendError from "../../../src/vendors/resend/ResendError.js"
import type * as ResendSchemas from "../../../src/vendors/resend/ResendSchemas.js"
import * as Emails from "../../../src/vendors/resend/resources/Emails.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as ResendServer from "./support/ResendServer.js"

const API_KEY = "re_canary_9fQ2pLmN0xYz"
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const client = (options: Partial<ResendClient.Options> = {}) =>
  ResendClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const welcome: ResendSchemas.SendEmailParams = {
  from: "Acme <onboarding@acme.dev>",
  to: ["jane@example.com", "john@example.com"],
  subject: "Welcome",
  html: "<p>Hi</p>",
  text: "Hi",
  cc: "team@acme.dev",
  reply_to: ["support@acme.dev"],
  headers: { "X-Entity-Ref-ID": "123" },
  tags: [{ name: "category", value: "welcome_email" }]
}

const plain = (to: string): ResendSchemas.SendEmailParams => ({ from: "a@acme.dev", to, subject: "Hi", text: "Hi" })

describe("ResendClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends emails.send as a JSON POST with bearer auth and a generated idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make(() => ({ body: { id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" } }))
        const resend = yield* client({ baseUrl: server.url })
        const sent = yield* resend.emails.send(welcome)
        expect(sent.id).toBe("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794")
        const [request] = yield* server.requests
        expect(request?.method).toBe("POST")
        expect(request?.path).toBe("/emails")
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        expect(request?.headers["content-type"]).toContain("application/json")
        expect(request?.headers["idempotency-key"]).toMatch(UUID)
        expect(request?.headers["user-agent"]).toMatch(/^effect-integrations\//)
        expect(request?.headers["x-batch-validation"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual(welcome)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("retrieves an email by percent-encoded id with GET and no idempotency key, decoding Resend's nulls", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make(() => ({ body: ResendServer.email }))
        const resend = yield* client({ baseUrl: server.url })
        const email = yield* resend.emails.retrieve("4ef9a417/../domains")
        expect(email.id).toBe(ResendServer.email.id)
        expect(email.last_event).toBe("delivered")
        expect(email.text).toBeNull()
        const [request] = yield* server.requests
        expect(request?.method).toBe("GET")
        expect(request?.path).toBe("/emails/4ef9a417%2F..%2Fdomains")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(request?.body).toBe("")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("sends a batch as one JSON array with one idempotency key and returns a result per email", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make(() => ({ body: { data: [{ id: "e_0" }, { id: "e_1" }] } }))
        const resend = yield* client({ baseUrl: server.url })
        const emails = [plain("jane@example.com"), plain("Jo <jo@example.com>")]
        const result = yield* resend.batch.send(emails, { idempotencyKey: "team-quota/123456789" })
        expect(result.succeeded).toEqual([{ index: 0, value: { id: "e_0" } }, { index: 1, value: { id: "e_1" } }])
        expect(result.failed).toEqual([])
        const [request] = yield* server.requests
        expect(request?.path).toBe("/emails/batch")
        expect(request?.headers["idempotency-key"]).toBe("team-quota/123456789")
        expect(request?.headers["x-batch-validation"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual(emails)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("in permissive mode sends the header and pairs created ids and refusals with their indexes", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make(() => ({
          body: { data: [{ id: "e_a" }, { id: "e_c" }], errors: [{ index: 1, message: "The `to` field is missing." }] }
        }))
        const resend = yield* client({ baseUrl: server.url })
        const result = yield* resend.batch.send(
          [plain("a@example.com"), plain("b@example.com"), plain("c@example.com")],
          { validation: "permissive" }
        )
        expect(result.succeeded).toEqual([{ index: 0, value: { id: "e_a" } }, { index: 2, value: { id: "e_c" } }])
        expect(result.failed).toEqual([{ index: 1, error: { message: "The `to` field is missing." } }])
        const [request] = yield* server.requests
        expect(request?.headers["x-batch-validation"]).toBe("permissive")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("batch results", () => {
    it.effect("reports ids that do not add up to the batch as ResponseDrift instead of guessing", () =>
      Effect.gen(function*() {
        const tooMany = failure(yield* Effect.exit(Emails.toBatchResult(1, { data: [{ id: "a" }, { id: "b" }] })))
        expect([tooMany.reason, tooMany.operation]).toEqual(["ResponseDrift", "batch.send"])
        const outOfRange = failure(
          yield* Effect.exit(Emails.toBatchResult(2, { data: [{ id: "a" }], errors: [{ index: 5, message: "x" }] }))
        )
        expect(outOfRange.reason).toBe("ResponseDrift")
      }))

    it.prop(
      "gives every email exactly one outcome, created ids in request order",
      [FastCheck.integer({ min: 1, max: 100 }).chain((count) =>
        FastCheck.tuple(FastCheck.constant(count), FastCheck.subarray(Array.from({ length: count }, (_, i) => i)))
      )],
      ([[count, refused]]) => {
        const accepted = Array.from({ length: count }, (_, i) => i).filter((i) => !refused.includes(i))
        const response = {
          data: accepted.map((i) => ({ id: `id_${i}` })),
          errors: [...refused].reverse().map((index) => ({ index, message: `bad ${index}` }))
        }
        const result = Effect.runSync(Emails.toBatchResult(count, response))
        const indexes = [...result.succeeded.map((s) => s.index), ...result.failed.map((f) => f.index)].sort((a, b) => a - b)
        expect(indexes).toEqual(Array.from({ length: count }, (_, i) => i))
        expect(result.succeeded.every((s) => s.value.id === `id_${s.index}`)).toBe(true)
        expect(result.failed.every((f) => f.error.message === `bad ${f.index}`)).toBe(true)
      }
    )
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects bad parameters and call options with InvalidRequest and sends nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "x" }))
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const fiftyOne = Array.from({ length: 51 }, (_, i) => `user${i}@example.com`)
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          resend.emails.send({ ...plain("jane@example.com"), from: "not an address" }),
          resend.emails.send({ ...plain("jane@example.com"), to: fiftyOne }),
          resend.emails.send({ ...plain("jane@example.com"), to: [] }),
          resend.emails.send({ from: "a@acme.dev", to: "jane@example.com", subject: "No body" }),
          resend.emails.send({ ...plain("jane@example.com"), template: { id: "tpl_1" } }),
          resend.emails.send({ ...plain("jane@example.com"), tags: [{ name: "has space", value: "x" }] }),
          resend.emails.send({ ...plain("jane@example.com"), attachments: [{ filename: "a.pdf" }] }),
          resend.emails.send(plain("jane@example.com"), { idempotencyKey: "k".repeat(257) }),
          resend.emails.send(plain("jane@example.com"), { idempotencyKey: "" }),
          resend.emails.retrieve(""),
          resend.batch.send([]),
          resend.batch.send(Array.from({ length: 101 }, () => plain("jane@example.com"))),
          resend.batch.send([{ ...plain("jane@example.com"), attachments: [{ path: "https://acme.dev/a.pdf" }] }]),
          resend.batch.send([{ ...plain("jane@example.com"), scheduled_at: "in 1 hour" }]),
          resend.batch.send([plain("jane@example.com")], { validation: "lenient" as "strict" })
        ]
        for (const [index, attempt] of attempts.entries()) {
          const error = failure(yield* Effect.exit(attempt))
          expect([index, error.reason]).toEqual([index, "InvalidRequest"])
          expect(error.vendor).toBe("Resend")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("accepts a template without html or text, and a 256-character idempotency key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "e_1" }))
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const key = "k".repeat(256)
        yield* resend.emails.send(
          { from: "a@acme.dev", to: "jane@example.com", subject: "Hi", template: { id: "tpl_1", variables: { n: 1 } } },
          { idempotencyKey: key }
        )
        const [request] = yield* stub.requests
        expect(request?.headers["idempotency-key"]).toBe(key)
        expect(JSON.parse(request!.body!).template).toEqual({ id: "tpl_1", variables: { n: 1 } })
      }))
  })

  describe("failures and retries", () => {
    it.scoped("maps a 422 validation error with its name, without Resend's message, and does not retry it", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(422, { statusCode: 422, name: "validation_error", message: "Invalid `to` field: jane@example.com" })
        )
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(resend.emails.send(plain("jane@example.com"))))
        expect([error.reason, error.status]).toEqual(["InvalidRequest", 422])
        expect(ResendError.details(error)).toEqual({ name: "validation_error" })
        expect(ResendError.hasName("validation_error")(error)).toBe(true)
        expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("jane@example.com")
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("maps a reused key to Idempotency and an invalid key to Unauthorized, neither retried", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(409, { statusCode: 409, name: "invalid_idempotent_request", message: "..." })
            : StubHttp.json(403, { statusCode: 403, name: "invalid_api_key", message: "API key is invalid" })
        )
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const reused = failure(yield* Effect.exit(resend.emails.send(plain("jane@example.com"), { idempotencyKey: "k1" })))
        expect([reused.reason, reused.retryable]).toEqual(["Idempotency", false])
        const badKey = failure(yield* Effect.exit(resend.emails.retrieve("e_1")))
        expect([badKey.reason, badKey.status]).toEqual(["Unauthorized", 403])
        expect(yield* stub.requests).toHaveLength(2)
      }))

    it.scoped("retries a concurrent_idempotent_requests conflict with the same key until the first request is done", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(409, { statusCode: 409, name: "concurrent_idempotent_requests", message: "..." })
            : StubHttp.json(200, { id: "e_1" })
        )
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(resend.emails.send(plain("jane@example.com")))
        yield* TestClock.adjust(Duration.seconds(5))
        expect((yield* Fiber.join(fiber)).id).toBe("e_1")
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        expect(requests[0]!.headers["idempotency-key"]).toBe(requests[1]!.headers["idempotency-key"])
      }))

    it.scoped("honours retry-after on a 429 and keeps Resend's ratelimit headers in the details", () =>
      Effect.gen(function*() {
        const limited = StubHttp.json(429, { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests." }, {
          "ratelimit-limit": "2",
          "ratelimit-remaining": "0",
          "ratelimit-reset": "1",
          "retry-after": "1"
        })
        const stub = yield* StubHttp.make(() => limited)
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.exit(resend.emails.send(plain("jane@example.com"))))
        yield* TestClock.adjust(Duration.seconds(30))
        const error = failure(yield* Fiber.join(fiber))
        expect(error.reason).toBe("RateLimited")
        expect(error.retryAfter && Duration.toMillis(error.retryAfter)).toBe(1000)
        expect(ResendError.details(error)).toEqual({
          name: "rate_limit_exceeded",
          ratelimit_limit: "2",
          ratelimit_remaining: "0",
          ratelimit_reset: "1"
        })
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        expect(requests.map((r) => r.atMillis)).toEqual([0, 1000, 2000])
        expect(new Set(requests.map((r) => r.headers["idempotency-key"])).size).toBe(1)
      }))

    it.scoped("retries a 500 and a dropped connection with the same idempotency key, backing off, then succeeds", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(500, { statusCode: 500, name: "application_error", message: "Something went wrong" })
            : n === 2
            ? { transportError: true }
            : StubHttp.json(200, { id: "e_1" })
        )
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(resend.emails.send(plain("jane@example.com")))
        yield* TestClock.adjust(Duration.seconds(30))
        expect((yield* Fiber.join(fiber)).id).toBe("e_1")
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        expect(new Set(requests.map((r) => r.headers["idempotency-key"])).size).toBe(1)
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBeGreaterThanOrEqual(500)
      }))

    it.scoped("tells a used-up sending quota apart from a rate limit", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(429, { statusCode: 429, name: "daily_quota_exceeded", message: "quota" }, { "retry-after": "86400" })
        )
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(resend.emails.send(plain("jane@example.com"))))
        expect(error.reason).toBe("RateLimited")
        expect(ResendError.isQuotaExceeded(error)).toBe(true)
        // A day's wait is beyond the policy's Retry-After ceiling: given up at once rather than slept on.
        expect(yield* stub.requests).toHaveLength(1)
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(ResendClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["RESEND_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["RESEND_API_KEY", "Missing"],
          ["RESEND_BASE_URL", "Invalid"]
        ])
        const withKey = yield* Effect.flip(
          Layer.build(ResendClient.layerConfig()).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["RESEND_API_KEY", API_KEY], ["RESEND_BASE_URL", "nope"]])
          )
        )
        const text = IntegrationConfig.format(withKey)
        expect(text).toContain("RESEND_BASE_URL")
        expect(text).not.toContain(API_KEY)
      }))

    it.scoped("layerConfig sends the key from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(401, { statusCode: 401, name: "missing_api_key", message: `Bad key ${API_KEY}` })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(ResendClient.ResendClient, (resend) => resend.emails.send(plain("jane@example.com"))).pipe(
            Effect.provide(ResendClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["RESEND_API_KEY", API_KEY]])
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
        const resend = yield* ResendClient.ResendClient
        expect((yield* resend.emails.send(plain("jane@example.com"))).id).toBe("e_fake")
        const exit = yield* Effect.exit(Effect.suspend(() => resend.batch.send([plain("jane@example.com")])))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("ResendClient.batch.send is not implemented")
      }).pipe(Effect.provide(ResendClient.layerTest({ emails: { send: () => Effect.succeed({ id: "e_fake" }) } }))))

    it.scoped("registers a resend health check: one GET /domains, a sending-only key counts as up, a 503 as down", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(200, { object: "list", has_more: false, data: [] })
            : n === 2
            ? StubHttp.json(401, { statusCode: 401, name: "restricted_api_key", message: "..." })
            : StubHttp.json(503, { statusCode: 503, name: "internal_server_error", message: "..." })
        )
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            ResendClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "resend", critical: true }])
        expect(reports[2].checks[0]?.error).toContain("Server")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, new URL(r.url).search])).toEqual([
          ["GET", "/domains", "?limit=1"],
          ["GET", "/domains", "?limit=1"],
          ["GET", "/domains", "?limit=1"]
        ])
      }))

    it.scoped("feeds a shared rate limiter with Resend's ratelimit headers", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(200, { id: "e_1" }, { "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": "1" })
        )
        const limiter = yield* RateLimiter.make({ vendor: "Resend", limit: 2, window: "1 second" })
        const resend = yield* client({ rateLimit: limiter }).pipe(Effect.provide(stub.layer))
        expect((yield* limiter.status()).pausedUntil).toBeUndefined()
        yield* resend.emails.send(plain("jane@example.com"))
        expect((yield* limiter.status()).pausedUntil).toBe(1000)
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Resend.<resource>.<operation> and records no recipient", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "e_1" }))
        const resend = yield* client().pipe(Effect.provide(stub.layer))
        yield* resend.emails.send(plain("jane@example.com"))
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Resend.emails.send")
        expect(span?.attributes).toMatchObject({ "integration.idempotency_key.present": true, "http.response.status_code": 200 })
        expect(JSON.stringify(span?.attributes)).not.toContain("jane@example.com")
      }).pipe(Effect.provide(Tracing)))
  })
})
