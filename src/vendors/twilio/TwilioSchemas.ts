/**
 * Twilio's Messages request and response shapes as Schemas, with the field names of Twilio's OpenAPI document
 * (`twilio_api_v2010`): PascalCase form parameters in, snake_case JSON out. Phone numbers are checked as E.164 before
 * any I/O; responses are tolerant of the `null`s Twilio returns for unset fields and of statuses it adds.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const sid = (prefix: string, identifier: string) =>
  Schema.String.pipe(Schema.pattern(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), { identifier }))

/**
 * `AC` followed by 32 hex digits.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AccountSid = sid("AC", "AccountSid")

/**
 * `SM` (SMS) or `MM` (MMS) followed by 32 hex digits.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageSid = sid("(SM|MM)", "MessageSid")

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessagingServiceSid = sid("MG", "MessagingServiceSid")

/**
 * An API key's SID: `SK` followed by 32 hex digits.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ApiKeySid = sid("SK", "ApiKeySid")

const E164 = /^\+[1-9]\d{1,14}$/
const CHANNEL = /^whatsapp:\+[1-9]\d{1,14}$/
const SHORT_CODE = /^\d{3,8}$/
/** 1-11 letters, digits and spaces with at least one letter, as Twilio allows for alphanumeric sender IDs. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/

/**
 * A phone number in E.164 form: `+` then the country code and number, at most 15 digits (`+14155552671`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const PhoneNumber = Schema.String.pipe(Schema.pattern(E164, { identifier: "E164PhoneNumber" }))

/**
 * Who a message goes to: an E.164 number, or a WhatsApp address (`whatsapp:+14155552671`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Recipient = Schema.String.pipe(
  Schema.filter((value) => E164.test(value) || CHANNEL.test(value), { identifier: "E164PhoneNumberOrWhatsAppAddress" })
)

/**
 * Who a message comes from: an E.164 number or WhatsApp address of yours, a short code, or an alphanumeric sender ID.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Sender = Schema.String.pipe(
  Schema.filter(
    (value) => E164.test(value) || CHANNEL.test(value) || SHORT_CODE.test(value) || ALPHANUMERIC_SENDER.test(value),
    { identifier: "E164PhoneNumberOrShortCodeOrSenderId" }
  )
)

const HttpUrl = Schema.String.pipe(
  Schema.filter((value) => {
    try {
      const url = new URL(value)
      return url.protocol === "https:" || url.protocol === "http:"
    } catch {
      return false
    }
  }, { identifier: "HttpUrl" })
)

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. Needs `From` or `MessagingServiceSid`, and `Body`,
 * `MediaUrl` or `ContentSid`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateMessageParams = Schema.Struct({
  To: Recipient,
  From: Schema.optional(Sender),
  MessagingServiceSid: Schema.optional(MessagingServiceSid),
  Body: Schema.optional(Schema.String.pipe(Schema.maxLength(1600))),
  MediaUrl: Schema.optional(Schema.Array(HttpUrl).pipe(Schema.maxItems(10))),
  ContentSid: Schema.optional(sid("HX", "ContentSid")),
  /** JSON object text of the content template's variables. */
  ContentVariables: Schema.optional(Schema.String),
  StatusCallback: Schema.optional(HttpUrl),
  ApplicationSid: Schema.optional(sid("AP", "ApplicationSid")),
  MaxPrice: Schema.optional(Schema.Number.pipe(Schema.positive())),
  ProvideFeedback: Schema.optional(Schema.Boolean),
  Attempt: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** Seconds the message may wait in Twilio's queue before it fails. */
  ValidityPeriod: Schema.optional(Schema.Int.pipe(Schema.positive())),
  ForceDelivery: Schema.optional(Schema.Boolean),
  ContentRetention: Schema.optional(Schema.Literal("retain", "discard")),
  AddressRetention: Schema.optional(Schema.Literal("retain", "obfuscate")),
  SmartEncoded: Schema.optional(Schema.Boolean),
  PersistentAction: Schema.optional(Schema.Array(Schema.String)),
  TrafficType: Schema.optional(Schema.Literal("free")),
  ShortenUrls: Schema.optional(Schema.Boolean),
  ScheduleType: Schema.optional(Schema.Literal("fixed")),
  /** ISO 8601 time to send a scheduled message at (with `ScheduleType: "fixed"` and a Messaging Service). */
  SendAt: Schema.optional(Schema.NonEmptyString),
  SendAsMms: Schema.optional(Schema.Boolean),
  RiskCheck: Schema.optional(Schema.Literal("enable", "disable")),
  FallbackFrom: Schema.optional(PhoneNumber)
}).pipe(
  Schema.filter((params) => params.From !== undefined || params.MessagingServiceSid !== undefined, {
    identifier: "FromOrMessagingServiceSid"
  }),
  Schema.filter(
    (params) => params.Body !== undefined || params.MediaUrl !== undefined || params.ContentSid !== undefined,
    { identifier: "BodyOrMediaUrlOrContentSid" }
  ),
  Schema.filter(
    (params) =>
      params.ScheduleType === undefined || (params.SendAt !== undefined && params.MessagingServiceSid !== undefined),
    { identifier: "ScheduledWithSendAtAndMessagingService" }
  )
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateMessageParams extends Schema.Schema.Type<typeof CreateMessageParams> {}

/**
 * The statuses Twilio documents for a message. `status` itself is an open string: Twilio adds statuses.
 *
 * @since 0.1.0
 * @category Models
 */
export const knownMessageStatuses = [
  // Outbound: through a Messaging Service, `accepted` (and `scheduled`) come before `queued`.
  "accepted", "scheduled", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read",
  "partially_delivered", "canceled",
  // Inbound.
  "receiving", "received"
] as const

/**
 * @since 0.1.0
 * @category Models
 */
export type KnownMessageStatus = typeof knownMessageStatuses[number]

const finalStatuses: ReadonlySet<string> = new Set(["delivered", "undelivered", "failed", "read", "received", "canceled"])

/**
 * Whether a status is one a message does not leave (no further status callback is expected, except `read` after
 * `delivered` on channels with read receipts).
 *
 * @since 0.1.0
 * @category Guards
 */
export const isFinalStatus = (status: string): boolean => finalStatuses.has(status)

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))

