/**
 * The demo's report: per-vendor numbers from the kernel's metrics and spans, breaker openings from the transition
 * stream, duplicates from the simulator's ledger, webhooks from the outbox and the receiver. `--json` prints it as is;
 * `Render` shows it to people.
 *
 * @since 0.1.0
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import type * as CircuitBreaker from "../../core/CircuitBreaker.js"
import * as Telemetry from "../../core/Telemetry.js"
import type * as Durable from "../../outbox/Durable.js"
import type { Stats as OutboxStats } from "../../outbox/OutboxModel.js"
import type * as VendorSimulator from "../../testing/VendorSimulator.js"
import * as App from "./App.js"
import * as FaultPlan from "./FaultPlan.js"
import type { DemoOptions } from "./Options.js"
import type * as Receiver from "./Receiver.js"
import * as Signals from "./Signals.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface VendorReport {
  /** Logical calls (an SDK method call, retries included). */
  readonly calls: number
  readonly succeeded: number
  readonly failed: number
  /** Requests sent again after a failed attempt. */
  readonly retries: number
  /** Requests the simulator received for this vendor. */
  readonly requests: number
  readonly breakerOpenings: number
  /** Attempts refused by the open breaker without a request. */
  readonly shedWhileOpen: number
  /** Calls that waited for rate-limit quota. */
  readonly limiterWaits: number
  readonly p50Ms: number
  readonly p95Ms: number
}

/**
 * How one lead ended.
 *
 * @since 0.1.0
 * @category Models
 */
export type Outcome =
  | { readonly _tag: "Converted"; readonly summaryBy: string; readonly sms: "sent" | "unconfirmed" }
  | { readonly _tag: "Failed"; readonly reason: string }
  | { readonly _tag: "Defect"; readonly message: string }

/**
 * How one Retell delivery to the app's endpoint went.
 *
 * @since 0.3.0
 * @category Models
 */
export type FollowUpOutcome =
  | { readonly _tag: "FollowedUp"; readonly whatsapp: "sent" | "unconfirmed" }
  | { readonly _tag: "Ignored" }
  | { readonly _tag: "Failed"; readonly reason: string }
  | { readonly _tag: "Defect"; readonly message: string }

/**
 * @since 0.1.0
 * @category Models
 */
export interface Report {
  readonly seed: number
  readonly chaos: number
  readonly durationMs: number
  /** Leads run through the workflow. */
  readonly calls: number
  readonly succeeded: number
  /** Leads that ended with a typed vendor error after every retry, by reason. */
  readonly failed: number
  readonly failures: Readonly<Record<string, number>>
  readonly retries: number
  /** Side effects the simulator performed twice for one request (by idempotency key, or an identical body). */
  readonly duplicateSideEffects: number
  /** Retried requests the vendors answered from their idempotency store instead of acting again. */
  readonly duplicatesPrevented: number
  readonly breakerOpenings: number
  readonly shedWhileOpen: number
  readonly limiterWaits: number
  readonly faultsInjected: Readonly<Record<string, number>>
  readonly summariesBy: Readonly<Record<string, number>>
  /** SMS sends that failed ambiguously (Twilio has no idempotency key, so they are not retried). */
  readonly smsUnconfirmed: number
  readonly webhooksDelivered: number
  readonly webhooksDead: number
  /** Outbox deliveries the receiver refused on purpose, then got again. */
  readonly webhooksRetried: number
  readonly inboundWebhooks: { readonly accepted: number; readonly rejected: number; readonly forgedRejected: boolean }
  readonly breakerTransitions: ReadonlyArray<{ readonly breaker: string; readonly from: string; readonly to: string; readonly atMs: number }>
  /** Defects and broken invariants; the run fails when there is any. */
  /**
   * The voice stack: Retell `call_analyzed` deliveries followed up (Cal.com booking, Stripe payment link, WhatsApp
   * reply through WAHA), failed (by vendor and reason), and WhatsApp replies that may have gone out but were not
   * confirmed (never sent twice).
   */
  readonly followUps: {
    readonly calls: number
    readonly followedUp: number
    readonly failed: number
    readonly failures: Readonly<Record<string, number>>
    readonly whatsappUnconfirmed: number
  }
  /** Durable calls (welcome e-mails, Stripe customers) enqueued with their leads. */
  readonly durableCalls: number
  /**
   * Where the durable worker ran: in the demo's process, or (`--crash`) in a child process whose vendor calls the
   * per-vendor table does not count (the simulator's requests do).
   */
  readonly durableWorker: "in-process" | "child-process"
  /** Durable worker processes SIGKILLed mid-run (`--crash`; 0 with the worker in the demo's process). */
  readonly workerCrashes: number
  /** Durable calls still queued at the end: neither succeeded nor given up (dead) or parked. Must be 0. */
  readonly durableLost: number
  /** Extra side effects the simulator performed for one durable call's idempotency key. Must be 0. */
  readonly durableDuplicateSideEffects: number
  readonly unexpectedDefects: number
  readonly defects: ReadonlyArray<string>
  readonly vendors: Readonly<Record<App.VendorId, VendorReport>>
}

