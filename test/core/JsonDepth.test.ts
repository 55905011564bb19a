import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import * as JsonDepth from "../../src/core/internal/jsonDepth.js"

const arrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth)
const objects = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)

/** Nesting of a parsed value, the oracle for the text scan. */
const depthOf = (value: unknown): number =>
  typeof value === "object" && value !== null
    ? 1 + Math.max(0, ...Object.values(value).map(depthOf))
    : 0

describe("JsonDepth", () => {
  it("allows nesting up to the limit and refuses one level more, for arrays and objects", () => {
    expect(JsonDepth.exceeds(arrays(512))).toBe(false)
    expect(JsonDepth.exceeds(arrays(513))).toBe(true)
    expect(JsonDepth.exceeds(objects(512))).toBe(false)
    expect(JsonDepth.exceeds(objects(513))).toBe(true)
    expect(JsonDepth.exceeds(arrays(100_000))).toBe(true)
  })

  it("counts depth, not the number of brackets", () => {
    const wide = JSON.stringify(Array.from({ length: 5_000 }, () => [[{ a: [1] }]]))
    expect(JsonDepth.exceeds(wide, 5)).toBe(false)
    expect(JsonDepth.exceeds(wide, 4)).toBe(true)
  })

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(JsonDepth.exceeds(JSON.stringify(["[".repeat(2_000)]))).toBe(false)
    expect(JsonDepth.exceeds(JSON.stringify([`"\\${"{".repeat(2_000)}`]))).toBe(false)
    // An escaped backslash closes the string before the brackets, which then count.
    expect(JsonDepth.exceeds(`["\\\\",${arrays(600)}]`)).toBe(true)
  })

  it("parses within the limit and tells too deep from not JSON", () => {
    expect(JsonDepth.parse("{\"a\":[1,2]}")).toEqual({ _tag: "Parsed", value: { a: [1, 2] } })
    expect(JsonDepth.parse(objects(100_000))).toEqual({ _tag: "TooDeep" })
    expect(JsonDepth.parse("{\"a\":")).toEqual({ _tag: "Invalid" })
  })

  it.prop(
    "agrees with the depth of the parsed value",
    [FastCheck.jsonValue({ maxDepth: 8 }), FastCheck.integer({ min: 0, max: 8 })],
    ([value, limit]) => {
      const text = JSON.stringify(value)
      expect(JsonDepth.exceeds(text, limit)).toBe(depthOf(value) > limit)
    }
  )
})
