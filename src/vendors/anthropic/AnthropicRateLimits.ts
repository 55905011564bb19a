/**
 * Anthropic's rate-limit headers: `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{remaining,limit,
 * reset}`, resets as RFC 3339 times, plus the standard families. The dialect's `rateLimitHeaders`.
 *
 * @since 0.2.0
 */
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"

/**
 * @since 0.2.0
 * @category Parsing
 */
export const parse: RateLimitHeaders.Parser = (headers, nowMillis) =>
  RateLimitHeaders.hint(
    [
      ...["requests", "tokens", "input-tokens", "output-tokens"].map((unit) =>
        RateLimitHeaders.quota(
          headers(`anthropic-ratelimit-${unit}-remaining`),
          headers(`anthropic-ratelimit-${unit}-limit`),
          RateLimitHeaders.optionally(
            headers(`anthropic-ratelimit-${unit}-reset`),
            (value) => RateLimitHeaders.parseResetTimestamp(value, nowMillis)
          ),
          unit === "requests"
        )
      ),
      ...RateLimitHeaders.standardQuotas(headers, nowMillis)
    ],
    headers,
    nowMillis
  )
