import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as GoHighLevelClient from "../../../src/vendors/gohighlevel/GoHighLevelClient.js"
import * as Sim from "./support.js"

const TOKEN = "pit-simulated-5b1c9e2a-7d4f"
const LOCATION = "ve9EPM428h8vShlRW1KT"
const CREATE = "POST /contacts/"
const GET = "GET /contacts/{contactId}"
const UPSERT = "POST /contacts/upsert"
const SEARCH = "POST /contacts/search"

const ghl = (sim: Sim.Simulator) =>
  Sim.client(GoHighLevelClient.make({
    apiKey: Redacted.make(TOKEN),
    locationId: LOCATION,
    baseUrl: sim.baseUrl("gohighlevel"),
    policy: Sim.policy
  }))

const DAY = 86_400_000

describe("GoHighLevelClient against the simulator", () => {
  it.scoped("contacts: create, get, update, upsert, search page by page and as a stream, delete; health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* ghl(sim)
      const created = yield* client.contacts.create({ locationId: LOCATION, email: "ada@example.com", firstName: "Ada" })
      expect(created).toMatchObject({ email: "ada@example.com", firstName: "Ada", locationId: LOCATION })
      expect((yield* client.contacts.get(created.id)).email).toBe("ada@example.com")
      expect((yield* client.contacts.update(created.id, { lastName: "Lovelace" })).lastName).toBe("Lovelace")
      const again = yield* client.contacts.upsert({ locationId: LOCATION, email: "ada@example.com", phone: "+15550001111" })
      expect([again.new, again.contact.id, again.contact.phone]).toEqual([false, created.id, "+15550001111"])
      const fresh = yield* client.contacts.upsert({ locationId: LOCATION, email: "grace@example.com" })
      expect(fresh.new).toBe(true)
      for (let i = 0; i < 5; i++) yield* client.contacts.create({ locationId: LOCATION, email: `lead${i}@acme.dev` })
      const page = yield* client.contacts.search({ locationId: LOCATION, pageLimit: 3, query: "acme" })
      expect([page.total, page.contacts.length]).toEqual([5, 3])
      const before = yield* Sim.requests(sim, "gohighlevel", SEARCH)
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.contacts.searchAll({ locationId: LOCATION, pageLimit: 2 })))
      expect(all.map((c) => c.id)).toHaveLength(7)
      expect(new Set(all.map((c) => c.id)).size).toBe(7)
      // Seven contacts two at a time: three full pages and a short last one.
      expect((yield* Sim.requests(sim, "gohighlevel", SEARCH)) - before).toBe(4)
      yield* client.contacts.delete(created.id)
      Sim.expectError(yield* Sim.failure(client.contacts.get(created.id)), { reason: "InvalidRequest", status: 400 }, TOKEN)
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "gohighlevel", "GET /calendars/")).toBe(1)
    }))

  it.scoped("opportunities: pipelines, create, get, update, status, search as a page and a stream, delete", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* ghl(sim)
      const contact = yield* client.contacts.create({ locationId: LOCATION, email: "deal@example.com" })
      const [pipeline] = yield* client.opportunities.pipelines(LOCATION)
      expect(pipeline!.stages).toHaveLength(2)
      const base = { pipelineId: pipeline!.id, locationId: LOCATION, contactId: contact.id, status: "open" as const }
      const created = yield* client.opportunities.create({ ...base, name: "Website redesign", monetaryValue: 4200 })
      expect((yield* client.opportunities.get(created.id)).monetaryValue).toBe(4200)
      expect((yield* client.opportunities.update(created.id, { name: "Redesign v2" })).name).toBe("Redesign v2")
      yield* client.opportunities.updateStatus(created.id, { status: "won" })
      expect((yield* client.opportunities.get(created.id)).status).toBe("won")
      for (let i = 0; i < 4; i++) yield* client.opportunities.create({ ...base, name: `Deal ${i}` })
      const open = yield* client.opportunities.search({ location_id: LOCATION, status: "open", limit: 10 })
      expect(open.opportunities).toHaveLength(4)
      expect(open.meta?.total).toBe(4)
      const everything = Chunk.toReadonlyArray(
        yield* Stream.runCollect(client.opportunities.searchAll({ location_id: LOCATION, status: "all", limit: 2 }))
      )
      expect(new Set(everything.map((o) => o.id)).size).toBe(5)
      yield* client.opportunities.delete(created.id)
      expect((yield* sim.stats).sideEffects.map((e) => e.kind)).toContain("opportunity.deleted")
    }))

  it.scoped("calendars: lists calendars, reads free slots, books, reads and reschedules an appointment", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* ghl(sim)
      const contact = yield* client.contacts.create({ locationId: LOCATION, email: "meet@example.com" })
      const [calendar] = yield* client.calendars.list({ locationId: LOCATION })
      const now = yield* Clock.currentTimeMillis
      const range = { startDate: now, endDate: now + 2 * DAY }
      const slots = yield* client.calendars.freeSlots(calendar!.id, range)
      expect(slots.days.length).toBeGreaterThan(0)
      const first = slots.days[0]!.slots[0]!
      const booked = yield* client.calendars.appointments.create({
        calendarId: calendar!.id,
        locationId: LOCATION,
        contactId: contact.id,
        startTime: first,
        title: "Discovery"
      })
      expect(booked.appointmentStatus).toBe("confirmed")
      const after = yield* client.calendars.freeSlots(calendar!.id, range)
      expect(after.days.flatMap((d) => d.slots)).not.toContain(first)
      expect((yield* client.calendars.appointments.get(booked.id)).title).toBe("Discovery")
      const moved = yield* client.calendars.appointments.update(booked.id, { appointmentStatus: "cancelled" })
      expect(moved.appointmentStatus).toBe("cancelled")
    }))

  it.scoped("OAuth: exchanges the code for an agency token, calls with the location's token, refreshes a day later", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* Sim.client(GoHighLevelClient.make({
        oauth: {
          clientId: "client-simulated",
          clientSecret: Redacted.make("secret-simulated"),
          location: { companyId: "simCompany0000000001", locationId: LOCATION },
          tokenBaseUrl: sim.baseUrl("gohighlevel")
        },
        baseUrl: sim.baseUrl("gohighlevel"),
        policy: Sim.policy
      }))
      const oauth = Option.getOrThrow(client.oauth)
      const { state, url } = yield* oauth.authorize
      expect(new URL(url).searchParams.get("response_type")).toBe("code")
      expect(new URL(url).searchParams.get("state")).toBe(state)
      yield* oauth.exchangeCode("code-from-redirect")
      const created = yield* client.contacts.create({ locationId: LOCATION, email: "oauth@example.com" })
      expect(yield* Sim.requests(sim, "gohighlevel", "POST /oauth/locationToken")).toBe(1)
      yield* client.contacts.get(created.id)
      expect(yield* Sim.requests(sim, "gohighlevel", "POST /oauth/locationToken")).toBe(1)
      yield* TestClock.adjust("25 hours")
      expect((yield* client.contacts.get(created.id)).id).toBe(created.id)
      // The agency token was refreshed (its refresh token rotated) and a new location token exchanged.
      expect(yield* Sim.requests(sim, "gohighlevel", "POST /oauth/token")).toBe(2)
      expect(yield* Sim.requests(sim, "gohighlevel", "POST /oauth/locationToken")).toBe(2)
    }))

  describe("faults", () => {
    it.scoped("exchanges a new location token once on a 401 and repeats the call", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "gohighlevel", route: GET, status: 401, times: 1 }])
        const client = yield* Sim.client(GoHighLevelClient.make({
          oauth: {
            clientId: "client-simulated",
            clientSecret: Redacted.make("secret-simulated"),
            location: { companyId: "simCompany0000000001", locationId: LOCATION },
            tokenBaseUrl: sim.baseUrl("gohighlevel")
          },
          baseUrl: sim.baseUrl("gohighlevel"),
          policy: Sim.policy
        }))
        yield* Option.getOrThrow(client.oauth).exchangeCode("code-from-redirect")
        const created = yield* client.contacts.create({ locationId: LOCATION, email: "oauth@example.com" })
        expect((yield* Sim.drive(client.contacts.get(created.id))).id).toBe(created.id)
        expect(yield* Sim.requests(sim, "gohighlevel", "POST /oauth/locationToken")).toBe(2)
        expect(yield* Sim.requests(sim, "gohighlevel", GET)).toBe(2)
      }))

    it.scoped("retries a transient 503 on a read, then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "gohighlevel", route: GET, status: 503, times: 2 }])
        const client = yield* ghl(sim)
        const created = yield* client.contacts.create({ locationId: LOCATION, email: "a@example.com" })
        expect((yield* Sim.drive(client.contacts.get(created.id))).id).toBe(created.id)
        expect(yield* Sim.requests(sim, "gohighlevel", GET)).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 before retrying, even a create", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "gohighlevel", route: CREATE, status: 429, retryAfterSeconds: 3, times: 1 }
        ])
        const client = yield* ghl(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.contacts.create({ locationId: LOCATION, email: "a@example.com" }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(3_000)
        const stats = yield* sim.stats
        expect(stats.requests[`gohighlevel ${CREATE}`]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("does not repeat a create whose connection dropped after GoHighLevel acted (no idempotency keys)", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "gohighlevel", route: CREATE, times: 1 }])
        const client = yield* ghl(sim)
        const error = yield* Sim.failure(Sim.drive(client.contacts.create({ locationId: LOCATION, email: "a@example.com" })))
        Sim.expectError(error, { reason: "Transport" }, TOKEN)
        expect(error.mayHaveSucceeded).toBe(true)
        const stats = yield* sim.stats
        expect(stats.requests[`gohighlevel ${CREATE}`]).toBe(1)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("repeats an upsert whose connection dropped after GoHighLevel acted: one contact", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "gohighlevel", route: UPSERT, times: 1 }])
        const client = yield* ghl(sim)
        const upserted = yield* Sim.drive(client.contacts.upsert({ locationId: LOCATION, email: "once@example.com" }))
        expect(upserted.new).toBe(false)
        const stats = yield* sim.stats
        expect(stats.requests[`gohighlevel ${UPSERT}`]).toBe(2)
        expect(stats.sideEffects.map((e) => e.objectId)).toEqual([upserted.contact.id])
      }))

    it.scoped("reports a removed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "gohighlevel", route: SEARCH, op: "remove", path: "contacts", times: 1 },
          { kind: "malformed", vendor: "gohighlevel", route: GET, times: 1 }
        ])
        const client = yield* ghl(sim)
        Sim.expectError(
          yield* Sim.failure(client.contacts.search({ locationId: LOCATION, pageLimit: 10 })),
          { reason: "ResponseDrift", status: 200 },
          TOKEN
        )
        const created = yield* client.contacts.create({ locationId: LOCATION, email: "a@example.com" })
        Sim.expectError(yield* Sim.failure(client.contacts.get(created.id)), { reason: "ResponseDrift", status: 200 }, TOKEN)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "gohighlevel", fromMs: 0, toMs: 60_000 }])
        const client = yield* ghl(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "gohighlevel", CREATE)
        Sim.expectError(
          yield* Sim.failure(client.contacts.create({ locationId: LOCATION, email: "a@example.com" })),
          { reason: "CircuitOpen" }
        )
        expect(yield* Sim.requests(sim, "gohighlevel", CREATE)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect((yield* client.contacts.create({ locationId: LOCATION, email: "a@example.com" })).email).toBe("a@example.com")
      }))
  })
})
