import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import { Webhook } from "standardwebhooks"
import * as Dispatcher from "../../src/outbox/Dispatcher.js"
import * as Outbox from "../../src/outbox/Outbox.js"
import * as OutboxPolicy from "../../src/outbox/OutboxPolicy.js"
import * as OutboxSigning from "../../src/outbox/OutboxSigning.js"
import * as T from "../../src/outbox/OutboxTelemetry.js"
import * as Receiver from "./support/Receiver.js"
import * as Clock from "./support/Clock.js"
import * as Stores from "./support/Stores.js"

/** Test names show NaN and Infinity, which JSON would print as null. */
const shownNumbers = (_key: string, value: unknown) =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : value


const env = Layer.merge(Stores.sqliteLayer(), NodeHttpClient.layer)

/** Moves the TestClock to the next moment a queued delivery can be attempted (retry time or breaker end). */
const advanceToNextDue = Effect.gen(function*() {
  const deliveries = yield* Outbox.listDeliveries({ limit: 10_000 })
  const endpoints = new Map((yield* Outbox.listEndpoints).map((e) => [e.id, e]))
  const times = deliveries
    .filter((d) => d.state === "pending" || d.state === "failed-retrying")
    .filter((d) => endpoints.get(d.endpointId)?.enabled === true)
    .map((d) => Math.max(d.nextAttemptAt, endpoints.get(d.endpointId)?.openUntil ?? 0))
  if (times.length === 0) return false
  const now = yield* TestClock.currentTimeMillis
  yield* TestClock.setTime(Math.max(now, Math.min(...times)))
  return true
})

