/**
 * One demo run from start to finish: the vendor simulator with the fault plan, the local receiver, the outbox on a
 * temporary SQLite file with its dispatcher, the durable worker (in this process, or with `--crash` in a child process
 * killed and restarted mid-run), the app's vendor clients, then every lead through the workflow with
 * live progress, the outbox drained, and the report computed from what the kernel, the simulator and the receiver
 * recorded. Everything is torn down (servers closed, temporary file removed) when it ends.
 *
 * @since 0.1.0
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as CircuitBreaker from "../../core/CircuitBreaker.js"
import { isFallbackExhausted } from "../../core/Fallback.js"
import { isIntegrationError } from "../../core/IntegrationError.js"
import * as Dispatcher from "../../outbox/Dispatcher.js"
import * as Durable from "../../outbox/Durable.js"
import * as Outbox from "../../outbox/Outbox.js"
import * as OutboxSigning from "../../outbox/OutboxSigning.js"
import * as OutboxStore from "../../outbox/OutboxStore.js"
import * as SsrfGuard from "../../outbox/SsrfGuard.js"
import * as VendorSimulator from "../../testing/VendorSimulator.js"
import * as App from "./App.js"
import * as Crash from "./Crash.js"
import * as Durables from "./Durables.js"
import * as FaultPlan from "./FaultPlan.js"
import * as FollowUp from "./FollowUp.js"
import type { DemoOptions } from "./Options.js"
import * as Progress from "./Progress.js"
import * as Receiver from "./Receiver.js"
import * as Render from "./Render.js"
import * as Report from "./Report.js"
import * as Scenario from "./Scenario.js"
import * as Signals from "./Signals.js"

/**
 * A finished run: the report and the span tree of one workflow.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Result {
  readonly report: Report.Report
  readonly spanTree: string | undefined
}

/** The demo's Stripe endpoint secret; the forged event is signed with another one. */
const STRIPE_SECRET = Redacted.make("whsec_demo_stripe_endpoint_secret")
const FORGED_SECRET = Redacted.make("whsec_not_the_endpoint_secret")
/** The Retell API key the demo's Retell webhooks are signed with (Retell signs with an API key). */
const RETELL_KEY = Redacted.make("key_demo_retell_webhook_key")

/** Webhook retries in seconds instead of Svix's hours, so a refused delivery is retried within the run. */
const dispatcherOptions: Dispatcher.Options = {
  pollInterval: "100 millis",
  schedule: ["300 millis", "1 second", "2 seconds"],
  jitter: 0,
  attemptTimeout: "2 seconds",
  lease: "10 seconds",
  concurrency: 8
}

const outcomeOf = (exit: Exit.Exit<Scenario.Converted, unknown>): Report.Outcome => {
  if (Exit.isSuccess(exit)) return { _tag: "Converted", summaryBy: exit.value.summaryBy, sms: exit.value.sms }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (isIntegrationError(error)) return { _tag: "Failed", reason: `${error.vendor} ${error.reason}` }
    if (isFallbackExhausted(error)) return { _tag: "Failed", reason: "AI FallbackExhausted" }
    // The Stripe customer's durable call gave up (its vendor errors are in its record): a typed failure of the lead.
    if (error instanceof Scenario.DurableCallFailed) return { _tag: "Failed", reason: `Stripe durable ${error.state}` }
    // The local database or receiver failing is not a vendor misbehaving: the demo itself is broken.
    return { _tag: "Defect", message: `unexpected failure: ${String((error as { readonly _tag?: unknown })?._tag ?? error)}` }
  }
  return { _tag: "Defect", message: Cause.pretty(exit.cause).split("\n")[0] ?? "defect" }
}

const followUpOutcome = (exit: Exit.Exit<FollowUp.FollowedUp | undefined, unknown>): Report.FollowUpOutcome => {
  if (Exit.isSuccess(exit)) {
    return exit.value === undefined ? { _tag: "Ignored" } : { _tag: "FollowedUp", whatsapp: exit.value.whatsapp }
  }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && isIntegrationError(failure.value)) {
    return { _tag: "Failed", reason: `${failure.value.vendor} ${failure.value.reason}` }
  }
  // A genuine, correctly signed delivery refused, or anything else: the demo itself is broken.
  return { _tag: "Defect", message: `Retell follow-up: ${Cause.pretty(exit.cause).split("\n")[0] ?? "defect"}` }
}

