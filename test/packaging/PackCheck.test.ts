/**
 * The package as users install it (`scripts/pack-check.mjs`): packed, installed into a fresh app with another effect
 * patch and only a Stripe user's peers, type-checked without skipLibCheck and run against the simulator. Runs the
 * built dist/ (`npm test` builds it first) and the npm cache (offline once the cache holds the app's versions).
 */
import { describe, expect, it } from "@effect/vitest"
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

interface Summary {
  readonly ok: boolean
  readonly effect: string
  readonly checks: ReadonlyArray<{ readonly name: string; readonly ok: boolean; readonly detail?: string }>
}

const runPackCheck = () =>
  new Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resolve) => {
    const child = NodeChildProcess.spawn(process.execPath, [NodePath.join(root, "scripts/pack-check.mjs")], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

describe("pack check", () => {
  it("installs the tarball as a user would: one effect, no native build, strict types, a working program", async () => {
    const result = await runPackCheck()
    const summary = JSON.parse(result.stdout.trim().split("\n").pop()!) as Summary
    const failed = summary.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail ?? ""}`)
    expect(failed, result.stderr).toEqual([])
    expect(summary.ok).toBe(true)
    expect(result.code).toBe(0)
    // Every check ran: a run that stopped early has fewer.
    expect(summary.checks.map((c) => c.name)).toEqual([
      "tarball ships LICENSE, README.md, bin, dist/src",
      "tarball has no dist/bench, .tsbuildinfo or tests",
      "publint finds nothing",
      "arethetypeswrong (ESM profile) finds nothing",
      `exactly one effect in the app, ${summary.effect}`,
      "npm ls effect --all: one version",
      "no store driver, native module or OpenTelemetry SDK installed",
      "no native build",
      "the program type-checks with skipLibCheck off",
      "the program runs against the simulator: the 503 retried, the customer created, a NotFound typed",
      "the Redis stores without ioredis name the package to install",
      "the CLI without @effect/cli says what to install, in one line, exit 1"
    ])
  }, 600_000)
})
