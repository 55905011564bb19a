/**
 * Where secrets come from at request time. A `Secret` is a handle: a fixed value, or a named secret looked up through
 * the `Credentials` service, cached for a refresh interval and re-read at once when a vendor answers 401, so a rotated
 * key is picked up without a restart. The default source is the current `ConfigProvider` (environment variables).
 *
 * @since 0.1.0
 */
import * as Cache from "effect/Cache"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs/promises"
import * as NodePath from "node:path"

/**
 * A secret an integration sends with each request.
 *
 * @since 0.1.0
 * @category Models
 */
export type Secret = Fixed | Named

/**
 * @since 0.1.0
 * @category Models
 */
export interface Fixed {
  readonly _tag: "Fixed"
  readonly value: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Named {
  readonly _tag: "Named"
  /** The name the source knows it by, e.g. `ACME_API_KEY`. */
  readonly name: string
  /** The value read at startup; used when the source later fails, so a flaky secret store cannot break calls. */
  readonly initial: Redacted.Redacted<string>
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const fixed = (value: Redacted.Redacted<string> | string): Secret => ({
  _tag: "Fixed",
  value: Redacted.isRedacted(value) ? value : Redacted.make(value)
})

/**
 * A `Config` that reads a secret now (so startup reports it missing together with every other problem) and yields a
 * handle that re-reads it later through `Credentials`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const config = (name: string): Config.Config<Secret> =>
  Config.mapOrFail(Config.redacted(name), (initial) =>
    Redacted.value(initial).trim() === ""
      ? Either.left(ConfigError.InvalidData([name], "must not be empty"))
      : Either.right<Secret>({ _tag: "Named", name, initial }))

/**
 * Where named secrets are read from.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Source {
  readonly read: (name: string) => Effect.Effect<Redacted.Redacted<string>, ConfigError.ConfigError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  /** The secret's current value (cached up to the refresh interval). */
  readonly get: (secret: Secret) => Effect.Effect<Redacted.Redacted<string>>
  /** Re-reads the secret now, e.g. after a 401, and returns the fresh value. */
  readonly refresh: (secret: Secret) => Effect.Effect<Redacted.Redacted<string>>
  /**
   * The value `get` would return right now without reading the source, or `undefined` when `get` would have to read
   * it (not cached yet, or due for a refresh). Lets the kernel authenticate a call without an Effect step.
   */
  readonly peek?: ((secret: Secret, nowMillis: number) => Redacted.Redacted<string> | undefined) | undefined
}

/**
 * Reads named secrets from the current `ConfigProvider`.
 *
 * @since 0.1.0
 * @category Sources
 */
export const configSource: Source = { read: (name) => Config.redacted(name) }

/**
 * Reads named secrets from files in a folder (Docker and Kubernetes secrets: `/run/secrets/ACME_API_KEY`).
 *
 * @since 0.1.0
 * @category Sources
 */
export const directorySource = (directory: string): Source => ({
  read: (name) =>
    Effect.tryPromise(() => NodeFs.readFile(NodePath.join(directory, NodePath.basename(name)), "utf8")).pipe(
      Effect.map((text) => Redacted.make(text.trim())),
      Effect.mapError(() => ConfigError.MissingData([name], `no readable secret file for ${name} in ${directory}`))
    )
})

/**
 * Builds the service over a source. Successful reads are cached for `refreshInterval`; failed reads are not cached and
 * fall back to the value read at startup.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  source: Source,
  options: { readonly refreshInterval?: Duration.DurationInput | undefined } = {}
): Effect.Effect<Service> =>
  Effect.gen(function*() {
    const refreshInterval = Duration.decode(options.refreshInterval ?? Duration.minutes(5))
    const refreshMillis = Duration.toMillis(refreshInterval)
    // What the cache holds, and until when, readable without an Effect step: noted when each read completes, which is
    // when the cache starts counting the entry's time to live.
    const known = new Map<string, { readonly value: Redacted.Redacted<string>; readonly until: number }>()
    const cache = yield* Cache.makeWith({
      capacity: 1024,
      lookup: (name: string) =>
        Effect.tap(source.read(name), (value) =>
          Effect.clockWith((clock) =>
            Effect.sync(() => known.set(name, { value, until: clock.unsafeCurrentTimeMillis() + refreshMillis })))),
      timeToLive: (exit) => (Exit.isSuccess(exit) ? refreshInterval : Duration.zero)
    })
    const lookup = (secret: Secret, fresh: boolean): Effect.Effect<Redacted.Redacted<string>> => {
      if (secret._tag === "Fixed") return Effect.succeed(secret.value)
      const read = fresh ? Effect.zipRight(cache.refresh(secret.name), cache.get(secret.name)) : cache.get(secret.name)
      return Effect.orElseSucceed(read, () => secret.initial)
    }
    return {
      get: (secret) => lookup(secret, false),
      refresh: (secret) => lookup(secret, true),
      peek: (secret, now) => {
        if (secret._tag === "Fixed") return secret.value
        const entry = known.get(secret.name)
        return entry !== undefined && now < entry.until ? entry.value : undefined
      }
    }
  })

/**
 * The credentials service. When no layer provides it, secrets are re-read from the current `ConfigProvider`.
 *
 * @since 0.1.0
 * @category Tags
 */
export class Credentials extends Context.Tag("effect-integrations/Credentials")<Credentials, Service>() {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (source: Source, options?: { readonly refreshInterval?: Duration.DurationInput | undefined }) =>
  Layer.effect(Credentials, make(source, options))

/**
 * The service from context, or one over the current `ConfigProvider` built for the caller.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromContextOrDefault: Effect.Effect<Service> = Effect.flatMap(
  Effect.serviceOption(Credentials),
  Option.match({ onNone: () => make(configSource), onSome: Effect.succeed })
)
