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
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as RateLimiter from "../../../src/core/RateLimiter.js"
import * as LemlistClient from "../../../src/vendors/lemlist/LemlistClient.js"
import * as LemlistRateLimits from "../../../src/vendors/lemlist/LemlistRateLimits.js"
import type * as LemlistSchemas from "../../../src/vendors/lemlist/LemlistSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "lemlist_canary_7hQ2xZ9pWv"
const BASIC = `Basic ${Buffer.from(`:${API_KEY}`).toString("base64")}`

const client = (options: Partial<LemlistClient.Options> = {}) =>
  LemlistClient.make({ apiKey: Redacted.make(API_KEY), rateLimit: false, ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const text = (status: number, body: string): StubHttp.Reply => ({ status, body, headers: { "content-type": "text/plain" } })

describe("LemlistClient", () => {
  describe("requests on the wire", () => {
    it.scoped("authenticates with Basic auth, an empty user and the key as password, and encodes ids and addresses", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) =>
          request.method === "GET" && request.url.includes("/leads/")
            ? StubHttp.json(200, [])
            : StubHttp.json(200, { _id: "lea_1" })
        )
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        yield* lemlist.campaignLeads.add("cam_1", { email: "ada@example.com", tier: "gold" }, { deduplicate: true })
        yield* lemlist.campaignLeads.unsubscribe("cam_1", "ada+x@example.com")
        yield* lemlist.campaignLeads.delete("cam_1", "lea_1")
        yield* lemlist.leads.getByEmail("ada@example.com")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, new URL(r.url).search])).toEqual([
          ["POST", "/api/campaigns/cam_1/leads/", "?deduplicate=true"],
          ["DELETE", "/api/campaigns/cam_1/leads/ada%2Bx%40example.com", ""],
          ["DELETE", "/api/campaigns/cam_1/leads/lea_1", "?action=remove"],
          ["GET", "/api/leads/ada%40example.com", "?version=v2"]
        ])
        for (const request of requests) expect(request.headers.authorization).toBe(BASIC)
        expect(JSON.parse(requests[0]!.body!)).toEqual({ email: "ada@example.com", tier: "gold" })
        expect(requests[0]!.headers["idempotency-key"]).toBeUndefined()
      }))

    it.scoped("sends a webhook secret given Redacted in the body only, and hook scoping in the query", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { _id: "hoo_1", targetUrl: "https://a.dev/h" }))
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        yield* lemlist.hooks.create({
          targetUrl: "https://a.dev/h",
          type: "emailsReplied",
          secret: Redacted.make("s3cret"),
          campaignId: "cam_1",
          isFirst: true
        })
        const [request] = yield* stub.requests
        expect(new URL(request!.url).search).toBe("?campaignId=cam_1&isFirst=true")
        expect(JSON.parse(request!.body!)).toEqual({ targetUrl: "https://a.dev/h", type: "emailsReplied", secret: "s3cret" })
      }))

    it.scoped("pages campaigns and activities with offset and limit until a short page", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          StubHttp.json(200, n === 1 ? [{ _id: "a" }, { _id: "b" }] : n === 2 ? { campaigns: [{ _id: "c" }] } : [])
        )
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        const campaigns = yield* Stream.runCollect(lemlist.campaigns.list({ pageSize: 2, status: "running" }))
        expect([...campaigns].map((c) => c._id)).toEqual(["a", "b", "c"])
        yield* Stream.runCollect(lemlist.activities.list({ campaignId: "cam_1", type: "emailsOpened" }))
        const urls = (yield* stub.requests).map((r) => new URL(r.url))
        expect(urls.map((u) => `${u.pathname}${u.search}`)).toEqual([
          "/api/campaigns?offset=0&limit=2&status=running",
          "/api/campaigns?offset=2&limit=2&status=running",
          "/api/activities?version=v2&offset=0&limit=100&type=emailsOpened&campaignId=cam_1"
        ])
      }))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects bad ids, addresses, page sizes, URLs and empty updates with InvalidRequest and sends nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          lemlist.campaigns.get("cam_1/../team"),
          lemlist.campaigns.get(""),
          lemlist.campaigns.create({ name: "  " }),
          lemlist.campaigns.start("cam 1"),
          lemlist.campaignLeads.add("cam_1", { firstName: "No address" }),
          lemlist.campaignLeads.add("cam_1", { email: "not-an-address" }),
          lemlist.campaignLeads.add("cam_1", { email: "a@b.co", linkedinUrl: "http://insecure" }),
          lemlist.campaignLeads.list("cam_1", { limit: 501 }),
          lemlist.campaignLeads.update("cam_1", "lea_1", {}),
          lemlist.campaignLeads.unsubscribe("cam_1", "lea_1"),
          lemlist.leads.getByEmail("ada@example.com/../../team"),
          lemlist.hooks.create({ targetUrl: "http://plain.dev/hook" }),
          lemlist.hooks.create({ targetUrl: "https://a.dev", type: "notAType" as LemlistSchemas.CreateHookParams["type"] }),
          lemlist.hooks.delete("hoo_1?x=1"),
          Stream.runCollect(lemlist.campaigns.list({ pageSize: 101 })),
          Stream.runCollect(lemlist.activities.list({ leadId: "lea 1" }))
        ]
        for (const [index, attempt] of attempts.entries()) {
          const error = failure(yield* Effect.exit(attempt))
          expect([index, error.reason, error.vendor]).toEqual([index, "InvalidRequest", "Lemlist"])
          expect(error.message).not.toContain("not-an-address")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failures and retries", () => {
    it.scoped("does not retry a 404, a 400 or a 401, and keeps only the documented error's code", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? text(404, "Campaign not found")
            : n === 2
            ? text(400, "Lead ada@example.com is invalid")
            : text(401, "The authentication you supplied is incorrect")
        )
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        const notFound = failure(yield* Effect.exit(lemlist.campaigns.get("cam_1")))
        expect([notFound.reason, notFound.details]).toEqual(["NotFound", { code: "campaign_not_found" }])
        const invalid = failure(yield* Effect.exit(lemlist.campaigns.get("cam_2")))
        expect([invalid.reason, invalid.details]).toEqual(["InvalidRequest", undefined])
        expect(JSON.stringify(invalid)).not.toContain("ada@example.com")
        const unauthorized = failure(yield* Effect.exit(lemlist.hooks.list()))
        expect(unauthorized.reason).toBe("Unauthorized")
        // A 401 re-reads the key once; a key given in code is the same key: the request is not repeated with it.
        expect((yield* stub.requests).length).toBeLessThanOrEqual(4)
        expect((yield* stub.requests).slice(0, 2)).toHaveLength(2)
      }))

    it.scoped("retries a 429 after lemlist's Retry-After, and a 503 on a read, not a 503 on a create", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? { ...text(429, "Too many requests"), headers: { "retry-after": "2", "content-type": "text/plain" } }
            : n === 2
            ? text(503, "Service Unavailable")
            : n === 3
            ? StubHttp.json(200, { _id: "cam_1" })
            : text(503, "Service Unavailable")
        )
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(lemlist.campaigns.get("cam_1"))
        yield* TestClock.adjust(Duration.seconds(30))
        expect((yield* Fiber.join(fiber))._id).toBe("cam_1")
        const [first, second] = (yield* stub.requests).map((r) => r.atMillis)
        expect(second! - first!).toBe(2_000)
        const create = failure(yield* Effect.exit(lemlist.campaigns.create({ name: "Once" })))
        expect([create.reason, create.status]).toEqual(["Server", 503])
        expect(yield* stub.requests).toHaveLength(4)
      }))
  })

  describe("rate limits", () => {
    it("reads lemlist's reset as a date, as seconds, or as one window when unreadable", () => {
      const now = Date.parse("2021-02-16T08:02:40Z")
      const dated = LemlistRateLimits.parseReset("Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)", now)
      expect(Option.map(dated, Duration.toMillis)).toEqual(Option.some(2_000))
      expect(Option.map(LemlistRateLimits.parseReset("1", now), Duration.toMillis)).toEqual(Option.some(1_000))
      expect(Option.map(LemlistRateLimits.parseReset("soon", now), Duration.toMillis)).toEqual(Option.some(2_000))
      const hint = LemlistRateLimits.parse(
        (name) => ({ "x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "retry-after": "2" } as Record<string, string>)[name],
        now
      )
      expect(Option.map(hint, (h) => [h.limit, h.remaining, h.retryAfter && Duration.toMillis(h.retryAfter)])).toEqual(
        Option.some([20, 0, 2_000])
      )
    })

    it.scoped("paces every client by default and lets lemlist's headers pause the shared limiter", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(200, [], { "x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" })
        )
        const limiter = yield* RateLimiter.make({ vendor: "Lemlist", ...LemlistClient.defaultRateLimit })
        const lemlist = yield* client({ rateLimit: limiter }).pipe(Effect.provide(stub.layer))
        yield* lemlist.hooks.list()
        expect((yield* limiter.status()).pausedUntil).toBe(2_000)
        expect(LemlistClient.defaultRateLimit).toEqual({ limit: 20, window: "2200 millis" })
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(LemlistClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["LEMLIST_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["LEMLIST_API_KEY", "Missing"],
          ["LEMLIST_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig sends the key from the environment, applies the default limiter, never prints the key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => text(401, `Bad key ${API_KEY}`))
        const exit = yield* Effect.exit(
          Effect.flatMap(LemlistClient.LemlistClient, (lemlist) => lemlist.hooks.list()).pipe(
            Effect.provide(LemlistClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["LEMLIST_API_KEY", API_KEY]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(BASIC)
        for (const printed of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(printed).not.toContain(API_KEY)
        }
        const options = yield* LemlistClient.config.pipe(withEnv([["LEMLIST_API_KEY", API_KEY]]))
        expect(options.rateLimit).toBeUndefined() // the definition paces by `defaultRateLimit` when the client is made
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const lemlist = yield* LemlistClient.LemlistClient
        expect((yield* lemlist.campaigns.pause("cam_1")).state).toBe("paused")
        const exit = yield* Effect.exit(Effect.suspend(() => lemlist.hooks.list()))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("LemlistClient.hooks.list is not implemented")
      }).pipe(
        Effect.provide(LemlistClient.layerTest({ campaigns: { pause: (id) => Effect.succeed({ _id: id, state: "paused" }) } }))
      ))

    it.scoped("registers a lemlist health check: one GET /team without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(200, { _id: "tea_1" }) : text(503, "down")))
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            LemlistClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "lemlist" }])
        expect((yield* stub.requests).map((r) => [r.method, new URL(r.url).pathname])).toEqual([
          ["GET", "/api/team"],
          ["GET", "/api/team"]
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names spans Lemlist.<resource>.<operation> and records no address, lead field or key", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, []))
        const lemlist = yield* client().pipe(Effect.provide(stub.layer))
        yield* lemlist.leads.getByEmail("jane.doe@example.com")
        yield* Effect.exit(lemlist.campaignLeads.add("cam_1", { email: "jane.doe@example.com", firstName: "Jane" }))
        const spans = exporter.getFinishedSpans()
        expect(spans.map((s) => s.name)).toEqual(["Lemlist.leads.getByEmail", "Lemlist.campaignLeads.add"])
        const recorded = JSON.stringify(spans.map((s) => [s.attributes, s.events]))
        for (const secret of ["jane.doe", "example.com%40", "Jane", API_KEY]) expect(recorded).not.toContain(secret)
      }).pipe(Effect.provide(Tracing)))
  })
})
