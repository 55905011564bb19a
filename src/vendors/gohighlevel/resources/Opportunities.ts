/**
 * GoHighLevel opportunities: create, get, update, change status, delete, search one page or every match as a `Stream`
 * (the `meta.startAfter` / `meta.startAfterId` cursor), and the location's pipelines with their stages.
 *
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../GoHighLevelClient.js"
import * as S from "../GoHighLevelSchemas.js"
import * as Op from "../internal/operation.js"

/**
 * A search to walk in full (`limit` per page, default 100).
 *
 * @since 0.3.0
 * @category Models
 */
export type SearchAllParams = Omit<S.SearchOpportunitiesParams, "startAfter" | "startAfterId">

/**
 * @since 0.3.0
 * @category Models
 */
export interface Api {
  /** Not retried after a timeout or a 5xx: GoHighLevel takes no idempotency key. */
  readonly create: VendorClient.Method<S.CreateOpportunityParams, S.Opportunity, CallOptions>
  readonly get: (opportunityId: string, options?: CallOptions) => Effect.Effect<S.Opportunity, IntegrationError>
  readonly update: (
    opportunityId: string,
    params: S.UpdateOpportunityParams,
    options?: CallOptions
  ) => Effect.Effect<S.Opportunity, IntegrationError>
  readonly updateStatus: (
    opportunityId: string,
    params: S.UpdateOpportunityStatusParams,
    options?: CallOptions
  ) => Effect.Effect<void, IntegrationError>
  readonly delete: (opportunityId: string, options?: CallOptions) => Effect.Effect<void, IntegrationError>
  readonly search: VendorClient.Method<S.SearchOpportunitiesParams, S.SearchOpportunitiesPage, CallOptions>
  readonly searchAll: (params: SearchAllParams, options?: CallOptions) => Stream.Stream<S.Opportunity, IntegrationError>
  readonly pipelines: (locationId: string, options?: CallOptions) => Effect.Effect<ReadonlyArray<S.Pipeline>, IntegrationError>
}

/**
 * Declares the opportunity operations on a GoHighLevel pipeline.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "opportunities.create",
    method: "POST",
    input: S.CreateOpportunityParams,
    output: S.OpportunityResponse,
    request: (params) => ({ path: "/opportunities/", body: HttpIntegration.json(params) })
  })
  const get = http.operation({
    name: "opportunities.get",
    method: "GET",
    input: Op.Id,
    output: S.OpportunityResponse,
    request: (id) => ({ path: VendorClient.path`/opportunities/${id}` })
  })
  const update = http.operation({
    name: "opportunities.update",
    method: "PUT",
    input: Schema.Struct({ id: Op.Id, params: S.UpdateOpportunityParams }),
    output: S.OpportunityResponse,
    request: ({ id, params }) => ({ path: VendorClient.path`/opportunities/${id}`, body: HttpIntegration.json(params) })
  })
  const updateStatus = http.operation({
    name: "opportunities.updateStatus",
    method: "PUT",
    input: Schema.Struct({ id: Op.Id, params: S.UpdateOpportunityStatusParams }),
    output: S.Succeeded,
    request: ({ id, params }) => ({
      path: VendorClient.path`/opportunities/${id}/status`,
      body: HttpIntegration.json(params)
    })
  })
  const remove = http.operation({
    name: "opportunities.delete",
    method: "DELETE",
    input: Op.Id,
    output: S.Succeeded,
    request: (id) => ({ path: VendorClient.path`/opportunities/${id}` })
  })
  const search = http.operation({
    name: "opportunities.search",
    method: "GET",
    input: S.SearchOpportunitiesParams,
    output: S.SearchOpportunitiesPage,
    request: (params) => ({ path: "/opportunities/search", query: { ...params } })
  })
  const pipelines = http.operation({
    name: "opportunities.pipelines",
    method: "GET",
    input: Op.Id,
    output: S.PipelinesResponse,
    request: (locationId) => ({ path: "/opportunities/pipelines", query: { locationId } })
  })

  const searchAll = (params: SearchAllParams, options?: CallOptions) => {
    const limit = params.limit ?? 100
    return Pagination.cursor<S.Opportunity, { readonly startAfter: string; readonly startAfterId: string }, IntegrationError, never>({
      vendor: Op.VENDOR,
      operation: "opportunities.search",
      fetch: (cursor) =>
        Effect.map(search({ ...params, limit, ...(cursor._tag === "Some" ? cursor.value : {}) }, options), (page) => {
          const meta = page.meta
          const next = page.opportunities.length < limit || meta?.startAfterId == null || meta.startAfter == null
            ? undefined
            : { startAfter: String(meta.startAfter), startAfterId: meta.startAfterId }
          return Pagination.page(page.opportunities, next)
        })
    })
  }

  return {
    create: (params, options) => Effect.map(create(params, options), (answer) => answer.opportunity),
    get: (opportunityId, options) => Effect.map(get(opportunityId, options), (answer) => answer.opportunity),
    update: (opportunityId, params, options) =>
      Effect.map(update({ id: opportunityId, params }, options), (answer) => answer.opportunity),
    updateStatus: (opportunityId, params, options) => Effect.asVoid(updateStatus({ id: opportunityId, params }, options)),
    delete: (opportunityId, options) => Effect.asVoid(remove(opportunityId, options)),
    search: (params, options) => search(params, options),
    searchAll,
    pipelines: (locationId, options) => Effect.map(pipelines(locationId, options), (answer) => answer.pipelines)
  }
}
