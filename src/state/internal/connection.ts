/**
 * The body of `Redis`: the ioredis client with fail-fast settings, the bounded command runner, and outage tracking.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import type * as Scope from "effect/Scope"
import { Redis as IORedis } from "ioredis"
import * as Redaction from "../../core/Redaction.js"
import { type Options, type Redis, type Script, StateUnavailableError } from "../Redis.js"

/** @internal */
export const Attr = {
  store: "integration.state.store",
  operation: "integration.state.operation"
} as const

/** @internal */
export const fallbacks = Metric.counter("integration.state.fallbacks", {
  description: "Calls a fail-open shared state store answered from per-process memory while Redis was unreachable",
  incremental: true
})

/** @internal */
export const unavailable = Metric.counter("integration.state.unavailable", {
  description: "Shared state store commands that could not run (not connected, failed or timed out)",
  incremental: true
})

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

/** The password of a Redis URL, as written and decoded, for `describe` to mask. */
const urlSecrets = (url: string): ReadonlyArray<string> => {
  try {
    const password = new URL(url).password
    return password === "" ? [] : [password, decodeURIComponent(password)]
  } catch {
    return []
  }
}

const isNoScript = (cause: unknown): boolean => cause instanceof Error && cause.message.startsWith("NOSCRIPT")

const waitReady = (client: IORedis): Effect.Effect<void> =>
  Effect.async<void>((resume) => {
    if (client.status === "ready") return resume(Effect.void)
    const onReady = () => resume(Effect.void)
    client.once("ready", onReady)
    return Effect.sync(() => void client.off("ready", onReady))
  })

/** @internal */
export const make = (options: Options = {}): Effect.Effect<Redis.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    const url = options.url ?? "redis://127.0.0.1:6379"
    const secrets = urlSecrets(url)
    const prefix = options.prefix ?? "ei"
    const onUnavailable = options.onUnavailable ?? "fail-open"
    const commandTimeout = Duration.millis(millis(options.commandTimeout, 1_000))
    const connectTimeout = Duration.millis(millis(options.connectTimeout, 5_000))
    const initialDelay = millis(options.reconnect?.initial, 50)
    const maxDelay = Math.max(initialDelay, millis(options.reconnect?.max, 2_000))

    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const client = new IORedis(url, {
          // Commands fail at once while disconnected instead of queueing behind an outage.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: Math.max(1, Duration.toMillis(connectTimeout)),
          retryStrategy: (times) => Math.round(Math.min(maxDelay, initialDelay * 2 ** (times - 1)) * (0.8 + Math.random() * 0.4))
        })
        // Connection errors surface through the stores' outage reports; without a listener ioredis prints each one.
        client.on("error", () => {})
        return client
      }),
      (client) =>
        Effect.promise(() => client.quit().catch(() => "closed")).pipe(
          Effect.timeout("1 second"),
          Effect.ignore,
          Effect.ensuring(Effect.sync(() => client.disconnect()))
        )
    )

    const ready = yield* Effect.timeoutOption(waitReady(client), connectTimeout)
    if (ready._tag === "None") {
      yield* Effect.logWarning("Redis not reachable yet: shared state stores apply their onUnavailable policy until it is")
    }

    const command = <A>(operation: string, run: (client: IORedis) => Promise<A>) =>
      Effect.suspend(() => {
        if (client.status !== "ready") {
          return Effect.fail(
            new StateUnavailableError({ operation, description: `connection is ${client.status}` }, {
              disableValidation: true
            })
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
          Metric.update(tagged(unavailable), 1),
          fellBack ? Metric.update(tagged(fallbacks), 1) : Effect.void
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
      isReady: Effect.sync(() => client.status === "ready")
    }
    return service
  })
