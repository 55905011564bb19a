/**
 * How MillionVerifier's failures become `IntegrationError`s. Both APIs may answer HTTP 200 with `{ error }` (the bulk
 * API's README: "Http status code always 200"); `fromBody` turns such an answer into the error it stands for. The
 * error text is matched against known phrases, never copied: the key is never in it, but an address may be.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { IntegrationError, type Reason } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

const reasonOf = (text: string): { readonly reason: Reason; readonly code: string } => {
  const lower = text.toLowerCase()
  if (/api ?key|apikey|\bkey\b/.test(lower)) return { reason: "Unauthorized", code: "invalid_api_key" }
  if (/credit/.test(lower)) return { reason: "Forbidden", code: "insufficient_credits" }
  if (/not found|no such file/.test(lower)) return { reason: "NotFound", code: "not_found" }
  if (/limit|too many/.test(lower)) return { reason: "RateLimited", code: "rate_limited" }
  return { reason: "InvalidRequest", code: "refused" }
}

/**
 * The error an HTTP 200 answer carrying `{ error }` stands for.
 *
 * @since 0.1.0
 * @category Errors
 */
export const fromBody = (operation: string, error: string): IntegrationError => {
  const { code, reason } = reasonOf(error)
  return new IntegrationError({
    vendor: "MillionVerifier",
    operation,
    reason,
    description: `MillionVerifier refused the request (${code})`,
    details: { code }
  })
}

/**
 * The `refineError` hook: a 401 (real-time API) or 403 (bulk API, its README) is a wrong key, so `Unauthorized`; the body's `error`
 * phrase refines the others; any other answer keeps the kernel's status-based verdict.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const body = Predicate.isRecord(facts.body) ? facts.body : {}
  const text = Predicate.isString(body.error) ? body.error : undefined
  if (facts.status === 401 || facts.status === 403) {
    return { reason: "Unauthorized", description: `MillionVerifier answered HTTP ${facts.status}: wrong API key`, details: { code: "invalid_api_key" } }
  }
  if (text === undefined || facts.status >= 500 || facts.status === 429) {
    return { ...verdict, description: `MillionVerifier answered HTTP ${facts.status}` }
  }
  const { code, reason } = reasonOf(text)
  return { reason, description: `MillionVerifier answered HTTP ${facts.status} (${code})`, details: { code } }
}
