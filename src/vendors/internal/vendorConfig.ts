/**
 * What every vendor client's configuration repeats: the base URL variable, option overrides that must not erase with
 * `undefined`, and `layerConfig` (the environment's options with code's on top).
 *
 * @internal
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** @internal */
export const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return url.protocol === "https:" || url.protocol === "http:"
  } catch {
    return false
  }
}

/** An http(s) URL variable with the vendor's public API as default (tests point it at a local server). @internal */
export const baseUrl = (name: string, fallback: string): Config.Config<string> =>
  Config.string(name).pipe(
    Config.validate({ message: "must be an http(s) URL", validation: isHttpUrl }),
    Config.withDefault(fallback)
  )

/** A field given as `undefined` means "not set", so it must not erase the value beneath it. @internal */
export const withoutUndefined = <A extends object>(value: A): Partial<A> =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<A>

/** The layer from the environment's options, with `overrides` set in code on top. @internal */
export const layerConfig = <Options extends object, Overrides extends Partial<Options>, S, R>(
  config: Config.Config<Options>,
  layer: (options: Options) => Layer.Layer<S, never, R>,
  overrides: Overrides
): Layer.Layer<S, ConfigError.ConfigError, R> =>
  Layer.unwrapEffect(Effect.map(config, (options) => layer({ ...options, ...withoutUndefined(overrides) })))
