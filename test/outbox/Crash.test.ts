/**
 * Crash safety with real processes and real time: dispatcher processes are SIGKILLed while delivering, restarted, and
 * the receiver's log must show every message delivered, duplicates only under the same webhook-id, nothing lost.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodePath from "node:path"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as Progress from "../support/Progress.js"
import * as Processes from "./support/Processes.js"
import * as Stores from "./support/Stores.js"

/**
 * Waits last as long as deliveries keep reaching the receiver: only this long without a single request to it (a lease
 * of 4 s, an attempt timeout of 2 s and a longest retry delay of 2 s are the pauses it can legitimately take) fails.
 */
const STALL = "60 seconds"

/** Only a guard against a hang of the watchdog itself: how long a run takes depends on the machine. */
const HANG_GUARD_MILLIS = 3_600_000

const dispatcherOptions = {
  lease: "4 seconds",
  attemptTimeout: "2 seconds",
  pollInterval: "100 millis",
  gaugeInterval: "1 minute",
  concurrency: 8,
  perEndpointConcurrency: 8,
  schedule: ["100 millis", "200 millis", "500 millis", "1 second", "1 second", "2 seconds", "2 seconds", "2 seconds", "2 seconds"],
  // Timeouts on a loaded machine must not turn this into a breaker test.
  breakerThreshold: 1_000
}

/** A database the test process and the worker processes share: its URL (or path) and a store layer on it. */
const database = (kind: Stores.Kind) =>
  kind === "sqlite"
    ? Effect.map(Stores.tempDir, (dir) => {
      const file = NodePath.join(dir, "outbox.db")
      return { url: file, layer: OutboxStore.layerSqlite({ filename: file }) as Stores.StoreLayer }
    })
    : Effect.map(Stores.pgSchema, (schema) => {
      const url = Stores.urlWithSchema(schema)
      return { url, layer: OutboxStore.layerPg({ url }) as Stores.StoreLayer }
    })

const enqueueMany = (count: number) =>
  Effect.forEach(
    Array.from({ length: count / 200 }, (_, batch) => batch),
    (batch) =>
      Effect.flatMap(SqlClient.SqlClient, (sql) =>
        sql.withTransaction(Effect.forEach(
          Array.from({ length: 200 }, (_, i) => batch * 200 + i),
          (n) => Outbox.enqueue({ id: `msg_${n}`, type: "test.event", payload: { n } }),
          { discard: true }
        ))),
    { discard: true }
  )

