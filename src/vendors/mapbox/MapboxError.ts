/**
 * How Mapbox failures become `IntegrationError`s, and Mapbox's rate-limit headers. Errors come as `{ message }` (401
 * "Not Authorized - Invalid Token", 403 "Forbidden", 429 "Too Many Requests") or, from Directions and Matrix,
 * `{ code, message }` (`InvalidInput` 422, `ProfileNotFound` 404; `NoRoute` and `NoSegment` even with HTTP 200, which
 * `routeFailure` reads). Rate limits are `X-Rate-Limit-Limit` (requests per interval), `X-Rate-Limit-Interval` (the
 * interval, seconds) and `X-Rate-Limit-Reset` (a Unix timestamp, seconds), as docs.mapbox.com/api "Rate limits"
 * documents; there is no remaining count, so a 429 waits until the reset.
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, IntegrationError } from "../../core/IntegrationError.js"
import * as RateLimitHeaders from "../../core/RateLimitHeaders.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"
import type * as ServerHints from "../../core/ServerHints.js"

/**
 * The identifiers of a Mapbox error, as kept in `IntegrationError.details`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Details {
  /** Directions and Matrix `code` (`NoRoute`, `InvalidInput`, `ProfileNotFound`). */
  readonly code?: string | undefined
  /** On a 429: the requests allowed per interval (`X-Rate-Limit-Limit`). */
  readonly rate_limit_limit?: string | undefined
  /** On a 429: the interval in seconds (`X-Rate-Limit-Interval`). */
  readonly rate_limit_interval?: string | undefined
}

const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
const COUNT = /^\d{1,12}$/

const codeOf = (body: unknown): string | undefined =>
  Predicate.isRecord(body) && Predicate.isString(body.code) && CODE.test(body.code) ? body.code : undefined

/**
 * The time left until `X-Rate-Limit-Reset` (a Unix timestamp in seconds).
 *
 * @since 0.2.0
 * @category Parsing
 */
export const resetAfter = (headers: ServerHints.HeaderLookup, nowMillis: number): Option.Option<Duration.Duration> =>
  RateLimitHeaders.optionally(headers("x-rate-limit-reset"), (value) => RateLimitHeaders.parseResetSeconds(value, nowMillis))

/**
 * Mapbox's rate-limit headers as a hint for the client's limiter: the limit per interval and the time to the reset.
 *
 * @since 0.2.0
 * @category Parsing
 */
export const rateLimitHeaders: RateLimitHeaders.Parser = (headers, nowMillis) =>
  RateLimitHeaders.hint(
    [RateLimitHeaders.quota(undefined, headers("x-rate-limit-limit"), resetAfter(headers, nowMillis), true)],
    headers,
    nowMillis
  )

/**
 * The `refineError` hook: 401 `Unauthorized` (a rotated token is re-read once), 403 `Forbidden` (a token without the
 * scope, or a URL restriction), 422 `InvalidInput` → `InvalidRequest`, 404 `ProfileNotFound` → `InvalidRequest` (a
 * profile this client does not offer), 429 `RateLimited` waiting until `X-Rate-Limit-Reset` when no `Retry-After`
 * came; the rest keeps the kernel's verdict. Only `code` and the rate-limit counts reach `details`.
 *
 * @since 0.2.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const details: Record<string, string> = code === undefined ? {} : { code }
  if (facts.status === 429) {
    const limit = facts.headers("x-rate-limit-limit")?.trim()
    const interval = facts.headers("x-rate-limit-interval")?.trim()
    if (limit !== undefined && COUNT.test(limit)) details.rate_limit_limit = limit
    if (interval !== undefined && COUNT.test(interval)) details.rate_limit_interval = interval
  }
  const kept = Object.keys(details).length > 0 ? details : undefined
  const answered = `Mapbox answered HTTP ${facts.status}${code !== undefined ? ` (${code})` : ""}`
  if (code === "ProfileNotFound") return { reason: "InvalidRequest", description: `${answered}: no such routing profile`, details: kept }
  if (code === "InvalidInput") return { reason: "InvalidRequest", description: `${answered}: the request was refused`, details: kept }
  if (facts.status === 429) {
    const wait = Option.getOrUndefined(resetAfter(facts.headers, facts.nowMillis))
    return {
      reason: "RateLimited",
      description: `${answered}: the token's rate limit is used up`,
      details: kept,
      ...(wait !== undefined ? { retryAfter: Duration.max(wait, Duration.seconds(1)) } : {})
    }
  }
  if (facts.status === 401) return { reason: "Unauthorized", description: `${answered}: the access token is missing or invalid`, details: kept }
  if (facts.status === 403) return { reason: "Forbidden", description: `${answered}: the token may not use this API or origin`, details: kept }
  return { ...verdict, description: answered, details: kept }
}

/**
 * The error a 200 Directions or Matrix answer with a `code` other than `Ok` stands for: `NoRoute` and `NoSegment`
 * are `NotFound` (no route between the points, or a point too far from any road), anything else `ResponseDrift`.
 *
 * @since 0.2.0
 * @category Errors
 */
export const routeFailure = (operation: string, code: string, requestId?: string | undefined): IntegrationError | undefined => {
  if (code === "Ok") return undefined
  const known = code === "NoRoute" || code === "NoSegment"
  return new IntegrationError({
    vendor: "Mapbox",
    operation,
    reason: known ? "NotFound" : "ResponseDrift",
    status: 200,
    description: code === "NoRoute"
      ? "Mapbox found no route between the coordinates (NoRoute)"
      : code === "NoSegment"
      ? "Mapbox could not snap a coordinate to the road network (NoSegment)"
      : "Mapbox answered an unknown code",
    details: { code: CODE.test(code) ? code : "UNRECOGNISED" },
    ...(requestId !== undefined ? { requestId } : {})
  })
}

/**
 * The Mapbox identifiers of an error (empty for errors that did not come from Mapbox).
 *
 * @since 0.2.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Mapbox")

/**
 * A Mapbox error with this `code` (`NoRoute`, `InvalidInput`...).
 *
 * @since 0.2.0
 * @category Guards
 */
export const hasCode = (code: string) => guard("Mapbox", (error) => error.details?.code === code)
