import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
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
import type { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as CalComClient from "../../../src/vendors/calcom/CalComClient.js"
import * as CalComError from "../../../src/vendors/calcom/CalComError.js"
import * as CalComSchemas from "../../../src/vendors/calcom/CalComSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as CalComServer from "./support/CalComServer.js"

const API_KEY = "cal_live_canary_8d1f4b2e7a"
const { booking, eventType, success } = CalComServer

const client = (options: Partial<CalComClient.Options> = {}) =>
  CalComClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const failure = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const calError = (status: number, code: string, message = "details for humans") =>
  StubHttp.json(status, { status: "error", timestamp: "2030-01-01T00:00:00.000Z", path: "/v2/x", error: { code, message } })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const attendee = { name: "Jane Doe", email: "jane@example.com", timeZone: "Europe/Rome", language: "it" as const }

describe("CalComClient", () => {
  describe("requests on the wire", () => {
    it.scoped("creates a booking as JSON with bearer auth and the bookings API version, and unwraps data", () =>
      Effect.gen(function*() {
        const server = yield* CalComServer.make(() => ({ status: 201, body: success(booking("uid_1")) }))
        const cal = yield* client({ baseUrl: server.url })
        const created = yield* cal.bookings.create({
          start: "2030-01-07T09:00:00Z",
          eventTypeId: 1001,
          attendee,
          guests: ["guest@example.com"],
          bookingFieldsResponses: { notes: "Agenda" }
        })
        if (CalComSchemas.isSeries(created)) return expect.unreachable()
        expect([created.uid, created.status, created.attendees[0]?.email]).toEqual(["uid_1", "accepted", "jane@example.com"])
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/v2/bookings"])
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        expect(request?.headers["cal-api-version"]).toBe("2024-08-13")
        expect(request?.headers["content-type"]).toContain("application/json")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual({
          start: "2030-01-07T09:00:00Z",
          eventTypeId: 1001,
          attendee,
          guests: ["guest@example.com"],
          bookingFieldsResponses: { notes: "Agenda" }
        })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("sends each endpoint's own cal-api-version and percent-encodes booking uids", () =>
      Effect.gen(function*() {
        const server = yield* CalComServer.make((request) => {
          if (request.path === "/v2/event-types") return { body: success([eventType(1001, "30min")]) }
          if (request.path === "/v2/slots/available") {
            return { body: success({ slots: { "2030-01-07": [{ time: "2030-01-07T09:00:00.000Z" }] } }) }
          }
          if (request.path.endsWith("/reschedule")) {
            return { status: 201, body: success(booking("uid_2", { rescheduledFromUid: "uid 1/x", reschedulingReason: "clash" })) }
          }
          if (request.path.endsWith("/cancel")) return { body: success(booking("uid 1/x", { status: "cancelled" })) }
          return { body: success(booking("uid 1/x")) }
        })
        const cal = yield* client({ baseUrl: server.url })
        const types = yield* cal.eventTypes.list({ username: "host", eventSlug: "30min" })
        expect(types.map((t) => t.slug)).toEqual(["30min"])
        const { slots } = yield* cal.slots.available({
          startTime: "2030-01-07",
          endTime: "2030-01-08T00:00:00.000Z",
          eventTypeSlug: "30min",
          usernameList: ["host", "cohost"],
          timeZone: "Europe/Rome",
          slotFormat: "time"
        })
        expect(slots["2030-01-07"]).toEqual([{ time: "2030-01-07T09:00:00.000Z" }])
        yield* cal.bookings.get("uid 1/x")
        const cancelled = yield* cal.bookings.cancel("uid 1/x", { cancellationReason: "No longer needed" })
        expect(!CalComSchemas.isSeries(cancelled) && cancelled.status).toBe("cancelled")
        const moved = yield* cal.bookings.reschedule("uid 1/x", { start: "2030-01-08T10:00:00Z", reschedulingReason: "clash" })
        expect(moved.rescheduledFromUid).toBe("uid 1/x")

        const requests = yield* server.requests
        expect(requests.map((r) => [r.method, r.path, r.headers["cal-api-version"]])).toEqual([
          ["GET", "/v2/event-types", "2024-06-14"],
          ["GET", "/v2/slots/available", "2024-04-15"],
          ["GET", "/v2/bookings/uid%201%2Fx", "2024-08-13"],
          ["POST", "/v2/bookings/uid%201%2Fx/cancel", "2024-08-13"],
          ["POST", "/v2/bookings/uid%201%2Fx/reschedule", "2024-08-13"]
        ])
        expect(Object.fromEntries(requests[0]!.query)).toEqual({ username: "host", eventSlug: "30min" })
        expect([...requests[1]!.query]).toEqual([
          ["startTime", "2030-01-07"],
          ["endTime", "2030-01-08T00:00:00.000Z"],
          ["eventTypeSlug", "30min"],
          ["timeZone", "Europe/Rome"],
          ["slotFormat", "time"],
          ["usernameList[]", "host"],
          ["usernameList[]", "cohost"]
        ])
        expect(JSON.parse(requests[3]!.body)).toEqual({ cancellationReason: "No longer needed" })
        expect(JSON.parse(requests[4]!.body)).toEqual({ start: "2030-01-08T10:00:00Z", reschedulingReason: "clash" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("decodes a recurring event type's answer as every occurrence, and honours API version overrides", () =>
      Effect.gen(function*() {
        const occurrences = [1, 2, 3].map((n) =>
          booking(`occ_${n}`, { recurringBookingUid: "rec_1", start: `2030-01-0${n}T09:00:00.000Z` })
        )
        const stub = yield* StubHttp.make(() => StubHttp.json(201, success(occurrences)))
        const cal = yield* client({ apiVersions: { bookings: "2024-09-01" } }).pipe(Effect.provide(stub.layer))
        const created = yield* cal.bookings.create({ start: "2030-01-01T09:00:00Z", eventTypeId: 7, attendee })
        if (!CalComSchemas.isSeries(created)) return expect.unreachable()
        expect(created.map((b) => [b.uid, b.recurringBookingUid])).toEqual([
          ["occ_1", "rec_1"],
          ["occ_2", "rec_1"],
          ["occ_3", "rec_1"]
        ])
        const [request] = yield* stub.requests
        expect(request?.headers["cal-api-version"]).toBe("2024-09-01")
        expect(new URL(request!.url).toString()).toBe("https://api.cal.com/v2/bookings")
      }))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects bad parameters with InvalidRequest and sends nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, success(booking("x"))))
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          cal.bookings.create({ start: "2030-01-07T09:00:00+02:00", eventTypeId: 1, attendee }),
          cal.bookings.create({ start: "tomorrow", eventTypeId: 1, attendee }),
          cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 0, attendee }),
          cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee: { ...attendee, email: "jane" } }),
          cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee: { ...attendee, timeZone: "Mars/Olympus" } }),
          cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee, guests: ["not-an-email"] }),
          cal.bookings.get(""),
          cal.bookings.reschedule("uid_1", { start: "2030-13-45T99:00:00Z" }),
          cal.slots.available({ startTime: "2030-01-08", endTime: "2030-01-07", eventTypeId: 1 }),
          cal.slots.available({ startTime: "2030-01-07", endTime: "2030-01-08" }),
          cal.slots.available({ startTime: "2030-01-07", endTime: "2030-01-08", eventTypeSlug: "30min" }),
          cal.eventTypes.list({ eventSlug: "30min" })
        ]
        for (const [index, attempt] of attempts.entries()) {
          const error = failure(yield* Effect.exit(attempt))
          expect([index, error.reason, error.vendor]).toEqual([index, "InvalidRequest", "CalCom"])
          expect(error.message).not.toContain("jane@example.com")
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("refuses `.` and `..` as booking uids, which no encoding keeps from moving up the path", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, success(booking("u"))))
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        for (const uid of [".", ".."]) {
          for (
            const attempt of [
              cal.bookings.get(uid),
              cal.bookings.cancel(uid, { cancellationReason: "x" }),
              cal.bookings.reschedule(uid, { start: "2030-01-08T10:00:00Z" })
            ]
          ) {
            const error = failure(yield* Effect.exit(attempt))
            expect([uid, error.reason]).toEqual([uid, "InvalidRequest"])
          }
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("refuses a malformed API version at construction with a ConfigError naming each one", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, success([])))
        const error = yield* Effect.flip(
          client({ apiVersions: { slots: "latest", bookings: "" } }).pipe(Effect.provide(stub.layer))
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["CalCom.apiVersions.bookings", "Invalid"],
          ["CalCom.apiVersions.slots", "Invalid"]
        ])
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("failures and retries", () => {
    it.scoped("maps Cal.com's error body to a reason with its exception code, never its message", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? calError(400, "BadRequestException", "User either already has booking at this time or is not available")
            : n === 2
            ? calError(404, "NotFoundException", "Booking with uid=secret-uid was not found in the database")
            : calError(409, "ConflictException")
        )
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        const taken = failure(yield* Effect.exit(cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee })))
        expect([taken.reason, taken.status, taken.details]).toEqual(["InvalidRequest", 400, { code: "BadRequestException" }])
        expect(taken.message).not.toContain("already has booking")
        const missing = failure(yield* Effect.exit(cal.bookings.get("secret-uid")))
        expect([missing.reason, CalComError.hasCode("NotFoundException")(missing)]).toEqual(["NotFound", true])
        expect(missing.message).not.toContain("secret-uid")
        const conflict = failure(yield* Effect.exit(cal.bookings.cancel("u", { cancellationReason: "" })))
        expect(conflict.reason).toBe("Conflict")
      }))

    it.scoped("never retries a booking after a 5xx or a timeout, and reports it as ambiguous", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => calError(503, "InternalServerErrorException"))
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        const options = { idempotencyKey: "k1" } as CalComClient.CallOptions
        const error = failure(
          yield* Effect.exit(cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee }, options))
        )
        expect([error.reason, CalComError.isAmbiguousBooking(error)]).toEqual(["Server", true])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(1)
        expect(requests[0]?.headers["idempotency-key"]).toBeUndefined()
      }))

    it.scoped("retries a booking after a 429 (honouring Retry-After), and a read after a 5xx", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n, request) =>
          request.method === "POST"
            ? n === 1 ? calError(429, "TooManyRequestsException") : StubHttp.json(201, success(booking("uid_9")))
            : n === 3
            ? calError(502, "InternalServerErrorException")
            : StubHttp.json(200, success(booking("uid_9")))
        )
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(
          Effect.zip(
            cal.bookings.create({ start: "2030-01-07T09:00:00Z", eventTypeId: 1, attendee }),
            cal.bookings.get("uid_9")
          )
        )
        yield* TestClock.adjust(Duration.seconds(30))
        const [created, found] = yield* Fiber.join(fiber)
        expect([!CalComSchemas.isSeries(created) && created.uid, !CalComSchemas.isSeries(found) && found.uid]).toEqual([
          "uid_9",
          "uid_9"
        ])
        expect((yield* stub.requests).map((r) => r.method)).toEqual(["POST", "POST", "GET", "GET"])
      }))

    it.scoped("reports a 429 with its Retry-After as RateLimited", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(429, { status: "error", error: { code: "TooManyRequestsException", message: "" } }, { "retry-after": "3" })
        )
        const cal = yield* client({ policy: { maxRetries: 1 } }).pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.exit(cal.eventTypes.list()))
        yield* TestClock.adjust(Duration.seconds(30))
        const error = failure(yield* Fiber.join(fiber))
        expect([error.reason, error.retryAfter && Duration.toMillis(error.retryAfter)]).toEqual(["RateLimited", 3000])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBe(3000)
      }))

    it.scoped("reports an answer that is not Cal.com's envelope as drift", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, [eventType(1, "a")]))
        const cal = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(cal.eventTypes.list()))
        expect(error.reason).toBe("ResponseDrift")
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(CalComClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["CAL_BASE_URL", "api.cal.com"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["CAL_API_KEY", "Missing"],
          ["CAL_BASE_URL", "Invalid"]
        ])
        const withKey = yield* Effect.flip(
          Layer.build(CalComClient.layerConfig()).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["CAL_API_KEY", API_KEY], ["CAL_BASE_URL", "nope"]])
          )
        )
        const text = IntegrationConfig.format(withKey)
        expect(text).toContain("CAL_BASE_URL")
        expect(text).not.toContain(API_KEY)
      }))

    it.scoped("layerConfig sends the key from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => calError(401, "UnauthorizedException", `Invalid API Key ${API_KEY}`))
        const exit = yield* Effect.exit(
          Effect.flatMap(CalComClient.CalComClient, (cal) => cal.bookings.get("uid_1")).pipe(
            Effect.provide(CalComClient.layerConfig({ policy: { maxRetries: 0 } }).pipe(Layer.orDie)),
            Effect.provide(stub.layer),
            withEnv([["CAL_API_KEY", API_KEY]])
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
        const cal = yield* CalComClient.CalComClient
        const found = yield* cal.bookings.get("uid_1")
        expect(!CalComSchemas.isSeries(found) && found.uid).toBe("uid_fake")
        const exit = yield* Effect.exit(Effect.suspend(() => cal.slots.available({ startTime: "a", endTime: "b" })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("CalComClient.slots.available is not implemented")
      }).pipe(
        Effect.provide(CalComClient.layerTest({ bookings: { get: () => Effect.succeed(booking("uid_fake")) } }))
      ))

    it.effect("layerTest: a missing method fails inside its Effect naming it; the health check succeeds", () =>
      Effect.gen(function*() {
        const cal = yield* CalComClient.CalComClient
        yield* cal.healthCheck
        const exit = yield* Effect.exit(cal.bookings.cancel("uid_1", { cancellationReason: "x" }))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("CalComClient.bookings.cancel")
      }).pipe(Effect.provide(CalComClient.layerTest({}))))

    it.scoped("passes kernel settings through: circuitBreaker false keeps calling through a run of failures", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => calError(503, "InternalServerErrorException"))
        const guarded = yield* client({ policy: { maxRetries: 0 } }).pipe(Effect.provide(stub.layer))
        const reasons = (cal: CalComClient.Service) =>
          Effect.forEach(Array.from({ length: 7 }), () => Effect.map(Effect.exit(cal.bookings.get("uid_1")), (exit) => failure(exit).reason))
        // The default breaker opens after five failures in a row...
        expect(yield* reasons(guarded)).toEqual([...Array(5).fill("Server"), "CircuitOpen", "CircuitOpen"])
        expect(yield* stub.requests).toHaveLength(5)
        // ...and with `circuitBreaker: false` every call reaches Cal.com.
        const unguarded = yield* client({ policy: { maxRetries: 0 }, circuitBreaker: false }).pipe(Effect.provide(stub.layer))
        expect(yield* reasons(unguarded)).toEqual(Array(7).fill("Server"))
        expect(yield* stub.requests).toHaveLength(12)
      }))

    it.scoped("registers a calcom health check that lists event types once, without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => (n === 1 ? StubHttp.json(200, success([])) : calError(503, "X")))
        const [up, down] = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            CalComClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(up.checks).toMatchObject([{ name: "calcom", status: "up", critical: true }])
        expect(down.status).toBe("down")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, r.headers["cal-api-version"]])).toEqual([
          ["GET", "/v2/event-types", "2024-06-14"],
          ["GET", "/v2/event-types", "2024-06-14"]
        ])
      }))
  })
})
