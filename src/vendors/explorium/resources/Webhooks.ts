/**
 * Explorium events and webhooks: read business events, register a partner's webhook (its signing secret comes back
 * `Redacted`), read it, delete it; and the account's credits. A registration is retried on 429 only.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../ExploriumClient.js"
import * as S from "../ExploriumSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface EventsApi {
  readonly businesses: VendorClient.Method<S.BusinessEventsParams, typeof S.EventsResponse.Type, CallOptions>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface WebhooksApi {
  readonly create: VendorClient.Method<S.WebhookParams, S.Webhook, CallOptions>
  readonly get: (partnerId: string, options?: CallOptions) => Effect.Effect<S.Webhook, IntegrationError>
  readonly delete: (partnerId: string, options?: CallOptions) => Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface CreditsApi {
  readonly get: (options?: CallOptions) => Effect.Effect<S.Credits, IntegrationError>
}

const PartnerId = S.WebhookParams.fields.partner_id

/**
 * Declares the event, webhook and credit operations on an Explorium pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  http: HttpIntegration.HttpIntegration
): { readonly events: EventsApi; readonly webhooks: WebhooksApi; readonly credits: CreditsApi } => {
  const events = http.operation({
    name: "events.businesses",
    method: "POST",
    idempotent: true,
    input: S.BusinessEventsParams,
    output: S.EventsResponse,
    request: (params) => ({ path: "/v1/businesses/events", body: HttpIntegration.json(params) })
  })
  const create = http.operation({
    name: "webhooks.create",
    method: "POST",
    input: S.WebhookParams,
    output: S.Webhook,
    request: (params) => ({ path: "/v1/webhooks", body: HttpIntegration.json(params) })
  })
  const get = http.operation({
    name: "webhooks.get",
    method: "GET",
    input: PartnerId,
    output: S.Webhook,
    request: (id) => ({ path: VendorClient.path`/v1/webhooks/${id}` })
  })
  const remove = http.operation({
    name: "webhooks.delete",
    method: "DELETE",
    input: PartnerId,
    output: S.WebhookDeleted,
    request: (id) => ({ path: VendorClient.path`/v1/webhooks/${id}` })
  })
  const credits = http.operation({
    name: "credits.get",
    method: "GET",
    input: Schema.Void,
    output: S.Credits,
    request: () => ({ path: "/v1/credits" })
  })
  return {
    events: { businesses: (params, options) => events(params, options) },
    webhooks: {
      create: (params, options) => create(params, options),
      get: (partnerId, options) => get(partnerId, options),
      delete: (partnerId, options) => Effect.asVoid(remove(partnerId, options))
    },
    credits: { get: (options) => credits(undefined, options) }
  }
}
