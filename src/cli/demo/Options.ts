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
  /**
   * Runs the durable worker (welcome e-mails, Stripe customers) in a child process that is SIGKILLed and restarted
   * a few times during the run.
   */
  readonly crash: boolean
}

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaults: DemoOptions = { calls: 50, chaos: 0.3, seed: 7, concurrency: 4, progressEvery: 5, crash: false }

/**
 * The limits of each option: the CLI refuses a value outside them (a usage error), it never clamps.
 *
 * @since 0.2.0
 * @category Constants
 */
export const limits = {
  calls: { min: 1, max: 10_000 },
  chaos: { min: 0, max: 1 },
  concurrency: { min: 1, max: 32 }
} as const

/**
 * The options of a run: the defaults with `input` over them. Values are taken as given; `limits` says what the CLI
 * accepts.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (input: Partial<DemoOptions> = {}): DemoOptions => ({ ...defaults, ...input })
