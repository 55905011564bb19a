import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as GlobalFlags from "../../src/cli/GlobalFlags.js"
import * as Terminal from "../../src/cli/Terminal.js"

describe("Terminal", () => {
  it("colours only a terminal, and never with NO_COLOR set", () => {
    expect(Terminal.colours({ isTTY: true }, {})).toBe(true)
    expect(Terminal.colours({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    // no-color.org: an empty NO_COLOR does not count.
    expect(Terminal.colours({ isTTY: true }, { NO_COLOR: "" })).toBe(true)
    expect(Terminal.colours({ isTTY: false }, {})).toBe(false)
    expect(Terminal.colours({}, {})).toBe(false)
  })

  it.effect("a plain console strips colour codes from the stream it is told to, and only from that one", () =>
    Effect.gen(function*() {
      const out: Array<string> = []
      const err: Array<string> = []
      const base = yield* Effect.console
      const console = Terminal.console(
        { ...base, log: (...args) => Effect.sync(() => void out.push(args.join(" "))), error: (...args) => Effect.sync(() => void err.push(args.join(" "))) },
        { stdout: false, stderr: true }
      )
      yield* console.log("\u001b[0;1mUSAGE\u001b[0m")
      yield* console.error("\u001b[31mred\u001b[0m")
      expect(out).toEqual(["USAGE"])
      expect(err).toEqual(["\u001b[31mred\u001b[0m"])
    }))
})

describe("GlobalFlags.hoist", () => {
  it("moves --log-level and its value to the front from anywhere, up to --", () => {
    expect(GlobalFlags.hoist(["outbox", "stats", "--db", "x", "--log-level", "debug"])).toEqual(["--log-level", "debug", "outbox", "stats", "--db", "x"])
    expect(GlobalFlags.hoist(["doctor", "--log-level=info", "--json"])).toEqual(["--log-level=info", "doctor", "--json"])
    expect(GlobalFlags.hoist(["webhook", "sign", "--", "--log-level", "x"])).toEqual(["webhook", "sign", "--", "--log-level", "x"])
    expect(GlobalFlags.hoist(["demo"])).toEqual(["demo"])
  })
})
