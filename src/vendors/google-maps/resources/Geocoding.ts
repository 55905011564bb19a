/**
 * Geocoding (the web service at `maps.googleapis.com/maps/api/geocode/json`): forward (an address to coordinates) and
 * reverse (a coordinate to addresses). This API takes its key only as the `key` query parameter: it is added to each
 * attempt's request alone, never to the URL recorded on spans, in logs or in errors. Failures Google reports with HTTP
 * 200 (`OVER_QUERY_LIMIT`, `REQUEST_DENIED`, `INVALID_REQUEST`, `UNKNOWN_ERROR`) fail the call with their reason;
 * `OVER_QUERY_LIMIT` and `UNKNOWN_ERROR` are retried on the client's schedule; `ZERO_RESULTS` is an empty array.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import * as Retry from "../../../core/Retry.js"
import type { CallOptions } from "../GoogleMapsClient.js"
import * as GoogleMapsError from "../GoogleMapsError.js"
import * as S from "../GoogleMapsSchemas.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  /** Forward geocoding: every match for an address (an empty array for `ZERO_RESULTS`). */
  readonly geocode: VendorClient.Method<S.GeocodeParams, ReadonlyArray<S.GeocodingResult>, CallOptions>
  /** Reverse geocoding: the addresses at a coordinate, most precise first (an empty array for `ZERO_RESULTS`). */
  readonly reverse: VendorClient.Method<S.ReverseGeocodeParams, ReadonlyArray<S.GeocodingResult>, CallOptions>
}

const PATH = "/maps/api/geocode/json"

/** Retries what a 200 `status` reported, and only that: the kernel already retried the HTTP failures. */
const retryingStatus = <A>(
  http: HttpIntegration.HttpIntegration,
  options: CallOptions | undefined,
  call: Effect.Effect<A, IntegrationError>
): Effect.Effect<A, IntegrationError> =>
  Effect.suspend(() => {
    let policy: HttpIntegration.Policy = http.policy
    try {
      policy = HttpIntegration.resolvePolicy(http.policy, options?.policy)
    } catch {
      // A bad per-call policy fails the call itself with `InvalidRequest`; nothing to retry.
    }
    return Retry.retry(call, policy, {
      idempotent: true,
      isRetryable: (error) => GoogleMapsError.isGeocodingStatus(error) && error.retryable
    })
  })

/**
 * Declares the Geocoding operations on the Geocoding pipeline (key in the query).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const forward = http.operation({
    name: "geocoding.geocode",
    method: "GET",
    input: S.GeocodeParams,
    output: S.GeocodingResponse,
    request: (params) => ({ path: PATH, query: { ...params } })
  })
  const reverse = http.operation({
    name: "geocoding.reverse",
    method: "GET",
    input: S.ReverseGeocodeParams,
    output: S.GeocodingResponse,
    request: ({ latitude, longitude, ...rest }) => ({ path: PATH, query: { latlng: `${latitude},${longitude}`, ...rest } })
  })
  const results = <I>(operation: HttpIntegration.Operation<I, S.GeocodingResponse>) =>
  (input: I, options?: CallOptions) =>
    retryingStatus(
      http,
      options,
      Effect.flatMap(operation.withMeta(input, options), ({ meta, value }) => {
        const failure = GoogleMapsError.geocodingFailure(operation.operation, value.status, meta.requestId)
        return failure === undefined ? Effect.succeed(value.results) : Effect.fail(failure)
      })
    )
  return { geocode: results(forward), reverse: results(reverse) }
}
