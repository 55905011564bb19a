/**
 * Heap per in-flight call, one variant per process: after a warm-up and a full GC the heap is read ("before"), the
 * server is told to hold every answer, `inflight` Stripe customer retrievals start at once, and when the server holds
 * all of them another full GC runs and the heap is read again ("held"). (held − before) / inflight is what one call in
 * flight keeps alive. Then the server releases them all and every call must succeed. Read at that one moment, not as a
 * peak over time, the figure leaves out garbage and the ramp-up.
 *
 * @since 0.1.0
 */
import type { Job } from "./harness/jobs.js"
import { maxRssBytes } from "./harness/jobs.js"
import { control, type Driver, serverStats } from "./harness/load.js"
import type { Stats } from "./harness/server.js"

type MemoryJob = Extract<Job, { readonly kind: "memory" }>

const WARMUP_CALLS = 200
/** Give up when the server's count of held calls has not grown for this long. */
const STALL_MS = 15_000
const POLL_MS = 20

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const collect = async () => {
  const gc = (globalThis as { readonly gc?: () => void }).gc
  if (gc === undefined) throw new Error("run the memory benchmark with node --expose-gc")
  for (let i = 0; i < 3; i++) {
    gc()
    await sleep(20)
  }
}

const driverFor = async (job: MemoryJob): Promise<Driver> => {
  switch (job.variant) {
    case "undici":
      return (await import("./variants/undici.js")).make("stripe.retrieve", job.port)
    case "official":
      return (await import("./variants/officialStripe.js")).make("stripe.retrieve", job.port)
    case "ours":
    case "ours-all":
    case "ours-untraced":
      return (await import("./variants/oursKernel.js")).make(job.port, {
        maxConcurrent: job.inflight,
        tracing: job.variant !== "ours-untraced"
      })
    case "effect-undici":
    case "effect-undici-all":
      return (await import("./variants/stages.js")).make("effect-undici", job.port)
  }
}

/**
 * How the variant's calls are held: Promise clients and (by default) Effect clients by the same Promise loops; the
 * `-all` controls by one `Effect.all` of fiber loops, whose own bookkeeping then counts per call.
 */
const generatorOf = (job: MemoryJob, driver: Driver): Driver["run"] => {
  if (job.variant.endsWith("-all") || driver.runEach === undefined) return driver.run
  return driver.runEach
}

/** Polls the server until it holds `count` calls; the last stats, whether or not it got there. */
const untilHeld = async (port: number, count: number): Promise<Stats> => {
  let stats = await serverStats(port)
  let progressAt = performance.now()
  let last = stats.pending
  while (stats.pending < count && performance.now() - progressAt < STALL_MS) {
    await sleep(POLL_MS)
    stats = await serverStats(port)
    if (stats.pending > last) {
      last = stats.pending
      progressAt = performance.now()
    }
  }
  return stats
}

/**
 * Runs one memory job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: MemoryJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const driver = await driverFor(job)
  const run = generatorOf(job, driver)
  const notes: Array<string> = []
  const warm = await run(WARMUP_CALLS, WARMUP_CALLS)
  if (warm.failures > 0) throw new Error(`warm-up: ${warm.failures} calls failed, first: ${warm.firstFailure}`)
  await collect()
  const before = process.memoryUsage()
  await control(job.port, "/__hold")
  const started = performance.now()
  const running = run(job.inflight, job.inflight)
  let stats: Stats
  let held: NodeJS.MemoryUsage
  try {
    stats = await untilHeld(job.port, job.inflight)
    await collect()
    held = process.memoryUsage()
  } finally {
    // Whatever happened, let the held calls go, so this process and the next job are not left waiting.
    await control(job.port, "/__release")
  }
  const holdSeconds = (performance.now() - started) / 1000
  const outcome = await running
  await driver.close()
  if (stats.pending < job.inflight) {
    throw new Error(
      `the server held at most ${stats.pending} of ${job.inflight} calls (no progress for ${STALL_MS / 1000} s); ` +
        `${outcome.failures} calls failed, first: ${outcome.firstFailure}`
    )
  }
  if (outcome.failures > 0) notes.push(`${outcome.failures} of ${job.inflight} calls failed; first: ${outcome.firstFailure}`)
  return {
    figures: {
      inflight: job.inflight,
      failures: outcome.failures,
      held: stats.pending,
      seconds_held: holdSeconds,
      heap_before_bytes: before.heapUsed,
      heap_held_bytes: held.heapUsed,
      heap_bytes_per_call: (held.heapUsed - before.heapUsed) / job.inflight,
      external_bytes_per_call: (held.external - before.external) / job.inflight,
      rss_before_bytes: before.rss,
      rss_held_bytes: held.rss,
      rss_bytes_per_call: (held.rss - before.rss) / job.inflight,
      max_rss_bytes: maxRssBytes()
    },
    notes
  }
}
