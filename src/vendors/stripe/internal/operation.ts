/** What every Stripe resource shares: per-call options to kernel options, form bodies, auto-pagination. */
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions, Listing } from "../StripeClient.js"
import * as StripeForm from "../StripeForm.js"
import type { ListPage } from "../StripeSchemas.js"

export const VENDOR = "Stripe"

/** Stripe refuses longer keys; the kernel checks a caller's key against it before any I/O (the dialect's limit). */
export const MAX_IDEMPOTENCY_KEY = 255
const ACCOUNT_ID = /^[A-Za-z0-9_]{1,255}$/
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[A-Za-z0-9_]+)?$/

export const isAccountId = (value: string): boolean => ACCOUNT_ID.test(value)
export const isApiVersion = (value: string): boolean => API_VERSION.test(value)

const { invalid } = VendorClient.failures(VENDOR)

/**
 * Checks the Stripe-specific call options and turns them into the kernel's (headers merged, theirs last), or names the
 * problem; checked at once, so a call takes no Effect step for it.
 */
export const kernelOptions = (
  operation: string,
  options: CallOptions | undefined
): HttpIntegration.CallOptions | undefined | IntegrationError => {
  if (options === undefined) return undefined
  const { apiVersion, headers, idempotencyKey, policy, stripeAccount } = options
  if (stripeAccount !== undefined && !isAccountId(stripeAccount)) {
    return invalid(operation, "stripeAccount must be a connected account id (acct_...)")
  }
  if (apiVersion !== undefined && !isApiVersion(apiVersion)) {
    return invalid(operation, "apiVersion must look like 2023-08-16")
  }
  return {
    idempotencyKey,
    policy,
    headers: {
      ...(stripeAccount !== undefined ? { "stripe-account": stripeAccount } : {}),
      ...(apiVersion !== undefined ? { "stripe-version": apiVersion } : {}),
      ...headers
    }
  }
}

/** Calls a kernel operation with Stripe call options. */
export const call = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options: CallOptions | undefined
): Effect.Effect<O, IntegrationError> => {
  const kernel = kernelOptions(operation.operation, options)
  return kernel instanceof IntegrationError ? Effect.fail(kernel) : operation(input, kernel)
}

export const form = (params: StripeForm.Params): HttpIntegration.Body => ({
  _tag: "Form",
  entries: StripeForm.encode(params)
})

export const query = (params: StripeForm.Params): Readonly<Record<string, string>> => StripeForm.toRecord(params)

type ListParams = { readonly limit?: number | undefined; readonly starting_after?: string | undefined }

/**
 * Every item of a Stripe list, one page per pull: the next page starts after the last id of the previous one while
 * `has_more` holds.
 */
const walk = <P extends ListParams, A extends { readonly id: string }>(
  operation: string,
  page: (params: P) => Effect.Effect<ListPage<A>, IntegrationError>,
  params: P
): Stream.Stream<A, IntegrationError> =>
  Pagination.cursor<A, string, IntegrationError, never>({
    vendor: VENDOR,
    operation,
    fetch: (cursor) =>
      Effect.map(
        page(cursor._tag === "Some" ? { ...params, starting_after: cursor.value } : params),
        (list) => Pagination.page(list.data, list.has_more ? list.data[list.data.length - 1]?.id : undefined)
      )
  })

/** One more than `max` fits in the first page, so a truncated listing is known without fetching a second page. */
const pageSizeFor = (max: number): number => Math.max(1, Math.min(100, Math.floor(max) + 1))

/**
 * `list`, `listAll` and `listUpTo` over one list operation. Every list parameter is optional, so none given is `{}`,
 * and the parameters of a walk (`ending_before` left out) are list parameters.
 */
export const listing = <P extends ListParams, A extends { readonly id: string }>(
  list: HttpIntegration.Operation<P, ListPage<A>>
): Listing<P, A> => {
  const name = list.operation
  const listAll: Listing<P, A>["listAll"] = (params, options) =>
    walk(name, (page: P) => call(list, page, options), { limit: 100, ...params } as P)
  return {
    list: (params = {} as P, options) => call(list, params, options),
    listAll,
    // `max` is checked first: a bad bound fails before any I/O.
    listUpTo: (max, params, options) =>
      Number.isInteger(max) && max >= 0
        ? Pagination.collect(listAll({ limit: pageSizeFor(max), ...params } as Omit<P, "ending_before">, options), max)
        : Effect.fail(invalid(name, "max must be a non-negative integer"))
  }
}
