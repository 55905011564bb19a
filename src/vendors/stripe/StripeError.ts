/**
 * How Stripe's failures become `IntegrationError`s: the `{ error: { type, code, decline_code, param, doc_url } }` body
 * refines the status-based verdict (idempotency conflicts, card declines, lock timeouts), and its identifiers, never its
 * human-readable message, land in `details`.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import { detailsOf, guard } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"
import * as ServerHints from "../../core/ServerHints.js"

/**
 * The identifier fields of a Stripe error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** `api_error`, `card_error`, `idempotency_error`, `invalid_request_error`. */
  readonly type?: string | undefined
  /** E.g. `resource_missing`, `card_declined`, `lock_timeout`. */
  readonly code?: string | undefined
  /** Card errors: the issuer's reason, e.g. `insufficient_funds`. */
  readonly decline_code?: string | undefined
  /** The parameter the error is about, e.g. `email` or `items[0][price]`. */
  readonly param?: string | undefined
  /** Stripe's documentation page for the code. */
  readonly doc_url?: string | undefined
  readonly advice_code?: string | undefined
  readonly network_decline_code?: string | undefined
}

const IDENTIFIER = /^[A-Za-z0-9_.:\-[\]]{1,120}$/
const DOC_URL = /^https:\/\/(docs\.)?stripe\.com\/[A-Za-z0-9_\-/#.]{1,200}$/
const EXTRA_FIELDS = ["param", "advice_code", "network_decline_code"] as const

const errorObject = (body: unknown): Record<string, unknown> | undefined =>
  Predicate.isRecord(body) && Predicate.isRecord(body.error) ? body.error : undefined

/**
 * Stripe's identifiers from an error body. `param` may name an array element (`items[0][price]`), which the generic
 * classifier's pattern does not admit, so it is read again here.
 */
const identifiers = (error: Record<string, unknown>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const field of EXTRA_FIELDS) {
    const value = error[field]
    if (Predicate.isString(value) && IDENTIFIER.test(value)) out[field] = value
  }
  if (Predicate.isString(error.doc_url) && DOC_URL.test(error.doc_url)) out.doc_url = error.doc_url
  return out
}

/**
 * The `refineError` hook for Stripe's pipeline:
 *
 * - `type: idempotency_error` → `Idempotency` (the key was reused with other parameters; never retried);
 * - `code: lock_timeout` (409 or 429) → `RateLimited`: Stripe lists object lock timeouts among its rate limiters and
 *   asks clients to retry them; the request was not processed;
 * - `code: idempotency_key_in_use` (409) → `RateLimited`: the first request with this key is still running (a retry
 *   after a timed-out attempt); a later retry gets its stored answer. If the call runs out of retries meanwhile, it
 *   fails as the `Timeout` of its first attempt with `mayHaveSucceeded: true` (the 409 is its `cause`): Stripe may
 *   still complete that request;
 * - `type: card_error` (402) stays `InvalidRequest`, described by its decline code;
 * - any other status keeps the kernel's verdict (429 `RateLimited`, 5xx `Server`, 404 `NotFound`, ...).
 *
 * A `Stripe-Should-Retry: true|false` header wins over all of these: it is Stripe's verdict on this very request (a
 * 409 it asks to repeat, a 500 it knows was not transient), and sets the error's `retryable`.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const refined = fromBody(facts, verdict)
  const hint = ServerHints.parseVerdict(facts.headers("stripe-should-retry"))
  return Option.isSome(hint) ? { ...refined, retryable: hint.value } : refined
}

/** Stripe's reading of its error object. */
const fromBody: ResponseClassifier.Refine = (facts, verdict) => {
  const error = errorObject(facts.body)
  if (error === undefined) return verdict
  const details: Record<string, string> = { ...verdict.details, ...identifiers(error) }
  const kept = Object.keys(details).length > 0 ? details : undefined
  const type = details.type
  const code = details.code
  if (type === "idempotency_error") {
    return {
      reason: "Idempotency",
      description: "Stripe refused the idempotency key: it was already used with different parameters",
      details: kept
    }
  }
  // Both mean "not processed, try again later": a lock held by a concurrent request, or this very request still running
  // under its idempotency key (a retry after a timed-out attempt), whose stored answer a later retry gets.
  if (code === "lock_timeout" || code === "idempotency_key_in_use") {
    return {
      reason: "RateLimited",
      description: code === "lock_timeout"
        ? `Stripe answered HTTP ${facts.status} (lock_timeout): the object is locked by a concurrent request`
        : `Stripe answered HTTP ${facts.status} (idempotency_key_in_use): the first request with this key is still running`,
      details: kept
    }
  }
  if (type === "card_error") {
    const why = details.decline_code ?? code
    return {
      reason: "InvalidRequest",
      description: `the card was declined${why !== undefined ? ` (${why})` : ""}`,
      details: kept
    }
  }
  return { ...verdict, details: kept }
}

/**
 * The Stripe identifiers of an error (empty for errors that did not come from a Stripe response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Stripe")

/**
 * A declined or otherwise refused card (`card_error`): show the customer a message for its `decline_code`.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isCardError = guard("Stripe", (error) => error.details?.type === "card_error")

/**
 * A Stripe error with this `code` (e.g. `resource_missing`, `card_declined`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: string) => guard("Stripe", (error) => error.details?.code === code)

/**
 * Fields of Stripe's error object that hold identifiers besides the common ones (the dialect's `errorDetails`).
 *
 * @since 0.2.0
 * @category Dialect
 */
export const detailFields: ReadonlyArray<string> = ["decline_code"]