const tempDatabase = Effect.acquireRelease(
  Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "effect-integrations-demo-"))),
  (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => NodePath.join(dir, "outbox.db")))

/**
 * How long the outbox may go without any delivery changing state before the demo stops waiting for it. Far above
 * the dispatcher's longest pause (a 2 s retry delay plus a 2 s attempt timeout), so only a stuck outbox hits it.
 */
const DRAIN_STALL_MILLIS = 30_000

/**
 * Waits until the outbox has nothing left to deliver, for as long as it keeps making progress: it gives up only when
 * no delivery changed state for `stallMillis`, so a slow machine gets the time it needs and a stuck outbox is reported.
 */
const drained = (stallMillis: number) =>
  Effect.gen(function*() {
    let last = ""
    let changedAt = yield* Clock.currentTimeMillis
    while (true) {
      const stats = yield* Outbox.stats
      if (stats.queueDepth === 0) return stats
      const now = yield* Clock.currentTimeMillis
      const state = [stats.pending, stats.delivering, stats.failedRetrying, stats.delivered, stats.dead].join("/")
      if (state !== last) {
        last = state
        changedAt = now
      } else if (now - changedAt > stallMillis) {
        return stats
      }
      yield* Effect.sleep("100 millis")
    }
  })

/**
 * Waits until no durable call is queued, for as long as the queue keeps moving: it gives up only when no call changed
 * state for `stallMillis` (a killed worker's lease is 3 s), so what is still queued then is reported as lost.
 */
const durableDrained = (stallMillis: number) =>
  Effect.gen(function*() {
    let last = ""
    let changedAt = yield* Clock.currentTimeMillis
    while (true) {
      const stats = yield* Durable.stats
      if (stats.queueDepth === 0) return
      const now = yield* Clock.currentTimeMillis
      const state = [stats.pending, stats.running, stats.retrying, stats.succeeded, stats.dead, stats.unconfirmed].join("/")
      if (state !== last) {
        last = state
        changedAt = now
      } else if (now - changedAt > stallMillis) {
        return
      }
      yield* Effect.sleep("100 millis")
    }
  })

const durableEnded = Effect.map(Durable.stats, (s) => s.succeeded + s.dead + s.unconfirmed + s.cancelled)

