/**
 * lemlist campaigns: every campaign as a `Stream` (pages of `offset` and `limit`, 100 at most), one campaign, create,
 * start and pause. lemlist takes no idempotency key: a create is retried only when lemlist proves it did not act (429);
 * start and pause set a state, so repeating them converges and they are retried like reads.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../LemlistClient.js"
import * as S from "../LemlistSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Every campaign matching the filters, pages fetched as the stream is pulled. */
  readonly list: (params?: S.ListCampaignsParams, options?: CallOptions) => Stream.Stream<S.Campaign, IntegrationError>
  readonly get: (campaignId: string, options?: CallOptions) => Effect.Effect<S.Campaign, IntegrationError>
  /** Not retried after a timeout or a 5xx: lemlist has no idempotency key, and the campaign may exist already. */
  readonly create: VendorClient.Method<S.CreateCampaignParams, S.CreatedCampaign, CallOptions>
  readonly start: (campaignId: string, options?: CallOptions) => Effect.Effect<S.CampaignState, IntegrationError>
  readonly pause: (campaignId: string, options?: CallOptions) => Effect.Effect<S.CampaignState, IntegrationError>
}

const PageInput = Schema.Struct({
  params: S.ListCampaignsParams,
  offset: Schema.Int.pipe(Schema.nonNegative()),
  limit: Schema.Int.pipe(Schema.between(1, Op.MAX_PAGE))
})

/**
 * Declares the campaign operations on a lemlist pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const page = http.operation({
    name: "campaigns.list",
    method: "GET",
    input: PageInput,
    output: S.CampaignPage,
    request: ({ limit, offset, params }) => ({
      path: "/campaigns",
      query: {
        offset,
        limit,
        status: params.status,
        createdBy: params.createdBy,
        sortBy: params.sortBy,
        sortOrder: params.sortOrder
      }
    })
  })
  const get = http.operation({
    name: "campaigns.get",
    method: "GET",
    input: S.Id,
    output: S.Campaign,
    request: (id) => ({ path: VendorClient.path`/campaigns/${id}` })
  })
  const create = http.operation({
    name: "campaigns.create",
    method: "POST",
    input: S.CreateCampaignParams,
    output: S.CreatedCampaign,
    request: (params) => ({ path: "/campaigns", body: HttpIntegration.json(params) })
  })
  const transition = (action: "start" | "pause") =>
    http.operation({
      name: `campaigns.${action}`,
      method: "POST",
      // Starting a running campaign (or pausing a paused one) leaves it as it is.
      idempotent: true,
      input: S.Id,
      output: S.CampaignState,
      request: (id) => ({ path: VendorClient.path`/campaigns/${id}/${action}` })
    })
  const start = transition("start")
  const pause = transition("pause")

  const list = (params: S.ListCampaignsParams = {}, options?: CallOptions) =>
    Pagination.offset({
      pageSize: params.pageSize ?? Op.MAX_PAGE,
      fetch: (offset, limit) =>
        Effect.map(page({ params, offset, limit }, options), (answer) => ("campaigns" in answer ? answer.campaigns : answer))
    })

  return {
    list,
    get: (campaignId, options) => get(campaignId, options),
    create: (params, options) => create(params, options),
    start: (campaignId, options) => start(campaignId, options),
    pause: (campaignId, options) => pause(campaignId, options)
  }
}
