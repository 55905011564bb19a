/**
 * WAHA's (WhatsApp HTTP API, devlikeapro) request and response bodies as Schemas, with the field names of its OpenAPI
 * document (2024.9, `openapi.v202409.json` from devlikeapro) and its docs (https://waha.devlike.pro/docs/how-to/).
 * Requests are checked before any I/O (chat ids, a file by URL or base64 data); responses are tolerant of fields WAHA
 * adds and of engine differences (WEBJS, NOWEB, GOWS answer with different extra fields).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

const optionalNullable = <A, I>(schema: Schema.Schema<A, I>) => Schema.optional(Schema.NullOr(schema))
const AnyObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * A session name: letters, digits, `_` and `-` (WAHA Core serves one session, `default`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SessionName = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]{1,64}$/, { identifier: "SessionName" }))

/**
 * A chat id: `<digits>@c.us` for a person, `<id>@g.us` for a group, `<id>@lid`, `<id>@newsletter`, `status@broadcast`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatId = Schema.String.pipe(Schema.pattern(/^[^\s/@]{1,128}@(c\.us|g\.us|s\.whatsapp\.net|lid|newsletter|broadcast)$/, {
  identifier: "ChatId"
}))

/**
 * A message id as WAHA gives it (`false_11111111111@c.us_AAAA...`, or the engine's own form).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageId = Schema.String.pipe(Schema.pattern(/^[^\s/]{1,256}$/, { identifier: "MessageId" }))

/**
 * A session's status: `STOPPED`, `STARTING`, `SCAN_QR_CODE`, `WORKING`, `FAILED` (open: a value added later decodes).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SessionStatus = openLiteral("STOPPED", "STARTING", "SCAN_QR_CODE", "WORKING", "FAILED")

/**
 * A webhook of a session: where WAHA posts which events, and the `hmac.key` it signs them with (`webhooks/schemes/Waha`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const WebhookConfig = Schema.Struct({
  url: Schema.String,
  events: Schema.Array(Schema.String),
  hmac: Schema.optional(Schema.NullOr(Schema.Struct({ key: Schema.String }))),
  retries: Schema.optional(Schema.NullOr(AnyObject)),
  customHeaders: Schema.optional(Schema.NullOr(Schema.Array(Schema.Struct({ name: Schema.String, value: Schema.String }))))
})

/**
 * A session's configuration: metadata echoed in every webhook, webhooks, and engine options passed as given.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SessionConfig = Schema.Struct({
  metadata: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  webhooks: Schema.optional(Schema.Array(WebhookConfig)),
  debug: Schema.optional(Schema.Boolean),
  proxy: Schema.optional(Schema.NullOr(AnyObject)),
  noweb: Schema.optional(AnyObject)
})

/**
 * `POST /api/sessions`: a session, started at once unless `start: false`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CreateSessionParams = Schema.Struct({
  name: Schema.optional(SessionName),
  start: Schema.optional(Schema.Boolean),
  config: Schema.optional(SessionConfig)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreateSessionParams extends Schema.Schema.Type<typeof CreateSessionParams> {}

/**
 * The WhatsApp account a session is logged in as.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Me = Schema.Struct({ id: Schema.String, pushName: optionalNullable(Schema.String) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface Me extends Schema.Schema.Type<typeof Me> {}

/**
 * A session: its name, status, account once logged in, and configuration.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Session = Schema.Struct({
  name: Schema.String,
  status: SessionStatus,
  me: optionalNullable(Me),
  engine: Schema.optional(Schema.Unknown),
  config: optionalNullable(Schema.Struct({
    metadata: optionalNullable(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
    webhooks: optionalNullable(Schema.Array(Schema.Unknown))
  }))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Session extends Schema.Schema.Type<typeof Session> {}

/**
 * The QR code to pair a session, as the raw value to render (`GET /api/{session}/auth/qr?format=raw`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const QrCode = Schema.Struct({ value: Schema.String })

/**
 * @since 0.1.0
 * @category Models
 */
export interface QrCode extends Schema.Schema.Type<typeof QrCode> {}

