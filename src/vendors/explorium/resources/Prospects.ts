/**
 * Explorium prospects: match e-mails, phone numbers, LinkedIn URLs or names at a company to prospect ids (per-input
 * results by index), fetch prospects by filters as a `Stream`, and enrich them with contact details one at a time or
 * in bulk (per-id results by index). Contact details are personal data: they are returned, never logged or put in
 * errors. Retried like reads (an enrichment retried after a timeout may be billed again).
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
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  /** Each input's prospect id, by its index; inputs Explorium could not match are in `failed` as `NotMatched`. */
  readonly match: VendorClient.Method<ReadonlyArray<S.ProspectMatchInput>, Bulk.BulkResult<string, Batch.RecordFailure>, CallOptions>
  /** Every prospect matching the filters, up to `size`, pages fetched as the stream is pulled. */
  readonly fetch: (params: S.FetchParams, options?: CallOptions) => Stream.Stream<S.Prospect, IntegrationError>
  /** One prospect's contact details; `undefined` when Explorium has none. */
  readonly enrich: (prospectId: string, options?: CallOptions) => Effect.Effect<S.ContactsInformation | undefined, IntegrationError>
  /** Contact details of any number of prospects (50 per request), by each id's index; never fails as a whole after validation. */
  readonly bulkEnrich: VendorClient.Method<ReadonlyArray<string>, Bulk.BulkResult<S.ContactsInformation, Batch.RecordFailure>, CallOptions>
}

const first = <A>(data: A | ReadonlyArray<A> | null | undefined): A | undefined =>
  data === null || data === undefined ? undefined : Array.isArray(data) ? data[0] : (data as A)

/**
 * Declares the prospect operations on an Explorium pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const match = http.operation({
    name: "prospects.match",
    method: "POST",
    idempotent: true,
    input: Schema.Array(S.ProspectMatchInput).pipe(Schema.minItems(1), Schema.maxItems(Batch.BATCH_LIMIT)),
    output: S.ProspectsMatchResponse,
    request: (inputs) => ({ path: "/v1/prospects/match", body: HttpIntegration.json({ prospects_to_match: inputs }) })
  })
  const fetchPage = http.operation({
    name: "prospects.fetch",
    method: "POST",
    idempotent: true,
    input: Schema.Struct({ params: S.FetchParams, page: Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)) }),
    output: S.ProspectPage,
    request: ({ page, params }) => ({
      path: "/v1/prospects",
      body: HttpIntegration.json(Entities.fetchBody(params, page))
    })
  })
  const enrich = http.operation({
    name: "prospects.enrich",
    method: "POST",
    idempotent: true,
    input: S.ProspectId,
    output: S.enrichResponse(S.ContactsInformation),
    request: (id) => ({
      path: "/v1/prospects/contacts_information/enrich",
      body: HttpIntegration.json({ prospect_id: id })
    })
  })
  const bulk = http.operation({
    name: "prospects.bulkEnrich",
    method: "POST",
    idempotent: true,
    input: Schema.Array(S.ProspectId).pipe(Schema.minItems(1), Schema.maxItems(Batch.BATCH_LIMIT)),
    output: S.ContactsInformationBulk,
    request: (ids) => ({
      path: "/v1/prospects/contacts_information/bulk_enrich",
      body: HttpIntegration.json({ prospect_ids: ids })
    })
  })
  return {
    match: (inputs, options) =>
      Effect.zipRight(
        Entities.checkAll("prospects.match", S.ProspectMatchInput, inputs),
        Batch.match(
          "prospects.match",
          inputs,
          (batch) => Effect.map(match(batch, options), (r) => r.matched_prospects ?? []),
          (r) => r.prospect_id
        )
      ),
    fetch: (params, options) =>
      Entities.pages("prospects.fetch", params, (page) =>
        Effect.map(fetchPage({ params, page }, options), (r) => ({
          items: r.data ?? [],
          totalPages: r.total_pages ?? undefined
        }))),
    enrich: (prospectId, options) => Effect.map(enrich(prospectId, options), (r) => first(r.data)),
    bulkEnrich: (prospectIds, options) =>
      Effect.zipRight(
        Entities.checkIds("prospects.bulkEnrich", S.ProspectId, prospectIds),
        Batch.enrich(prospectIds, (batch) =>
          Effect.map(bulk(batch, options), (r) => (r.data ?? []).map((row) => ({ id: row.prospect_id, data: row.data }))))
      )
  }
}
