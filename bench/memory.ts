/**
 * Memory per in-flight call, one variant per process: `inflight` calls are started at once against a server that
 * holds every answer for a while; RSS and heap are sampled before (after a warm-up and a full GC) and throughout, and
 * the growth divided by the number of calls. The server reports how many requests it held at once, which shows the
 * calls really were in flight together.
 *
 * @since 0.1.0
 */
import type { Job } from "./harness/jobs.js"
import { maxRssBytes } from "./harness/jobs.js"
import { type Driver, serverStats } from "./harness/load.js"

type MemoryJob = Extract<Job, { readonly kind: "memory" }>

const WARMUP_CALLS = 200

const collect = async () => {
  const gc = (globalThis as { readonly gc?: () => void }).gc
  for (let i = 0; i < 3; i++) {
    gc?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const driverFor = async (job: MemoryJob): Promise<Driver> =>
  job.variant === "undici"
    ? (await import("./variants/undici.js")).make("stripe", job.port)
    : (await import("./variants/oursKernel.js")).make(job.port)

/**
 * Runs one memory job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: MemoryJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const driver = await driverFor(job)
  const notes: Array<string> = []
  const warm = await driver.run(WARMUP_CALLS, WARMUP_CALLS)
  if (warm.failures > 0) throw new Error(`warm-up: ${warm.failures} calls failed, first: ${warm.firstFailure}`)
  await collect()
  const before = process.memoryUsage()
  let peakRss = before.rss
  let peakHeap = before.heapUsed
  await serverStats(job.port, true)
  const sampler = setInterval(() => {
    const now = process.memoryUsage()
    peakRss = Math.max(peakRss, now.rss)
    peakHeap = Math.max(peakHeap, now.heapUsed)
  }, 20)
  const started = performance.now()
  const outcome = await driver.run(job.inflight, job.inflight)
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  const server = await serverStats(job.port)
  if (outcome.failures > 0) notes.push(`${outcome.failures} of ${job.inflight} calls failed; first: ${outcome.firstFailure}`)
  if (server.maxPending < job.inflight) {
    notes.push(`the server held at most ${server.maxPending} of ${job.inflight} requests at once`)
  }
  await driver.close()
  return {
    figures: {
      inflight: job.inflight,
      failures: outcome.failures,
      seconds,
      server_max_pending: server.maxPending,
      rss_before_bytes: before.rss,
      rss_peak_bytes: peakRss,
      rss_bytes_per_call: (peakRss - before.rss) / job.inflight,
      heap_before_bytes: before.heapUsed,
      heap_peak_bytes: peakHeap,
      heap_bytes_per_call: (peakHeap - before.heapUsed) / job.inflight,
      max_rss_bytes: maxRssBytes()
    },
    notes
  }
}
