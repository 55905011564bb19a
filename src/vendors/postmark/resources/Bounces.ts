/**
 * Postmark bounces: every bounce matching the filters as a `Stream` (pages of 500 by `count`/`offset`, Postmark's
 * maximum page), one bounce, and reactivating a deactivated recipient (Bounce API,
 * https://postmarkapp.com/developer/api/bounce-api). Postmark answers at most 10,000 bounces per query
 * (`count + offset`): past that the stream fails with `InvalidRequest`, asking for narrower dates, rather than ending
 * as if it had all of them.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as Op from "../internal/operation.js"
import * as S from "../PostmarkSchemas.js"

/** Postmark's page and window limits for bounce queries. */
export const PAGE_SIZE = 500
export const MAX_WINDOW = 10_000

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly list: (filters?: S.BounceFilters, options?: HttpIntegration.CallOptions) => Stream.Stream<S.Bounce, IntegrationError>
  readonly get: (id: number, options?: HttpIntegration.CallOptions) => Effect.Effect<S.Bounce, IntegrationError>
  readonly activate: (id: number, options?: HttpIntegration.CallOptions) => Effect.Effect<S.BounceActivation, IntegrationError>
}

/**
 * Declares the bounce operations on a Postmark pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const page = http.operation({
    name: "bounces.list",
    method: "GET",
    input: S.BouncePageParams,
    output: S.BouncePage,
    request: (params) => ({ path: "/bounces", query: params })
  })
  const get = http.operation({
    name: "bounces.get",
    method: "GET",
    input: S.BounceId,
    output: S.Bounce,
    request: (id) => ({ path: VendorClient.path`/bounces/${id}` })
  })
  const activate = http.operation({
    name: "bounces.activate",
    method: "PUT",
    input: S.BounceId,
    output: S.BounceActivation,
    request: (id) => ({ path: VendorClient.path`/bounces/${id}/activate` })
  })
  const list = (filters: S.BounceFilters = {}, options?: HttpIntegration.CallOptions) =>
    Pagination.cursor<S.Bounce, number, IntegrationError, never>({
      vendor: Op.VENDOR,
      operation: page.operation,
      fetch: (cursor) => {
        const offset = cursor._tag === "Some" ? cursor.value : 0
        if (offset >= MAX_WINDOW) {
          return Effect.fail(
            Op.invalid(page.operation, `Postmark lists at most ${MAX_WINDOW} bounces per query: narrow it with fromdate/todate`)
          )
        }
        const count = Math.min(PAGE_SIZE, MAX_WINDOW - offset)
        return Effect.map(page({ ...filters, count, offset }, options), (result) => {
          const next = offset + result.Bounces.length
          return Pagination.page(result.Bounces, result.Bounces.length === count && next < result.TotalCount ? next : undefined)
        })
      }
    })
  return { list, get, activate }
}
