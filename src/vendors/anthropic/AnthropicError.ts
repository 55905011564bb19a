/**
 * How Anthropic's errors become `IntegrationError`s. Anthropic answers `{ type: "error", error: { type, message },
 * request_id }`; the `error.type` decides the reason where the status alone would not (an `overloaded_error` is
 * `Overloaded` whether it comes as 529, 503 or 500), and errors sent inside a stream get the same treatment.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { IntegrationError, type Reason } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,80}$/

/**
 * Anthropic's documented error types and the reason each one means.
 *
 * @since 0.1.0
 * @category Errors
 */
export const reasonByType: Readonly<Record<string, Reason>> = {
  invalid_request_error: "InvalidRequest",
  request_too_large: "InvalidRequest",
  authentication_error: "Unauthorized",
  // A billing problem is not fixed by repeating the call; the account has to change first.
  billing_error: "Forbidden",
  permission_error: "Forbidden",
  not_found_error: "NotFound",
  rate_limit_error: "RateLimited",
  timeout_error: "Timeout",
  api_error: "Server",
  overloaded_error: "Overloaded"
}

/**
 * `error.details.error_code` values that mean the organisation hit its spend limit: a 429 that no retry fixes before
 * the limit is raised or the month ends.
 *
 * @since 0.1.0
 * @category Errors
 */
export const spendLimitCodes: ReadonlySet<string> = new Set(["enforced_spend_limit_reached"])

const identifier = (value: unknown): string | undefined =>
  Predicate.isString(value) && IDENTIFIER.test(value) ? value : undefined

/**
 * The identifier fields of an Anthropic error object: `type` and, when present, `details.error_code`. The free-text
 * `message` is never kept.
 *
 * @since 0.1.0
 * @category Errors
 */
export const errorDetails = (error: unknown): Record<string, string> | undefined => {
  if (!Predicate.isRecord(error)) return undefined
  const out: Record<string, string> = {}
  const type = identifier(error.type)
  const code = Predicate.isRecord(error.details) ? identifier(error.details.error_code) : undefined
  if (type !== undefined) out.type = type
  if (code !== undefined) out.error_code = code
  return Object.keys(out).length === 0 ? undefined : out
}

/**
 * The reason an error object means, from its `type` and `details.error_code`; `fallback` when the type is unknown.
 *
 * @since 0.1.0
 * @category Errors
 */
export const reasonFor = (details: Record<string, string> | undefined, fallback: Reason): Reason => {
  if (details?.error_code !== undefined && spendLimitCodes.has(details.error_code)) return "Forbidden"
  return (details?.type !== undefined ? reasonByType[details.type] : undefined) ?? fallback
}

/**
 * Refines the kernel's verdict for an Anthropic answer: the error type wins over the status when Anthropic names one
 * (so `overloaded_error` is `Overloaded` on any status), except that the kernel's 529 → `Overloaded` always holds.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const body = facts.body
  const details = (Predicate.isRecord(body) ? errorDetails(body.error) : undefined) ?? verdict.details
  const reason = facts.status === 529 ? "Overloaded" : reasonFor(details, verdict.reason)
  const label = details?.error_code ?? details?.type
  return {
    reason,
    description: reason === "Forbidden" && details?.error_code !== undefined
      ? `${facts.vendor} spend limit reached (${details.error_code}): no retry helps until the limit changes`
      : `${facts.vendor} answered HTTP ${facts.status}${label !== undefined ? ` (${label})` : ""}`,
    details
  }
}

/**
 * An `IntegrationError` for an `error` event sent after the stream had started.
 *
 * @since 0.1.0
 * @category Errors
 */
export const streamError = (vendor: string, operation: string, error: unknown): IntegrationError => {
  const details = errorDetails(error)
  return new IntegrationError({
    vendor,
    operation,
    reason: reasonFor(details, "Server"),
    description: `the stream reported an error${details?.type !== undefined ? ` (${details.type})` : ""}`,
    ...(details !== undefined ? { details } : {})
  })
}
