/**
 * Postmark request and response Schemas, on top of the generated `generated/PostmarkOpenApi.ts` (Postmark's own
 * server API swagger, OpenAPI 3.0.0, via `postmark/server.openapi.json`). What the old spec cannot say is added here
 * from Postmark's API reference (https://postmarkapp.com/developer/api/email-api, `.../templates-api`,
 * `.../bounce-api`, `.../message-streams-api`):
 *
 * - `From` and `To` are required; at most 50 recipients across `To`, `Cc` and `Bcc`; `HtmlBody` or `TextBody`;
 *   `MessageStream` and `Metadata` (newer than the spec);
 * - a templated email names its template by `TemplateId` or `TemplateAlias` (the spec requires both);
 * - a batch holds 1 to 500 messages;
 * - message streams (no spec: capture-only, checked against the reference's recorded examples).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"
import * as Generated from "./generated/PostmarkOpenApi.js"

/** Postmark's documented cap on recipients of one message, across To, Cc and Bcc. */
export const MAX_RECIPIENTS = 50

/** Postmark's documented cap on messages in one batch call. */
export const MAX_BATCH = 500

const ADDRESS = /^[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+$/
const NAMED = /^[^<>]*<\s*([^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+)\s*>$/

/** One address, bare (`jane@example.com`) or named (`Jane <jane@example.com>`). */
const isAddress = (value: string): boolean => {
  const trimmed = value.trim()
  return ADDRESS.test(trimmed) || NAMED.test(trimmed)
}

/** Splits a comma-separated recipient list; a comma inside a quoted display name is not a separator. */
export const splitRecipients = (value: string): ReadonlyArray<string> => {
  const out: Array<string> = []
  let current = ""
  let quoted = false
  for (const char of value) {
    if (char === "\"") quoted = !quoted
    if (char === "," && !quoted) {
      out.push(current)
      current = ""
    } else {
      current += char
    }
  }
  out.push(current)
  return out.map((part) => part.trim()).filter((part) => part.length > 0)
}

/**
 * A sender address, bare or with a display name. Checked before any I/O; the failure names the field, never the value.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EmailAddress = Schema.String.pipe(
  Schema.filter((value) => isAddress(value) || "must be an email address", { identifier: "EmailAddress" })
)

/**
 * One or more addresses separated by commas, as Postmark takes them.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Recipients = Schema.String.pipe(
  Schema.filter((value) => {
    const parts = splitRecipients(value)
    if (parts.length === 0) return "must name at least one address"
    return parts.every(isAddress) || "must be email addresses separated by commas"
  }, { identifier: "Recipients" })
)

const recipientCount = (message: { readonly To?: string | undefined; readonly Cc?: string | undefined; readonly Bcc?: string | undefined }) =>
  [message.To, message.Cc, message.Bcc].reduce((total, field) => total + (field === undefined ? 0 : splitRecipients(field).length), 0)

const withinRecipientLimit = <A extends { readonly To?: string | undefined; readonly Cc?: string | undefined; readonly Bcc?: string | undefined }>(
  message: A
) => recipientCount(message) <= MAX_RECIPIENTS || `at most ${MAX_RECIPIENTS} recipients across To, Cc and Bcc`

/**
 * Custom metadata Postmark keeps with the message and echoes in webhooks: string values, keys up to 20 characters,
 * values up to 80 (API reference, "Sending with metadata").
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Metadata = Schema.Record({
  key: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(20)),
  value: Schema.String.pipe(Schema.maxLength(80))
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const TrackLinks = Schema.Literal("None", "HtmlAndText", "HtmlOnly", "TextOnly")

const messageFields = {
  From: EmailAddress,
  To: Recipients,
  Cc: Schema.optional(Recipients),
  Bcc: Schema.optional(Recipients),
  ReplyTo: Schema.optional(Recipients),
  Tag: Schema.optional(Schema.String.pipe(Schema.maxLength(1000))),
  Headers: Generated.SendEmailRequest.fields.Headers,
  TrackOpens: Schema.optional(Schema.Boolean),
  TrackLinks: Schema.optional(TrackLinks),
  Attachments: Generated.SendEmailRequest.fields.Attachments,
  Metadata: Schema.optional(Metadata),
  /** The message stream to send through; Postmark's default outbound stream (`outbound`) when absent. */
  MessageStream: Schema.optional(Schema.String.pipe(Schema.minLength(1), Schema.maxLength(30)))
}

/**
 * One email: `From`, `To`, a `Subject`, and `HtmlBody` or `TextBody`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendEmailRequest = Schema.Struct({
  ...messageFields,
  Subject: Schema.String.pipe(Schema.maxLength(2000)),
  HtmlBody: Schema.optional(Schema.String),
  TextBody: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((email) => email.HtmlBody !== undefined || email.TextBody !== undefined || "needs HtmlBody or TextBody", {
    identifier: "HtmlOrText"
  }),
  Schema.filter(withinRecipientLimit, { identifier: "RecipientLimit" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendEmailRequest extends Schema.Schema.Type<typeof SendEmailRequest> {}

/**
 * 1 to 500 emails.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendBatchRequest = Schema.Array(SendEmailRequest).pipe(Schema.minItems(1), Schema.maxItems(MAX_BATCH))

/**
 * An email from a template: `TemplateId` or `TemplateAlias` (one of them), and the `TemplateModel` it renders.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TemplatedEmailRequest = Schema.Struct({
  ...messageFields,
  TemplateId: Schema.optional(Schema.Int.pipe(Schema.positive())),
  TemplateAlias: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  TemplateModel: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  InlineCss: Schema.optional(Schema.Boolean)
}).pipe(
  Schema.filter(
    (email) =>
      (email.TemplateId === undefined) !== (email.TemplateAlias === undefined) || "needs exactly one of TemplateId or TemplateAlias",
    { identifier: "TemplateIdOrAlias" }
  ),
  Schema.filter(withinRecipientLimit, { identifier: "RecipientLimit" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface TemplatedEmailRequest extends Schema.Schema.Type<typeof TemplatedEmailRequest> {}

/**
 * The body of `POST /email/batchWithTemplates`: 1 to 500 templated emails.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TemplatedBatchRequest = Schema.Struct({
  Messages: Schema.Array(TemplatedEmailRequest).pipe(Schema.minItems(1), Schema.maxItems(MAX_BATCH))
})

/**
 * Postmark's answer to one send: `ErrorCode` 0 and a `MessageID` when accepted. In a batch, each message's entry
 * says so on its own, under an HTTP 200 for the whole batch.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendEmailResponse = Schema.Struct({
  ...Generated.SendEmailResponse.fields,
  ErrorCode: Schema.Int,
  Message: Schema.String
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendEmailResponse extends Schema.Schema.Type<typeof SendEmailResponse> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const SendBatchResponse = Schema.Array(SendEmailResponse)

/**
 * An accepted email.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SentEmail {
  readonly MessageID: string
  /** The recipient list as Postmark read it. */
  readonly To: string | null | undefined
  readonly SubmittedAt: string | null | undefined
}

