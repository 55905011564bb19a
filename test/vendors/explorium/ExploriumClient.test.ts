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
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as ResponseClassifier from "../../../src/core/ResponseClassifier.js"
import * as ExploriumClient from "../../../src/vendors/explorium/ExploriumClient.js"
import * as ExploriumError from "../../../src/vendors/explorium/ExploriumError.js"
import type * as ExploriumSchemas from "../../../src/vendors/explorium/ExploriumSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "explorium_canary_Qm7x2Lp9"
const ID = (n: number) => n.toString(16).padStart(32, "0")
const context = { correlation_id: "c", request_status: "success", time_took_in_seconds: 0.1 }

const client = (options: Partial<ExploriumClient.Options> = {}) =>
  ExploriumClient.make({ apiKey: Redacted.make(API_KEY), rateLimit: false, ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("ExploriumClient", () => {
  it.scoped("sends the key in the api_key header and JSON bodies as the spec names them", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() =>
        StubHttp.json(200, { response_context: context, total_results: 1, total_matches: 1, matched_businesses: [{ business_id: ID(1) }] })
      )
      const explorium = yield* client().pipe(Effect.provide(stub.layer))
      const result = yield* explorium.businesses.match([{ domain: "acme.dev" }])
      expect(result).toEqual({ succeeded: [{ index: 0, value: ID(1) }], failed: [] })
      const [request] = yield* stub.requests
      expect([request?.method, new URL(request!.url).pathname]).toEqual(["POST", "/v1/businesses/match"])
      expect(request?.headers.api_key).toBe(API_KEY)
      expect(JSON.parse(request!.body!)).toEqual({ businesses_to_match: [{ domain: "acme.dev" }] })
    }))

  it.scoped("sends 120 ids in batches of 50 and keeps every id's outcome by its index", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n, request) => {
        const ids: ReadonlyArray<string> = JSON.parse(new TextDecoder().decode((request.body as { body: Uint8Array }).body)).business_ids
        if (n === 2) return StubHttp.json(422, { detail: [{ loc: ["body", "business_ids", 0], msg: `bad ${ids[0]}`, type: "value_error" }] })
        // Explorium answers rows for the ids it has, in any order; id 7 is unknown to it.
        return StubHttp.json(200, {
          response_context: context,
          data: ids.filter((id) => id !== ID(7)).reverse().map((id) => ({ business_id: id, data: { business_id: id, name: `n${id.slice(-3)}` } })),
          total_results: ids.length
        })
      })
      const explorium = yield* client().pipe(Effect.provide(stub.layer))
      const ids = Array.from({ length: 120 }, (_, i) => ID(i))
      const result = yield* explorium.businesses.bulkEnrich(ids)
      expect((yield* stub.requests).map((r) => JSON.parse(r.body!).business_ids.length)).toEqual([50, 50, 20])
      expect(result.succeeded.length + result.failed.length).toBe(120)
      expect(result.succeeded.find((s) => s.index === 3)?.value.business_id).toBe(ID(3))
      expect(result.failed.find((f) => f.index === 7)?.error).toEqual({ _tag: "NotFound" })
      const second = result.failed.filter((f) => f.index >= 50 && f.index < 100)
      expect(second).toHaveLength(50)
      const error = second[0]!.error
      expect(error._tag === "Failed" && [error.error.reason, error.error.details]).toEqual(["InvalidRequest", { loc: "body.business_ids.0", type: "value_error" }])
      expect(JSON.stringify(result.failed)).not.toContain(`bad ${ID(50)}`)
    }))

  it.scoped("validates every input before any I/O: ids, empty or duplicate lists, the 51st input, URLs", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
      const explorium = yield* client().pipe(Effect.provide(stub.layer))
      const inputs = [...Array.from({ length: 50 }, () => ({ domain: "acme.dev" })), {}]
      const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
        explorium.businesses.match([]),
        explorium.businesses.match(inputs as ReadonlyArray<ExploriumSchemas.BusinessMatchInput>),
        explorium.prospects.match([{ full_name: "Ada only" }]),
        explorium.prospects.match([{ email: "not-an-email" }]),
        explorium.businesses.enrich("ACME"),
        explorium.prospects.enrich(ID(1)),
        explorium.businesses.bulkEnrich([ID(1), ID(2), ID(1)]),
        explorium.prospects.bulkEnrich([]),
        Stream.runDrain(explorium.businesses.fetch({ size: 0 })),
        Stream.runDrain(explorium.prospects.fetch({ size: 10, pageSize: 501 })),
        explorium.events.businesses({ event_types: ["new_funding_round"], business_ids: [ID(1), ID(1)] }),
        explorium.webhooks.create({ partner_id: "p", webhook_url: "http://insecure.dev" }),
        explorium.webhooks.get("../credits")
      ]
      for (const [index, attempt] of attempts.entries()) {
        const error = failure(yield* Effect.exit(attempt))
        expect([index, error.reason, error.vendor]).toEqual([index, "InvalidRequest", "Explorium"])
        expect(error.message).not.toContain("not-an-email")
      }
      expect(yield* stub.requests).toHaveLength(0)
    }))

  it.scoped("retries a 429 after the body's retry_after when no Retry-After header came, and not a 422", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n) =>
        n === 1
          ? StubHttp.json(429, { error: "rate_limit_exceeded", message: "API rate limit exceeded.", retry_after: 5 })
          : n === 2
          ? StubHttp.json(200, { response_context: context, allocated_credits: 10, remaining_credits: 3 })
          : StubHttp.json(422, { detail: [{ loc: ["body", "partner_id"], msg: "Field required", type: "missing" }] })
      )
      const explorium = yield* client().pipe(Effect.provide(stub.layer))
      const fiber = yield* Effect.fork(explorium.credits.get())
      yield* TestClock.adjust(Duration.seconds(30))
      expect((yield* Fiber.join(fiber)).remaining_credits).toBe(3)
      const [first, second] = (yield* stub.requests).map((r) => r.atMillis)
      expect(second! - first!).toBe(5_000)
      const invalid = failure(yield* Effect.exit(explorium.webhooks.create({ partner_id: "p", webhook_url: "https://h.dev" })))
      expect([invalid.reason, ExploriumError.details(invalid)]).toEqual(["InvalidRequest", { loc: "body.partner_id", type: "missing" }])
      expect(yield* stub.requests).toHaveLength(3)
    }))

  it("reads the error code, the failing location and retry_after, never the messages", () => {
    const verdict = ExploriumError.refineError(
      { vendor: "Explorium", operation: "x", status: 429, headers: () => undefined, body: { error: "rate_limit_exceeded", message: "m", retry_after: 60 }, nowMillis: 0 },
      { reason: ResponseClassifier.reasonForStatus(429), description: "" }
    )
    expect([verdict.reason, verdict.details, verdict.retryAfter && Duration.toMillis(verdict.retryAfter)]).toEqual([
      "RateLimited",
      { error: "rate_limit_exceeded" },
      60_000
    ])
    expect(ExploriumError.hasCode("rate_limit_exceeded")(
      new (class {})() as unknown
    )).toBe(false)
  })

  it.effect("layerConfig reports a missing EXPLORIUM_API_KEY by name; layerTest names a missing method", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(ExploriumClient.fromEnv)).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), withEnv([]))
      )
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([["EXPLORIUM_API_KEY", "Missing"]])
      const options = yield* ExploriumClient.config.pipe(withEnv([["EXPLORIUM_API_KEY", API_KEY]]))
      expect(options.rateLimit).toBeUndefined() // the definition paces by `defaultRateLimit` when the client is made
      const exit = yield* Effect.exit(
        Effect.flatMap(ExploriumClient.ExploriumClient, (e) => e.credits.get()).pipe(Effect.provide(ExploriumClient.layerTest({})))
      )
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("ExploriumClient.credits.get is not implemented")
    }))

  it.scoped("registers an explorium health check reading the credits without retries", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(200, { response_context: context, allocated_credits: 1, remaining_credits: 1 }) : StubHttp.json(503, { detail: "down" })))
      const reports = yield* Effect.gen(function*() {
        const health = yield* Health.HealthChecks
        return [yield* health.run, yield* health.run] as const
      }).pipe(Effect.provide(ExploriumClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))))
      expect(reports.map((r) => r.status)).toEqual(["up", "down"])
      expect(reports[0].checks).toMatchObject([{ name: "explorium" }])
      expect(yield* stub.requests).toHaveLength(2)
    }))

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names spans Explorium.<resource>.<operation> and records no e-mail, name or key", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { response_context: context, total_results: 1, total_matches: 0, matched_prospects: [{ error: "jane@example.com not found", error_type: "not_found" }] }))
        const explorium = yield* client().pipe(Effect.provide(stub.layer))
        const result = yield* explorium.prospects.match([{ email: "jane@example.com" }])
        expect(result.failed).toEqual([{ index: 0, error: { _tag: "NotMatched", errorType: "not_found" } }])
        const spans = exporter.getFinishedSpans()
        expect(spans.map((s) => s.name)).toContain("Explorium.prospects.match")
        const recorded = JSON.stringify(spans.map((s) => [s.attributes, s.events]))
        for (const secret of ["jane", API_KEY]) expect(recorded).not.toContain(secret)
      }).pipe(Effect.provide(Tracing)))
  })
})
