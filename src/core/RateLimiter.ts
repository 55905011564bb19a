/**
 * A keyed, client-side rate limiter that never lets more than `limit` units through in any window of `window`, waits
 * or fails when the budget is spent, and adapts to what the vendor says: a 429's `Retry-After` pauses every caller of
 * the key at once, and a low `remaining` spreads the rest of the quota over the time left.
 *
 * @since 0.1.0
 */
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type { IntegrationError } from "./IntegrationError.js"
import * as internal from "./internal/rateLimiter.js"
import * as Validation from "./internal/policyValidation.js"
import * as memory from "./internal/rateLimiterMemoryStore.js"
import type { RateLimitHint } from "./RateLimitHeaders.js"
import type * as Telemetry from "./Telemetry.js"

/**
 * One request for quota, in the flat numeric form a store needs (a Redis script receives it as arguments).
 * `maxWaitMillis` is how far in the future the store may book the slot: 0 means now or never, `Infinity` no bound.
 *
 * @since 0.1.0
 * @category Store
 */
export interface Request {
  readonly key: string
  readonly nowMillis: number
  readonly cost: number
  readonly limit: number
  readonly windowMillis: number
  /** At most this many units in any span of `burst × windowMillis / limit`; `limit` adds no constraint. */
  readonly burst: number
  readonly maxWaitMillis: number
}

/**
 * A booked slot (`atMillis` may be in the future: sleep until then, then `confirm`) or a refusal with the time after
 * which a slot would be free.
 *
 * @since 0.1.0
 * @category Store
 */
export type Reservation =
  | { readonly _tag: "Granted"; readonly id: string; readonly atMillis: number }
  | {
    readonly _tag: "Denied"
    readonly retryAfterMillis: number
    readonly paused: boolean
    /**
     * Replaces the default description of the `RateLimited` error, for refusals the store makes for its own reasons
     * (a shared store that cannot reach its backend and fails closed says so).
     */
    readonly description?: string | undefined
  }

/**
 * What the server's latest headers ask of a key: pause it until a time, and/or space requests by an interval until a
 * time. Times are epoch milliseconds.
 *
 * @since 0.1.0
 * @category Store
 */
export interface Adjustment {
  readonly pauseUntilMillis: number | undefined
  readonly paceIntervalMillis: number | undefined
  readonly paceUntilMillis: number | undefined
}

/**
 * The state of one key.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Status {
  readonly key: string
  /** Units admitted within the current window, up to now. */
  readonly used: number
  /** Callers holding a slot in the future (sleeping until it). */
  readonly waiting: number
  readonly pausedUntil: number | undefined
  readonly paceIntervalMillis: number | undefined
}

/**
 * Where limiter state lives. Each method is one atomic decision so a Redis implementation maps each to one Lua script
 * (a sorted set of slots per key plus a small hash for the pause and pace).
 *
 * @since 0.1.0
 * @category Store
 */
export class RateLimiterStore extends Context.Tag("effect-integrations/RateLimiterStore")<
  RateLimiterStore,
  RateLimiterStore.Service
>() {}

/**
 * @since 0.1.0
 * @category Store
 */
export declare namespace RateLimiterStore {
  /**
   * @since 0.1.0
   * @category Store
   */
  export interface Service {
    /**
     * Books the earliest slot at which this request keeps every window within the limit, no earlier than the pause
     * end and the pace, and after every slot already booked (first come, first served).
     */
    readonly reserve: (request: Request) => Effect.Effect<Reservation>
    /** Whether a booked slot still stands; a pause that arrived meanwhile cancels future slots. */
    readonly confirm: (key: string, id: string) => Effect.Effect<boolean>
    /** Gives a slot back (its caller was interrupted while waiting). */
    readonly cancel: (key: string, id: string) => Effect.Effect<void>
    /** Applies the server's signals; returns whether this extended the key's pause. */
    readonly adjust: (key: string, nowMillis: number, adjustment: Adjustment) => Effect.Effect<boolean>
    readonly status: (key: string, nowMillis: number, windowMillis: number) => Effect.Effect<Status>
    /**
     * `reserve` and `adjust` as plain functions, for a store whose state lives in this process: with them the kernel
     * takes a free slot without an Effect step (its fast path).
     */
    readonly local?: Local | undefined
  }

  /**
   * @since 0.2.0
   * @category Store
   */
  export interface Local {
    readonly reserve: (request: Request) => Reservation
    readonly adjust: (key: string, nowMillis: number, adjustment: Adjustment) => boolean
  }
}

/**
 * An in-memory store: each decision is a synchronous critical section.
 *
 * @since 0.1.0
 * @category Store
 */
export const makeMemoryStore: Effect.Effect<RateLimiterStore.Service> = memory.make

/**
 * @since 0.1.0
 * @category Store
 */
export const layerMemoryStore: Layer.Layer<RateLimiterStore> = Layer.effect(RateLimiterStore, memory.make)

