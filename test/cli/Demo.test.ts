/**
 * `effect-integrations demo` end to end, in-process: the simulator, the real vendor clients, the outbox on SQLite and
 * the local receiver, on real sockets (hence `it.live`). The counts asserted come from the kernel's metrics, the breaker
 * transition stream and the simulator's ledger, so a regression in retries, idempotency or delivery shows here.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import type { Report } from "../../src/cli/demo/Report.js"
import { runCli } from "./support/Cli.js"

/** What `--json` prints: the report, plus the rendered span tree of one workflow. */
type ReportJson = Report & { readonly spanTree: string | null }

// Two leads at a time stretch twelve leads over OpenAI's outage window (1.5 s to 6 s), so its breaker must open.
const ARGS = ["demo", "--json", "--calls", "12", "--seed", "7", "--concurrency", "2"]

const runJson = (argv: ReadonlyArray<string>) =>
  Effect.map(runCli(argv), (run) => {
    expect(run.out).toHaveLength(1)
    return { code: run.code, err: run.err, report: JSON.parse(run.out[0]!) as ReportJson }
  })

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

/** The built CLI in a child process (dist/ comes from `npm run build`), as `npm start` runs it. */
const spawnBin = (args: ReadonlyArray<string>) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
    const child = NodeChildProcess.execFile(
      process.execPath,
      [NodePath.join(root, "bin/effect-integrations.js"), ...args],
      { cwd: root, timeout: 60_000, env: { PATH: process.env["PATH"] ?? "" } },
      (error, stdout, stderr) => resume(Effect.succeed({ code: error === null ? 0 : child.exitCode, stdout, stderr }))
    )
  })

describe("demo", () => {
  it.live("runs the app under chaos and prints one JSON report whose counts come from real signals", () =>
    Effect.gen(function*() {
      const first = yield* runJson(ARGS)
      const report = first.report
      expect(first.code).toBe(0)
      expect(report.calls).toBe(12)
      expect(report.succeeded + report.failed).toBe(12)
      expect(report.retries).toBeGreaterThan(0)
      expect(report.duplicateSideEffects).toBe(0)
      // The plan always loses the answer to one committed payment intent: the retry is answered from the idempotency store.
      expect(report.duplicatesPrevented).toBeGreaterThanOrEqual(1)
      expect(report.unexpectedDefects).toBe(0)
      expect(report.webhooksDelivered).toBeGreaterThan(0)
      expect(report.webhooksDelivered + report.webhooksDead).toBe(report.succeeded)
      expect(report.breakerOpenings).toBeGreaterThanOrEqual(1)
      expect(report.vendors["openai"]!.breakerOpenings).toBeGreaterThanOrEqual(1)
      expect(report.shedWhileOpen).toBeGreaterThan(0)
      // While OpenAI's breaker was open the summaries came from Anthropic.
      expect(report.summariesBy["anthropic"] ?? 0).toBeGreaterThan(0)
      // Every lead that got as far as the payment had its Stripe event verified; the one forged event was refused.
      expect(report.inboundWebhooks.accepted).toBeGreaterThanOrEqual(report.succeeded)
      expect(report.inboundWebhooks.rejected).toBe(1)
      expect(report.inboundWebhooks.forgedRejected).toBe(true)
      expect(Object.keys(report.vendors).sort()).toEqual(["anthropic", "hubspot", "openai", "resend", "stripe", "twilio"])
      const stripe = report.vendors["stripe"]!
      expect(stripe.calls).toBe(stripe.succeeded + stripe.failed)
      // Every attempt of a logical call reached the simulator, retries included.
      expect(stripe.requests).toBe(stripe.calls + stripe.retries)
      expect(report.retries).toBe(Object.values(report.vendors).reduce((sum, v) => sum + v.retries, 0))
      expect(report.spanTree).toContain("Demo.convertLead")
      expect(first.err.some((line) => line.includes("12/12 leads"))).toBe(true)

      const again = yield* runJson(ARGS)
      expect(again.code).toBe(0)
      // Timing moves individual faults between calls; what the seed and the workflow fix must not move.
      const fixed = (r: ReportJson) => ({
        calls: r.calls,
        duplicateSideEffects: r.duplicateSideEffects,
        unexpectedDefects: r.unexpectedDefects,
        forgedRejected: r.inboundWebhooks.forgedRejected,
        hubspotCalls: r.vendors["hubspot"]!.calls
      })
      expect(fixed(again.report)).toEqual(fixed(report))
    }), { timeout: 60_000 })

  it.live("prints the per-vendor table, the breaker transitions and one traced workflow for people", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["demo", "--calls", "3", "--chaos", "0", "--seed", "1"])
      expect(run.code).toBe(0)
      const out = run.out.join("\n")
      expect(out).toMatch(/VENDOR\s+CALLS\s+OK\s+FAILED\s+RETRIES/)
      for (const vendor of ["HubSpot", "Resend", "Stripe", "Twilio", "OpenAI", "Anthropic"]) expect(out).toContain(vendor)
      expect(out).toContain("Duplicate side effects: 0")
      expect(out).toContain("One traced workflow:")
      expect(out).toContain("Stripe.paymentIntents.create")
      expect(out).not.toContain("sk_test_demo_not_a_real_key")
      expect(out).toContain("Verdict: OK")
    }), { timeout: 30_000 })

  it.live("as a process with no environment: stdout is exactly one JSON object, progress goes to stderr", () =>
    Effect.gen(function*() {
      const result = yield* spawnBin(["demo", "--json", "--calls", "6", "--seed", "7"])
      expect(result.code).toBe(0)
      const lines = result.stdout.trim().split("\n")
      expect(lines).toHaveLength(1)
      const report = JSON.parse(lines[0]!) as ReportJson
      expect(report.calls).toBe(6)
      expect(report.duplicateSideEffects).toBe(0)
      expect(report.unexpectedDefects).toBe(0)
      expect(result.stderr).toContain("6/6 leads")
      for (const secret of ["sk_test_demo_not_a_real_key", "re_demo_not_a_real_key", "demo_auth_token_not_real"]) {
        expect(result.stdout + result.stderr).not.toContain(secret)
      }
    }), { timeout: 60_000 })
})
