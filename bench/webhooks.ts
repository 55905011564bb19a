/**
 * Webhook verification throughput, one variant per process: the same signed 2 KiB delivery verified over and over by
 * our `Webhooks.verify` (Standard Webhooks and Stripe schemes) or by the official verifiers. Each variant signs with its
 * own library; after the timing the other library verifies the same delivery, so both really checked the same thing.
 * Reported figures are the median of five rounds.
 *
 * @since 0.1.0
 */
import type { Job } from "./harness/jobs.js"
import { cpuMicros, maxRssBytes } from "./harness/jobs.js"
import type { WebhookSetup } from "./variants/webhooksOfficial.js"
import * as Fixtures from "./fixtures.js"

type WebhookJob = Extract<Job, { readonly kind: "webhooks" }>

// Fixed, obviously fake secrets: a Standard Webhooks key is base64 after `whsec_`; Stripe's is used as a string.
const secrets = {
  standard: `whsec_${Buffer.alloc(32, 7).toString("base64")}`,
  stripe: "whsec_benchmark_signing_secret_000000"
} as const

const ROUNDS = 5

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

const load = (variant: WebhookJob["variant"]) =>
  variant === "ours" ? import("./variants/webhooksOurs.js") : import("./variants/webhooksOfficial.js")

/**
 * Runs one webhook job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: WebhookJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const setup: WebhookSetup = { scheme: job.scheme, secret: secrets[job.scheme], messageId: "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W" }
  const body = Buffer.from(Fixtures.webhookPayload(job.payloadBytes))
  const variant = await load(job.variant)
  const headers = variant.sign(setup, body)
  const verifier = variant.verifier(setup, body, headers)
  verifier.verify(Math.max(1000, Math.round(job.ops / 5)))
  // A few short rounds and their median: a microbenchmark on a shared machine is easily disturbed by one busy moment.
  const perRound = Math.ceil(job.ops / ROUNDS)
  const rounds: Array<{ readonly opsPerSec: number; readonly cpuPerOp: number }> = []
  for (let round = 0; round < ROUNDS; round++) {
    const cpuBefore = cpuMicros()
    const started = performance.now()
    verifier.verify(perRound)
    const seconds = (performance.now() - started) / 1000
    rounds.push({ opsPerSec: perRound / seconds, cpuPerOp: (cpuMicros() - cpuBefore) / perRound })
  }
  const rss = maxRssBytes()
  const other = await load(job.variant === "ours" ? "official" : "ours")
  other.verifier(setup, body, headers).verify(1)
  return {
    figures: {
      ops: perRound * ROUNDS,
      payload_bytes: body.length,
      ops_per_sec: median(rounds.map((r) => r.opsPerSec)),
      cpu_us_per_op: median(rounds.map((r) => r.cpuPerOp)),
      max_rss_bytes: rss
    },
    notes: []
  }
}
