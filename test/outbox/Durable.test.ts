import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as TestServices from "effect/TestServices"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as Durable from "../../src/outbox/Durable.js"
import * as DurableStore from "../../src/outbox/internal/durableStore.js"
import { delayMillis as delay } from "../../src/outbox/internal/durableWorker.js"
import * as Stores from "./support/Stores.js"

/** A fake vendor: each call takes the next scripted answer for its input's `n`, and is recorded with its options. */
interface Sent {
  readonly n: number
  readonly idempotencyKey: string | undefined
  readonly links: number
}
type Answer = "ok" | "retryable" | "ambiguous" | "rejected" | "defect" | "hang"

class Fake extends Context.Tag("test/Fake")<Fake, {
  readonly sent: Array<Sent>
  readonly script: Map<number, Array<Answer>>
}>() {}

const failure = (reason: IntegrationError["reason"], mayHaveSucceeded?: boolean) =>
  new IntegrationError({
    vendor: "Fake",
    operation: "things.create",
    reason,
    description: "scripted",
    ...(mayHaveSucceeded === undefined ? {} : { mayHaveSucceeded })
  })

const fakeCall = (input: { readonly n: number }, options: { readonly idempotencyKey?: string | undefined }) =>
  Effect.gen(function*() {
    const fake = yield* Fake
    const span = yield* Effect.option(Effect.currentSpan)
    fake.sent.push({
      n: input.n,
      idempotencyKey: options.idempotencyKey,
      links: Option.isSome(span) ? span.value.links.length : -1
    })
    const answer = fake.script.get(input.n)?.shift() ?? "ok"
    switch (answer) {
      case "ok":
        return { id: `thing_${input.n}`, createdAt: new Date(1_000) }
      case "retryable":
        return yield* failure("Server")
      case "ambiguous":
        return yield* failure("Timeout", true)
      case "rejected":
        return yield* failure("InvalidRequest")
      case "defect":
        return yield* Effect.die(new Error("bug"))
      case "hang":
        return yield* Effect.never
    }
  })

const Input = Schema.Struct({ n: Schema.Number })
const Output = Schema.Struct({ id: Schema.String, createdAt: Schema.Date })

const schedule: Durable.ScheduleInput = { initialDelay: "1 second", factor: 2, maxDelay: "10 seconds", jitter: 0, maxAttempts: 3, giveUpAfter: "1 hour" }

const createThing = Durable.operation({
  name: "fake.things.create",
  input: Input,
  output: Output,
  idempotencyKeys: true,
  call: fakeCall,
  schedule
})

const sendSms = Durable.operation({
  name: "fake.sms.send",
  input: Input,
  output: Output,
  idempotencyKeys: false,
  call: fakeCall,
  schedule
})

const registry = Durable.registry(createThing, sendSms)
const options: Durable.WorkerOptions = { worker: "w1", lease: "30 seconds" }

const fakeLayer = Layer.sync(Fake, () => ({ sent: [], script: new Map() }))

const script = (n: number, ...answers: ReadonlyArray<Answer>) =>
  Effect.map(Fake, (fake) => fake.script.set(n, [...answers]))

const sent = Effect.map(Fake, (fake) => fake.sent)

