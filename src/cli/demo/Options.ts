/**
 * What a demo run is asked to do: how many leads, how much chaos, which seed, and how to print. Defaults are tuned to
 * finish in about half a minute on a small machine.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 * @category Models
 */
export interface DemoOptions {
  /** Leads to run through the workflow. */
  readonly calls: number
  /** Scales every injected fault's probability: 0 is a calm day, 1 a very bad one. */
  readonly chaos: number
  /** Seeds the simulator's fault draws and the receiver's refusals, so a run can be replayed. */
  readonly seed: number
  /** Leads processed at once. */
  readonly concurrency: number
  /** Print a progress line to stderr every this many leads. */
  readonly progressEvery: number
}

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaults: DemoOptions = { calls: 50, chaos: 0.3, seed: 7, concurrency: 4, progressEvery: 5 }

/**
 * Clamps user input into the ranges the demo supports (a negative chaos is a calm day, not an error).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (input: Partial<DemoOptions> = {}): DemoOptions => {
  const merged = { ...defaults, ...input }
  return {
    calls: Math.max(1, Math.min(10_000, Math.trunc(merged.calls))),
    chaos: Number.isFinite(merged.chaos) ? Math.min(1, Math.max(0, merged.chaos)) : defaults.chaos,
    seed: Math.trunc(merged.seed),
    concurrency: Math.max(1, Math.min(32, Math.trunc(merged.concurrency))),
    progressEvery: Math.max(1, Math.trunc(merged.progressEvery))
  }
}
