/**
 * Resend's request and response bodies as Schemas, with the field names of Resend's OpenAPI document (v1.5.0). Requests
 * are checked before any I/O (addresses, recipient counts, tag characters, a body or a template); responses are
 * tolerant of fields Resend adds and of the `null`s its API returns for unset fields.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** `a@example.com`: no spaces or angle brackets, one `@`, a dot in the domain. */
const ADDR_SPEC = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/
const DISPLAY_FORM = /^[^<>]*<([^<>]+)>$/
const TAG_TEXT = /^[A-Za-z0-9_-]{1,256}$/

const isMailbox = (value: string): boolean => {
  const trimmed = value.trim()
  const display = DISPLAY_FORM.exec(trimmed)
  return ADDR_SPEC.test(display === null ? trimmed : display[1]!.trim())
}

/**
 * An email address, optionally with a display name: `a@example.com` or `Acme <a@example.com>`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const EmailAddress = Schema.String.pipe(
  Schema.maxLength(998),
  Schema.filter(isMailbox, {
    identifier: "EmailAddress",
    description: "an email address, optionally with a display name: Acme <a@example.com>"
  })
)

/**
 * Recipients: one address or an array of up to 50.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Recipients = Schema.Union(
  EmailAddress,
  Schema.Array(EmailAddress).pipe(Schema.minItems(1), Schema.maxItems(50))
)

/**
 * A tag: name and value of ASCII letters, digits, `_` and `-`, at most 256 characters each.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Tag = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(TAG_TEXT, { identifier: "TagName" })),
  value: Schema.String.pipe(Schema.pattern(TAG_TEXT, { identifier: "TagValue" }))
})

/**
 * An attachment: its base64 `content` or a `path` (URL) Resend fetches.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Attachment = Schema.Struct({
  content: Schema.optional(Schema.String),
  filename: Schema.optional(Schema.String),
  path: Schema.optional(Schema.String),
  content_type: Schema.optional(Schema.String),
  content_id: Schema.optional(Schema.String)
}).pipe(
  Schema.filter((attachment) => attachment.content !== undefined || attachment.path !== undefined, {
    identifier: "AttachmentWithContentOrPath"
  })
)

/**
 * A published template and its variables.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TemplateInput = Schema.Struct({
  id: Schema.NonEmptyString,
  variables: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Union(Schema.String, Schema.Number) }))
})

const sendEmailFields = {
  from: EmailAddress,
  to: Recipients,
  subject: Schema.String,
  bcc: Schema.optional(Recipients),
  cc: Schema.optional(Recipients),
  reply_to: Schema.optional(Recipients),
  html: Schema.optional(Schema.String),
  text: Schema.optional(Schema.String),
  template: Schema.optional(TemplateInput),
  headers: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  /** ISO 8601, or Resend's natural language (`in 1 hour`). */
  scheduled_at: Schema.optional(Schema.NonEmptyString),
  attachments: Schema.optional(Schema.Array(Attachment)),
  tags: Schema.optional(Schema.Array(Tag)),
  topic_id: Schema.optional(Schema.NonEmptyString)
}

const hasContent = (email: { readonly html?: unknown; readonly text?: unknown; readonly template?: unknown }): boolean =>
  email.template === undefined
    ? email.html !== undefined || email.text !== undefined
    : email.html === undefined && email.text === undefined

/**
 * `POST /emails`. Needs `html` or `text`, or else a `template` (and then neither).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendEmailParams = Schema.Struct(sendEmailFields).pipe(
  Schema.filter(hasContent, { identifier: "HtmlOrTextOrTemplate" })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendEmailParams extends Schema.Schema.Type<typeof SendEmailParams> {}

/**
 * One email of a batch: as `SendEmailParams`, without `attachments` or `scheduled_at`, which Resend's batch endpoint
 * does not support.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchEmailParams = SendEmailParams.pipe(
  Schema.filter((email) => email.attachments === undefined && email.scheduled_at === undefined, {
    identifier: "BatchEmailWithoutAttachmentsOrSchedule"
  })
)

/**
 * `POST /emails/batch`: 1 to 100 emails.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchParams = Schema.Array(BatchEmailParams).pipe(Schema.minItems(1), Schema.maxItems(100))

/**
 * @since 0.1.0
 * @category Schemas
 */
export const SendEmailResponse = Schema.Struct({ id: Schema.String })

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendEmailResponse extends Schema.Schema.Type<typeof SendEmailResponse> {}

/**
 * An email Resend refused in permissive batch mode; `index` is its position in the request.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchError = Schema.Struct({ index: Schema.Int.pipe(Schema.nonNegative()), message: Schema.String })

/**
 * `POST /emails/batch`'s answer: the created emails in request order; in permissive mode also the refused ones.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const BatchResponse = Schema.Struct({
  data: Schema.Array(SendEmailResponse),
  errors: Schema.optional(Schema.NullOr(Schema.Array(BatchError)))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchResponse extends Schema.Schema.Type<typeof BatchResponse> {}

/**
 * The statuses Resend documents for `last_event`. The field itself is an open string: Resend adds statuses.
 *
 * @since 0.1.0
 * @category Models
 */
export const knownEmailStatuses = [
  "bounced",
  "canceled",
  "clicked",
  "complained",
  "delivered",
  "delivery_delayed",
  "failed",
  "opened",
  "queued",
  "scheduled",
  "sent",
  "suppressed"
] as const

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))
const Addresses = Schema.Array(Schema.String)

/**
 * `GET /emails/{email_id}`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Email = Schema.Struct({
  id: Schema.String,
  object: Schema.optional(Schema.String),
  message_id: optionalNullable(Schema.String),
  to: optionalNullable(Addresses),
  from: optionalNullable(Schema.String),
  /** As Resend writes it, e.g. `2023-04-03 22:13:42.674981+00`. */
  created_at: optionalNullable(Schema.String),
  subject: optionalNullable(Schema.String),
  html: optionalNullable(Schema.String),
  text: optionalNullable(Schema.String),
  bcc: optionalNullable(Addresses),
  cc: optionalNullable(Addresses),
  reply_to: optionalNullable(Addresses),
  /** One of `knownEmailStatuses`, or a status added since. */
  last_event: optionalNullable(Schema.String),
  scheduled_at: optionalNullable(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Email extends Schema.Schema.Type<typeof Email> {}

/**
 * `GET /domains`, read only to prove the key works (health check); the domains themselves are not decoded.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const DomainList = Schema.Struct({ data: Schema.Array(Schema.Unknown) })
