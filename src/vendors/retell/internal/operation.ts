/** What the Retell operations share: the vendor name and the per-call options that reach the kernel. */
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"

export const VENDOR = "Retell"

/** Retell takes no idempotency key: a call passes only its policy and headers (`VendorClient.callUnkeyed`). */
export const call = VendorClient.callUnkeyed

/** A Retell page: its items, whether more follow, and the key of the next page. */
export interface Page<A> {
  readonly items?: ReadonlyArray<A> | null | undefined
  readonly has_more?: boolean | null | undefined
  readonly pagination_key?: string | null | undefined
}

/**
 * Every item of a listing that pages with `pagination_key`: the next page is asked for with the key of the previous
 * one, until `has_more` is false or no key comes back.
 */
export const paginate = <A>(
  operation: string,
  fetch: (paginationKey: string | undefined) => Effect.Effect<Page<A>, IntegrationError>
): Stream.Stream<A, IntegrationError> =>
  Pagination.cursor<A, string, IntegrationError, never>({
    vendor: VENDOR,
    operation,
    fetch: (cursor) =>
      Effect.map(
        fetch(cursor._tag === "Some" ? cursor.value : undefined),
        (page) => Pagination.page(page.items ?? [], page.has_more === false ? undefined : page.pagination_key)
      )
  })

/** `{ pagination_key }` when there is one, nothing otherwise (the first page). */
export const keyed = (paginationKey: string | undefined): { readonly pagination_key?: string } =>
  paginationKey === undefined ? {} : { pagination_key: paginationKey }
