import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as CalComClient from "../../../src/vendors/calcom/CalComClient.js"
import * as CalComError from "../../../src/vendors/calcom/CalComError.js"
import * as Sim from "./support.js"

const API_KEY = "cal_live_simulated_3b9d7f1e2a"
const BOOKINGS = "POST /v2/bookings"
const GET = "GET /v2/bookings/{bookingUid}"
const EVENT_TYPES = "GET /v2/event-types"

const monday9 = Date.UTC(2030, 0, 7, 9, 0)
const iso = (millis: number) => new Date(millis).toISOString()
const attendee = { name: "Ada", email: "ada@example.com", timeZone: "Europe/London" }
const booking = (at = monday9) => ({ start: iso(at), eventTypeId: 1001, attendee })

const calcom = (sim: Sim.Simulator) =>
  Sim.client(CalComClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("calcom"), policy: Sim.policy }))

describe("CalComClient against the simulator", () => {
  it.scoped("lists event types, finds slots, and passes its health check", () =>
    Effect.gen(function*() {
      const client = yield* calcom(yield* Sim.simulator())
      const types = yield* client.eventTypes.list()
      expect(types.map((t) => t.slug)).toEqual(["30min", "15min"])
      const slots = yield* client.slots.available({ eventTypeId: 1001, startTime: iso(monday9), endTime: iso(monday9 + 3_600_000) })
      expect(slots.slots["2030-01-07"]).toHaveLength(2)
      yield* client.healthCheck
    }))

  it.scoped("books a slot, gets, reschedules and cancels the booking", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* calcom(sim)
      const created = yield* client.bookings.create(booking())
      expect(created).toMatchObject({ status: "accepted", start: iso(monday9) })
      const uid = "uid" in created ? created.uid : ""
      expect((yield* client.bookings.get(uid))).toMatchObject({ uid })
      const moved = yield* client.bookings.reschedule(uid, { start: iso(monday9 + 3_600_000), reschedulingReason: "conflict" })
      expect(moved).toMatchObject({ rescheduledFromUid: uid, start: iso(monday9 + 3_600_000) })
      const movedUid = "uid" in moved ? moved.uid : ""
      const cancelled = yield* client.bookings.cancel(movedUid, { cancellationReason: "No longer needed" })
      expect(cancelled).toMatchObject({ status: "cancelled" })
      expect((yield* sim.stats).sideEffects.map((e) => e.kind)).toEqual(["booking.created", "booking.rescheduled", "booking.cancelled"])
    }))

  describe("faults", () => {
    it.scoped("retries a transient 503 on a read and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "calcom", route: EVENT_TYPES, status: 503, times: 2 }])
        const client = yield* calcom(sim)
        expect(yield* Sim.drive(client.eventTypes.list())).toHaveLength(2)
        expect(yield* Sim.requests(sim, "calcom", EVENT_TYPES)).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 before retrying, even a booking", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "calcom", route: BOOKINGS, status: 429, retryAfterSeconds: 8, times: 1 }])
        const client = yield* calcom(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.bookings.create(booking()))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(8_000)
        const stats = yield* sim.stats
        expect(stats.requests[`calcom ${BOOKINGS}`]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("does not repeat a booking whose connection dropped after Cal.com booked it (no idempotency keys)", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "calcom", route: BOOKINGS, times: 1 }])
        const client = yield* calcom(sim)
        const error = yield* Sim.failure(Sim.drive(client.bookings.create(booking())))
        Sim.expectError(error, { reason: "Transport" }, API_KEY)
        expect(CalComError.isAmbiguousBooking(error)).toBe(true)
        const stats = yield* sim.stats
        expect(stats.requests[`calcom ${BOOKINGS}`]).toBe(1)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("reports a retyped field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "calcom", route: EVENT_TYPES, op: "retype", path: "data", as: "string", times: 1 },
          { kind: "malformed", vendor: "calcom", route: GET, times: 1 }
        ])
        const client = yield* calcom(sim)
        Sim.expectError(yield* Sim.failure(client.eventTypes.list()), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const created = yield* client.bookings.create(booking())
        const uid = "uid" in created ? created.uid : ""
        Sim.expectError(yield* Sim.failure(client.bookings.get(uid)), { reason: "ResponseDrift", status: 200 }, API_KEY)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "calcom", fromMs: 0, toMs: 60_000 }])
        const client = yield* calcom(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "calcom", BOOKINGS)
        Sim.expectError(yield* Sim.failure(client.bookings.create(booking())), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "calcom", BOOKINGS)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect(yield* client.bookings.create(booking())).toMatchObject({ status: "accepted" })
      }))
  })
})
