/**
 * How Tavily's failures become `IntegrationError`s. Tavily answers `{ "detail": { "error": "<text>" } }` with a status
 * that carries the meaning (Tavily's OpenAPI document, every operation's responses): 400 a bad request, 401 a missing or
 * wrong key, 403 a URL crawl or map does not support, 404 an unknown research task, 429 the per-minute rate limit,
 * 432 the key's or the plan's credit limit, 433 the pay-as-you-go limit, 500 a failure of Tavily's. The text is free
 * prose that may quote the request, so it never reaches `details`; only the kind of limit does.
 *
 * @since 0.1.0
 */
import { detailsOf, guard, type IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Tavily error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** On a 432 or 433: which credit limit was reached, `plan` (the key's or the plan's) or `paygo`. */
  readonly limit?: "plan" | "paygo" | undefined
}

/**
 * The `refineError` hook for Tavily's pipeline:
 *
 * - 432 (the key's or the plan's monthly credit limit) and 433 (the pay-as-you-go limit) → `Forbidden`, never retried:
 *   waiting seconds does not bring credits back (a plan upgrade or a higher limit on the dashboard does);
 * - 403 on crawl or map (the URL is not supported) → `InvalidRequest`: another URL may work, this one never will;
 * - anything else keeps the kernel's status-based verdict (429 `RateLimited`, retried with backoff; 5xx `Server`;
 *   401 `Unauthorized`, re-reading a rotated key once).
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const answered = `Tavily answered HTTP ${facts.status}`
  switch (facts.status) {
    case 432:
      return {
        reason: "Forbidden",
        retryable: false,
        description: `${answered}: the key's or the plan's credit limit is reached`,
        details: { limit: "plan" }
      }
    case 433:
      return {
        reason: "Forbidden",
        retryable: false,
        description: `${answered}: the pay-as-you-go credit limit is reached`,
        details: { limit: "paygo" }
      }
    case 403:
      return { reason: "InvalidRequest", retryable: false, description: `${answered}: the URL is not supported` }
  }
  return { ...verdict, description: answered, details: undefined }
}

const tavilyDetails = detailsOf<{ readonly limit?: string | undefined }>("Tavily")

/**
 * The Tavily identifiers of an error (empty for errors that did not come from a Tavily response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = (error: IntegrationError): Details => {
  // Read back only the limits `refineError` writes, so the type's `plan | paygo` holds for any error.
  const limit = tavilyDetails(error).limit
  return limit === "plan" || limit === "paygo" ? { limit } : {}
}

/**
 * A credit limit is reached (432 or 433): no retry will help until the plan or the limit changes.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isCreditLimitReached = guard("Tavily", (error) =>
  error.details?.limit === "plan" || error.details?.limit === "paygo")
