/**
 * One place that judges every numeric and duration setting of the resilience policies (HTTP policy, retry, circuit
 * breaker, rate limiter, bulkhead, retry budget) and base URLs, where they are defined. Each check names the setting
 * and the offending number (`policy.timeout must be a positive duration, got -1000`), so a typo fails at start-up with
 * a message instead of silently becoming 0 or crashing at the first call. URLs are never echoed: they may hold secrets.
 */
import * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"

/** One bad setting: its dotted name (`policy.timeout`) and what is wrong with it. */
export interface Problem {
  readonly setting: string
  readonly message: string
}

/** What is wrong with a value, or `undefined` when it is acceptable. */
export type Rule = (value: unknown) => string | undefined

const shown = (value: unknown): string => {
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value)
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Duration.isDuration(value)) return Duration.format(value)
  if (Array.isArray(value)) return `[${value.map(shown).join(", ")}]`
  return value === null ? "null" : `a value of type ${typeof value}`
}

/** A duration input below zero, which Effect's `Duration.decode` would silently turn into zero. */
const isNegative = (input: unknown): boolean => {
  if (typeof input === "number") return input < 0 || Number.isNaN(input)
  if (typeof input === "bigint") return input < 0n
  if (typeof input === "string") return input.trimStart().startsWith("-")
  if (Array.isArray(input)) return input.some((part) => typeof part !== "number" || part < 0 || Number.isNaN(part))
  return false
}

/**
 * A duration (`"5 seconds"`, milliseconds, a `Duration`): `zero` allows 0, `infinite` allows `Infinity`; negative
 * numbers and NaN are always refused.
 */
export const duration = (options: { readonly zero: boolean; readonly infinite: boolean }): Rule => {
  const wanted = options.zero
    ? options.infinite ? "a duration of zero or more" : "a finite duration of zero or more"
    : options.infinite
    ? "a positive duration"
    : "a positive, finite duration"
  return (value) => {
    const decoded = Duration.decodeUnknown(value)
    if (Option.isNone(decoded)) {
      return `must be ${wanted} (e.g. "5 seconds" or a number of milliseconds), got ${shown(value)}`
    }
    const bad = isNegative(value) || (!options.zero && Duration.isZero(decoded.value)) ||
      (!options.infinite && !Duration.isFinite(decoded.value))
    return bad ? `must be ${wanted}, got ${shown(value)}` : undefined
  }
}

/** A positive duration, `Infinity` allowed (a timeout that never fires). */
export const positiveDuration: Rule = duration({ zero: false, infinite: true })
/** A positive, finite duration. */
export const finiteDuration: Rule = duration({ zero: false, infinite: false })
/** Zero or more, `Infinity` allowed. */
export const nonNegativeDuration: Rule = duration({ zero: true, infinite: true })
/** Zero or more, finite. */
export const finiteNonNegativeDuration: Rule = duration({ zero: true, infinite: false })

/** A whole number of at least `min`. */
export const whole = (min: number): Rule => (value) =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= min
    ? undefined
    : `must be a whole number ≥ ${min}, got ${shown(value)}`

/** A finite number within bounds; `above` excludes its bound, `from` includes it. */
export const number = (bounds: { readonly from?: number; readonly above?: number; readonly to?: number }): Rule => {
  const parts = [
    bounds.from !== undefined ? `≥ ${bounds.from}` : undefined,
    bounds.above !== undefined ? `> ${bounds.above}` : undefined,
    bounds.to !== undefined ? `≤ ${bounds.to}` : undefined
  ].filter(Predicate.isNotUndefined)
  const wanted = `must be a number ${parts.join(" and ")}`
  return (value) =>
    typeof value === "number" && Number.isFinite(value) &&
      (bounds.from === undefined || value >= bounds.from) &&
      (bounds.above === undefined || value > bounds.above) &&
      (bounds.to === undefined || value <= bounds.to)
      ? undefined
      : `${wanted}, got ${shown(value)}`
}

/** One of a few literals. */
export const oneOf = (...allowed: ReadonlyArray<string>): Rule => (value) =>
  typeof value === "string" && allowed.includes(value)
    ? undefined
    : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${shown(value)}`

/** Rules for the fields of one settings object; a field left `undefined` takes its default and is not checked. */
export type Rules = Readonly<Record<string, Rule>>

const join = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}.${name}`)

