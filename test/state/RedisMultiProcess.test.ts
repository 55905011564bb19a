/**
 * Three OS processes sharing one Redis-backed limiter, breaker and replay guard, against a local node:http server
 * that records every arrival. Nothing asserted depends on how fast the machine is: the limiter is checked on the
 * schedule of slots it granted, the breaker runs on a time the test sets in every process, and waits end on events.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import { redisUrl, scopedRedis } from "./support/RedisTest.js"
import { ensureBuilt, spawnWorker, startTogether, type Worker } from "./support/Workers.js"

interface Arrival {
  readonly path: string
  readonly worker: string
  /** The limiter slot the request was sent under (`x-slot`), if any. */
  readonly slot: string
}

/**
 * Answers 500 on /fail, never answers /hang, holds /held until `release()`, 200 otherwise; records each arrival.
 */
const recordingServer = Effect.acquireRelease(
  Effect.async<{
    readonly url: string
    readonly arrivals: Array<Arrival>
    readonly release: () => void
    readonly server: NodeHttp.Server
  }>((resume) => {
    const arrivals: Array<Arrival> = []
    const held: Array<NodeHttp.ServerResponse> = []
    const server = NodeHttp.createServer((req, res) => {
      const path = req.url ?? "/"
      arrivals.push({ path, worker: String(req.headers["x-worker"] ?? ""), slot: String(req.headers["x-slot"] ?? "") })
      req.resume()
      if (path === "/hang") return
      if (path === "/held") return void held.push(res)
      res.writeHead(path === "/fail" ? 500 : 200, { "content-type": "text/plain" })
      res.end("ok")
    })
    const release = () => held.splice(0).forEach((res) => res.end("ok"))
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as NodeNet.AddressInfo
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, arrivals, release, server }))
    })
  }),
  ({ server }) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const maxPerSlidingWindow = (times: ReadonlyArray<number>, windowMillis: number) => {
  const sorted = [...times].sort((a, b) => a - b)
  let oldest = 0
  let max = 0
  for (let i = 0; i < sorted.length; i++) {
    while (sorted[oldest]! <= sorted[i]! - windowMillis) oldest += 1
    max = Math.max(max, i - oldest + 1)
  }
  return max
}

/** Polls until `condition` holds: it waits on an event (a request reaching the server), not on a time budget. */
const until = (condition: () => boolean) =>
  Effect.gen(function*() {
    while (!condition()) yield* Effect.sleep("10 millis")
  })

/** Only a guard against a hang: nothing in these tests waits on a wall-clock budget. */
const HANG_GUARD_MILLIS = 600_000

/** The breaker workers' time, epoch milliseconds: it moves only when the test moves it. */
let now = Date.now()
let calls = 0
/** Runs one call through a breaker worker at `now` and returns how it ended: ok, failed, rejected:Open, rejected:HalfOpen. */
const call = (worker: Worker, path: string) =>
  Effect.suspend(() => {
    const id = ++calls
    worker.send({ type: "call", id, path, now })
    return Effect.map(worker.next((m) => m.type === "result" && m["id"] === id), (m) => String(m["result"]))
  })

interface Slot {
  readonly id: string
  /** When its caller asked. */
  readonly now: number
  /** When the limiter let the caller go. */
  readonly at: number
}

