/**
 * Twilio's message status callbacks as a Schema: the form-encoded POST Twilio sends to a message's `StatusCallback` URL
 * each time its status changes (`queued`, `sent`, `delivered`, `undelivered`, `failed`, ...). The documented fields are
 * typed (`ErrorCode` as a number); Twilio adds fields without notice, so every other field is kept as received. Verify
 * `X-Twilio-Signature` first (`webhooks/schemes/Twilio`), then decode, e.g.
 * `Webhooks.verifyAndDecode(Twilio.scheme, TwilioEvents.MessageStatusCallback)`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as S from "./TwilioSchemas.js"

/**
 * A message status callback, field names as Twilio sends them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStatusCallback = Schema.Struct(
  {
    MessageSid: S.MessageSid,
    /** One of `TwilioSchemas.knownMessageStatuses`, or a status added since. */
    MessageStatus: Schema.String,
    AccountSid: S.AccountSid,
    /** The same SID under its older name. */
    SmsSid: Schema.optional(Schema.String),
    /** The same status under its older name. */
    SmsStatus: Schema.optional(Schema.String),
    From: Schema.optional(Schema.String),
    To: Schema.optional(Schema.String),
    ApiVersion: Schema.optional(Schema.String),
    MessagingServiceSid: Schema.optional(Schema.String),
    /** Set when the status is `failed` or `undelivered`: see `https://www.twilio.com/docs/errors/<code>`. */
    ErrorCode: Schema.optional(Schema.NumberFromString.pipe(Schema.int())),
    /** The carrier's delivery report time (`YYMMDDhhmm`, UTC), on some SMS `delivered`/`undelivered` callbacks. */
    RawDlrDoneDate: Schema.optional(Schema.String)
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageStatusCallback extends Schema.Schema.Type<typeof MessageStatusCallback> {}

/**
 * Decodes the form fields of a callback (`Object.fromEntries(new URLSearchParams(body))`, as the webhooks module
 * gives them).
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeStatusCallback: (u: unknown) => Effect.Effect<MessageStatusCallback, ParseResult.ParseError> =
  Schema.decodeUnknown(MessageStatusCallback, { errors: "all" })

/**
 * Decodes a callback from the raw form-encoded body of a verified request.
 *
 * @since 0.1.0
 * @category Decoding
 */
export const decodeStatusCallbackForm = (
  body: string
): Effect.Effect<MessageStatusCallback, ParseResult.ParseError> =>
  decodeStatusCallback(Object.fromEntries(new URLSearchParams(body)))

/**
 * Whether the callback reports a final outcome (`delivered`, `undelivered`, `failed`, `read`, ...): see
 * `TwilioSchemas.isFinalStatus`.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isFinal = (callback: MessageStatusCallback): boolean => S.isFinalStatus(callback.MessageStatus)

/**
 * Whether the message did not reach the handset (`failed` or `undelivered`); `ErrorCode` says why.
 *
 * @since 0.1.0
 * @category Guards
 */
export const isFailure = (callback: MessageStatusCallback): boolean =>
  callback.MessageStatus === "failed" || callback.MessageStatus === "undelivered"
