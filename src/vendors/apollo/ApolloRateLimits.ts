/**
 * Apollo's rate-limit headers (API reference, "Rate Limits", https://docs.apollo.io/reference/rate-limits): fixed
 * windows per minute, hour and day, each with its limit (`x-rate-limit-minute`, `-hourly`, `-daily`) and what is left
 * (`x-minute-requests-left`, `x-hourly-requests-left`, `x-daily-requests-left`). Apollo does not say where in a window
 * we are, so the whole window is the safe upper bound for its reset. The dialect's `rateLimitHeaders`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"
import type { HeaderLookup } from "../../core/ServerHints.js"

/**
 * Apollo's three windows: header names and length.
 *
 * @since 0.1.0
 * @category Constants
 */
export const windows = [
  { limit: "x-rate-limit-minute", left: "x-minute-requests-left", length: Duration.minutes(1) },
  { limit: "x-rate-limit-hourly", left: "x-hourly-requests-left", length: Duration.hours(1) },
  { limit: "x-rate-limit-daily", left: "x-daily-requests-left", length: Duration.days(1) }
] as const

/**
 * The window that is used up, if any: the longest one, as it is the one to wait for.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const exhausted = (headers: HeaderLookup): (typeof windows)[number] | undefined =>
  [...windows].reverse().find((window) => RateLimitHeaders.parseCount(headers(window.left)) === 0)

/**
 * @since 0.1.0
 * @category Parsing
 */
export const parse: RateLimitHeaders.Parser = (headers, nowMillis) =>
  RateLimitHeaders.hint(
    [
      ...windows.map((window) => RateLimitHeaders.quota(headers(window.left), headers(window.limit), Option.some(window.length), true)),
      ...RateLimitHeaders.standardQuotas(headers, nowMillis)
    ],
    headers,
    nowMillis
  )
