import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ExploriumClient from "../../../src/vendors/explorium/ExploriumClient.js"
import * as Sim from "./support.js"

const API_KEY = "expl_simulated_4kQz9XvB2m"
const BULK = "POST /v1/businesses/firmographics/bulk_enrich"
const ACME = "5e0c1f1c1a0d0b0f0e0a0c0d0b0a0908"

const explorium = (sim: Sim.Simulator, options: Partial<ExploriumClient.Options> = {}) =>
  Sim.client(ExploriumClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("explorium"), policy: Sim.policy, ...options }))

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("ExploriumClient against the simulator", () => {
  it.scoped("runs every operation: match, fetch, enrich, bulk enrich, events, webhooks, credits, health", () =>
    Sim.drive(Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* explorium(sim)
      const matched = yield* client.businesses.match([{ domain: "acme.dev" }, { name: "Nobody Inc" }, { url: "https://www.globex.com/about" }])
      expect(matched.succeeded.map((s) => s.index)).toEqual([0, 2])
      expect(matched.failed).toEqual([{ index: 1, error: { _tag: "NotMatched", errorType: "not_found" } }])
      const [acme, globex] = matched.succeeded.map((s) => s.value)
      const businesses = yield* collect(client.businesses.fetch({ size: 5, pageSize: 2 }))
      expect(businesses.map((b) => b.name)).toEqual(["Acme", "Globex", "Initech", "Umbrella", "Hooli"])
      expect(yield* Sim.requests(sim, "explorium", "POST /v1/businesses")).toBe(3)
      expect((yield* client.businesses.enrich(acme!))?.name).toBe("Acme")
      const bulk = yield* client.businesses.bulkEnrich([globex!, ACME, acme!])
      expect(bulk.succeeded.map((s) => [s.index, s.value.name])).toEqual([[0, "Globex"], [2, "Acme"]])
      expect(bulk.failed).toEqual([{ index: 1, error: { _tag: "NotFound" } }])

      const people = yield* client.prospects.match([{ email: "ada@acme.dev" }, { full_name: "Bob Globexson", company_name: "Globex" }])
      expect(people.succeeded.map((s) => s.index)).toEqual([0, 1])
      const prospects = yield* collect(client.prospects.fetch({ size: 3, pageSize: 2 }))
      expect(prospects).toHaveLength(3)
      expect((yield* client.prospects.enrich(people.succeeded[0]!.value))?.professions_email).toBe("ada@acme.dev")
      const contacts = yield* client.prospects.bulkEnrich(people.succeeded.map((s) => s.value))
      expect(contacts.succeeded.map((s) => s.value.professions_email)).toEqual(["ada@acme.dev", "bob@globex.com"])

      const events = yield* client.events.businesses({ event_types: ["new_funding_round"], business_ids: [acme!] })
      expect(events.output_events?.map((e) => e.business_id)).toEqual([acme])
      const hook = yield* client.webhooks.create({ partner_id: "partner-1", webhook_url: "https://hooks.acme.dev/explorium" })
      expect(Redacted.value(hook.webhook_secret)).toMatch(/^whsec_/)
      expect(String(hook.webhook_secret)).not.toContain("whsec_")
      expect((yield* client.webhooks.get("partner-1")).webhook_url).toBe("https://hooks.acme.dev/explorium")
      yield* client.webhooks.delete("partner-1")
      Sim.expectError(yield* Sim.failure(client.webhooks.get("partner-1")), { reason: "NotFound", status: 404 }, API_KEY)
      const credits = yield* client.credits.get()
      // Six records enriched, a credit each: one business, then two of three (one id is unknown), one prospect, then two.
      expect(credits.remaining_credits).toBe(1000 - 6)
      yield* client.healthCheck
    })))

  describe("faults", () => {
    it.scoped("a bulk enrichment keeps every record: a failed batch marks its records failed, the others succeed", () =>
      Sim.drive(Effect.gen(function*() {
        // The first batch of 50 fails for good (503 four times: every attempt), the second succeeds.
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "explorium", route: BULK, status: 503, times: 4 }])
        const client = yield* explorium(sim)
        const ids = [...Array.from({ length: 50 }, (_, i) => i.toString(16).padStart(32, "0")), (yield* client.businesses.match([{ domain: "acme.dev" }])).succeeded[0]!.value]
        const result = yield* client.businesses.bulkEnrich(ids)
        expect(result.failed).toHaveLength(50)
        expect(result.failed.every((f) => f.error._tag === "Failed" && f.error.error.reason === "Server")).toBe(true)
        expect(result.succeeded.map((s) => [s.index, s.value.name])).toEqual([[50, "Acme"]])
        expect(yield* Sim.requests(sim, "explorium", BULK)).toBe(5)
      })))

    it.scoped("retries a 429 after its Retry-After and a dropped connection on a read", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "explorium", route: "POST /v1/businesses/match", status: 429, retryAfterSeconds: 7, times: 1 },
          { kind: "reset", vendor: "explorium", route: "GET /v1/credits", times: 1 }
        ])
        const client = yield* explorium(sim)
        const started = yield* Clock.currentTimeMillis
        expect((yield* client.businesses.match([{ domain: "acme.dev" }])).succeeded).toHaveLength(1)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(7_000)
        expect((yield* client.credits.get()).allocated_credits).toBe(1000)
        expect(yield* Sim.requests(sim, "explorium", "GET /v1/credits")).toBe(2)
      })))

    it.scoped("does not retry a 422 or a 401, nor a webhook registration after a 503", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "explorium", route: "POST /v1/prospects/match", status: 422, times: 1 },
          { kind: "status", vendor: "explorium", route: "POST /v1/webhooks", status: 503, times: 1 }
        ])
        const client = yield* explorium(sim)
        const invalid = yield* client.prospects.match([{ email: "ada@acme.dev" }])
        expect(invalid.failed.map((f) => f.error._tag === "Failed" && f.error.error.reason)).toEqual(["InvalidRequest"])
        expect(yield* Sim.requests(sim, "explorium", "POST /v1/prospects/match")).toBe(1)
        const hook = yield* Sim.failure(client.webhooks.create({ partner_id: "p", webhook_url: "https://h.dev/x" }))
        Sim.expectError(hook, { reason: "Server", status: 503 }, API_KEY)
        expect(yield* Sim.requests(sim, "explorium", "POST /v1/webhooks")).toBe(1)
        const wrong = yield* Sim.client(ExploriumClient.make({ apiKey: Redacted.make("short"), baseUrl: sim.baseUrl("explorium"), policy: Sim.policy }))
        Sim.expectError(yield* Sim.failure(wrong.credits.get()), { reason: "Unauthorized", status: 401 }, "short")
      })))

    it.scoped("paces 230 calls to 200 per minute: the simulator never answers 429", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* explorium(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Effect.forEach(Array.from({ length: 230 }), () => client.credits.get(), { concurrency: 10 })
        expect((yield* sim.stats).faults.rateLimit ?? 0).toBe(0)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(60_000)
      }), "5 minutes"))

    it.scoped("reports drift in a fetch page as ResponseDrift", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "explorium", route: "POST /v1/businesses", op: "remove", path: "data.business_id", times: 1 }
        ])
        const client = yield* explorium(sim)
        Sim.expectError(yield* Sim.failure(collect(client.businesses.fetch({ size: 2 }))), { reason: "ResponseDrift", status: 200 }, API_KEY)
      })))
  })
})
