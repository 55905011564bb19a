/**
 * HubSpot contacts: create, read (by id or a unique property such as `email`), update, archive, search one page or
 * every match as a `Stream` (HubSpot's `paging.next.after` cursor), and upsert any number of contacts in batches of
 * 100 with every record's outcome kept by its input index.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Bulk from "../../../core/Bulk.js"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as SchemaIssues from "../../../core/internal/schemaIssues.js"
import * as Pagination from "../../../core/Pagination.js"
import * as Telemetry from "../../../core/Telemetry.js"
import * as VendorClient from "../../../core/VendorClient.js"
import * as BatchUpsert from "../internal/batchUpsert.js"
import * as Op from "../internal/operation.js"
import type { CallOptions } from "../HubSpotClient.js"
import * as S from "../HubSpotSchemas.js"

const BASE = "/crm/v3/objects/contacts"

/** Span attributes of a batch upsert as a whole (each request of 100 has its own kernel span beneath). */
const ATTR_RECORDS = "integration.bulk.records"
const ATTR_BATCHES = "integration.bulk.batches"
const ATTR_SUCCEEDED = "integration.bulk.succeeded"
const ATTR_FAILED = "integration.bulk.failed"

/**
 * Why one contact of a batch upsert was not written: an `IntegrationError` (its `retryable` says whether sending it
 * again may help) and HubSpot's message for it.
 *
 * @since 0.1.0
 * @category Models
 */
export type RecordFailure = BatchUpsert.RecordFailure

/**
 * Every contact's outcome, by its index in the input.
 *
 * @since 0.1.0
 * @category Models
 */
export type UpsertResult = Bulk.BulkResult<S.UpsertedObject, RecordFailure>

/**
 * @since 0.1.0
 * @category Models
 */
export interface BatchOptions extends CallOptions {
  /** Batches of 100 in flight at once. Default 1: HubSpot's limits are per 10 seconds and shared by the whole app. */
  readonly concurrency?: number | undefined
}

/**
 * A search to walk in full: every page is fetched with the same filters, `limit` records at a time (default 200).
 *
 * @since 0.1.0
 * @category Models
 */
export type SearchAllParams = Omit<S.SearchParams, "after">

/**
 * @since 0.1.0
 * @category Models
 */
export interface Api {
  readonly create: VendorClient.Method<S.CreateParams, S.CrmObject, CallOptions>
  /** A contact by id, or by a unique property value with `idProperty` (e.g. `get("jane@example.com", { idProperty: "email" })`). */
  readonly get: (
    contactId: string,
    params?: S.GetParams,
    options?: CallOptions
  ) => Effect.Effect<S.CrmObjectWithAssociations, IntegrationError>
  readonly update: (
    contactId: string,
    params: S.UpdateParams,
    options?: CallOptions
  ) => Effect.Effect<S.CrmObject, IntegrationError>
  /** Moves the contact to the recycling bin. Archiving an unknown or archived id succeeds too (HubSpot answers 204). */
  readonly archive: (contactId: string, options?: CallOptions) => Effect.Effect<void, IntegrationError>
  /** One page of a search; pass the previous page's `paging.next.after` as `after` for the next. */
  readonly search: (params?: S.SearchParams, options?: CallOptions) => Effect.Effect<S.SearchPage, IntegrationError>
  /** Every match, pages fetched as the stream is pulled. HubSpot stops a search at 10,000 results. */
  readonly searchAll: (params?: SearchAllParams, options?: CallOptions) => Stream.Stream<S.CrmObject, IntegrationError>
  /** At most `max` matches, fetching no page beyond what that needs; `truncated` tells whether more exist. */
  readonly fetchAll: (
    max: number,
    params?: SearchAllParams,
    options?: CallOptions
  ) => Effect.Effect<Pagination.Collected<S.CrmObject>, IntegrationError>
  /**
   * Creates or updates each contact by its unique `idProperty` (or record id), in batches of 100. Invalid or duplicate
   * inputs fail the call before any I/O; after that the call never fails as a whole: a record HubSpot refused (207
   * multi-status) or a batch that failed is reported in `failed` with its index, the others in `succeeded`.
   */
  readonly batchUpsert: (
    inputs: ReadonlyArray<S.UpsertInput>,
    options?: BatchOptions
  ) => Effect.Effect<UpsertResult, IntegrationError>
}

const UpsertInputs = Schema.Array(S.UpsertInput)
const encodeInputs = Schema.encode(UpsertInputs, { errors: "all" })

/** Two inputs naming the same record would make the outcome of each unknowable. */
const duplicate = (inputs: ReadonlyArray<S.UpsertInput>): readonly [number, number] | undefined => {
  const seen = new Map<string, number>()
  for (const [index, input] of inputs.entries()) {
    for (const key of [
      `id:${input.idProperty ?? "hs_object_id"}:${input.id.toLowerCase()}`,
      ...(input.objectWriteTraceId !== undefined ? [`trace:${input.objectWriteTraceId}`] : [])
    ]) {
      const first = seen.get(key)
      if (first !== undefined) return [first, index]
      seen.set(key, index)
    }
  }
  return undefined
}

