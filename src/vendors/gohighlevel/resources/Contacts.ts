/**
 * GoHighLevel contacts: get, create, update, delete, upsert (by email or phone, as the location's duplicate settings
 * say), and search one page or every match as a `Stream` (the `searchAfter` cursor of each page's last contact, so a
 * search is not stopped at the 10,000 matches `page` reaches).
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
 * A search to walk in full: every page with the same filters, `pageLimit` contacts at a time (default 100).
 *
 * @since 0.3.0
 * @category Models
 */
export interface SearchAllParams extends Omit<S.SearchContactsParams, "page" | "searchAfter" | "pageLimit"> {
  readonly pageLimit?: number | undefined
}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Api {
  readonly get: (contactId: string, options?: CallOptions) => Effect.Effect<S.Contact, IntegrationError>
  /** Not retried after a timeout or a 5xx: GoHighLevel takes no idempotency key, and the contact may exist already. */
  readonly create: VendorClient.Method<S.CreateContactParams, S.Contact, CallOptions>
  readonly update: (
    contactId: string,
    params: S.UpdateContactParams,
    options?: CallOptions
  ) => Effect.Effect<S.Contact, IntegrationError>
  readonly delete: (contactId: string, options?: CallOptions) => Effect.Effect<void, IntegrationError>
  /** Creates or updates by email or phone; safe to retry, since a repeat finds the contact the first one wrote. */
  readonly upsert: VendorClient.Method<S.UpsertContactParams, S.UpsertContactResponse, CallOptions>
  /** One page of a search. */
  readonly search: VendorClient.Method<S.SearchContactsParams, S.SearchContactsPage, CallOptions>
  /** Every match, pages fetched as the stream is pulled. */
  readonly searchAll: (params: SearchAllParams, options?: CallOptions) => Stream.Stream<S.SearchedContact, IntegrationError>
}

const ContactId = Op.Id

/**
 * Declares the contact operations on a GoHighLevel pipeline.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const get = http.operation({
    name: "contacts.get",
    method: "GET",
    input: ContactId,
    output: S.ContactResponse,
    request: (id) => ({ path: VendorClient.path`/contacts/${id}` })
  })
  const create = http.operation({
    name: "contacts.create",
    method: "POST",
    input: S.CreateContactParams,
    output: S.ContactResponse,
    request: (params) => ({ path: "/contacts/", body: HttpIntegration.json(params) })
  })
  const update = http.operation({
    name: "contacts.update",
    method: "PUT",
    input: Schema.Struct({ id: ContactId, params: S.UpdateContactParams }),
    output: S.ContactResponse,
    request: ({ id, params }) => ({ path: VendorClient.path`/contacts/${id}`, body: HttpIntegration.json(params) })
  })
  const remove = http.operation({
    name: "contacts.delete",
    method: "DELETE",
    input: ContactId,
    output: S.Succeeded,
    request: (id) => ({ path: VendorClient.path`/contacts/${id}` })
  })
  const upsert = http.operation({
    name: "contacts.upsert",
    method: "POST",
    // Upserting by email or phone converges: a repeat finds the contact the first attempt wrote.
    idempotent: true,
    input: S.UpsertContactParams,
    output: S.UpsertContactResponse,
    request: (params) => ({ path: "/contacts/upsert", body: HttpIntegration.json(params) })
  })
  const search = http.operation({
    name: "contacts.search",
    method: "POST",
    // A search reads; the POST only carries the query.
    idempotent: true,
    input: S.SearchContactsParams,
    output: S.SearchContactsPage,
    request: (params) => ({ path: "/contacts/search", body: HttpIntegration.json(params) })
  })

  const searchAll = (params: SearchAllParams, options?: CallOptions) => {
    const pageLimit = params.pageLimit ?? 100
    return Pagination.cursor<S.SearchedContact, ReadonlyArray<string | number>, IntegrationError, never>({
      vendor: Op.VENDOR,
      operation: "contacts.search",
      fetch: (cursor) =>
        Effect.map(
          search({ ...params, pageLimit, ...(cursor._tag === "Some" ? { searchAfter: cursor.value } : {}) }, options),
          (page) => {
            // A short page is the last; otherwise the last contact's cursor continues after it.
            const last = page.contacts.length < pageLimit ? undefined : page.contacts[page.contacts.length - 1]
            return Pagination.page(page.contacts, last?.searchAfter ?? undefined)
          }
        )
    })
  }

  return {
    get: (contactId, options) => Effect.map(get(contactId, options), (answer) => answer.contact),
    create: (params, options) => Effect.map(create(params, options), (answer) => answer.contact),
    update: (contactId, params, options) =>
      Effect.map(update({ id: contactId, params }, options), (answer) => answer.contact),
    delete: (contactId, options) => Effect.asVoid(remove(contactId, options)),
    upsert: (params, options) => upsert(params, options),
    search: (params, options) => search(params, options),
    searchAll
  }
}
