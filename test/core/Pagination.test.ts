import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Pagination from "../../src/core/Pagination.js"

const items = Array.from({ length: 25 }, (_, i) => `item_${i}`)

/** A Stripe-like list: `starting_after` cursor, `has_more`. */
const fetchAfter = (calls: Array<string>) => (cursor: Option.Option<string>) =>
  Effect.sync(() => {
    calls.push(Option.getOrElse(cursor, () => "<first>"))
    const start = Option.match(cursor, { onNone: () => 0, onSome: (id) => items.indexOf(id) + 1 })
    const page = items.slice(start, start + 10)
    const hasMore = start + 10 < items.length
    return Pagination.page(page, hasMore ? page[page.length - 1] : undefined)
  })

describe("Pagination", () => {
  it.effect("streams every item of a cursor listing in order", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      const all = yield* Stream.runCollect(Pagination.cursor({ vendor: "V", operation: "list", fetch: fetchAfter(calls) }))
      expect(Chunk.toReadonlyArray(all)).toEqual(items)
      expect(calls).toEqual(["<first>", "item_9", "item_19"])
    }))

  it.effect("fetches pages lazily: taking 3 items costs one request", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      yield* Stream.runCollect(Stream.take(Pagination.cursor({ vendor: "V", operation: "list", fetch: fetchAfter(calls) }), 3))
      expect(calls).toHaveLength(1)
    }))

  it.effect("fails instead of looping when a cursor repeats", () =>
    Effect.gen(function*() {
      const stream = Pagination.cursor({
        vendor: "V",
        operation: "list",
        fetch: () => Effect.succeed(Pagination.page(["a"], "same"))
      })
      const error = yield* Effect.flip(Stream.runCollect(stream))
      expect(error.reason).toBe("ResponseDrift")
      expect(error.description).toContain("repeated")
    }))

  it.effect("collect is bounded and says when it truncated", () =>
    Effect.gen(function*() {
      const calls: Array<string> = []
      const stream = Pagination.cursor({ vendor: "V", operation: "list", fetch: fetchAfter(calls) })
      const first12 = yield* Pagination.collect(stream, 12)
      expect(first12.items).toEqual(items.slice(0, 12))
      expect(first12.truncated).toBe(true)
      const all = yield* Pagination.collect(stream, 100)
      expect(all.truncated).toBe(false)
      expect(all.items).toHaveLength(25)
    }))

  it.effect("offset pagination stops at the first short page", () =>
    Effect.gen(function*() {
      const offsets: Array<number> = []
      const stream = Pagination.offset({
        pageSize: 10,
        fetch: (offset, limit) => Effect.sync(() => (offsets.push(offset), items.slice(offset, offset + limit)))
      })
      expect(Chunk.size(yield* Stream.runCollect(stream))).toBe(25)
      expect(offsets).toEqual([0, 10, 20])
    }))
})
