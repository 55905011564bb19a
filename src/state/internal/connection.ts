/**
 * The body of `Redis`: the ioredis client with fail-fast settings, the bounded command runner, and outage tracking.
 *
 * @internal
 */
import * as ConfigError from "effect/ConfigError"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import type * as Scope from "effect/Scope"
import type { Redis as IORedis } from "ioredis"
import * as OptionalPeer from "../../core/internal/optionalPeer.js"
import * as Redaction from "../../core/Redaction.js"
import { DEFAULT_URL, metrics, type Options, type Redis, type Script, StateUnavailableError } from "../Redis.js"
import * as RedisUrl from "./redisUrl.js"

/** @internal */
export const Attr = {
  store: "integration.state.store",
  operation: "integration.state.operation"
} as const

const millis = (input: Duration.DurationInput | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.decode(input))

/**
 * Error text only, scrubbed: ioredis attaches the command and its arguments (which may be tokens) to some errors, and
 * Redis itself quotes a refused command's first arguments in the message ("... with args beginning with: 'tok'").
 * These descriptions reach `StateUnavailableError`s and the outage warning, so the URL's credentials are masked too.
 */
const describe = (cause: unknown, secrets: ReadonlyArray<string>): string => {
  if (!(cause instanceof Error)) return "Redis command failed"
  const message = cause.message.replace(/,?\s*with args beginning with:[\s\S]*$/i, "")
  return Redaction.scrubText(`${cause.name}: ${message}`, { secrets, maxLength: 200 })
}

const isNoScript = (cause: unknown): boolean => cause instanceof Error && cause.message.startsWith("NOSCRIPT")

/**
 * ioredis sends `SELECT` on every connect and, when the server refuses it, reports an error and carries on in
 * database 0: commands must stop instead. The command is read from the error's public `command` field.
 */
const isSelectRefusal = (cause: unknown): boolean => {
  if (!(cause instanceof Error) || cause.name !== "ReplyError" || !("command" in cause)) return false
  const command: unknown = cause.command
  return typeof command === "object" && command !== null && "name" in command && command.name === "select"
}

const waitReady = (client: IORedis): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    if (client.status === "ready") return resume(Effect.void)
    const onReady = () => resume(Effect.void)
    client.once("ready", onReady)
    return Effect.sync(() => void client.off("ready", onReady))
  })

/**
 * `setting` names the URL's source in errors (`url` for the option, `REDIS_URL` for the environment).
 *
 * @internal
 */
