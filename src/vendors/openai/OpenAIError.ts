/**
 * How OpenAI's (and OpenAI-compatible providers') errors become `IntegrationError`s: the `{ error: { message, type,
 * param, code } }` body gives identifier-only details (never the message), an exhausted quota is told apart from a
 * passing rate limit, and errors that arrive inside a stream get the same treatment.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { IntegrationError, type Reason } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

const IDENTIFIER = /^[A-Za-z0-9_.:-]{1,80}$/
// Parameter paths such as `messages[0].content` are names chosen by OpenAI, not payload values.
const PARAMETER = /^[A-Za-z0-9_.:[\]-]{1,120}$/

/**
 * Codes and types that mean the account cannot make more calls until its billing changes: a 429 that no retry fixes.
 *
 * @since 0.1.0
 * @category Errors
 */
export const quotaCodes: ReadonlySet<string> = new Set([
  "insufficient_quota",
  "billing_hard_limit_reached",
  "billing_not_active",
  "access_terminated"
])

const identifier = (value: unknown, pattern: RegExp = IDENTIFIER): string | undefined => {
  if (Predicate.isNumber(value)) return String(value)
  return Predicate.isString(value) && pattern.test(value) ? value : undefined
}

/**
 * The identifier fields of an OpenAI error object (`type`, `code`, `param`), leaving out anything that is not a short
 * identifier and always the free-text `message`.
 *
 * @since 0.1.0
 * @category Errors
 */
export const errorDetails = (error: unknown): Record<string, string> | undefined => {
  if (!Predicate.isRecord(error)) return undefined
  const out: Record<string, string> = {}
  const type = identifier(error.type)
  const code = identifier(error.code)
  const param = identifier(error.param, PARAMETER)
  if (type !== undefined) out.type = type
  if (code !== undefined) out.code = code
  if (param !== undefined) out.param = param
  return Object.keys(out).length === 0 ? undefined : out
}

const isQuota = (details: Record<string, string> | undefined): boolean =>
  [details?.code, details?.type].some((value) => value !== undefined && quotaCodes.has(value))

/**
 * Refines the kernel's verdict for an OpenAI answer:
 * - details are `type`, `code` and `param` of the error object;
 * - an exhausted quota (`insufficient_quota` and kin, sent with 429) becomes `Forbidden`, which is not retried;
 * - 503 becomes `Overloaded`: OpenAI sends it for "engine overloaded" and "slow down", both asking for less traffic.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const body = facts.body
  const details = (Predicate.isRecord(body) ? errorDetails(body.error) : undefined) ?? verdict.details
  const label = details?.code ?? details?.type
  const suffix = label !== undefined ? ` (${label})` : ""
  if (isQuota(details)) {
    return {
      reason: "Forbidden",
      description: `${facts.vendor} quota exhausted${suffix}: no retry helps until the account's billing changes`,
      details
    }
  }
  const reason: Reason = facts.status === 503 ? "Overloaded" : verdict.reason
  return { reason, description: `${facts.vendor} answered HTTP ${facts.status}${suffix}`, details }
}

/**
 * The reason an error reported inside a stream maps to, from its `code` (Responses `error` events) or `type` (chat
 * streams).
 *
 * @since 0.1.0
 * @category Errors
 */
export const reasonForStreamError = (details: Record<string, string> | undefined): Reason => {
  const code = details?.code ?? ""
  const type = details?.type ?? ""
  if (isQuota(details)) return "Forbidden"
  if (code === "rate_limit_exceeded" || type === "rate_limit_exceeded" || type === "requests" || type === "tokens") {
    return "RateLimited"
  }
  if (/overload/i.test(code) || /overload/i.test(type)) return "Overloaded"
  if (code === "vector_store_timeout" || /timeout/i.test(type)) return "Timeout"
  if (code === "server_error" || type === "server_error" || type === "api_error") return "Server"
  return "InvalidRequest"
}

/**
 * An `IntegrationError` for an error the server reported after the stream had started.
 *
 * @since 0.1.0
 * @category Errors
 */
export const streamError = (vendor: string, operation: string, error: unknown): IntegrationError => {
  const details = errorDetails(error)
  const label = details?.code ?? details?.type
  return new IntegrationError({
    vendor,
    operation,
    reason: reasonForStreamError(details),
    description: `the stream reported an error${label !== undefined ? ` (${label})` : ""}`,
    ...(details !== undefined ? { details } : {})
  })
}
