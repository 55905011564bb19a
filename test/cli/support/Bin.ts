/**
 * The built CLI (`bin/effect-integrations.js` over dist/, from `npm run build`) in a child process, as a user runs it:
 * what it printed on each stream and its exit code. Assertions on what a user must never see live here too.
 */
import { expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"

export const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../../..")

export const bin = NodePath.join(root, "bin/effect-integrations.js")

export interface BinRun {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the CLI with `args` and the given environment (nothing else from ours: no colours forced, no user name for
 * Postgres), to completion. `timeoutMillis` only guards against a hang.
 */
export const runBin = (
  args: ReadonlyArray<string>,
  options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMillis?: number } = {}
): Effect.Effect<BinRun> =>
  Effect.async<BinRun>((resume) => {
    const child = NodeChildProcess.spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env: { PATH: process.env["PATH"] ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
    const guard = setTimeout(() => child.kill("SIGKILL"), options.timeoutMillis ?? 60_000)
    child.on("close", (code) => {
      clearTimeout(guard)
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => {
      clearTimeout(guard)
      child.kill("SIGKILL")
    })
  })

/** A line of a JavaScript stack trace (`    at fn (file.js:1:2)`), or the header Effect prints before one. */
const stackLine = /^\s+at\s|^\s*\[cause\]|^\s*\{\s*_tag|Error: .*\n\s+at\s/m

/** Neither stream carries a stack trace or ANSI colour codes. */
export const expectNoStack = (run: BinRun) => {
  expect(run.stdout, "stdout").not.toMatch(stackLine)
  expect(run.stderr, "stderr").not.toMatch(stackLine)
  expect(run.stdout + run.stderr).not.toContain("\u001b[")
}

/** The non-empty lines of `text`. */
export const lines = (text: string): ReadonlyArray<string> => text.split("\n").filter((line) => line.trim() !== "")

/** A runtime failure: exit 1, exactly one line on stderr, which is returned. */
export const expectOneLineFailure = (run: BinRun): string => {
  expectNoStack(run)
  expect(run.code, run.stderr).toBe(1)
  const errors = lines(run.stderr)
  expect(errors, run.stderr).toHaveLength(1)
  return errors[0]!
}

/** A usage error: exit 2, a message on stderr, nothing else. */
export const expectUsageError = (run: BinRun): string => {
  expectNoStack(run)
  expect(run.code, run.stderr).toBe(2)
  expect(lines(run.stderr).length, run.stderr).toBeGreaterThan(0)
  return run.stderr
}
