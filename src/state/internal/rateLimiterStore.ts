/**
 * The body of `RedisRateLimiterStore`: each store method is one script run over the key's slots and meta, wrapped in
 * the onUnavailable policy. Slots booked by the fallback carry a mark so confirm and cancel go back to it.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "../../core/RateLimiter.js"
import { Redis, script } from "../Redis.js"
import type { Options } from "../RedisRateLimiterStore.js"
import * as Lua from "./rateLimiter.lua.js"
import { decide, isLocal, localMark, randomId, strings, unmark } from "./policy.js"

const reserveScript = script("ratelimit.reserve", Lua.reserve)
const cancelScript = script("ratelimit.cancel", Lua.cancel)
const adjustScript = script("ratelimit.adjust", Lua.adjust)
const statusScript = script("ratelimit.status", Lua.status)

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

const optionalNumber = (value: string | undefined): number | undefined =>
  value === undefined || value === "" ? undefined : Number(value)

// Keys stay this long past the last time they matter (the newest slot's window, the pause, the pace).
const slackMillis = 60_000

/** @internal */
export const make = (options: Options = {}): Effect.Effect<RateLimiter.RateLimiterStore.Service, never, Redis> =>
  Effect.gen(function*() {
    const redis = yield* Redis
    const guard = { redis, store: "rate-limiter", policy: options.onUnavailable ?? redis.onUnavailable }
    const failOpen = guard.policy === "fail-open"
    const unavailableMillis = millis(options.unavailableRetryAfter, 1_000)
    const fallback = yield* RateLimiter.makeMemoryStore
    const slotsKey = (key: string) => redis.key("ratelimit", key)
    const keysOf = (key: string) => [slotsKey(key), redis.key("ratelimit-meta", key)]

    const reserve = (request: RateLimiter.Request) =>
      decide(
        guard,
        "reserve",
        Effect.map(
          redis.eval(reserveScript, keysOf(request.key), [
            request.nowMillis,
            request.cost,
            request.limit,
            request.windowMillis,
            Number.isFinite(request.maxWaitMillis) ? request.maxWaitMillis : -1,
            randomId(),
            slackMillis,
            request.burst
          ]),
          (reply): RateLimiter.Reservation => {
            const [tag, a = "", b = ""] = strings(reply)
            return tag === "Granted"
              ? { _tag: "Granted", id: a, atMillis: Number(b) }
              : { _tag: "Denied", retryAfterMillis: Number(a), paused: b === "1" }
          }
        ),
        Effect.map(fallback.reserve(request), (reservation) =>
          reservation._tag === "Granted" ? { ...reservation, id: `${localMark}${reservation.id}` } : reservation),
        () =>
          Effect.succeed<RateLimiter.Reservation>({
            _tag: "Denied",
            retryAfterMillis: unavailableMillis,
            paused: false,
            description: "rate limiter state store (Redis) is unavailable and the limiter fails closed"
          })
      )

    const confirm = (key: string, id: string) =>
      isLocal(id)
        ? fallback.confirm(key, unmark(id))
        : decide(
          guard,
          "confirm",
          Effect.map(redis.command("ratelimit.confirm", (client) => client.zscore(slotsKey(key), id)), (score) =>
            score !== null),
          // The slot was booked under the shared view: keep it. Failing closed, book again (and be refused).
          Effect.succeed(true),
          () => Effect.succeed(false)
        )

    const cancel = (key: string, id: string) => {
      if (isLocal(id)) return fallback.cancel(key, unmark(id))
      const cancelled = `${id.slice(0, id.lastIndexOf(":"))}:0`
      return decide(
        guard,
        "cancel",
        Effect.asVoid(redis.eval(cancelScript, [slotsKey(key)], [id, cancelled])),
        Effect.void,
        () => Effect.void
      )
    }

    const adjust = (key: string, now: number, adjustment: RateLimiter.Adjustment) => {
      const shared = decide(
        guard,
        "adjust",
        Effect.map(
          redis.eval(adjustScript, keysOf(key), [
            now,
            adjustment.pauseUntilMillis ?? "",
            adjustment.paceIntervalMillis ?? "",
            adjustment.paceUntilMillis ?? "",
            slackMillis
          ]),
          (reply) => reply === 1
        ),
        fallback.adjust(key, now, adjustment),
        () => Effect.succeed(false)
      )
      // Failing open, the fallback also learns every server signal, so an outage does not forget a 429's pause.
      return failOpen ? Effect.zipLeft(shared, fallback.adjust(key, now, adjustment)) : shared
    }

    const status = (key: string, now: number, windowMillis: number) =>
      decide(
        guard,
        "status",
        Effect.map(redis.eval(statusScript, keysOf(key), [now, windowMillis]), (reply): RateLimiter.Status => {
          const [used, waiting, pausedUntil, paceInterval, paceUntil] = strings(reply)
          const paused = optionalNumber(pausedUntil)
          const paceEnd = optionalNumber(paceUntil)
          return {
            key,
            used: Number(used),
            waiting: Number(waiting),
            pausedUntil: paused !== undefined && paused > now ? paused : undefined,
            paceIntervalMillis: paceEnd !== undefined && paceEnd > now ? optionalNumber(paceInterval) : undefined
          }
        }),
        fallback.status(key, now, windowMillis),
        // Failing closed every call is refused: report the key as paused for the retry interval.
        () =>
          Effect.succeed({
            key,
            used: 0,
            waiting: 0,
            pausedUntil: now + unavailableMillis,
            paceIntervalMillis: undefined
          })
      )

    const store: RateLimiter.RateLimiterStore.Service = { reserve, confirm, cancel, adjust, status }
    return store
  })
