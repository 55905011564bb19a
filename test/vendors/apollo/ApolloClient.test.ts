import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as ApolloClient from "../../../src/vendors/apollo/ApolloClient.js"
import * as ApolloError from "../../../src/vendors/apollo/ApolloError.js"
import * as ApolloRateLimits from "../../../src/vendors/apollo/ApolloRateLimits.js"
import * as People from "../../../src/vendors/apollo/resources/People.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const KEY = "apollo_canary_key_8Hq2Lx"

const client = (options: Partial<ApolloClient.Options> = {}) => ApolloClient.make({ apiKey: Redacted.make(KEY), ...options })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const person = { id: "587cf802f65125cad923a266", name: "Tim Zheng", email: "tim@apollo.io", title: "Founder & CEO" }

const headers = (left: { readonly minute?: number; readonly hourly?: number; readonly daily?: number }) => ({
  "x-rate-limit-minute": "200",
  "x-minute-requests-left": String(left.minute ?? 150),
  "x-rate-limit-hourly": "400",
  "x-hourly-requests-left": String(left.hourly ?? 300),
  "x-rate-limit-daily": "2000",
  "x-daily-requests-left": String(left.daily ?? 1500)
})

describe("ApolloClient", () => {
  describe("requests on the wire", () => {
    it.scoped("matches with x-api-key, the identity in the JSON body and only the reveal flags in the URL", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ body: { person } }))
        const apollo = yield* client({ baseUrl: server.url })
        const found = yield* apollo.people.match(
          { email: "tim@apollo.io", first_name: "Tim", last_name: "Zheng", domain: "apollo.io" },
          { reveal: { reveal_personal_emails: true } }
        )
        expect(Option.map(found, (p) => p.id)).toEqual(Option.some(person.id))
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/people/match"])
        expect(request?.headers["x-api-key"]).toBe(KEY)
        expect(Object.fromEntries(request!.query)).toEqual({ reveal_personal_emails: "true" })
        expect(JSON.parse(request!.body)).toEqual({ email: "tim@apollo.io", first_name: "Tim", last_name: "Zheng", domain: "apollo.io" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("enriches an organization by domain in the query string; an empty answer is None", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((_, index) => ({ body: index === 1 ? { organization: { name: "Apollo.io" } } : {} }))
        const apollo = yield* client({ baseUrl: server.url })
        expect(Option.map(yield* apollo.organizations.enrich("apollo.io"), (o) => o.name)).toEqual(Option.some("Apollo.io"))
        expect(yield* apollo.organizations.enrich("nothing.dev")).toEqual(Option.none())
        const [request] = yield* server.requests
        expect([request?.method, request?.path, request?.query.get("domain")]).toEqual(["GET", "/organizations/enrich", "apollo.io"])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("bulk results", () => {
    it("pairs matches with records by position; a count that does not add up is drift for every record of the call", () => {
      const slots = [{ index: 10 }, { index: 11 }, { index: 12 }]
      // A person as the reference shows it, or wrapped in `{ person }` as the community spec has it.
      const result = People.attribute("people.bulkMatch", slots, { matches: [person, null, { person: { ...person, id: "b" } }] })
      expect(result.succeeded.map((s) => [s.index, s.value.id])).toEqual([[10, person.id], [12, "b"]])
      expect(result.failed.map((f) => [f.index, f.error.reason])).toEqual([[11, "NotFound"]])
      const drift = People.attribute("people.bulkMatch", slots, { matches: [person] })
      expect(drift.failed.map((f) => [f.index, f.error.reason])).toEqual([[10, "ResponseDrift"], [11, "ResponseDrift"], [12, "ResponseDrift"]])
    })
  })

  describe("rate limits and errors", () => {
    it("reads Apollo's three windows into one hint: the used-up or tightest one", () => {
      const lookup = (values: Record<string, string>) => (name: string) => values[name.toLowerCase()]
      // A used-up window wins, with its length as the reset.
      const minute = Option.getOrThrow(ApolloRateLimits.parse(lookup(headers({ minute: 0 })), 0))
      expect([minute.remaining, minute.limit, minute.resetAfter && Duration.toSeconds(minute.resetAfter)]).toEqual([0, 200, 60])
      // Otherwise the quota forcing the slowest pace: 1500 left for a whole day is slower than 150 for a minute.
      const day = Option.getOrThrow(ApolloRateLimits.parse(lookup(headers({})), 0))
      expect([day.remaining, day.limit]).toEqual([1500, 2000])
      const daily = Option.getOrThrow(ApolloRateLimits.parse(lookup(headers({ daily: 0 })), 0))
      expect([daily.remaining, daily.resetAfter && Duration.toHours(daily.resetAfter)]).toEqual([0, 24])
      expect(ApolloRateLimits.exhausted(lookup(headers({ minute: 0, hourly: 0 })))?.limit).toBe("x-rate-limit-hourly")
    })

    it.scoped("a 429 of the minute window waits its length and retries; of the day fails at once, told apart", () =>
      Effect.gen(function*() {
        const minuteStub = yield* StubHttp.make((attempt) =>
          attempt === 1 ? StubHttp.json(429, { message: "limit" }, headers({ minute: 0 })) : StubHttp.json(200, { person })
        )
        const minute = yield* client().pipe(Effect.provide(minuteStub.layer))
        const fiber = yield* Effect.fork(minute.people.match({ email: "tim@apollo.io" }))
        yield* Effect.yieldNow()
        yield* TestClock.adjust("61 seconds")
        const result = yield* fiber.await
        expect(Exit.isSuccess(result)).toBe(true)
        const times = (yield* minuteStub.requests).map((r) => r.atMillis)
        expect(times).toHaveLength(2)
        expect(times[1]! - times[0]!).toBe(60_000)

        const dayStub = yield* StubHttp.make(() => StubHttp.json(429, { message: "limit" }, headers({ minute: 10, daily: 0 })))
        const day = yield* client().pipe(Effect.provide(dayStub.layer))
        const error = yield* Effect.flip(day.people.match({ email: "tim@apollo.io" }))
        expect([error.reason, ApolloError.details(error).window, ApolloError.isQuotaExhausted(error)]).toEqual(["RateLimited", "daily", true])
        expect(yield* dayStub.requests).toHaveLength(1)
      }))

    it.scoped("a 422 is not retried; the key and the identities never reach logs or errors", () =>
      Effect.gen(function*() {
        const lines: Array<string> = []
        const logger = Logger.make(({ annotations, message }) => lines.push(JSON.stringify([message, [...annotations]])))
        const stub = yield* StubHttp.make(() => StubHttp.json(422, { error: `bad tim@apollo.io ${KEY}` }))
        const apollo = yield* client().pipe(Effect.provide(stub.layer))
        const error = yield* Effect.flip(apollo.people.match({ email: "tim@apollo.io" })).pipe(
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        expect([error.reason, error.status]).toEqual(["InvalidRequest", 422])
        expect(lines.length).toBeGreaterThan(0)
        expect(yield* stub.requests).toHaveLength(1)
        for (const text of [lines.join("\n"), error.message, JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(KEY)
          expect(text).not.toContain("tim@apollo.io")
        }
      }))

    it.scoped("the health check fails Unauthorized when Apollo says the key is not logged in", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { healthy: true, is_logged_in: false }))
        const apollo = yield* client().pipe(Effect.provide(stub.layer))
        const error = yield* Effect.flip(apollo.healthCheck)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(new URL(request!.url).pathname).toBe("/api/v1/auth/health")
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(ApolloClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["APOLLO_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["APOLLO_API_KEY", "Missing"],
          ["APOLLO_BASE_URL", "Invalid"]
        ])
      }))

    it.effect("layerTest serves the given methods and fails naming any other", () =>
      Effect.gen(function*() {
        const apollo = yield* ApolloClient.ApolloClient
        expect(yield* apollo.people.match({ email: "a@b.co" })).toEqual(Option.none())
        const exit = yield* Effect.exit(Effect.suspend(() => apollo.organizations.enrich("acme.dev")))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("ApolloClient.organizations.enrich is not implemented")
      }).pipe(Effect.provide(ApolloClient.layerTest({ people: { match: () => Effect.succeed(Option.none()) } }))))
  })
})
