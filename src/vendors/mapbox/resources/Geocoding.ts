/**
 * Mapbox Geocoding v6 (`/search/geocode/v6`): forward, reverse, and batch (up to 1,000 mixed queries, each billed as
 * one request, answered in order). All are reads, safe to repeat: the batch POST is marked idempotent.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as HttpIntegration from "../../../core/HttpIntegration.js"
import * as VendorClient from "../../../core/VendorClient.js"
import type { CallOptions } from "../MapboxClient.js"
import * as S from "../MapboxSchemas.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Api {
  readonly forward: VendorClient.Method<S.ForwardParams, S.FeatureCollection, CallOptions>
  readonly reverse: VendorClient.Method<S.ReverseParams, S.FeatureCollection, CallOptions>
  /** One `FeatureCollection` per query, in the queries' order; a count that does not match is drift. */
  readonly batch: VendorClient.Method<S.BatchParams, ReadonlyArray<S.FeatureCollection>, CallOptions>
}

const list = (values: ReadonlyArray<string> | undefined) => (values === undefined ? undefined : values.join(","))

/**
 * Declares the Geocoding operations.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (http: HttpIntegration.HttpIntegration): Api => {
  const forward = http.operation({
    name: "geocoding.forward",
    method: "GET",
    input: S.ForwardParams,
    output: S.FeatureCollection,
    request: ({ bbox, country, proximity, types, ...rest }) => ({
      path: "/search/geocode/v6/forward",
      query: {
        ...rest,
        types: list(types),
        country: list(country),
        bbox: bbox?.join(","),
        proximity: proximity === undefined ? undefined : proximity === "ip" ? "ip" : `${proximity.longitude},${proximity.latitude}`
      }
    })
  })
  const reverse = http.operation({
    name: "geocoding.reverse",
    method: "GET",
    input: S.ReverseParams,
    output: S.FeatureCollection,
    request: ({ country, types, ...rest }) => ({
      path: "/search/geocode/v6/reverse",
      query: { ...rest, types: list(types), country: list(country) }
    })
  })
  const batch = http.operation({
    name: "geocoding.batch",
    method: "POST",
    idempotent: true,
    input: S.BatchParams,
    output: S.BatchResponse,
    request: ({ permanent, queries }) => ({
      path: "/search/geocode/v6/batch",
      query: { permanent },
      body: HttpIntegration.json(queries)
    })
  })
  return {
    forward,
    reverse,
    batch: (params, options) =>
      Effect.flatMap(batch(params, options), ({ batch: answers }) =>
        answers.length === params.queries.length
          ? Effect.succeed(answers)
          : Effect.fail(
            VendorClient.failures(http.vendor).drift(
              "geocoding.batch",
              `Mapbox answered ${answers.length} results for ${params.queries.length} queries`
            )
          ))
  }
}
