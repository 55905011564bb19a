/**
 * The faults the demo injects into the vendor simulator, scaled by `--chaos`: transient 5xx and connection resets
 * everywhere, 429s with `Retry-After` from the rate-limited vendors, a Stripe payment intent whose connection drops
 * after it was created (only the idempotency key prevents a second charge), and OpenAI hard down for a few seconds.
 *
 * @since 0.1.0
 */
import * as Faults from "../../testing/Faults.js"
import type { DemoOptions } from "./Options.js"

/**
 * When OpenAI is down, in milliseconds after the simulator started: long enough for its breaker to open and shed
 * calls to Anthropic, short enough that the half-open probe after the breaker's 5 s finds it back.
 *
 * @since 0.1.0
 * @category Constants
 */
export const outage = { vendor: "openai", fromMs: 1_500, toMs: 6_000 } as const

const probability = (base: number, chaos: number) => Math.min(1, Math.round(base * chaos * 1000) / 1000)

/**
 * The plan for a run. With `chaos` 0 only the outage and one post-commit reset remain, so breaker and idempotency are
 * always exercised; every other rule's probability grows with `chaos`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Pick<DemoOptions, "chaos" | "seed">): Faults.FaultPlan => {
  const c = options.chaos
  const rules: Array<typeof Faults.FaultRule.Encoded> = [
    { kind: "outage", vendor: outage.vendor, fromMs: outage.fromMs, toMs: outage.toMs, status: 503 },
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
