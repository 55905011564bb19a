/**
 * Twilio Messages: send an SMS, MMS or WhatsApp message, and retrieve one by SID.
 *
 * Twilio has no idempotency keys for Messages: if a create request may have reached Twilio (a timeout, a dropped
 * connection, a 5xx), repeating it could deliver the message twice. So `create` is declared non-idempotent and the
 * kernel retries it only on a 429, which proves Twilio did not act; every other failure is returned at once, and
 * `TwilioError.isAmbiguousSend` tells the caller to check before sending again.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../TwilioClient.js"
import * as S from "../TwilioSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Sends a message. Never retried after it may have reached Twilio: see the module documentation. */
  readonly create: VendorClient.Method<S.CreateMessageParams, S.Message, CallOptions>
  readonly retrieve: (sid: string, options?: CallOptions) => Effect.Effect<S.Message, IntegrationError>
}

/**
 * Declares the message operations on a Twilio pipeline, under one account.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration, accountSid: string): Api => {
  const create = http.operation({
    name: "messages.create",
    method: "POST",
    input: S.CreateMessageParams,
    output: S.Message,
    request: (params) => ({ path: VendorClient.path`/2010-04-01/Accounts/${accountSid}/Messages.json`, body: Op.form(params) }),
    // Explicit, so that no option can turn retries of a send back on: only a 429 is repeated.
    idempotent: false,
    idempotencyKey: false
  })
  const retrieve = http.operation({
    name: "messages.retrieve",
    method: "GET",
    input: S.MessageSid,
    output: S.Message,
    request: (sid) => ({ path: VendorClient.path`/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json` })
  })
  return {
    create: (params, options) => Op.call(create, params, options),
    retrieve: (sid, options) => Op.call(retrieve, sid, options)
  }
}
