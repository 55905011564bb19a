import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ApolloClient from "../../../src/vendors/apollo/ApolloClient.js"
import * as ApolloError from "../../../src/vendors/apollo/ApolloError.js"
import * as Sim from "./support.js"

const KEY = "apollo_sim_key_Zq81mXc4"

const apollo = (sim: Sim.Simulator) =>
  Sim.client(ApolloClient.make({ apiKey: Redacted.make(KEY), baseUrl: sim.baseUrl("apollo"), policy: Sim.policy }))

describe("ApolloClient against the simulator", () => {
  it.scoped("matches a person, bulk matches with an outcome per record, enriches an organization, passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* apollo(sim)
      const person = yield* client.people.match({ email: "person3@apollo.io" })
      expect(Option.map(person, (p) => [p.name, p.email])).toEqual(Option.some(["person3 apollo", "person3@apollo.io"]))
      expect(yield* client.people.match({ email: "nobody@apollo.io" })).toEqual(Option.none())
      // 12 records: two calls (10 + 2); misses and matches by input index.
      const identities = Array.from({ length: 12 }, (_, i) => ({ email: i % 4 === 3 ? `ghost${i}@acme.dev` : `person${i}@acme.dev` }))
      const bulk = yield* client.people.bulkMatch(identities)
      expect(bulk.succeeded.map((s) => s.index)).toEqual([0, 1, 2, 4, 5, 6, 8, 9, 10])
      expect(bulk.succeeded.every((s) => s.value.email === `person${s.index}@acme.dev`)).toBe(true)
      expect(bulk.failed.map((f) => [f.index, f.error.reason])).toEqual([[3, "NotFound"], [7, "NotFound"], [11, "NotFound"]])
      expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/people/bulk_match")).toBe(2)
      const org = yield* client.organizations.enrich("acme.dev")
      expect(Option.map(org, (o) => o.name)).toEqual(Option.some("Acme"))
      expect(yield* client.organizations.enrich("unknown.dev")).toEqual(Option.none())
      yield* client.healthCheck
    }))

  it.scoped("searches people as a stream over pages, stopping at the total", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* apollo(sim)
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.people.search({ q_organization_domains_list: ["apollo.io"] }, { perPage: 50 })))
      expect(all).toHaveLength(130)
      expect(new Set(all.map((p) => p.id)).size).toBe(130)
      expect(all.every((p) => p.email === null)).toBe(true)
      expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/mixed_people/api_search")).toBe(3)
      const directors = yield* Stream.runCollect(client.people.search({ person_seniorities: ["director"], q_organization_domains_list: ["acme.dev"] }))
      expect(Chunk.size(directors)).toBe(5)
    }))

  describe("the audit's demands", () => {
    it.scoped("validates input before any I/O: no request, no credit", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* apollo(sim)
        Sim.expectError(yield* Sim.failure(client.people.match({ first_name: "Tim" })), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.people.match({ email: "not-an-email" })), { reason: "InvalidRequest" })
        Sim.expectError(
          yield* Sim.failure(client.people.match({ email: "a@b.co" }, { reveal: { reveal_phone_number: true } })),
          { reason: "InvalidRequest" }
        )
        const bad = yield* Sim.failure(client.people.bulkMatch([{ email: "person1@acme.dev" }, { name: "Only A Name" }]))
        Sim.expectError(bad, { reason: "InvalidRequest" })
        expect(bad.message).not.toContain("person1@acme.dev")
        Sim.expectError(yield* Sim.failure(client.organizations.enrich("https://www.acme.dev")), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(Stream.runDrain(client.people.search({}, { perPage: 101 }))), { reason: "InvalidRequest" })
        const total = Object.values((yield* sim.stats).requests).reduce((a, b) => a + b, 0)
        expect(total).toBe(0)
      }))

    it.scoped("does not retry a 4xx: a wrong key is one request, Unauthorized, the key in no error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([], { keys: { apollo: ["another-key"] } })
        const client = yield* apollo(sim)
        const error = yield* Sim.failure(Sim.drive(client.people.match({ email: "person1@acme.dev" })))
        Sim.expectError(error, { reason: "Unauthorized", status: 401 }, KEY)
        expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/people/match")).toBe(1)
        const forbidden = yield* Sim.simulator([{ kind: "status", vendor: "apollo", route: "GET /api/v1/organizations/enrich", status: 403, times: 1 }])
        const other = yield* apollo(forbidden)
        const denied = yield* Sim.failure(Sim.drive(other.organizations.enrich("acme.dev")))
        Sim.expectError(denied, { reason: "Forbidden", status: 403 }, KEY)
        expect(ApolloError.details(denied).error_code).toBe("API_INACCESSIBLE")
        expect(yield* Sim.requests(forbidden, "apollo", "GET /api/v1/organizations/enrich")).toBe(1)
      }))

    it.scoped("honours the rate limit: a 429 of the minute window is waited out until the window ends, then retried", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "rateLimit", vendor: "apollo", limit: 2, windowMs: 60_000 }])
        const client = yield* apollo(sim)
        yield* client.people.match({ email: "person1@acme.dev" })
        yield* client.people.match({ email: "person2@acme.dev" })
        const started = yield* Clock.currentTimeMillis
        const third = yield* Sim.drive(client.people.match({ email: "person3@acme.dev" }))
        expect(Option.isSome(third)).toBe(true)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(59_000)
        expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/people/match")).toBe(4)
      }))

    it.scoped("retries a 503 on a match and a search page (they change nothing at Apollo)", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "apollo", route: "POST /api/v1/people/match", status: 503, times: 2 },
          { kind: "status", vendor: "apollo", route: "POST /api/v1/mixed_people/api_search", status: 502, times: 1 }
        ])
        const client = yield* apollo(sim)
        expect(Option.isSome(yield* Sim.drive(client.people.match({ email: "person1@acme.dev" })))).toBe(true)
        expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/people/match")).toBe(3)
        const page = yield* Sim.drive(client.people.searchPage({ page: 1, per_page: 5 }))
        expect(page.people).toHaveLength(5)
      }))

    it.scoped("a bulk call that fails as a whole fails only its own records, by index", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "apollo", route: "POST /api/v1/people/bulk_match", status: 422, times: 1 }])
        const client = yield* apollo(sim)
        const identities = Array.from({ length: 11 }, (_, i) => ({ email: `person${i}@acme.dev` }))
        const result = yield* client.people.bulkMatch(identities)
        expect(result.failed.map((f) => [f.index, f.error.reason])).toEqual(Array.from({ length: 10 }, (_, i) => [i, "InvalidRequest"]))
        expect(result.succeeded.map((s) => s.index)).toEqual([10])
        expect(yield* Sim.requests(sim, "apollo", "POST /api/v1/people/bulk_match")).toBe(2)
      }))

    it.scoped("reports drift in a bulk answer for its records instead of guessing", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "apollo", route: "POST /api/v1/people/bulk_match", op: "remove", path: "matches", times: 1 }
        ])
        const client = yield* apollo(sim)
        const error = yield* Sim.failure(client.people.bulkMatch([{ email: "person1@acme.dev" }]).pipe(
          Effect.flatMap((result) => (result.failed.length > 0 ? Effect.fail(result.failed[0]!.error) : Effect.succeed(result)))
        ))
        Sim.expectError(error, { reason: "ResponseDrift", status: 200 }, KEY)
      }))
  })
})
