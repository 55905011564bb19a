/**
 * A webhook `ReplayGuard` in Redis, so a delivery claimed by one instance is a replay for every other: the claim is
 * one atomic `SET NX PX` (in a script that also honours Effect's `Clock`), and a released claim is a `DEL`.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as ReplayGuard from "../webhooks/ReplayGuard.js"
import * as Lua from "./internal/replayGuard.lua.js"
import { decide } from "./internal/policy.js"
import { type Policy, Redis, script } from "./Redis.js"

const claimScript = script("replay.claim", Lua.claim)

// A claim left behind makes the vendor's retry of a failed delivery look like a replay until the ttl: ride out a blip.
const releaseRetry = Schedule.intersect(Schedule.exponential("100 millis"), Schedule.recurs(3))

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * While Redis is unreachable: `"fail-open"` claims in a per-process memory guard (a redelivery reaching another
   * instance during the outage may be processed twice: handlers stay idempotent), `"fail-closed"` dies with
   * `StateUnavailableError`, which every webhook adapter answers with a 500, so the vendor redelivers later and
   * nothing is processed unguarded. Defaults to the connection's policy.
   */
  readonly onUnavailable?: Policy | undefined
  /** Size of the fail-open memory guard. Default 100,000. */
  readonly maxEntries?: number | undefined
}

/**
 * The guard over the `Redis` connection in context; claims live at `<prefix>:replay:<key>` for their ttl.
 *
 * The error channel of `markSeen` is `never` (the webhook pipeline reads a failure as "already seen" and would
 * acknowledge the delivery), so failing closed is a defect: the delivery is answered 500 and redelivered. `release`
 * (after a failed handler) retries for under a second; a claim it still cannot drop stands until its ttl, and a
 * redelivery within it is acknowledged as a replay.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<ReplayGuard.ReplayGuard.Service, never, Redis> =>
  Effect.gen(function*() {
    const redis = yield* Redis
    const guard = { redis, store: "replay-guard", policy: options.onUnavailable ?? redis.onUnavailable }
    const fallback = yield* ReplayGuard.makeMemory({ maxEntries: options.maxEntries })
    const claimKey = (key: string) => redis.key("replay", key)

    return ReplayGuard.ReplayGuard.of({
      markSeen: (key, ttl) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const ttlMillis = Math.max(1, Math.ceil(Duration.toMillis(Duration.decode(ttl))))
          return decide(
            guard,
            "markSeen",
            Effect.map(redis.eval(claimScript, [claimKey(key)], [now, ttlMillis, now + ttlMillis]), (reply) => reply === 1),
            fallback.markSeen(key, ttl),
            Effect.die
          )
        }),
      // A claim taken by the fallback during an outage is dropped too.
      release: (key) =>
        Effect.zipRight(
          decide(
            guard,
            "release",
            Effect.asVoid(redis.command("replay.release", (client) => client.del(claimKey(key)))).pipe(
              Effect.retry(releaseRetry)
            ),
            Effect.void,
            () => Effect.void
          ),
          fallback.release(key)
        )
    })
  })

/**
 * Provides the guard as the `ReplayGuard` the webhook handlers use.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<ReplayGuard.ReplayGuard, never, Redis> =>
  Layer.effect(ReplayGuard.ReplayGuard, make(options))
