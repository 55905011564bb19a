import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import { IntegrationError } from "../../src/core/IntegrationError.js"
import * as ResponseCache from "../../src/core/ResponseCache.js"

const failure = (reason: IntegrationError["reason"]) =>
  new IntegrationError({ vendor: "Acme", operation: "models.get", reason, description: reason })

/** A lookup whose n-th call (1-based) returns `script(n)`, and that counts its calls. */
const lookup = (calls: Ref.Ref<number>, script: (n: number) => Effect.Effect<string, IntegrationError>) =>
  Effect.flatMap(Ref.updateAndGet(calls, (n) => n + 1), script)

const version = (n: number) => Effect.succeed(`v${n}`)

const advance = (duration: Duration.DurationInput) => TestClock.adjust(duration)

describe("ResponseCache", () => {
  it.scoped("answers from the cache within the TTL and calls the lookup again after it", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, version)
      expect(yield* cache.getWithMeta("m", read)).toStrictEqual({ value: "v1", cache: "miss", age: Duration.zero })
      yield* advance("30 seconds")
      expect(yield* cache.getWithMeta("m", read)).toStrictEqual({
        value: "v1",
        cache: "hit",
        age: Duration.seconds(30)
      })
      yield* advance("31 seconds")
      expect(yield* cache.getWithMeta("m", read)).toStrictEqual({ value: "v2", cache: "miss", age: Duration.zero })
      expect(yield* cache.get("m", read)).toBe("v2")
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.scoped("never caches a failure", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleIfError: "1 hour" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, (n) => (n === 1 ? Effect.fail(failure("Server")) : version(n)))
      expect(yield* Effect.exit(cache.get("m", read))).toStrictEqual(Exit.fail(failure("Server")))
      expect(yield* cache.get("m", read)).toBe("v2")
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.scoped("serves a stale entry marked stale when the vendor's circuit is open, within the stale window", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleIfError: "5 minutes", vendor: "CacheTest" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, (n) => (n === 1 ? version(n) : Effect.fail(failure("CircuitOpen"))))
      const stale = Metric.value(Metric.tagged(ResponseCache.staleServed, "integration.vendor", "CacheTest"))
      const staleBefore = (yield* stale).count
      yield* cache.get("m", read)
      yield* advance("3 minutes")
      const { attributes, cached } = yield* Effect.gen(function*() {
        const cached = yield* cache.getWithMeta("m", read)
        return { cached, attributes: (yield* Effect.currentSpan).attributes }
      }).pipe(Effect.withSpan("Acme.models.get"))
      expect(cached).toStrictEqual({ value: "v1", cache: "stale", age: Duration.minutes(3) })
      expect(attributes.get("integration.cache")).toBe("stale")
      expect(attributes.get("integration.cache.stale_reason")).toBe("error")
      expect((yield* stale).count - staleBefore).toBe(1)
      // The stale answer did not refresh the entry: the vendor is still asked every time.
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.scoped("does not serve stale past the stale window", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleIfError: "5 minutes" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, (n) => (n === 1 ? version(n) : Effect.fail(failure("CircuitOpen"))))
      yield* cache.get("m", read)
      yield* advance("6 minutes")
      expect(yield* Effect.exit(cache.get("m", read))).toStrictEqual(Exit.fail(failure("CircuitOpen")))
    }))

  it.scoped("does not serve stale for an error the vendor would repeat (not found)", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleIfError: "5 minutes" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, (n) => (n === 1 ? version(n) : Effect.fail(failure("NotFound"))))
      yield* cache.get("m", read)
      yield* advance("2 minutes")
      expect(yield* Effect.exit(cache.get("m", read))).toStrictEqual(Exit.fail(failure("NotFound")))
    }))

  it.scoped("stale-while-revalidate answers at once and refreshes once in the background", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleWhileRevalidate: "1 minute" })
      const calls = yield* Ref.make(0)
      // Refreshes take a second, so the stale answers below cannot have waited for them.
      const read = lookup(calls, (n) => (n === 1 ? version(n) : Effect.zipRight(Effect.sleep("1 second"), version(n))))
      yield* cache.get("m", read)
      yield* advance("90 seconds")
      const answers = yield* Effect.forEach(Array.from({ length: 5 }), () => cache.getWithMeta("m", read), {
        concurrency: "unbounded"
      })
      for (const answer of answers) {
        expect(answer).toStrictEqual({ value: "v1", cache: "stale", age: Duration.seconds(90) })
      }
      yield* advance("1 second")
      expect(yield* Ref.get(calls)).toBe(2)
      expect(yield* cache.getWithMeta("m", read)).toStrictEqual({ value: "v2", cache: "hit", age: Duration.zero })
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.scoped("past the revalidate window the caller waits for a fresh value", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", staleWhileRevalidate: "1 minute" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, version)
      yield* cache.get("m", read)
      yield* advance("3 minutes")
      expect((yield* cache.getWithMeta("m", read)).cache).toBe("miss")
      expect(yield* Ref.get(calls)).toBe(2)
    }))

  it.scoped("concurrent misses for one key share a single lookup", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, (n) => Effect.zipRight(Effect.sleep("1 second"), version(n)))
      const fiber = yield* Effect.fork(
        Effect.forEach(Array.from({ length: 20 }), () => cache.get("m", read), { concurrency: "unbounded" })
      )
      yield* advance("1 second")
      expect(new Set(yield* Fiber.join(fiber))).toStrictEqual(new Set(["v1"]))
      expect(yield* Ref.get(calls)).toBe(1)
    }))

  it.scoped("invalidate forgets an entry", () =>
    Effect.gen(function*() {
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute" })
      const calls = yield* Ref.make(0)
      const read = lookup(calls, version)
      yield* cache.get("m", read)
      yield* cache.invalidate("m")
      expect(yield* cache.get("m", read)).toBe("v2")
    }))

  it.effect("the memory store evicts the least recently used entry beyond its size", () =>
    Effect.gen(function*() {
      const store = yield* ResponseCache.memoryStore<string>({ maxEntries: 2 })
      const entry = (value: string) => ({ value, storedAtMillis: 0, expiresAtMillis: 60_000 })
      yield* store.set("a", entry("a"), Duration.minutes(1))
      yield* store.set("b", entry("b"), Duration.minutes(1))
      yield* store.get("a")
      yield* store.set("c", entry("c"), Duration.minutes(1))
      expect(yield* store.size).toBe(2)
      expect(Option.isSome(yield* store.get("a"))).toBe(true)
      expect(Option.isNone(yield* store.get("b"))).toBe(true)
      expect(Option.isSome(yield* store.get("c"))).toBe(true)
      yield* advance("1 minute")
      expect(Option.isNone(yield* store.get("a"))).toBe(true)
    }))

  it.scoped("a failing store degrades to calling the lookup", () =>
    Effect.gen(function*() {
      const broken: ResponseCache.Store<string> = {
        get: () => Effect.fail(new ResponseCache.CacheStoreError({ operation: "get" })),
        set: () => Effect.fail(new ResponseCache.CacheStoreError({ operation: "set" })),
        delete: () => Effect.fail(new ResponseCache.CacheStoreError({ operation: "delete" }))
      }
      const cache = yield* ResponseCache.make<string>({ ttl: "1 minute", store: broken })
      const calls = yield* Ref.make(0)
      expect(yield* cache.get("m", lookup(calls, version))).toBe("v1")
      expect(yield* cache.get("m", lookup(calls, version))).toBe("v2")
    }))
})
