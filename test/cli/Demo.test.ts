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
import * as TestClock from "effect/TestClock"
import * as FaultPlan from "../../src/cli/demo/FaultPlan.js"
import * as Render from "../../src/cli/demo/Render.js"
import * as DemoReport from "../../src/cli/demo/Report.js"
import type { Report } from "../../src/cli/demo/Report.js"
import * as Durable from "../../src/outbox/Durable.js"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import { runCli } from "./support/Cli.js"

/** What `--json` prints: the report, plus the rendered span tree of one workflow. */
type ReportJson = Report & { readonly spanTree: string | null }

// OpenAI fails its first 5 + 2 requests (the trip threshold plus the concurrency, `FaultPlan.outage`), counted rather
// than timed: twelve leads reach it often enough for its breaker to open on every run, however slow the machine.
const ARGS = ["demo", "--json", "--calls", "12", "--seed", "7", "--concurrency", "2"]

/**
 * Only a guard against a hang: nothing in a run waits on the wall clock except the outbox drain, which gives up only
 * after 30 s without progress.
 */
const HANG_GUARD_MILLIS = 600_000

const runJson = (argv: ReadonlyArray<string>) =>
  Effect.map(runCli(argv), (run) => {
    expect(run.out).toHaveLength(1)
    return { code: run.code, err: run.err, report: JSON.parse(run.out[0]!) as ReportJson }
  })

const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../..")

/** A child that prints nothing (progress goes to stderr every few leads) for this long is stuck, not slow. */
const SILENCE_MILLIS = 120_000

/**
 * The built CLI in a child process (dist/ comes from `npm run build`), as `npm start` runs it. It is killed only when
 * it has printed nothing for `SILENCE_MILLIS`; `stalled` says so.
 */
