/**
 * Places API (New) at `places.googleapis.com/v1`: Text Search (one page, or every page as a `Stream`), Nearby Search,
 * Place Details, Autocomplete and Photo media. Every call but Autocomplete takes `fields`, the Place fields to return,
 * sent as `X-Goog-FieldMask` (Google requires a mask and bills by the fields it names). All are reads: POSTs here are
 * searches, safe to repeat, so they are retried like GETs.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Pagination from "../../../core/Pagination.js"
import type { CallOptions } from "../GoogleMapsClient.js"
import * as S from "../GoogleMapsSchemas.js"
import * as FieldMask from "../internal/fieldMask.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  /** One page of Text Search results and the token of the next page, if any. */
  readonly searchText: VendorClient.Method<S.SearchTextParams, S.SearchTextResponse, CallOptions>
  /** Every Text Search result, pages fetched as the stream is pulled (Google serves at most 3 pages of 20). */
  readonly searchTextAll: (params: S.SearchTextParams, options?: CallOptions) => Stream.Stream<S.Place, IntegrationError>
  readonly searchNearby: VendorClient.Method<S.SearchNearbyParams, S.SearchNearbyResponse, CallOptions>
  readonly details: VendorClient.Method<S.PlaceDetailsParams, S.Place, CallOptions>
  readonly autocomplete: VendorClient.Method<S.AutocompleteParams, S.AutocompleteResponse, CallOptions>
  /** A photo's short-lived URI (`photoUri`), never its bytes. */
  readonly photoMedia: VendorClient.Method<S.PhotoMediaParams, S.PhotoMedia, CallOptions>
}

/**
 * Declares the Places operations on the Places pipeline (key in `X-Goog-Api-Key`).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const searchText = http.operation({
    name: "places.searchText",
    method: "POST",
    idempotent: true,
    input: S.SearchTextParams,
    output: S.SearchTextResponse,
    request: ({ fields, ...body }) => ({
      path: "/v1/places:searchText",
      headers: { [FieldMask.HEADER]: FieldMask.underPlaces(fields, "nextPageToken") },
      body: HttpIntegration.json(body)
    })
  })
  const searchNearby = http.operation({
    name: "places.searchNearby",
    method: "POST",
    idempotent: true,
    input: S.SearchNearbyParams,
    output: S.SearchNearbyResponse,
    request: ({ fields, ...body }) => ({
      path: "/v1/places:searchNearby",
      headers: { [FieldMask.HEADER]: FieldMask.underPlaces(fields) },
      body: HttpIntegration.json(body)
    })
  })
  const details = http.operation({
    name: "places.details",
    method: "GET",
    input: S.PlaceDetailsParams,
    output: S.Place,
    request: ({ fields, placeId, ...query }) => ({
      path: `/v1/places/${FieldMask.placeSegment(placeId)}`,
      headers: { [FieldMask.HEADER]: FieldMask.join(fields) },
      query
    })
  })
  const autocomplete = http.operation({
    name: "places.autocomplete",
    method: "POST",
    idempotent: true,
    input: S.AutocompleteParams,
    output: S.AutocompleteResponse,
    request: ({ fields, ...body }) => ({
      path: "/v1/places:autocomplete",
      ...(fields === undefined ? {} : { headers: { [FieldMask.HEADER]: FieldMask.join(fields) } }),
      body: HttpIntegration.json(body)
    })
  })
  const photoMedia = http.operation({
    name: "places.photoMedia",
    method: "GET",
    input: S.PhotoMediaParams,
    output: S.PhotoMedia,
    request: ({ name, ...size }) => ({
      // `places/{place}/photos/{photo}`: each segment encoded, the slashes kept (the Schema checked the shape).
      path: `/v1/${name.split("/").map(encodeURIComponent).join("/")}/media`,
      query: { ...size, skipHttpRedirect: true }
    })
  })
  const searchTextAll = (params: S.SearchTextParams, options?: CallOptions) =>
    Pagination.cursor<S.Place, string, IntegrationError, never>({
      vendor: http.vendor,
      operation: "places.searchText",
      maxPages: 10,
      fetch: (cursor) =>
        Effect.map(
          searchText(cursor._tag === "Some" ? { ...params, pageToken: cursor.value } : params, options),
          (page) => Pagination.page(page.places, page.nextPageToken)
        )
    })
  return { searchText, searchTextAll, searchNearby, details, autocomplete, photoMedia }
}