/** Checks the fields of `value` under `prefix`; a value that is not an object is itself the problem. */
export const fields = (prefix: string, value: unknown, rules: Rules): Array<Problem> => {
  if (value === undefined) return []
  if (!Predicate.isRecord(value)) return [{ setting: prefix, message: `must be an object, got ${shown(value)}` }]
  const problems: Array<Problem> = []
  for (const [name, rule] of Object.entries(rules)) {
    const field = value[name]
    if (field === undefined) continue
    const message = rule(field)
    if (message !== undefined) problems.push({ setting: join(prefix, name), message })
  }
  return problems
}

const millisOf = (value: unknown, fallback: number): number =>
  Option.match(Duration.decodeUnknown(value), { onNone: () => fallback, onSome: Duration.toMillis })

// ---------------------------------------------------------------------------------------------------------------------
// Policies

/** `Retry.PolicyInput`. */
export const retryRules: Rules = {
  maxRetries: whole(0),
  baseDelay: finiteNonNegativeDuration,
  maxDelay: nonNegativeDuration,
  factor: number({ from: 1 }),
  jitter: number({ from: 0, to: 1 }),
  maxRetryAfter: nonNegativeDuration,
  retryAfterAboveMax: oneOf("fail", "clamp"),
  deadline: positiveDuration
}

/** `HttpIntegration.PolicyInput`: the retry fields, the per-attempt timeout and the response size limit. */
export const policyRules: Rules = {
  ...retryRules,
  timeout: positiveDuration,
  maxResponseBytes: whole(1)
}

/** Problems of a `Retry.PolicyInput`. */
export const retryPolicy = (input: unknown, prefix = "policy"): Array<Problem> => fields(prefix, input, retryRules)

/** Problems of an `HttpIntegration.PolicyInput`. */
export const policy = (input: unknown, prefix = "policy"): Array<Problem> => fields(prefix, input, policyRules)

const tripRules: Rules = { consecutiveFailures: whole(1) }
const failureRateRules: Rules = {
  threshold: number({ above: 0, to: 1 }),
  sampleSize: whole(1),
  minThroughput: whole(1)
}
const openDurationRules: Rules = { initial: finiteDuration, factor: number({ from: 1 }), max: finiteDuration }

/** Problems of `CircuitBreaker.Options` (and `HttpIntegration.Definition.circuitBreaker` options). */
export const circuitBreaker = (options: unknown, prefix: string): Array<Problem> => {
  const problems = fields(prefix, options, {
    probeLease: finiteDuration,
    slowCallThreshold: positiveDuration,
    per: oneOf("vendor", "operation")
  })
  if (!Predicate.isRecord(options)) return problems
  const trip = options.trip
  problems.push(...fields(join(prefix, "trip"), trip, tripRules))
  if (Predicate.isRecord(trip)) {
    const rate = trip.failureRate
    const rateProblems = fields(join(prefix, "trip.failureRate"), rate, failureRateRules)
    problems.push(...rateProblems)
    if (
      rateProblems.length === 0 && Predicate.isRecord(rate) && typeof rate.minThroughput === "number" &&
      typeof rate.sampleSize === "number" && rate.minThroughput > rate.sampleSize
    ) {
      problems.push({
        setting: join(prefix, "trip.failureRate.minThroughput"),
        message: `must not exceed sampleSize (${rate.sampleSize}), or the rule never trips, got ${rate.minThroughput}`
      })
    }
  }
  const open = options.openDuration
  const openProblems = fields(join(prefix, "openDuration"), open, openDurationRules)
  problems.push(...openProblems)
  if (openProblems.length === 0 && Predicate.isRecord(open) && open.max !== undefined) {
    const initial = millisOf(open.initial, 5_000)
    const max = millisOf(open.max, 120_000)
    if (max < initial) {
      problems.push({
        setting: join(prefix, "openDuration.max"),
        message: `must be at least openDuration.initial (${Duration.format(Duration.millis(initial))}), got ${
          shown(open.max)
        }`
      })
    }
  }
  return problems
}