/**
 * Metrics this module records, each tagged with `integration.vendor` and `integration.ratelimit.key`: `waits` (calls
 * that had to wait), `waitDuration` (milliseconds waited, histogram), `rejections`, `pauses` (server-requested pauses).
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const metrics = {
  waits: internal.waitsCounter,
  waitDuration: internal.waitDuration,
  rejections: internal.rejectionsCounter,
  pauses: internal.pausesCounter
} as const

/**
 * Span attribute and event names this module records.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const telemetry = { attributes: internal.Attr, events: internal.Event } as const

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Names the vendor in errors and metrics; also the default key. */
  readonly vendor: string
  /** Operation named in `RateLimited` errors when none is given per call; defaults to the key. */
  readonly operation?: string | undefined
  /** Units (requests, or whatever `cost` counts) allowed in any window of `window`. */
  readonly limit: number
  readonly window: Duration.DurationInput
  /**
   * Units that may go out at once. Default `limit`: a whole window's quota may go in one burst, and at a window's
   * edge the next one may follow at once, so arrivals at the server, each shifted by its own latency, can crowd one
   * window. A smaller burst allows at most `burst` units in any span of `burst × window / limit`, spreading the quota
   * over the window (`burst: 1` is a steady pace), for vendors that count strictly.
   */
  readonly burst?: number | undefined
  /** `"delay"` (default) waits for a slot; `"fail"` fails at once with `RateLimited` and the time to wait. */
  readonly onExceeded?: "delay" | "fail" | undefined
  /** In `"delay"` mode, fail with `RateLimited` instead of waiting longer than this. Unbounded by default. */
  readonly maxWait?: Duration.DurationInput | undefined
  /** Defaults to the `RateLimiterStore` in the context, else a fresh memory store. */
  readonly store?: RateLimiterStore.Service | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  /** Units this call consumes (e.g. estimated tokens); default 1. A cost above the limit fails, not retryable. */
  readonly cost?: number | undefined
  readonly operation?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface RateLimiter {
  /** Takes quota for one call under `key` (default: the vendor); succeeds with how long it waited. */
  readonly acquire: (key?: string, options?: CallOptions) => Effect.Effect<Duration.Duration, IntegrationError>
  /** Takes quota, then runs the effect. */
  readonly run: (
    key?: string,
    options?: CallOptions
  ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  /**
   * Feeds the limiter what a response said (see `RateLimitHeaders.parse`). A `retryAfter`, or `remaining: 0` with a
   * `resetAfter`, pauses every caller of the key until then; a known `remaining` spreads the calls left evenly over
   * `resetAfter`.
   */
  readonly observe: (key: string | undefined, hint: RateLimitHint) => Effect.Effect<void>
  readonly status: (key?: string) => Effect.Effect<Status>
  /** Present when the store is local: a slot free right now, and the server's signals, as plain functions. */
  readonly gate?: Gate | undefined
}

/**
 * `acquire` and `observe` for callers that drive a call themselves (the kernel's fast path). `tryEnter` takes one unit
 * of quota only if it is free now (no waiting); a caller that gets `false` goes through `acquire`. The store, the
 * slots and the telemetry are `acquire`'s and `observe`'s own.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Gate {
  readonly tryEnter: (key: string, sink: Telemetry.Sink) => boolean
  readonly observe: (key: string, hint: RateLimitHint, sink: Telemetry.Sink) => void
}

/**
 * Builds a limiter over the `RateLimiterStore` in context (a fresh memory store when there is none).
 *
 * Fails with a `ConfigError` naming every setting out of range: `limit` and `burst` are whole numbers ≥ 1 (`burst` at
 * most `limit`), `window` is a positive, finite duration, `maxWait` a duration of zero or more.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RateLimiter } from "effect-integrations"
 *
 * const program = Effect.gen(function*() {
 *   const limiter = yield* RateLimiter.make({ vendor: "Acme", limit: 100, window: "10 seconds" })
 *   // Quota per key: here one of the vendor's accounts.
 *   return yield* Effect.succeed("contacts").pipe(limiter.run("portal-42"))
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<RateLimiter, ConfigError.ConfigError> =>
  Effect.zipRight(
    Validation.check("RateLimiter", Validation.rateLimiter(options, "")),
    Effect.flatMap(
      options.store === undefined
        ? Effect.flatMap(
          Effect.serviceOption(RateLimiterStore),
          Option.match({ onNone: () => memory.make, onSome: Effect.succeed })
        )
        : Effect.succeed(options.store),
      (store) => internal.make(options, store)
    )
  )

/**
 * Takes quota from a limiter before running an effect; `key` defaults to the limiter's vendor.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const withRateLimiter: {
  (
    limiter: RateLimiter,
    key?: string,
    options?: CallOptions
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | IntegrationError, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    limiter: RateLimiter,
    key?: string,
    options?: CallOptions
  ): Effect.Effect<A, E | IntegrationError, R>
} = dual(
  (args) => Effect.isEffect(args[0]),
  <A, E, R>(self: Effect.Effect<A, E, R>, limiter: RateLimiter, key?: string, options?: CallOptions) =>
    limiter.run(key, options)(self)
)