const suite = (kind: Stores.Kind) =>
  describe(`Durable (${kind})`, () => {
    const env = Layer.merge(Stores.layerFor(kind), fakeLayer)

    it.scoped("enqueues with the business change: a rollback leaves no call, a commit one call per key", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql`CREATE TABLE users (id TEXT PRIMARY KEY)`
        const signUp = (id: string, fail: boolean) =>
          sql.withTransaction(Effect.gen(function*() {
            yield* sql`INSERT INTO users ${sql.insert({ id })}`
            yield* Durable.enqueue(createThing, { n: 1 }, { key: `welcome/${id}` })
            if (fail) return yield* Effect.fail("business rule" as const)
          }))
        expect(yield* Effect.exit(signUp("u_1", true))).toEqual(Exit.fail("business rule"))
        expect(yield* Effect.exit(Durable.get("welcome/u_1"))).toMatchObject({ _tag: "Failure" })
        yield* signUp("u_2", false)
        const call = yield* Durable.get("welcome/u_2")
        expect(call).toMatchObject({ operation: "fake.things.create", state: "pending", idempotent: true, input: "{\"n\":1}" })
        expect(yield* Durable.enqueue(createThing, { n: 1 }, { key: "welcome/u_2" })).toEqual({ key: "welcome/u_2", created: false })
        const reused = yield* Effect.flip(Durable.enqueue(createThing, { n: 2 }, { key: "welcome/u_2" }))
        expect(reused).toMatchObject({ _tag: "DurableError", reason: "KeyReused" })
        const invalid = yield* Effect.flip(Durable.enqueue(createThing, { n: "x" } as unknown as { n: number }, { key: "k" }))
        expect(invalid).toMatchObject({ reason: "InvalidInput" })
      }).pipe(Effect.provide(env)))

    it.scoped("sends the key fixed at enqueue on every attempt, backs off on the schedule, and returns the typed result", () =>
      Effect.gen(function*() {
        yield* script(1, "retryable", "ambiguous", "ok")
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "order/1" })
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, retrying: 1 })
        expect(yield* Durable.get("order/1")).toMatchObject({ state: "retrying", nextAttemptAt: 1_000 })
        yield* TestClock.adjust("999 millis")
        expect((yield* Durable.drain(registry, options)).claimed).toBe(0)
        yield* TestClock.adjust("1 millis")
        // An ambiguous attempt of an idempotent call is simply repeated: the key makes the vendor answer once.
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, retrying: 1 })
        yield* TestClock.adjust("2 seconds")
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, succeeded: 1 })
        expect((yield* sent).map((s) => s.idempotencyKey)).toEqual(["order/1", "order/1", "order/1"])
        const result = yield* Durable.result(createThing, "order/1")
        expect(result._tag).toBe("Succeeded")
        if (result._tag === "Succeeded") {
          expect(result.value).toEqual({ id: "thing_1", createdAt: new Date(1_000) })
          expect(result.call.attempts).toBe(3)
        }
      }).pipe(Effect.provide(env)))

    it.scoped("parks an ambiguous attempt of a non-idempotent call as unconfirmed and never sends it again by itself", () =>
      Effect.gen(function*() {
        yield* script(7, "ambiguous", "ok")
        yield* Durable.enqueue(sendSms, { n: 7 }, { key: "sms/7" })
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, unconfirmed: 1 })
        yield* TestClock.adjust("1 hour")
        expect((yield* Durable.drain(registry, options)).claimed).toBe(0)
        const sentOnce = yield* sent
        expect(sentOnce).toHaveLength(1)
        // No key goes to a vendor that cannot use one.
        expect(sentOnce[0]!.idempotencyKey).toBeUndefined()
        const result = yield* Durable.result(sendSms, "sms/7")
        expect(result).toMatchObject({ _tag: "Unconfirmed" })
        expect(yield* Durable.list({ state: "unconfirmed" })).toHaveLength(1)
        // The operator's decision: it did not go out; send it again.
        expect(yield* Durable.replay(["sms/7"])).toEqual(["sms/7"])
        expect(yield* Durable.drain(registry, options)).toMatchObject({ succeeded: 1 })
        expect(yield* sent).toHaveLength(2)
      }).pipe(Effect.provide(env)))

    it.scoped("an operator confirms an unconfirmed call with the vendor's result", () =>
      Effect.gen(function*() {
        yield* script(8, "ambiguous")
        yield* Durable.enqueue(sendSms, { n: 8 }, { key: "sms/8" })
        yield* Durable.drain(registry, options)
        yield* Durable.confirm(sendSms, "sms/8", { id: "SM8", createdAt: new Date(5) })
        expect(yield* Durable.result(sendSms, "sms/8")).toMatchObject({ _tag: "Succeeded", value: { id: "SM8" } })
        expect(yield* Effect.flip(Durable.confirm(sendSms, "sms/8"))).toMatchObject({ reason: "NotSettled" })
      }).pipe(Effect.provide(env)))

    it.scoped("a crash mid-attempt: the idempotent call is sent again with its key, the non-idempotent one is parked", () =>
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const store = DurableStore.make(sql)
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "a" })
        yield* Durable.enqueue(sendSms, { n: 2 }, { key: "b" })
        // A worker claims both, marks the SMS as going out, and dies before recording anything.
        const claimed = yield* store.claim({ worker: "dead", limit: 10, leaseMillis: 30_000, operations: ["fake.things.create", "fake.sms.send"] })
        expect(claimed).toHaveLength(2)
        expect(yield* store.markStarted("b", "dead")).toBe(true)
        // While the lease runs, nobody else touches them.
        expect((yield* Durable.drain(registry, options)).claimed).toBe(0)
        yield* TestClock.adjust("30 seconds")
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, succeeded: 1, unconfirmed: 1 })
        expect((yield* sent).map((s) => [s.n, s.idempotencyKey])).toEqual([[1, "a"]])
        expect(yield* Durable.get("b")).toMatchObject({ state: "unconfirmed", leaseOwner: "dead" })
        // The dead worker was alive after all, and its answer arrives late: it settles the call.
        expect(yield* store.complete("b", "dead", { _tag: "Succeeded", result: "{\"id\":\"SM2\",\"createdAt\":\"1970-01-01T00:00:00.005Z\"}" })).toBe(true)
        expect(yield* Durable.result(sendSms, "b")).toMatchObject({ _tag: "Succeeded", value: { id: "SM2" } })
      }).pipe(Effect.provide(env)))

    it.scoped("a non-idempotent call claimed but never started is sent by the next worker", () =>
      Effect.gen(function*() {
        const store = DurableStore.make(yield* SqlClient.SqlClient)
        yield* Durable.enqueue(sendSms, { n: 3 }, { key: "c" })
        yield* store.claim({ worker: "dead", limit: 10, leaseMillis: 30_000, operations: ["fake.sms.send"] })
        yield* TestClock.adjust("30 seconds")
        expect(yield* Durable.drain(registry, options)).toMatchObject({ claimed: 1, succeeded: 1 })
      }).pipe(Effect.provide(env)))

    it.scoped("dead letters: out of attempts, not retryable, a defect, each with its reason; replay and cancel", () =>
      Effect.gen(function*() {
        yield* script(1, "retryable", "retryable", "retryable")
        yield* script(2, "rejected")
        yield* script(3, "defect")
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "k1" })
        yield* Durable.enqueue(createThing, { n: 2 }, { key: "k2" })
        yield* Durable.enqueue(createThing, { n: 3 }, { key: "k3" })
        yield* Durable.enqueue(createThing, { n: 4 }, { key: "k4", delay: "1 hour" })
        yield* Durable.drain(registry, options)
        yield* TestClock.adjust("1 second")
        yield* Durable.drain(registry, options)
        yield* TestClock.adjust("2 seconds")
        yield* Durable.drain(registry, options)
        const dead = yield* Durable.list({ state: "dead" })
        const reasons = Object.fromEntries(dead.map((c) => [c.key, c.reason]))
        expect(reasons).toEqual({
          k1: "gave up after 3 attempts",
          k2: "not retryable (InvalidRequest)",
          k3: "defect"
        })
        expect(dead.find((c) => c.key === "k1")!.lastError).toContain("Fake.things.create failed: Server")
        expect(yield* Durable.stats).toMatchObject({ dead: 3, pending: 1, queueDepth: 1, oldestQueuedAgeMillis: 3_000 })
        expect(yield* Durable.cancel(["k4", "k2", "missing"], "not needed")).toEqual(expect.arrayContaining(["k4", "k2"]))
        expect([...(yield* Durable.replayDead())].sort()).toEqual(["k1", "k3"])
        expect(yield* Durable.drain(registry, options)).toMatchObject({ succeeded: 2 })
        expect(yield* Durable.stats).toMatchObject({ succeeded: 2, cancelled: 2, dead: 0, queueDepth: 0 })
        expect(yield* Durable.result(createThing, "k4")).toMatchObject({ _tag: "Cancelled" })
      }).pipe(Effect.provide(env)))

    it.scoped("gives up when the next retry would fall after giveUpAfter", () =>
      Effect.gen(function*() {
        const patient = Durable.operation({
          name: "fake.patient",
          input: Input,
          output: Output,
          idempotencyKeys: true,
          call: fakeCall,
          schedule: { initialDelay: "40 minutes", maxDelay: "2 hours", jitter: 0, maxAttempts: 100, giveUpAfter: "1 hour" }
        })
        yield* script(5, "retryable", "retryable")
        yield* Durable.enqueue(patient, { n: 5 }, { key: "p" })
        const reg = Durable.registry(patient)
        yield* Durable.drain(reg, options)
        yield* TestClock.adjust("40 minutes")
        yield* Durable.drain(reg, options)
        expect(yield* Durable.get("p")).toMatchObject({ state: "dead", reason: "gave up after 1h" })
      }).pipe(Effect.provide(env)))

    it.scoped("each attempt's span links to the trace that enqueued the call; outcomes are counted", () =>
      Effect.gen(function*() {
        const before = (yield* Metric.value(
          Metric.tagged(Metric.tagged(Durable.metrics.attempts, "integration.durable.outcome", "succeeded"), "integration.durable.operation", "fake.things.create")
        )).count
        const traceId = yield* Effect.withSpan(
          Effect.zipRight(
            Durable.enqueue(createThing, { n: 9 }, { key: "traced" }),
            Effect.map(Effect.currentSpan, (span) => span.traceId)
          ),
          "signUp"
        )
        expect((yield* Durable.get("traced")).traceId).toBe(traceId)
        yield* Durable.drain(registry, options)
        expect((yield* sent)[0]!.links).toBe(1)
        const after = (yield* Metric.value(
          Metric.tagged(Metric.tagged(Durable.metrics.attempts, "integration.durable.outcome", "succeeded"), "integration.durable.operation", "fake.things.create")
        )).count
        expect(after - before).toBe(1)
        const gauges = yield* Durable.reportGauges
        expect(gauges.succeeded).toBe(1)
      }).pipe(Effect.provide(env)))

    it.scoped("an attempt that outlives its lease is cut short: retried when idempotent, parked otherwise", () =>
      Effect.gen(function*() {
        yield* script(1, "hang", "ok")
        yield* script(2, "hang")
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "slow-1" })
        yield* Durable.enqueue(sendSms, { n: 2 }, { key: "slow-2" })
        const fiber = yield* Effect.fork(Durable.runOnce(registry, { ...options, lease: "10 seconds" }))
        yield* TestServices.provideLive(Effect.sleep("200 millis"))
        yield* TestClock.adjust("10 seconds")
        expect(yield* Fiber.join(fiber)).toMatchObject({ claimed: 2, retrying: 1, unconfirmed: 1 })
        yield* TestClock.adjust("1 second")
        expect(yield* Durable.drain(registry, options)).toMatchObject({ succeeded: 1 })
        expect((yield* sent).map((s) => s.n)).toEqual([1, 2, 1])
      }).pipe(Effect.provide(env)))

    it.scoped("a reconciler settles unconfirmed calls it can look up", () =>
      Effect.gen(function*() {
        const reconciled = Durable.operation({
          name: "fake.sms.reconciled",
          input: Input,
          output: Output,
          idempotencyKeys: false,
          call: fakeCall,
          reconcile: (input) =>
            Effect.succeed<Durable.Reconciled<typeof Output.Type>>(
              input.n === 1 ? { _tag: "Succeeded", value: { id: "SM1", createdAt: new Date(0) } } : input.n === 2 ? { _tag: "NotSent" } : { _tag: "Unknown" }
            )
        })
        const reg = Durable.registry(reconciled)
        for (const n of [1, 2, 3]) {
          yield* script(n, "ambiguous", "ok")
          yield* Durable.enqueue(reconciled, { n }, { key: `r${n}` })
        }
        yield* Durable.drain(reg, options)
        expect(yield* Durable.reconcile(reg)).toBe(2)
        expect((yield* Durable.get("r1")).state).toBe("succeeded")
        expect((yield* Durable.get("r2")).state).toBe("pending")
        expect((yield* Durable.get("r3")).state).toBe("unconfirmed")
        yield* Durable.drain(reg, options)
        expect((yield* Durable.get("r2")).state).toBe("succeeded")
      }).pipe(Effect.provide(env)))

    it.scoped("the completions stream emits calls as they end", () =>
      Effect.gen(function*() {
        yield* script(2, "rejected")
        const fiber = yield* Effect.fork(Stream.runCollect(Stream.take(Durable.completions({ pollInterval: "1 second" }), 2)))
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "x1" })
        yield* Durable.enqueue(createThing, { n: 2 }, { key: "x2" })
        yield* Durable.drain(registry, options)
        for (let i = 0; i < 3 && fiber.unsafePoll() === null; i++) {
          yield* TestServices.provideLive(Effect.sleep("50 millis"))
          yield* TestClock.adjust("1 second")
        }
        const calls = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
        expect(calls.map((c) => [c.key, c.state]).sort()).toEqual([["x1", "succeeded"], ["x2", "dead"]])
      }).pipe(Effect.provide(env)))

    it.scoped("a worker claims only the operations it knows", () =>
      Effect.gen(function*() {
        yield* Durable.enqueue(sendSms, { n: 1 }, { key: "other" })
        expect((yield* Durable.drain(Durable.registry(createThing), options)).claimed).toBe(0)
        expect((yield* Durable.get("other")).state).toBe("pending")
      }).pipe(Effect.provide(env)))

    it.scoped("the worker loop runs calls until interrupted", () =>
      Effect.gen(function*() {
        yield* Durable.enqueue(createThing, { n: 1 }, { key: "loop" })
        const fiber = yield* Effect.fork(Durable.run(registry, { ...options, pollInterval: "1 second" }))
        for (let i = 0; i < 100 && (yield* Durable.get("loop")).state !== "succeeded"; i++) {
          yield* TestServices.provideLive(Effect.sleep("20 millis"))
          yield* TestClock.adjust("1 second")
        }
        yield* Fiber.interrupt(fiber)
        expect((yield* Durable.get("loop")).state).toBe("succeeded")
      }).pipe(Effect.provide(env)))
  })

describe("Durable", () => {
  it("refuses an operation registered twice", () => {
    expect(() => Durable.registry(createThing, createThing)).toThrow(/registered twice/)
  })

  it.effect("delays double up to the cap, with jitter only below the delay", () =>
    Effect.sync(() => {
      const s = { initialDelayMillis: 1_000, factor: 2, maxDelayMillis: 5_000, jitter: 0.5, maxAttempts: 10, giveUpAfterMillis: 1 }
      expect([1, 2, 3, 4].map((a) => delay(s, a, 0))).toEqual([1_000, 2_000, 4_000, 5_000])
      expect(delay(s, 2, 1)).toBe(1_000)
    }))
})

for (const kind of Stores.kinds) suite(kind)
