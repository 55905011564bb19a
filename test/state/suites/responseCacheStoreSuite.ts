/**
 * The behaviour every `ResponseCache` store must have, run once per store (memory, Redis), directly and under a
 * cache.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as ResponseCache from "../../../src/core/ResponseCache.js"

export interface Model {
  readonly id: string
  readonly tokens: number
  readonly createdAt: Date
}

const model = (id: string): Model => ({ id, tokens: 128_000, createdAt: new Date("2025-01-02T03:04:05.000Z") })

export const responseCacheStoreSuite = (
  name: string,
  makeStore: Effect.Effect<ResponseCache.Store<Model>, never, Scope.Scope>
) =>
  describe(`ResponseCache store (${name})`, () => {
    it.scoped("returns what was set, values intact, until its time to live on the Clock", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        expect(yield* store.get("m")).toEqual(Option.none())
        const entry = { value: model("gpt"), storedAtMillis: 0, expiresAtMillis: 60_000 }
        yield* store.set("m", entry, Duration.minutes(2))
        const found = yield* store.get("m")
        expect(found).toEqual(Option.some(entry))
        expect(Option.map(found, (e) => e.value.createdAt instanceof Date)).toEqual(Option.some(true))
        yield* TestClock.adjust("119 seconds")
        expect(Option.isSome(yield* store.get("m"))).toBe(true)
        yield* TestClock.adjust("1 second")
        expect(yield* store.get("m")).toEqual(Option.none())
      }))

    it.scoped("delete forgets an entry, and a time to live of zero stores nothing", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const entry = { value: model("a"), storedAtMillis: 0, expiresAtMillis: 1 }
        yield* store.set("a", entry, Duration.minutes(1))
        yield* store.delete("a")
        expect(yield* store.get("a")).toEqual(Option.none())
        yield* store.set("b", entry, Duration.minutes(1))
        yield* store.set("b", entry, Duration.zero)
        expect(yield* store.get("b")).toEqual(Option.none())
      }))

    it.scoped("a cache on the store answers from it within the TTL, then calls the lookup again", () =>
      Effect.gen(function*() {
        const store = yield* makeStore
        const cache = yield* ResponseCache.make<Model>({ ttl: "1 minute", store })
        let calls = 0
        const lookup = Effect.sync(() => model(`v${++calls}`))
        expect((yield* cache.getWithMeta("m", lookup)).cache).toBe("miss")
        const hit = yield* cache.getWithMeta("m", lookup)
        expect(hit.cache).toBe("hit")
        expect(hit.value.id).toBe("v1")
        yield* TestClock.adjust("61 seconds")
        expect((yield* cache.get("m", lookup)).id).toBe("v2")
        expect(calls).toBe(2)
      }))
  })