const spawnBin = (args: ReadonlyArray<string>) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly stalled: boolean }>(
    (resume) => {
      const child = NodeChildProcess.spawn(process.execPath, [NodePath.join(root, "bin/effect-integrations.js"), ...args], {
        cwd: root,
        env: { PATH: process.env["PATH"] ?? "" },
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stdout = ""
      let stderr = ""
      let heardAt = performance.now()
      let stalled = false
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8"), heardAt = performance.now()))
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8"), heardAt = performance.now()))
      const watchdog = setInterval(() => {
        if (performance.now() - heardAt < SILENCE_MILLIS) return
        stalled = true
        child.kill("SIGKILL")
      }, 1_000)
      child.on("close", (code) => {
        clearInterval(watchdog)
        resume(Effect.succeed({ code, stdout, stderr, stalled }))
      })
      return Effect.sync(() => {
        clearInterval(watchdog)
        child.kill("SIGKILL")
      })
    }
  )

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
      // The outage is counted: at least the five failures that open the breaker, at most the 5 + 2 it has.
      expect(report.faultsInjected["outage"]).toBeGreaterThanOrEqual(5)
      expect(report.faultsInjected["outage"]).toBeLessThanOrEqual(7)
      expect(report.breakerOpenings).toBeGreaterThanOrEqual(1)
      expect(report.vendors["openai"]!.breakerOpenings).toBeGreaterThanOrEqual(1)
      // Whatever the speed, a call reaches OpenAI's open breaker: a failed attempt's retry, a later lead, or the retry
      // after the half-open probe the outage also fails (it comes a backoff later, well inside the longer open time).
      expect(report.shedWhileOpen).toBeGreaterThan(0)
      // Every OpenAI attempt either reached the simulator or was shed by the open breaker.
      const openai = report.vendors["openai"]!
      expect(openai.calls + openai.retries).toBe(openai.requests + openai.shedWhileOpen)
      // While OpenAI's breaker was open the summaries came from Anthropic.
      expect(report.summariesBy["anthropic"] ?? 0).toBeGreaterThan(0)
      // Every lead that got as far as the payment had its Stripe event verified; the one forged event was refused.
      expect(report.inboundWebhooks.accepted).toBeGreaterThanOrEqual(report.succeeded)
      expect(report.inboundWebhooks.rejected).toBe(1)
      expect(report.inboundWebhooks.forgedRejected).toBe(true)
      expect(Object.keys(report.vendors).sort()).toEqual(["anthropic", "calcom", "hubspot", "openai", "resend", "stripe", "twilio", "waha"])
      // The voice stack: one analysed call per four leads, each delivery verified and followed up or failed typed;
      // every follow-up books once, and WhatsApp is only reached by follow-ups whose booking and payment link worked.
      expect(report.followUps.calls).toBe(3)
      expect(report.followUps.followedUp + report.followUps.failed).toBe(3)
      expect(report.vendors["calcom"]!.calls).toBe(3)
      expect(report.vendors["waha"]!.calls).toBeLessThanOrEqual(3)
      expect(report.vendors["waha"]!.succeeded).toBeGreaterThanOrEqual(report.followUps.followedUp - report.followUps.whatsappUnconfirmed)
      const stripe = report.vendors["stripe"]!
      expect(stripe.calls).toBe(stripe.succeeded + stripe.failed)
      // Every attempt of a logical call reached the simulator, retries included.
      expect(stripe.requests).toBe(stripe.calls + stripe.retries)
      expect(report.retries).toBe(Object.values(report.vendors).reduce((sum, v) => sum + v.retries, 0))
      expect(report.spanTree).toContain("Demo.convertLead")
      // The welcome e-mail and the Stripe customer of every lead past HubSpot are durable calls, run in this process:
      // none lost, none performed twice, and every converted lead had its customer.
      expect(report.durableCalls).toBeGreaterThanOrEqual(2 * report.succeeded)
      expect(report.durableWorker).toBe("in-process")
      expect(report.workerCrashes).toBe(0)
      expect(report.durableLost).toBe(0)
      expect(report.durableDuplicateSideEffects).toBe(0)
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
    }), { timeout: HANG_GUARD_MILLIS })

  it.live("prints the per-vendor table, the breaker transitions and one traced workflow for people", () =>
    Effect.gen(function*() {
      const run = yield* runCli(["demo", "--calls", "3", "--chaos", "0", "--seed", "1"])
      expect(run.code).toBe(0)
      const out = run.out.join("\n")
      expect(out).toMatch(/VENDOR\s+CALLS\s+OK\s+FAILED\s+RETRIES/)
      for (const vendor of ["HubSpot", "Resend", "Stripe", "Twilio", "OpenAI", "Anthropic"]) expect(out).toContain(vendor)
      expect(out).toContain("Duplicate side effects: 0")
      expect(out).toContain("Durable calls:          6 (welcome e-mails, Stripe customers), 0 lost, 0 performed twice, worker killed 0 times")
      // --chaos 0 is a calm day: nothing injected at all.
      expect(out).toContain("Faults injected:        none")
      expect(out).toContain("One traced workflow:")
      expect(out).toContain("Stripe.paymentIntents.create")
      expect(out).not.toContain("sk_test_demo_not_a_real_key")
      expect(out).toContain("Verdict: OK")
    }), { timeout: HANG_GUARD_MILLIS })

  it.live("as a process with no environment: stdout is exactly one JSON object, progress goes to stderr", () =>
    Effect.gen(function*() {
      const result = yield* spawnBin(["demo", "--json", "--calls", "6", "--seed", "7"])
      expect(result.stalled, result.stderr).toBe(false)
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
    }), { timeout: HANG_GUARD_MILLIS })

  it.live("--crash: the durable worker process is SIGKILLed mid-run and restarted, and no durable call is lost or doubled", () =>
    Effect.gen(function*() {
      const result = yield* spawnBin(["demo", "--json", "--crash", "--calls", "12", "--seed", "7"])
      expect(result.stalled, result.stderr).toBe(false)
      expect(result.code, result.stderr).toBe(0)
      const report = JSON.parse(result.stdout.trim()) as ReportJson
      expect(report.calls).toBe(12)
      expect(report.durableWorker).toBe("child-process")
      expect(report.workerCrashes).toBeGreaterThanOrEqual(1)
      expect(report.durableCalls).toBeGreaterThan(0)
      expect(report.durableLost).toBe(0)
      expect(report.durableDuplicateSideEffects).toBe(0)
      expect(report.duplicateSideEffects).toBe(0)
      expect(report.unexpectedDefects).toBe(0)
      expect(DemoReport.problems(report)).toEqual([])
      expect(result.stderr).toContain("durable worker in a child process killed mid-run")
    }), { timeout: HANG_GUARD_MILLIS })
})

