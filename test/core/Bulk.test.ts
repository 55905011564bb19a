import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Bulk from "../../src/core/Bulk.js"

describe("Bulk", () => {
  it.effect("keeps every record's outcome with its input index", () =>
    Effect.gen(function*() {
      const result = yield* Bulk.forEach([1, 2, 3, 4, 5], (n) => (n % 2 === 0 ? Effect.fail(`bad ${n}`) : Effect.succeed(n * 10)))
      expect(result.succeeded).toEqual([{ index: 0, value: 10 }, { index: 2, value: 30 }, { index: 4, value: 50 }])
      expect(result.failed).toEqual([{ index: 1, error: "bad 2" }, { index: 3, error: "bad 4" }])
    }))

  it("splits into batches remembering indexes and recombines in order", () => {
    const batches = Bulk.batches(["a", "b", "c", "d", "e"], 2)
    expect(batches.map((b) => b.map((x) => x.index))).toEqual([[0, 1], [2, 3], [4]])
    const combined = Bulk.combine([
      { succeeded: [{ index: 4, value: "e" }], failed: [] },
      { succeeded: [{ index: 0, value: "a" }], failed: [{ index: 2, error: "x" }] }
    ])
    expect(combined.succeeded.map((s) => s.index)).toEqual([0, 4])
    expect(combined.failed).toEqual([{ index: 2, error: "x" }])
  })
})