/**
 * A Message resource. Dates are Twilio's RFC 2822 text (`Thu, 24 Aug 2023 05:01:45 +0000`); counts and prices are
 * strings, as Twilio sends them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Message = Schema.Struct({
  sid: MessageSid,
  account_sid: AccountSid,
  /** One of `knownMessageStatuses`, or a status added since. */
  status: Schema.String,
  direction: Schema.Literal("inbound", "outbound-api", "outbound-call", "outbound-reply"),
  to: optionalNullable(Schema.String),
  from: optionalNullable(Schema.String),
  body: optionalNullable(Schema.String),
  messaging_service_sid: optionalNullable(Schema.String),
  num_segments: optionalNullable(Schema.String),
  num_media: optionalNullable(Schema.String),
  error_code: optionalNullable(Schema.Int),
  error_message: optionalNullable(Schema.String),
  price: optionalNullable(Schema.String),
  price_unit: optionalNullable(Schema.String),
  api_version: optionalNullable(Schema.String),
  date_created: optionalNullable(Schema.String),
  date_sent: optionalNullable(Schema.String),
  date_updated: optionalNullable(Schema.String),
  uri: optionalNullable(Schema.String),
  subresource_uris: optionalNullable(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Message extends Schema.Schema.Type<typeof Message> {}

/**
 * `GET /2010-04-01/Accounts/{AccountSid}/Balance.json`. Subaccounts carry no balance (`null`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Balance = Schema.Struct({
  account_sid: optionalNullable(Schema.String),
  balance: optionalNullable(Schema.String),
  currency: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Balance extends Schema.Schema.Type<typeof Balance> {}
