/**
 * An OAuth2 `TokenStore` in Redis with a refresh lock, so processes sharing one connection's tokens refresh once
 * between them: the lock is `SET NX PX` with a random token, extended while the refresh runs and released by
 * compare-and-delete, so a holder whose lease ran out can never free someone else's lock.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { IntegrationError } from "../core/IntegrationError.js"
import * as OAuth2 from "../core/OAuth2.js"
import * as Lua from "./internal/lock.lua.js"
import { decide, randomId } from "./internal/policy.js"
import { type Policy, Redis, script, type StateUnavailableError } from "./Redis.js"

const releaseScript = script("oauth.lock.release", Lua.release)
const extendScript = script("oauth.lock.extend", Lua.extend)

const Stored = Schema.parseJson(Schema.Struct({
  accessToken: Schema.String,
  refreshToken: Schema.optional(Schema.String),
  expiresAt: Schema.Number
}))
const decodeStored = Schema.decodeUnknownEither(Stored)
const encodeStored = Schema.encodeSync(Stored)

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /**
   * While Redis is unreachable: `"fail-open"` answers from the tokens this process last read or wrote and refreshes
   * without the shared lock, `"fail-closed"` fails with `IntegrationError{ reason: "Transport" }` saying the token
   * store is unavailable. Defaults to the connection's policy.
   */
  readonly onUnavailable?: Policy | undefined
  /** How long stored tokens outlive their last write (each refresh writes). Default 90 days. */
  readonly ttl?: Duration.DurationInput | undefined
  /** How long the lock holds without being extended; a holder that died frees it after this. Default 30 s. */
  readonly lockLease?: Duration.DurationInput | undefined
  /** How long to wait for another process's refresh before failing with `Timeout`. Default 60 s. */
  readonly lockWait?: Duration.DurationInput | undefined
}

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Math.max(1, Math.ceil(Duration.toMillis(Duration.decode(input))))

/**
 * The store over the `Redis` connection in context. Tokens live at `<prefix>:oauth-tokens:<key>` as JSON (Redis
 * holds them in clear: protect it as you would the database that would otherwise hold them), the lock at
 * `<prefix>:oauth-lock:<key>`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<OAuth2.TokenStore, never, Redis> =>
  Effect.gen(function*() {
    const redis = yield* Redis
    const policy = options.onUnavailable ?? redis.onUnavailable
    const guard = { redis, store: "oauth-tokens", policy }
    const ttlMillis = millis(options.ttl, 90 * 86_400_000)
    const leaseMillis = millis(options.lockLease, 30_000)
    const waitMillis = millis(options.lockWait, 60_000)
    // The last tokens this process saw: what a fail-open store answers with while Redis is away.
    const local = new Map<string, OAuth2.Tokens>()
    const tokensKey = (key: string) => redis.key("oauth-tokens", key)
    const lockKey = (key: string) => redis.key("oauth-lock", key)

    const unavailable = (operation: string) => (error: StateUnavailableError) =>
      Effect.fail(
        new IntegrationError({
          vendor: "state",
          operation,
          reason: "Transport",
          description: `OAuth token store (Redis) is unavailable: ${error.description}`
        })
      )

    const get = (key: string) =>
      decide(
        guard,
        "get",
        Effect.map(redis.command("oauth.tokens.get", (client) => client.get(tokensKey(key))), (raw) => {
          if (raw === null) return Option.none<OAuth2.Tokens>()
          const decoded = decodeStored(raw)
          // A value this code cannot read is as good as none: the connection must be authorised again.
          if (Either.isLeft(decoded)) return Option.none<OAuth2.Tokens>()
          const tokens: OAuth2.Tokens = {
            accessToken: Redacted.make(decoded.right.accessToken),
            refreshToken: decoded.right.refreshToken === undefined ? undefined : Redacted.make(decoded.right.refreshToken),
            expiresAt: decoded.right.expiresAt
          }
          local.set(key, tokens)
          return Option.some(tokens)
        }),
        Effect.sync(() => Option.fromNullable(local.get(key))),
        unavailable("oauth.tokens.get")
      )

    const set = (key: string, tokens: OAuth2.Tokens) =>
      Effect.zipRight(
        Effect.sync(() => void local.set(key, tokens)),
        decide(
          guard,
          "set",
          Effect.asVoid(redis.command("oauth.tokens.set", (client) =>
            client.set(
              tokensKey(key),
              encodeStored({
                accessToken: Redacted.value(tokens.accessToken),
                ...(tokens.refreshToken === undefined ? {} : { refreshToken: Redacted.value(tokens.refreshToken) }),
                expiresAt: tokens.expiresAt
              }),
              "PX",
              ttlMillis
            ))),
          Effect.void,
          unavailable("oauth.tokens.set")
        )
      )

    type Acquired = "held" | "unguarded"

    const tryLock = (key: string, token: string) =>
      redis.command("oauth.lock.acquire", (client) => client.set(lockKey(key), token, "PX", leaseMillis, "NX"))

    // Polls until the lock is free; another process's refresh takes one token call, so waits are short.
    const acquire = (key: string, token: string): Effect.Effect<Acquired, IntegrationError> =>
      Effect.gen(function*() {
        const deadline = (yield* Clock.currentTimeMillis) + waitMillis
        let delay = 20
        while (true) {
          const taken = yield* decide(
            guard,
            "lock",
            Effect.map(tryLock(key, token), (reply): Acquired | "busy" => (reply === "OK" ? "held" : "busy")),
            Effect.succeed<Acquired | "busy">("unguarded"),
            unavailable("oauth.lock")
          )
          if (taken !== "busy") return taken
          const now = yield* Clock.currentTimeMillis
          if (now >= deadline) {
            return yield* Effect.fail(
              new IntegrationError({
                vendor: "state",
                operation: "oauth.lock",
                reason: "Timeout",
                description: `another process held the token refresh lock for over ${waitMillis} ms`
              })
            )
          }
          yield* Effect.sleep(Duration.millis(Math.min(delay, deadline - now)))
          delay = Math.min(delay * 2, 250)
        }
      })

    const release = (key: string, token: string) =>
      Effect.ignore(redis.eval(releaseScript, [lockKey(key)], [token]))

    // A refresh slower than the lease (a slow token endpoint) keeps the lock by extending it while it runs.
    const keepAlive = (key: string, token: string) =>
      Effect.repeat(
        Effect.ignore(redis.eval(extendScript, [lockKey(key)], [token, leaseMillis])),
        Schedule.spaced(Duration.millis(Math.max(1, Math.floor(leaseMillis / 3))))
      )

    const withLock = <A, E, R>(key: string, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | IntegrationError, R> =>
      Effect.uninterruptibleMask((restore) =>
        Effect.gen(function*() {
          const token = randomId()
          // Interrupted while waiting right after taking the lock, the lease frees it.
          const acquired = yield* restore(acquire(key, token))
          if (acquired === "unguarded") return yield* restore(effect)
          // Forked from the uninterruptible region, the heartbeat must be made interruptible to be stopped.
          const heartbeat = yield* Effect.fork(Effect.interruptible(keepAlive(key, token)))
          const exit = yield* Effect.exit(restore(effect))
          yield* Fiber.interrupt(heartbeat)
          yield* release(key, token)
          return yield* exit
        })
      )

    const store: OAuth2.TokenStore = { get, set, withLock }
    return store
  })

/**
 * Provides the store as the `TokenStore` that `OAuth2.make` uses, refreshes included.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<OAuth2.TokenStoreTag, never, Redis> =>
  Layer.effect(OAuth2.TokenStoreTag, make(options))
