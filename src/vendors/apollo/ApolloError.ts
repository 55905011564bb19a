/**
 * How Apollo's failures become `IntegrationError`s. Apollo answers 401 (`Invalid access credentials.`, text) for a bad
 * key, 403 when the key may not call the endpoint (not a master key, or the plan lacks it), 422 with `{ error }` for a
 * bad request, 429 when a minute, hour or day window is used up (API reference, "Rate Limits" and each endpoint's
 * responses). A 429 waits for the window that is used up, read from Apollo's `x-*-requests-left` headers: a minute
 * window is waited out and retried; an hourly or daily one exceeds the policy's Retry-After ceiling and fails at once.
 * Apollo's `error_code` lands in `details`; its messages never do.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"
import * as ApolloRateLimits from "./ApolloRateLimits.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Apollo's `error_code`, when it sends one (e.g. `API_INACCESSIBLE`). */
  readonly error_code?: string | undefined
  /** On a 429: the window that is used up (`minute`, `hourly`, `daily`). */
  readonly window?: string | undefined
}

const CODE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/

const codeOf = (body: unknown): string | undefined =>
  Predicate.isRecord(body) && Predicate.isString(body.error_code) && CODE.test(body.error_code) ? body.error_code : undefined

/**
 * The `refineError` hook for Apollo's pipeline.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const answered = `Apollo answered HTTP ${facts.status}${code !== undefined ? ` (${code})` : ""}`
  if (facts.status === 429) {
    const window = ApolloRateLimits.exhausted(facts.headers)
    const name = window?.limit.replace("x-rate-limit-", "")
    return {
      ...verdict,
      description: `${answered}: the ${name ?? "rate"} limit is used up`,
      details: { ...(code !== undefined ? { error_code: code } : {}), ...(name !== undefined ? { window: name } : {}) },
      // Apollo sends no Retry-After: the used-up window's length is the wait (an upper bound).
      ...(window !== undefined && verdict.retryAfter === undefined ? { retryAfter: window.length } : {})
    }
  }
  const details = code !== undefined ? { error_code: code } : undefined
  if (facts.status === 403) {
    return { ...verdict, description: `${answered}: this key may not call this endpoint (a master key or another plan is needed)`, details }
  }
  return { ...verdict, description: answered, details }
}

/**
 * The Apollo identifiers of an error.
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Apollo")

/**
 * An hourly or daily window is used up: waiting seconds will not help.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isQuotaExhausted = guard("Apollo", (error) =>
  error.reason === "RateLimited" && (error.details?.window === "hourly" || error.details?.window === "daily"))
