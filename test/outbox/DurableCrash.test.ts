/**
 * Durable calls with real processes and real time: 2,000 calls to the vendor simulator (1,800 Resend e-mails, whose
 * API honours idempotency keys, and 200 Twilio SMS, which cannot be de-duplicated) under ~30% transient faults, while
 * worker processes are SIGKILLed 20 times mid-attempt and restarted. The simulator's ledger must show every e-mail
 * sent exactly once, no SMS sent twice, and every SMS whose outcome was unknown parked as `unconfirmed`.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodePath from "node:path"
import * as Durable from "../../src/outbox/Durable.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as Faults from "../../src/testing/Faults.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Progress from "../support/Progress.js"
import * as Ops from "./support/DurableOps.js"
import * as Processes from "./support/Processes.js"
import * as Stores from "./support/Stores.js"

const EMAILS = 1_800
const SMS = 200
const KILLS = 20

/** Only this long without a single request to the simulator fails (a lease of 3 s is the longest legitimate pause). */
const STALL = "60 seconds"
const HANG_GUARD_MILLIS = 3_600_000

const workerScript = NodePath.join(Processes.root, "test/outbox/fixtures/durableWorker.mjs")

const workerOptions = { lease: "3 seconds", pollInterval: "100 millis", gaugeInterval: "1 minute", concurrency: 16 }

const EMAIL_ROUTE = "POST /emails"
const SMS_ROUTE = "POST /2010-04-01/Accounts/{AccountSid}/Messages.json"

/**
 * About 30% of sends fail transiently, a third of them after the vendor acted (`resetAfterCommit`): only an
 * idempotency key makes a resend of those safe. Each request also takes 5-25 ms, so kills land on calls in flight.
 */
const faults = Faults.make({
  seed: 20,
  rules: [
    { kind: "rateLimit", vendor: "resend", limit: 100_000, windowMs: 1_000 },
    { kind: "rateLimit", vendor: "twilio", limit: 100_000, windowMs: 1_000 },
    ...[EMAIL_ROUTE, SMS_ROUTE].flatMap((route) => [
      { kind: "status" as const, route, status: 503, probability: 0.12 },
      { kind: "reset" as const, route, probability: 0.12 },
      { kind: "resetAfterCommit" as const, route, probability: 0.12 },
      { kind: "latency" as const, route, ms: 5, jitterMs: 20 }
    ])
  ]
})

const database = (kind: Stores.Kind) =>
  kind === "sqlite"
    ? Effect.map(Stores.tempDir, (dir) => {
      const file = NodePath.join(dir, "durable.db")
      return { url: file, layer: OutboxStore.layerSqlite({ filename: file }) as Stores.StoreLayer }
    })
    : Effect.map(Stores.pgSchema, (schema) => {
      const url = Stores.urlWithSchema(schema)
      return { url, layer: OutboxStore.layerPg({ url }) as Stores.StoreLayer }
    })

const enqueueAll = Effect.forEach(
  Array.from({ length: (EMAILS + SMS) / 100 }, (_, batch) => batch),
  (batch) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) =>
      sql.withTransaction(Effect.forEach(
        Array.from({ length: 100 }, (_, i) => batch * 100 + i),
        (n) =>
          n < EMAILS
            ? Durable.enqueue(Ops.sendEmail, {
              from: "Acme <hello@acme.test>",
              to: `user${n}@example.com`,
              subject: `Welcome ${n}`,
              text: `Hello user ${n}`
            }, { key: `welcome/${n}` })
            : Durable.enqueue(Ops.sendSms, { To: "+14155552671", From: "+15017122661", Body: `Your code ${n}` }, {
              key: `sms/${n}`
            }),
        { discard: true }
      ))),
  { discard: true }
)

/**
 * `Progress.until` polling every 500 ms: the simulator shares this process, and each look (the simulator's ledger, the
 * database) takes time from it.
 */
const until = <E, R>(condition: Effect.Effect<boolean, E, R>, watch: Progress.Watch) =>
  Progress.whileProgressing(
    Effect.gen(function*() {
      while (!(yield* condition)) yield* Effect.sleep("500 millis")
    }),
    watch
  )

