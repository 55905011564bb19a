/**
 * Reads rate-limit headers into one normalised hint, so a limiter can slow down before a 429 and pause on one: the
 * standard families here (the IETF `RateLimit` drafts and the common `x-ratelimit-*` trio), and the building blocks a
 * vendor's dialect uses for its own (`quota`, `hint`, the duration and timestamp parsers). Parsing is pure; the current
 * time is passed in so callers read it from Effect's `Clock`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import type { HeaderLookup } from "./ServerHints.js"
import * as ServerHints from "./ServerHints.js"

/**
 * What the server said about the caller's quota. `resetAfter` is how long until the quota is replenished;
 * `retryAfter` is an explicit instruction to wait (a 429 or 503 `Retry-After`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface RateLimitHint {
  readonly remaining?: number | undefined
  readonly limit?: number | undefined
  readonly resetAfter?: Duration.Duration | undefined
  readonly retryAfter?: Duration.Duration | undefined
}

/**
 * One quota the server reported on; `pacing` is false for quotas counted in tokens rather than requests.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Quota {
  readonly remaining: number | undefined
  readonly limit: number | undefined
  readonly resetAfter: Duration.Duration | undefined
  readonly pacing: boolean
}

/**
 * How a vendor reports its rate limits: its response headers in, one hint out (`None` when they say nothing). A
 * vendor's dialect names its own parser; `parse` reads the standard families.
 *
 * @since 0.2.0
 * @category Models
 */
export type Parser = (headers: HeaderLookup, nowMillis: number) => Option.Option<RateLimitHint>

const NUMBER = /^\d+(\.\d+)?$/
// Values this large are timestamps, not delays: 1e9 seconds is 2001, 1e12 milliseconds is 2001 too.
const EPOCH_SECONDS_FLOOR = 1e9
const EPOCH_MILLIS_FLOOR = 1e12

/**
 * A count as a server writes it (`"42"`), or `undefined`.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const parseCount = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined
}

const GO_DURATION = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/

/**
 * Parses a Go-style duration (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`); a bare number is seconds.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseGoDuration = (value: string): Option.Option<Duration.Duration> => {
  let rest = value.trim()
  if (rest === "") return Option.none()
  if (NUMBER.test(rest)) return Option.some(Duration.seconds(Number(rest)))
  let millis = 0
  while (rest !== "") {
    const match = GO_DURATION.exec(rest)
    if (match === null) return Option.none()
    const amount = Number(match[1])
    switch (match[2]) {
      case "h":
        millis += amount * 3_600_000
        break
      case "m":
        millis += amount * 60_000
        break
      case "s":
        millis += amount * 1000
        break
      case "ms":
        millis += amount
        break
      case "us":
      case "µs":
        millis += amount / 1000
        break
      default:
        millis += amount / 1_000_000
    }
    rest = rest.slice(match[0].length)
  }
  return Option.some(Duration.millis(millis))
}

/**
 * Parses a reset value that is either a delay in seconds or, when implausibly large for a delay, a Unix timestamp in
 * seconds (or milliseconds). A timestamp in the past yields zero.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseResetSeconds = (value: string, nowMillis: number): Option.Option<Duration.Duration> => {
  const trimmed = value.trim()
  if (!NUMBER.test(trimmed)) return Option.none()
  const number = Number(trimmed)
  if (number >= EPOCH_MILLIS_FLOOR) return Option.some(Duration.millis(Math.max(0, number - nowMillis)))
  if (number >= EPOCH_SECONDS_FLOOR) return Option.some(Duration.millis(Math.max(0, number * 1000 - nowMillis)))
  return Option.some(Duration.seconds(number))
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i

/**
 * Parses an RFC 3339 timestamp into the time left until it. Past times yield zero.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseResetTimestamp = (value: string, nowMillis: number): Option.Option<Duration.Duration> => {
  const trimmed = value.trim()
  if (!RFC3339.test(trimmed)) return Option.none()
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? Option.none() : Option.some(Duration.millis(Math.max(0, at - nowMillis)))
}

/**
 * A quota from the header values a vendor sent; `undefined` when it gave neither a remaining count nor a limit.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const quota = (
  remaining: string | undefined,
  limit: string | undefined,
  resetAfter: Option.Option<Duration.Duration>,
  pacing: boolean
): Quota | undefined => {
  const parsed: Quota = {
    remaining: parseCount(remaining),
    limit: parseCount(limit),
    resetAfter: Option.getOrUndefined(resetAfter),
    pacing
  }
  // A reset time alone says nothing about the quota.
  return parsed.remaining === undefined && parsed.limit === undefined ? undefined : parsed
}

/**
 * `parse(value)` when the header was sent.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const optionally = <A>(value: string | undefined, parse: (value: string) => Option.Option<A>): Option.Option<A> =>
  value === undefined ? Option.none() : parse(value)

const parseParameters = (segments: ReadonlyArray<string>): Map<string, string> => {
  const parameters = new Map<string, string>()
  for (const segment of segments) {
    const index = segment.indexOf("=")
    if (index > 0) parameters.set(segment.slice(0, index).trim().toLowerCase(), segment.slice(index + 1).trim())
  }
  return parameters
}

const unquote = (value: string): string => value.trim().replace(/^"(.*)"$/, "$1")

const policyLimits = (headers: HeaderLookup): Map<string, string> => {
  const limits = new Map<string, string>()
  for (const member of (headers("ratelimit-policy") ?? "").split(",")) {
    const [name, ...segments] = member.split(";")
    if (name === undefined || name.includes("=")) continue
    const parameters = parseParameters(segments)
    const limit = parameters.get("q") ?? parameters.get("l")
    if (limit !== undefined) limits.set(unquote(name), limit)
  }
  return limits
}

const ietf = (headers: HeaderLookup, nowMillis: number): Array<Quota | undefined> => {
  const reset = (value: string | undefined) => optionally(value, (value) => parseResetSeconds(value, nowMillis))
  const quotas: Array<Quota | undefined> = [
    quota(headers("ratelimit-remaining"), headers("ratelimit-limit"), reset(headers("ratelimit-reset")), true)
  ]
  const combined = headers("ratelimit")
  if (combined === undefined) return quotas
  const members = combined.split(",")
  if (members.every((member) => /^\s*[a-z-]+\s*=/i.test(member))) {
    // Earlier drafts: one dictionary, `limit=100, remaining=50, reset=5`.
    const parameters = parseParameters(members)
    quotas.push(quota(parameters.get("remaining"), parameters.get("limit"), reset(parameters.get("reset")), true))
    return quotas
  }
  // Current drafts: one item per policy, `"default";r=50;t=30`, the limit coming from `RateLimit-Policy`.
  const limits = policyLimits(headers)
  for (const member of members) {
    const [name, ...segments] = member.split(";")
    if (name === undefined) continue
    const parameters = parseParameters(segments)
    quotas.push(quota(parameters.get("r"), limits.get(unquote(name)), reset(parameters.get("t")), true))
  }
  return quotas
}

const generic = (headers: HeaderLookup, nowMillis: number): Array<Quota | undefined> => [
  quota(
    headers("x-ratelimit-remaining"),
    headers("x-ratelimit-limit"),
    optionally(headers("x-ratelimit-reset"), (value) => parseResetSeconds(value, nowMillis)),
    true
  )
]

const paceMillis = (quota: Quota): number =>
  quota.remaining === undefined || quota.resetAfter === undefined
    ? 0
    : Duration.toMillis(quota.resetAfter) / Math.max(quota.remaining, 1)

/**
 * An exhausted quota (remaining 0 with a known reset) wins, the latest reset among them; otherwise the request quota
 * that forces the slowest pace. Token quotas only matter when exhausted: their counts are not per request.
 */
