/**
 * The faults the demo injects into the vendor simulator, scaled by `--chaos`: transient 5xx and connection resets
 * everywhere, 429s with `Retry-After` from the rate-limited vendors, a Stripe payment intent whose connection drops
 * after it was created (only the idempotency key prevents a second charge), and OpenAI hard down for its first
 * requests. Every fault is drawn per request or counted in requests, never timed, so a slow machine sees the same ones.
 *
 * @since 0.1.0
 */
import * as CircuitBreaker from "../../core/CircuitBreaker.js"
import * as Faults from "../../testing/Faults.js"
import type { DemoOptions } from "./Options.js"

/**
 * Failures in a row that open the demo's breakers (the kernel's default trip policy).
 *
 * @since 0.1.0
 * @category Constants
 */
export const tripAfter = CircuitBreaker.defaultTripPolicy.consecutiveFailures ?? 5

/**
 * The vendor that goes down.
 *
 * @since 0.1.0
 * @category Constants
 */
export const outageVendor = "openai" as const

/**
 * OpenAI's outage, counted in requests: its first `tripAfter` failures open its breaker, up to `concurrency - 1` more
 * were already on their way when it opened, and what is left fails (at least) the first half-open probe, so the
 * breaker opens, sheds calls to Anthropic, re-opens for longer after the failed probe, and later closes again. Counted
 * rather than timed: a time window catches fewer calls on a slow machine, and the breaker might never open.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const outage = (options: Pick<DemoOptions, "concurrency">) => ({
  vendor: outageVendor,
  requests: tripAfter + options.concurrency
})

const probability = (base: number, chaos: number) => Math.min(1, Math.round(base * chaos * 1000) / 1000)

/**
 * The plan for a run. With `chaos` 0 nothing is injected: a calm day. Above 0 the outage and one post-commit reset are
 * always there, so breaker and idempotency are exercised (given enough leads to reach OpenAI `tripAfter` times), and
 * every other rule's probability grows with `chaos`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Pick<DemoOptions, "chaos" | "seed" | "concurrency">): Faults.FaultPlan => {
  const c = options.chaos
  if (c === 0) return Faults.make({ seed: options.seed, rules: [] })
  const rules: Array<typeof Faults.FaultRule.Encoded> = [
    { kind: "outage", ...outage(options), status: 503 },
    // The first payment intent is always created and then its answer lost; later ones at random.
    { kind: "resetAfterCommit", vendor: "stripe", route: "POST /v1/payment_intents", after: 1, times: 1 },
    { kind: "resetAfterCommit", vendor: "stripe", route: "POST /v1/payment_intents", probability: probability(0.3, c) },
    { kind: "status", vendor: "hubspot", status: 429, retryAfterSeconds: 1, probability: probability(0.15, c) },
    { kind: "status", vendor: "resend", status: 429, retryAfterSeconds: 1, probability: probability(0.1, c) },
    { kind: "status", status: 503, probability: probability(0.25, c) },
    { kind: "status", status: 500, probability: probability(0.1, c) },
    { kind: "reset", probability: probability(0.05, c) },
    { kind: "latency", ms: 20, jitterMs: 180, probability: Math.max(0.2, probability(1, c)) }
  ]
  return Faults.make({ seed: options.seed, rules: rules.filter((rule) => !("probability" in rule) || rule.probability !== 0) })
}
