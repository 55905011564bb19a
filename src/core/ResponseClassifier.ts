/**
 * Turns a vendor's non-2xx answer (status, headers, body) into an `IntegrationError`: the reason, the server's retry
 * hints, the request id, and the vendor's error identifiers (codes, types, parameter names; never free text).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { IntegrationError, type Reason } from "./IntegrationError.js"
import * as ServerHints from "./ServerHints.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface ResponseFacts {
  readonly vendor: string
  readonly operation: string
  readonly status: number
  readonly headers: ServerHints.HeaderLookup
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown
  readonly nowMillis: number
  readonly requestId?: string | undefined
}

/**
 * Vendor hook: refine the generic verdict with what only this vendor's error bodies say.
 *
 * @since 0.1.0
 * @category Models
 */
export type Refine = (facts: ResponseFacts, verdict: Verdict) => Verdict

/**
 * @since 0.1.0
 * @category Models
 */
export interface Verdict {
  readonly reason: Reason
  readonly description: string
  readonly details?: Record<string, string> | undefined
  /** The vendor's documented retry verdict for this error, when it differs from the reason's default. */
  readonly retryable?: boolean | undefined
  /** A wait the vendor states in its body or its own headers, used when no `Retry-After` was sent. */
  readonly retryAfter?: Duration.Duration | undefined
}

/**
 * The reason a status code maps to when nothing else is known.
 *
 * @since 0.1.0
 * @category Classification
 */
export const reasonForStatus = (status: number): Reason => {
  switch (status) {
    case 401:
      return "Unauthorized"
    case 403:
      return "Forbidden"
    case 404:
      return "NotFound"
    case 408:
      return "Timeout"
    case 409:
      return "Conflict"
    case 413:
      return "InvalidRequest"
    case 429:
      return "RateLimited"
    case 529:
      return "Overloaded"
  }
  return status >= 500 ? "Server" : "InvalidRequest"
}

const IDENTIFIER = /^[A-Za-z0-9_.:\-]{1,80}$/

/** Vendor error fields that hold identifiers, in the shapes Stripe, OpenAI, Anthropic, HubSpot and Twilio use. */
const DETAIL_FIELDS = ["type", "code", "param", "decline_code", "category", "subCategory", "status", "more_info", "name"]

/**
 * Identifier-like fields of the vendor's error object (`{error: {...}}` or the top level). Values that are not short
 * identifiers are dropped, so an echoed payload value never reaches an error.
 *
 * @since 0.1.0
 * @category Classification
 */
export const extractDetails = (body: unknown): Record<string, string> | undefined => {
  if (!Predicate.isRecord(body)) return undefined
  const out: Record<string, string> = {}
  const collect = (source: Record<string, unknown>) => {
    for (const field of DETAIL_FIELDS) {
      const value = source[field]
      if ((Predicate.isString(value) && IDENTIFIER.test(value)) || Predicate.isNumber(value)) {
        out[field] ??= String(value)
      }
    }
  }
  if (Predicate.isRecord(body.error)) collect(body.error)
  collect(body)
  return Object.keys(out).length === 0 ? undefined : out
}

const isOverloadBody = (body: unknown): boolean => {
  if (Predicate.isString(body)) return /overload/i.test(body)
  const details = extractDetails(body)
  return details !== undefined && Object.values(details).some((value) => /overload/i.test(value))
}

/**
 * Classifies a non-2xx response.
 *
 * @since 0.1.0
 * @category Classification
 */
export const classify = (facts: ResponseFacts, refine?: Refine): IntegrationError => {
  let reason = reasonForStatus(facts.status)
  if (facts.status === 503 && isOverloadBody(facts.body)) reason = "Overloaded"
  const details = extractDetails(facts.body)
  const base: Verdict = {
    reason,
    description: `${facts.vendor} answered HTTP ${facts.status}${details?.code !== undefined ? ` (${details.code})` : ""}`,
    details
  }
  const verdict = refine === undefined ? base : refine(facts, base)
  const retryAfter = ServerHints.retryAfter(facts.headers, facts.nowMillis)
  const hint = ServerHints.shouldRetry(facts.headers)
  return new IntegrationError({
    vendor: facts.vendor,
    operation: facts.operation,
    reason: verdict.reason,
    description: verdict.description,
    status: facts.status,
    ...(facts.requestId !== undefined ? { requestId: facts.requestId } : {}),
    ...(Option.isSome(retryAfter)
      ? { retryAfter: Duration.decode(retryAfter.value) }
      : verdict.retryAfter !== undefined
      ? { retryAfter: verdict.retryAfter }
      : {}),
    // An explicit header from the server wins over the vendor module's reading of the body.
    ...(Option.isSome(hint)
      ? { serverRetryHint: hint.value }
      : verdict.retryable !== undefined
      ? { serverRetryHint: verdict.retryable }
      : {}),
    ...(verdict.details !== undefined ? { details: verdict.details } : {})
  })
}
