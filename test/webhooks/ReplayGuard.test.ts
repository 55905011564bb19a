import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import type { VerifiedWebhook, WebhookScheme } from "../../src/webhooks/WebhookScheme.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"

describe("ReplayGuard (memory)", () => {
  it.effect("1,000 concurrent claims of one key: exactly one wins", () =>
    Effect.gen(function*() {
      const guard = yield* ReplayGuard.makeMemory()
      const results = yield* Effect.all(Array.from({ length: 1000 }, () => guard.markSeen("standard:id:msg_1", "10 minutes")), {
        concurrency: "unbounded"
      })
      expect(results.filter(Boolean)).toHaveLength(1)
    }))

  it.effect("1,000 concurrent verified deliveries of the same id: exactly one passes the replay guard", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      const signed = yield* StandardWebhooks.scheme.sign({ body: "{\"n\":1}", id: "msg_same" }, secret)
      const deliver = Effect.gen(function*() {
        const request = makeRequest({ body: signed.body, headers: signed.headers })
        const webhook = yield* Webhooks.verify(StandardWebhooks.scheme, request, secret)
        return yield* Effect.either(Webhooks.guardReplay(StandardWebhooks.scheme, webhook))
      })
      const outcomes = yield* Effect.all(Array.from({ length: 1000 }, () => deliver), { concurrency: "unbounded" })
      expect(outcomes.filter((o) => o._tag === "Right")).toHaveLength(1)
      const rejected = outcomes.flatMap((o) => (o._tag === "Left" ? [o.left.reason] : []))
      expect(rejected).toHaveLength(999)
      expect(new Set(rejected)).toEqual(new Set(["Replayed"]))
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it.effect("a claim expires after its ttl on the Clock, not before", () =>
    Effect.gen(function*() {
      const guard = yield* ReplayGuard.makeMemory()
      expect(yield* guard.markSeen("k", "10 minutes")).toBe(true)
      yield* TestClock.adjust("9 minutes")
      expect(yield* guard.markSeen("k", "10 minutes")).toBe(false)
      yield* TestClock.adjust("61 seconds")
      expect(yield* guard.markSeen("k", "10 minutes")).toBe(true)
    }))

  it.effect("release lets the next delivery with that key through", () =>
    Effect.gen(function*() {
      const guard = yield* ReplayGuard.makeMemory()
      expect(yield* guard.markSeen("k", "1 hour")).toBe(true)
      yield* guard.release("k")
      expect(yield* guard.markSeen("k", "1 hour")).toBe(true)
      expect(yield* guard.markSeen("k", "1 hour")).toBe(false)
    }))

  it.effect("stays within maxEntries: expired keys go first, then the oldest claims", () =>
    Effect.gen(function*() {
      const guard = yield* ReplayGuard.makeMemory({ maxEntries: 3 })
      yield* guard.markSeen("short", "1 second")
      yield* guard.markSeen("a", "1 hour")
      yield* guard.markSeen("b", "1 hour")
      yield* TestClock.adjust("2 seconds")
      // Full: the expired key makes room, a and b stay.
      expect(yield* guard.markSeen("c", "1 hour")).toBe(true)
      expect(yield* guard.markSeen("a", "1 hour")).toBe(false)
      expect(yield* guard.markSeen("b", "1 hour")).toBe(false)
      // Full again with live keys only: the oldest claim (a) is evicted.
      expect(yield* guard.markSeen("d", "1 hour")).toBe(true)
      expect(yield* guard.markSeen("b", "1 hour")).toBe(false)
      expect(yield* guard.markSeen("a", "1 hour")).toBe(true)
    }))

  it.effect("guardReplay remembers deliveries without a signed timestamp for 24 hours, then accepts a copy again", () =>
    Effect.gen(function*() {
      const signed = yield* GitHub.scheme.sign({ body: "{}", id: "delivery-1" }, Redacted.make("s"))
      const webhook = yield* Webhooks.verify(GitHub.scheme, makeRequest({ body: "{}", headers: signed.headers }), Redacted.make("s"))
      yield* Webhooks.guardReplay(GitHub.scheme, webhook)
      yield* TestClock.adjust("23 hours")
      expect((yield* Effect.flip(Webhooks.guardReplay(GitHub.scheme, webhook))).reason).toBe("Replayed")
      yield* TestClock.adjust("61 minutes")
      yield* Webhooks.guardReplay(GitHub.scheme, webhook)
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it.effect("replayNamespace separates endpoints that share a guard", () =>
    Effect.gen(function*() {
      const signed = yield* GitHub.scheme.sign({ body: "{}", id: "delivery-7" }, Redacted.make("s"))
      const webhook = yield* Webhooks.verify(GitHub.scheme, makeRequest({ body: "{}", headers: signed.headers }), Redacted.make("s"))
      yield* Webhooks.guardReplay(GitHub.scheme, webhook, { replayNamespace: "repo-a" })
      yield* Webhooks.guardReplay(GitHub.scheme, webhook, { replayNamespace: "repo-b" })
      expect(Webhooks.replayKeyOf(webhook, { replayNamespace: "repo-a" })).toBe(`repo-a:${webhook.replayKey}`)
      expect(webhook.replayKey).toMatch(/^github:sha256:[0-9a-f]{64}$/)
      const again = yield* Effect.flip(Webhooks.guardReplay(GitHub.scheme, webhook, { replayNamespace: "repo-a" }))
      expect(again.reason).toBe("Replayed")
    }).pipe(Effect.provide(ReplayGuard.layerMemory())))

  it.effect("the window follows each delivery's replayProtection: a timestamp claim counts only from a timestamped scheme", () =>
    Effect.gen(function*() {
      const ttls: Array<number> = []
      const recording = ReplayGuard.ReplayGuard.of({
        markSeen: (_, ttl) => Effect.sync(() => (ttls.push(Duration.toSeconds(Duration.decode(ttl))), true)),
        release: () => Effect.void
      })
      const delivery = (replayProtection: VerifiedWebhook["replayProtection"]): VerifiedWebhook => ({
        scheme: "standard",
        idSigned: false,
        replayProtection,
        replayKey: `standard:sha256:${replayProtection}`
      })
      // A scheme of one's own whose verify says "timestamp" although the scheme checks none.
      const untimestamped: WebhookScheme = { ...StandardWebhooks.scheme, timestamped: false }
      const claims = [
        Webhooks.guardReplay(StandardWebhooks.scheme, delivery("timestamp")),
        Webhooks.guardReplay(StandardWebhooks.scheme, delivery("remembered")),
        Webhooks.guardReplay(untimestamped, delivery("timestamp"))
      ]
      for (const claim of claims) yield* Effect.provideService(claim, ReplayGuard.ReplayGuard, recording)
      expect(ttls).toEqual([660, 24 * 3600, 24 * 3600])
    }))
})
