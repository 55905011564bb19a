/**
 * What a server tells a client about retrying: `Retry-After` (seconds or HTTP date), `retry-after-ms`, and the explicit
 * `x-should-retry` / `stripe-should-retry` verdicts. Parsing is pure; the current time is passed in so callers read it
 * from Effect's `Clock`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/**
 * Header lookup that works for `Headers` records, `Headers` from `@effect/platform` and plain objects alike.
 *
 * @since 0.1.0
 * @category Models
 */
export type HeaderLookup = (name: string) => string | undefined

/**
 * @since 0.1.0
 * @category Constructors
 */
export const lookupFromRecord = (headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>): HeaderLookup => {
  const lower = new Map<string, string>()
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue
    lower.set(key.toLowerCase(), typeof value === "string" ? value : value.join(", "))
  }
  return (name) => lower.get(name.toLowerCase())
}

const NON_NEGATIVE_NUMBER = /^\d+(\.\d+)?$/

/**
 * Parses a `Retry-After` value: delay-seconds (`"120"`) or an HTTP date. A date in the past yields zero.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseRetryAfter = (value: string, nowMillis: number): Option.Option<Duration.Duration> => {
  const trimmed = value.trim()
  if (trimmed === "") return Option.none()
  if (NON_NEGATIVE_NUMBER.test(trimmed)) return Option.some(Duration.seconds(Number(trimmed)))
  // Only day-name dates (RFC 9110 IMF-fixdate and the obsolete forms) count; `Date.parse` accepts far more than that.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return Option.none()
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return Option.none()
  return Option.some(Duration.millis(Math.max(0, at - nowMillis)))
}

/**
 * The delay a server asked for: `retry-after-ms` (a millisecond form some APIs send) first, then `Retry-After`.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const retryAfter = (headers: HeaderLookup, nowMillis: number): Option.Option<Duration.Duration> => {
  const ms = headers("retry-after-ms")
  if (ms !== undefined && NON_NEGATIVE_NUMBER.test(ms.trim())) return Option.some(Duration.millis(Number(ms.trim())))
  const value = headers("retry-after")
  return value === undefined ? Option.none() : parseRetryAfter(value, nowMillis)
}

/**
 * The server's explicit retry verdict, if it gave one.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const shouldRetry = (headers: HeaderLookup): Option.Option<boolean> => {
  for (const name of ["x-should-retry", "stripe-should-retry"]) {
    const value = headers(name)?.trim().toLowerCase()
    if (value === "true") return Option.some(true)
    if (value === "false") return Option.some(false)
  }
  return Option.none()
}
