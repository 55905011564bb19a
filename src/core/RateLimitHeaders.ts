/**
 * Reads the rate-limit headers vendors send (OpenAI, Anthropic, HubSpot, the IETF `RateLimit` drafts and the common
 * `x-ratelimit-*` trio) into one normalised hint, so a limiter can slow down before a 429 and pause on one. Parsing is
 * pure; the current time is passed in so callers read it from Effect's `Clock`.
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

/** One quota the server reported on; `pacing` is false for quotas counted in tokens rather than requests. */
interface Quota {
  readonly remaining: number | undefined
  readonly limit: number | undefined
  readonly resetAfter: Duration.Duration | undefined
  readonly pacing: boolean
}

const NUMBER = /^\d+(\.\d+)?$/
// Values this large are timestamps, not delays: 1e9 seconds is 2001, 1e12 milliseconds is 2001 too.
const EPOCH_SECONDS_FLOOR = 1e9
const EPOCH_MILLIS_FLOOR = 1e12

const parseCount = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  return NUMBER.test(trimmed) ? Number(trimmed) : undefined
}

const GO_DURATION = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/

/**
 * Parses a Go-style duration as OpenAI sends it (`"1s"`, `"6m0s"`, `"20ms"`, `"1h2m3.5s"`); a bare number is seconds.
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
 * Parses an RFC 3339 timestamp (Anthropic's reset headers) into the time left until it. Past times yield zero.
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

const quota = (
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

const optionally = <A>(value: string | undefined, parse: (value: string) => Option.Option<A>): Option.Option<A> =>
  value === undefined ? Option.none() : parse(value)

const openAi = (headers: HeaderLookup): Array<Quota | undefined> =>
  ["requests", "tokens"].map((unit) =>
    quota(
      headers(`x-ratelimit-remaining-${unit}`),
      headers(`x-ratelimit-limit-${unit}`),
      optionally(headers(`x-ratelimit-reset-${unit}`), parseGoDuration),
      unit === "requests"
    )
  )

const anthropic = (headers: HeaderLookup, nowMillis: number): Array<Quota | undefined> =>
  ["requests", "tokens", "input-tokens", "output-tokens"].map((unit) =>
    quota(
      headers(`anthropic-ratelimit-${unit}-remaining`),
      headers(`anthropic-ratelimit-${unit}-limit`),
      optionally(headers(`anthropic-ratelimit-${unit}-reset`), (value) => parseResetTimestamp(value, nowMillis)),
      unit === "requests"
    )
  )

const hubSpot = (headers: HeaderLookup): Array<Quota | undefined> => {
  // HubSpot gives the window length but not where in it we are; the whole interval is a safe upper bound.
  const interval = parseCount(headers("x-hubspot-ratelimit-interval-milliseconds"))
  return [
    quota(
      headers("x-hubspot-ratelimit-remaining"),
      headers("x-hubspot-ratelimit-max"),
      interval === undefined ? Option.none() : Option.some(Duration.millis(interval)),
      true
    ),
    quota(
      headers("x-hubspot-ratelimit-secondly-remaining"),
      headers("x-hubspot-ratelimit-secondly"),
      Option.some(Duration.seconds(1)),
      true
    )
  ]
}

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
 * Parses every supported header family into one hint. Returns `None` when the response carries no rate-limit
 * information at all. `retryAfter` comes from `retry-after-ms` / `Retry-After` (see `ServerHints.retryAfter`); callers
 * should pass headers of 429 and 503 responses when they mean it as an instruction to wait.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parse = (headers: HeaderLookup, nowMillis: number): Option.Option<RateLimitHint> => {
  const quotas = [
    ...openAi(headers),
    ...anthropic(headers, nowMillis),
    ...hubSpot(headers),
    ...ietf(headers, nowMillis),
    ...generic(headers, nowMillis)
  ].filter((quota): quota is Quota => quota !== undefined)
  const retryAfter = Option.getOrUndefined(ServerHints.retryAfter(headers, nowMillis))
  const chosen = mostRestrictive(quotas)
  if (chosen === undefined && retryAfter === undefined) return Option.none()
  return Option.some({
    remaining: chosen?.remaining,
    limit: chosen?.limit,
    resetAfter: chosen?.resetAfter,
    retryAfter
  })
}
