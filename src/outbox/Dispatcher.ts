/**
 * The outbox dispatcher: claims due deliveries under a lease (a crashed worker's deliveries are taken over when its
 * lease expires), sends them signed with Standard Webhooks headers through the `HttpClient` in context (the app
 * provides the SSRF-guarded one), and follows the retry schedule, breaker and auto-disable rules of `OutboxPolicy`.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as internal from "./internal/dispatcher.js"
import type { Stats } from "./OutboxModel.js"
import type * as OutboxPolicy from "./OutboxPolicy.js"
import type { OutboxStore } from "./OutboxStore.js"

/**
 * Dispatcher settings on top of the delivery policy.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OutboxPolicy.PolicyInput {
  /** Names this worker in leases and the attempts log; defaults to host, pid and a random suffix. */
  readonly worker?: string | undefined
  /** Attempts in flight in this process (default 16). */
  readonly concurrency?: number | undefined
  /** Attempts in flight per endpoint over every worker sharing the store (default 4; 1 while half-open). */
  readonly perEndpointConcurrency?: number | undefined
  /** How often an idle dispatcher looks for due deliveries (default 1 s). */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** How often the queue gauges are refreshed (default 10 s). */
  readonly gaugeInterval?: Duration.DurationInput | undefined
  readonly userAgent?: string | undefined
}

/**
 * What a batch of attempts came to.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Summary {
  readonly claimed: number
  readonly delivered: number
  readonly retrying: number
  readonly dead: number
  /** Results that arrived after the lease had passed to another worker: logged, not applied. */
  readonly leaseLost: number
  /** Claims given back untried because too little of the lease was left to attempt them within it. */
  readonly released: number
}

/**
 * Runs the dispatcher until interrupted. Store errors are logged and retried after the poll interval; on interruption
 * the attempts in flight are allowed to finish. Options out of range (`attemptTimeout: -5`, `concurrency: 0`, a lease
 * not longer than the attempt timeout, ...) are programming errors: it dies at once with a `RangeError` naming every
 * one.
 *
 * @since 0.1.0
 * @category Running
 */
export const run: (options?: Options) => Effect.Effect<never, never, OutboxStore | HttpClient.HttpClient> =
  internal.run

/**
 * The dispatcher as a layer: it runs in the background for as long as the layer's scope is open. Its options are
 * checked while the layer is built, so a bad setting fails the build (a defect naming it) instead of the background
 * fiber.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<never, never, OutboxStore | HttpClient.HttpClient> =>
  Layer.scopedDiscard(
    Effect.zipRight(Effect.sync(() => internal.resolve(options)), Effect.forkScoped(internal.run(options)))
  )

/**
 * One batch: claims up to `concurrency` due deliveries, attempts them all, and returns what happened. With a
 * `TestClock` this drives the outbox step by step.
 *
 * @since 0.1.0
 * @category Running
 */
export const runOnce: (
  options?: Options
) => Effect.Effect<Summary, SqlError, OutboxStore | HttpClient.HttpClient> = internal.runOnce

/**
 * Repeats `runOnce` until nothing is due at the current time.
 *
 * @since 0.1.0
 * @category Running
 */
export const drain: (
  options?: Options
) => Effect.Effect<Summary, SqlError, OutboxStore | HttpClient.HttpClient> = internal.drain

/**
 * Reads the queue statistics and publishes them as the queue depth, oldest pending age and dead count gauges.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const reportGauges: Effect.Effect<Stats, SqlError, OutboxStore> = internal.reportGauges