describe("Dispatcher", () => {
  it.scoped("signs every attempt for every active secret, with the same webhook-id and a fresh timestamp", () =>
    Effect.gen(function*() {
      // standardwebhooks checks timestamps against the real clock.
      yield* TestClock.setTime(Date.now())
      const receiver = yield* Receiver.make((r) => ({ status: r.n === 1 ? 500 : 204 }))
      const oldSecret = OutboxSigning.generateSecret()
      const newSecret = OutboxSigning.generateSecret()
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/hook?token=abc`, secret: oldSecret })
      yield* Outbox.rotateSecret("ep_1", { secret: newSecret })
      const payload = { type: "order.created", data: { id: "o_1", note: "ünïcödé" } }
      yield* Outbox.enqueue({ id: "msg_1", type: "order.created", payload })
      const options: Dispatcher.Options = { schedule: ["5 seconds"], jitter: 0 }

      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 1, retrying: 1 })
      yield* TestClock.adjust(Duration.seconds(5))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 1, delivered: 1 })

      const [first, second] = receiver.received
      expect(receiver.received).toHaveLength(2)
      expect([first!.webhookId, second!.webhookId]).toEqual(["msg_1", "msg_1"])
      expect(Number(second!.timestamp) - Number(first!.timestamp)).toBe(5)
      for (const request of receiver.received) {
        expect(request.signature.split(" ")).toHaveLength(2)
        expect(JSON.parse(request.body)).toEqual(payload)
        expect(request.headers["content-type"]).toBe("application/json")
        expect(request.headers["traceparent"]).toBeUndefined()
        for (const secret of [oldSecret, newSecret]) {
          expect(new Webhook(Redacted.value(secret)).verify(request.body, {
            "webhook-id": request.webhookId,
            "webhook-timestamp": request.timestamp,
            "webhook-signature": request.signature
          })).toEqual(payload)
        }
      }
      expect((yield* Outbox.getDelivery((yield* Outbox.listDeliveries())[0]!.id)).state).toBe("delivered")
    }).pipe(Effect.provide(env)))

  it.scoped("follows the retry schedule with jitter until dead, then a replay delivers it re-signed", () =>
    Effect.gen(function*() {
      let healthy = false
      const receiver = yield* Receiver.make(() => ({ status: healthy ? 200 : 500 }))
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/hook` })
      yield* Outbox.enqueue({ id: "msg_1", type: "a", payload: { n: 1 } })
      const options: Dispatcher.Options = { breakerThreshold: 100 }
      const [delivery] = yield* Outbox.listDeliveries()
      while ((yield* Outbox.getDelivery(delivery!.id)).state !== "dead") {
        yield* Dispatcher.drain(options)
        yield* advanceToNextDue
      }
      const attempts = yield* Outbox.listAttempts(delivery!.id)
      expect(attempts).toHaveLength(OutboxPolicy.svixSchedule.length + 1)
      expect(attempts.every((a) => a.result === "http_error" && a.status === 500)).toBe(true)
      OutboxPolicy.svixSchedule.forEach((delay, i) => {
        const gap = attempts[i + 1]!.startedAt - attempts[i]!.startedAt
        const millis = Duration.toMillis(delay)
        expect(gap).toBeGreaterThanOrEqual(millis * 0.8)
        expect(gap).toBeLessThanOrEqual(millis * 1.2 + 1)
      })
      // The gaps are jittered, not the bare schedule.
      expect(OutboxPolicy.svixSchedule.some((d, i) =>
        attempts[i + 1]!.startedAt - attempts[i]!.startedAt !== Duration.toMillis(d)
      )).toBe(true)
      expect(yield* Outbox.listDead()).toHaveLength(1)

      healthy = true
      yield* TestClock.adjust(Duration.minutes(1))
      yield* Outbox.replay(delivery!.id)
      expect(yield* Dispatcher.drain(options)).toMatchObject({ delivered: 1 })
      const last = receiver.received.at(-1)!
      expect(last.webhookId).toBe("msg_1")
      expect(Number(last.timestamp)).toBeGreaterThan(Number(receiver.received.at(-2)!.timestamp))
      expect(yield* Outbox.getDelivery(delivery!.id)).toMatchObject({ state: "delivered", attempts: 9, cycleAttempts: 1 })
    }).pipe(Effect.provide(env)))

  it.scoped("opens an endpoint's breaker after consecutive failures and stops attempting it; others keep flowing", () =>
    Effect.gen(function*() {
      let badIsDown = true
      const receiver = yield* Receiver.make((r) => ({ status: r.path === "/bad" && badIsDown ? 500 : 200 }))
      yield* Outbox.createEndpoint({ id: "bad", url: `${receiver.url}/bad` })
      yield* Outbox.createEndpoint({ id: "good", url: `${receiver.url}/good` })
      for (let i = 0; i < 6; i++) yield* Outbox.enqueue({ id: `m${i}`, type: "a", payload: { i } })
      const options: Dispatcher.Options = {
        perEndpointConcurrency: 1,
        breakerThreshold: 3,
        breakerOpen: "1 minute",
        schedule: Array.from({ length: 10 }, () => "1 second"),
        jitter: 0
      }
      const opened = (yield* Metric.value(T.breakerOpened)).count
      yield* Dispatcher.drain(options)
      expect(receiver.forPath("/bad")).toHaveLength(3)
      expect((yield* Metric.value(T.breakerOpened)).count - opened).toBe(1)
      expect(receiver.forPath("/good")).toHaveLength(6)
      expect(yield* Outbox.getEndpoint("bad")).toMatchObject({ consecutiveFailures: 3, openUntil: 60_000 })

      // Retries are due after a second, but the open breaker holds them back.
      yield* TestClock.adjust(Duration.seconds(30))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 0 })
      expect(receiver.forPath("/bad")).toHaveLength(3)

      // Half-open: a single probe; it fails and the breaker reopens for twice as long.
      yield* TestClock.adjust(Duration.seconds(30))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 1, retrying: 1 })
      expect(yield* Outbox.getEndpoint("bad")).toMatchObject({ consecutiveFailures: 4, openUntil: 180_000 })

      badIsDown = false
      yield* TestClock.setTime(180_000)
      yield* Dispatcher.drain(options)
      expect(yield* Outbox.getEndpoint("bad")).toMatchObject({ consecutiveFailures: 0, failingSince: undefined })
      expect(yield* Outbox.stats).toMatchObject({ delivered: 12, queueDepth: 0, dead: 0 })
    }).pipe(Effect.provide(env)))

  it.scoped("a 410 disables the endpoint, its queued deliveries wait, and re-enabling resumes them", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((r) => ({ status: r.n === 1 && r.webhookId === "m0" ? 410 : 200 }))
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/gone` })
      yield* Outbox.enqueue({ id: "m0", type: "a", payload: {} })
      yield* TestClock.adjust(Duration.millis(1))
      yield* Outbox.enqueue({ id: "m1", type: "a", payload: {} })
      const options: Dispatcher.Options = { perEndpointConcurrency: 1, schedule: ["5 seconds"], jitter: 0 }
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 1, retrying: 1 })
      expect(yield* Outbox.getEndpoint("ep_1")).toMatchObject({
        enabled: false,
        disabledReason: "endpoint answered 410 Gone"
      })
      expect(yield* Outbox.enqueue({ id: "m2", type: "a", payload: {} })).toMatchObject({ deliveries: 0 })
      yield* TestClock.adjust(Duration.hours(1))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 0 })
      expect(receiver.received).toHaveLength(1)

      yield* Outbox.enableEndpoint("ep_1")
      expect(yield* Dispatcher.drain(options)).toMatchObject({ delivered: 2 })
      expect(yield* Outbox.stats).toMatchObject({ delivered: 2, queueDepth: 0 })
    }).pipe(Effect.provide(env)))

  it.scoped("a redirect is a failure and is not followed", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((r) =>
        r.path === "/moved" ? { status: 302, headers: { location: "/target" } } : { status: 200 }
      )
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/moved` })
      yield* Outbox.enqueue({ id: "m0", type: "a", payload: {} })
      expect(yield* Dispatcher.drain()).toMatchObject({ retrying: 1 })
      expect(receiver.forPath("/target")).toHaveLength(0)
      const [delivery] = yield* Outbox.listDeliveries()
      expect(delivery).toMatchObject({ state: "failed-retrying", lastStatus: 302 })
      expect((yield* Outbox.listAttempts(delivery!.id))[0]).toMatchObject({ result: "redirect", status: 302 })
    }).pipe(Effect.provide(env)))

  it.scoped("an attempt that outlives its timeout fails as a timeout and is retried", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((r) => (r.n === 1 ? { hang: true } : { status: 200 }))
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/slow` })
      yield* Outbox.enqueue({ id: "m0", type: "a", payload: {} })
      const options: Dispatcher.Options = { attemptTimeout: "10 seconds", lease: "30 seconds", schedule: ["5 seconds"], jitter: 0 }
      const fiber = yield* Effect.fork(Dispatcher.drain(options))
      yield* receiver.awaitCount(1)
      yield* Clock.awaitSleeperUntil(10_000)
      yield* TestClock.adjust(Duration.seconds(10))
      expect(yield* Fiber.join(fiber)).toMatchObject({ retrying: 1 })
      const [delivery] = yield* Outbox.listDeliveries()
      expect(delivery).toMatchObject({ state: "failed-retrying", lastError: "timed out after 10s", nextAttemptAt: 15_000 })
      yield* TestClock.adjust(Duration.seconds(5))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ delivered: 1 })
    }).pipe(Effect.provide(env)))

  it.scoped("429 and 503 with Retry-After pause the endpoint for the clamped delay", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make((r) => {
        if (r.n > 1) return { status: 200 }
        return r.path === "/limited"
          ? { status: 429, headers: { "retry-after": "120" } }
          : { status: 503, headers: { "retry-after": "2" } }
      })
      yield* Outbox.createEndpoint({ id: "limited", url: `${receiver.url}/limited` })
      yield* Outbox.createEndpoint({ id: "busy", url: `${receiver.url}/busy` })
      yield* Outbox.enqueue({ id: "m0", type: "a", payload: {} })
      const options: Dispatcher.Options = { retryAfterMax: "60 seconds", schedule: ["5 seconds"], jitter: 0 }
      expect(yield* Dispatcher.drain(options)).toMatchObject({ retrying: 2 })
      // 429: not the endpoint's fault, so no breaker failure; the clamped pause holds every delivery to it.
      expect(yield* Outbox.getEndpoint("limited")).toMatchObject({ consecutiveFailures: 0, openUntil: 60_000 })
      expect(yield* Outbox.getEndpoint("busy")).toMatchObject({ consecutiveFailures: 1, openUntil: 2_000 })
      const next = new Map((yield* Outbox.listDeliveries()).map((d) => [d.endpointId, d.nextAttemptAt]))
      expect(Object.fromEntries(next)).toEqual({ limited: 60_000, busy: 2_000 })
      yield* TestClock.adjust(Duration.seconds(2))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ delivered: 1 })
      yield* TestClock.adjust(Duration.seconds(57))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ claimed: 0 })
      yield* TestClock.adjust(Duration.seconds(1))
      expect(yield* Dispatcher.drain(options)).toMatchObject({ delivered: 1 })
    }).pipe(Effect.provide(env)))

  it.scoped("disables an endpoint that kept failing for longer than the auto-disable period", () =>
    Effect.gen(function*() {
      const receiver = yield* Receiver.make(() => ({ status: 500 }))
      yield* Outbox.createEndpoint({ id: "ep_1", url: `${receiver.url}/down` })
      yield* Outbox.enqueue({ id: "m0", type: "a", payload: {} })
      const options: Dispatcher.Options = { disableAfter: "2 hours", breakerThreshold: 100, schedule: ["1 hour", "1 hour", "1 hour"], jitter: 0 }
      yield* Dispatcher.drain(options)
      yield* TestClock.adjust(Duration.hours(1))
      yield* Dispatcher.drain(options)
      expect((yield* Outbox.getEndpoint("ep_1")).enabled).toBe(true)
      yield* TestClock.adjust(Duration.hours(1))
      yield* Dispatcher.drain(options)
      expect(yield* Outbox.getEndpoint("ep_1")).toMatchObject({
        enabled: false,
        disabledReason: "endpoint failing without a success for 2h",
        failingSince: 0
      })
    }).pipe(Effect.provide(env)))

  it.scoped("with a receiver failing half the time every message ends delivered or dead within its schedule", () =>
    Effect.gen(function*() {
      // Deterministic per request: half succeed, the rest are 500s, redirects or hangs (timeouts).
      const roll = (id: string, n: number) => {
        let h = 2166136261
        for (const c of `${id}:${n}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
        return ((h >>> 0) % 100) / 100
      }
      const receiver = yield* Receiver.make((r): Receiver.Reply => {
        const x = roll(`${r.path}${r.webhookId}`, r.n)
        if (x < 0.5) return { status: 200 }
        if (x < 0.75) return { status: 500 }
        if (x < 0.9) return { status: 307, headers: { location: "/elsewhere" } }
        return { hang: true }
      })
      for (const ep of ["a", "b", "c"]) yield* Outbox.createEndpoint({ id: ep, url: `${receiver.url}/${ep}` })
      for (let i = 0; i < 10; i++) yield* Outbox.enqueue({ id: `msg_${i}`, type: "t", payload: { i } })
      const options: Dispatcher.Options = { attemptTimeout: "5 seconds", lease: "20 seconds", perEndpointConcurrency: 2 }
      let rounds = 0
      while (true) {
        rounds++
        const fiber = yield* Effect.fork(Dispatcher.runOnce(options))
        // Hung requests only end when their timeout fires on the TestClock.
        for (let waited = 0; (yield* Fiber.poll(fiber))._tag === "None"; waited++) {
          yield* TestServices.provideLive(Effect.sleep("10 millis"))
          if (waited % 20 === 19) yield* TestClock.adjust(Duration.seconds(5))
        }
        yield* Fiber.join(fiber)
        if ((yield* Outbox.stats).queueDepth === 0) break
        if ((yield* Outbox.stats).delivering === 0) yield* advanceToNextDue
        expect(rounds).toBeLessThan(500)
      }
      const deliveries = yield* Outbox.listDeliveries({ limit: 100 })
      expect(deliveries).toHaveLength(30)
      expect(deliveries.every((d) => d.state === "delivered" || d.state === "dead")).toBe(true)
      const results = new Set<string>()
      for (const delivery of deliveries) {
        const attempts = yield* Outbox.listAttempts(delivery.id)
        attempts.forEach((a) => results.add(a.result))
        expect(attempts.length).toBeLessThanOrEqual(OutboxPolicy.svixSchedule.length + 1)
        if (delivery.state === "dead") expect(attempts).toHaveLength(OutboxPolicy.svixSchedule.length + 1)
        if (delivery.state === "delivered") expect(attempts.at(-1)!.result).toBe("success")
        attempts.slice(1).forEach((attempt, i) => {
          // Never earlier than the jittered schedule allows; a breaker or a lease can only make it later.
          expect(attempt.startedAt - attempts[i]!.startedAt).toBeGreaterThanOrEqual(
            Duration.toMillis(OutboxPolicy.svixSchedule[i]!) * 0.8
          )
        })
      }
      expect([...results].sort()).toEqual(["http_error", "redirect", "success", "timeout"])
      // Every request for a message carried that message's id and body.
      for (const request of receiver.received) {
        expect(JSON.parse(request.body)).toEqual({ i: Number(request.webhookId.slice(4)) })
      }
      expect(receiver.forPath("/elsewhere")).toHaveLength(0)
    }).pipe(Effect.provide(env)), 60_000)

  describe("refuses bad options where they are given, naming the setting", () => {
    const cases: ReadonlyArray<readonly [Dispatcher.Options, string]> = [
      [{ attemptTimeout: -5 }, "attemptTimeout must be a positive, finite duration, got -5"],
      [{ lease: "5 seconds", attemptTimeout: "10 seconds" }, "lease must be longer than attemptTimeout (10s), got 5s"],
      [{ schedule: [-1] }, "schedule[0] must be a finite duration of zero or more, got -1"],
      [{ concurrency: 0 }, "concurrency must be a whole number ≥ 1, got 0"],
      [{ perEndpointConcurrency: NaN }, "perEndpointConcurrency must be a whole number ≥ 1, got NaN"],
      [{ pollInterval: -1000 }, "pollInterval must be a positive, finite duration, got -1000"],
      [{ gaugeInterval: 0 }, "gaugeInterval must be a positive, finite duration, got 0"]
    ]
    for (const [options, message] of cases) {
      it.scoped(`${JSON.stringify(options, shownNumbers)}: runOnce dies and the layer fails to build`, () =>
        Effect.gen(function*() {
          const once = yield* Effect.exit(Dispatcher.runOnce(options))
          expect(Exit.isFailure(once) && Cause.isDie(once.cause)).toBe(true)
          expect(Exit.isFailure(once) && Cause.pretty(once.cause)).toContain(message)
          // The layer checks while it is built rather than leaving a background fiber to die.
          const built = yield* Effect.exit(Layer.build(Dispatcher.layer(options)))
          expect(Exit.isFailure(built) && Cause.pretty(built.cause)).toContain(message)
        }).pipe(Effect.provide(env)))
    }
  })
})