/**
 * Declares the contact operations on a HubSpot pipeline.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const create = http.operation({
    name: "contacts.create",
    method: "POST",
    input: S.CreateParams,
    output: S.CrmObject,
    // The spec requires `associations`; an empty list means none.
    request: (params) => ({
      path: BASE,
      body: HttpIntegration.json({ properties: params.properties, associations: params.associations ?? [] })
    })
  })
  const get = http.operation({
    name: "contacts.get",
    method: "GET",
    input: Schema.Struct({ id: Op.RecordId, params: S.GetParams }),
    output: S.CrmObjectWithAssociations,
    request: ({ id, params }) => ({
      path: VendorClient.path`/crm/v3/objects/contacts/${id}`,
      query: {
        properties: Op.list(params.properties),
        propertiesWithHistory: Op.list(params.propertiesWithHistory),
        associations: Op.list(params.associations),
        archived: params.archived,
        idProperty: params.idProperty
      }
    })
  })
  const update = http.operation({
    name: "contacts.update",
    method: "PATCH",
    // Setting the same values again leaves the contact as it was.
    idempotent: true,
    input: Schema.Struct({ id: Op.RecordId, params: S.UpdateParams }),
    output: S.CrmObject,
    request: ({ id, params }) => ({
      path: VendorClient.path`/crm/v3/objects/contacts/${id}`,
      query: { idProperty: params.idProperty },
      body: HttpIntegration.json({ properties: params.properties })
    })
  })
  const archive = http.operation({
    name: "contacts.archive",
    method: "DELETE",
    input: Op.RecordId,
    output: Schema.Void,
    request: (id) => ({ path: VendorClient.path`/crm/v3/objects/contacts/${id}` })
  })
  const search = http.operation({
    name: "contacts.search",
    method: "POST",
    // A search reads; HubSpot's POST only carries the query.
    idempotent: true,
    input: S.SearchParams,
    output: S.SearchPage,
    // The spec lists every field as required: empty lists and the first page's cursor stand for "none".
    request: (params) => ({
      path: `${BASE}/search`,
      body: HttpIntegration.json({
        filterGroups: params.filterGroups ?? [],
        sorts: params.sorts ?? [],
        properties: params.properties ?? [],
        limit: params.limit ?? 10,
        after: params.after ?? "0",
        ...(params.query !== undefined ? { query: params.query } : {})
      })
    })
  })
  const upsertBatch = http.operation({
    name: "contacts.batchUpsert.batch",
    method: "POST",
    // Upserting by a unique property converges: a repeat finds the record the first attempt wrote and updates it.
    idempotent: true,
    input: Schema.Struct({ inputs: UpsertInputs }),
    output: S.BatchUpsertResponse,
    request: (body) => ({ path: `${BASE}/batch/upsert`, body: HttpIntegration.json(body) })
  })

  const searchAll = (params: SearchAllParams = {}, options?: CallOptions): Stream.Stream<S.CrmObject, IntegrationError> =>
    Pagination.cursor<S.CrmObject, string, IntegrationError, never>({
      vendor: Op.VENDOR,
      operation: "contacts.search",
      fetch: (cursor) =>
        Effect.map(
          search({ limit: 200, ...params, ...(cursor._tag === "Some" ? { after: cursor.value } : {}) }, options),
          (page) => Pagination.page(page.results, page.paging?.next?.after)
        )
    })

  const batchUpsert = (inputs: ReadonlyArray<S.UpsertInput>, options: BatchOptions = {}) =>
    Effect.gen(function*() {
      const operation = "contacts.batchUpsert"
      const { concurrency = 1, ...callOptions } = options
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        return yield* Effect.fail(Op.invalid(operation, "concurrency must be a positive integer"))
      }
      yield* Effect.mapError(encodeInputs(inputs), (error) =>
        Op.invalid(operation, `inputs do not match the schema: ${SchemaIssues.summarise(error.issue)}`))
      const twice = duplicate(inputs)
      if (twice !== undefined) {
        return yield* Effect.fail(Op.invalid(operation, `inputs ${twice[0]} and ${twice[1]} name the same record`))
      }
      const prepared = inputs.map((input, index) => ({
        ...input,
        objectWriteTraceId: input.objectWriteTraceId ?? BatchUpsert.traceId(index)
      }))
      const batches = Bulk.batches(prepared, Op.BATCH_LIMIT)
      yield* Effect.annotateCurrentSpan({ [ATTR_RECORDS]: inputs.length, [ATTR_BATCHES]: batches.length })
      const results = yield* Effect.forEach(
        batches,
        (batch) =>
          Effect.match(upsertBatch({ inputs: batch.map((slot) => slot.item) }, callOptions), {
            onFailure: (error): UpsertResult => ({
              succeeded: [],
              failed: batch.map((slot) => ({ index: slot.index, error: { error, message: undefined } }))
            }),
            onSuccess: (response) => BatchUpsert.attribute(operation, batch, response)
          }),
        { concurrency }
      )
      const combined = Bulk.combine(results)
      yield* Effect.annotateCurrentSpan({ [ATTR_SUCCEEDED]: combined.succeeded.length, [ATTR_FAILED]: combined.failed.length })
      return combined
    }).pipe(
      Effect.withSpan("HubSpot.contacts.batchUpsert", {
        attributes: { [Telemetry.Attr.vendor]: Op.VENDOR, [Telemetry.Attr.operation]: "contacts.batchUpsert" },
        captureStackTrace: false
      })
    )

  return {
    create: (params, options) => create(params, options),
    get: (contactId, params = {}, options) => get({ id: contactId, params }, options),
    update: (contactId, params, options) => update({ id: contactId, params }, options),
    archive: (contactId, options) => archive(contactId, options),
    search: (params = {}, options) => search(params, options),
    searchAll,
    fetchAll: (max, params = {}, options) =>
      Number.isInteger(max) && max >= 0
        ? Pagination.collect(searchAll({ limit: Math.max(1, Math.min(200, max + 1)), ...params }, options), max)
        : Effect.fail(Op.invalid("contacts.search", "max must be a non-negative integer")),
    batchUpsert
  }
}
