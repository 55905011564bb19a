/**
 * Waiting for a vendor's asynchronous job (a parse, a crawl, a bulk verification, a launched agent): its status is
 * fetched on a bounded `Schedule` until the job says it is done or failed, honouring the wait the job itself asks for,
 * and giving up with a typed `Timeout` once the time allowed has passed. Interrupting the wait stops the polling.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { JobPolling } from "effect-integrations"
 *
 * declare const status: (id: string) => Effect.Effect<{ readonly state: "running" | "done" | "error"; readonly result?: string }>
 *
 * const result = JobPolling.untilDone({
 *   vendor: "Acme",
 *   operation: "jobs.wait",
 *   poll: status("job_1"),
 *   decide: (job) =>
 *     job.state === "done"
 *       ? JobPolling.done(job.result ?? "")
 *       : job.state === "error"
 *       ? JobPolling.failed("the job reported an error")
 *       : JobPolling.pending(),
 *   interval: "1 second",
 *   timeout: "5 minutes"
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { IntegrationError } from "./IntegrationError.js"

/**
 * What one status says.
 *
 * @since 0.2.0
 * @category Models
 */
export type Verdict<A> =
  | { readonly _tag: "Done"; readonly value: A }
  | { readonly _tag: "Failed"; readonly description: string }
  | { readonly _tag: "Pending"; readonly retryAfter: Duration.Duration | undefined }

/**
 * @since 0.2.0
 * @category Constructors
 */
export const done = <A>(value: A): Verdict<A> => ({ _tag: "Done", value })

/**
 * The job ended without a result; `description` must not quote payload values.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const failed = (description: string): Verdict<never> => ({ _tag: "Failed", description })

/**
 * Still running; `retryAfter` when the job says when to look again.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const pending = (retryAfter?: Duration.DurationInput): Verdict<never> => ({
  _tag: "Pending",
  retryAfter: retryAfter === undefined ? undefined : Duration.decode(retryAfter)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options<S, A, E, R> {
  /** Names the vendor and the operation in the errors this raises. */
  readonly vendor: string
  readonly operation: string
  /** One status read (itself a vendor call with its own retries and timeout). */
  readonly poll: Effect.Effect<S, E, R>
  readonly decide: (status: S) => Verdict<A>
  /** The first wait between two reads. Default 1 s. */
  readonly interval?: Duration.DurationInput | undefined
  /** Each wait is the previous one times this, up to `maxInterval`. Default 1.5. */
  readonly factor?: number | undefined
  /** Default 30 s. */
  readonly maxInterval?: Duration.DurationInput | undefined
  /** The longest the job may take, counted from the first read. Required: a wait is always bounded. */
  readonly timeout: Duration.DurationInput
}

/**
 * Reads the job's status until it is done (its value), failed (`IntegrationError` with reason `Server`, not retryable:
 * the vendor reported the failure) or out of time (`Timeout`, retryable: the job may still finish; read its status
 * again later rather than starting it again).
 *
 * @since 0.2.0
 * @category Combinators
 */
export const untilDone = <S, A, E, R>(options: Options<S, A, E, R>): Effect.Effect<A, E | IntegrationError, R> => {
  const timeout = Duration.decode(options.timeout)
  const interval = Duration.decode(options.interval ?? Duration.seconds(1))
  const maxInterval = Duration.decode(options.maxInterval ?? Duration.seconds(30))
  const factor = options.factor ?? 1.5
  const fail = (reason: IntegrationError["reason"], description: string, retryable: boolean) =>
    new IntegrationError({
      vendor: options.vendor,
      operation: options.operation,
      reason,
      description,
      serverRetryHint: retryable
    })
  const polled = Effect.suspend(() => {
    let latest: Verdict<A> = pending()
    // The backoff between reads; a job's own `retryAfter` replaces the next wait.
    const schedule = Schedule.exponential(interval, factor).pipe(
      Schedule.modifyDelay((delay) =>
        latest._tag === "Pending" && latest.retryAfter !== undefined ? latest.retryAfter : Duration.min(delay, maxInterval)
      ),
      Schedule.whileInput((verdict: Verdict<A>) => verdict._tag === "Pending")
    )
    const read = Effect.map(options.poll, (status) => (latest = options.decide(status)))
    return Effect.map(Effect.repeat(read, schedule), () => latest)
  })
  return Effect.flatMap(
    Effect.timeoutFail(polled, {
      duration: timeout,
      onTimeout: () => fail("Timeout", `the job was still running after ${Duration.format(timeout)}`, true)
    }),
    (verdict): Effect.Effect<A, IntegrationError> =>
      verdict._tag === "Done"
        ? Effect.succeed(verdict.value)
        : verdict._tag === "Failed"
        ? Effect.fail(fail("Server", verdict.description, false))
        : Effect.fail(fail("Timeout", "the job was still running", true))
  )
}
