import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import { IntegrationError } from "../IntegrationError.js"
import type { CallOptions, Gate, Options, RateLimiter, RateLimiterStore } from "../RateLimiter.js"
import type { RateLimitHint } from "../RateLimitHeaders.js"
import * as Telemetry from "../Telemetry.js"
import { spanEvent } from "../Telemetry.js"

/** @internal */
export const Attr = {
  key: "integration.ratelimit.key",
  waitMillis: "integration.ratelimit.wait_ms",
  retryAfterMillis: "integration.ratelimit.retry_after_ms",
  pauseMillis: "integration.ratelimit.pause_ms",
  paused: "integration.ratelimit.paused",
  vendor: "integration.vendor"
} as const

/** @internal */
export const Event = {
  waited: "integration.ratelimit.waited",
  rejected: "integration.ratelimit.rejected",
  paused: "integration.ratelimit.paused"
} as const

/** @internal */
export const waitsCounter = Metric.counter("integration.ratelimit.waits", {
  description: "Calls that waited for rate-limit quota",
  incremental: true
})

/** @internal */
export const waitDuration = Metric.histogram(
  "integration.ratelimit.wait.duration",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 18 }),
  "Time spent waiting for rate-limit quota, in milliseconds"
)

/** @internal */
export const rejectionsCounter = Metric.counter("integration.ratelimit.rejections", {
  description: "Calls refused by the rate limiter",
  incremental: true
})

/** @internal */
export const pausesCounter = Metric.counter("integration.ratelimit.pauses", {
  description: "Keys paused on a server rate-limit signal (429 Retry-After, or no quota left)",
  incremental: true
})

const tagged = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>, vendor: string, key: string) =>
  metric.pipe(Metric.tagged(Attr.vendor, vendor), Metric.tagged(Attr.key, key))

