/**
 * Routes v2 at `routes.googleapis.com`: Compute Routes and Compute Route Matrix. Both take `fields`, the response paths
 * to return, sent as `X-Goog-FieldMask` (Routes has no default mask). Both are computations, safe to repeat.
 *
 * Over REST the Route Matrix answers one JSON array whose elements Google writes as it computes them, in no particular
 * order. The client reads the array whole (625 elements at most, well under the response size bound), so an answer cut
 * off mid-array fails as `ResponseDrift` instead of passing for a smaller matrix; it always asks for `originIndex` and
 * `destinationIndex`, and returns the elements origin-major, checking that each pair came exactly once.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import type * as VendorClient from "../../../core/VendorClient.js"
import { IntegrationError } from "../../../core/IntegrationError.js"
import type { CallOptions } from "../GoogleMapsClient.js"
import * as S from "../GoogleMapsSchemas.js"
import * as FieldMask from "../internal/fieldMask.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  readonly computeRoutes: VendorClient.Method<S.ComputeRoutesParams, S.ComputeRoutesResponse, CallOptions>
  /** Every origin × destination element, sorted by origin then destination index. */
  readonly computeRouteMatrix: VendorClient.Method<S.ComputeRouteMatrixParams, ReadonlyArray<S.RouteMatrixElement>, CallOptions>
}

/**
 * The elements origin-major; a missing, repeated or out-of-range pair is drift (a partial or garbled answer).
 *
 * @since 0.2.0
 * @category Combinators
 */
export const orderMatrix = (
  vendor: string,
  origins: number,
  destinations: number,
  elements: ReadonlyArray<S.RouteMatrixElement>
): Effect.Effect<ReadonlyArray<S.RouteMatrixElement>, IntegrationError> => {
  const drift = (description: string) =>
    new IntegrationError({ vendor, operation: "routes.computeRouteMatrix", reason: "ResponseDrift", description })
  const seen = new Set<number>()
  for (const element of elements) {
    const { destinationIndex: d, originIndex: o } = element
    if (o < 0 || o >= origins || d < 0 || d >= destinations) {
      return Effect.fail(drift(`an element names origin ${o} and destination ${d} of a ${origins}×${destinations} matrix`))
    }
    if (seen.has(o * destinations + d)) return Effect.fail(drift(`origin ${o} and destination ${d} came twice`))
    seen.add(o * destinations + d)
  }
  if (seen.size !== origins * destinations) {
    return Effect.fail(drift(`${seen.size} of ${origins * destinations} matrix elements came back`))
  }
  return Effect.succeed(
    [...elements].sort((a, b) => a.originIndex - b.originIndex || a.destinationIndex - b.destinationIndex)
  )
}

/**
 * Declares the Routes operations on the Routes pipeline (key in `X-Goog-Api-Key`).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const computeRoutes = http.operation({
    name: "routes.computeRoutes",
    method: "POST",
    idempotent: true,
    input: S.ComputeRoutesParams,
    output: S.ComputeRoutesResponse,
    request: ({ fields, ...body }) => ({
      path: "/directions/v2:computeRoutes",
      headers: { [FieldMask.HEADER]: FieldMask.join(fields) },
      body: HttpIntegration.json(body)
    })
  })
  const matrix = http.operation({
    name: "routes.computeRouteMatrix",
    method: "POST",
    idempotent: true,
    input: S.ComputeRouteMatrixParams,
    output: S.RouteMatrix,
    request: ({ fields, ...body }) => ({
      path: "/distanceMatrix/v2:computeRouteMatrix",
      headers: { [FieldMask.HEADER]: FieldMask.join(fields.includes("*") ? fields : ["originIndex", "destinationIndex", ...fields]) },
      body: HttpIntegration.json(body)
    })
  })
  return {
    computeRoutes,
    computeRouteMatrix: (params, options) =>
      Effect.flatMap(
        matrix(params, options),
        (elements) => orderMatrix(http.vendor, params.origins.length, params.destinations.length, elements)
      )
  }
}