describe("Redis state across three processes", () => {
  beforeAll(() => ensureBuilt(), 240_000)

  it.live("a shared 50 requests/s limiter (burst 1): its slots across the processes never exceed 50 in any second, none idle while callers wait, every request holds one", () =>
    Effect.gen(function*() {
      const redis = yield* scopedRedis()
      const server = yield* recordingServer
      const workers = yield* Effect.forEach(["a", "b", "c"], (name) =>
        spawnWorker("limiter.mjs", name, {
          REDIS_URL: redisUrl,
          STATE_PREFIX: redis.prefix,
          TARGET: `${server.url}/api`,
          CONCURRENCY: "20",
          LIMIT: "50",
          BURST: "1",
          DURATION_MS: "10000"
        }))
      yield* startTogether(workers)
      const reports = yield* Effect.forEach(workers, (worker) => worker.next((m) => m.type === "done"))
      const results = reports.map((m) =>
        m["result"] as { readonly sent: number; readonly slots: ReadonlyArray<Slot>; readonly cancelled: ReadonlyArray<string> }
      )
      // All three processes took part.
      expect(results.every((r) => r.sent > 0 && r.slots.length > 0)).toBe(true)

      // The guarantee is the limiter's schedule: the slots it granted, in every process, are never more than 50 in any
      // second and never two within 20 ms (burst 1). A request leaves once its slot has come, and reaches the server as
      // late as the machine makes it: a loaded machine bunches arrivals, which says nothing about the limiter. Limiters
      // that were not shared, or fell back to per-process memory, grant three times as many.
      const cancelled = new Set(results.flatMap((r) => r.cancelled))
      const granted = results.flatMap((r) => r.slots).sort((x, y) => x.at - y.at)
      const held = granted.filter((slot) => !cancelled.has(slot.id))
      expect(maxPerSlidingWindow(held.map((slot) => slot.at), 1_000)).toBeLessThanOrEqual(50)
      expect(maxPerSlidingWindow(held.map((slot) => slot.at), 20)).toBeLessThanOrEqual(1)

      // No request went around it: every one the server saw carried a slot it granted and did not take back, each slot
      // used once, and each process's count matches.
      const sent = results.reduce((sum, r) => sum + r.sent, 0)
      expect(server.arrivals).toHaveLength(sent)
      const heldIds = new Set(held.map((slot) => slot.id))
      expect(server.arrivals.filter((arrival) => !heldIds.has(arrival.slot))).toEqual([])
      expect(new Set(server.arrivals.map((arrival) => arrival.slot)).size).toBe(sent)

      // Nor does it waste quota, however slow the callers (the throughput floor this run allows): a slot is never later
      // than both its caller's asking and the previous slot's 20 ms.
      const late = granted.filter((slot, i) => i > 0 && slot.at > Math.max(slot.now, granted[i - 1]!.at + 20) + 1)
      expect(late).toEqual([])
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)

  it.live("a shared breaker: all reject after the threshold, one probe in half-open, a killed prober's lease expires", () =>
    Effect.gen(function*() {
      const redis = yield* scopedRedis()
      const server = yield* recordingServer
      const workers = yield* Effect.forEach(["a", "b", "c"], (name) =>
        spawnWorker("breaker.mjs", name, { REDIS_URL: redisUrl, STATE_PREFIX: redis.prefix, TARGET: server.url, WORKER: name }))
      yield* startTogether(workers, 0)
      const [a] = workers
      const arrivals = (path: string) => server.arrivals.filter((arrival) => arrival.path === path)

      // Three failures in a row in one process open the breaker for all three.
      expect(yield* Effect.forEach([1, 2, 3], () => call(a!, "/fail"))).toEqual(["failed", "failed", "failed"])
      expect(yield* Effect.forEach(workers, (worker) => call(worker, "/ok"))).toEqual([
        "rejected:Open",
        "rejected:Open",
        "rejected:Open"
      ])
      expect(arrivals("/ok")).toHaveLength(0)

      // After the 1 s open duration, 15 concurrent callers across the processes: exactly one probe gets through, and
      // it never answers; every other caller is refused.
      now += 1_100
      const probing = yield* Effect.forEach(
        workers.flatMap((worker) => Array.from({ length: 5 }, () => worker)),
        (worker) => Effect.fork(call(worker, "/hang"))
      )
      const decided = (fibers: ReadonlyArray<Fiber.RuntimeFiber<string>>) => fibers.filter((f) => f.unsafePoll() !== null)
      // Every caller is either answered or hanging at the server.
      yield* until(() => decided(probing).length + arrivals("/hang").length >= probing.length)
      expect(arrivals("/hang")).toHaveLength(1)
      const refused = yield* Effect.forEach(decided(probing), (fiber) => Fiber.join(fiber))
      expect(refused).toEqual(Array.from({ length: 14 }, () => "rejected:HalfOpen"))
      const prober = workers.find((worker) => worker.name === arrivals("/hang")[0]!.worker)!
      const others = workers.filter((worker) => worker !== prober)

      // The prober dies mid-probe: its lease (1.5 s) still holds the slot, however long the kill took...
      yield* prober.kill
      now += 1_000
      expect(yield* Effect.forEach(others, (worker) => call(worker, "/ok"))).toEqual(["rejected:HalfOpen", "rejected:HalfOpen"])
      // ...then expires, and one of the survivors probes; the others are refused while its answer is held back.
      now += 600
      const afterLease = yield* Effect.forEach(
        others.flatMap((worker) => Array.from({ length: 5 }, () => worker)),
        (worker) => Effect.fork(call(worker, "/held"))
      )
      yield* until(() => decided(afterLease).length + arrivals("/held").length >= afterLease.length)
      expect(arrivals("/held")).toHaveLength(1)
      const whileProbing = decided(afterLease)
      expect(yield* Effect.forEach(whileProbing, (fiber) => Fiber.join(fiber))).toEqual(
        Array.from({ length: 9 }, () => "rejected:HalfOpen")
      )
      server.release()
      const probe = afterLease.find((fiber) => !whileProbing.includes(fiber))!
      expect(yield* Fiber.join(probe)).toBe("ok")
      expect(arrivals("/held")).toHaveLength(1)
      // The probe succeeded: closed for all.
      expect(yield* Effect.forEach(others, (worker) => call(worker, "/ok"))).toEqual(["ok", "ok"])
      expect(arrivals("/ok")).toHaveLength(2)
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)

  it.live("1,000 concurrent deliveries of one webhook id across three processes: the handler runs once", () =>
    Effect.gen(function*() {
      const redis = yield* scopedRedis()
      const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
      const body = "{\"type\":\"invoice.paid\"}"
      const signed = yield* StandardWebhooks.scheme.sign(
        { body, id: "msg_replayed", timestamp: Date.now() },
        Redacted.make(secret)
      )
      const workers = yield* Effect.forEach([334, 333, 333], (count, i) =>
        spawnWorker("replay.mjs", `w${i}`, {
          REDIS_URL: redisUrl,
          STATE_PREFIX: redis.prefix,
          COUNT: String(count),
          SECRET: secret,
          BODY: body,
          HEADERS: JSON.stringify(signed.headers)
        }))
      yield* startTogether(workers)
      const reports = yield* Effect.forEach(workers, (worker) => worker.next((m) => m.type === "done"))
      const results = reports.map((m) =>
        m["result"] as { readonly handled: number; readonly statuses: Record<string, number> }
      )
      expect(results.reduce((sum, r) => sum + r.handled, 0)).toBe(1)
      const statuses = results.flatMap((r) => Object.entries(r.statuses))
      expect(statuses.reduce((sum, [, n]) => sum + n, 0)).toBe(1_000)
      // Duplicates are acknowledged (200) or, while the first copy runs in the same process, deferred (409).
      expect(statuses.every(([status]) => status === "200" || status === "409")).toBe(true)
    }).pipe(Effect.scoped), HANG_GUARD_MILLIS)
})
