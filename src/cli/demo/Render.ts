/**
 * The demo's report for people: the per-vendor table, one line per kind of evidence, and the span tree of the most
 * eventful workflow.
 *
 * @since 0.1.0
 */
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base"
import * as Telemetry from "../../core/Telemetry.js"
import * as SpanTree from "../../runtime/SpanTree.js"
import * as App from "./App.js"
import { problems, type Report } from "./Report.js"

const STRIPE_REPLAYED = "integration.stripe.idempotent_replayed"
const FALLBACK_PROVIDER = "integration.fallback.provider"

/**
 * The span as recorded, minus its `exception` events: their multi-line stack traces would break the tree, and the
 * span already shows ERROR and the error's reason.
 */
const withoutExceptionEvents = (span: ReadableSpan): ReadableSpan =>
  Object.create(span, { events: { value: span.events.filter((event) => event.name !== "exception") } }) as ReadableSpan

/**
 * The span tree of one converted lead: the one with the most to show (an idempotent replay, a fallback, retries).
 *
 * @since 0.1.0
 * @category Rendering
 */
export const spanTree = (spans: ReadonlyArray<ReadableSpan>): string | undefined => {
  const roots = spans.filter((span) => span.name === "Demo.convertLead" && span.status.code !== 2)
  const traceOf = (root: ReadableSpan) => spans.filter((span) => span.spanContext().traceId === root.spanContext().traceId)
  // The most eventful workflow: an idempotent replay, a fallback and retries say the most about what the SDK did.
  const score = (root: ReadableSpan) =>
    traceOf(root).reduce(
      (total, span) =>
        total + Number(span.attributes[Telemetry.Attr.retries] ?? 0) +
        (span.attributes[STRIPE_REPLAYED] === true ? 4 : 0) +
        (span.attributes[FALLBACK_PROVIDER] === "anthropic" ? 2 : 0),
      0
    )
  const chosen = roots.reduce<ReadableSpan | undefined>(
    (best, root) => (best === undefined || score(root) > score(best) ? root : best),
    undefined
  )
  if (chosen === undefined) return undefined
  return SpanTree.format(traceOf(chosen).map(withoutExceptionEvents), {
    attributes: [
      "demo.lead",
      "http.request.method",
      "http.response.status_code",
      Telemetry.Attr.attempts,
      Telemetry.Attr.retries,
      Telemetry.Attr.reason,
      STRIPE_REPLAYED,
      FALLBACK_PROVIDER
    ]
  })
}

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")
  return [line(header), ...rows.map(line)].join("\n")
}

const pairs = (record: Readonly<Record<string, number>>): string => {
  const entries = Object.entries(record)
  return entries.length === 0 ? "none" : entries.map(([key, n]) => `${key} ${n}`).join(", ")
}

/**
 * The report for a terminal.
 *
 * @since 0.1.0
 * @category Rendering
 */
export const render = (report: Report, tree: string | undefined): string => {
  const rows = App.vendors.map(({ id, name }) => {
    const v = report.vendors[id]
    return [name, v.calls, v.succeeded, v.failed, v.retries, v.requests, v.breakerOpenings, v.shedWhileOpen, v.limiterWaits, v.p50Ms, v.p95Ms]
      .map(String)
  })
  const wrong = problems(report)
  const verdict = wrong.length === 0 ? "OK" : `NOT OK (${wrong.join(", ")})`
  return [
    "",
    `Leads: ${report.succeeded}/${report.calls} converted, ${report.failed} failed with a typed error (${pairs(report.failures)})` +
    ` in ${(report.durationMs / 1000).toFixed(1)} s`,
    "",
    table(["VENDOR", "CALLS", "OK", "FAILED", "RETRIES", "REQUESTS", "BREAKER", "SHED", "LIMIT-WAITS", "P50 MS", "P95 MS"], rows),
    "",
    `Faults injected:        ${pairs(report.faultsInjected)}`,
    `Breaker transitions:    ${
      report.breakerTransitions.length === 0
        ? "none"
        : report.breakerTransitions.map((t) => `${t.breaker} ${t.from}→${t.to} @${(t.atMs / 1000).toFixed(1)}s`).join(", ")
    }`,
    `AI summaries by:        ${pairs(report.summariesBy)}`,
    `SMS unconfirmed:        ${report.smsUnconfirmed} (Twilio has no idempotency key: an ambiguous send is not repeated)`,
    `Duplicates prevented:   ${report.duplicatesPrevented} retried requests answered from the idempotency store`,
    `Duplicate side effects: ${report.duplicateSideEffects}`,
    `Durable calls:          ${report.durableCalls} (welcome e-mails, Stripe customers), ${report.durableLost} lost, ` +
    `${report.durableDuplicateSideEffects} performed twice, worker killed ${report.workerCrashes} time${report.workerCrashes === 1 ? "" : "s"}` +
    (report.durableWorker === "child-process" ? " (its vendor calls ran in the worker process: in REQUESTS, not in CALLS)" : ""),
    `Outbound webhooks:      ${report.webhooksDelivered} delivered, ${report.webhooksDead} dead, ${report.webhooksRetried} refused once by the receiver and retried`,
    `Inbound webhooks:       ${report.inboundWebhooks.accepted} verified, ${report.inboundWebhooks.rejected} rejected` +
    ` (forged one ${report.inboundWebhooks.forgedRejected ? "rejected" : "NOT rejected"})`,
    `Voice follow-ups:       ${report.followUps.followedUp}/${report.followUps.calls} Retell calls analysed → Cal.com booking,` +
    ` Stripe payment link, WhatsApp reply (${report.followUps.failed} failed${
      report.followUps.failed > 0 ? `: ${pairs(report.followUps.failures)}` : ""
    }; ${report.followUps.whatsappUnconfirmed} WhatsApp unconfirmed, not repeated)`,
    `Unexpected defects:     ${report.unexpectedDefects}${report.defects.length > 0 ? ` (${report.defects.slice(0, 3).join("; ")})` : ""}`,
    "",
    ...(tree === undefined ? [] : ["One traced workflow:", tree, ""]),
    `Verdict: ${verdict}`
  ].join("\n")
}
