import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as OutboxSigning from "../../src/outbox/OutboxSigning.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as Stores from "./support/Stores.js"

const claimOptions = (worker: string, extra: Partial<OutboxStore.ClaimOptions> = {}): OutboxStore.ClaimOptions => ({
  worker,
  limit: 10,
  leaseMillis: 30_000,
  perEndpoint: 10,
  breakerThreshold: 5,
  ...extra
})

const record = (
  claimed: OutboxStore.ClaimedDelivery,
  worker: string,
  next: OutboxStore.Next,
  at: number
): OutboxStore.AttemptRecord => ({
  deliveryId: claimed.id,
  endpointId: claimed.endpointId,
  worker,
  attempt: claimed.attempt,
  startedAt: at,
  finishedAt: at,
  status: next._tag === "Delivered" ? 200 : 500,
  result: next._tag === "Delivered" ? "success" : "http_error",
  error: next._tag === "Delivered" ? undefined : "HTTP 500",
  next,
  endpointEffect: next._tag === "Delivered" ? "success" : "failure"
})

const noChange = () => ({})

/** The same suite runs on every store. */
const storeSuite = (kind: Stores.Kind) =>
  describe(`OutboxStore (${kind})`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
      Effect.provide(effect, Stores.layerFor(kind))

    it.effect("enqueue commits with the business change and disappears with its rollback", () =>
      run(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE orders (id TEXT PRIMARY KEY)`
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        const failed = yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql`INSERT INTO orders (id) VALUES ('o_1')`
          yield* Outbox.enqueue({ id: "msg_rolled_back", type: "order.created", payload: { id: "o_1" } })
          return yield* Effect.fail("business rule violated" as const)
        })).pipe(Effect.flip)
        expect(failed).toBe("business rule violated")
        expect(yield* Effect.flip(Outbox.getMessage("msg_rolled_back"))).toMatchObject({ reason: "NotFound" })
        expect(yield* sql`SELECT id FROM orders`).toHaveLength(0)
        expect(yield* Outbox.listDeliveries()).toHaveLength(0)

        yield* sql.withTransaction(Effect.gen(function*() {
          yield* sql`INSERT INTO orders (id) VALUES ('o_2')`
          yield* Outbox.enqueue({ id: "msg_committed", type: "order.created", payload: { id: "o_2" } })
        }))
        const message = yield* Outbox.getMessage("msg_committed")
        expect(JSON.parse(message.payload)).toEqual({ id: "o_2" })
        expect(yield* Outbox.listDeliveries({ messageId: "msg_committed" })).toHaveLength(1)
      })))

    it.effect("enqueueing the same message id twice records one message and one set of deliveries", () =>
      run(Effect.gen(function*() {
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        const first = yield* Outbox.enqueue({ id: "msg_same", type: "a", payload: { n: 1 } })
        const second = yield* Outbox.enqueue({ id: "msg_same", type: "a", payload: { n: 2 } })
        expect(first).toEqual({ messageId: "msg_same", created: true, deliveries: 1 })
        expect(second).toEqual({ messageId: "msg_same", created: false, deliveries: 0 })
        expect(JSON.parse((yield* Outbox.getMessage("msg_same")).payload)).toEqual({ n: 1 })
        expect(yield* Outbox.listDeliveries()).toHaveLength(1)
      })))

    it.effect("fans out by event type filter and skips disabled endpoints", () =>
      run(Effect.gen(function*() {
        yield* Outbox.createEndpoint({ id: "ep_all", url: "http://127.0.0.1:1/all" })
        yield* Outbox.createEndpoint({ id: "ep_invoices", url: "http://127.0.0.1:1/inv", eventTypes: ["invoice.*"] })
        yield* Outbox.createEndpoint({ id: "ep_exact", url: "http://127.0.0.1:1/exact", eventTypes: ["order.paid"] })
        yield* Outbox.createEndpoint({ id: "ep_off", url: "http://127.0.0.1:1/off" })
        yield* Outbox.disableEndpoint("ep_off", "maintenance")
        yield* Outbox.enqueue({ id: "m1", type: "invoice.paid", payload: {} })
        yield* Outbox.enqueue({ id: "m2", type: "order.paid", payload: {} })
        yield* Outbox.enqueue({ id: "m3", type: "order.paid", payload: {}, endpointIds: ["ep_exact"] })
        const targets = (id: string) =>
          Effect.map(Outbox.listDeliveries({ messageId: id }), (ds) => ds.map((d) => d.endpointId).sort())
        expect(yield* targets("m1")).toEqual(["ep_all", "ep_invoices"])
        expect(yield* targets("m2")).toEqual(["ep_all", "ep_exact"])
        expect(yield* targets("m3")).toEqual(["ep_exact"])
      })))

    it.effect("rejects endpoints with a bad URL or secret and payloads that are not JSON", () =>
      run(Effect.gen(function*() {
        const badUrl = yield* Effect.flip(Outbox.createEndpoint({ url: "ftp://example.com/x" }))
        expect(badUrl).toMatchObject({ _tag: "OutboxError", reason: "InvalidInput", entity: "endpoint" })
        const badSecret = yield* Effect.flip(
          Outbox.createEndpoint({ url: "https://example.com/x", secret: Redacted.make("whsec_c2hvcnQ=") })
        )
        expect(badSecret).toMatchObject({ _tag: "OutboxError", reason: "InvalidInput" })
        expect(badSecret.message).not.toContain("c2hvcnQ")
        const badPayload = yield* Effect.flip(Outbox.enqueue({ type: "a", payload: { n: 1n } }))
        expect(badPayload).toMatchObject({ reason: "InvalidInput", entity: "message" })
      })))

    it.effect("a leased delivery is not claimed again until the lease expires, then another worker takes over", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        const [first] = yield* store.claim(claimOptions("worker-a"))
        expect(first).toMatchObject({ messageId: "m1", attempt: 1, cycleAttempt: 1 })
        expect(yield* store.claim(claimOptions("worker-b"))).toHaveLength(0)
        yield* TestClock.adjust(Duration.seconds(29))
        expect(yield* store.claim(claimOptions("worker-b"))).toHaveLength(0)
        yield* TestClock.adjust(Duration.seconds(1))
        const [second] = yield* store.claim(claimOptions("worker-b"))
        expect(second).toMatchObject({ id: first!.id, attempt: 2 })
        expect((yield* Outbox.getDelivery(first!.id)).leaseOwner).toBe("worker-b")

        // worker-a's late result is logged but no longer decides the delivery's state.
        const late = yield* store.recordAttempt(record(first!, "worker-a", { _tag: "Dead" }, 30_000), noChange)
        expect(late.applied).toBe(false)
        expect((yield* Outbox.getDelivery(first!.id)).state).toBe("delivering")
        const done = yield* store.recordAttempt(record(second!, "worker-b", { _tag: "Delivered" }, 30_001), noChange)
        expect(done.applied).toBe(true)
        const delivery = yield* Outbox.getDelivery(first!.id)
        expect(delivery).toMatchObject({ state: "delivered", attempts: 2, leaseOwner: undefined, lastStatus: 200 })
        expect((yield* Outbox.listAttempts(first!.id)).map((a) => [a.attempt, a.worker, a.result])).toEqual([
          [1, "worker-a", "http_error"],
          [2, "worker-b", "success"]
        ])
      })))

    it.effect("records a batch of successes in one go, applying only those whose lease is still the worker's", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        const sql = yield* SqlClient.SqlClient
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        for (const id of ["m1", "m2", "m3"]) yield* Outbox.enqueue({ id, type: "a", payload: {} })
        const claimed = yield* store.claim(claimOptions("w"))
        expect(claimed).toHaveLength(3)
        yield* sql`UPDATE outbox_deliveries SET lease_owner = 'successor' WHERE id = ${claimed[2]!.id}`
        const applied = yield* store.recordDelivered(
          claimed.map((c, i) => ({ ...record(c, "w", { _tag: "Delivered" }, 100 + i), status: i === 0 ? 200 : 204 }))
        )
        expect([...applied].sort()).toEqual([claimed[0]!.id, claimed[1]!.id].sort())
        expect(yield* Outbox.getDelivery(claimed[1]!.id)).toMatchObject({ state: "delivered", lastStatus: 204 })
        expect((yield* Outbox.getDelivery(claimed[2]!.id)).state).toBe("delivering")
        for (const c of claimed) expect(yield* Outbox.listAttempts(c.id)).toHaveLength(1)
      })))

    it.effect("a claim given back untried is due again at once and does not count as an attempt", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        const [claimed] = yield* store.claim(claimOptions("w"))
        expect(claimed!.leaseUntil).toBe(30_000)
        expect(yield* store.release([claimed!.id], "someone-else")).toBe(0)
        expect(yield* store.release([claimed!.id], "w")).toBe(1)
        expect(yield* Outbox.getDelivery(claimed!.id)).toMatchObject({ state: "pending", attempts: 0, cycleAttempts: 0 })
        const [again] = yield* store.claim(claimOptions("w2"))
        expect(again).toMatchObject({ id: claimed!.id, attempt: 1 })
      })))

    it.effect("a failed attempt waits for its retry time and the endpoint counts the failure", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        const [claimed] = yield* store.claim(claimOptions("w"))
        const outcome = yield* store.recordAttempt(
          record(claimed!, "w", { _tag: "Retry", at: 5_000 }, 0),
          (health) => ({ openUntil: health.consecutiveFailures >= 1 ? 60_000 : undefined })
        )
        expect(outcome.health).toMatchObject({ consecutiveFailures: 1, failingSince: 0, enabled: true })
        expect(yield* Outbox.getDelivery(claimed!.id)).toMatchObject({
          state: "failed-retrying",
          nextAttemptAt: 5_000,
          lastStatus: 500,
          lastError: "HTTP 500"
        })
        expect((yield* Outbox.getEndpoint("ep_1")).openUntil).toBe(60_000)
        // Due at 5 s, but the endpoint's breaker is open until 60 s.
        yield* TestClock.adjust(Duration.seconds(5))
        expect(yield* store.claim(claimOptions("w"))).toHaveLength(0)
        yield* TestClock.adjust(Duration.seconds(55))
        expect(yield* store.claim(claimOptions("w"))).toHaveLength(1)
      })))

    it.effect("claims respect the per-endpoint limit over workers and let one probe through a half-open breaker", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        const sql = yield* SqlClient.SqlClient
        yield* Outbox.createEndpoint({ id: "ep_busy", url: "http://127.0.0.1:1/busy" })
        yield* Outbox.createEndpoint({ id: "ep_quiet", url: "http://127.0.0.1:1/quiet" })
        for (let i = 0; i < 6; i++) yield* Outbox.enqueue({ id: `busy_${i}`, type: "a", payload: {}, endpointIds: ["ep_busy"] })
        yield* Outbox.enqueue({ id: "quiet_0", type: "a", payload: {}, endpointIds: ["ep_quiet"] })
        const a = yield* store.claim(claimOptions("a", { perEndpoint: 2, limit: 10 }))
        const b = yield* store.claim(claimOptions("b", { perEndpoint: 2, limit: 10 }))
        expect(a.filter((c) => c.endpointId === "ep_busy")).toHaveLength(2)
        expect(a.filter((c) => c.endpointId === "ep_quiet")).toHaveLength(1)
        expect(b).toHaveLength(0)

        // Past the threshold and open period: half-open, one delivery at a time.
        yield* TestClock.adjust(Duration.seconds(31))
        yield* sql`UPDATE outbox_endpoints SET consecutive_failures = 7, open_until = 1000 WHERE id = 'ep_busy'`
        const probe = yield* store.claim(claimOptions("c", { perEndpoint: 4, limit: 10, breakerThreshold: 5 }))
        expect(probe.filter((c) => c.endpointId === "ep_busy")).toHaveLength(1)
        expect(yield* store.claim(claimOptions("d", { perEndpoint: 4, limit: 10, breakerThreshold: 5 }))).toHaveLength(0)
      })))

    it.effect("concurrent claims by several workers never hand out the same delivery", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        for (const ep of ["e1", "e2", "e3"]) yield* Outbox.createEndpoint({ id: ep, url: `http://127.0.0.1:1/${ep}` })
        yield* Effect.forEach(Array.from({ length: 40 }, (_, i) => i), (i) => Outbox.enqueue({ id: `m${i}`, type: "a", payload: { i } }))
        const claims = yield* Effect.forEach(
          ["w1", "w2", "w3", "w4"],
          (worker) => store.claim(claimOptions(worker, { limit: 50, perEndpoint: 100 })),
          { concurrency: "unbounded" }
        )
        const ids = claims.flat().map((c) => c.id)
        expect(new Set(ids).size).toBe(ids.length)
        // Under contention a claim may come back short (rows another worker holds are skipped); nothing is lost.
        const rest = yield* store.claim(claimOptions("w5", { limit: 200, perEndpoint: 200 }))
        const all = [...ids, ...rest.map((c) => c.id)]
        expect(new Set(all).size).toBe(120)
        expect(all).toHaveLength(120)
      })))

    it.effect("replays dead deliveries with a new attempt cycle and counts every state", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.createEndpoint({ id: "ep_2", url: "http://127.0.0.1:1/other" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        yield* TestClock.adjust(Duration.seconds(10))
        const claimed = yield* store.claim(claimOptions("w"))
        const [dead, delivered] = [claimed.find((c) => c.endpointId === "ep_1")!, claimed.find((c) => c.endpointId === "ep_2")!]
        yield* store.recordAttempt(record(dead, "w", { _tag: "Dead" }, 10_000), noChange)
        yield* store.recordAttempt(record(delivered, "w", { _tag: "Delivered" }, 10_000), noChange)
        yield* Outbox.enqueue({ id: "m2", type: "a", payload: {}, endpointIds: ["ep_1"] })
        yield* TestClock.adjust(Duration.seconds(5))
        expect(yield* Outbox.stats).toMatchObject({
          pending: 1,
          delivered: 1,
          dead: 1,
          queueDepth: 1,
          oldestPendingAgeMillis: 5_000,
          endpoints: 2,
          endpointsDisabled: 0
        })
        expect((yield* Outbox.listDead()).map((d) => d.id)).toEqual([dead.id])
        expect(yield* Effect.flip(Outbox.replay(delivered.id))).toMatchObject({ reason: "NotFound" })
        yield* Outbox.replay(dead.id)
        expect(yield* Outbox.getDelivery(dead.id)).toMatchObject({ state: "pending", cycleAttempts: 0, attempts: 1 })
        const again = (yield* store.claim(claimOptions("w"))).find((c) => c.id === dead.id)
        expect(again).toMatchObject({ id: dead.id, attempt: 2, cycleAttempt: 1 })
        expect(yield* Outbox.replayDead()).toBe(0)
      })))

    it.effect("a rotated secret signs alongside the new one until it expires", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        const oldSecret = OutboxSigning.generateSecret()
        const newSecret = OutboxSigning.generateSecret()
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook", secret: oldSecret })
        yield* Outbox.rotateSecret("ep_1", { secret: newSecret, previousValidFor: "1 hour" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        yield* Outbox.enqueue({ id: "m2", type: "a", payload: {} })
        const [first] = yield* store.claim(claimOptions("w", { limit: 1 }))
        expect(first!.secrets.map(Redacted.value)).toEqual([Redacted.value(oldSecret), Redacted.value(newSecret)])
        yield* TestClock.adjust(Duration.hours(1))
        const [second] = yield* store.claim(claimOptions("w", { limit: 1 }))
        expect(second!.secrets.map(Redacted.value)).toEqual([Redacted.value(newSecret)])
      })))

    it.effect("re-enabling an endpoint resets its breaker and resumes its queued deliveries", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        const [claimed] = yield* store.claim(claimOptions("w"))
        yield* store.recordAttempt(record(claimed!, "w", { _tag: "Retry", at: 0 }, 0), () => ({
          disableReason: "endpoint answered 410 Gone"
        }))
        expect(yield* Outbox.getEndpoint("ep_1")).toMatchObject({
          enabled: false,
          disabledReason: "endpoint answered 410 Gone",
          consecutiveFailures: 1
        })
        expect(yield* store.claim(claimOptions("w"))).toHaveLength(0)
        yield* Outbox.enableEndpoint("ep_1")
        expect(yield* Outbox.getEndpoint("ep_1")).toMatchObject({ enabled: true, consecutiveFailures: 0, failingSince: undefined })
        expect(yield* store.claim(claimOptions("w"))).toHaveLength(1)
      })))

    it.effect("prunes old delivered deliveries and their messages, keeping the queue", () =>
      run(Effect.gen(function*() {
        const store = yield* OutboxStore.OutboxStore
        yield* Outbox.createEndpoint({ id: "ep_1", url: "http://127.0.0.1:1/hook" })
        yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
        const [claimed] = yield* store.claim(claimOptions("w"))
        yield* store.recordAttempt(record(claimed!, "w", { _tag: "Delivered" }, 0), noChange)
        yield* Outbox.enqueue({ id: "m2", type: "a", payload: {} })
        yield* TestClock.adjust(Duration.days(8))
        expect(yield* Outbox.prune(Duration.days(7))).toBe(1)
        expect(yield* Effect.flip(Outbox.getMessage("m1"))).toMatchObject({ reason: "NotFound" })
        expect(yield* Outbox.listDeliveries()).toHaveLength(1)
        expect(yield* Outbox.listAttempts(claimed!.id)).toHaveLength(0)
      })))
  })

for (const kind of Stores.kinds) storeSuite(kind)
