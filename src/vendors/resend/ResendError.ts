/**
 * How Resend's failures become `IntegrationError`s: its `{ statusCode, name, message }` body refines the status-based
 * verdict (idempotency conflicts, quota and key errors), its `name`, never its message, lands in `details`, and a 429
 * keeps Resend's IETF `ratelimit-*` headers beside the `retry-after` the kernel reads.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, type IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Resend error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Resend's error type, e.g. `validation_error`, `invalid_idempotent_request`, `rate_limit_exceeded`. */
  readonly name?: string | undefined
  /** On a 429: the requests allowed per window (`ratelimit-limit`). */
  readonly ratelimit_limit?: string | undefined
  /** On a 429: the requests left in the window (`ratelimit-remaining`). */
  readonly ratelimit_remaining?: string | undefined
  /** On a 429: seconds until the window resets (`ratelimit-reset`). */
  readonly ratelimit_reset?: string | undefined
}

const NAME = /^[a-z][a-z0-9_]{0,79}$/
const COUNT = /^\d{1,12}(\.\d{1,6})?$/
const RATE_LIMIT_HEADERS = ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"] as const

const nameOf = (body: unknown): string | undefined =>
  Predicate.isRecord(body) && Predicate.isString(body.name) && NAME.test(body.name) ? body.name : undefined

const rateLimitDetails = (facts: ResponseClassifier.ResponseFacts): Record<string, string> => {
  const out: Record<string, string> = {}
  if (facts.status !== 429) return out
  for (const header of RATE_LIMIT_HEADERS) {
    const value = facts.headers(header)?.trim()
    if (value !== undefined && COUNT.test(value)) out[header.replace("-", "_")] = value
  }
  return out
}

/**
 * The `refineError` hook for Resend's pipeline:
 *
 * - `invalid_idempotent_request` (409: the key was used with another payload) and `invalid_idempotency_key` (400) →
 *   `Idempotency`, never retried;
 * - `concurrent_idempotent_requests` (409: the first request with this key is still running) → `RateLimited`: this
 *   request was not processed and Resend asks to try again later, with the same key;
 * - `invalid_api_key` (403) → `Unauthorized`, so a rotated key is re-read once; `restricted_api_key` (401, a sending-only
 *   key used elsewhere) → `Forbidden`: the key is valid, its scope is not;
 * - `daily_quota_exceeded` / `monthly_quota_exceeded` (429) stay `RateLimited`, described as a quota;
 * - anything else keeps the kernel's status-based verdict (429 `RateLimited`, 5xx `Server`, 422 `InvalidRequest`, ...).
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const name = nameOf(facts.body)
  const details: Record<string, string> = { ...(name !== undefined ? { name } : {}), ...rateLimitDetails(facts) }
  const kept = Object.keys(details).length > 0 ? details : undefined
  const answered = `Resend answered HTTP ${facts.status}${name !== undefined ? ` (${name})` : ""}`
  const described = (text: string) => `${answered}: ${text}`
  switch (name) {
    case "invalid_idempotent_request":
      return {
        reason: "Idempotency",
        description: described("the idempotency key was already used with a different payload"),
        details: kept
      }
    case "invalid_idempotency_key":
      return { reason: "Idempotency", description: described("the idempotency key must be 1 to 256 characters"), details: kept }
    case "concurrent_idempotent_requests":
      return {
        reason: "RateLimited",
        description: described("a request with the same idempotency key is still in progress"),
        details: kept
      }
    case "invalid_api_key":
      return { reason: "Unauthorized", description: described("the API key is not valid"), details: kept }
    case "restricted_api_key":
      return { reason: "Forbidden", description: described("the API key may only send emails"), details: kept }
    case "daily_quota_exceeded":
    case "monthly_quota_exceeded":
      return { reason: "RateLimited", description: described("the account's sending quota is used up"), details: kept }
  }
  return { ...verdict, description: answered, details: kept }
}

/**
 * The Resend identifiers of an error (empty for errors that did not come from a Resend response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Resend")

/**
 * A Resend error with this `name` (e.g. `validation_error`, `daily_quota_exceeded`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasName = (name: string) => guard("Resend", (error) => error.details?.name === name)

/**
 * The account's daily or monthly sending quota is used up: waiting seconds will not help, unlike a rate limit.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isQuotaExceeded = (u: unknown): u is IntegrationError =>
  hasName("daily_quota_exceeded")(u) || hasName("monthly_quota_exceeded")(u)
