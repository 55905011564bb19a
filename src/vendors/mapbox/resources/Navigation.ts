/**
 * Mapbox Directions v5 and Matrix v1. Coordinates travel in the path (`lng,lat;lng,lat`), numbers only, checked by the
 * Schema. A 200 answer whose `code` is not `Ok` (`NoRoute`, `NoSegment`) fails with `NotFound`, never as an empty route.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import type { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../MapboxClient.js"
import * as MapboxError from "../MapboxError.js"
import * as S from "../MapboxSchemas.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface DirectionsApi {
  readonly route: VendorClient.Method<S.DirectionsParams, S.DirectionsResponse, CallOptions>
}

/**
 * @since 0.2.0
 * @category Models
 */
export interface MatrixApi {
  readonly compute: VendorClient.Method<S.MatrixParams, S.MatrixResponse, CallOptions>
}

const coordinates = (points: ReadonlyArray<S.LngLat>) => points.map((p) => `${p.longitude},${p.latitude}`).join(";")
/** Annotations and exclusions are comma-separated; Matrix `sources` and `destinations` semicolon-separated. */
const joined = (separator: string) => (values: ReadonlyArray<string | number> | undefined) =>
  values === undefined ? undefined : values.join(separator)
const commas = joined(",")
const semicolons = joined(";")

/**
 * Declares Directions and Matrix.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): { readonly directions: DirectionsApi; readonly matrix: MatrixApi } => {
  const directions = http.operation({
    name: "directions.route",
    method: "GET",
    input: S.DirectionsParams,
    output: S.DirectionsResponse,
    request: ({ annotations, coordinates: points, exclude, profile, ...rest }) => ({
      path: `/directions/v5/mapbox/${profile}/${coordinates(points)}`,
      query: { ...rest, annotations: commas(annotations), exclude: commas(exclude) }
    })
  })
  const matrix = http.operation({
    name: "matrix.compute",
    method: "GET",
    input: S.MatrixParams,
    output: S.MatrixResponse,
    request: ({ annotations, coordinates: points, destinations, profile, sources }) => ({
      path: `/directions-matrix/v1/mapbox/${profile}/${coordinates(points)}`,
      query: { annotations: commas(annotations), sources: semicolons(sources), destinations: semicolons(destinations) }
    })
  })
  const withCode = <I, A extends { readonly code: string }>(operation: HttpIntegration.Operation<I, A>) =>
  (input: I, options?: CallOptions): Effect.Effect<A, IntegrationError> =>
    Effect.flatMap(operation.withMeta(input, options), ({ meta, value }) => {
      const failure = MapboxError.routeFailure(operation.operation, value.code, meta.requestId)
      return failure === undefined ? Effect.succeed(value) : Effect.fail(failure)
    })
  return { directions: { route: withCode(directions) }, matrix: { compute: withCode(matrix) } }
}