const crashScenario = (kind: Stores.Kind) =>
  it.live(`${kind}: 20 SIGKILLs while delivering 2,000 messages lose nothing and duplicate only by webhook-id`, () =>
    Effect.gen(function*() {
      const db = yield* database(kind)
      const receiver = yield* Processes.receiver({ latencyMillis: [5, 25], failRate: 0.05 })
      const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
        Effect.provide(effect, db.layer)
      yield* run(Effect.gen(function*() {
        yield* Outbox.createEndpoint({ id: "receiver", url: `${receiver.url}/hook` })
        yield* enqueueMany(2_000)
      }))

      // Three processes run at any time: the oldest is killed at a random moment once it has been delivering, and a
      // fresh one starts. Start-up time then overlaps with delivery, and every kill lands on a busy process.
      const spawn = (id: string) => Processes.spawnWorker(db.url, id, { ...dispatcherOptions, userAgent: `crash/${id}` })
      const deliveredCount = () => new Set(receiver.hits.filter((h) => h.status === 200).map((h) => h.n)).size
      const watch: Progress.Watch = { progress: () => receiver.hits.length, stall: STALL, what: "requests to the receiver" }
      const pipeline = [
        { id: "w0", worker: yield* spawn("w0") },
        { id: "w1", worker: yield* spawn("w1") },
        { id: "w2", worker: yield* spawn("w2") }
      ]
      let kills = 0
      let killsWithWorkLeft = 0
      for (let i = 1; i <= 20; i++) {
        const oldest = pipeline.shift()!
        // However long its start-up takes, the oldest is killed only once it has been delivering (or all is delivered).
        yield* Progress.until(
          Effect.sync(() =>
            receiver.hits.some((h) => h.userAgent === `crash/${oldest.id}`) || deliveredCount() === 2_000
          ),
          watch
        )
        yield* Effect.sleep(`${Math.floor(Math.random() * 300)} millis`)
        expect(oldest.worker.child.exitCode, oldest.worker.stderr()).toBeNull()
        if (deliveredCount() < 2_000) killsWithWorkLeft++
        yield* Processes.kill(oldest.worker)
        kills++
        const id = `w${i + 2}`
        pipeline.push({ id, worker: yield* spawn(id) })
      }
      const done = yield* Effect.exit(
        Progress.until(run(Effect.map(Outbox.stats, (stats) => stats.delivered === 2_000)), watch)
      )
      yield* Effect.forEach(pipeline, ({ worker }) => Processes.kill(worker), { discard: true })
      const stats = yield* run(Outbox.stats)
      expect(done._tag, `stats ${JSON.stringify(stats)} stderr ${pipeline.map((p) => p.worker.stderr()).join("\n")}`)
        .toBe("Success")
      expect(kills).toBe(20)
      // Most kills landed while messages were still undelivered: they interrupted real deliveries.
      expect(killsWithWorkLeft).toBeGreaterThanOrEqual(10)
      const survivors = new Set(pipeline.map((p) => `crash/${p.id}`))
      const killedWorkersDelivered = new Set(receiver.hits.map((h) => h.userAgent).filter((ua) => !survivors.has(ua)))
      expect(killedWorkersDelivered.size).toBeGreaterThanOrEqual(15)

      expect(stats).toMatchObject({ delivered: 2_000, dead: 0, queueDepth: 0 })
      const ok = new Set(receiver.hits.filter((h) => h.status === 200).map((h) => h.n))
      expect(ok.size).toBe(2_000)
      // A message only ever arrives under its own webhook-id, however often it was sent.
      const idsByMessage = new Map<number, Set<string>>()
      for (const hit of receiver.hits) {
        idsByMessage.set(hit.n, (idsByMessage.get(hit.n) ?? new Set()).add(hit.webhookId))
      }
      for (const [n, ids] of idsByMessage) expect([...ids]).toEqual([`msg_${n}`])
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)

describe("Outbox crash safety (real processes)", () => {
  beforeAll(() => Processes.ensureBuilt(), 240_000)

  for (const kind of Stores.kinds) crashScenario(kind)

  it.live("three dispatcher processes on one Postgres never attempt the same delivery at once", () =>
    Effect.gen(function*() {
      const db = yield* database("postgres")
      const receiver = yield* Processes.receiver({ latencyMillis: [10, 40], failRate: 0.1 })
      const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
        Effect.provide(effect, db.layer)
      yield* run(Effect.gen(function*() {
        yield* Outbox.createEndpoint({ id: "a", url: `${receiver.url}/a` })
        yield* Outbox.createEndpoint({ id: "b", url: `${receiver.url}/b` })
      }))
      const options = { ...dispatcherOptions, concurrency: 6, perEndpointConcurrency: 6 }
      const workers = yield* Effect.forEach(["w1", "w2", "w3"], (id) => Processes.spawnWorker(db.url, id, options))
      // The work appears once all three are polling, so a process slow to start cannot find it already done.
      yield* Effect.forEach(workers, (worker) => worker.ready, { discard: true })
      yield* run(enqueueMany(400))
      const done = yield* Effect.exit(Progress.until(
        run(Effect.map(Outbox.stats, (s) => s.delivered === 800)),
        { progress: () => receiver.hits.length, stall: STALL, what: "requests to the receiver" }
      ))
      yield* Effect.forEach(workers, Processes.kill, { discard: true })
      expect(done._tag, workers.map((w) => w.stderr()).join("\n")).toBe("Success")

      // Per delivery (endpoint path + webhook-id), no request started before the previous one had ended.
      const byDelivery = new Map<string, Array<Processes.Hit>>()
      for (const hit of receiver.hits) {
        const key = `${hit.path} ${hit.webhookId}`
        byDelivery.set(key, [...(byDelivery.get(key) ?? []), hit])
      }
      expect(byDelivery.size).toBe(800)
      let retried = 0
      for (const hits of byDelivery.values()) {
        const sorted = [...hits].sort((x, y) => x.startedAt - y.startedAt)
        if (sorted.length > 1) retried++
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startedAt).toBeGreaterThanOrEqual(sorted[i - 1]!.endedAt)
      }
      expect(retried).toBeGreaterThan(0)
      // The work really was shared.
      const workersSeen = yield* run(Effect.gen(function*() {
        const deliveries = yield* Outbox.listDeliveries({ state: "delivered", limit: 2_000 })
        const attempts = yield* Effect.forEach(deliveries.slice(0, 300), (d) => Outbox.listAttempts(d.id))
        return new Set(attempts.flat().map((a) => a.worker))
      }))
      expect([...workersSeen].sort()).toEqual(["w1", "w2", "w3"])
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)
})
