/**
 * Call overhead, one variant per process: warm up, then time `calls` calls at a fixed concurrency against the target
 * server and report throughput, the client's CPU time per call, its peak RSS and how busy the server was (a server near
 * 100 % of its core means the figure is the server's limit, not the client's).
 *
 * @since 0.1.0
 */
import type { Job, Operation, Stage, Variant } from "./harness/jobs.js"
import { cpuMicros, maxRssBytes } from "./harness/jobs.js"
import { type Driver, serverStats } from "./harness/load.js"

type OverheadJob = Extract<Job, { readonly kind: "overhead" }>

/**
 * The driver of a variant or stage for an operation; stages exist for Stripe `customers.retrieve` only.
 *
 * @since 0.1.0
 * @category Drivers
 */
export const driverFor = async (operation: Operation, variant: Variant | Stage, port: number): Promise<Driver> => {
  switch (variant) {
    case "undici":
      return (await import("./variants/undici.js")).make(operation, port)
    case "official":
      return operation === "openai.chat"
        ? (await import("./variants/officialOpenai.js")).make(port)
        : (await import("./variants/officialStripe.js")).make(operation, port)
    case "ours":
      return (await import("./variants/ours.js")).make(operation, port)
    default:
      if (operation !== "stripe.retrieve") throw new Error(`stage ${variant} exists for stripe.retrieve only, not ${operation}`)
      return (await import("./variants/stages.js")).make(variant, port)
  }
}

/**
 * Runs one overhead job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: OverheadJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const driver = await driverFor(job.operation, job.variant, job.port)
  const notes: Array<string> = []
  const warm = await driver.run(job.warmup, job.concurrency)
  if (warm.failures > 0) throw new Error(`warm-up: ${warm.failures} calls failed, first: ${warm.firstFailure}`)
  const serverBefore = await serverStats(job.port)
  const cpuBefore = cpuMicros()
  const started = performance.now()
  const outcome = await driver.run(job.calls, job.concurrency)
  const seconds = (performance.now() - started) / 1000
  const cpu = cpuMicros() - cpuBefore
  const serverAfter = await serverStats(job.port)
  if (outcome.failures > 0) notes.push(`${outcome.failures} of ${job.calls} calls failed; first: ${outcome.firstFailure}`)
  const extra = driver.extra === undefined ? {} : await driver.extra()
  await driver.close()
  return {
    figures: {
      calls: job.calls,
      failures: outcome.failures,
      throughput_rps: (job.calls - outcome.failures) / seconds,
      cpu_us_per_call: cpu / job.calls,
      client_cpu_percent: (cpu / 1e6 / seconds) * 100,
      server_cpu_percent: ((serverAfter.cpuMicros - serverBefore.cpuMicros) / 1e6 / seconds) * 100,
      max_rss_bytes: maxRssBytes(),
      ...extra
    },
    notes
  }
}
