/**
 * How HubSpot's failures become `IntegrationError`s: the `{ status, message, correlationId, category, subCategory }` body
 * refines the status-based verdict (daily limit exhausted, records locked by a sync), and its identifiers, never its
 * human-readable message, land in `details`. The request id is HubSpot's `x-hubspot-correlation-id`.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, IntegrationError, type Reason } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifier fields of a HubSpot error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `CONFLICT`, `RATE_LIMITS`, `MISSING_SCOPES`, `INVALID_AUTHENTICATION`, ... */
  readonly category?: string | undefined
  /** A finer reason within the category, e.g. `crm.associations.INVALID_OBJECT_IDS`. */
  readonly subCategory?: string | undefined
  /** Rate limits: which one was hit, `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY`. */
  readonly policyName?: string | undefined
  /** Rate limits: `RATE_LIMIT`. */
  readonly errorType?: string | undefined
}

const IDENTIFIER = /^[A-Za-z0-9_.:\-]{1,120}$/
const FIELDS = ["category", "subCategory", "policyName", "errorType"] as const

/**
 * The identifiers of a HubSpot error body; values that are not short identifiers are dropped.
 *
 * @since 0.1.0
 * @category Errors
 */
export const identifiers = (body: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (!Predicate.isRecord(body)) return out
  for (const field of FIELDS) {
    const value = body[field]
    if (Predicate.isString(value) && IDENTIFIER.test(value)) out[field] = value
  }
  return out
}

/**
 * The reason a HubSpot error category means, when the category says more than the status.
 *
 * @since 0.1.0
 * @category Errors
 */
export const reasonForCategory = (category: string | undefined): Reason | undefined => {
  switch (category) {
    case "VALIDATION_ERROR":
    case "BAD_REQUEST":
      return "InvalidRequest"
    case "OBJECT_NOT_FOUND":
      return "NotFound"
    case "CONFLICT":
    case "OBJECT_ALREADY_EXISTS":
      return "Conflict"
    case "RATE_LIMITS":
      return "RateLimited"
    case "INVALID_AUTHENTICATION":
    case "EXPIRED_AUTHENTICATION":
      return "Unauthorized"
    case "MISSING_SCOPES":
    case "FORBIDDEN":
      return "Forbidden"
    case "INTERNAL_ERROR":
      return "Server"
    default:
      return undefined
  }
}

/**
 * The `refineError` hook for HubSpot's pipeline:
 *
 * - a 429 whose `policyName` is `DAILY` stays `RateLimited` but is not retried: the account's daily quota is spent
 *   until midnight in its time zone, and a retry only burns the retry budget;
 * - any other 429 (`TEN_SECONDLY_ROLLING`, `SECONDLY`, the search API's 5 per second) is `RateLimited` and retried;
 * - 423 Locked (records locked while HubSpot syncs a large volume of data; HubSpot asks for a 2 s pause) is `Conflict`
 *   and retried, since the request was refused and not applied;
 * - otherwise the category refines the status (`MISSING_SCOPES` is `Forbidden`, `OBJECT_NOT_FOUND` is `NotFound`);
 * - a 5xx stays `Server` whatever the body says.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const details = identifiers(facts.body)
  const kept = Object.keys(details).length > 0 ? details : undefined
  const category = details.category
  const label = category === undefined ? "" : ` (${category})`
  if (facts.status === 429 || category === "RATE_LIMITS" || details.errorType === "RATE_LIMIT") {
    if (details.policyName === "DAILY") {
      return {
        reason: "RateLimited",
        description: "HubSpot's daily API limit for this account is used up",
        details: kept,
        retryable: false
      }
    }
    return {
      reason: "RateLimited",
      description: `HubSpot answered HTTP ${facts.status}: rate limit${details.policyName !== undefined ? ` ${details.policyName}` : ""} reached`,
      details: kept
    }
  }
  if (facts.status === 423) {
    return {
      reason: "Conflict",
      description: "HubSpot answered HTTP 423: the records are locked while HubSpot syncs data",
      details: kept,
      retryable: true
    }
  }
  const byCategory = facts.status >= 500 ? undefined : reasonForCategory(category)
  return {
    reason: byCategory ?? verdict.reason,
    description: `HubSpot answered HTTP ${facts.status}${label}`,
    details: kept
  }
}

/**
 * The per-record error of a batch: the reason its category means (`InvalidRequest` when unknown), and its identifiers.
 *
 * @since 0.1.0
 * @category Errors
 */
export const recordError = (
  operation: string,
  failure: { readonly category: string; readonly subCategory?: unknown; readonly status?: string | undefined }
): IntegrationError => {
  const details = identifiers({ category: failure.category, subCategory: failure.subCategory })
  return new IntegrationError({
    vendor: "HubSpot",
    operation,
    reason: reasonForCategory(failure.category) ?? "InvalidRequest",
    description: `HubSpot refused this record${details.category !== undefined ? ` (${details.category})` : ""}`,
    ...(Object.keys(details).length > 0 ? { details } : {})
  })
}

/**
 * The HubSpot identifiers of an error (empty for errors that did not come from a HubSpot response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("HubSpot")

/**
 * A HubSpot error of this category (e.g. `VALIDATION_ERROR`, `MISSING_SCOPES`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCategory = (category: string) => guard("HubSpot", (error) => error.details?.category === category)

/**
 * The account's daily request quota is exhausted: nothing will succeed until it resets.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isDailyLimit = guard("HubSpot", (error) =>
  error.reason === "RateLimited" && error.details?.policyName === "DAILY")
