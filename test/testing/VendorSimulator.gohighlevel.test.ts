import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

/**
 * The spec types a calendar event's times as objects while its examples (and the API) give ISO strings: the one
 * contradiction the simulator's answers are allowed, named here.
 */
const validButTimes = (result: Spec.Result) =>
  expect(result.errors.split("\n").filter((e) => e !== "" && !/event\/(startTime|endTime|dateAdded|dateUpdated) must be object$/.test(e)))
    .toEqual([])
const LOCATION = "ve9EPM428h8vShlRW1KT"

const ghl = (simulator: VendorSimulator.VendorSimulator.Service, token = "pit-simulator", version = "2021-07-28") =>
(
  method: string,
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("gohighlevel")}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, version },
    ...(json === undefined ? {} : { json })
  })

describe("VendorSimulator: GoHighLevel", () => {
  it.scoped("contacts and opportunities answer as the spec says, with the burst and daily rate-limit headers", () =>
    Effect.gen(function*() {
      const call = ghl(yield* VendorSimulator.make())
      const created = yield* call("POST", "/contacts/", { locationId: LOCATION, email: "ada@example.com" })
      expect(created.status).toBe(201)
      valid(Spec.response("gohighlevel-contacts", "POST", "/contacts/", 201, created.json))
      expect([created.headers.get("x-ratelimit-max"), created.headers.get("x-ratelimit-interval-milliseconds")]).toEqual(["100", "10000"])
      expect(created.headers.get("x-ratelimit-limit-daily")).toBe("200000")
      const id = (created.json as { contact: { id: string } }).contact.id
      valid(Spec.response("gohighlevel-contacts", "GET", "/contacts/{contactId}", 200, (yield* call("GET", `/contacts/${id}`)).json))
      const duplicate = yield* call("POST", "/contacts/", { locationId: LOCATION, email: "ada@example.com" })
      expect(duplicate.status).toBe(400)
      valid(Spec.response("gohighlevel-contacts", "POST", "/contacts/", 400, duplicate.json))
      const missing = yield* call("POST", "/contacts/", { email: "x@example.com" })
      expect(missing.status).toBe(422)
      valid(Spec.response("gohighlevel-contacts", "POST", "/contacts/", 422, missing.json))
      const upserted = yield* call("POST", "/contacts/upsert", { locationId: LOCATION, email: "ada@example.com", firstName: "Ada" })
      valid(Spec.response("gohighlevel-contacts", "POST", "/contacts/upsert", 200, upserted.json))
      expect(upserted.json).toMatchObject({ new: false, contact: { id, firstName: "Ada" } })
      valid(Spec.response("gohighlevel-contacts", "PUT", "/contacts/{contactId}", 200, (yield* call("PUT", `/contacts/${id}`, { lastName: "L" })).json))

      const [pipeline] = ((yield* call("GET", `/opportunities/pipelines?locationId=${LOCATION}`)).json as { pipelines: Array<{ id: string }> }).pipelines
      const opportunity = yield* call("POST", "/opportunities/", {
        pipelineId: pipeline!.id,
        locationId: LOCATION,
        name: "Deal",
        status: "open",
        contactId: id
      })
      expect(opportunity.status).toBe(201)
      valid(Spec.response("gohighlevel-opportunities", "POST", "/opportunities/", 201, opportunity.json))
      const search = yield* call("GET", `/opportunities/search?location_id=${LOCATION}&status=open`)
      valid(Spec.response("gohighlevel-opportunities", "GET", "/opportunities/search", 200, search.json))
      expect((search.json as { meta: { total: number } }).meta.total).toBe(1)
      const oid = (opportunity.json as { opportunity: { id: string } }).opportunity.id
      const status = yield* call("PUT", `/opportunities/${oid}/status`, { status: "won" })
      valid(Spec.response("gohighlevel-opportunities", "PUT", "/opportunities/{id}/status", 200, status.json))
      valid(Spec.response("gohighlevel-opportunities", "DELETE", "/opportunities/{id}", 200, (yield* call("DELETE", `/opportunities/${oid}`)).json))
      valid(Spec.response("gohighlevel-contacts", "DELETE", "/contacts/{contactId}", 200, (yield* call("DELETE", `/contacts/${id}`)).json))
    }))

  it.scoped("calendars: free slots, an appointment booked, read and updated, valid against the spec", () =>
    Effect.gen(function*() {
      const call = ghl(yield* VendorSimulator.make())
      const contact = (yield* call("POST", "/contacts/", { locationId: LOCATION, email: "m@example.com" })).json as { contact: { id: string } }
      const calendars = yield* call("GET", `/calendars/?locationId=${LOCATION}`)
      valid(Spec.response("gohighlevel-calendars", "GET", "/calendars/", 200, calendars.json))
      const calendarId = (calendars.json as { calendars: Array<{ id: string }> }).calendars[0]!.id
      const slots = yield* call("GET", `/calendars/${calendarId}/free-slots?startDate=0&endDate=86400000`)
      valid(Spec.response("gohighlevel-calendars", "GET", "/calendars/{calendarId}/free-slots", 200, slots.json))
      const booked = yield* call("POST", "/calendars/events/appointments", {
        calendarId,
        locationId: LOCATION,
        contactId: contact.contact.id,
        startTime: "1970-01-01T10:00:00+00:00"
      })
      valid(Spec.response("gohighlevel-calendars", "POST", "/calendars/events/appointments", 200, booked.json))
      const again = yield* call("POST", "/calendars/events/appointments", {
        calendarId,
        locationId: LOCATION,
        contactId: contact.contact.id,
        startTime: "1970-01-01T10:00:00+00:00"
      })
      expect(again.status).toBe(400)
      const eventId = (booked.json as { id: string }).id
      const event = yield* call("GET", `/calendars/events/appointments/${eventId}`)
      validButTimes(Spec.response("gohighlevel-calendars", "GET", "/calendars/events/appointments/{eventId}", 200, event.json))
      const updated = yield* call("PUT", `/calendars/events/appointments/${eventId}`, { appointmentStatus: "cancelled" })
      valid(Spec.response("gohighlevel-calendars", "PUT", "/calendars/events/appointments/{eventId}", 200, updated.json))
    }))

  it.scoped("refuses a missing token, a missing Version header and an expired OAuth token; refresh tokens rotate", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const none = yield* ghl(simulator, "")("GET", `/calendars/?locationId=${LOCATION}`)
      expect(none.status).toBe(401)
      valid(Spec.response("gohighlevel-calendars", "GET", "/calendars/", 401, none.json))
      expect((yield* ghl(simulator, "pit-x", "")("GET", `/calendars/?locationId=${LOCATION}`)).status).toBe(400)
      const token = (form: Record<string, string>) =>
        Http.send(`${simulator.baseUrl("gohighlevel")}/oauth/token`, {
          method: "POST",
          form: { client_id: "app", client_secret: "s", ...form }
        })
      const first = yield* token({ grant_type: "authorization_code", code: "c1" })
      valid(Spec.response("gohighlevel-oauth", "POST", "/oauth/token", 200, first.json))
      const { access_token, refresh_token } = first.json as { access_token: string; refresh_token: string }
      const location = yield* Http.send(`${simulator.baseUrl("gohighlevel")}/oauth/locationToken`, {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, version: "2021-07-28" },
        form: { companyId: "co", locationId: LOCATION }
      })
      valid(Spec.response("gohighlevel-oauth", "POST", "/oauth/locationToken", 200, location.json))
      expect((yield* token({ grant_type: "refresh_token", refresh_token })).status).toBe(200)
      expect((yield* token({ grant_type: "refresh_token", refresh_token })).status).toBe(401)
      yield* TestClock.adjust("25 hours")
      const expired = yield* ghl(simulator, access_token)("GET", `/calendars/?locationId=${LOCATION}`)
      expect(expired.status).toBe(401)
    }))
})
