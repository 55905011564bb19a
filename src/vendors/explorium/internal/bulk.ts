/**
 * Per-record results for Explorium's batch calls: a match answers one result per input, in order; a bulk enrichment
 * answers a row per id it found. Inputs go out in batches of 50 (Explorium's maximum); a batch that fails marks each
 * of its records failed with the batch's error, so no record is ever dropped or attributed to another.
 */
import * as Effect from "effect/Effect"
import * as Bulk from "../../../core/Bulk.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as VendorClient from "../../../core/VendorClient.js"

export const VENDOR = "Explorium"

/** Explorium's documented maximum of inputs per match and bulk enrichment call. */
export const BATCH_LIMIT = 50

export const { drift, invalid } = VendorClient.failures(VENDOR)

/**
 * Why one record of a batch call has no result: Explorium found no match (`NotMatched`, with its `errorType` when it
 * gave one), had no data for the id (`NotFound`), or the request carrying it failed (`Failed`, with the error; its
 * `retryable` says whether sending the record again may help). Never the input's values: they are personal data.
 */
export type RecordFailure =
  | { readonly _tag: "NotMatched"; readonly errorType: string | undefined }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "Failed"; readonly error: IntegrationError }

const failedBatch = <A>(slots: ReadonlyArray<{ readonly index: number }>, error: IntegrationError): Bulk.BulkResult<A, RecordFailure> => ({
  succeeded: [],
  failed: slots.map((slot) => ({ index: slot.index, error: { _tag: "Failed", error } }))
})

/** Matches in batches: Explorium answers one result per input, in input order; any other count is drift. */
export const match = <I, R extends { readonly error?: string | null | undefined; readonly error_type?: string | null | undefined }>(
  operation: string,
  inputs: ReadonlyArray<I>,
  call: (batch: ReadonlyArray<I>) => Effect.Effect<ReadonlyArray<R>, IntegrationError>,
  idOf: (result: R) => string | null | undefined
): Effect.Effect<Bulk.BulkResult<string, RecordFailure>, IntegrationError> =>
  Effect.map(
    Effect.forEach(Bulk.batches(inputs, BATCH_LIMIT), (batch) =>
      Effect.match(call(batch.map((slot) => slot.item)), {
        onFailure: (error) => failedBatch<string>(batch, error),
        onSuccess: (results): Bulk.BulkResult<string, RecordFailure> => {
          if (results.length !== batch.length) {
            return failedBatch(batch, drift(operation, `Explorium answered ${results.length} results for ${batch.length} inputs`))
          }
          const succeeded: Array<Bulk.Succeeded<string>> = []
          const failed: Array<Bulk.Failed<RecordFailure>> = []
          batch.forEach((slot, position) => {
            const result = results[position]!
            const id = idOf(result)
            if (typeof id === "string" && id !== "" && (result.error ?? undefined) === undefined) succeeded.push({ index: slot.index, value: id })
            else failed.push({ index: slot.index, error: { _tag: "NotMatched", errorType: result.error_type ?? undefined } })
          })
          return { succeeded, failed }
        }
      })),
    Bulk.combine
  )

/** Enriches ids in batches: each row carries the id it answers for; an id without a row (or without data) is `NotFound`. */
export const enrich = <A>(
  ids: ReadonlyArray<string>,
  call: (batch: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<{ readonly id: string; readonly data: A | null | undefined }>, IntegrationError>
): Effect.Effect<Bulk.BulkResult<A, RecordFailure>, never> =>
  Effect.map(
    Effect.forEach(Bulk.batches(ids, BATCH_LIMIT), (batch) =>
      Effect.match(call(batch.map((slot) => slot.item)), {
        onFailure: (error) => failedBatch<A>(batch, error),
        onSuccess: (rows): Bulk.BulkResult<A, RecordFailure> => {
          const byId = new Map(rows.map((row) => [row.id, row.data] as const))
          const succeeded: Array<Bulk.Succeeded<A>> = []
          const failed: Array<Bulk.Failed<RecordFailure>> = []
          for (const slot of batch) {
            const data = byId.get(slot.item)
            if (data === undefined || data === null) failed.push({ index: slot.index, error: { _tag: "NotFound" } })
            else succeeded.push({ index: slot.index, value: data })
          }
          return { succeeded, failed }
        }
      })),
    Bulk.combine
  )

/** The first index repeated in `ids`, if any: two answers for one id could not be told apart. */
export const duplicate = (ids: ReadonlyArray<string>): readonly [number, number] | undefined => {
  const seen = new Map<string, number>()
  for (const [index, id] of ids.entries()) {
    const first = seen.get(id)
    if (first !== undefined) return [first, index]
    seen.set(id, index)
  }
  return undefined
}
