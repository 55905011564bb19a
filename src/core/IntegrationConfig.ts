/**
 * Loading integration settings from the environment so that an app composing many vendors learns about every missing
 * or malformed variable in one error, not one restart at a time.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Credentials from "./Credentials.js"

/**
 * A secret read from the environment at startup and re-read through `Credentials` afterwards.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const secret: (name: string) => Config.Config<Credentials.Secret> = Credentials.config

/**
 * One problem with the configuration.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Problem {
  /** The variable, e.g. `ACME_API_KEY`. */
  readonly key: string
  readonly kind: "Missing" | "Invalid" | "Unavailable" | "Unsupported"
  readonly message: string
}

/**
 * Every leaf of a `ConfigError`, in order, without duplicates. Alternatives (`Config.orElse`) are reported by the
 * first branch, which names the variable a user is expected to set.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const problems = (error: ConfigError.ConfigError): ReadonlyArray<Problem> => {
  const out: Array<Problem> = []
  const seen = new Set<string>()
  const push = (kind: Problem["kind"], path: ReadonlyArray<string>, message: string) => {
    const key = path.join(".")
    const id = `${kind}:${key}`
    if (seen.has(id)) return
    seen.add(id)
    out.push({ key, kind, message })
  }
  const go = (current: ConfigError.ConfigError): void => {
    switch (current._op) {
      case "And":
        go(current.left)
        go(current.right)
        return
      case "Or":
        go(current.left)
        return
      case "MissingData":
        push("Missing", current.path, current.message)
        return
      case "InvalidData":
        // Effect's messages quote the offending value ("... but received <value>"), which may be a secret.
        push("Invalid", current.path, current.message.replace(/,?\s*but received[\s\S]*$/, ""))
        return
      case "SourceUnavailable":
        push("Unavailable", current.path, current.message)
        return
      case "Unsupported":
        push("Unsupported", current.path, current.message)
        return
    }
  }
  go(error)
  return out
}

/**
 * A readable multi-line report: one line per problem. Values are never included, only variable names.
 *
 * @since 0.1.0
 * @category Formatting
 */
export const format = (error: ConfigError.ConfigError): string => {
  const list = problems(error)
  const header = `Configuration has ${list.length} problem${list.length === 1 ? "" : "s"}:`
  return [header, ...list.map((problem) => `  - ${problem.key}: ${problem.kind.toLowerCase()} (${problem.message})`)].join(
    "\n"
  )
}

type AnyLayerConfig = Config.Config<Layer.Layer<never, unknown, unknown>>
type OutOf<T> = T extends Config.Config<Layer.Layer<infer ROut, infer _E, infer _RIn>> ? ROut : never
type ErrorOf<T> = T extends Config.Config<Layer.Layer<infer _ROut, infer E, infer _RIn>> ? E : never
type InOf<T> = T extends Config.Config<Layer.Layer<infer _ROut, infer _E, infer RIn>> ? RIn : never

/**
 * Merges vendor layers whose options come from configuration, loading all configuration first in one pass so that the
 * resulting `ConfigError` lists every problem of every vendor.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Context, Layer } from "effect"
 * import { IntegrationConfig, VendorClient } from "effect-integrations"
 *
 * // Two vendor clients (each from `VendorClient.define`; every client in this package has `fromEnv` too).
 * class Payments extends Context.Tag("app/Payments")<Payments, VendorClient.Service>() {}
 * class Mail extends Context.Tag("app/Mail")<Mail, VendorClient.Service>() {}
 * declare const PaymentsClient: VendorClient.Client<Payments, VendorClient.VendorOptions, VendorClient.Service>
 * declare const MailClient: VendorClient.Client<Mail, VendorClient.VendorOptions, VendorClient.Service>
 *
 * // Both API keys missing: one ConfigError naming both variables.
 * const Live = IntegrationConfig.layer(PaymentsClient.fromEnv, MailClient.fromEnv).pipe(
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = <const Configs extends ReadonlyArray<AnyLayerConfig>>(
  ...configs: Configs
): Layer.Layer<OutOf<Configs[number]>, ConfigError.ConfigError | ErrorOf<Configs[number]>, InOf<Configs[number]>> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.all(configs as ReadonlyArray<AnyLayerConfig>),
      (layers) => layers.reduce<Layer.Layer<never, unknown, unknown>>((acc, next) => Layer.merge(acc, next), Layer.empty)
    )
  ) as Layer.Layer<OutOf<Configs[number]>, ConfigError.ConfigError | ErrorOf<Configs[number]>, InOf<Configs[number]>>
