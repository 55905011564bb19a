/**
 * lemlist's rate-limit headers, as its developer documentation (OpenAPI v2 `info.description`, "Rate Limit") gives
 * them: `X-RateLimit-Limit` (20), `X-RateLimit-Remaining`, `X-RateLimit-Reset` as a date
 * (`Tue Feb 16 2021 09:02:42 GMT+0100 (Central European Standard Time)`), and `Retry-After` in seconds. The standard
 * parser reads a reset as seconds, so lemlist's date needs this one. The dialect's `rateLimitHeaders`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"

/**
 * lemlist's documented window: 20 requests per 2 seconds, per API key.
 *
 * @since 0.1.0
 * @category Constants
 */
export const WINDOW = Duration.seconds(2)

/**
 * The time left until a reset given as a date (JavaScript's `Date.toString()` form, as lemlist sends it, or any form
 * `Date.parse` reads, with the parenthesised zone name dropped), or as seconds; at most one window when unreadable.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const parseReset = (value: string | undefined, nowMillis: number): Option.Option<Duration.Duration> => {
  if (value === undefined) return Option.some(WINDOW)
  const seconds = RateLimitHeaders.parseResetSeconds(value, nowMillis)
  if (Option.isSome(seconds)) return seconds
  const at = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ""))
  // An unreadable reset: the window is the longest lemlist can mean.
  return Option.some(Number.isNaN(at) ? WINDOW : Duration.millis(Math.max(0, at - nowMillis)))
}

/**
 * @since 0.1.0
 * @category Parsing
 */
export const parse: RateLimitHeaders.Parser = (headers, nowMillis) =>
  RateLimitHeaders.hint(
    [
      RateLimitHeaders.quota(
        headers("x-ratelimit-remaining"),
        headers("x-ratelimit-limit"),
        parseReset(headers("x-ratelimit-reset"), nowMillis),
        true
      )
    ],
    headers,
    nowMillis
  )
