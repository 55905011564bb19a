/**
 * Where an outbox lives is checked before a driver sees it, in a real Node process against dist/: a malformed
 * Postgres URL or SQLite path is a `ConfigError` naming the setting (the URL shown with its password masked), the
 * process exits by itself, and nothing it prints holds the password.
 */
import { beforeAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { ensureBuilt, root } from "./support/Processes.js"
import * as Stores from "./support/Stores.js"

const canary = "hunter2-canary"
const pg = new URL(Stores.databaseUrl)
const hostPort = `${pg.hostname}:${pg.port || "5432"}`

interface Case {
  readonly url: string
  readonly via: "pg" | "url" | "sqlite"
  /** What the error says. */
  readonly says: string
}

const cases: ReadonlyArray<Case> = [
  { via: "pg", url: `postgres://postgres:${canary}@${pg.hostname}:abc/test`, says: "port in 1-65535" },
  { via: "pg", url: `postgres://postgres:${canary}@${pg.hostname}:70000/test`, says: "port in 1-65535" },
  { via: "pg", url: `postgres://postgres:${canary}@${pg.hostname}:0/test`, says: "port must be in 1-65535" },
  { via: "pg", url: `postgres://postgres:${canary}@${hostPort}/test/junk`, says: "one database name" },
  { via: "pg", url: `postgres://postgres:${canary}%zz@${hostPort}/test`, says: "password is not valid percent-encoding" },
  { via: "pg", url: `postgres://postgres:${canary}@${hostPort}/test?sslmode=maybe`, says: "sslmode" },
  { via: "pg", url: `postgres://postgres:${canary}@/test`, says: "valid host" },
  { via: "pg", url: `mysql://postgres:${canary}@${hostPort}/test`, says: "got a mysql: URL" },
  { via: "url", url: `postgresql://postgres:${canary}@${hostPort}/test#frag`, says: "fragment" },
  { via: "url", url: `redis://postgres:${canary}@${hostPort}/test`, says: "got a redis: URL" },
  { via: "url", url: `postgres:postgres:${canary}@${hostPort}/test`, says: "must start with" },
  { via: "url", url: "", says: "it is empty" },
  { via: "url", url: "/nonexistent-h13/dir/outbox.db", says: "does not exist" },
  { via: "url", url: "sqlite:///tmp/outbox.db?mode=ro", says: "no query" },
  { via: "sqlite", url: "", says: "it is empty" },
  { via: "sqlite", url: NodePath.join(NodeOs.tmpdir(), "h13-outbox\u0000.db"), says: "NUL" },
  { via: "sqlite", url: "/nonexistent-h13/dir/outbox.db", says: "does not exist" }
]

interface Result {
  readonly index: number
  readonly exit: "Success" | "Failure"
  readonly op?: string
  readonly path?: ReadonlyArray<string>
  readonly message?: string
}

const runFixture = (list: ReadonlyArray<Case>) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
    const child = NodeChildProcess.spawn(process.execPath, [NodePath.join(root, "test/outbox/fixtures/badDbUrl.mjs")], {
      cwd: root,
      env: { ...process.env, CASES: JSON.stringify(list) },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")))
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000)
    child.once("close", (code) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, stdout, stderr }))
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("outbox store URLs, in a process of its own", () => {
  beforeAll(() => ensureBuilt(), 300_000)

  it.live("a malformed Postgres URL or SQLite path is a ConfigError naming the setting, without the password", () =>
    Effect.gen(function*() {
      const control = { via: "pg", url: Stores.databaseUrl, says: "" } as const
      const { code, stderr, stdout } = yield* runFixture([...cases, control])
      expect(stdout + stderr).not.toContain(canary)
      expect(stderr).not.toContain("DeprecationWarning")
      expect(code).toBe(0)
      const results = stdout.trim().split("\n").map((line) => JSON.parse(line) as Result)
      expect(results.map((r) => r.index)).toEqual([...cases, control].map((_, index) => index))
      for (const [index, testCase] of cases.entries()) {
        const result = results[index]!
        expect(result, JSON.stringify(testCase.url)).toMatchObject({
          exit: "Failure",
          op: "InvalidData",
          path: [testCase.via === "sqlite" ? "filename" : "url"]
        })
        expect(result.message, JSON.stringify(testCase.url)).toContain(testCase.says)
      }
      expect(results[3]!.message).toContain(`postgres://postgres:***@${hostPort}/test/junk`)
      // The same fixture opens a good database.
      expect(results[cases.length]).toMatchObject({ exit: "Success" })
    }), { timeout: 120_000 })
})
