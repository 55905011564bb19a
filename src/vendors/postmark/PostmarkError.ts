/**
 * How Postmark's failures become `IntegrationError`s. Postmark answers 401 for a bad token, 404 for a missing entity,
 * 413 for a body over its size limit, 422 with `{ ErrorCode, Message }` for everything the request got wrong, 429 when
 * rate limited, 500/503 for its own trouble (API reference, "Overview: HTTP response codes" and "API error codes",
 * https://postmarkapp.com/developer/api/overview). The `ErrorCode`, never the `Message` (it may quote an address),
 * lands in `details.errorCode`; the same table reads the per-message codes of a batch.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifiers of a Postmark error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** Postmark's API error code, e.g. `300` (invalid email request), `406` (inactive recipient). */
  readonly errorCode?: string | undefined
}

/**
 * Postmark's API error codes this SDK reads, with the reason each becomes. Codes not listed keep the HTTP status's
 * reason (a 422 is `InvalidRequest`).
 *
 * | code | Postmark's meaning | reason |
 * |---|---|---|
 * | 10 | bad or missing server token | `Unauthorized` |
 * | 300 | invalid email request | `InvalidRequest` |
 * | 400 | sender signature not found | `Forbidden` |
 * | 401 | sender signature not confirmed | `Forbidden` |
 * | 402, 403, 409 | invalid, incompatible or missing JSON | `InvalidRequest` |
 * | 405 | not allowed to send (no credits) | `Forbidden` |
 * | 406 | inactive recipient (bounced, complained or unsubscribed) | `InvalidRequest` |
 * | 410 | too many batch messages | `InvalidRequest` |
 * | 412 | account pending approval | `Forbidden` |
 * | 413 | inactive or suspended account | `Forbidden` |
 * | 429 | rate limited | `RateLimited` |
 * | 701 | message not found | `NotFound` |
 * | 1101 | template not found | `NotFound` |
 * | 1226 | message stream not found | `NotFound` |
 *
 * @since 0.1.0
 * @category Errors
 */
export const codes: Readonly<Record<number, { readonly reason: IntegrationError["reason"]; readonly description: string }>> = {
  10: { reason: "Unauthorized", description: "the server token is missing or not valid" },
  300: { reason: "InvalidRequest", description: "the email request is not valid" },
  400: { reason: "Forbidden", description: "no sender signature exists for the From address" },
  401: { reason: "Forbidden", description: "the sender signature is not confirmed" },
  402: { reason: "InvalidRequest", description: "the body is not valid JSON" },
  403: { reason: "InvalidRequest", description: "the JSON does not have the expected shape" },
  405: { reason: "Forbidden", description: "the account may not send (no credits left)" },
  406: { reason: "InvalidRequest", description: "the recipient is inactive (bounced, complained or unsubscribed)" },
  409: { reason: "InvalidRequest", description: "a JSON body is required" },
  410: { reason: "InvalidRequest", description: "the batch has too many messages" },
  412: { reason: "Forbidden", description: "the account is pending approval" },
  413: { reason: "Forbidden", description: "the account may not send" },
  429: { reason: "RateLimited", description: "too many requests" },
  701: { reason: "NotFound", description: "the message was not found" },
  1101: { reason: "NotFound", description: "the template was not found" },
  1226: { reason: "NotFound", description: "the message stream was not found" }
}

const codeOf = (body: unknown): number | undefined =>
  Predicate.isRecord(body) && typeof body.ErrorCode === "number" && Number.isInteger(body.ErrorCode) && body.ErrorCode >= 0 &&
    body.ErrorCode < 100_000
    ? body.ErrorCode
    : undefined

/**
 * The `refineError` hook: the `ErrorCode` of Postmark's body refines the status-based verdict (table in `codes`).
 * The kernel's status verdict already keeps 4xx other than 429 from being retried.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const answered = `Postmark answered HTTP ${facts.status}${code !== undefined ? ` (ErrorCode ${code})` : ""}`
  const details = code !== undefined ? { errorCode: String(code) } : undefined
  const known = code !== undefined ? codes[code] : undefined
  // A 429 or a 5xx stays what its status says, whatever code the body carries.
  if (known === undefined || facts.status === 429 || facts.status >= 500) {
    return { ...verdict, description: answered, details }
  }
  return { reason: known.reason, description: `${answered}: ${known.description}`, details }
}

/**
 * The error of one refused message of a batch (Postmark answers 200 for the batch and a non-zero `ErrorCode` in the
 * message's entry), read with the same table as a whole request's error.
 *
 * @since 0.1.0
 * @category Errors
 */
export const recordError = (operation: string, errorCode: number): IntegrationError => {
  const known = codes[errorCode]
  return new IntegrationError({
    vendor: "Postmark",
    operation,
    reason: known?.reason ?? "InvalidRequest",
    description: `Postmark refused this message (ErrorCode ${errorCode})${known !== undefined ? `: ${known.description}` : ""}`,
    details: { errorCode: String(errorCode) }
  })
}

/**
 * The Postmark identifiers of an error (empty for errors that did not come from a Postmark response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("Postmark")

/**
 * A Postmark error with this API error code.
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: number) => guard("Postmark", (error) => error.details?.errorCode === String(code))

/**
 * The recipient is inactive (it bounced, complained or unsubscribed): sending again will not help until the address
 * is reactivated (`bounces.activate`).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isInactiveRecipient = hasCode(406)