/**
 * Everything the report is computed from.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Inputs {
  readonly options: DemoOptions
  readonly startedAt: number
  readonly durationMs: number
  readonly outcomes: ReadonlyArray<Outcome>
  readonly counters: Signals.Counters
  readonly spans: ReadonlyArray<ReadableSpan>
  readonly transitions: ReadonlyArray<CircuitBreaker.Transition>
  readonly simulator: VendorSimulator.Stats
  readonly outbox: OutboxStats
  readonly receiver: Receiver.Stats
  /** HTTP status the receiver gave the forged Stripe webhook. */
  readonly forgedStatus: number
  readonly followUps: ReadonlyArray<FollowUpOutcome>
  /** The durable calls as stored once the queue stopped moving, and how many worker processes were killed. */
  readonly durable: { readonly calls: ReadonlyArray<Durable.Call>; readonly crashes: number }
}

const BREAKER_REJECTIONS = "integration.breaker.rejections"
const LIMITER_WAITS = "integration.ratelimit.waits"

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? 0 : Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 10) / 10

const spanMillis = (span: ReadableSpan): number => span.duration[0] * 1000 + span.duration[1] / 1e6

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string | undefined): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const item of items) {
    const k = key(item)
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1
  }
  return out
}

const vendorReport = (inputs: Inputs, vendor: typeof App.vendors[number]): VendorReport => {
  const tag = { [Telemetry.Tag.vendor]: vendor.name }
  const sum = (name: string, extra: Record<string, string> = {}) => Signals.sum(inputs.counters, name, { ...tag, ...extra })
  const durations = inputs.spans
    .filter((span) => span.attributes[Telemetry.Attr.vendor] === vendor.name && span.attributes[Telemetry.Attr.attempts] !== undefined)
    .map(spanMillis)
    .sort((a, b) => a - b)
  const requests = Object.entries(inputs.simulator.requests)
    .filter(([route]) => route.startsWith(`${vendor.id} `))
    .reduce((total, [, n]) => total + n, 0)
  return {
    calls: sum("integration.calls"),
    succeeded: sum("integration.calls", { [Telemetry.Tag.outcome]: "success" }),
    failed: sum("integration.calls", { [Telemetry.Tag.outcome]: "failure" }),
    retries: sum("integration.retries"),
    requests,
    breakerOpenings: inputs.transitions.filter((t) => t.key === vendor.name && t.to === "Open").length,
    shedWhileOpen: sum(BREAKER_REJECTIONS),
    limiterWaits: sum(LIMITER_WAITS),
    p50Ms: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95)
  }
}

/**
 * What the SDK promises whatever the machine's speed, checked on the run: the outbox delivers everything (or gives it
 * up as dead) as long as it makes progress, a delivery it counts reached the receiver, and a vendor that failed as
 * many requests in a row as the trip policy allows has had its breaker opened.
 */
const brokenPromises = (inputs: Inputs): ReadonlyArray<string> => {
  const broken: Array<string> = []
  if (inputs.outbox.queueDepth > 0) {
    broken.push(`${inputs.outbox.queueDepth} outbox deliveries were left undelivered when delivery stopped making progress`)
  }
  if (inputs.receiver.outboxReceived < inputs.outbox.delivered) {
    broken.push(
      `the outbox counted ${inputs.outbox.delivered} deliveries, the receiver verified ${inputs.receiver.outboxReceived}`
    )
  }
  // The outage fails OpenAI's first requests, all of them: the breaker sees nothing but failures until it opens.
  const refused = inputs.simulator.faults["outage"] ?? 0
  const down = App.vendors.find((vendor) => vendor.id === FaultPlan.outageVendor)!.name
  if (refused >= FaultPlan.tripAfter && !inputs.transitions.some((t) => t.key === down && t.to === "Open")) {
    broken.push(`${down} failed its first ${refused} requests but its circuit breaker never opened`)
  }
  return broken
}

const QUEUED: ReadonlySet<Durable.CallState> = new Set(["pending", "running", "retrying"])

/** Side effects beyond the first for each durable call's key, from the simulator's ledger. */
const durableDuplicates = (inputs: Inputs): number => {
  const keys = new Set(inputs.durable.calls.map((call) => call.key))
  const effects = new Map<string, number>()
  for (const effect of inputs.simulator.sideEffects) {
    if (effect.idempotencyKey !== undefined && keys.has(effect.idempotencyKey)) {
      effects.set(effect.idempotencyKey, (effects.get(effect.idempotencyKey) ?? 0) + 1)
    }
  }
  return [...effects.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0)
}

