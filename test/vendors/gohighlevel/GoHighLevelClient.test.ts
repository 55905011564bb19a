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
import type { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as GoHighLevelClient from "../../../src/vendors/gohighlevel/GoHighLevelClient.js"
import * as GoHighLevelError from "../../../src/vendors/gohighlevel/GoHighLevelError.js"
import * as GoHighLevelRateLimits from "../../../src/vendors/gohighlevel/GoHighLevelRateLimits.js"
import * as GoHighLevelCalendars from "../../../src/vendors/gohighlevel/resources/Calendars.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const TOKEN = "pit-canary-0d7e4b21-9c3f"
const LOCATION = "ve9EPM428h8vShlRW1KT"
const contact = (id: string, fields: Record<string, unknown> = {}) => ({ id, locationId: LOCATION, ...fields })

const client = (options: Partial<GoHighLevelClient.CommonOptions> = {}) =>
  GoHighLevelClient.make({ apiKey: Redacted.make(TOKEN), ...options })

const failure = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("GoHighLevelClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends contacts.create as JSON with bearer auth, the Version header and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ status: 201, body: { contact: contact("c1", { email: "jane@example.com" }) } }))
        const ghl = yield* client({ baseUrl: server.url })
        const created = yield* ghl.contacts.create({ locationId: LOCATION, email: "jane@example.com", tags: ["lead"] })
        expect(created.id).toBe("c1")
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/contacts/"])
        expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
        expect(request?.headers.version).toBe("2021-07-28")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual({ locationId: LOCATION, email: "jane@example.com", tags: ["lead"] })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("percent-encodes ids in paths, sends searches' query parameters and free-slot ranges", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) =>
          request.path.startsWith("/opportunities/search")
            ? { body: { opportunities: [], meta: { total: 0 } } }
            : request.path.includes("free-slots")
            ? { body: { "2024-10-28": { slots: ["2024-10-28T10:00:00-05:00"] }, traceId: "t-1" } }
            : { body: { opportunity: { id: "o/1" } } }
        )
        const ghl = yield* client({ baseUrl: server.url })
        yield* ghl.opportunities.get("o/1?x")
        yield* ghl.opportunities.search({ location_id: LOCATION, status: "open", limit: 5 })
        const slots = yield* ghl.calendars.freeSlots("cal 1", { startDate: 1_730_000_000_000, endDate: 1_730_086_400_000 })
        expect(slots.days).toEqual([{ date: "2024-10-28", slots: ["2024-10-28T10:00:00-05:00"] }])
        const [get, search, free] = yield* server.requests
        expect(get?.path).toBe("/opportunities/o%2F1%3Fx")
        expect([search?.path.split("?")[0], search?.query.get("location_id"), search?.query.get("status")]).toEqual([
          "/opportunities/search",
          LOCATION,
          "open"
        ])
        expect([free?.path.split("?")[0], free?.query.get("startDate")]).toEqual(["/calendars/cal%201/free-slots", "1730000000000"])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("refuses invalid input before any I/O, naming the path", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const ghl = yield* client().pipe(Effect.provide(stub.layer))
        const page = failure(yield* Effect.exit(ghl.contacts.search({ locationId: LOCATION, pageLimit: 501 })))
        expect(page.reason).toBe("InvalidRequest")
        const both = failure(yield* Effect.exit(ghl.contacts.search({ locationId: LOCATION, pageLimit: 5, page: 2, searchAfter: [1, "a"] })))
        expect([both.reason, both.description]).toEqual(["InvalidRequest", "input does not match the schema: (root) fails the check object"])
        const dots = failure(yield* Effect.exit(ghl.contacts.get("..")))
        expect(dots.reason).toBe("InvalidRequest")
        const range = failure(yield* Effect.exit(ghl.calendars.freeSlots("c", { startDate: 0, endDate: 40 * 86_400_000 })))
        expect(range.reason).toBe("InvalidRequest")
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("streams every contact of a search through the searchAfter cursor of each page's last contact", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          StubHttp.json(200, {
            contacts: n === 1
              ? [contact("a", { searchAfter: [1, "a"] }), contact("b", { searchAfter: [2, "b"] })]
              : [contact("c", { searchAfter: [3, "c"] })],
            total: 3
          })
        )
        const ghl = yield* client().pipe(Effect.provide(stub.layer))
        const all = yield* Stream.runCollect(ghl.contacts.searchAll({ locationId: LOCATION, pageLimit: 2, query: "x" }))
        expect([...all].map((c) => c.id)).toEqual(["a", "b", "c"])
        const bodies = (yield* stub.requests).map((r) => JSON.parse(String(r.body)))
        expect(bodies).toEqual([
          { locationId: LOCATION, pageLimit: 2, query: "x" },
          { locationId: LOCATION, pageLimit: 2, query: "x", searchAfter: [2, "b"] }
        ])
      }))
  })

  describe("errors and retries", () => {
    it.scoped("retries a burst 429 after the wait, but not a 429 with the daily quota spent", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(429, { statusCode: 429, message: "Too many requests", error: "Too Many Requests" }, {
            "x-ratelimit-daily-remaining": "0",
            "x-ratelimit-limit-daily": "200000"
          })
        )
        const ghl = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(ghl.contacts.get("c1")))
        expect([error.reason, GoHighLevelError.isDailyLimit(error), GoHighLevelError.details(error).limit]).toEqual([
          "RateLimited",
          true,
          "daily"
        ])
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("does not retry a create after a 503 (no idempotency keys), but retries an upsert", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n, request) =>
          request.url.endsWith("/contacts/upsert") && n > 2
            ? StubHttp.json(200, { new: true, contact: contact("u1") })
            : StubHttp.json(503, { statusCode: 503, message: "unavailable" })
        )
        const ghl = yield* client().pipe(Effect.provide(stub.layer))
        const created = failure(yield* Effect.exit(ghl.contacts.create({ locationId: LOCATION, email: "a@b.co" })))
        expect([created.reason, created.status]).toEqual(["Server", 503])
        expect(yield* stub.requests).toHaveLength(1)
        const fiber = yield* Effect.fork(ghl.contacts.upsert({ locationId: LOCATION, email: "a@b.co" }))
        yield* TestClock.adjust("1 minute")
        expect((yield* Fiber.join(fiber)).contact.id).toBe("u1")
        expect(yield* stub.requests).toHaveLength(3)
      }))

    it("reads validation errors and labels, never the message, into details", () => {
      const verdict = GoHighLevelError.refineError(
        {
          vendor: "GoHighLevel",
          operation: "contacts.create",
          status: 422,
          headers: () => undefined,
          body: { statusCode: 422, message: ["email must be an email: jane@"], error: "Unprocessable Entity" },
          nowMillis: 0
        },
        { reason: "InvalidRequest", description: "HTTP 422" }
      )
      expect(verdict.reason).toBe("InvalidRequest")
      expect(verdict.details).toEqual({ error: "Unprocessable Entity" })
      expect(JSON.stringify(verdict)).not.toContain("jane@")
    })

    it("parses the burst and daily rate-limit headers as one hint", () => {
      const headers: Record<string, string> = {
        "x-ratelimit-limit-daily": "200000",
        "x-ratelimit-daily-remaining": "199990",
        "x-ratelimit-interval-milliseconds": "10000",
        "x-ratelimit-max": "100",
        "x-ratelimit-remaining": "0"
      }
      const hint = Option.getOrThrow(GoHighLevelRateLimits.parse((name) => headers[name], 0))
      expect([hint.remaining, hint.limit]).toEqual([0, 100])
      expect(hint.resetAfter && Duration.toMillis(hint.resetAfter)).toBe(10_000)
    })

    it("free slots skip keys that are not days", () => {
      expect(GoHighLevelCalendars.toFreeSlots({ traceId: "x", "2025-01-02": { slots: ["a", 1] }, "2025-01-03": [] })).toEqual({
        days: [{ date: "2025-01-02", slots: ["a"] }]
      })
    })
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const build = (entries: ReadonlyArray<readonly [string, string]>) =>
          Effect.flip(
            Layer.build(IntegrationConfig.layer(GoHighLevelClient.fromEnv)).pipe(
              Effect.scoped,
              Effect.provide(NodeHttpClient.layerUndici),
              withEnv(entries)
            )
          )
        const none = yield* build([["GHL_BASE_URL", "ftp:/nope"]])
        expect(IntegrationConfig.problems(none).map((p) => [p.key, p.kind])).toEqual([
          ["GHL_API_KEY", "Missing"],
          ["GHL_BASE_URL", "Invalid"]
        ])
        const partial = yield* build([["GHL_CLIENT_ID", "app-1"]])
        expect(IntegrationConfig.problems(partial).map((p) => [p.key, p.kind])).toEqual([["GHL_CLIENT_SECRET", "Missing"]])
        const badRedirect = yield* build([["GHL_CLIENT_ID", "app-1"], ["GHL_CLIENT_SECRET", TOKEN], ["GHL_REDIRECT_URI", "nope"]])
        expect(IntegrationConfig.problems(badRedirect).map((p) => p.key)).toContain("GHL_REDIRECT_URI")
        expect(IntegrationConfig.format(badRedirect)).not.toContain(TOKEN)
      }))

    it.scoped("layerConfig sends the token from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(401, { statusCode: 401, message: `Invalid JWT ${TOKEN}`, error: "Unauthorized" })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(GoHighLevelClient.GoHighLevelClient, (ghl) => ghl.contacts.get("1")).pipe(
            Effect.provide(GoHighLevelClient.layerConfig({ policy: { maxRetries: 0 } }).pipe(Layer.orDie)),
            Effect.provide(stub.layer),
            withEnv([["GHL_API_KEY", TOKEN]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(TOKEN)
        }
      }))

    it.scoped("layerConfig with the OAuth variables exposes the OAuth client and its chooselocation URL", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const ghl = yield* GoHighLevelClient.GoHighLevelClient.pipe(
          Effect.provide(GoHighLevelClient.layerConfig().pipe(Layer.orDie)),
          Effect.provide(stub.layer),
          withEnv([["GHL_CLIENT_ID", "app-1"], ["GHL_CLIENT_SECRET", "secret-xyz"]])
        )
        const { url } = yield* Option.getOrThrow(ghl.oauth).authorize
        const parsed = new URL(url)
        expect(parsed.origin + parsed.pathname).toBe("https://marketplace.gohighlevel.com/oauth/chooselocation")
        expect([parsed.searchParams.get("client_id"), parsed.searchParams.get("response_type")]).toEqual(["app-1", "code"])
        expect(parsed.searchParams.has("redirect_uri")).toBe(false)
        expect(url).not.toContain("secret-xyz")
        expect(failure(yield* Effect.exit(ghl.contacts.get("1"))).reason).toBe("Unauthorized")
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.effect("layerTest serves the given methods and fails naming any other", () =>
      Effect.gen(function*() {
        const ghl = yield* GoHighLevelClient.GoHighLevelClient
        expect((yield* ghl.contacts.get("x")).id).toBe("fake")
        const exit = yield* Effect.exit(ghl.opportunities.pipelines(LOCATION))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("GoHighLevelClient.opportunities.pipelines")
      }).pipe(Effect.provide(GoHighLevelClient.layerTest({ contacts: { get: () => Effect.succeed(contact("fake")) } }))))

    it.scoped("registers a gohighlevel health check that lists the location's calendars without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => n === 1 ? StubHttp.json(200, { calendars: [] }) : StubHttp.json(503, {}))
        const [up, down] = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            GoHighLevelClient.layer({ apiKey: Redacted.make(TOKEN), locationId: LOCATION }).pipe(
              Layer.provideMerge(Health.layer),
              Layer.provide(stub.layer)
            )
          )
        )
        expect(up.checks).toMatchObject([{ name: "gohighlevel", status: "up" }])
        expect(down.status).toBe("down")
        const requests = yield* stub.requests
        expect(requests.map((r) => [new URL(r.url).pathname, new URL(r.url).searchParams.get("locationId")])).toEqual([
          ["/calendars/", LOCATION],
          ["/calendars/", LOCATION]
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span GoHighLevel.<resource>.<operation> and records neither the email nor the token", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { new: true, contact: contact("c1") }))
        const ghl = yield* client().pipe(Effect.provide(stub.layer))
        yield* ghl.contacts.upsert({ locationId: LOCATION, email: "jane@example.com" })
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("GoHighLevel.contacts.upsert")
        expect(JSON.stringify(span?.attributes)).not.toContain("jane@example.com")
        expect(JSON.stringify(span?.attributes)).not.toContain(TOKEN)
      }).pipe(Effect.provide(Tracing)))
  })
})