const mostRestrictive = (quotas: ReadonlyArray<Quota>): Quota | undefined => {
  let exhausted: Quota | undefined
  for (const quota of quotas) {
    if (quota.remaining !== 0 || quota.resetAfter === undefined) continue
    if (exhausted?.resetAfter === undefined || Duration.greaterThan(quota.resetAfter, exhausted.resetAfter)) {
      exhausted = quota
    }
  }
  if (exhausted !== undefined) return exhausted
  let slowest: Quota | undefined
  for (const quota of quotas) {
    if (!quota.pacing) continue
    if (slowest === undefined || paceMillis(quota) > paceMillis(slowest)) slowest = quota
  }
  return slowest
}

/**
 * The standard header families: IETF `RateLimit` (the dictionary and the per-policy drafts, with `RateLimit-Policy`)
 * and `RateLimit-*`, the common `X-RateLimit-*`.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const standardQuotas = (headers: HeaderLookup, nowMillis: number): Array<Quota> =>
  [...ietf(headers, nowMillis), ...generic(headers, nowMillis)].filter((quota): quota is Quota => quota !== undefined)

/**
 * One hint from the quotas a vendor reported (the most restrictive wins: an exhausted one with the latest reset,
 * otherwise the request quota forcing the slowest pace) and its `retry-after-ms` / `Retry-After` (see
 * `ServerHints.retryAfter`). `None` when there is nothing to act on.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const hint = (
  quotas: ReadonlyArray<Quota | undefined>,
  headers: HeaderLookup,
  nowMillis: number
): Option.Option<RateLimitHint> => {
  const known = quotas.filter((quota): quota is Quota => quota !== undefined)
  const retryAfter = Option.getOrUndefined(ServerHints.retryAfter(headers, nowMillis))
  const chosen = mostRestrictive(known)
  if (chosen === undefined && retryAfter === undefined) return Option.none()
  return Option.some({
    remaining: chosen?.remaining,
    limit: chosen?.limit,
    resetAfter: chosen?.resetAfter,
    retryAfter
  })
}

/**
 * The standard families into one hint: what the kernel reads from a vendor whose dialect names no parser of its own.
 * Callers should pass headers of 429 and 503 responses when they mean them as an instruction to wait.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parse: Parser = (headers, nowMillis) => hint(standardQuotas(headers, nowMillis), headers, nowMillis)
