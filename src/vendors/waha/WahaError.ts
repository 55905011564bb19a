/**
 * How WAHA's failures become `IntegrationError`s. WAHA (a NestJS server) answers `{ statusCode, message, error }`; its
 * message may quote the request (a phone number), so only the status is read. A 422 means the session is not in a
 * state to do this (not `WORKING`, or the QR is no longer needed), told apart with `isSessionNotReady`.
 *
 * @since 0.1.0
 */
import { detailsOf, guard, mayHaveTakenEffect } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The operations that send a WhatsApp message: WAHA takes no idempotency key, so none is retried once it may have
 * reached WAHA.
 *
 * @since 0.1.0
 * @category Constants
 */
export const sends: ReadonlyArray<string> = ["messages.sendText", "messages.sendImage", "messages.sendFile", "messages.sendVoice"]

/**
 * What `refineError` keeps in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** `session_not_ready`: WAHA answered 422, the session's status does not allow the call. */
  readonly kind?: "session_not_ready" | undefined
}

/**
 * The `refineError` hook for WAHA's pipeline:
 *
 * - 422 → `Conflict`, not retried: the session is not in a state for this call (start it, scan the QR, wait);
 * - a 5xx on a send says the message may have been sent: it is not retried (see `sends`);
 * - anything else keeps the kernel's status-based verdict (401 `Unauthorized` for a wrong `X-Api-Key`, 404, 5xx).
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const answered = `WAHA answered HTTP ${facts.status}`
  if (facts.status === 422) {
    return {
      reason: "Conflict",
      retryable: false,
      description: `${answered}: the session's status does not allow this (not started, not paired, or already paired)`,
      details: { kind: "session_not_ready" }
    }
  }
  if (sends.includes(facts.operation) && facts.status >= 500) {
    return {
      ...verdict,
      description: `${answered}: the message may or may not have been sent; it was not retried, as a retry could send it twice`,
      details: undefined
    }
  }
  return { ...verdict, description: answered, details: undefined }
}

/**
 * The WAHA details of an error (empty for errors that did not come from a WAHA response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("WAHA")

/**
 * WAHA refused because of the session's status (422).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isSessionNotReady = guard("WAHA", (error) => error.details?.kind === "session_not_ready")

/**
 * A failed send after which the message may have been delivered anyway (a timeout, a dropped connection, a 5xx, an
 * answer that could not be read: `IntegrationError.mayHaveTakenEffect`): WAHA takes no idempotency key. List the
 * chat's messages before sending again.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isAmbiguousSend = guard("WAHA", (error) => sends.includes(error.operation) && mayHaveTakenEffect(error))
