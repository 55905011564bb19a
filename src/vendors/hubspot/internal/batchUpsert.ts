/**
 * Pairs a batch upsert's answer with its inputs. HubSpot returns results and errors in no promised order and without
 * input positions, so each result is matched by the `objectWriteTraceId` it echoes (set per input when the caller gave
 * none), else by its id or unique property value; each error by what its `context` names (indexes, trace ids, ids or
 * unique values). Whatever cannot be attributed is reported as drift for the records left without an outcome, never
 * guessed.
 */
import type * as Bulk from "../../../core/Bulk.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as HubSpotError from "../HubSpotError.js"
import type * as S from "../HubSpotSchemas.js"
import { drift } from "./operation.js"

/**
 * Why one record of a batch was not written.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RecordFailure {
  /** The reason as an `IntegrationError`: from the record's error category, or the whole batch request's failure. */
  readonly error: IntegrationError
  /**
   * HubSpot's own words for a refused record (e.g. which property value is invalid). It may quote the record's values:
   * show it to whoever sent the data, keep it out of shared logs. Absent when the batch failed as a whole.
   */
  readonly message: string | undefined
}

export interface Slot {
  /** Position in the caller's whole input, across batches. */
  readonly index: number
  readonly item: S.UpsertInput
}

const TRACE_PREFIX = "effect-integrations:"

export const traceId = (index: number): string => `${TRACE_PREFIX}${index}`

const INDEX_KEYS = new Set(["index", "indexes", "inputIndex", "inputIndexes"])

const sameId = (a: string, b: string, exact: boolean) => (exact ? a === b : a.toLowerCase() === b.toLowerCase())

/** The value a result shows for the input's identifier: its record id, or the unique property the input named. */
const identifierOf = (slot: Slot, result: S.UpsertedObject): string | null | undefined => {
  const idProperty = slot.item.idProperty
  return idProperty === undefined || idProperty === "hs_object_id" ? result.id : result.properties[idProperty]
}

/** The one open slot matching by value (exactly, then ignoring case as HubSpot does for emails), if unambiguous. */
const uniqueMatch = (open: ReadonlyArray<Slot>, matches: (slot: Slot, exact: boolean) => boolean): Slot | undefined => {
  for (const exact of [true, false]) {
    const found = open.filter((slot) => matches(slot, exact))
    if (found.length === 1) return found[0]
    if (found.length > 1) return undefined
  }
  return undefined
}

export const attribute = (
  operation: string,
  slots: ReadonlyArray<Slot>,
  response: S.BatchUpsertResponse
): Bulk.BulkResult<S.UpsertedObject, RecordFailure> => {
  const succeeded: Array<Bulk.Succeeded<S.UpsertedObject>> = []
  const failed: Array<Bulk.Failed<RecordFailure>> = []
  const settled = new Set<number>()
  const byTrace = new Map(slots.map((slot) => [slot.item.objectWriteTraceId ?? traceId(slot.index), slot]))
  const open = () => slots.filter((slot) => !settled.has(slot.index))

  for (const result of response.results) {
    const traced = result.objectWriteTraceId === undefined ? undefined : byTrace.get(result.objectWriteTraceId)
    const slot = traced !== undefined && !settled.has(traced.index)
      ? traced
      : uniqueMatch(open(), (candidate, exact) => {
        const value = identifierOf(candidate, result)
        return value !== null && value !== undefined && sameId(value, candidate.item.id, exact)
      })
    if (slot === undefined) continue
    settled.add(slot.index)
    succeeded.push({ index: slot.index, value: result })
  }

  const unattributed: Array<S.BatchError> = []
  for (const error of response.errors ?? []) {
    const named = new Set<Slot>()
    for (const [key, values] of Object.entries(error.context ?? {})) {
      for (const value of values) {
        if (INDEX_KEYS.has(key)) {
          const slot = /^\d+$/.test(value) ? slots[Number(value)] : undefined
          if (slot !== undefined) named.add(slot)
          continue
        }
        const traced = byTrace.get(value)
        if (traced !== undefined) {
          named.add(traced)
          continue
        }
        const slot = uniqueMatch(open(), (candidate, exact) => sameId(value, candidate.item.id, exact))
        if (slot !== undefined) named.add(slot)
      }
    }
    const targets = [...named].filter((slot) => !settled.has(slot.index))
    if (targets.length === 0) {
      unattributed.push(error)
      continue
    }
    for (const slot of targets) {
      settled.add(slot.index)
      failed.push({ index: slot.index, error: { error: HubSpotError.recordError(operation, error), message: error.message } })
    }
  }

  const left = open()
  const [lone] = unattributed
  if (left.length === 1 && unattributed.length === 1 && lone !== undefined) {
    failed.push({ index: left[0]!.index, error: { error: HubSpotError.recordError(operation, lone), message: lone.message } })
  } else {
    for (const slot of left) {
      failed.push({
        index: slot.index,
        error: {
          error: drift(
            operation,
            unattributed.length === 0
              ? "HubSpot's answer reported no outcome for this record"
              : `HubSpot reported ${unattributed.length} error(s) that name no record of the batch`
          ),
          message: undefined
        }
      })
    }
  }
  return {
    succeeded: succeeded.sort((a, b) => a.index - b.index),
    failed: failed.sort((a, b) => a.index - b.index)
  }
}