/** @internal */
export const make = (options: Options, store: RateLimiterStore.Service): Effect.Effect<RateLimiter> =>
  Effect.sync((): RateLimiter => {
    const vendor = options.vendor
    const limit = options.limit
    const windowMillis = Math.max(1, Duration.toMillis(options.window))
    const burst = Math.min(limit, Math.max(1, options.burst ?? limit))
    const failFast = options.onExceeded === "fail"
    const maxWaitMillis = failFast ? 0 : options.maxWait === undefined ? Infinity : Duration.toMillis(options.maxWait)

    // Rejections are hot under overload: the fields are known-good, so skip the Schema check in the constructor.
    const rateLimited = (operation: string, description: string, retryAfterMillis: number | undefined) =>
      new IntegrationError({
        vendor,
        operation,
        reason: "RateLimited",
        description,
        ...(retryAfterMillis === undefined
          ? { serverRetryHint: false }
          : { retryAfter: Duration.millis(retryAfterMillis) })
      }, { disableValidation: true })

    const reject = (
      key: string,
      operation: string,
      retryAfterMillis: number,
      paused: boolean,
      description: string | undefined
    ) =>
      Effect.zipRight(
        Effect.all([
          Metric.update(tagged(rejectionsCounter, vendor, key), 1),
          spanEvent(Event.rejected, {
            [Attr.key]: key,
            [Attr.retryAfterMillis]: retryAfterMillis,
            [Attr.paused]: paused
          })
        ], { discard: true }),
        Effect.fail(
          rateLimited(
            operation,
            description ?? (paused
              ? "paused after the server signalled its rate limit"
              : "client-side rate limit reached"),
            retryAfterMillis
          )
        )
      )

    const acquire = (key: string = vendor, callOptions?: CallOptions) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const cost = callOptions?.cost ?? 1
          const operation = callOptions?.operation ?? options.operation ?? key
          if (!(cost > 0 && cost <= limit)) {
            return yield* Effect.fail(rateLimited(operation, "call cost exceeds the rate limit", undefined))
          }
          const start = yield* Clock.currentTimeMillis
          const deadline = start + maxWaitMillis
          while (true) {
            const now = yield* Clock.currentTimeMillis
            const reservation = yield* store.reserve({
              key,
              nowMillis: now,
              cost,
              limit,
              windowMillis,
              burst,
              maxWaitMillis: Math.max(0, deadline - now)
            })
            if (reservation._tag === "Denied") {
              return yield* reject(
                key,
                operation,
                reservation.retryAfterMillis,
                reservation.paused,
                reservation.description
              )
            }
            const delay = reservation.atMillis - now
            if (delay <= 0) break
            const slept = yield* Effect.exit(restore(Effect.sleep(Duration.millis(delay))))
            if (Exit.isFailure(slept)) {
              yield* store.cancel(key, reservation.id)
              return yield* Effect.failCause(slept.cause)
            }
            // A pause that arrived while we slept took our slot away: book again.
            if (yield* store.confirm(key, reservation.id)) break
          }
          const waited = (yield* Clock.currentTimeMillis) - start
          yield* Effect.annotateCurrentSpan(Attr.waitMillis, waited)
          if (waited > 0) {
            yield* Effect.all([
              Metric.update(tagged(waitsCounter, vendor, key), 1),
              Metric.update(tagged(waitDuration, vendor, key), waited),
              spanEvent(Event.waited, { [Attr.key]: key, [Attr.waitMillis]: waited })
            ], { discard: true })
          }
          return Duration.millis(waited)
        })
      )

    /** What the server's headers ask of the key: a pause, a pace, or nothing. */
    const adjustmentFor = (hint: RateLimitHint, now: number) => {
      const retryAfter = hint.retryAfter === undefined ? 0 : Duration.toMillis(hint.retryAfter)
      const resetAfter = hint.resetAfter === undefined ? undefined : Duration.toMillis(hint.resetAfter)
      const exhausted = hint.remaining !== undefined && hint.remaining <= 0 && resetAfter !== undefined
      const pauseMillis = Math.max(retryAfter, exhausted ? resetAfter : 0)
      const pacing = hint.remaining !== undefined && hint.remaining > 0 && resetAfter !== undefined && resetAfter > 0
      return {
        pauseMillis,
        adjustment: {
          pauseUntilMillis: pauseMillis > 0 ? now + pauseMillis : undefined,
          paceIntervalMillis: pacing ? resetAfter / hint.remaining! : undefined,
          paceUntilMillis: pacing ? now + resetAfter : undefined
        }
      }
    }

    const reportPause = (sink: Telemetry.Sink, key: string, pauseMillis: number) => {
      Telemetry.sinkUpdate(sink, tagged(pausesCounter, vendor, key), 1)
      Telemetry.sinkEvent(sink, Event.paused, { [Attr.key]: key, [Attr.pauseMillis]: pauseMillis })
    }

    const observe: RateLimiter["observe"] = (key = vendor, hint) =>
      Telemetry.withSink((sink) => {
        const now = sink.clock.unsafeCurrentTimeMillis()
        const { adjustment, pauseMillis } = adjustmentFor(hint, now)
        return Effect.map(store.adjust(key, now, adjustment), (paused) => {
          if (paused) reportPause(sink, key, pauseMillis)
        })
      })

    const local = store.local
    const gate: Gate | undefined = local === undefined ? undefined : {
      tryEnter: (key, sink) => {
        const now = sink.clock.unsafeCurrentTimeMillis()
        // Without waiting: a slot that is free now is taken, anything else is left to `acquire` (which waits or fails).
        const reservation = local.reserve({ key, nowMillis: now, cost: 1, limit, windowMillis, burst, maxWaitMillis: 0 })
        if (reservation._tag === "Denied" || reservation.atMillis > now) return false
        Telemetry.sinkAttribute(sink, Attr.waitMillis, 0)
        return true
      },
      observe: (key, hint, sink) => {
        const now = sink.clock.unsafeCurrentTimeMillis()
        const { adjustment, pauseMillis } = adjustmentFor(hint, now)
        if (local.adjust(key, now, adjustment)) reportPause(sink, key, pauseMillis)
      }
    }

    return {
      acquire,
      run: (key, callOptions) => (self) => Effect.zipRight(acquire(key, callOptions), self),
      observe,
      status: (key = vendor) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => store.status(key, now, windowMillis)),
      gate
    }
  })
