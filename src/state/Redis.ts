/**
 * The Redis connection behind the shared state stores: one ioredis client per layer whose commands fail fast while
 * disconnected and are each bounded by a timeout, keys namespaced `<prefix>:<kind>:<key>`, and the outage bookkeeping
 * (one warning per outage, a metric per fallback) behind every store's `onUnavailable` policy.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { Redis as IORedis } from "ioredis"
import * as NodeCrypto from "node:crypto"
import * as internal from "./internal/connection.js"
import * as RedisUrl from "./internal/redisUrl.js"

/**
 * What a store does while Redis cannot be reached: `"fail-open"` decides with a per-process memory store (limits and
 * breakers then hold per process, not across them), `"fail-closed"` refuses (the breaker rejects with `CircuitOpen`,
 * the limiter with `RateLimited`, the replay guard dies so the webhook is answered 500 and redelivered).
 *
 * @since 0.1.0
 * @category Models
 */
export type Policy = "fail-open" | "fail-closed"

/**
 * Redis could not answer a command: not connected, the command failed, or it timed out. Stores turn it into their
 * policy; it reaches callers only as the defect of a fail-closed replay guard.
 *
 * @since 0.1.0
 * @category Errors
 */
export class StateUnavailableError extends Schema.TaggedError<StateUnavailableError>(
  "effect-integrations/StateUnavailableError"
)("StateUnavailableError", {
  operation: Schema.String,
  description: Schema.String
}) {
  override get message(): string {
    return `shared state store unavailable during ${this.operation}: ${this.description}`
  }
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isStateUnavailableError = (u: unknown): u is StateUnavailableError => u instanceof StateUnavailableError

/**
 * A Lua script, run with `EVALSHA` and sent in full only when Redis does not know it yet (after a restart).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Script {
  /** Names the operation in errors and metrics. */
  readonly name: string
  readonly source: string
  readonly sha: string
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const script = (name: string, source: string): Script => ({
  name,
  source,
  sha: NodeCrypto.createHash("sha1").update(source).digest("hex")
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * `redis://[user:password@]host[:port][/db]` or `rediss://...` (TLS); credentials percent-encoded; the only query
   * parameter read is `family` (0, 4 or 6). Default `redis://127.0.0.1:6379`.
   */
  readonly url?: string | undefined
  /** First segment of every key. Default `ei`. */
  readonly prefix?: string | undefined
  /** The stores' default policy while Redis is unreachable. Default `"fail-open"`. */
  readonly onUnavailable?: Policy | undefined
  /** Bound on every command, after which it counts as unavailable. Default 1 s. */
  readonly commandTimeout?: Duration.DurationInput | undefined
  /**
   * How long building the layer waits for the first connection. Past it the layer is built anyway: the stores apply
   * their policy until the connection comes up. Default 5 s.
   */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /** Reconnection backoff: doubling from `initial` up to `max`, each delay jittered ±20%. Defaults 50 ms and 2 s. */
  readonly reconnect?: {
    readonly initial?: Duration.DurationInput | undefined
    readonly max?: Duration.DurationInput | undefined
  } | undefined
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class Redis extends Context.Tag("effect-integrations/state/Redis")<Redis, Redis.Service>() {}

/**
 * @since 0.1.0
 * @category Tags
 */
export declare namespace Redis {
  /**
   * @since 0.1.0
   * @category Models
   */
  export interface Service {
    /** The ioredis client (offline queue off, bounded retries per request); for commands of your own. */
    readonly client: IORedis
    readonly prefix: string
    readonly onUnavailable: Policy
    /** `<prefix>:<kind>:<key>`. */
    readonly key: (kind: string, key: string) => string
    /** Runs one command under the timeout; fails at once while the connection is not ready. */
    readonly command: <A>(
      operation: string,
      run: (client: IORedis) => Promise<A>
    ) => Effect.Effect<A, StateUnavailableError>
    /** Runs a script atomically (`EVALSHA`, falling back to `EVAL` when Redis lost its script cache). */
    readonly eval: (
      script: Script,
      keys: ReadonlyArray<string>,
      args: ReadonlyArray<string | number>
    ) => Effect.Effect<unknown, StateUnavailableError>
    /**
     * Records a command that could not run: counts it, and logs one warning when this starts an outage (not one per
     * call). `store` and `operation` tag the metrics; `fellBack` says whether a fail-open store answered locally.
     */
    readonly reportUnavailable: (
      store: string,
      operation: string,
      error: StateUnavailableError,
      fellBack: boolean
    ) => Effect.Effect<void>
    /** Records a command that ran: ends the outage, if one was on, with one log line. */
    readonly reportAvailable: Effect.Effect<void>
    /** Whether the connection is ready now. */
    readonly isReady: Effect.Effect<boolean>
  }
}

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_URL = "redis://127.0.0.1:6379"

/**
 * Metrics: `fallbacks` counts calls a fail-open store answered from memory, `unavailable` every command that could
 * not run; both tagged `integration.state.store` and `integration.state.operation`.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const metrics = {
  fallbacks: Metric.counter("integration.state.fallbacks", {
    description: "Calls a fail-open shared state store answered from per-process memory while Redis was unreachable",
    incremental: true
  }),
  unavailable: Metric.counter("integration.state.unavailable", {
    description: "Shared state store commands that could not run (not connected, failed or timed out)",
    incremental: true
  })
} as const

/**
 * Checks the URL (scheme, host, port, database index, credentials' percent-encoding), connects (waiting up to
 * `connectTimeout`) and disconnects when the scope closes. A bad URL, or a database index the server refuses while
 * the layer is being built, fails with a `ConfigError` naming `url` that shows the URL with its password masked; a
 * refusal after that makes every command unavailable (the stores apply `onUnavailable`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options?: Options): Effect.Effect<Redis.Service, ConfigError.ConfigError, Scope.Scope> =>
  internal.make(options)

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<Redis, ConfigError.ConfigError> => Layer.scoped(Redis, make(options))

/**
 * `REDIS_URL` (default `redis://127.0.0.1:6379`): `redis://` or `rediss://`, a host, a port in 1-65535, an optional
 * `/<db>` index, percent-encoded credentials. A bad value is reported with its password masked.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<string> = Config.string("REDIS_URL").pipe(
  Config.mapOrFail((url) =>
    Either.match(RedisUrl.parse(url), {
      onLeft: (message) => Either.left(ConfigError.InvalidData([], message)),
      onRight: () => Either.right(url)
    })
  ),
  Config.withDefault(DEFAULT_URL)
)

/**
 * The connection from `REDIS_URL`, with other options set in code; errors name `REDIS_URL`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (options: Omit<Options, "url"> = {}): Layer.Layer<Redis, ConfigError.ConfigError> =>
  Layer.scoped(Redis, Effect.flatMap(config, (url) => internal.make({ ...options, url }, "REDIS_URL")))
