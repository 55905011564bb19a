/**
 * Explorium businesses: match names, domains or LinkedIn URLs to business ids (per-input results by index), fetch
 * businesses by filters as a `Stream`, and enrich them with firmographics one at a time or in bulk (per-id results by
 * index). Matching, fetching and enriching only read: each is retried like a read (an enrichment retried after a
 * timeout may be billed again: Explorium counts credits per answered enrichment).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as Bulk from "../../../core/Bulk.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../ExploriumClient.js"
import * as S from "../ExploriumSchemas.js"
import * as Batch from "../internal/bulk.js"
import * as Entities from "../internal/entities.js"

/**
 * Why one record of a match or bulk enrichment has no result (`NotMatched`, `NotFound`, or `Failed` with the error of
 * the request that carried it).
 *
 * @since 0.1.0
 * @category Models
 */
export type RecordFailure = Batch.RecordFailure

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Each input's business id, by its index; inputs Explorium could not match are in `failed` as `NotMatched`. */
  readonly match: VendorClient.Method<ReadonlyArray<S.BusinessMatchInput>, Bulk.BulkResult<string, Batch.RecordFailure>, CallOptions>
  /** Every business matching the filters, up to `size`, pages fetched as the stream is pulled. */
  readonly fetch: (params: S.FetchParams, options?: CallOptions) => Stream.Stream<S.Business, IntegrationError>
  /** One business's firmographics; `undefined` when Explorium has none. */
  readonly enrich: (businessId: string, options?: CallOptions) => Effect.Effect<S.Firmographics | undefined, IntegrationError>
  /** Firmographics of any number of businesses (50 per request), by each id's index; never fails as a whole after validation. */
  readonly bulkEnrich: VendorClient.Method<ReadonlyArray<string>, Bulk.BulkResult<S.Firmographics, Batch.RecordFailure>, CallOptions>
}

const first = <A>(data: A | ReadonlyArray<A> | null | undefined): A | undefined =>
  data === null || data === undefined ? undefined : Array.isArray(data) ? data[0] : (data as A)

/**
 * Declares the business operations on an Explorium pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const match = http.operation({
    name: "businesses.match",
    method: "POST",
    idempotent: true,
    input: Schema.Array(S.BusinessMatchInput).pipe(Schema.minItems(1), Schema.maxItems(Batch.BATCH_LIMIT)),
    output: S.BusinessesMatchResponse,
    request: (inputs) => ({ path: "/v1/businesses/match", body: HttpIntegration.json({ businesses_to_match: inputs }) })
  })
  const fetchPage = http.operation({
    name: "businesses.fetch",
    method: "POST",
    idempotent: true,
    input: Schema.Struct({ params: S.FetchParams, page: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)) }),
    output: S.BusinessPage,
    request: ({ page, params }) => ({
      path: "/v1/businesses",
      body: HttpIntegration.json(Entities.fetchBody(params, page))
    })
  })
  const enrich = http.operation({
    name: "businesses.enrich",
    method: "POST",
    idempotent: true,
    input: S.BusinessId,
    output: S.enrichResponse(S.Firmographics),
    request: (id) => ({ path: "/v1/businesses/firmographics/enrich", body: HttpIntegration.json({ business_id: id }) })
  })
  const bulk = http.operation({
    name: "businesses.bulkEnrich",
    method: "POST",
    idempotent: true,
    input: Schema.Array(S.BusinessId).pipe(Schema.minItems(1), Schema.maxItems(Batch.BATCH_LIMIT)),
    output: S.FirmographicsBulk,
    request: (ids) => ({
      path: "/v1/businesses/firmographics/bulk_enrich",
      body: HttpIntegration.json({ business_ids: ids })
    })
  })
  return {
    match: (inputs, options) =>
      Effect.zipRight(
        Entities.checkAll("businesses.match", S.BusinessMatchInput, inputs),
        Batch.match(
          "businesses.match",
          inputs,
          (batch) => Effect.map(match(batch, options), (r) => r.matched_businesses ?? []),
          (r) => r.business_id
        )
      ),
    fetch: (params, options) =>
      Entities.pages("businesses.fetch", params, (page) =>
        Effect.map(fetchPage({ params, page }, options), (r) => ({
          items: r.data ?? [],
          totalPages: r.total_pages ?? undefined
        }))),
    enrich: (businessId, options) => Effect.map(enrich(businessId, options), (r) => first(r.data)),
    bulkEnrich: (businessIds, options) =>
      Effect.zipRight(
        Entities.checkIds("businesses.bulkEnrich", S.BusinessId, businessIds),
        Batch.enrich(businessIds, (batch) =>
          Effect.map(bulk(batch, options), (r) => (r.data ?? []).map((row) => ({ id: row.business_id, data: row.data }))))
      )
  }
}
