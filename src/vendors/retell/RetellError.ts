/**
 * How Retell AI's failures become `IntegrationError`s. Retell answers `{ status: "error", message }` with the HTTP
 * status saying what went wrong (its API reference's shared responses: 400, 401, 402 "Trial has ended", 422 "Cannot
 * find requested asset", 429 "Account rate limited", 500). The message is free text that may quote the request, so
 * only the status is read; `details.kind` names the cases a caller branches on.
 *
 * @since 0.1.0
 */
import { detailsOf, guard, mayHaveTakenEffect } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The operations that create a call: Retell has no idempotency key, so none is retried once it may have reached Retell.
 *
 * @since 0.1.0
 * @category Constants
 */
export const callCreations: ReadonlyArray<string> = ["calls.createPhoneCall", "calls.createWebCall", "calls.registerPhoneCall"]

/**
 * What `refineError` keeps in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** `payment_required` (402: the trial ended or the balance is used up), `not_found` (404 or 422 on a missing asset). */
  readonly kind?: "payment_required" | "not_found" | undefined
}

/**
 * The `refineError` hook for Retell's pipeline:
 *
 * - 402 → `Forbidden`, never retried: the account must be paid for before any call succeeds;
 * - 422 → `NotFound`: Retell's reference uses it for an id that matches nothing under the key;
 * - a 5xx on a call creation says the call may have been placed: it is not retried (see `callCreations`);
 * - anything else keeps the kernel's status-based verdict (429 `RateLimited` honouring `retry-after`, 401, 5xx, ...).
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const answered = `Retell answered HTTP ${facts.status}`
  if (facts.status === 402) {
    return {
      reason: "Forbidden",
      retryable: false,
      description: `${answered}: payment required (the trial has ended or the balance is used up)`,
      details: { kind: "payment_required" }
    }
  }
  if (facts.status === 404 || facts.status === 422) {
    return { reason: "NotFound", description: `${answered}: no such object under this API key`, details: { kind: "not_found" } }
  }
  if (callCreations.includes(facts.operation) && facts.status >= 500) {
    return {
      ...verdict,
      description: `${answered}: the call may or may not have been placed; it was not retried, as a retry could place it twice`,
      details: undefined
    }
  }
  return { ...verdict, description: answered, details: undefined }
}

/**
 * The Retell details of an error (empty for errors that did not come from a Retell response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Retell")

/**
 * Retell refused for payment (402): retrying will not help until the account is paid for.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isPaymentRequired = guard("Retell", (error) => error.details?.kind === "payment_required")

/**
 * A failed call creation after which the call may have been placed anyway: the request may have reached Retell (a
 * timeout, a dropped connection, a 5xx, an answer that could not be read: `IntegrationError.mayHaveTakenEffect`) and
 * Retell takes no idempotency key. List the calls (`calls.list` filtered by number or metadata) before creating it
 * again.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isAmbiguousCreate = guard("Retell", (error) =>
  callCreations.includes(error.operation) && mayHaveTakenEffect(error))
