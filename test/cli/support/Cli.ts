import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { run } from "../../../src/cli/main.js"

/** What a CLI run printed, line by line, and the exit code it chose. */
export interface CliRun {
  readonly code: number
  readonly out: ReadonlyArray<string>
  readonly err: ReadonlyArray<string>
}

/**
 * Runs the root CLI in-process (`argv` without `node` and the script) with stdout and stderr captured through Effect's
 * Console, so a test asserts exactly what a user would see and the exit code `bin` would set.
 */
export const runCli = (argv: ReadonlyArray<string>): Effect.Effect<CliRun> =>
  Effect.gen(function*() {
    const out: Array<string> = []
    const err: Array<string> = []
    const base = yield* Effect.console
    const record = (target: Array<string>) => (...args: ReadonlyArray<unknown>) =>
      Effect.sync(() => void target.push(args.map(String).join(" ")))
    const console: Console.Console = { ...base, log: record(out), info: record(out), error: record(err), warn: record(err) }
    const code = yield* run(argv).pipe(Effect.withConsole(console), Effect.provide(NodeContext.layer))
    return { code, out, err }
  })