/** One chat completion straight to the simulator's OpenAI; its HTTP status. */
const chat = (simulator: VendorSimulator.VendorSimulator.Service) =>
  Effect.promise(() =>
    fetch(`${simulator.baseUrl("openai")}/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-demo", "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
    }).then(async (response) => (await response.arrayBuffer(), response.status))
  )

describe("demo fault plan", () => {
  it.scoped("fails OpenAI's first trip-threshold + concurrency requests, however late they come", () =>
    Effect.gen(function*() {
      const plan = FaultPlan.make({ chaos: 0.1, seed: 7, concurrency: 2 })
      const simulator = yield* VendorSimulator.make({
        faults: { ...plan, rules: plan.rules.filter((rule) => rule.kind === "outage") }
      })
      // A slow machine: the first lead reaches OpenAI a long time after the simulator started.
      yield* TestClock.adjust("30 seconds")
      const statuses = yield* Effect.forEach(Array.from({ length: 8 }, (_, i) => i), () => chat(simulator))
      expect(statuses).toEqual([503, 503, 503, 503, 503, 503, 503, 200])
    }))
})

describe("demo fault plan at --chaos 0", () => {
  it("injects nothing: no outage, no reset, no latency", () => {
    expect(FaultPlan.make({ chaos: 0, seed: 7, concurrency: 4 }).rules).toEqual([])
    expect(FaultPlan.make({ chaos: 0.01, seed: 7, concurrency: 4 }).rules.length).toBeGreaterThan(0)
  })
})

const durableCall = (key: string, state: Durable.CallState): Durable.Call => ({
  key,
  operation: "demo.stripe.customers.create",
  input: "{}",
  idempotent: true,
  state,
  attempts: 1,
  cycleAttempts: 1,
  cycleStartedAt: 0,
  nextAttemptAt: 0,
  leaseOwner: undefined,
  attemptStartedAt: undefined,
  result: undefined,
  lastError: undefined,
  reason: undefined,
  traceId: undefined,
  spanId: undefined,
  createdAt: 0,
  updatedAt: 0,
  completedAt: state === "succeeded" ? 0 : undefined
})

const sideEffect = (idempotencyKey: string): VendorSimulator.SideEffect => ({
  vendor: "stripe",
  route: "POST /v1/customers",
  kind: "customer.created",
  objectId: "cus_1",
  idempotencyKey,
  at: 0
})

const inputs = (overrides: Partial<DemoReport.Inputs>): DemoReport.Inputs => ({
  options: { calls: 1, chaos: 0, seed: 7, concurrency: 2, progressEvery: 1, crash: false },
  startedAt: 0,
  durationMs: 1_000,
  outcomes: [{ _tag: "Converted", summaryBy: "anthropic", sms: "sent" }],
  counters: { entries: [] },
  spans: [],
  transitions: [{ key: "OpenAI", from: "Closed", to: "Open", at: 500 }],
  simulator: {
    totalRequests: 10,
    requests: {},
    faults: { outage: 5 },
    sideEffects: [],
    sideEffectsByKey: {},
    replays: 0,
    duplicates: 0
  },
  outbox: {
    pending: 0,
    delivering: 0,
    failedRetrying: 0,
    delivered: 1,
    dead: 0,
    queueDepth: 0,
    oldestPendingAgeMillis: undefined,
    endpoints: 1,
    endpointsDisabled: 0,
    endpointsOpen: 0
  },
  receiver: {
    outboxReceived: 1,
    outboxRedelivered: 0,
    outboxRefused: 0,
    outboxInvalid: 0,
    inboundAccepted: 1,
    retellAccepted: 1,
    inboundRejected: {}
  },
  forgedStatus: 400,
  followUps: [{ _tag: "FollowedUp", whatsapp: "sent" }],
  durable: { calls: [durableCall("lead_0001:customer", "succeeded")], crashes: 0 },
  ...overrides
})

describe("demo verdict", () => {
  it("passes a run that kept every promise, and fails one that broke any, whatever the timing", () => {
    expect(DemoReport.exitCode(DemoReport.make(inputs({})))).toBe(0)
    const broken = {
      stuckOutbox: inputs({ outbox: { ...inputs({}).outbox, pending: 1, delivered: 0, queueDepth: 1 } }),
      undelivered: inputs({ receiver: { ...inputs({}).receiver, outboxReceived: 0 } }),
      breakerNeverOpened: inputs({ transitions: [] })
    }
    for (const [name, run] of Object.entries(broken)) {
      const report = DemoReport.make(run)
      expect(report.defects, name).toHaveLength(1)
      expect(DemoReport.exitCode(report), name).toBe(1)
    }
    // A durable call still queued at the end is lost; one whose key the vendor acted on twice was performed twice.
    const lost = DemoReport.make(inputs({ durable: { calls: [durableCall("lead_0001:customer", "retrying")], crashes: 2 } }))
    expect(lost).toMatchObject({ durableLost: 1, workerCrashes: 2, durableDuplicateSideEffects: 0 })
    expect(DemoReport.problems(lost)).toEqual(["1 durable call lost"])
    const twice = DemoReport.make(inputs({
      simulator: { ...inputs({}).simulator, sideEffects: [sideEffect("lead_0001:customer"), sideEffect("lead_0001:customer")] }
    }))
    expect(twice.durableDuplicateSideEffects).toBe(1)
    expect(DemoReport.exitCode(twice)).toBe(1)
    expect(Render.render(twice, undefined)).toContain("NOT OK (1 durable call performed twice)")
    // Dead and parked calls are settled, not lost.
    expect(DemoReport.make(inputs({
      durable: { calls: [durableCall("a", "dead"), durableCall("b", "unconfirmed"), durableCall("c", "cancelled")], crashes: 0 }
    })).durableLost).toBe(0)
    // Fewer refusals than the trip threshold cannot open a breaker: no promise was broken.
    expect(DemoReport.exitCode(DemoReport.make(inputs({
      transitions: [],
      simulator: { ...inputs({}).simulator, faults: { outage: 4 } }
    })))).toBe(0)
  })
})

describe("demo verdict when most leads failed", () => {
  const failedLeads = (failed: number, calls: number): ReadonlyArray<DemoReport.Outcome> =>
    Array.from({ length: calls }, (_, i) =>
      i < failed ? { _tag: "Failed", reason: "OpenAI Server" } : { _tag: "Converted", summaryBy: "anthropic", sms: "sent" })

  it("is NOT OK, with exit 1, when more than half of the leads failed (--chaos 1 --calls 10: 9 failed)", () => {
    const report = DemoReport.make(inputs({ outcomes: failedLeads(9, 10) }))
    expect(DemoReport.problems(report)).toEqual(["9 of 10 leads failed"])
    expect(DemoReport.exitCode(report)).toBe(1)
    expect(Render.render(report, undefined)).toContain("Verdict: NOT OK (9 of 10 leads failed)")
  })

  it("stays OK when half or fewer failed: the SDK reported them as typed errors", () => {
    const report = DemoReport.make(inputs({ outcomes: failedLeads(5, 10) }))
    expect(DemoReport.exitCode(report)).toBe(0)
    expect(Render.render(report, undefined)).toContain("Verdict: OK")
  })
})
