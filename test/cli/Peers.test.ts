import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Failure from "../../src/cli/Failure.js"
import * as Peers from "../../src/cli/Peers.js"

const importing = (specifier: string) => () => import(specifier) as Promise<unknown>

describe("CLI commands' optional packages", () => {
  it.effect("a missing one fails the command (exit 1) with one line naming it and what to install", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Peers.load(Peers.demo, importing("@effect-integrations-missing/otel-sdk")))
      expect(Failure.isCliFailure(error)).toBe(true)
      expect(error.code).toBe(1)
      expect(error.message).toBe(
        `effect-integrations demo needs the package @effect-integrations-missing/otel-sdk, which is not installed: npm install ${Peers.demo.install}`
      )
      expect(error.message).not.toContain("\n")
    }))
})

describe("Failure.describe", () => {
  it("reduces an error and its causes to one line: messages outermost first, the innermost code, secrets masked", () => {
    const sqlite = Object.assign(new Error("file is not a database"), { code: "SQLITE_NOTADB" })
    const wrapped = { _tag: "SqlError", message: "Failed to prepare statement", cause: sqlite }
    expect(Failure.describe(wrapped)).toBe("Failed to prepare statement: file is not a database (SQLITE_NOTADB)")
    const pg = Object.assign(new Error("password authentication failed for user \"app\" (hunter2)\n    at Parser.parse"), { code: "28P01" })
    expect(Failure.describe({ message: "PgClient: Failed to connect", cause: pg }, ["hunter2"])).toBe(
      "PgClient: Failed to connect: password authentication failed for user \"app\" (***) (28P01)"
    )
  })
})
