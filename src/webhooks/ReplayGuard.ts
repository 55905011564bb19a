/**
 * Remembers which deliveries were already accepted, so a captured request replayed inside its tolerance window (or a
 * vendor redelivery) is not processed twice. For schemes without a signed timestamp (`replayProtection:
 * "remembered"`) this memory is the only protection: a copy is refused while its key is kept, not after. The store
 * interface is Effect-returning so SQL and Redis stores can implement the same atomic claim; this module ships the
 * in-memory one.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * @since 0.1.0
 * @category Models
 */
export declare namespace ReplayGuard {
  /**
   * @since 0.1.0
   * @category Models
   */
  export interface Service {
    /**
     * Claims `key` for `ttl`, atomically: `true` the first time (or once an earlier claim expired or was released),
     * `false` while a claim stands. Concurrent callers with one key get exactly one `true`.
     */
    readonly markSeen: (key: string, ttl: Duration.DurationInput) => Effect.Effect<boolean>
    /** Drops a claim so a redelivery is processed again (used when the handler failed). */
    readonly release: (key: string) => Effect.Effect<void>
  }
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class ReplayGuard extends Context.Tag("effect-integrations/webhooks/ReplayGuard")<
  ReplayGuard,
  ReplayGuard.Service
>() {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface MemoryOptions {
  /**
   * Most keys kept at once. When full, expired keys go first, then the oldest claims: past this bound the window
   * shrinks instead of memory growing. Default 100,000.
   */
  readonly maxEntries?: number | undefined
}

/**
 * An in-process store: a map from key to expiry read from Effect's `Clock`. Each claim is one synchronous step, so
 * there is no check-then-insert race between fibers. It does not share state across processes: use a shared store
 * when several instances receive the same vendor's webhooks.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeMemory = (options: MemoryOptions = {}): Effect.Effect<ReplayGuard.Service> =>
  Effect.sync(() => {
    const maxEntries = Math.max(1, options.maxEntries ?? 100_000)
    // Insertion order approximates age, so eviction walks from the front.
    const expiries = new Map<string, number>()

    const makeRoom = (now: number) => {
      for (const [key, expiry] of expiries) {
        if (expiries.size < maxEntries) return
        if (expiry <= now) expiries.delete(key)
        else break
      }
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next()
        if (oldest.done === true) return
        expiries.delete(oldest.value)
      }
    }

    return ReplayGuard.of({
      markSeen: (key, ttl) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.sync(() => {
            const expiry = expiries.get(key)
            if (expiry !== undefined && expiry > now) return false
            // Re-inserting moves the key to the back, keeping the map roughly ordered by claim time.
            expiries.delete(key)
            makeRoom(now)
            expiries.set(key, now + Duration.toMillis(Duration.decode(ttl)))
            return true
          })),
      release: (key) => Effect.sync(() => void expiries.delete(key))
    })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layerMemory = (options?: MemoryOptions): Layer.Layer<ReplayGuard> =>
  Layer.effect(ReplayGuard, makeMemory(options))
