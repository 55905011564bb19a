/**
 * A bulkhead: at most `maxConcurrent` calls run at once, at most `maxQueue` wait for a turn (each for at most
 * `maxQueueWait`), and everyone else is turned away at once with `BulkheadRejected`, so a slow vendor cannot tie up
 * every fiber, socket and byte of memory in the process.
 *
 * @since 0.1.0
 */
import type * as ConfigError from "effect/ConfigError"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as FiberId from "effect/FiberId"
import * as Metric from "effect/Metric"
import { IntegrationError } from "./IntegrationError.js"
import * as Validation from "./internal/policyValidation.js"
import * as Telemetry from "./Telemetry.js"

const Attr = {
  vendor: "integration.vendor",
  cause: "integration.bulkhead.rejection",
  active: "integration.bulkhead.active",
  queued: "integration.bulkhead.queued"
} as const

const Event = { rejected: "integration.bulkhead.rejected" } as const

/**
 * Metrics this module records, tagged with `integration.vendor`: `active` and `queued` (gauges), `rejections`
 * (counter, also tagged `integration.bulkhead.rejection`: `QueueFull` or `QueueTimeout`).
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const metrics = {
  active: Metric.gauge("integration.bulkhead.active", { description: "Calls running inside a bulkhead" }),
  queued: Metric.gauge("integration.bulkhead.queued", { description: "Calls waiting for a bulkhead slot" }),
  rejections: Metric.counter("integration.bulkhead.rejections", {
    description: "Calls turned away by a bulkhead, by cause",
    incremental: true
  })
} as const

/**
 * Span attribute and event names this module records.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const telemetry = { attributes: Attr, events: Event } as const

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Names the vendor in errors and metrics. */
  readonly vendor: string
  /** Operation named in `BulkheadRejected` errors when `run` is not given one. Default `"call"`. */
  readonly operation?: string | undefined
  readonly maxConcurrent: number
  /** Callers allowed to wait for a slot; beyond that they are rejected at once. Default 0. */
  readonly maxQueue?: number | undefined
  /** Longest a caller waits in the queue before it is rejected. Unbounded by default. */
  readonly maxQueueWait?: Duration.DurationInput | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Status {
  readonly active: number
  readonly queued: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Bulkhead {
  /** Runs the effect in a slot, waiting in the queue if allowed; interruption while queued or running frees it. */
  readonly run: (
    options?: { readonly operation?: string | undefined }
  ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  readonly status: Effect.Effect<Status>
  /**
   * `run` without its queue, as plain functions for callers that drive a call themselves (the kernel's fast path):
   * `tryEnter` takes a free slot when one is free and nobody waits, `leave` gives it back. A caller that gets `false`
   * goes through `run`, which queues or rejects. Slots, order and gauges are `run`'s own.
   */
  readonly gate?: Gate | undefined
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Gate {
  readonly tryEnter: (sink: Telemetry.Sink) => boolean
  readonly leave: (sink: Telemetry.Sink) => void
}

interface Waiter {
  readonly deferred: Deferred.Deferred<void>
  /** Set when a leaving caller handed its slot to this waiter. */
  granted: boolean
  /** Set when the waiter gave up (timeout or interruption) before being granted. */
  cancelled: boolean
}

/**
 * Builds an unkeyed bulkhead: one instance is one compartment. A vendor pipeline owns one; to isolate tenants or
 * endpoints from each other, build one per tenant or endpoint.
 *
 * Waiting callers form a FIFO queue and a leaving caller hands its slot straight to the next one. (Effect 3's
 * `Semaphore` wakes every waiter on each release and re-queues the losers at the back: quadratic work and no order
 * under the long queues a bulkhead exists for.)
 *
 * Fails with a `ConfigError` naming every setting out of range: `maxConcurrent` is a whole number ≥ 1, `maxQueue` one
 * ≥ 0, `maxQueueWait` a positive duration.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Bulkhead, ConfigError.ConfigError> =>
  Effect.zipRight(Validation.check("Bulkhead", Validation.bulkhead(options, "")), build(options))

const build = (options: Options): Effect.Effect<Bulkhead> =>
  Effect.sync((): Bulkhead => {
    const maxConcurrent = options.maxConcurrent
    const maxQueue = options.maxQueue ?? 0
    const maxQueueWait = options.maxQueueWait === undefined ? undefined : Duration.decode(options.maxQueueWait)
    const vendor = options.vendor
    const active = Telemetry.tagged(metrics.active, { [Attr.vendor]: vendor })
    const queued = Telemetry.tagged(metrics.queued, { [Attr.vendor]: vendor })
    // Every decision below is a synchronous section, so the bounds hold however many fibers arrive together.
    let running = 0
    let waiting = 0
    let queue: Array<Waiter> = []
    let head = 0

    // Runs twice per call: both gauges at once, with the sink's metric labels as `Metric.update` would apply them.
    const reportTo = (sink: Telemetry.Sink) => {
      Telemetry.sinkUpdate(sink, active, running)
      Telemetry.sinkUpdate(sink, queued, waiting)
    }
    const report = Telemetry.withSink((sink) => Effect.sync(() => reportTo(sink)))

    const release = () => {
      while (head < queue.length) {
        const next = queue[head]!
        head += 1
        if (next.cancelled) continue
        waiting -= 1
        next.granted = true
        Deferred.unsafeDone(next.deferred, Effect.void)
        // Under sustained load the queue never drains: drop the consumed prefix now and then.
        if (head > 1024 && head * 2 > queue.length) {
          queue = queue.slice(head)
          head = 0
        }
        return
      }
      queue = []
      head = 0
      running -= 1
    }

    const giveUp = (waiter: Waiter): boolean => {
      if (waiter.granted) return false
      waiter.cancelled = true
      waiting -= 1
      return true
    }

    const reject = (operation: string, cause: "QueueFull" | "QueueTimeout") =>
      Effect.zipRight(
        Effect.all([
          Metric.update(
            metrics.rejections.pipe(Metric.tagged(Attr.vendor, vendor), Metric.tagged(Attr.cause, cause)),
            1
          ),
          Telemetry.spanEvent(Event.rejected, { [Attr.cause]: cause, [Attr.active]: running, [Attr.queued]: waiting }),
          report
        ], { discard: true }),
        Effect.fail(
          // Rejections are hot under overload: the fields are known-good, so skip the Schema check.
          new IntegrationError({
            vendor,
            operation,
            reason: "BulkheadRejected",
            description: cause === "QueueFull"
              ? `bulkhead is full (${maxConcurrent} running, ${maxQueue} queued)`
              : `waited longer than ${Duration.format(maxQueueWait ?? Duration.infinity)} for a bulkhead slot`
          }, { disableValidation: true })
        )
      )

    const await_ = (waiter: Waiter) =>
      maxQueueWait === undefined
        ? Effect.asSome(Deferred.await(waiter.deferred))
        : Effect.timeoutOption(Deferred.await(waiter.deferred), maxQueueWait)

    const run: Bulkhead["run"] = (runOptions) => <A, E, R>(self: Effect.Effect<A, E, R>) =>
      Effect.uninterruptibleMask((restore) => {
        const operation = runOptions?.operation ?? options.operation ?? "call"
        const inSlot = Effect.zipRight(report, restore(self)).pipe(
          Effect.ensuring(Effect.suspend(() => {
            release()
            return report
          }))
        )
        return Effect.suspend((): Effect.Effect<A, E | IntegrationError, R> => {
          if (running < maxConcurrent) {
            running += 1
            return inSlot
          }
          if (waiting >= maxQueue) return reject(operation, "QueueFull")
          const waiter: Waiter = { deferred: Deferred.unsafeMake(FiberId.none), granted: false, cancelled: false }
          queue.push(waiter)
          waiting += 1
          return report.pipe(
            Effect.zipRight(restore(await_(waiter))),
            // Interrupted while queued: leave the queue, or pass on the slot if it was handed over meanwhile.
            Effect.onInterrupt(() =>
              Effect.suspend(() => {
                if (!giveUp(waiter)) release()
                return report
              })
            ),
            // A timeout that raced a hand-over loses: the slot is ours, so use it.
            Effect.flatMap((): Effect.Effect<A, E | IntegrationError, R> =>
              giveUp(waiter) ? reject(operation, "QueueTimeout") : inSlot
            )
          )
        })
      })

    const gate: Gate = {
      tryEnter: (sink) => {
        if (running >= maxConcurrent) return false
        running += 1
        reportTo(sink)
        return true
      },
      leave: (sink) => {
        release()
        reportTo(sink)
      }
    }

    return {
      run,
      status: Effect.sync(() => ({ active: running, queued: waiting })),
      gate
    }
  })

/**
 * Runs an effect inside a bulkhead.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withBulkhead: {
  (bulkhead: Bulkhead): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  <A, E, R>(self: Effect.Effect<A, E, R>, bulkhead: Bulkhead): Effect.Effect<A, E | IntegrationError, R>
} = dual(2, <A, E, R>(self: Effect.Effect<A, E, R>, bulkhead: Bulkhead) => bulkhead.run()(self))
