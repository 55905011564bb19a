import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as RateLimiter from "../../../src/core/RateLimiter.js"
import * as LemlistClient from "../../../src/vendors/lemlist/LemlistClient.js"
import * as LemlistError from "../../../src/vendors/lemlist/LemlistError.js"
import * as Sim from "./support.js"

const API_KEY = "lemlist_simulated_Xk42pQ9vRt"
const GET_CAMPAIGN = "GET /api/campaigns/{campaignId}"
const LEADS = "POST /api/campaigns/{campaignId}/leads/"

const lemlist = (sim: Sim.Simulator, options: Partial<LemlistClient.Options> = {}) =>
  Sim.client(LemlistClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("lemlist"), policy: Sim.policy, ...options }))

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("LemlistClient against the simulator", () => {
  it.scoped("runs every operation: campaigns, campaign leads, leads by e-mail, activities, hooks, health", () =>
    Sim.drive(Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* lemlist(sim)
      const created = yield* client.campaigns.create({ name: "Launch", timezone: "Europe/Paris" })
      const campaignId = created._id!
      for (const name of ["Second", "Third"]) yield* client.campaigns.create({ name })
      const all = yield* collect(client.campaigns.list({ pageSize: 2 }))
      expect(all.map((c) => c.name)).toEqual(["Launch", "Second", "Third"])
      // Three campaigns two at a time: a full page, a short one.
      expect(yield* Sim.requests(sim, "lemlist", "GET /api/campaigns")).toBe(2)
      expect((yield* client.campaigns.get(campaignId)).status).toBe("draft")
      expect((yield* client.campaigns.start(campaignId)).state).toBe("running")
      expect((yield* client.campaigns.pause(campaignId)).state).toBe("paused")

      const ada = yield* client.campaignLeads.add(campaignId, { email: "ada@example.com", firstName: "Ada", tier: "gold" })
      const bob = yield* client.campaignLeads.add(campaignId, { email: "bob@example.com" }, { deduplicate: true })
      expect((yield* client.campaignLeads.list(campaignId, { limit: 10 })).map((l) => l._id)).toEqual([ada._id, bob._id])
      const updated = yield* client.campaignLeads.update(campaignId, ada._id!, { lastName: "Lovelace" })
      expect(updated).toMatchObject({ lastName: "Lovelace", firstName: "Ada" })
      const found = yield* client.leads.getByEmail("ada@example.com")
      expect(found.map((l) => l.campaign?.id)).toEqual([campaignId])
      expect((yield* client.campaignLeads.unsubscribe(campaignId, "bob@example.com"))._id).toBe(bob._id)
      expect((yield* client.campaignLeads.delete(campaignId, ada._id!))._id).toBe(ada._id)

      const activities = yield* collect(client.activities.list({ campaignId, pageSize: 2 }))
      expect(activities.map((a) => a.type)).toEqual(["resumed", "paused", "contacted", "contacted", "emailsUnsubscribed"])

      const hook = yield* client.hooks.create({
        targetUrl: "https://hooks.acme.dev/lemlist",
        type: "emailsReplied",
        secret: Redacted.make("whsec-shared"),
        campaignId
      })
      expect((yield* client.hooks.list()).map((h) => [h._id, h.campaignId])).toEqual([[hook._id, campaignId]])
      expect((yield* client.hooks.delete(hook._id!))._id).toBe(hook._id)
      expect(yield* client.hooks.list()).toEqual([])
      yield* client.healthCheck

      const kinds = (yield* sim.stats).sideEffects.map((e) => e.kind)
      expect(kinds.filter((k) => k === "lead.added")).toHaveLength(2)
      expect(kinds).toContain("lead.deleted")
      expect(kinds).toContain("lead.unsubscribed")
    })))

  describe("faults", () => {
    it.scoped("retries a 503 on a read and gets the campaign", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "lemlist", route: GET_CAMPAIGN, status: 503, times: 2 }])
        const client = yield* lemlist(sim)
        const created = yield* client.campaigns.create({ name: "Retry" })
        expect((yield* Sim.drive(client.campaigns.get(created._id!))).name).toBe("Retry")
        expect(yield* Sim.requests(sim, "lemlist", GET_CAMPAIGN)).toBe(3)
      })))

    it.scoped("never retries a create after a 503 or a dropped connection: lemlist has no idempotency key", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "lemlist", route: "POST /api/campaigns", status: 503, times: 1 },
          { kind: "resetAfterCommit", vendor: "lemlist", route: "POST /api/hooks", times: 1 }
        ])
        const client = yield* lemlist(sim)
        Sim.expectError(yield* Sim.failure(Sim.drive(client.campaigns.create({ name: "Once" }))), { reason: "Server", status: 503 }, API_KEY)
        expect(yield* Sim.requests(sim, "lemlist", "POST /api/campaigns")).toBe(1)
        const dropped = yield* Sim.failure(Sim.drive(client.hooks.create({ targetUrl: "https://hooks.acme.dev/x" })))
        expect(dropped.reason).toBe("Transport")
        // lemlist registered it before the connection dropped: one hook, not two.
        expect(yield* Sim.requests(sim, "lemlist", "POST /api/hooks")).toBe(1)
        expect((yield* client.hooks.list()).length).toBe(1)
      })))

    it.scoped("retries a 429 on a create after its Retry-After: the lead is added once", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "lemlist", route: LEADS, status: 429, retryAfterSeconds: 3, times: 1 }])
        const client = yield* lemlist(sim)
        const campaign = yield* client.campaigns.create({ name: "Paced" })
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.campaignLeads.add(campaign._id!, { email: "ada@example.com" }))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(3_000)
        expect(yield* Sim.requests(sim, "lemlist", LEADS)).toBe(2)
        expect((yield* sim.stats).sideEffects.filter((e) => e.kind === "lead.added")).toHaveLength(1)
      })))

    it.scoped("does not retry a 4xx: 404 and 400 fail at once, a 500 'Lead in graveyard' too", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "lemlist", route: "POST /api/campaigns/{campaignId}/start", status: 400, message: "Bad team", times: 1 },
          {
            kind: "status",
            vendor: "lemlist",
            route: "PATCH /api/campaigns/{campaignId}/leads/{leadId}",
            status: 500,
            message: "Lead in graveyard",
            times: 1
          }
        ])
        const client = yield* lemlist(sim)
        const missing = yield* Sim.failure(client.campaigns.get("cam_doesNotExist0001"))
        Sim.expectError(missing, { reason: "NotFound", status: 404 }, API_KEY)
        expect(LemlistError.details(missing).code).toBe("campaign_not_found")
        expect(yield* Sim.requests(sim, "lemlist", GET_CAMPAIGN)).toBe(1)
        const campaign = yield* client.campaigns.create({ name: "Team" })
        const badTeam = yield* Sim.failure(client.campaigns.start(campaign._id!))
        expect([badTeam.reason, LemlistError.hasCode("bad_team")(badTeam)]).toEqual(["InvalidRequest", true])
        expect(yield* Sim.requests(sim, "lemlist", "POST /api/campaigns/{campaignId}/start")).toBe(1)
        const lead = yield* client.campaignLeads.add(campaign._id!, { email: "gone@example.com" })
        const graveyard = yield* Sim.failure(client.campaignLeads.update(campaign._id!, lead._id!, { firstName: "G" }))
        expect([graveyard.reason, graveyard.status, LemlistError.details(graveyard).code]).toEqual(["InvalidRequest", 500, "lead_in_graveyard"])
        expect(yield* Sim.requests(sim, "lemlist", "PATCH /api/campaigns/{campaignId}/leads/{leadId}")).toBe(1)
      })))

    it.scoped("paces 45 calls under lemlist's 20 per 2 s: the simulator never answers 429", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* lemlist(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(Effect.forEach(Array.from({ length: 45 }), () => client.hooks.list(), { concurrency: 5 }))
        expect((yield* sim.stats).faults.rateLimit ?? 0).toBe(0)
        expect(yield* Sim.requests(sim, "lemlist", "GET /api/hooks")).toBe(45)
        // 45 requests at 20 per 2.2 s need at least two further windows.
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(4_000)
      }))

    it.scoped("shares the quota between clients on one RateLimiterStore (as Redis shares it between processes)", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const store = yield* RateLimiter.makeMemoryStore
        const a = yield* lemlist(sim).pipe(Effect.provideService(RateLimiter.RateLimiterStore, store))
        const b = yield* lemlist(sim).pipe(Effect.provideService(RateLimiter.RateLimiterStore, store))
        yield* Sim.drive(Effect.all([
          Effect.forEach(Array.from({ length: 15 }), () => a.hooks.list()),
          Effect.forEach(Array.from({ length: 15 }), () => b.hooks.list())
        ], { concurrency: 2 }))
        // 30 requests: over one window's 20 together, under it each. Only a shared quota keeps lemlist from a 429.
        expect((yield* sim.stats).faults.rateLimit ?? 0).toBe(0)
        expect(yield* Sim.requests(sim, "lemlist", "GET /api/hooks")).toBe(30)
      }))

    it.scoped("without the default limiter, honours lemlist's 429 and its Retry-After, then succeeds", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* lemlist(sim, { rateLimit: false })
        const started = yield* Clock.currentTimeMillis
        const lists = yield* Sim.drive(Effect.forEach(Array.from({ length: 22 }), () => client.hooks.list()))
        expect(lists).toHaveLength(22)
        // The 21st request in the window is refused, and sent again once lemlist's Retry-After (2 s) has passed.
        expect((yield* sim.stats).faults.rateLimit).toBe(1)
        expect(yield* Sim.requests(sim, "lemlist", "GET /api/hooks")).toBe(23)
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(2_000)
      }))

    it.scoped("reports drift and unparseable JSON in a stream page as ResponseDrift", () =>
      Sim.drive(Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "lemlist", route: "GET /api/activities", op: "retype", path: "type", as: "object", times: 1 },
          { kind: "malformed", vendor: "lemlist", route: "GET /api/hooks", times: 1 }
        ])
        const client = yield* lemlist(sim)
        const campaign = yield* client.campaigns.create({ name: "Drift" })
        yield* client.campaigns.start(campaign._id!)
        Sim.expectError(yield* Sim.failure(collect(client.activities.list())), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(client.hooks.list()), { reason: "ResponseDrift", status: 200 }, API_KEY)
      })))

    it.scoped("a wrong key is Unauthorized and never sent twice", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([], { keys: { lemlist: [API_KEY] } })
        const client = yield* Sim.client(
          LemlistClient.make({ apiKey: Redacted.make("wrong-key-123456"), baseUrl: sim.baseUrl("lemlist"), policy: Sim.policy })
        )
        const error = yield* Sim.failure(client.healthCheck)
        Sim.expectError(error, { reason: "Unauthorized", status: 401 }, "wrong-key-123456")
        expect(LemlistError.details(error).code).toBe("invalid_api_key")
      }))
  })
})
