/**
 * Effect instructions per call, one variant per process: our client (or a stage of it) makes `calls` sequential calls
 * after a warm-up, each counted by the supervisor of `harness/instructions.ts`, after that counter has checked itself.
 * The figures count work, not time, so they do not move with the machine's load.
 *
 * @since 0.1.0
 */
import type { Job } from "./harness/jobs.js"
import { driverFor } from "./overhead.js"

type InstructionsJob = Extract<Job, { readonly kind: "instructions" }>

/**
 * Runs one instructions job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: InstructionsJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const driver = await driverFor(job.operation, job.variant, job.port)
  try {
    if (driver.instructions === undefined) throw new Error(`${job.variant} is not an Effect client; nothing to count`)
    return { figures: { ...(await driver.instructions(job.calls, job.warmup)) }, notes: [] }
  } finally {
    await driver.close()
  }
}
