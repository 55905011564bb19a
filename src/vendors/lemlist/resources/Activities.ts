/**
 * lemlist activities (e-mails sent, opened, replied, ...) as a `Stream`: `GET /activities?version=v2`, paged by
 * `offset` and `limit` (100 at most), as lemlist's reference says to walk it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../LemlistClient.js"
import * as S from "../LemlistSchemas.js"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Every activity matching the filters, pages fetched as the stream is pulled. */
  readonly list: (params?: S.ListActivitiesParams, options?: CallOptions) => Stream.Stream<S.Activity, IntegrationError>
}

/**
 * Declares the activity operations on a lemlist pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const page = http.operation({
    name: "activities.list",
    method: "GET",
    input: Schema.Struct({
      params: S.ListActivitiesParams,
      offset: Schema.Int.pipe(Schema.nonNegative()),
      limit: Schema.Int.pipe(Schema.between(1, Op.MAX_PAGE))
    }),
    output: Schema.Array(S.Activity),
    request: ({ limit, offset, params }) => ({
      path: "/activities",
      query: {
        version: "v2",
        offset,
        limit,
        type: params.type,
        campaignId: params.campaignId,
        leadId: params.leadId,
        isFirst: params.isFirst,
        minDate: params.minDate,
        maxDate: params.maxDate
      }
    })
  })
  return {
    list: (params = {}, options) =>
      Pagination.offset({
        pageSize: params.pageSize ?? Op.MAX_PAGE,
        fetch: (offset, limit) => page({ params, offset, limit }, options)
      })
  }
}
