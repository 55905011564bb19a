import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const hubspot = (simulator: VendorSimulator.VendorSimulator.Service, token = "pat-na1-simulator") =>
(
  method: string,
  path: string,
  json?: unknown
) =>
  Http.send(`${simulator.baseUrl("hubspot")}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    ...(json === undefined ? {} : { json })
  })

const contacts = "/crm/v3/objects/contacts"

describe("VendorSimulator: HubSpot", () => {
  it.scoped("creates, reads, updates and archives a contact, valid against HubSpot's spec", () =>
    Effect.gen(function*() {
      const call = hubspot(yield* VendorSimulator.make())
      const created = yield* call("POST", contacts, { properties: { email: "ada@example.com", firstname: "Ada" }, associations: [] })
      expect(created.status).toBe(201)
      valid(Spec.response("hubspot-contacts", "POST", contacts, 201, created.json))
      const id = (created.json as { id: string }).id
      expect(created.json).toMatchObject({ properties: { email: "ada@example.com", firstname: "Ada", hs_object_id: id }, archived: false })
      expect(created.headers.get("x-hubspot-ratelimit-max")).toBe("190")
      expect(created.headers.get("x-hubspot-ratelimit-remaining")).toBe("189")

      const read = yield* call("GET", `${contacts}/${id}?properties=email,firstname`)
      valid(Spec.response("hubspot-contacts", "GET", `${contacts}/{contactId}`, 200, read.json))
      expect((read.json as { properties: object }).properties).toEqual({ email: "ada@example.com", firstname: "Ada" })
      const byEmail = yield* call("GET", `${contacts}/ada@example.com?idProperty=email`)
      expect((byEmail.json as { id: string }).id).toBe(id)

      const conflict = yield* call("POST", contacts, { properties: { email: "ADA@example.com" }, associations: [] })
      expect(conflict.status).toBe(409)
      valid(Spec.response("hubspot-contacts", "POST", contacts, 409, conflict.json))
      expect(conflict.json).toMatchObject({ category: "CONFLICT", message: `Contact already exists. Existing ID: ${id}` })

      const patched = yield* call("PATCH", `${contacts}/${id}`, { properties: { lastname: "Lovelace" } })
      valid(Spec.response("hubspot-contacts", "PATCH", `${contacts}/{contactId}`, 200, patched.json))
      expect(patched.json).toMatchObject({ properties: { lastname: "Lovelace", firstname: "Ada" } })

      expect((yield* call("DELETE", `${contacts}/${id}`)).status).toBe(204)
      const gone = yield* call("GET", `${contacts}/${id}`)
      expect(gone.status).toBe(404)
      valid(Spec.response("hubspot-contacts", "GET", `${contacts}/{contactId}`, 404, gone.json))
      expect(gone.json).toMatchObject({ status: "error", category: "OBJECT_NOT_FOUND" })
    }))

  it.scoped("lists contacts in pages through `paging.next.after`, valid against HubSpot's spec", () =>
    Effect.gen(function*() {
      const call = hubspot(yield* VendorSimulator.make())
      const ids = new Set<string>()
      for (const n of [1, 2, 3, 4, 5]) {
        ids.add((((yield* call("POST", contacts, { properties: { email: `c${n}@example.com` }, associations: [] })).json) as { id: string }).id)
      }
      const seen: Array<string> = []
      let after: string | undefined
      let pages = 0
      do {
        const page = yield* call("GET", `${contacts}?limit=2${after === undefined ? "" : `&after=${after}`}`)
        expect(page.status).toBe(200)
        valid(Spec.response("hubspot-contacts", "GET", contacts, 200, page.json))
        const body = page.json as { results: Array<{ id: string }>; paging?: { next: { after: string } } }
        for (const item of body.results) valid(Spec.schema("hubspot-contacts", "SimplePublicObjectWithAssociations", item))
        if (body.paging !== undefined) valid(Spec.schema("hubspot-contacts", "NextPage", body.paging.next))
        seen.push(...body.results.map((c) => c.id))
        after = body.paging?.next.after
        pages++
      } while (after !== undefined)
      expect(pages).toBe(3)
      expect(new Set(seen)).toEqual(ids)
      expect(seen).toHaveLength(5)
      const bad = yield* call("GET", `${contacts}?limit=101`)
      expect(bad.status).toBe(400)
      expect(bad.json).toMatchObject({ category: "VALIDATION_ERROR" })
    }))

  it.scoped("searches with filters and pages through results with `after`", () =>
    Effect.gen(function*() {
      const call = hubspot(yield* VendorSimulator.make())
      for (let i = 0; i < 5; i++) {
        yield* call("POST", contacts, { properties: { email: `p${i}@acme.dev`, company: i < 3 ? "Acme" : "Other" }, associations: [] })
      }
      const emails: Array<string> = []
      let after: string | undefined
      for (let page = 0; page < 5; page++) {
        const reply = yield* call("POST", `${contacts}/search`, {
          filterGroups: [{ filters: [{ propertyName: "email", operator: "CONTAINS_TOKEN", value: "*@acme.dev" }] }],
          sorts: [{ propertyName: "email", direction: "ASCENDING" }],
          properties: ["email"],
          limit: 2,
          ...(after === undefined ? {} : { after })
        })
        valid(Spec.response("hubspot-contacts", "POST", `${contacts}/search`, 200, reply.json))
        const body = reply.json as { total: number; results: Array<{ properties: { email: string } }>; paging?: { next: { after: string } } }
        expect(body.total).toBe(5)
        emails.push(...body.results.map((r) => r.properties.email))
        if (body.paging === undefined) break
        after = body.paging.next.after
      }
      expect(emails).toEqual(["p0@acme.dev", "p1@acme.dev", "p2@acme.dev", "p3@acme.dev", "p4@acme.dev"])
      const acme = yield* call("POST", `${contacts}/search`, {
        filterGroups: [{ filters: [{ propertyName: "company", operator: "EQ", value: "acme" }] }]
      })
      expect((acme.json as { total: number }).total).toBe(3)
    }))

  it.scoped("upserts a batch with per-record results, answering 207 with the records that failed", () =>
    Effect.gen(function*() {
      const call = hubspot(yield* VendorSimulator.make())
      const existing = yield* call("POST", contacts, { properties: { email: "old@acme.dev", firstname: "Old" }, associations: [] })
      const ok = yield* call("POST", `${contacts}/batch/upsert`, {
        inputs: [
          { id: "old@acme.dev", idProperty: "email", properties: { firstname: "Updated" } },
          { id: "new@acme.dev", idProperty: "email", properties: { firstname: "New" } }
        ]
      })
      expect(ok.status).toBe(200)
      valid(Spec.response("hubspot-contacts", "POST", `${contacts}/batch/upsert`, 200, ok.json))
      const results = (ok.json as { results: Array<{ id: string; new: boolean }> }).results
      expect(results.map((r) => r.new)).toEqual([false, true])
      expect(results[0]!.id).toBe((existing.json as { id: string }).id)

      const partial = yield* call("POST", `${contacts}/batch/upsert`, {
        inputs: [
          { id: "fine@acme.dev", idProperty: "email", properties: {} },
          { id: "not-an-email", idProperty: "email", properties: {} }
        ]
      })
      expect(partial.status).toBe(207)
      valid(Spec.response("hubspot-contacts", "POST", `${contacts}/batch/upsert`, 207, partial.json))
      expect(partial.json).toMatchObject({ status: "COMPLETE", numErrors: 1, results: [{ new: true }] })
    }))

  it.scoped("creates a company and associates it with a contact through the v4 default association", () =>
    Effect.gen(function*() {
      const call = hubspot(yield* VendorSimulator.make())
      const contact = (yield* call("POST", contacts, { properties: { email: "c@acme.dev" }, associations: [] })).json as { id: string }
      const company = yield* call("POST", "/crm/v3/objects/companies", { properties: { name: "Acme", domain: "acme.dev" }, associations: [] })
      expect(company.status).toBe(201)
      valid(Spec.response("hubspot-objects", "POST", "/crm/v3/objects/{objectType}", 201, company.json))
      const companyId = (company.json as { id: string }).id
      const linked = yield* call("PUT", `/crm/v4/objects/contacts/${contact.id}/associations/default/companies/${companyId}`)
      expect(linked.status).toBe(200)
      expect(linked.json).toMatchObject({
        status: "COMPLETE",
        results: [
          { from: { id: contact.id }, to: { id: companyId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 } },
          { from: { id: companyId }, to: { id: contact.id }, associationSpec: { associationTypeId: 280 } }
        ]
      })
      const read = yield* call("GET", `${contacts}/${contact.id}?associations=companies`)
      expect(read.json).toMatchObject({ associations: { companies: { results: [{ id: companyId }] } } })
      expect((yield* call("PUT", `/crm/v4/objects/contacts/${contact.id}/associations/default/companies/999`)).status).toBe(404)
    }))

  it.scoped("issues OAuth tokens, expires access tokens on the clock and rotates refresh tokens", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ hubspot: { clientId: "client-1", accessTokenTtlSeconds: 60 } })
      const token = (form: Record<string, string>) => Http.send(`${simulator.baseUrl("hubspot")}/oauth/v1/token`, { form })
      const granted = yield* token({
        grant_type: "authorization_code",
        client_id: "client-1",
        client_secret: "secret",
        redirect_uri: "https://app.example/callback",
        code: "code-1"
      })
      expect(granted.status).toBe(200)
      const first = granted.json as { access_token: string; refresh_token: string; expires_in: number; token_type: string }
      expect(first).toMatchObject({ token_type: "bearer", expires_in: 60 })
      const reused = yield* token({ grant_type: "authorization_code", client_id: "client-1", client_secret: "s", redirect_uri: "x", code: "code-1" })
      expect(reused.json).toMatchObject({ status: "BAD_AUTH_CODE" })
      const wrongClient = yield* token({ grant_type: "refresh_token", client_id: "other", client_secret: "s", refresh_token: first.refresh_token })
      expect(wrongClient.json).toMatchObject({ status: "BAD_CLIENT_ID" })

      expect((yield* hubspot(simulator, first.access_token)("GET", `${contacts}/1`)).status).toBe(404)
      yield* TestClock.adjust("61 seconds")
      const expired = yield* hubspot(simulator, first.access_token)("GET", `${contacts}/1`)
      expect(expired.status).toBe(401)
      expect(expired.json).toMatchObject({ category: "EXPIRED_AUTHENTICATION" })

      const refreshed = yield* token({ grant_type: "refresh_token", client_id: "client-1", client_secret: "s", refresh_token: first.refresh_token })
      const second = refreshed.json as { access_token: string; refresh_token: string }
      expect(second.refresh_token).not.toBe(first.refresh_token)
      expect((yield* hubspot(simulator, second.access_token)("GET", `${contacts}/1`)).status).toBe(404)
      const stale = yield* token({ grant_type: "refresh_token", client_id: "client-1", client_secret: "s", refresh_token: first.refresh_token })
      expect(stale.status).toBe(400)
      expect(stale.json).toMatchObject({ status: "BAD_REFRESH_TOKEN" })
    }))
})

describe("VendorSimulator: Cal.com", () => {
  const monday9 = Date.UTC(2030, 0, 7, 9, 0)
  const iso = (millis: number) => new Date(millis).toISOString()

  const cal = (simulator: VendorSimulator.VendorSimulator.Service, version: string | undefined) =>
  (
    method: string,
    path: string,
    json?: unknown
  ) =>
    Http.send(`${simulator.url}/calcom${path}`, {
      method,
      headers: { authorization: "Bearer cal_live_simulator", ...(version === undefined ? {} : { "cal-api-version": version }) },
      ...(json === undefined ? {} : { json })
    })

  it.scoped("lists event types and available slots, valid against Cal.com's spec", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const types = yield* cal(simulator, "2024-06-14")("GET", "/v2/event-types")
      expect(types.status).toBe(200)
      valid(Spec.response("calcom", "GET", "/v2/event-types", 200, types.json))
      expect((types.json as { data: Array<{ slug: string }> }).data.map((e) => e.slug)).toEqual(["30min", "15min"])
      const noVersion = yield* cal(simulator, undefined)("GET", "/v2/event-types")
      expect(noVersion.status).toBe(400)
      expect(noVersion.json).toMatchObject({ status: "error", error: { code: "BadRequestException" } })

      const slots = yield* cal(simulator, undefined)(
        "GET",
        `/v2/slots/available?eventTypeId=1001&startTime=${iso(monday9)}&endTime=${iso(monday9 + 2 * 3_600_000)}`
      )
      valid(Spec.response("calcom", "GET", "/v2/slots/available", 200, slots.json))
      expect(slots.json).toEqual({
        status: "success",
        data: {
          slots: {
            "2030-01-07": [0, 30, 60, 90].map((m) => ({ time: iso(monday9 + m * 60_000) }))
          }
        }
      })
    }))

  it.scoped("books a slot, refuses a double booking, reschedules and cancels", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const call = cal(simulator, "2024-08-13")
      const attendee = { name: "Ada", email: "ada@example.com", timeZone: "Europe/London" }
      const created = yield* call("POST", "/v2/bookings", { start: iso(monday9), eventTypeId: 1001, attendee })
      expect(created.status).toBe(201)
      valid(Spec.response("calcom", "POST", "/v2/bookings", 201, created.json))
      const booking = (created.json as { data: { uid: string; end: string; status: string } }).data
      expect(booking).toMatchObject({ status: "accepted", end: iso(monday9 + 30 * 60_000) })

      const twice = yield* call("POST", "/v2/bookings", { start: iso(monday9), eventTypeId: 1001, attendee })
      expect(twice.status).toBe(400)
      expect(twice.json).toMatchObject({ status: "error", error: { message: "User either already has booking at this time or is not available" } })
      const slots = yield* cal(simulator, undefined)(
        "GET",
        `/v2/slots/available?eventTypeId=1001&startTime=${iso(monday9)}&endTime=${iso(monday9 + 3_600_000)}`
      )
      expect(slots.json).toMatchObject({ data: { slots: { "2030-01-07": [{ time: iso(monday9 + 30 * 60_000) }] } } })

      const fetched = yield* call("GET", `/v2/bookings/${booking.uid}`)
      valid(Spec.response("calcom", "GET", "/v2/bookings/{bookingUid}", 200, fetched.json))

      const moved = yield* call("POST", `/v2/bookings/${booking.uid}/reschedule`, { start: iso(monday9 + 60 * 60_000), reschedulingReason: "conflict" })
      expect(moved.status).toBe(201)
      valid(Spec.response("calcom", "POST", "/v2/bookings/{bookingUid}/reschedule", 201, moved.json))
      const next = (moved.json as { data: { uid: string; rescheduledFromUid: string } }).data
      expect(next.rescheduledFromUid).toBe(booking.uid)

      const cancelled = yield* call("POST", `/v2/bookings/${next.uid}/cancel`, { cancellationReason: "No longer needed" })
      valid(Spec.response("calcom", "POST", "/v2/bookings/{bookingUid}/cancel", 200, cancelled.json))
      expect(cancelled.json).toMatchObject({ data: { status: "cancelled", cancellationReason: "No longer needed" } })

      const unknown = yield* call("GET", "/v2/bookings/nope")
      expect(unknown.status).toBe(404)
      expect(unknown.json).toMatchObject({ status: "error", error: { code: "NotFoundException" } })
    }))
})