/**
 * Computes the report.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (inputs: Inputs): Report => {
  const vendors = Object.fromEntries(App.vendors.map((vendor) => [vendor.id, vendorReport(inputs, vendor)])) as Record<
    App.VendorId,
    VendorReport
  >
  const all = Object.values(vendors)
  const total = (field: keyof VendorReport) => all.reduce((sum, v) => sum + v[field], 0)
  const byKey = Object.values(inputs.simulator.sideEffectsByKey).reduce((sum, n) => sum + Math.max(0, n - 1), 0)
  const defects = [
    ...inputs.outcomes.flatMap((o) => (o._tag === "Defect" ? [o.message] : [])),
    ...inputs.followUps.flatMap((o) => (o._tag === "Defect" ? [o.message] : [])),
    ...(inputs.forgedStatus === 200 ? ["a forged Stripe webhook was accepted"] : []),
    ...(inputs.receiver.outboxInvalid > 0 ? [`${inputs.receiver.outboxInvalid} outbox deliveries failed verification`] : []),
    ...brokenPromises(inputs)
  ]
  const inboundRejected = Object.values(inputs.receiver.inboundRejected).reduce((sum, n) => sum + n, 0)
  return {
    seed: inputs.options.seed,
    chaos: inputs.options.chaos,
    durationMs: Math.round(inputs.durationMs),
    calls: inputs.outcomes.length,
    succeeded: inputs.outcomes.filter((o) => o._tag === "Converted").length,
    failed: inputs.outcomes.filter((o) => o._tag === "Failed").length,
    failures: countBy(inputs.outcomes, (o) => (o._tag === "Failed" ? o.reason : undefined)),
    retries: total("retries"),
    // An identical repeat with the same key shows in both counts; the larger one is the number of extra side effects.
    duplicateSideEffects: Math.max(byKey, inputs.simulator.duplicates),
    duplicatesPrevented: inputs.simulator.replays,
    breakerOpenings: total("breakerOpenings"),
    shedWhileOpen: total("shedWhileOpen"),
    limiterWaits: total("limiterWaits"),
    faultsInjected: inputs.simulator.faults,
    summariesBy: countBy(inputs.outcomes, (o) => (o._tag === "Converted" ? o.summaryBy : undefined)),
    smsUnconfirmed: inputs.outcomes.filter((o) => o._tag === "Converted" && o.sms === "unconfirmed").length,
    webhooksDelivered: inputs.outbox.delivered,
    webhooksDead: inputs.outbox.dead,
    webhooksRetried: inputs.receiver.outboxRefused,
    inboundWebhooks: { accepted: inputs.receiver.inboundAccepted, rejected: inboundRejected, forgedRejected: inputs.forgedStatus === 400 },
    breakerTransitions: inputs.transitions.map((t) => ({
      breaker: t.key,
      from: t.from,
      to: t.to,
      atMs: Math.max(0, t.at - inputs.startedAt)
    })),
    followUps: {
      calls: inputs.followUps.length,
      followedUp: inputs.followUps.filter((o) => o._tag === "FollowedUp").length,
      failed: inputs.followUps.filter((o) => o._tag === "Failed").length,
      failures: countBy(inputs.followUps, (o) => (o._tag === "Failed" ? o.reason : undefined)),
      whatsappUnconfirmed: inputs.followUps.filter((o) => o._tag === "FollowedUp" && o.whatsapp === "unconfirmed").length
    },
    durableCalls: inputs.durable.calls.length,
    durableWorker: inputs.options.crash ? "child-process" : "in-process",
    workerCrashes: inputs.durable.crashes,
    durableLost: inputs.durable.calls.filter((call) => QUEUED.has(call.state)).length,
    durableDuplicateSideEffects: durableDuplicates(inputs),
    unexpectedDefects: defects.length,
    defects,
    vendors
  }
}

/**
 * Why a run is not OK, in words: defects (broken promises included), duplicate side effects, a durable call lost or
 * performed twice, or most leads failing
 * (the SDK kept its promises, but an app that loses most of its work under this much chaos is not OK). Empty for an
 * OK run. Nothing it checks depends on how fast the machine is.
 *
 * @since 0.2.0
 * @category Verdict
 */
export const problems = (report: Report): ReadonlyArray<string> => [
  ...(report.unexpectedDefects > 0 ? [`${report.unexpectedDefects} unexpected defect${report.unexpectedDefects === 1 ? "" : "s"}`] : []),
  ...(report.duplicateSideEffects > 0 ? [`${report.duplicateSideEffects} duplicate side effect${report.duplicateSideEffects === 1 ? "" : "s"}`] : []),
  ...(report.durableLost > 0 ? [`${report.durableLost} durable call${report.durableLost === 1 ? "" : "s"} lost`] : []),
  ...(report.durableDuplicateSideEffects > 0
    ? [`${report.durableDuplicateSideEffects} durable call${report.durableDuplicateSideEffects === 1 ? "" : "s"} performed twice`]
    : []),
  ...(report.calls > 0 && report.failed * 2 > report.calls ? [`${report.failed} of ${report.calls} leads failed`] : [])
]

/**
 * 0 for an OK run (no `problems`), 1 otherwise.
 *
 * @since 0.1.0
 * @category Verdict
 */
export const exitCode = (report: Report): number => (problems(report).length === 0 ? 0 : 1)
