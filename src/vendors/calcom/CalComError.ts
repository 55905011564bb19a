/**
 * How Cal.com's failures become `IntegrationError`s: the `{ status: "error", error: { code, message, details } }` body
 * refines the status-based verdict, and its `code` (a NestJS exception name such as `BadRequestException`), never its
 * message or details, lands in `details`.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import { detailsOf, guard, mayHaveTakenEffect } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"

/**
 * The identifier fields of a Cal.com error, as kept in `IntegrationError.details`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Details {
  /** `BadRequestException`, `NotFoundException`, `UnauthorizedException`, `TooManyRequestsException`, ... */
  readonly code?: string | undefined
}

const IDENTIFIER = /^[A-Za-z0-9_.:\-]{1,120}$/

const codeOf = (body: unknown): string | undefined => {
  if (!Predicate.isRecord(body) || !Predicate.isRecord(body.error)) return undefined
  const code = body.error.code
  return Predicate.isString(code) && IDENTIFIER.test(code) ? code : undefined
}

/**
 * The `refineError` hook for Cal.com's pipeline: the status decides the reason (429 `RateLimited`, 5xx `Server`, 404
 * `NotFound`, 400 `InvalidRequest`, ...), except that a `ConflictException` is `Conflict` and a
 * `TooManyRequestsException` is `RateLimited` whatever the status; `details.code` names the exception.
 *
 * @since 0.1.0
 * @category Errors
 */
export const refineError: ResponseClassifier.Refine = (facts, verdict) => {
  const code = codeOf(facts.body)
  const details = code === undefined ? undefined : { code }
  const description = `Cal.com answered HTTP ${facts.status}${code !== undefined ? ` (${code})` : ""}`
  if (code === "TooManyRequestsException") return { reason: "RateLimited", description, details }
  if (code === "ConflictException" && facts.status < 500) return { reason: "Conflict", description, details }
  return { reason: verdict.reason, description, details }
}

/**
 * The Cal.com identifiers of an error (empty for errors that did not come from a Cal.com response).
 *
 * @since 0.1.0
 * @category Accessors
 */
export const details = detailsOf<Details>("CalCom")

/**
 * A Cal.com error with this exception `code`.
 *
 * @since 0.1.0
 * @category Guards
 */
export const hasCode = (code: string) => guard("CalCom", (error) => error.details?.code === code)

const bookingChanges: ReadonlyArray<string> = ["bookings.create", "bookings.reschedule"]

/**
 * A booking create or reschedule that may have been applied: it timed out, the connection dropped, Cal.com answered
 * 5xx, or it answered 2xx with a body that could not be read (the booking then exists). Cal.com has no idempotency
 * keys, so such a call is not retried: list the attendee's bookings before trying again.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isAmbiguousBooking = guard("CalCom", (error) =>
  bookingChanges.includes(error.operation) && mayHaveTakenEffect(error))
