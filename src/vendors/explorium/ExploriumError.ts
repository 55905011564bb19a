/**
 * How Explorium's failures become `IntegrationError`s. Explorium answers 422 with FastAPI's `{ detail: [{ loc, msg,
 * type }] }` (its OpenAPI document) and 429 with `{ error: "rate_limit_exceeded", message, retry_after }` beside
 * `Retry-After` (its rate-limit page); the error code and the failing fields' locations reach `details`, never the
 * messages, which may quote an input (a name, an address).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of an Explorium error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Explorium's error code (`rate_limit_exceeded`, ...). */
  readonly error?: string | undefined
  /** On a 422: the first invalid field's location (`body.business_ids.0`) and its error type (`string_pattern_mismatch`). */
  readonly loc?: string | undefined
  readonly type?: string | undefined
}

const CODE = /^[a-z][a-z0-9_.]{0,79}$/
const LOC = /^[A-Za-z0-9_.]{1,120}$/

const validationDetail = (body: Record<string, unknown>): Record<string, string> => {
  const detail = Array.isArray(body.detail) ? body.detail[0] : undefined
  if (!Predicate.isRecord(detail)) return {}
  const loc = Array.isArray(detail.loc) ? detail.loc.map(String).join(".") : undefined
  return {
    ...(loc !== undefined && LOC.test(loc) ? { loc } : {}),
    ...(Predicate.isString(detail.type) && CODE.test(detail.type) ? { type: detail.type } : {})
  }
}

/**
 * The `refineError` hook for Explorium's pipeline: the status-based verdict (429 `RateLimited` after `Retry-After`, or
 * the body's `retry_after` when the header is missing; 422 `InvalidRequest`, not retried; 5xx `Server`), with the
 * error code and the invalid field's location in `details`.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const body = Predicate.isRecord(facts.body) ? facts.body : {}
  const code = Predicate.isString(body.error) && CODE.test(body.error) ? body.error : undefined
  const details = { ...(code !== undefined ? { error: code } : {}), ...validationDetail(body) }
  const retryAfter = facts.status === 429 && Predicate.isNumber(body.retry_after) && body.retry_after >= 0 && body.retry_after <= 3600
    ? Duration.seconds(body.retry_after)
    : undefined
  return {
    ...verdict,
    description: `Explorium answered HTTP ${facts.status}${code !== undefined ? ` (${code})` : ""}`,
    details: Object.keys(details).length > 0 ? details : undefined,
    ...(retryAfter !== undefined ? { retryAfter } : {})
  }
}

/**
 * The Explorium identifiers of an error (empty for errors that did not come from an Explorium response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Explorium")

/**
 * An Explorium error with this code.
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: string) => guard("Explorium", (error) => error.details?.error === code)
