/**
 * How the CLI ends when it cannot do what it was asked, as a user sees it from a shell: usage errors exit 2 with a
 * message naming the flag, runtime failures exit 1 with one line naming the cause, and neither prints a stack trace or
 * colour codes into a pipe. Runs the built CLI (`npm run build`) in child processes.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodeNet from "node:net"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { expectNoStack, expectOneLineFailure, expectUsageError, lines, runBin } from "./support/Bin.js"

/** A port some other server holds on 127.0.0.1 for the scope's lifetime. */
const busyPort = Effect.acquireRelease(
  Effect.async<NodeNet.Server>((resume) => {
    const server = NodeNet.createServer()
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
).pipe(Effect.map((server) => (server.address() as NodeNet.AddressInfo).port))

/** A file in a temporary directory removed with the scope. */
const tempFile = (name: string, content: string) =>
  Effect.acquireRelease(
    Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "cli-failures-"))),
    (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
  ).pipe(Effect.map((dir) => {
    const file = NodePath.join(dir, name)
    NodeFs.writeFileSync(file, content)
    return file
  }))

describe("CLI runtime failures: exit 1, one line naming the cause", () => {
  it.scopedLive("simulate on a port another process holds names EADDRINUSE and the port", () =>
    Effect.gen(function*() {
      const port = yield* busyPort
      const line = expectOneLineFailure(yield* runBin(["simulate", "--port", String(port)]))
      expect(line).toContain("EADDRINUSE")
      expect(line).toContain(`127.0.0.1:${port}`)
    }))

  it.scopedLive("simulate with a fault file of five problems names the first and lists the count it says", () =>
    Effect.gen(function*() {
      const file = yield* tempFile("bad.json", JSON.stringify({
        rules: [
          { kind: "latency", ms: "slow" },
          { kind: "status", status: "x" },
          { kind: "nope" },
          { kind: "reset", probability: 5 },
          { kind: "latency", ms: -1 }
        ]
      }))
      const line = expectOneLineFailure(yield* runBin(["simulate", "--faults", file]))
      expect(line).toContain(`${file}: rules[0].ms`)
      const more = /and (\d+) more: ([^)]*?)(?: and (\d+) others?)?\)/.exec(line)
      expect(more, line).not.toBeNull()
      const listed = more![2]!.split(", ")
      expect(listed).toEqual(["rules[1].status", "rules[2].kind", "rules[3].probability"])
      expect(Number(more![1])).toBe(listed.length + Number(more![3] ?? 0))
      expect(Number(more![1])).toBe(4)
    }))

  it.scopedLive("outbox stats on a file that is not a database names SQLite's cause", () =>
    Effect.gen(function*() {
      const file = yield* tempFile("body.json", JSON.stringify({ id: "evt_1", object: "event" }))
      const line = expectOneLineFailure(yield* runBin(["outbox", "stats", "--db", file]))
      expect(line).toContain(file)
      expect(line).toContain("file is not a database")
      expect(line).toContain("SQLITE_NOTADB")
    }))

  it.live("outbox stats on a Postgres URL without a user name says so, not just that it cannot use the outbox", () =>
    Effect.gen(function*() {
      // No USER/PGUSER in the child's environment: node-postgres sends no user name at all.
      const line = expectOneLineFailure(yield* runBin(["outbox", "stats", "--db", "postgres://127.0.0.1:5432/test"]))
      expect(line).toContain("postgres://127.0.0.1:5432/test")
      expect(line).toContain("no PostgreSQL user name specified")
    }))

  it.live("outbox stats on a Postgres URL with a password never prints it", () =>
    Effect.gen(function*() {
      const line = expectOneLineFailure(
        yield* runBin(["outbox", "stats", "--db", "postgres://nobody_here:hunter2@127.0.0.1:5432/test"])
      )
      expect(line).toContain("nobody_here")
      expect(line).not.toContain("hunter2")
    }))
})

describe("CLI usage errors: exit 2, the flag named, no stack trace", () => {
  it.live.each([
    [["simulate", "--port", "-1"], "--port"],
    [["simulate", "--port", "99999"], "--port"],
    [["demo", "--calls", "-5"], "--calls"],
    [["demo", "--chaos", "2"], "--chaos"],
    [["demo", "--concurrency", "0"], "--concurrency"],
    [["doctor", "--timeout", "-1"], "--timeout"],
    [["outbox", "dead", "--db", "outbox.db", "--limit", "-3"], "--limit"]
  ] as const)("%j is refused naming %s", ([args, flag]) =>
    Effect.gen(function*() {
      const run = yield* runBin(args)
      expect(expectUsageError(run)).toContain(flag)
      expect(run.stdout).toBe("")
    }))

  it.live("doctor --base-url with a malformed URL names the flag and vendor, not the variable it stands for", () =>
    Effect.gen(function*() {
      const run = yield* runBin(["doctor", "--base-url", "stripe=x"])
      const stderr = expectUsageError(run)
      expect(stderr).toContain("--base-url stripe")
      expect(stderr).not.toContain("STRIPE_BASE_URL")
    }))
})

describe("CLI conventions", () => {
  it.live("global flags work after the subcommand and its options", () =>
    Effect.gen(function*() {
      const run = yield* runBin(["doctor", "--json", "--log-level", "debug"])
      expectNoStack(run)
      // No vendor configured: a negative verdict (1) with its JSON, not a usage error (2).
      expect(run.code, run.stderr).toBe(1)
      expect(JSON.parse(run.stdout)).toEqual({ ok: false, vendors: [] })
    }))

  it.live("help written to a pipe has no colour codes and marks optional flags as optional", () =>
    Effect.gen(function*() {
      const doctor = yield* runBin(["doctor", "--help"])
      expectNoStack(doctor)
      expect(doctor.code).toBe(0)
      expect(doctor.stdout).toContain("[--base-url text...]")
      expect(doctor.stdout).toContain("[--timeout integer]")
      const check = yield* runBin(["url", "check", "--help"])
      expect(check.code).toBe(0)
      expect(check.stdout).toContain("[--allow text...]")
      expect(check.stdout).toContain("[--port text...]")
      expect(check.stdout).not.toContain("\u001b[")
    }))

  it.live("url check of an ftp: URL reports that URL", () =>
    Effect.gen(function*() {
      const run = yield* runBin(["url", "check", "ftp://files.example.com/drop?token=s3cr3t"])
      expectNoStack(run)
      expect(run.code).toBe(1)
      expect(lines(run.stdout)).toHaveLength(1)
      expect(JSON.parse(run.stdout)).toMatchObject({
        allowed: false,
        reason: "UnsupportedScheme",
        url: "ftp://files.example.com/drop?token=REDACTED"
      })
    }))
})