export const make = (
  options: Options = {},
  setting = "url"
): Effect.Effect<Redis.Service, ConfigError.ConfigError, Scope.Scope> =>
  Effect.gen(function*() {
    const target = yield* Either.mapLeft(
      RedisUrl.parse(options.url ?? DEFAULT_URL),
      (message) => ConfigError.InvalidData([setting], message)
    )
    const secrets = target.password === undefined ? [] : [target.password, encodeURIComponent(target.password)]
    const prefix = options.prefix ?? "ei"
    const onUnavailable = options.onUnavailable ?? "fail-open"
    const commandTimeout = Duration.millis(millis(options.commandTimeout, 1_000))
    const connectTimeout = Duration.millis(millis(options.connectTimeout, 5_000))
    const initialDelay = millis(options.reconnect?.initial, 50)
    const maxDelay = Math.max(initialDelay, millis(options.reconnect?.max, 2_000))

    // Connection errors surface through the stores' outage reports (the last one in their description); without a
    // listener ioredis prints each one.
    let lastError: string | undefined
    // Set once the server refused the URL's database: a configuration error that reconnecting cannot mend.
    let refused: string | undefined
    const refusal = yield* Deferred.make<void>()
    // An optional peer: imported only when a Redis layer is built, so the other entries never need it installed.
    const { Redis: IORedisClient } = yield* OptionalPeer.load(OptionalPeer.ioredis, () => import("ioredis"))
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        // Explicit options, never the URL text: ioredis would run Node's legacy url.parse on it.
        const client = new IORedisClient({
          host: target.host,
          port: target.port,
          db: target.db,
          ...(target.username !== undefined ? { username: target.username } : {}),
          ...(target.password !== undefined ? { password: target.password } : {}),
          ...(target.tls ? { tls: {} } : {}),
          ...(target.family !== undefined ? { family: target.family } : {}),
          // Commands fail at once while disconnected instead of queueing behind an outage.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: Math.max(1, Duration.toMillis(connectTimeout)),
          retryStrategy: (times) => Math.round(Math.min(maxDelay, initialDelay * 2 ** (times - 1)) * (0.8 + Math.random() * 0.4))
        })
        client.on("error", (cause: unknown) => {
          lastError = describe(cause, secrets)
          if (refused === undefined && isSelectRefusal(cause)) {
            refused = `Redis refused database ${target.db} (${lastError})`
            client.disconnect()
            Deferred.unsafeDone(refusal, Exit.void)
          }
        })
        return client
      }),
      (client) =>
        Effect.promise(() => client.quit().catch(() => "closed")).pipe(
          Effect.timeout("1 second"),
          Effect.ignore,
          Effect.ensuring(Effect.sync(() => client.disconnect()))
        )
    )

    const ready = yield* Effect.timeoutOption(Effect.race(waitReady(client), Deferred.await(refusal)), connectTimeout)
    if (refused !== undefined) {
      return yield* Effect.fail(ConfigError.InvalidData([setting], `${refused} (got ${target.display})`))
    }
    if (ready._tag === "None") {
      yield* Effect.logWarning("Redis not reachable yet: shared state stores apply their onUnavailable policy until it is")
        .pipe(Effect.annotateLogs({ reason: lastError ?? `connection is ${client.status}` }))
    }

    const refuse = (operation: string, description: string) =>
      Effect.fail(new StateUnavailableError({ operation, description }, { disableValidation: true }))

    const command = <A>(operation: string, run: (client: IORedis) => Promise<A>) =>
      Effect.suspend(() => {
        if (refused !== undefined) return refuse(operation, refused)
        if (client.status !== "ready") {
          return refuse(
            operation,
            `connection is ${client.status}${lastError === undefined ? "" : ` (last error: ${lastError})`}`
          )
        }
        // Interruptible even inside a caller's uninterruptible region (the breaker's), or the timeout could not end it.
        return Effect.interruptible(Effect.tryPromise({
          try: () => run(client),
          catch: (cause) =>
            new StateUnavailableError({ operation, description: describe(cause, secrets) }, { disableValidation: true })
        })).pipe(
          Effect.timeoutFail({
            duration: commandTimeout,
            onTimeout: () =>
              new StateUnavailableError({ operation, description: `no answer within ${Duration.format(commandTimeout)}` }, {
                disableValidation: true
              })
          })
        )
      })

    const evalScript = (script: Script, keys: ReadonlyArray<string>, args: ReadonlyArray<string | number>) =>
      command(script.name, (client) =>
        client.evalsha(script.sha, keys.length, ...keys, ...args).catch((cause: unknown) =>
          isNoScript(cause) ? client.eval(script.source, keys.length, ...keys, ...args) : Promise.reject(cause)
        ))

    // Plain state, read on every call: an outage is "on" from the first failed command to the first one that runs.
    let outage = false

    const reportUnavailable = (store: string, operation: string, error: StateUnavailableError, fellBack: boolean) =>
      Effect.suspend(() => {
        const tagged = <Type, In, Out>(metric: Metric.Metric<Type, In, Out>) =>
          metric.pipe(Metric.tagged(Attr.store, store), Metric.tagged(Attr.operation, operation))
        const count = Effect.zipRight(
          Metric.update(tagged(metrics.unavailable), 1),
          fellBack ? Metric.update(tagged(metrics.fallbacks), 1) : Effect.void
        )
        if (outage) return count
        outage = true
        return Effect.zipRight(
          count,
          Effect.logWarning(
            fellBack
              ? "Redis unavailable: shared state stores fall back to per-process memory until it returns"
              : "Redis unavailable: shared state stores refuse calls until it returns"
          ).pipe(Effect.annotateLogs({ [Attr.store]: store, [Attr.operation]: operation, reason: error.description }))
        )
      })

    const reportAvailable = Effect.suspend(() => {
      if (!outage) return Effect.void
      outage = false
      return Effect.logInfo("Redis available again: shared state stores use it")
    })

    const service: Redis.Service = {
      client,
      prefix,
      onUnavailable,
      key: (kind, key) => `${prefix}:${kind}:${key}`,
      command,
      eval: evalScript,
      reportUnavailable,
      reportAvailable,
      isReady: Effect.sync(() => refused === undefined && client.status === "ready")
    }
    return service
  })
