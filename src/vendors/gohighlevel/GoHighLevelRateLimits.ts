/**
 * GoHighLevel's rate-limit headers as the dialect's `rateLimitHeaders`: the burst window
 * (`X-RateLimit-Remaining` of `X-RateLimit-Max` per `X-RateLimit-Interval-Milliseconds`, 100 per 10 seconds) and the
 * daily quota (`X-RateLimit-Daily-Remaining` of `X-RateLimit-Limit-Daily`, 200,000 per day), both per app and location
 * (HighLevel's "Authorization" guide, "What are current rate limits for API 2.0?").
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"

/**
 * The headers, lower-cased.
 *
 * @since 0.3.0
 * @category Constants
 */
export const HEADERS = {
  dailyLimit: "x-ratelimit-limit-daily",
  dailyRemaining: "x-ratelimit-daily-remaining",
  interval: "x-ratelimit-interval-milliseconds",
  max: "x-ratelimit-max",
  remaining: "x-ratelimit-remaining"
} as const

/**
 * The burst quota and the daily quota, the most restrictive winning, and any `Retry-After`. GoHighLevel gives the
 * window's length but not where in it we are, so the whole interval is the wait when the burst quota is spent; the
 * daily quota says no reset time (it is the location's day), so it never paces by itself.
 *
 * @since 0.3.0
 * @category Parsing
 */
export const parse: RateLimitHeaders.Parser = (headers, nowMillis) => {
  const interval = RateLimitHeaders.parseCount(headers(HEADERS.interval))
  return RateLimitHeaders.hint(
    [
      RateLimitHeaders.quota(
        headers(HEADERS.remaining),
        headers(HEADERS.max),
        interval === undefined ? Option.none() : Option.some(Duration.millis(interval)),
        true
      ),
      RateLimitHeaders.quota(headers(HEADERS.dailyRemaining), headers(HEADERS.dailyLimit), Option.none(), true)
    ],
    headers,
    nowMillis
  )
}
