/**
 * The one error an inbound webhook can be rejected with. A closed `reason` says what was wrong and which HTTP status
 * to answer; the message names headers and numbers only, never a secret, a signature or a payload value.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Every way a delivery can be rejected.
 *
 * - `MissingHeader`: a required header is absent or empty (is a secret configured at the vendor?).
 * - `MalformedHeader`: a header is present but not in the vendor's format (timestamp not an integer, ...).
 * - `InvalidSignature`: no signature in the request matches any configured secret.
 * - `TimestampTooOld` / `TimestampInFuture`: the signed timestamp is outside the tolerance window.
 * - `PayloadTooLarge`: the body is larger than the configured limit.
 * - `Replayed`: this delivery id was already accepted within the replay window.
 * - `UnknownScheme`: no verifier by that name.
 * - `InvalidPayload`: the verified body does not decode with the expected schema.
 *
 * @since 0.1.0
 * @category Models
 */
export const Reason = Schema.Literal(
  "MissingHeader",
  "MalformedHeader",
  "InvalidSignature",
  "TimestampTooOld",
  "TimestampInFuture",
  "PayloadTooLarge",
  "Replayed",
  "UnknownScheme",
  "InvalidPayload"
)

/**
 * @since 0.1.0
 * @category Models
 */
export type Reason = typeof Reason.Type

/**
 * @since 0.1.0
 * @category Errors
 */
export class WebhookError extends Schema.TaggedError<WebhookError>("effect-integrations/WebhookError")(
  "WebhookError",
  {
    /** The scheme's name (`standard`, `stripe`, ...), or the unknown name for `UnknownScheme`. */
    scheme: Schema.String,
    reason: Reason,
    /** What was wrong, in terms of header names and sizes; never values. */
    description: Schema.String,
    /** The header the problem is about, when there is one. */
    header: Schema.optional(Schema.String),
    /** Verifier clock minus signed timestamp, in seconds: positive when the delivery is old, negative when early. */
    skewSeconds: Schema.optional(Schema.Number),
    /** The tolerance the timestamp was checked against, in seconds. */
    toleranceSeconds: Schema.optional(Schema.Number)
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.scheme} webhook rejected (${this.reason}): ${this.description}`
  }
}

/**
 * @since 0.1.0
 * @category Guards
 */
export const isWebhookError = (u: unknown): u is WebhookError => Predicate.isTagged(u, "WebhookError")