/** Problems of `RateLimiter.Options` (and `HttpIntegration.Definition.rateLimit` options). */
export const rateLimiter = (options: unknown, prefix: string): Array<Problem> => {
  const problems = fields(prefix, options, {
    limit: whole(1),
    window: finiteDuration,
    burst: whole(1),
    maxWait: nonNegativeDuration,
    onExceeded: oneOf("delay", "fail")
  })
  if (!Predicate.isRecord(options)) return problems
  if (options.limit === undefined) problems.push({ setting: join(prefix, "limit"), message: "is required" })
  if (options.window === undefined) problems.push({ setting: join(prefix, "window"), message: "is required" })
  if (
    problems.length === 0 && typeof options.burst === "number" && typeof options.limit === "number" &&
    options.burst > options.limit
  ) {
    problems.push({
      setting: join(prefix, "burst"),
      message: `must not exceed limit (${options.limit}), got ${options.burst}`
    })
  }
  return problems
}

/** Problems of `Bulkhead.Options` (and `HttpIntegration.Definition.bulkhead` options). */
export const bulkhead = (options: unknown, prefix: string): Array<Problem> => {
  const problems = fields(prefix, options, {
    maxConcurrent: whole(1),
    maxQueue: whole(0),
    maxQueueWait: positiveDuration
  })
  if (Predicate.isRecord(options) && options.maxConcurrent === undefined) {
    problems.push({ setting: join(prefix, "maxConcurrent"), message: "is required" })
  }
  return problems
}

/** Problems of `RetryBudget.Options`. */
export const retryBudget = (options: unknown, prefix: string): Array<Problem> =>
  fields(prefix, options, {
    ratio: number({ from: 0 }),
    minRetriesPerSecond: number({ from: 0 }),
    maxBalance: number({ from: 0 })
  })

// ---------------------------------------------------------------------------------------------------------------------
// URLs

/**
 * Why `value` cannot be an API's base URL, or `undefined` when it can: an absolute `http:`/`https:` URL with a host,
 * no credentials (they would travel in every request and land in logs), and no query or fragment (paths are appended
 * to it). The value itself is never quoted.
 */
export const baseUrlProblem = (value: unknown): string | undefined => {
  if (typeof value !== "string") return `must be an http(s) URL, got ${value === null ? "null" : `a ${typeof value}`}`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return "must be an absolute http(s) URL (e.g. https://api.example.com)"
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "must use http: or https:"
  if (url.hostname === "") return "must name a host"
  if (url.username !== "" || url.password !== "") {
    return "must not carry credentials (user:password@); use the auth settings"
  }
  if (url.search !== "" || url.hash !== "") return "must not have a query or fragment"
  return undefined
}

/** The base URL setting, checked like any other. */
export const baseUrl = (value: unknown, setting = "baseUrl"): Array<Problem> => {
  const message = baseUrlProblem(value)
  return message === undefined ? [] : [{ setting, message }]
}

// ---------------------------------------------------------------------------------------------------------------------
// Reporting

/** `policy.timeout must be a positive duration, got -1000; ...` */
export const describe = (problems: ReadonlyArray<Problem>): string =>
  problems.map((problem) => `${problem.setting} ${problem.message}`).join("; ")

/**
 * Every problem as one `ConfigError` (an `InvalidData` per setting, joined), under `scope` (the vendor or module
 * name), so `IntegrationConfig.format` lists them with the configuration's other problems.
 */
export const toConfigError = (scope: string, problems: ReadonlyArray<Problem>): ConfigError.ConfigError => {
  const leaves = problems.map((problem) =>
    ConfigError.InvalidData([scope, ...problem.setting.split(".").filter((part) => part !== "")], problem.message)
  )
  return leaves.slice(1).reduce(ConfigError.And, leaves[0]!)
}

/** Fails with the problems as a `ConfigError` when there are any. */
export const check = (scope: string, problems: ReadonlyArray<Problem>): Effect.Effect<void, ConfigError.ConfigError> =>
  problems.length === 0 ? Effect.void : Effect.fail(toConfigError(scope, problems))

/** Throws a `RangeError` naming every problem, for pure constructors that return a value. */
export const orThrow = (scope: string, problems: ReadonlyArray<Problem>): void => {
  if (problems.length > 0) throw new RangeError(`${scope}: ${describe(problems)}`)
}
