/**
 * Retell calls: create an outbound phone call, a web call, register a call on your own telephony, retrieve, list (a
 * `Stream` over `pagination_key`), update metadata, stop an ongoing call, delete.
 *
 * Retell takes no idempotency key. Creating a call places it (a phone rings, minutes are billed), so the creations are
 * declared non-idempotent: the kernel retries them only on a 429, which proves Retell did not act, and returns every
 * other failure at once, marked `mayHaveSucceeded` when the request may have reached Retell
 * (`RetellError.isAmbiguousCreate`). Reads, updates (which set values), stop and delete are retried.
 *
 * Paths from Retell's API reference and its SDK's `src/resources/call.ts`: `POST /v3/list-calls` and
 * `POST /v2/stop-call/{call_id}` are missing from the community OpenAPI copy (capture-tested only).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../RetellSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Places an outbound call. Never retried after it may have reached Retell: see the module documentation. */
  readonly createPhoneCall: VendorClient.Method<S.CreatePhoneCallParams, S.Call>
  /** Creates a web call; its `access_token` lets your frontend join within 30 seconds. Not retried once sent. */
  readonly createWebCall: VendorClient.Method<S.CreateWebCallParams, S.Call>
  /** Registers a call your own telephony carries (custom SIP). Not retried once sent. */
  readonly registerPhoneCall: VendorClient.Method<S.RegisterPhoneCallParams, S.Call>
  readonly retrieve: (callId: string, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Call, IntegrationError>
  /** One page of calls; pass the previous page's `pagination_key` for the next. */
  readonly listPage: (params?: S.ListCallsParams, options?: HttpIntegration.CallOptions) => Effect.Effect<S.CallPage, IntegrationError>
  /** Every call matching `filter_criteria`, pages fetched as the stream is pulled. */
  readonly list: (
    params?: Omit<S.ListCallsParams, "pagination_key">,
    options?: HttpIntegration.CallOptions
  ) => Stream.Stream<S.Call, IntegrationError>
  /** Sets the call's metadata, custom attributes or storage setting (after the call, or during it). */
  readonly update: (
    callId: string,
    params: S.UpdateCallParams,
    options?: HttpIntegration.CallOptions
  ) => Effect.Effect<S.Call, IntegrationError>
  /** Ends an ongoing call. Retried: stopping a call that has ended has no further effect. */
  readonly stop: (callId: string, options?: HttpIntegration.CallOptions) => Effect.Effect<void, IntegrationError>
  /** Deletes the call and its data (recording, transcript). */
  readonly delete: (callId: string, options?: HttpIntegration.CallOptions) => Effect.Effect<void, IntegrationError>
}

/**
 * Declares the call operations on a Retell pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const creation = <A, I>(name: string, path: string, input: Schema.Schema<A, I>) =>
    http.operation({
      name,
      method: "POST",
      input,
      output: S.Call,
      request: (params) => ({ path, body: HttpIntegration.json(params) }),
      // Explicit, so that no option turns retries of a creation back on: only a 429 is repeated.
      idempotent: false,
      idempotencyKey: false
    })
  const createPhoneCall = creation("calls.createPhoneCall", "/v2/create-phone-call", S.CreatePhoneCallParams)
  const createWebCall = creation("calls.createWebCall", "/v2/create-web-call", S.CreateWebCallParams)
  const registerPhoneCall = creation("calls.registerPhoneCall", "/v2/register-phone-call", S.RegisterPhoneCallParams)
  const retrieve = http.operation({
    name: "calls.retrieve",
    method: "GET",
    input: S.Id,
    output: S.Call,
    request: (id) => ({ path: VendorClient.path`/v2/get-call/${id}` })
  })
  const listPage = http.operation({
    name: "calls.list",
    method: "POST",
    input: S.ListCallsParams,
    output: S.CallPage,
    request: (params) => ({ path: "/v3/list-calls", body: HttpIntegration.json(params) }),
    // A read sent as POST: safe to repeat. Retell's SDK allows a listing five minutes.
    idempotent: true,
    idempotencyKey: false,
    policy: { timeout: "300 seconds" }
  })
  const update = http.operation({
    name: "calls.update",
    method: "PATCH",
    input: Schema.Struct({ call_id: S.Id, params: S.UpdateCallParams }),
    output: S.Call,
    request: ({ call_id, params }) => ({
      path: VendorClient.path`/v2/update-call/${call_id}`,
      body: HttpIntegration.json(params)
    }),
    idempotent: true,
    idempotencyKey: false
  })
  const stop = http.operation({
    name: "calls.stop",
    method: "POST",
    input: S.Id,
    output: Schema.Void,
    request: (id) => ({ path: VendorClient.path`/v2/stop-call/${id}`, headers: { accept: "*/*" } }),
    idempotent: true,
    idempotencyKey: false
  })
  const remove = http.operation({
    name: "calls.delete",
    method: "DELETE",
    input: S.Id,
    output: Schema.Void,
    request: (id) => ({ path: VendorClient.path`/v2/delete-call/${id}`, headers: { accept: "*/*" } })
  })
  const page = (params: S.ListCallsParams | undefined, options: HttpIntegration.CallOptions | undefined) =>
    Op.call(listPage, params ?? {}, options)
  return {
    createPhoneCall: (params, options) => Op.call(createPhoneCall, params, options),
    createWebCall: (params, options) => Op.call(createWebCall, params, options),
    registerPhoneCall: (params, options) => Op.call(registerPhoneCall, params, options),
    retrieve: (id, options) => Op.call(retrieve, id, options),
    listPage: page,
    list: (params, options) =>
      Op.paginate("calls.list", (key) => page({ ...params, ...Op.keyed(key) }, options)),
    update: (id, params, options) => Op.call(update, { call_id: id, params }, options),
    stop: (id, options) => Op.call(stop, id, options),
    delete: (id, options) => Op.call(remove, id, options)
  }
}
