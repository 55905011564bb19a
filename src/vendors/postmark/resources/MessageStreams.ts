/**
 * Postmark message streams: list, get, create, update, archive and unarchive (Message Streams API,
 * https://postmarkapp.com/developer/api/message-streams-api). Postmark's published spec predates message streams, so
 * these operations are checked against the API reference's recorded examples only (capture-only).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as S from "../PostmarkSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly list: (
    params?: S.ListMessageStreamsParams,
    options?: HttpIntegration.CallOptions
  ) => Effect.Effect<S.MessageStreamList, IntegrationError>
  readonly get: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.MessageStream, IntegrationError>
  readonly create: VendorClient.Method<S.CreateMessageStreamRequest, S.MessageStream>
  readonly update: (
    id: string,
    changes: S.UpdateMessageStreamRequest,
    options?: HttpIntegration.CallOptions
  ) => Effect.Effect<S.MessageStream, IntegrationError>
  readonly archive: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.MessageStreamArchived, IntegrationError>
  readonly unarchive: (id: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.MessageStream, IntegrationError>
}

/**
 * Declares the message stream operations on a Postmark pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const list = http.operation({
    name: "messageStreams.list",
    method: "GET",
    input: S.ListMessageStreamsParams,
    output: S.MessageStreamList,
    request: (params) => ({ path: "/message-streams", query: params })
  })
  const get = http.operation({
    name: "messageStreams.get",
    method: "GET",
    input: S.MessageStreamId,
    output: S.MessageStream,
    request: (id) => ({ path: VendorClient.path`/message-streams/${id}` })
  })
  const create = http.operation({
    name: "messageStreams.create",
    method: "POST",
    // The stream id is the caller's: a repeat after a lost answer fails as a duplicate id, it never creates two.
    idempotent: true,
    input: S.CreateMessageStreamRequest,
    output: S.MessageStream,
    request: (stream) => ({ path: "/message-streams", body: HttpIntegration.json(stream) })
  })
  const update = http.operation({
    name: "messageStreams.update",
    method: "PATCH",
    idempotent: true,
    input: Schema.Struct({ id: S.MessageStreamId, changes: S.UpdateMessageStreamRequest }),
    output: S.MessageStream,
    request: ({ changes, id }) => ({
      path: VendorClient.path`/message-streams/${id}`,
      body: HttpIntegration.json(changes)
    })
  })
  const archive = http.operation({
    name: "messageStreams.archive",
    method: "POST",
    idempotent: true,
    input: S.MessageStreamId,
    output: S.MessageStreamArchived,
    request: (id) => ({ path: VendorClient.path`/message-streams/${id}/archive` })
  })
  const unarchive = http.operation({
    name: "messageStreams.unarchive",
    method: "POST",
    idempotent: true,
    input: S.MessageStreamId,
    output: S.MessageStream,
    request: (id) => ({ path: VendorClient.path`/message-streams/${id}/unarchive` })
  })
  return {
    list: (params = {}, options) => list(params, options),
    get,
    create,
    update: (id, changes, options) => update({ id, changes }, options),
    archive,
    unarchive
  }
}
