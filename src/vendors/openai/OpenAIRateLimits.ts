/**
 * OpenAI's rate-limit headers (Groq sends the same family): `x-ratelimit-{remaining,limit,reset}-{requests,tokens}`,
 * resets as Go durations (`6m0s`), plus the standard families. The dialect's `rateLimitHeaders`.
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
      ...["requests", "tokens"].map((unit) =>
        RateLimitHeaders.quota(
          headers(`x-ratelimit-remaining-${unit}`),
          headers(`x-ratelimit-limit-${unit}`),
          RateLimitHeaders.optionally(headers(`x-ratelimit-reset-${unit}`), RateLimitHeaders.parseGoDuration),
          // Token quotas are not counted per request: they only matter once exhausted.
          unit === "requests"
        )
      ),
      ...RateLimitHeaders.standardQuotas(headers, nowMillis)
    ],
    headers,
    nowMillis
  )
