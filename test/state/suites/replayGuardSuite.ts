/**
 * The behaviour every webhook `ReplayGuard` must have, run once per guard (memory, Redis).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as ReplayGuard from "../../../src/webhooks/ReplayGuard.js"
import * as GitHub from "../../../src/webhooks/schemes/GitHub.js"
import * as StandardWebhooks from "../../../src/webhooks/schemes/StandardWebhooks.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../../src/webhooks/WebhookScheme.js"

type Guard = ReplayGuard.ReplayGuard.Service

export const replayGuardSuite = (name: string, makeGuard: Effect.Effect<Guard, never, Scope.Scope>) =>
  describe(`ReplayGuard (${name})`, () => {
    it.scoped("1,000 concurrent claims of one key: exactly one wins", () =>
      Effect.gen(function*() {
        const guard = yield* makeGuard
        const results = yield* Effect.all(
          Array.from({ length: 1_000 }, () => guard.markSeen("standard:id:msg_1", "10 minutes")),
          { concurrency: "unbounded" }
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      }))

    it.scoped("1,000 concurrent verified deliveries of the same id: exactly one passes the guard", () =>
      Effect.gen(function*() {
        const guard = yield* makeGuard
        const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        const signed = yield* StandardWebhooks.scheme.sign({ body: "{\"n\":1}", id: "msg_same" }, secret)
        const deliver = Effect.gen(function*() {
          const webhook = yield* Webhooks.verify(
            StandardWebhooks.scheme,
            makeRequest({ body: signed.body, headers: signed.headers }),
            secret
          )
          return yield* Effect.either(Webhooks.guardReplay(StandardWebhooks.scheme, webhook))
        }).pipe(Effect.provideService(ReplayGuard.ReplayGuard, guard))
        const outcomes = yield* Effect.all(Array.from({ length: 1_000 }, () => deliver), { concurrency: "unbounded" })
        expect(outcomes.filter((o) => o._tag === "Right")).toHaveLength(1)
        expect(new Set(outcomes.flatMap((o) => (o._tag === "Left" ? [o.left.reason] : [])))).toEqual(
          new Set(["Replayed"])
        )
      }))

    it.scoped("a claim expires after its ttl on the Clock, not before", () =>
      Effect.gen(function*() {
        const guard = yield* makeGuard
        expect(yield* guard.markSeen("k", "10 minutes")).toBe(true)
        yield* TestClock.adjust("9 minutes")
        expect(yield* guard.markSeen("k", "10 minutes")).toBe(false)
        yield* TestClock.adjust("61 seconds")
        expect(yield* guard.markSeen("k", "10 minutes")).toBe(true)
        expect(yield* guard.markSeen("k", "10 minutes")).toBe(false)
      }))

    it.scoped("release lets the next delivery with that key through, once", () =>
      Effect.gen(function*() {
        const guard = yield* makeGuard
        expect(yield* guard.markSeen("k", "1 hour")).toBe(true)
        yield* guard.release("k")
        expect(yield* guard.markSeen("k", "1 hour")).toBe(true)
        expect(yield* guard.markSeen("k", "1 hour")).toBe(false)
        yield* guard.release("never-claimed")
      }))

    it.scoped("keys are independent and namespaces separate endpoints", () =>
      Effect.gen(function*() {
        const guard = yield* makeGuard
        const signed = yield* GitHub.scheme.sign({ body: "{}", id: "delivery-7" }, Redacted.make("s"))
        const webhook = yield* Webhooks.verify(
          GitHub.scheme,
          makeRequest({ body: "{}", headers: signed.headers }),
          Redacted.make("s")
        )
        const claim = (replayNamespace: string) =>
          Effect.either(Webhooks.guardReplay(GitHub.scheme, webhook, { replayNamespace })).pipe(
            Effect.provideService(ReplayGuard.ReplayGuard, guard)
          )
        expect((yield* claim("repo-a"))._tag).toBe("Right")
        expect((yield* claim("repo-b"))._tag).toBe("Right")
        expect((yield* claim("repo-a"))._tag).toBe("Left")
      }))
  })
