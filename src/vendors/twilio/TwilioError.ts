/**
 * How Twilio's failures become `IntegrationError`s: its `{ code, message, more_info, status }` body keeps the numeric
 * error `code` and the `more_info` documentation link in `details`, never the message. A failed message create is
 * described as ambiguous when Twilio may already have accepted it, since Twilio has no idempotency keys.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, mayHaveTakenEffect } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Twilio error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Twilio's error code, e.g. `21211` (invalid `To`), `20429` (too many requests). */
  readonly code?: string | undefined
  /** Twilio's page for the code: `https://www.twilio.com/docs/errors/21211`. */
  readonly more_info?: string | undefined
  /** The HTTP status Twilio repeats in the body. */
  readonly status?: string | undefined
}

/**
 * Twilio error codes worth branching on.
 *
 * @since 0.1.0
 * @category Constants
 */
export const Codes = {
  /** Authentication failed: wrong Account SID, Auth Token or API key. */
  authenticationFailed: 20003,
  notFound: 20404,
  tooManyRequests: 20429,
  /** The `To` number is not a valid phone number. */
  invalidToNumber: 21211,
  /** The `From` number is not a valid, SMS-capable number of this account. */
  invalidFromNumber: 21212,
  /** Sending to this region is not enabled on the account (geo permissions). */
  regionNotEnabled: 21408,
  /** The recipient replied STOP: Twilio will not deliver until they opt in again. */
  unsubscribedRecipient: 21610,
  /** The `To` number cannot receive SMS (e.g. a landline). */
  notMobileNumber: 21614
} as const

const CODE = /^\d{3,6}$/
const MORE_INFO = /^https:\/\/www\.twilio\.com\/docs\/errors\/\d{3,6}$/

const identifiers = (body: unknown): Record<string, string> => {
  if (!Predicate.isRecord(body)) return {}
  const out: Record<string, string> = {}
  const code = Predicate.isNumber(body.code) || Predicate.isString(body.code) ? String(body.code) : undefined
  if (code !== undefined && CODE.test(code)) out.code = code
  if (Predicate.isString(body.more_info) && MORE_INFO.test(body.more_info)) out.more_info = body.more_info
  if (Predicate.isNumber(body.status) && Number.isInteger(body.status)) out.status = String(body.status)
  return out
}

/** The operation that sends; Twilio cannot tell us whether a failed attempt reached a handset. */
const SENDS = "messages.create"

/**
 * The `refineError` hook for Twilio's pipeline. The reason stays the kernel's status-based verdict (429 `RateLimited`,
 * 401 `Unauthorized`, 404 `NotFound`, 400 `InvalidRequest`, 5xx `Server`); Twilio's identifiers are added, and a 5xx
 * on `messages.create` says the message may have been sent, because it is not retried and the caller must decide.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const found = identifiers(facts.body)
  const details: Record<string, string> = { ...found }
  const kept = Object.keys(details).length > 0 ? details : undefined
  const answered = `Twilio answered HTTP ${facts.status}${found.code !== undefined ? ` (error ${found.code})` : ""}`
  if (facts.operation === SENDS && facts.status >= 500) {
    return {
      ...verdict,
      description: `${answered}: the message may or may not have been sent; it was not retried, as a retry could send it twice`,
      details: kept
    }
  }
  return { ...verdict, description: answered, details: kept }
}

/**
 * The Twilio identifiers of an error (empty for errors that did not come from a Twilio response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Twilio")

/**
 * A Twilio error with this numeric `code` (see `Codes`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: number) => guard("Twilio", (error) => error.details?.code === String(code))

/**
 * A failed `messages.create` after which the message may have been sent anyway: the request may have reached Twilio
 * (a timeout, a dropped connection, a 5xx, an answer that could not be read: `IntegrationError.mayHaveTakenEffect`) and
 * Twilio has no idempotency key to make a retry safe. Check the account's messages (or wait for the status callback)
 * before sending again.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isAmbiguousSend = guard("Twilio", (error) =>
  error.operation === SENDS && mayHaveTakenEffect(error))
