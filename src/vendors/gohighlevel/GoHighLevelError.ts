/**
 * How GoHighLevel's failures become `IntegrationError`s. Its error bodies are `{ statusCode, message, error? }`
 * (`BadRequestDTO`, `UnauthorizedDTO`, `UnprocessableDTO` in HighLevel's common schemas), where `message` is a string
 * or, for validation errors, a list of strings. Messages may quote the request, so only the short `error` label lands
 * in `details`. A 429 with `X-RateLimit-Daily-Remaining: 0` is the location's daily quota (200,000 requests), not the
 * burst window: it is not retried.
 *
 * @since 0.3.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"
import { VENDOR } from "./internal/operation.js"

/**
 * The identifiers of a GoHighLevel error, as kept in `IntegrationError.details`.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Details {
  /** The body's `error` label: `Unauthorized`, `Unprocessable Entity`, `Bad Request`, ... */
  readonly error?: string | undefined
  /** `daily` when the location's daily quota is spent, `burst` for the 10-second window. */
  readonly limit?: "daily" | "burst" | undefined
}

const LABEL = /^[A-Za-z][A-Za-z ]{0,59}$/

const labelOf = (body: unknown): string | undefined =>
  Predicate.isRecord(body) && Predicate.isString(body.error) && LABEL.test(body.error) ? body.error : undefined

/**
 * The `refineError` hook for GoHighLevel's pipeline:
 *
 * - 429 with `X-RateLimit-Daily-Remaining: 0` → `RateLimited`, not retried (the quota resets the next day);
 * - any other 429 → `RateLimited`, retried after the burst window (`X-RateLimit-Interval-Milliseconds`, 10 s);
 * - 401 (an expired or revoked token, a token of the wrong kind for the scope) → `Unauthorized`, so an OAuth token is
 *   refreshed once;
 * - everything else keeps the kernel's status verdict (400/422 `InvalidRequest`, 404 `NotFound`, 5xx `Server`).
 *
 * @since 0.3.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const label = labelOf(facts.body)
  const answered = `GoHighLevel answered HTTP ${facts.status}${label !== undefined ? ` (${label})` : ""}`
  if (facts.status === 429) {
    const daily = facts.headers("x-ratelimit-daily-remaining")?.trim() === "0"
    const details: Record<string, string> = { ...(label !== undefined ? { error: label } : {}), limit: daily ? "daily" : "burst" }
    return daily
      ? {
        reason: "RateLimited",
        description: `${answered}: the location's daily API quota is used up`,
        details,
        retryable: false
      }
      : { ...verdict, reason: "RateLimited", description: `${answered}: burst limit reached`, details }
  }
  return { ...verdict, description: answered, details: label !== undefined ? { error: label } : undefined }
}

/**
 * The GoHighLevel identifiers of an error (empty for errors that did not come from a GoHighLevel answer).
 *
 * @since 0.3.0
 * @category Accessors
 */
export const details = detailsOf<Details>(VENDOR)

/**
 * The location's daily quota is spent: waiting seconds will not help.
 *
 * @since 0.3.0
 * @category Guards
 */
export const isDailyLimit = guard(VENDOR, (error) => error.details?.limit === "daily")
