/**
 * How LlamaCloud's failures become `IntegrationError`s. LlamaCloud is a FastAPI service: errors are `{ "detail": ... }`,
 * a string, or for a 422 a list of `ValidationError` (`loc`, `msg`, `type`; spec `HTTPValidationError`). Its docs name
 * 402 for a free plan out of credits (developers.llamaindex.ai/llamaparse/general/faq) and 429 for the per-endpoint
 * rate limits (developers.llamaindex.ai/llamaparse/general/rate_limits). The first validation error's `type` and the
 * field it names (`loc`) land in `details`; messages, which may quote the input, never do.
 *
 * @since 0.2.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a LlamaCloud error, as kept in `IntegrationError.details`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Details {
  /** The first validation error's type (`missing`, `string_type`, ...). */
  readonly type?: string | undefined
  /** The field it names, `loc` joined by `.` (`body.file`). */
  readonly field?: string | undefined
}

const IDENT = /^[A-Za-z0-9_.-]{1,80}$/

const validationDetails = (body: unknown): Record<string, string> => {
  if (!Predicate.isRecord(body) || !Array.isArray(body.detail)) return {}
  const first: unknown = body.detail[0]
  if (!Predicate.isRecord(first)) return {}
  const out: Record<string, string> = {}
  if (Predicate.isString(first.type) && IDENT.test(first.type)) out.type = first.type
  if (Array.isArray(first.loc)) {
    const field = first.loc.filter((part) => Predicate.isString(part) || Predicate.isNumber(part)).join(".")
    if (IDENT.test(field)) out.field = field
  }
  return out
}

/**
 * The `refineError` hook for LlamaCloud's pipeline:
 *
 * - 402 (a free plan out of credits) → `RateLimited`, not retried (credits reset with the billing cycle), with
 *   `details.type` `out_of_credits`;
 * - 413 (a file over the upload limit) → `InvalidRequest`;
 * - 422 → `InvalidRequest` with the first validation error's `type` and `field` in `details`;
 * - anything else keeps the kernel's status-based verdict (401 `Unauthorized`, 404 `NotFound`, 429 `RateLimited`,
 *   5xx `Server`, ...).
 *
 * @since 0.2.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const details = validationDetails(facts.body)
  const kept = Object.keys(details).length > 0 ? details : undefined
  const answered = `LlamaCloud answered HTTP ${facts.status}`
  switch (facts.status) {
    case 402:
      return {
        reason: "RateLimited",
        retryable: false,
        description: `${answered}: the organization is out of credits`,
        details: { type: "out_of_credits" }
      }
    case 413:
      return { reason: "InvalidRequest", retryable: false, description: `${answered}: the file is larger than LlamaCloud accepts` }
    case 422:
      return {
        reason: "InvalidRequest",
        retryable: false,
        description: `${answered}: the request failed validation${details.field !== undefined ? ` at ${details.field}` : ""}`,
        details: kept
      }
  }
  return { ...verdict, description: answered, details: kept }
}

/**
 * The LlamaCloud identifiers of an error (empty for errors that did not come from a LlamaCloud response).
 *
 * @since 0.2.0
 * @category Accessors
 */
export const details = detailsOf<Details>("LlamaParse")

/**
 * The organization is out of credits (HTTP 402): waiting will not help until the billing cycle resets.
 *
 * @since 0.2.0
 * @category Guards
 */
export const isOutOfCredits = guard("LlamaParse", (error) => error.details?.type === "out_of_credits")
