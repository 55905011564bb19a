import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as HubSpotClient from "../../../src/vendors/hubspot/HubSpotClient.js"
import * as Sim from "./support.js"

const TOKEN = "pat-na1-simulated-7d3f9a2b-4c1e"
const CONTACTS = "POST /crm/v3/objects/contacts"
const GET = "GET /crm/v3/objects/contacts/{contactId}"
const SEARCH = "POST /crm/v3/objects/contacts/search"

const hubspot = (sim: Sim.Simulator) =>
  Sim.client(HubSpotClient.make({ accessToken: Redacted.make(TOKEN), baseUrl: sim.baseUrl("hubspot"), policy: Sim.policy }))

describe("HubSpotClient against the simulator", () => {
  it.scoped("creates, gets, updates and archives a contact, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* hubspot(sim)
      const created = yield* client.contacts.create({ properties: { email: "ada@example.com", firstname: "Ada" } })
      expect(created.properties.email).toBe("ada@example.com")
      const fetched = yield* client.contacts.get(created.id, { properties: ["email", "firstname"] })
      expect(fetched.properties).toMatchObject({ email: "ada@example.com", firstname: "Ada" })
      const updated = yield* client.contacts.update(created.id, { properties: { lastname: "Lovelace" } })
      expect(updated.properties.lastname).toBe("Lovelace")
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "hubspot", "GET /crm/v3/objects/contacts")).toBe(1)
      yield* client.contacts.archive(created.id)
      Sim.expectError(yield* Sim.failure(client.contacts.get(created.id)), { reason: "NotFound", status: 404 }, TOKEN)
    }))

  it.scoped("searches contacts and streams every page of a search", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* hubspot(sim)
      for (let i = 0; i < 7; i++) yield* client.contacts.create({ properties: { email: `c${i}@acme.dev`, company: "Acme" } })
      yield* client.contacts.create({ properties: { email: "other@example.com", company: "Other" } })
      const filterGroups = [{ filters: [{ propertyName: "company", operator: "EQ" as const, value: "Acme" }] }]
      const page = yield* client.contacts.search({ filterGroups, limit: 3 })
      expect(page.total).toBe(7)
      expect(page.results).toHaveLength(3)
      const before = yield* Sim.requests(sim, "hubspot", SEARCH)
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.contacts.searchAll({ filterGroups, limit: 2 })))
      expect(new Set(all.map((c) => c.properties.email))).toEqual(new Set(Array.from({ length: 7 }, (_, i) => `c${i}@acme.dev`)))
      // Seven matches two at a time: four pages, each a request.
      expect((yield* Sim.requests(sim, "hubspot", SEARCH)) - before).toBe(4)
      const bounded = yield* client.contacts.fetchAll(5, { filterGroups, limit: 2 })
      expect(bounded.items).toHaveLength(5)
      expect(bounded.truncated).toBe(true)
    }))

  it.scoped("upserts a batch with per-record failures by input index, creates a company and associates it", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* hubspot(sim)
      const existing = yield* client.contacts.create({ properties: { email: "old@example.com" } })
      const result = yield* client.contacts.batchUpsert([
        { id: "old@example.com", idProperty: "email", properties: { firstname: "Old" } },
        { id: "new@example.com", idProperty: "email", properties: { firstname: "New" } },
        { id: "999999999", properties: { firstname: "Nobody" } }
      ])
      expect(result.succeeded.map((s) => s.index).sort()).toEqual([0, 1])
      expect(result.succeeded.find((s) => s.index === 0)!.value.id).toBe(existing.id)
      expect(result.failed.map((f) => f.index)).toEqual([2])
      const company = yield* client.companies.create({ properties: { name: "Acme", domain: "acme.dev" } })
      const linked = yield* client.associations.contactToCompany(existing.id, company.id)
      expect(linked.status).toBe("COMPLETE")
      const withCompany = yield* client.contacts.get(existing.id, { associations: ["companies"] })
      expect(withCompany.associations?.companies?.results.map((r) => r.id)).toEqual([company.id])
    }))

  it.scoped("authenticates by OAuth: exchanges the code, then refreshes the access token once it expires", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* Sim.client(HubSpotClient.make({
        oauth: {
          clientId: "client-simulated",
          clientSecret: Redacted.make("secret-simulated"),
          redirectUri: "https://app.example.com/oauth/callback",
          scopes: ["crm.objects.contacts.write"],
          tokenBaseUrl: sim.baseUrl("hubspot"),
          // A refresh may happen under `Sim.drive`: the token endpoint's 15 s timeout must not be a sleep it moves to.
          policy: Sim.policy
        },
        baseUrl: sim.baseUrl("hubspot"),
        policy: Sim.policy
      }))
      const oauth = Option.getOrThrow(client.oauth)
      const { state, url } = yield* oauth.authorize
      expect(url).toContain(`state=${state}`)
      yield* oauth.exchangeCode("code-from-redirect")
      const created = yield* client.contacts.create({ properties: { email: "oauth@example.com" } })
      yield* TestClock.adjust("31 minutes")
      expect((yield* client.contacts.get(created.id)).id).toBe(created.id)
      expect(yield* Sim.requests(sim, "hubspot", "POST /oauth/v1/token")).toBe(2)
    }))

  describe("faults", () => {
    it.scoped("refreshes the OAuth token once on a 401 and repeats the call", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "hubspot", route: GET, status: 401, times: 1 }])
        const client = yield* Sim.client(HubSpotClient.make({
          oauth: {
            clientId: "client-simulated",
            clientSecret: Redacted.make("secret-simulated"),
            redirectUri: "https://app.example.com/oauth/callback",
            tokenBaseUrl: sim.baseUrl("hubspot")
          },
          baseUrl: sim.baseUrl("hubspot"),
          policy: Sim.policy
        }))
        yield* Option.getOrThrow(client.oauth).exchangeCode("code-from-redirect")
        const created = yield* client.contacts.create({ properties: { email: "oauth@example.com" } })
        expect((yield* Sim.drive(client.contacts.get(created.id))).id).toBe(created.id)
        expect(yield* Sim.requests(sim, "hubspot", "POST /oauth/v1/token")).toBe(2)
        expect(yield* Sim.requests(sim, "hubspot", GET)).toBe(2)
      }))

    it.scoped("retries a transient 503 on a read and then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "hubspot", route: GET, status: 503, times: 2 }])
        const client = yield* hubspot(sim)
        const created = yield* client.contacts.create({ properties: { email: "a@example.com" } })
        expect((yield* Sim.drive(client.contacts.get(created.id))).id).toBe(created.id)
        expect(yield* Sim.requests(sim, "hubspot", GET)).toBe(3)
      }))

    it.scoped("waits the Retry-After of a 429 before retrying, even a create", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "hubspot", route: CONTACTS, status: 429, retryAfterSeconds: 3, times: 1 }])
        const client = yield* hubspot(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.contacts.create({ properties: { email: "a@example.com" } }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(3_000)
        const stats = yield* sim.stats
        expect(stats.requests[`hubspot ${CONTACTS}`]).toBe(2)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("does not repeat a create whose connection dropped after HubSpot acted (no idempotency keys)", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "hubspot", route: CONTACTS, times: 1 }])
        const client = yield* hubspot(sim)
        Sim.expectError(yield* Sim.failure(Sim.drive(client.contacts.create({ properties: { email: "a@example.com" } }))), {
          reason: "Transport"
        }, TOKEN)
        const stats = yield* sim.stats
        expect(stats.requests[`hubspot ${CONTACTS}`]).toBe(1)
        expect(stats.sideEffects).toHaveLength(1)
      }))

    it.scoped("reports a removed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "hubspot", route: SEARCH, op: "remove", path: "results", times: 1 },
          { kind: "malformed", vendor: "hubspot", route: GET, times: 1 }
        ])
        const client = yield* hubspot(sim)
        Sim.expectError(yield* Sim.failure(client.contacts.search({})), { reason: "ResponseDrift", status: 200 }, TOKEN)
        const created = yield* client.contacts.create({ properties: { email: "a@example.com" } })
        Sim.expectError(yield* Sim.failure(client.contacts.get(created.id)), { reason: "ResponseDrift", status: 200 }, TOKEN)
      }))

    it.scoped("opens the circuit during an outage, fails fast, then recovers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "hubspot", fromMs: 0, toMs: 60_000 }])
        const client = yield* hubspot(sim)
        const errors: Array<string> = []
        for (let i = 0; i < 6; i++) errors.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(errors).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        const seen = yield* Sim.requests(sim, "hubspot", CONTACTS)
        Sim.expectError(yield* Sim.failure(client.contacts.create({ properties: { email: "a@example.com" } })), { reason: "CircuitOpen" })
        expect(yield* Sim.requests(sim, "hubspot", CONTACTS)).toBe(seen)
        yield* TestClock.adjust("2 minutes")
        expect((yield* client.contacts.create({ properties: { email: "a@example.com" } })).properties.email).toBe("a@example.com")
      }))
  })
})
