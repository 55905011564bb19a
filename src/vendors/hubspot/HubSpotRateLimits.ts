/**
 * HubSpot's rate-limit headers: the rolling window (`x-hubspot-ratelimit-{remaining,max,interval-milliseconds}`) and
 * the per-second one (`x-hubspot-ratelimit-secondly{,-remaining}`), plus the standard families. The dialect's
 * `rateLimitHeaders`.
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"

/**
 * @since 0.2.0
 * @category Parsing
 */
export const parse: RateLimitHeaders.Parser = (headers, nowMillis) => {
  // HubSpot gives the window length but not where in it we are; the whole interval is a safe upper bound.
  const interval = RateLimitHeaders.parseCount(headers("x-hubspot-ratelimit-interval-milliseconds"))
  return RateLimitHeaders.hint(
    [
      RateLimitHeaders.quota(
        headers("x-hubspot-ratelimit-remaining"),
        headers("x-hubspot-ratelimit-max"),
        interval === undefined ? Option.none() : Option.some(Duration.millis(interval)),
        true
      ),
      RateLimitHeaders.quota(
        headers("x-hubspot-ratelimit-secondly-remaining"),
        headers("x-hubspot-ratelimit-secondly"),
        Option.some(Duration.seconds(1)),
        true
      ),
      ...RateLimitHeaders.standardQuotas(headers, nowMillis)
    ],
    headers,
    nowMillis
  )
}