/**
 * A template's id or alias, as the template paths take it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TemplateIdOrAlias = Schema.Union(Schema.Int.pipe(Schema.positive()), Schema.String.pipe(Schema.minLength(1), Schema.maxLength(255)))

/**
 * @since 0.1.0
 * @category Models
 */
export type TemplateIdOrAlias = Schema.Schema.Type<typeof TemplateIdOrAlias>

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListTemplatesParams = Schema.Struct({
  Count: Schema.Int.pipe(Schema.between(1, 500)),
  Offset: Schema.Int.pipe(Schema.nonNegative()),
  TemplateType: Schema.optional(Schema.Literal("All", "Standard", "Layout"))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListTemplatesParams extends Schema.Schema.Type<typeof ListTemplatesParams> {}

/**
 * A new template: a `Name`, a `Subject`, and `HtmlBody` or `TextBody`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateTemplateRequest = Schema.Struct({
  ...Generated.CreateTemplateRequest.fields,
  Name: Schema.String.pipe(Schema.minLength(1)),
  Alias: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9._-]*$/))),
  TemplateType: Schema.optional(Schema.Literal("Standard", "Layout")),
  LayoutTemplate: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((t) => t.HtmlBody !== undefined || t.TextBody !== undefined || "needs HtmlBody or TextBody", {
    identifier: "HtmlOrText"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateTemplateRequest extends Schema.Schema.Type<typeof CreateTemplateRequest> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateTemplateRequest = Schema.Struct({
  ...Generated.EditTemplateRequest.fields,
  Alias: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z][A-Za-z0-9._-]*$/))),
  LayoutTemplate: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateTemplateRequest extends Schema.Schema.Type<typeof UpdateTemplateRequest> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ValidateTemplateRequest = Generated.TemplateValidationRequest.pipe(
  Schema.filter((t) => t.HtmlBody !== undefined || t.TextBody !== undefined || t.Subject !== undefined || "needs Subject, HtmlBody or TextBody", {
    identifier: "SomeContent"
  })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface ValidateTemplateRequest extends Schema.Schema.Type<typeof ValidateTemplateRequest> {}

/**
 * The answers this SDK takes as the spec gives them, each a Schema and its type under the name used here.
 *
 * @since 0.1.0
 * @category Schemas
 */
export {
  TemplateDetailResponse as Template,
  TemplateRecordResponse as TemplateRecord,
  TemplateListingResponse as TemplateList,
  TemplateValidationResponse as TemplateValidation,
  /** `DELETE /templates/{idOrAlias}` answers `{ ErrorCode: 0, Message }`. */
  StandardPostmarkResponse as DeleteResponse,
  /** `GET /server`, the health check's read. */
  ServerConfigurationResponse as Server
} from "./generated/PostmarkOpenApi.js"

/**
 * Filters of `GET /bounces`; the paging (`count`, `offset`) is the stream's.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BounceFilters = Schema.Struct({
  type: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  inactive: Schema.optional(Schema.Boolean),
  emailFilter: Schema.optional(Schema.String),
  tag: Schema.optional(Schema.String),
  messageID: Schema.optional(Schema.String),
  fromdate: Schema.optional(Schema.String),
  todate: Schema.optional(Schema.String),
  messagestream: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BounceFilters extends Schema.Schema.Type<typeof BounceFilters> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BouncePageParams = Schema.Struct({
  ...BounceFilters.fields,
  count: Schema.Int.pipe(Schema.between(1, 500)),
  offset: Schema.Int.pipe(Schema.nonNegative())
})

/**
 * A bounce; `ID` is a number in Postmark's API reference and answers, a string in the old spec: both decode, as a
 * number.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Bounce = Schema.Struct({
  ...Generated.BounceInfoResponse.fields,
  ID: Schema.Union(Schema.Int, Schema.NumberFromString),
  MessageStream: Schema.optional(Schema.NullOr(Schema.String)),
  ServerID: Schema.optional(Schema.NullOr(Schema.Int))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Bounce extends Schema.Schema.Type<typeof Bounce> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BouncePage = Schema.Struct({
  TotalCount: Schema.Int,
  Bounces: Schema.Array(Bounce)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const BounceActivation = Schema.Struct({
  Message: Schema.optional(Schema.NullOr(Schema.String)),
  Bounce: Bounce
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BounceActivation extends Schema.Schema.Type<typeof BounceActivation> {}

/**
 * A bounce id as the bounce paths take it.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BounceId = Schema.Int.pipe(Schema.positive())

/**
 * A message stream id: unique per server, at most 30 characters (Message Streams API).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamId = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(30), Schema.pattern(/^[^\s/?#]+$/))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const SubscriptionManagementConfiguration = Schema.Struct({
  UnsubscribeHandlingType: openLiteral("None", "Postmark", "Custom")
})

/**
 * A message stream (capture-only: not in the old spec). `MessageStreamType` is open: `Transactional`, `Broadcasts`,
 * `Inbound` today.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStream = Schema.Struct({
  ID: Schema.String,
  ServerID: Schema.Int,
  Name: Schema.String,
  Description: Schema.optional(Schema.NullOr(Schema.String)),
  MessageStreamType: openLiteral("Transactional", "Broadcasts", "Inbound"),
  CreatedAt: Schema.String,
  UpdatedAt: Schema.optional(Schema.NullOr(Schema.String)),
  ArchivedAt: Schema.optional(Schema.NullOr(Schema.String)),
  ExpectedPurgeDate: Schema.optional(Schema.NullOr(Schema.String)),
  SubscriptionManagementConfiguration: Schema.optional(Schema.NullOr(SubscriptionManagementConfiguration))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageStream extends Schema.Schema.Type<typeof MessageStream> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamList = Schema.Struct({
  MessageStreams: Schema.Array(MessageStream),
  TotalCount: Schema.Int
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageStreamList extends Schema.Schema.Type<typeof MessageStreamList> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ListMessageStreamsParams = Schema.Struct({
  MessageStreamType: Schema.optional(Schema.Literal("All", "Inbound", "Transactional", "Broadcasts")),
  IncludeArchivedStreams: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListMessageStreamsParams extends Schema.Schema.Type<typeof ListMessageStreamsParams> {}

/**
 * A new stream: only `Transactional` and `Broadcasts` streams can be created (a server has one inbound stream).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateMessageStreamRequest = Schema.Struct({
  ID: MessageStreamId,
  Name: Schema.String.pipe(Schema.minLength(1)),
  MessageStreamType: Schema.Literal("Transactional", "Broadcasts"),
  Description: Schema.optional(Schema.String),
  SubscriptionManagementConfiguration: Schema.optional(
    Schema.Struct({ UnsubscribeHandlingType: Schema.Literal("None", "Postmark", "Custom") })
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateMessageStreamRequest extends Schema.Schema.Type<typeof CreateMessageStreamRequest> {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const UpdateMessageStreamRequest = Schema.Struct({
  Name: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  Description: Schema.optional(Schema.String),
  SubscriptionManagementConfiguration: Schema.optional(
    Schema.Struct({ UnsubscribeHandlingType: Schema.Literal("None", "Postmark", "Custom") })
  )
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface UpdateMessageStreamRequest extends Schema.Schema.Type<typeof UpdateMessageStreamRequest> {}

/**
 * `POST /message-streams/{id}/archive`: the stream is purged on `ExpectedPurgeDate` unless unarchived before.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamArchived = Schema.Struct({
  ID: Schema.Union(Schema.String, Schema.Number),
  ServerID: Schema.Int,
  ExpectedPurgeDate: Schema.String
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface MessageStreamArchived extends Schema.Schema.Type<typeof MessageStreamArchived> {}
