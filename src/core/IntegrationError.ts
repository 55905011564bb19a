/**
 * The one error every integration call can fail with. A closed `reason` tells callers what happened and whether a
 * retry may help; the message is built from metadata only, so it can be logged without leaking secrets or payloads.
 * Vendor error modules build their typed `details` accessor and their guards from `detailsOf` and `guard`.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Every way an integration call can fail.
 *
 * @since 0.1.0
 * @category Models
 */
export const Reason = Schema.Literal(
  "Transport",
  "Timeout",
  "RateLimited",
  "Unauthorized",
  "Forbidden",
  "NotFound",
  "Conflict",
  "InvalidRequest",
  "Server",
  "Overloaded",
  "ResponseDrift",
  "ResponseTooLarge",
  "CircuitOpen",
  "BulkheadRejected",
  "Idempotency"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Reason = typeof Reason.Type

/**
 * Reasons a later attempt may not meet again (the failure was transient, or the vendor asked us to wait): the ones
 * `retryable` is true for. A server's explicit verdict (`serverRetryHint`) overrides this per error.
 *
 * @since 0.1.0
 * @category Models
 */
export const retryableReasons: ReadonlySet<Reason> = new Set<Reason>([
  "Transport",
  "Timeout",
  "RateLimited",
  "Server",
  "Overloaded"
])

/**
 * Reasons after which a request with side effects may nevertheless have been performed: it may have reached the
 * vendor and its answer was lost (`Timeout`, `Transport`), the vendor failed while handling it (`Server`,
 * `Overloaded`: a 5xx does not say the work was not done), or the vendor answered 2xx with a body that could not be
 * read (`ResponseDrift`, `ResponseTooLarge`). Every other reason is a refusal that came before the work. The reading is
 * conservative (a connection refused before anything was sent is `Transport` too): it is for vendors without
 * idempotency keys, where a false "maybe" costs a lookup and a false "no" costs a duplicate.
 *
 * @since 0.3.0
 * @category Models
 */
export const ambiguousReasons: ReadonlySet<Reason> = new Set<Reason>([
  "Timeout",
  "Transport",
  "Server",
  "Overloaded",
  "ResponseDrift",
  "ResponseTooLarge"
])

/**
 * Vendor error details that are identifiers, never free text: codes, types, parameter names.
 *
 * @since 0.1.0
 * @category Models
 */
export const Details = Schema.Record({ key: Schema.String, value: Schema.String })

/**
 * `mayHaveSucceeded: true` marks a call whose outcome is unknown: a request with side effects (anything but GET and
 * HEAD) was sent and then lost without an answer (the attempt timed out, the overall deadline passed, or the
 * connection broke after the request went out), or the vendor accepted it (2xx) but its answer could not be read. The
 * vendor may still complete that request, or may already have. When a later attempt of the same call failed otherwise
 * (a 409 saying the same idempotency key is still in use while the first attempt runs, a 5xx), the error keeps the
 * reason of the lost attempt (`Timeout`, `Transport`) and carries the last attempt's error as its `cause`: what the
 * caller needs to know is that the first request may take effect, not what the retry was told. Reconcile before
 * repeating such a call, or repeat it with the same idempotency key (pass your own `idempotencyKey` to be able to). An
 * answer with a status, 5xx included, is the vendor's answer and is reported as such; vendor modules say when one is
 * ambiguous (a guard such as `isAmbiguousSend` in the vendor's error module, built on `mayHaveTakenEffect`). A
 * connection refused before anything was sent leaves the outcome known.
 *
 * @since 0.1.0
 * @category Errors
 */
export class IntegrationError extends Schema.TaggedError<IntegrationError>("effect-integrations/IntegrationError")(
  "IntegrationError",
  {
    vendor: Schema.String,
    operation: Schema.String,
    reason: Reason,
    description: Schema.String,
    status: Schema.optional(Schema.Number),
    requestId: Schema.optional(Schema.String),
    retryAfter: Schema.optional(Schema.DurationFromSelf),
    /**
     * The server's explicit verdict (an `x-should-retry` header, see `ServerHints.shouldRetry`), which wins over the
     * reason.
     */
    serverRetryHint: Schema.optional(Schema.Boolean),
    details: Schema.optional(Details),
    /** The vendor may have acted on (or may still complete) a request of this call; see the class documentation. */
    mayHaveSucceeded: Schema.optional(Schema.Boolean),
    cause: Schema.optional(Schema.Defect)
  }
) {
  /**
   * Whether repeating the same request may succeed.
   *
   * @since 0.1.0
   */
  get retryable(): boolean {
    return this.serverRetryHint ?? retryableReasons.has(this.reason)
  }

  override get message(): string {
    const parts = [`${this.vendor}.${this.operation} failed: ${this.reason}`]
    if (this.status !== undefined) parts.push(`(HTTP ${this.status})`)
    parts.push(`- ${this.description}`)
    if (this.retryAfter !== undefined) parts.push(`[retry after ${Duration.format(this.retryAfter)}]`)
    if (this.requestId !== undefined) parts.push(`[request id ${this.requestId}]`)
    return parts.join(" ")
  }
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isIntegrationError = (u: unknown): u is IntegrationError =>
  Predicate.isTagged(u, "IntegrationError") && u instanceof IntegrationError

/**
 * @since 0.1.0
 * @category Guards
 */
export const isReason = <R extends Reason>(reason: R) => (u: unknown): u is IntegrationError & { readonly reason: R } =>
  isIntegrationError(u) && u.reason === reason

/**
 * @since 0.1.0
 * @category Guards
 */
export const isRetryable = (u: unknown): boolean => isIntegrationError(u) && u.retryable

/**
 * Whether a failed call may nevertheless have been performed by the vendor: the kernel marked it `mayHaveSucceeded`
 * (a request went out and its answer was lost), or its reason is one of `ambiguousReasons`. Repeating such a call
 * blindly could perform it twice; reconcile with the vendor first, or repeat it with the same idempotency key. Vendor
 * modules narrow it to their operations with side effects (an `isAmbiguousSend` guard built with `guard`).
 *
 * @since 0.3.0
 * @category Guards
 */
export const mayHaveTakenEffect = (error: IntegrationError): boolean =>
  error.mayHaveSucceeded === true || ambiguousReasons.has(error.reason)

/** A vendor name, or the names of vendors that share one error dialect (and so one error module). */
const fromVendor = (vendor: string | ReadonlyArray<string>, error: IntegrationError): boolean =>
  Predicate.isString(vendor) ? error.vendor === vendor : vendor.includes(error.vendor)

/**
 * A refinement to `IntegrationError`s of `vendor` (or of any of several vendor names) for which `predicate` holds:
 * what a vendor's error module builds its guards from, so that an error of another vendor with the same code, or a
 * value that is no error at all, never passes.
 *
 * @example
 * ```ts
 * import { IntegrationError } from "effect-integrations"
 *
 * // Acme's error module: its answers with `details.code` `card_declined`.
 * const isCardDeclined = IntegrationError.guard("Acme", (error) => error.details?.code === "card_declined")
 *
 * declare const failure: unknown
 * if (isCardDeclined(failure)) console.log(failure.operation)
 * ```
 *
 * @since 0.3.0
 * @category Guards
 */
export const guard = (vendor: string | ReadonlyArray<string>, predicate: (error: IntegrationError) => boolean) =>
(u: unknown): u is IntegrationError => isIntegrationError(u) && fromVendor(vendor, u) && predicate(u)

/**
 * An accessor for a vendor's `details`, typed as its error module's `Details`: the error's `details` when it comes
 * from `vendor` (or any of several vendor names), `{}` otherwise and when it carries none. `D` lists the identifiers
 * the vendor's `refineError` writes, each an optional string (an error of another vendor reads as `{}`).
 *
 * @example
 * ```ts
 * import { IntegrationError } from "effect-integrations"
 *
 * interface Details {
 *   readonly code?: string | undefined
 * }
 *
 * const details = IntegrationError.detailsOf<Details>("Acme")
 *
 * declare const error: IntegrationError.IntegrationError
 * const code: string | undefined = details(error).code
 * ```
 *
 * @since 0.3.0
 * @category Accessors
 */
export const detailsOf = <D extends { readonly [K in keyof D]?: string | undefined } = typeof Details.Type>(
  vendor: string | ReadonlyArray<string>
) =>
(error: IntegrationError): D =>
  // The one cast: `details` holds strings only (the `Details` schema), the constraint keeps `D` to optional string
  // fields, and the vendor's own `refineError` is what writes them, so `D` can narrow a field to the values it writes.
  (fromVendor(vendor, error) ? error.details ?? {} : {}) as D
