import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Inbox from "../../src/outbox/Inbox.js"
import type { InboxEvent } from "../../src/outbox/OutboxModel.js"
import * as OutboxStore from "../../src/outbox/OutboxStore.js"
import * as Clock from "./support/Clock.js"
import * as Stores from "./support/Stores.js"

class HandlerFailed extends Data.TaggedError("HandlerFailed")<{ readonly secretDetail: string }> {}

const inboxSuite = (kind: Stores.Kind) =>
  describe(`Inbox (${kind})`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, OutboxStore.OutboxStore | SqlClient.SqlClient>) =>
      Effect.provide(effect, Stores.layerFor(kind))

    it.effect("records an event once per source and event id, and only if the caller's transaction commits", () =>
      run(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        const event = { source: "stripe", eventId: "evt_1", type: "invoice.paid", payload: { id: "in_1" } }
        expect(yield* Inbox.record(event)).toEqual({ recorded: true })
        expect(yield* Inbox.record({ ...event, payload: { id: "changed" } })).toEqual({ recorded: false })
        expect(yield* Inbox.record({ ...event, source: "github" })).toEqual({ recorded: true })
        yield* Effect.flip(sql.withTransaction(
          Effect.zipRight(Inbox.record({ ...event, eventId: "evt_rolled_back" }), Effect.fail("abort"))
        ))
        expect(yield* Effect.flip(Inbox.get({ source: "stripe", eventId: "evt_rolled_back" }))).toMatchObject({
          reason: "NotFound"
        })
        const stored = yield* Inbox.get({ source: "stripe", eventId: "evt_1" })
        expect(stored).toMatchObject({ state: "pending", type: "invoice.paid", attempts: 0 })
        expect(JSON.parse(stored.payload)).toEqual({ id: "in_1" })
        expect(yield* Inbox.stats).toMatchObject({ pending: 2, queueDepth: 2, oldestPendingAgeMillis: 0 })
      })))

    it.effect("retries a failing handler on its schedule until it succeeds", () =>
      run(Effect.gen(function*() {
        const seen: Array<number> = []
        const handler = (event: InboxEvent) =>
          Effect.gen(function*() {
            seen.push(event.attempts)
            if (event.attempts < 3) return yield* new HandlerFailed({ secretDetail: "card 4242" })
          })
        yield* Inbox.record({ source: "s", eventId: "e1", type: "t", payload: {} })
        const options: Inbox.Options = { schedule: ["1 second", "10 seconds", "1 minute"], jitter: 0 }
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ claimed: 1, retrying: 1 })
        const failed = yield* Inbox.get({ source: "s", eventId: "e1" })
        expect(failed).toMatchObject({ state: "failed-retrying", lastError: "handler failed: HandlerFailed", nextAttemptAt: 1_000 })
        expect(failed.lastError).not.toContain("4242")
        yield* TestClock.adjust(Duration.seconds(1))
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ retrying: 1 })
        yield* TestClock.adjust(Duration.seconds(9))
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ claimed: 0 })
        yield* TestClock.adjust(Duration.seconds(1))
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ processed: 1 })
        expect(seen).toEqual([1, 2, 3])
        expect(yield* Inbox.get({ source: "s", eventId: "e1" })).toMatchObject({ state: "processed", processedAt: 11_000 })
      })))

    it.effect("an event whose handler keeps failing goes dead, and a replay processes it", () =>
      run(Effect.gen(function*() {
        let broken = true
        const handler = () => (broken ? Effect.die("boom") : Effect.void)
        yield* Inbox.record({ source: "s", eventId: "e1", type: "t", payload: {} })
        const options: Inbox.Options = { schedule: ["1 second"], jitter: 0 }
        yield* Inbox.drain(handler, options)
        yield* TestClock.adjust(Duration.seconds(1))
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ dead: 1 })
        const [dead] = yield* Inbox.listDead()
        expect(dead).toMatchObject({ eventId: "e1", attempts: 2, lastError: "handler died" })
        broken = false
        expect(yield* Inbox.replay([{ source: "s", eventId: "e1" }])).toBe(1)
        expect(yield* Inbox.drain(handler, options)).toMatchObject({ processed: 1 })
        expect(yield* Inbox.stats).toMatchObject({ processed: 1, dead: 0, queueDepth: 0 })
      })))

    it.effect("a handler that outlives its timeout is retried; a crashed worker's event is taken over after its lease", () =>
      run(Effect.gen(function*() {
        const store = (yield* OutboxStore.OutboxStore).inbox
        yield* Inbox.record({ source: "s", eventId: "orphan", type: "t", payload: {} })
        yield* TestClock.adjust(Duration.millis(1))
        yield* Inbox.record({ source: "s", eventId: "slow", type: "t", payload: {} })
        // A worker claims the oldest event and dies before finishing it.
        const [orphan] = yield* store.claim({ worker: "crashed", limit: 1, leaseMillis: 30_000, sources: ["s"] })
        expect(orphan?.eventId).toBe("orphan")
        const options: Inbox.Options = { attemptTimeout: "5 seconds", lease: "30 seconds", schedule: ["1 second"], jitter: 0 }
        const fiber = yield* Effect.fork(Inbox.drain(() => Effect.never, options))
        yield* Clock.awaitSleeperUntil(5_001)
        yield* TestClock.adjust(Duration.seconds(5))
        expect(yield* Fiber.join(fiber)).toMatchObject({ claimed: 1, retrying: 1 })
        expect(yield* Inbox.get({ source: "s", eventId: "slow" })).toMatchObject({
          state: "failed-retrying",
          lastError: "handler timed out after 5s"
        })
        yield* TestClock.adjust(Duration.seconds(26))
        const taken = yield* Inbox.drain(() => Effect.void, options)
        expect(taken).toMatchObject({ claimed: 2, processed: 2 })
        expect(yield* Inbox.get({ source: "s", eventId: "orphan" })).toMatchObject({ state: "processed", attempts: 2 })
        // A claim given back untried is due again and not counted.
        yield* Inbox.record({ source: "s", eventId: "returned", type: "t", payload: {} })
        const [returned] = yield* store.claim({ worker: "w", limit: 1, leaseMillis: 30_000 })
        expect(yield* store.release([returned!], "w")).toBe(1)
        expect(yield* Inbox.get(returned!)).toMatchObject({ state: "pending", attempts: 0 })
        // The crashed worker's late completion does not override the state.
        expect(yield* store.complete({ source: "s", eventId: "orphan" }, "crashed", { _tag: "Dead", error: "late" }))
          .toBe(false)
        expect((yield* Inbox.get({ source: "s", eventId: "orphan" })).state).toBe("processed")
      })))
  })

for (const kind of Stores.kinds) inboxSuite(kind)
