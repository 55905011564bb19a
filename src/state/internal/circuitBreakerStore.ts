/**
 * The body of `RedisCircuitBreakerStore`: each store method is one script run, transitions come back from Redis
 * pub/sub (every process's, in the order Redis ran them), and the onUnavailable policy wraps each decision.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as CircuitBreaker from "../../core/CircuitBreaker.js"
import { Redis, script } from "../Redis.js"
import type { Options } from "../RedisCircuitBreakerStore.js"
import * as Lua from "./circuitBreaker.lua.js"
import { decide, isLocal, localMark, randomId, strings, unmark } from "./policy.js"

const acquireScript = script("breaker.acquire", Lua.acquire)
const recordScript = script("breaker.record", Lua.record)

const states: Readonly<Record<string, CircuitBreaker.State>> = { C: "Closed", O: "Open", H: "HalfOpen" }
const stateOf = (letter: string | null | undefined): CircuitBreaker.State => states[letter ?? "C"] ?? "Closed"
const outcomes: Readonly<Record<CircuitBreaker.Outcome, string>> = { Success: "S", Failure: "F", Interrupted: "I" }

const allow: CircuitBreaker.Decision = { _tag: "Allow" }

/** `from|to|at|key`: the key goes last because it may itself contain `|`. */
const parseTransition = (message: string): CircuitBreaker.Transition | undefined => {
  const parts = message.split("|")
  if (parts.length < 4) return undefined
  const [from, to, at] = parts
  return { key: parts.slice(3).join("|"), from: stateOf(from), to: stateOf(to), at: Number(at) }
}

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

/** @internal */
export const make = (options: Options = {}): Effect.Effect<CircuitBreaker.CircuitBreakerStore.Service, never, Redis | Scope.Scope> =>
  Effect.gen(function*() {
    const redis = yield* Redis
    const guard = { redis, store: "circuit-breaker", policy: options.onUnavailable ?? redis.onUnavailable }
    const unavailableMillis = millis(options.unavailableRetryAfter, 1_000)
    const idleMillis = millis(options.idleTtl, 3_600_000)
    const fallback = yield* CircuitBreaker.makeMemoryStore
    const channel = `${redis.prefix}:breaker:transitions`
    const hashKey = (key: string) => redis.key("breaker", key)
    // An open key must outlive its open time and a probe its lease; past that, an idle key may be forgotten.
    const ttlOf = (policy: CircuitBreaker.StorePolicy) =>
      Math.ceil(Math.max(policy.openMaxMillis, policy.probeLeaseMillis) + idleMillis)

    const pubsub = yield* Effect.acquireRelease(PubSub.unbounded<CircuitBreaker.Transition>(), PubSub.shutdown)
    // Pub/sub needs a connection of its own; its offline queue stays on so the subscription waits for a connection.
    const subscriber = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const subscriber = redis.client.duplicate({ enableOfflineQueue: true })
        subscriber.on("error", () => {})
        subscriber.on("message", (from: string, message: string) => {
          if (from !== channel) return
          const transition = parseTransition(message)
          if (transition !== undefined) pubsub.unsafeOffer(transition)
        })
        return subscriber
      }),
      (subscriber) => Effect.sync(() => subscriber.disconnect())
    )
    yield* Effect.promise(() => subscriber.subscribe(channel).catch(() => 0)).pipe(Effect.timeout("5 seconds"), Effect.ignore)
    // Transitions the fallback makes during an outage are this process's only ones; they join the same stream.
    yield* Stream.runForEach(fallback.transitions, (transition) => PubSub.publish(pubsub, transition)).pipe(
      Effect.forkScoped
    )

    const rejectUnavailable: CircuitBreaker.Decision = {
      _tag: "Reject",
      state: "Open",
      retryAfterMillis: unavailableMillis,
      description: "circuit breaker state store (Redis) is unavailable and the breaker fails closed"
    }

    const acquire = (key: string, now: number, policy: CircuitBreaker.StorePolicy) =>
      decide(
        guard,
        "acquire",
        Effect.map(
          redis.eval(acquireScript, [hashKey(key)], [now, randomId(), policy.probeLeaseMillis, ttlOf(policy), channel, key]),
          (reply): CircuitBreaker.Decision => {
            const [tag, a = "", b = "", c = ""] = strings(reply)
            if (tag === "Allow") return allow
            if (tag === "Reject") return { _tag: "Reject", state: a === "HalfOpen" ? "HalfOpen" : "Open", retryAfterMillis: Number(b) }
            return {
              _tag: "AllowProbe",
              probe: a,
              leaseUntil: Number(b),
              transition: c === "1" ? { key, from: "Open", to: "HalfOpen", at: now } : undefined
            }
          }
        ),
        Effect.map(fallback.acquire(key, now, policy), (decision) =>
          decision._tag === "AllowProbe" ? { ...decision, probe: `${localMark}${decision.probe}` } : decision),
        () => Effect.succeed(rejectUnavailable)
      )

    const record = (
      key: string,
      now: number,
      outcome: CircuitBreaker.Outcome,
      probe: string | undefined,
      policy: CircuitBreaker.StorePolicy
    ): Effect.Effect<Option.Option<CircuitBreaker.Transition>> => {
      if (probe !== undefined && isLocal(probe)) return fallback.record(key, now, outcome, unmark(probe), policy)
      return decide(
        guard,
        "record",
        Effect.map(
          redis.eval(recordScript, [hashKey(key)], [
            now,
            outcomes[outcome],
            probe ?? "",
            policy.consecutiveFailures,
            policy.sampleSize,
            policy.failureRateThreshold,
            policy.minThroughput,
            policy.openInitialMillis,
            policy.openFactor,
            policy.openMaxMillis,
            ttlOf(policy),
            channel,
            key
          ]),
          (reply) => {
            const [from, to] = strings(reply)
            return from === undefined || to === undefined
              ? Option.none()
              : Option.some({ key, from: stateOf(from), to: stateOf(to), at: now })
          }
        ),
        // A probe Redis handed out means nothing to the fallback: it ignores it, and the lease frees the slot.
        fallback.record(key, now, outcome, probe, policy),
        () => Effect.succeed(Option.none())
      )
    }

    const snapshot = (key: string, now: number) =>
      decide(
        guard,
        "snapshot",
        Effect.map(
          redis.command("breaker.snapshot", (client) =>
            client.hmget(hashKey(key), "s", "cf", "ring", "sf", "op", "ou", "pid", "pl")),
          ([s, cf, ring, sf, op, ou, pid, pl]): CircuitBreaker.Snapshot => {
            const state = stateOf(s)
            const openUntil = Number(ou ?? 0)
            return {
              key,
              state: state === "Open" && now >= openUntil ? "HalfOpen" : state,
              consecutiveFailures: Number(cf ?? 0),
              sampleCalls: (ring ?? "").length,
              sampleFailures: Number(sf ?? 0),
              openings: Number(op ?? 0),
              openUntil: state === "Open" ? openUntil : undefined,
              probeInFlight: state === "HalfOpen" && pid != null && Number(pl ?? 0) > now
            }
          }
        ),
        fallback.snapshot(key, now),
        // What callers see while the store fails closed: every call rejected as if open.
        () =>
          Effect.succeed({
            key,
            state: "Open",
            consecutiveFailures: 0,
            sampleCalls: 0,
            sampleFailures: 0,
            openings: 0,
            openUntil: now + unavailableMillis,
            probeInFlight: false
          })
      )

    const store: CircuitBreaker.CircuitBreakerStore.Service = {
      acquire,
      record,
      snapshot,
      transitions: Stream.fromPubSub(pubsub)
    }
    return store
  })