/**
 * A file to send: by `url` (WAHA downloads it) or as base64 `data`, with its MIME type.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const File = Schema.Union(
  Schema.Struct({ mimetype: Schema.String, url: Schema.String.pipe(Schema.pattern(/^https?:\/\//)), filename: Schema.optional(Schema.String) }),
  Schema.Struct({ mimetype: Schema.String, data: Schema.String.pipe(Schema.minLength(1)), filename: Schema.optional(Schema.String) })
)

const target = { session: SessionName, chatId: ChatId, reply_to: Schema.optional(MessageId) }

/**
 * `POST /api/sendText`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendTextParams = Schema.Struct({ ...target, text: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(65_536)) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendTextParams extends Schema.Schema.Type<typeof SendTextParams> {}

/**
 * `POST /api/sendImage` and `POST /api/sendFile`: a file with an optional caption.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendFileParams = Schema.Struct({ ...target, file: File, caption: Schema.optional(Schema.String) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendFileParams extends Schema.Schema.Type<typeof SendFileParams> {}

/**
 * `POST /api/sendVoice`: a voice note (WAHA expects `audio/ogg; codecs=opus`, or converts with `convert: true`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendVoiceParams = Schema.Struct({ ...target, file: File, convert: Schema.optional(Schema.Boolean) })

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendVoiceParams extends Schema.Schema.Type<typeof SendVoiceParams> {}

/**
 * `POST /api/sendSeen`: marks the chat (or one message) as read.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendSeenParams = Schema.Struct({
  session: SessionName,
  chatId: ChatId,
  messageId: Schema.optional(MessageId),
  participant: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface SendSeenParams extends Schema.Schema.Type<typeof SendSeenParams> {}

/**
 * `POST /api/startTyping`, `POST /api/stopTyping`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatParams = Schema.Struct({ session: SessionName, chatId: ChatId })

/**
 * @since 0.1.0
 * @category Models
 */
export interface ChatParams extends Schema.Schema.Type<typeof ChatParams> {}

/**
 * A message as WAHA returns it (sent, listed or in a webhook). `ack`: -1 error, 0 pending, 1 server, 2 device, 3 read,
 * 4 played.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Message = Schema.Struct({
  id: Schema.String,
  timestamp: Schema.Number,
  from: optionalNullable(Schema.String),
  fromMe: Schema.Boolean,
  to: optionalNullable(Schema.String),
  participant: optionalNullable(Schema.String),
  body: optionalNullable(Schema.String),
  hasMedia: optionalNullable(Schema.Boolean),
  mediaUrl: optionalNullable(Schema.String),
  media: optionalNullable(Schema.Struct({ url: optionalNullable(Schema.String), mimetype: optionalNullable(Schema.String), filename: optionalNullable(Schema.String) })),
  ack: optionalNullable(Schema.Number),
  ackName: optionalNullable(Schema.String),
  replyTo: optionalNullable(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface Message extends Schema.Schema.Type<typeof Message> {}

/**
 * What a media send returns: the engine's message object, passed on whole (WAHA's document leaves it open).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const SendResult = AnyObject

/**
 * @since 0.1.0
 * @category Models
 */
export type SendResult = Schema.Schema.Type<typeof SendResult>

/**
 * A chat in a listing (engines differ: `id` is a string or `{ _serialized }`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Chat = Schema.Struct(
  {
    id: Schema.Union(Schema.String, Schema.Struct({ _serialized: Schema.String })),
    name: optionalNullable(Schema.String),
    timestamp: optionalNullable(Schema.Number),
    unreadCount: optionalNullable(Schema.Number)
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/**
 * @since 0.1.0
 * @category Models
 */
export interface Chat extends Schema.Schema.Type<typeof Chat> {}

/**
 * Listing options: page size (`limit`, 1-1000; the stream walks `offset` itself) and order.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListChatsParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  sortBy: Schema.optional(Schema.Literal("conversationTimestamp", "id", "name")),
  sortOrder: Schema.optional(Schema.Literal("desc", "asc"))
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListChatsParams extends Schema.Schema.Type<typeof ListChatsParams> {}

/**
 * Message listing options: page size and whether WAHA downloads media (default here: no, it is slow).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ListMessagesParams = Schema.Struct({
  limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  downloadMedia: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.1.0
 * @category Models
 */
export interface ListMessagesParams extends Schema.Schema.Type<typeof ListMessagesParams> {}
