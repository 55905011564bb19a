/**
 * Turns a vendor's non-2xx answer (status, headers, body) into an `IntegrationError`: the reason, the server's retry
 * hints, the request id, and the vendor's error identifiers (codes, types, parameter names; never free text). Whatever a
 * vendor's `Refine` hook builds is scrubbed again here, so an echoed credential or address never reaches the error.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { IntegrationError, type Reason } from "./IntegrationError.js"
import * as Redaction from "./Redaction.js"
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
  /** The credential values the request carried, masked wherever the answer echoes them. */
  readonly secrets?: ReadonlyArray<Redaction.Secret> | undefined
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

/**
 * Error fields that hold identifiers in most APIs' error objects; a vendor's dialect adds its own
 * (`HttpIntegration.Dialect.errorDetails`).
 *
 * @since 0.2.0
 * @category Classification
 */
export const defaultDetailFields: ReadonlyArray<string> = ["type", "code", "param", "status", "name"]

/**
 * Identifier-like fields of the vendor's error object (`{error: {...}}` or the top level). Values that are not short
 * identifiers, or that look like a credential, an address or a number of a person, are dropped, so an echoed payload
 * value never reaches an error.
 *
 * @since 0.1.0
 * @category Classification
 */
export const extractDetails = (
  body: unknown,
  fields: ReadonlyArray<string> = defaultDetailFields
): Record<string, string> | undefined => {
  if (!Predicate.isRecord(body)) return undefined
  const out: Record<string, string> = {}
  const collect = (source: Record<string, unknown>) => {
    for (const field of fields) {
      const value = source[field]
      const kept = Predicate.isString(value)
        ? Redaction.identifier(value)
        : Predicate.isNumber(value) && Number.isSafeInteger(value) && Math.abs(value) < 1e8
        ? String(value)
        : undefined
      if (kept !== undefined) out[field] ??= kept
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

/** Bounds a description so a hook that quotes too much cannot flood a log line. */
const MAX_DESCRIPTION = 300

/** What a detail may hold: an identifier, a parameter path (`items[0][price]`) or a documentation link, never a sentence. */
const DETAIL_VALUE = /^[A-Za-z0-9_.:/#[\]-]{1,200}$/

/** Only identifier-shaped values that scrub clean are kept (a hook may have read a field the kernel does not know). */
const cleanDetails = (
  details: Record<string, string> | undefined,
  secrets: ReadonlyArray<Redaction.Secret> | undefined
): Record<string, string> | undefined => {
  if (details === undefined) return undefined
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(details)) {
    const clean = DETAIL_VALUE.test(value) && Redaction.scrubText(value, { secrets }) === value
    if (clean && Redaction.identifier(key) !== undefined) out[key] = value
  }
  return Object.keys(out).length === 0 ? undefined : out
}

/**
 * Classifies a non-2xx response. The description, details and request id that reach the error are scrubbed of the
 * request's `secrets` and of anything shaped like a credential or personal data, whatever the `refine` hook returned.
 *
 * @since 0.1.0
 * @category Classification
 */
export const classify = (
  facts: ResponseFacts,
  refine?: Refine,
  detailFields: ReadonlyArray<string> = defaultDetailFields
): IntegrationError => {
  let reason = reasonForStatus(facts.status)
  if (facts.status === 503 && isOverloadBody(facts.body)) reason = "Overloaded"
  const found = extractDetails(facts.body, detailFields)
  const base: Verdict = {
    reason,
    description: `${facts.vendor} answered HTTP ${facts.status}${found?.code !== undefined ? ` (${found.code})` : ""}`,
    details: found
  }
  const verdict = refine === undefined ? base : refine(facts, base)
  const secrets = facts.secrets
  const description = Redaction.scrubText(verdict.description, { secrets, maxLength: MAX_DESCRIPTION })
  const details = cleanDetails(verdict.details, secrets)
  const requestId = facts.requestId === undefined ? undefined : Redaction.identifier(facts.requestId, { secrets })
  const retryAfter = ServerHints.retryAfter(facts.headers, facts.nowMillis)
  const hint = ServerHints.shouldRetry(facts.headers)
  return new IntegrationError({
    vendor: facts.vendor,
    operation: facts.operation,
    reason: verdict.reason,
    description,
    status: facts.status,
    ...(requestId !== undefined ? { requestId } : {}),
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
    ...(details !== undefined ? { details } : {})
  })
}
