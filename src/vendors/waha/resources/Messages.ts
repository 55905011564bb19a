/**
 * WAHA messages and chats: send text, an image, a file or a voice note; mark as seen; show and stop "typing"; list a
 * session's chats and a chat's messages as `Stream`s over `limit`/`offset`.
 *
 * Sending a WhatsApp message is not idempotent and WAHA takes no idempotency key: the sends are declared
 * non-idempotent, so the kernel retries them only on a 429 (which proves WAHA did not act) and returns every other
 * failure at once, marked `mayHaveSucceeded` when the request may have reached WAHA (`WahaError.isAmbiguousSend`).
 * Seen and typing set a state and are retried.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../WahaSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Sends a text. Never retried after it may have reached WAHA: see the module documentation. */
  readonly sendText: VendorClient.Method<S.SendTextParams, S.Message>
  readonly sendImage: VendorClient.Method<S.SendFileParams, S.SendResult>
  readonly sendFile: VendorClient.Method<S.SendFileParams, S.SendResult>
  readonly sendVoice: VendorClient.Method<S.SendVoiceParams, S.SendResult>
  readonly sendSeen: VendorClient.Method<S.SendSeenParams, void>
  readonly startTyping: VendorClient.Method<S.ChatParams, void>
  readonly stopTyping: VendorClient.Method<S.ChatParams, void>
  /** Every chat of the session, `limit` (default 100) at a time. */
  readonly chats: (session: string, params?: S.ListChatsParams, options?: HttpIntegration.CallOptions) => Stream.Stream<S.Chat, IntegrationError>
  /** Every message of a chat, newest first, `limit` (default 100) at a time. */
  readonly messages: (
    session: string,
    chatId: string,
    params?: S.ListMessagesParams,
    options?: HttpIntegration.CallOptions
  ) => Stream.Stream<S.Message, IntegrationError>
}

const Offset = Schema.Int.pipe(Schema.nonNegative())

/**
 * Declares the message and chat operations on a WAHA pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const send = <A, I, O, OI>(name: string, path: string, input: Schema.Schema<A, I>, output: Schema.Schema<O, OI>) =>
    http.operation({
      name,
      method: "POST",
      input,
      output,
      request: (params) => ({ path, body: HttpIntegration.json(params) }),
      // Explicit, so that no option turns retries of a send back on: only a 429 is repeated.
      idempotent: false,
      idempotencyKey: false
    })
  const state = <A, I>(name: string, path: string, input: Schema.Schema<A, I>) =>
    http.operation({
      name,
      method: "POST",
      input,
      output: Schema.Unknown,
      request: (params) => ({ path, body: HttpIntegration.json(params) }),
      idempotent: true,
      idempotencyKey: false
    })
  const sendText = send("messages.sendText", "/api/sendText", S.SendTextParams, S.Message)
  const sendImage = send("messages.sendImage", "/api/sendImage", S.SendFileParams, S.SendResult)
  const sendFile = send("messages.sendFile", "/api/sendFile", S.SendFileParams, S.SendResult)
  const sendVoice = send("messages.sendVoice", "/api/sendVoice", S.SendVoiceParams, S.SendResult)
  const sendSeen = state("messages.sendSeen", "/api/sendSeen", S.SendSeenParams)
  const startTyping = state("messages.startTyping", "/api/startTyping", S.ChatParams)
  const stopTyping = state("messages.stopTyping", "/api/stopTyping", S.ChatParams)
  const chats = http.operation({
    name: "chats.list",
    method: "GET",
    input: Schema.Struct({ session: S.SessionName, limit: Schema.Int, offset: Offset, sortBy: Schema.optional(Schema.String), sortOrder: Schema.optional(Schema.String) }),
    output: Schema.Array(S.Chat),
    request: ({ session, ...query }) => ({ path: VendorClient.path`/api/${session}/chats`, query })
  })
  const messages = http.operation({
    name: "chats.messages",
    method: "GET",
    input: Schema.Struct({ session: S.SessionName, chatId: S.ChatId, limit: Schema.Int, offset: Offset, downloadMedia: Schema.Boolean }),
    output: Schema.Array(S.Message),
    request: ({ chatId, session, ...query }) => ({ path: VendorClient.path`/api/${session}/chats/${chatId}/messages`, query })
  })
  return {
    sendText: (params, options) => Op.call(sendText, params, options),
    sendImage: (params, options) => Op.call(sendImage, params, options),
    sendFile: (params, options) => Op.call(sendFile, params, options),
    sendVoice: (params, options) => Op.call(sendVoice, params, options),
    sendSeen: (params, options) => Op.asVoid(Op.call(sendSeen, params, options)),
    startTyping: (params, options) => Op.asVoid(Op.call(startTyping, params, options)),
    stopTyping: (params, options) => Op.asVoid(Op.call(stopTyping, params, options)),
    chats: (session, params = {}, options) =>
      Pagination.offset({
        pageSize: params.limit ?? 100,
        fetch: (offset, limit) => Op.call(chats, { ...params, session, limit, offset }, options)
      }),
    messages: (session, chatId, params = {}, options) =>
      Pagination.offset({
        pageSize: params.limit ?? 100,
        fetch: (offset, limit) =>
          Op.call(messages, { session, chatId, limit, offset, downloadMedia: params.downloadMedia ?? false }, options)
      })
  }
}