const crashScenario = (kind: Stores.Kind) =>
  it.live(`${kind}: ${KILLS} SIGKILLs during 2,000 durable calls lose none, duplicate none, park every unknown SMS`, () =>
    Effect.gen(function*() {
      const db = yield* database(kind)
      const simulator = yield* VendorSimulator.make({ faults })
      const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
        Effect.provide(effect, db.layer)
      const t0 = Date.now()
      yield* run(enqueueAll)
      if (process.env["DURABLE_DEBUG"] !== undefined) console.log(`enqueued in ${Date.now() - t0} ms`)

      const requests = () => Effect.map(simulator.stats, (s) => s.totalRequests)
      let seenRequests = 0
      const watch: Progress.Watch = { progress: () => seenRequests, stall: STALL, what: "requests to the simulator" }
      const refresh = Effect.map(requests(), (n) => {
        seenRequests = n
      })
      const settled = run(Effect.map(Durable.stats, (s) => s.queueDepth === 0))
      const leasedBy = (worker: string) =>
        run(Effect.map(Durable.list({ state: "running", limit: 10_000 }), (calls) => calls.some((c) => c.leaseOwner === worker)))

      const spawn = (id: string) =>
        Processes.spawnScript(workerScript, id, {
          DURABLE_DB: db.url,
          DURABLE_WORKER: id,
          DURABLE_SIMULATOR: simulator.url,
          DURABLE_OPTIONS: JSON.stringify(workerOptions)
        })
      const pipeline = [
        { id: "w0", worker: yield* spawn("w0") },
        { id: "w1", worker: yield* spawn("w1") },
        { id: "w2", worker: yield* spawn("w2") }
      ]
      let kills = 0
      let killsMidAttempt = 0
      for (let i = 1; i <= KILLS; i++) {
        const oldest = pipeline.shift()!
        // The oldest is killed once it holds calls in flight (or nothing is left to do).
        yield* until(
          Effect.zipRight(refresh, Effect.zipWith(leasedBy(oldest.id), settled, (leased, done) => leased || done)),
          watch
        )
        yield* Effect.sleep(`${Math.floor(Math.random() * 150)} millis`)
        expect(oldest.worker.child.exitCode, oldest.worker.stderr()).toBeNull()
        if (yield* leasedBy(oldest.id)) killsMidAttempt++
        yield* Processes.kill(oldest.worker)
        kills++
        if (process.env["DURABLE_DEBUG"] !== undefined) console.log(`kill ${i} at ${Date.now() - t0} ms, ${seenRequests} requests`)
        const id = `w${i + 2}`
        pipeline.push({ id, worker: yield* spawn(id) })
      }
      const done = yield* Effect.exit(until(Effect.zipRight(refresh, settled), watch))
      if (process.env["DURABLE_DEBUG"] !== undefined) console.log(`settled at ${Date.now() - t0} ms`)
      yield* Effect.forEach(pipeline, ({ worker }) => Processes.kill(worker), { discard: true })
      const stats = yield* run(Durable.stats)
      expect(done._tag, `stats ${JSON.stringify(stats)} stderr ${pipeline.map((p) => p.worker.stderr()).join("\n")}`).toBe(
        "Success"
      )
      expect(kills).toBe(KILLS)
      // Most kills interrupted calls in flight: leased, some of them mid-request.
      expect(killsMidAttempt).toBeGreaterThanOrEqual(KILLS / 2)

      const sim = yield* simulator.stats
      const calls = yield* run(Durable.list({ limit: 10_000 }))
      const emails = calls.filter((c) => c.operation === Ops.sendEmail.name)
      const sms = calls.filter((c) => c.operation === Ops.sendSms.name)
      expect(emails).toHaveLength(EMAILS)
      expect(sms).toHaveLength(SMS)

      // Idempotent: 0 lost, 0 duplicates. Every e-mail succeeded, and the vendor sent each one exactly once, under its key.
      expect(emails.filter((c) => c.state !== "succeeded")).toEqual([])
      const emailEffects = sim.sideEffects.filter((e) => e.vendor === "resend")
      expect(emailEffects).toHaveLength(EMAILS)
      const byKey = new Map<string, number>()
      for (const effect of emailEffects) byKey.set(String(effect.idempotencyKey), (byKey.get(String(effect.idempotencyKey)) ?? 0) + 1)
      expect(byKey.size).toBe(EMAILS)
      for (const call of emails) expect(byKey.get(call.key), call.key).toBe(1)
      // Some e-mails were really sent more than once, and the key made the vendor answer the first result.
      expect(sim.replays).toBeGreaterThan(0)

      // Not idempotent: each SMS went out at most once (no second request for any), and every one whose outcome was
      // unknown (a fault after the request went out, a worker killed mid-request) is parked, none lost or dead.
      expect(sms.filter((c) => c.state !== "succeeded" && c.state !== "unconfirmed")).toEqual([])
      const smsRequests = sim.requests[`twilio ${SMS_ROUTE}`] ?? 0
      expect(smsRequests).toBeLessThanOrEqual(SMS)
      expect(sim.duplicates).toBe(0)
      const smsEffects = sim.sideEffects.filter((e) => e.vendor === "twilio").length
      const succeeded = sms.filter((c) => c.state === "succeeded").length
      const unconfirmed = sms.filter((c) => c.state === "unconfirmed").length
      expect(smsEffects).toBeGreaterThanOrEqual(succeeded)
      expect(smsEffects).toBeLessThanOrEqual(succeeded + unconfirmed)
      expect(unconfirmed).toBeGreaterThan(0)
      expect(stats).toMatchObject({ queueDepth: 0, dead: 0, succeeded: EMAILS + succeeded, unconfirmed })
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)

describe("Durable crash safety (real processes)", () => {
  beforeAll(() => Processes.ensureBuilt(), 240_000)

  for (const kind of Stores.kinds) crashScenario(kind)
})