const program = (options: DemoOptions, exporter: InMemorySpanExporter) =>
  Effect.gen(function*() {
    const simulator = yield* VendorSimulator.make({ seed: options.seed, faults: FaultPlan.make(options) })
    const startedAt = yield* Clock.currentTimeMillis
    const breakers = yield* CircuitBreaker.makeMemoryStore
    const transitions = yield* Signals.watchBreakers(breakers)

    const app = yield* Layer.build(App.layer(simulator, breakers).pipe(Layer.provide(NodeHttpClient.layerUndici)))
    const http = yield* Layer.build(NodeHttpClient.layerUndici)

    const followUps: Array<Report.FollowUpOutcome> = []
    const outboxSecret = OutboxSigning.generateSecret()
    const receiver = yield* Receiver.make({
      outboxSecret,
      stripeSecret: STRIPE_SECRET,
      seed: options.seed,
      refuseRate: Math.min(1, options.chaos * 0.5),
      onRetell: (request) =>
        FollowUp.handle(request, RETELL_KEY).pipe(
          Effect.provide(app),
          Effect.exit,
          Effect.map((exit) => {
            const outcome = followUpOutcome(exit)
            followUps.push(outcome)
            return outcome._tag === "FollowedUp" || outcome._tag === "Ignored" ? 200 : 500
          })
        )
    })

    const filename = yield* tempDatabase
    const outbox = yield* Layer.build(OutboxStore.layerSqlite({ filename }))
    const withOutbox = Effect.provide(outbox)
    yield* withOutbox(Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE IF NOT EXISTS demo_leads (lead TEXT PRIMARY KEY, email TEXT NOT NULL)`
      yield* sql`CREATE TABLE IF NOT EXISTS demo_conversions (lead TEXT PRIMARY KEY, payment_intent TEXT NOT NULL, summary_by TEXT NOT NULL)`
      yield* Outbox.createEndpoint({ url: `${receiver.url}/hooks/outbox`, secret: outboxSecret, description: "demo receiver" })
    }))
    // The receiver is on loopback, which the SSRF guard refuses unless allow-listed.
    yield* Dispatcher.run(dispatcherOptions).pipe(
      Effect.provide(SsrfGuard.layerHttpClient({ allow: ["127.0.0.1"] })),
      withOutbox,
      Effect.forkScoped
    )

    // The durable calls (welcome e-mails, Stripe customers): a worker in this process, or one in a child process that
    // is killed and restarted as the calls progress.
    const crashes = options.crash
      ? (yield* Crash.supervise({
        db: filename,
        urls: { resend: simulator.baseUrl("resend"), stripe: simulator.baseUrl("stripe") },
        expected: 2 * options.calls,
        completed: withOutbox(durableEnded)
      })).crashes
      : yield* Effect.as(
        Durable.run(Durables.registry, Durables.workerOptions).pipe(Effect.provide(app), withOutbox, Effect.forkScoped),
        Effect.succeed(0)
      )

    const before = yield* Signals.counters

    const forgedStatus = yield* Scenario.postStripeEvent(
      `${receiver.url}/hooks/stripe`,
      { id: "evt_forged", object: "event", type: "payment_intent.succeeded", data: { object: { id: "pi_forged", amount: 1 } } },
      FORGED_SECRET
    ).pipe(Effect.provide(http), Effect.orElseSucceed(() => 0))

    const progress = Progress.make({
      total: options.calls,
      every: options.progressEvery,
      startedAt,
      openBreakers: Effect.map(transitions, Progress.openFrom)
    })
    const context: Scenario.Context = { inboundUrl: `${receiver.url}/hooks/stripe`, stripeSecret: STRIPE_SECRET }
    const outcomes = yield* Effect.forEach(
      Array.from({ length: options.calls }, (_, index) => Scenario.lead(index)),
      (lead) =>
        Scenario.convert(lead, context).pipe(
          Effect.provide(app),
          Effect.provide(http),
          withOutbox,
          Effect.exit,
          Effect.map(outcomeOf),
          Effect.tap(progress.record)
        ),
      { concurrency: options.concurrency }
    )

    // The voice stack: one analysed sales call for every fourth lead, posted as Retell would, followed up by the app.
    const now = yield* Clock.currentTimeMillis
    yield* Effect.forEach(
      Array.from({ length: Math.ceil(options.calls / 4) }, (_, index) => index),
      (index) =>
        FollowUp.postRetellEvent(`${receiver.url}/hooks/retell`, FollowUp.callAnalyzed(Scenario.lead(index), index, now), RETELL_KEY)
          .pipe(Effect.provide(http), Effect.orElseSucceed(() => 0)),
      { concurrency: options.concurrency, discard: true }
    )

    yield* withOutbox(durableDrained(DRAIN_STALL_MILLIS))
    const durableCalls = yield* withOutbox(Durable.list({ limit: 100_000 }))
    const outboxStats = yield* withOutbox(drained(DRAIN_STALL_MILLIS))
    const finishedAt = yield* Clock.currentTimeMillis
    const after = yield* Signals.counters
    const inputs: Report.Inputs = {
      options,
      startedAt,
      durationMs: finishedAt - startedAt,
      outcomes,
      counters: Signals.delta(before, after),
      spans: exporter.getFinishedSpans(),
      transitions: yield* transitions,
      simulator: yield* simulator.stats,
      outbox: outboxStats,
      receiver: yield* receiver.stats,
      forgedStatus,
      followUps,
      durable: { calls: durableCalls, crashes: yield* crashes }
    }
    return { report: Report.make(inputs), spanTree: Render.spanTree(inputs.spans) } satisfies Result
  })

/**
 * Runs the demo and returns its report. Fails only when the demo cannot start (a port or the temporary database).
 *
 * @since 0.1.0
 * @category Running
 */
export const run = (options: DemoOptions) =>
  Effect.suspend(() => {
    const exporter = new InMemorySpanExporter()
    return program(options, exporter).pipe(
      Effect.scoped,
      Effect.provide(NodeSdk.layer(() => ({
        resource: { serviceName: "effect-integrations-demo" },
        spanProcessor: new SimpleSpanProcessor(exporter)
      })))
    )
  })
