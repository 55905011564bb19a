/**
 * `effect-integrations doctor`: for every vendor the environment configures, checks every variable at once and calls
 * its health check, then prints one table. Exits 1 when anything is missing, malformed or down, so it can gate a deploy.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as IntegrationConfig from "../../core/IntegrationConfig.js"
import * as Vendors from "../doctor/Vendors.js"
import { exitWith } from "../ExitCode.js"
import * as Failure from "../Failure.js"
import * as Flags from "../Flags.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Row {
  readonly vendor: string
  readonly config: "ok" | "problems"
  readonly health: "up" | "down" | "skipped"
  readonly latencyMillis: number | undefined
  /** Variable names and error reasons only; never a value. */
  readonly detail: string
}

/** A base URL a vendor client accepts: http(s), with a host, no credentials. */
const baseUrlProblem = (raw: string): string | undefined => {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return `${JSON.stringify(raw)} is not a URL (expected e.g. http://127.0.0.1:4010/stripe)`
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `must be an http:// or https:// URL (got ${url.protocol})`
  if (url.hostname === "") return "has no host"
  if (url.username !== "" || url.password !== "") return "must not carry credentials (user:password@)"
  return undefined
}

const parseBaseUrls = (entries: ReadonlyArray<string>): Either.Either<Map<string, string>, string> => {
  const overrides = new Map<string, string>()
  for (const entry of entries) {
    const at = entry.indexOf("=")
    const name = entry.slice(0, at)
    const vendor = Vendors.all.find((v) => v.name === name)
    if (at <= 0 || vendor === undefined) {
      return Either.left(`--base-url takes <vendor>=<url> with vendor one of ${Vendors.all.map((v) => v.name).join(", ")}`)
    }
    // Checked here so the problem names the flag the user typed, not the variable it stands in for.
    const problem = baseUrlProblem(entry.slice(at + 1))
    if (problem !== undefined) return Either.left(`--base-url ${name}: ${problem}`)
    overrides.set(vendor.baseUrlVariable, entry.slice(at + 1))
  }
  return Either.right(overrides)
}

const isConfigured = (vendor: Vendors.Vendor) =>
  Effect.map(
    Effect.forEach(vendor.markers, (name) => Effect.orElseSucceed(Config.option(Config.string(name)), () => Option.none())),
    (found) => found.some(Option.isSome)
  )

const problemsRow = (vendor: Vendors.Vendor, error: ConfigError.ConfigError): Row => ({
  vendor: vendor.name,
  config: "problems",
  health: "skipped",
  latencyMillis: undefined,
  // What is wrong with a value (never the value itself) is what a user needs to fix it: "STRIPE_API_VERSION invalid:
  // must be a Stripe API version: a date such as 2023-08-16, ...".
  detail: IntegrationConfig.problems(error).map((p) =>
    p.kind === "Invalid" && p.message !== "" ? `${p.key} invalid: ${p.message}` : `${p.key} ${p.kind.toLowerCase()}`
  ).join(", ")
})

const downRow = (vendor: Vendors.Vendor, latencyMillis: number | undefined, detail: string): Row => ({
  vendor: vendor.name,
  config: "ok",
  health: "down",
  latencyMillis,
  detail
})

const examine = (vendor: Vendors.Vendor, timeoutMillis: number) =>
  Effect.gen(function*() {
    const loaded = yield* Effect.either(vendor.probe)
    if (Either.isLeft(loaded)) return problemsRow(vendor, loaded.left)
    const started = yield* Clock.currentTimeMillis
    const health = yield* Effect.flatMap(Vendors.Probe, (probe) => probe.healthCheck).pipe(
      Effect.timeoutFail({ duration: timeoutMillis, onTimeout: () => `no answer within ${timeoutMillis} ms` }),
      Effect.provide(loaded.right.pipe(Layer.provide(NodeHttpClient.layerUndici))),
      Effect.either
    )
    const latencyMillis = (yield* Clock.currentTimeMillis) - started
    if (Either.isRight(health)) {
      return { vendor: vendor.name, config: "ok", health: "up", latencyMillis, detail: "" } satisfies Row
    }
    const error = health.left
    // Settings the client refused while being built are configuration problems, like the environment's.
    if (ConfigError.isConfigError(error)) return problemsRow(vendor, error)
    return downRow(
      vendor,
      latencyMillis,
      typeof error === "string" ? error : `${error.reason}${error.status !== undefined ? ` (HTTP ${error.status})` : ""}`
    )
  }).pipe(
    // One vendor's crash must not take the other rows with it; its message may hold anything, so it is not printed.
    Effect.catchAllDefect(() => Effect.succeed(downRow(vendor, undefined, "crashed (unexpected defect)")))
  )

const table = (rows: ReadonlyArray<Row>): string => {
  const header = ["VENDOR", "CONFIG", "HEALTH", "LATENCY", "DETAIL"]
  const cells = rows.map((r) => [r.vendor, r.config, r.health, r.latencyMillis === undefined ? "-" : `${r.latencyMillis} ms`, r.detail])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (values: ReadonlyArray<string>) => values.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd()
  return [line(header), ...cells.map(line)].join("\n")
}

/**
 * Checks the configured vendors and returns one row per vendor.
 *
 * @since 0.1.0
 * @category Running
 */
export const diagnose = (options: { readonly timeoutMillis: number }) =>
  Effect.gen(function*() {
    const configured = yield* Effect.filter(Vendors.all, isConfigured)
    return yield* Effect.forEach(configured, (vendor) => examine(vendor, options.timeoutMillis), { concurrency: "unbounded" })
  })

/**
 * @since 0.1.0
 * @category Commands
 */
export const command = Command.make(
  "doctor",
  {
    baseUrl: Options.text("base-url").pipe(
      Options.repeated,
      Options.optional,
      Options.map(Option.getOrElse((): ReadonlyArray<string> => [])),
      Options.withDescription("point a vendor at another server, e.g. stripe=http://127.0.0.1:4010/stripe (repeatable)")
    ),
    timeout: Flags.integerIn("timeout", 1, 600_000).pipe(
      Options.withDefault(5000),
      Options.withDescription("health check timeout in ms (1 to 600000)")
    ),
    json: Options.boolean("json").pipe(Options.withDescription("print the rows as one JSON object"))
  },
  ({ baseUrl, json, timeout }) =>
    Effect.gen(function*() {
      const overrides = parseBaseUrls(baseUrl)
      if (Either.isLeft(overrides)) return yield* Effect.fail(Failure.usage(`doctor: ${overrides.left}`))
      const rows = yield* diagnose({ timeoutMillis: timeout }).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(overrides.right).pipe(ConfigProvider.orElse(() => ConfigProvider.fromEnv())))
      )
      const healthy = rows.length > 0 && rows.every((r) => r.config === "ok" && r.health === "up")
      if (json) {
        yield* Console.log(JSON.stringify({ ok: healthy, vendors: rows }))
      } else if (rows.length === 0) {
        yield* Console.log(
          `No vendor is configured: set e.g. STRIPE_API_KEY or OPENAI_API_KEY (known: ${Vendors.all.map((v) => v.name).join(", ")}).`
        )
      } else {
        yield* Console.log(table(rows))
      }
      yield* exitWith(healthy ? 0 : 1)
    })
).pipe(Command.withDescription("Check the configured vendors: every missing or malformed variable, then each health check"))
