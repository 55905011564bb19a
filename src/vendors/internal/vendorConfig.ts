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
import * as Option from "effect/Option"
import * as Validation from "../../core/internal/policyValidation.js"

/** An absolute http(s) URL with a host and no credentials (a redirect URI, say; it may carry a query). @internal */
export const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && url.username === "" &&
      url.password === ""
  } catch {
    return false
  }
}

/** What a base URL must be, as `Validation.baseUrlProblem` checks it; the value is never quoted. */
const BASE_URL_RULE = "must be an absolute http(s) URL with a host, without credentials, query or fragment"

/**
 * A base URL variable, unset or empty meaning the vendor's public API (as the vendors' own SDKs read `*_BASE_URL`).
 * A malformed one is a `ConfigError` naming the variable, reported with every other problem. @internal
 */
export const optionalBaseUrl = (name: string): Config.Config<Option.Option<string>> =>
  Config.string(name).pipe(
    Config.validate({
      message: BASE_URL_RULE,
      validation: (value) => value.trim() === "" || Validation.baseUrlProblem(value) === undefined
    }),
    Config.option,
    Config.map(Option.filter((value) => value.trim() !== ""))
  )

/** A base URL variable with the vendor's public API as default (tests point it at a local server). @internal */
export const baseUrl = (name: string, fallback: string): Config.Config<string> =>
  Config.map(optionalBaseUrl(name), Option.getOrElse(() => fallback))

/** A field given as `undefined` means "not set", so it must not erase the value beneath it. @internal */
export const withoutUndefined = <A extends object>(value: A): Partial<A> =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<A>

/** The layer from the environment's options, with `overrides` set in code on top. @internal */
export const layerConfig = <Options extends object, Overrides extends Partial<Options>, S, R>(
  config: Config.Config<Options>,
  layer: (options: Options) => Layer.Layer<S, ConfigError.ConfigError, R>,
  overrides: Overrides
): Layer.Layer<S, ConfigError.ConfigError, R> =>
  Layer.unwrapEffect(Effect.map(config, (options) => layer({ ...options, ...withoutUndefined(overrides) })))
