/**
 * Mapbox request and response bodies as Schemas. Mapbox publishes no machine-readable spec: these follow its API
 * reference (docs.mapbox.com/api: Geocoding v6 "Forward geocoding", "Reverse geocoding", "Batch geocoding" and "The
 * geocoding response object"; Directions v5 "Retrieve directions" and "Route object"; Matrix v1 "Retrieve a matrix"),
 * and are held to recorded example responses in the capture test (test/vendors/mapbox/fixtures.ts names each source).
 * Requests are checked before any I/O (coordinate ranges, the coordinate and batch limits); responses are tolerant.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

/**
 * A coordinate as Mapbox orders it in paths and GeoJSON: longitude first.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const LngLat = Schema.Struct({
  longitude: Schema.Number.pipe(Schema.between(-180, 180)),
  latitude: Schema.Number.pipe(Schema.between(-90, 90))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface LngLat extends Schema.Schema.Type<typeof LngLat> {}

/**
 * Geocoding v6 feature types (the `types` filter and `feature_type`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const FeatureType = Schema.Literal(
  "country", "region", "postcode", "district", "place", "locality", "neighborhood", "street", "block", "address", "secondary_address"
)

const Types = Schema.Array(FeatureType).pipe(Schema.minItems(1))
/** ISO 3166 alpha-2 codes, comma-separated in the query (`us,ca`). */
const Countries = Schema.Array(Schema.String.pipe(Schema.pattern(/^[A-Za-z]{2}$/))).pipe(Schema.minItems(1))
const Limit = Schema.Int.pipe(Schema.between(1, 10))
const Bbox = Schema.Tuple(Schema.Number, Schema.Number, Schema.Number, Schema.Number)

/**
 * Forward geocoding (`GET /search/geocode/v6/forward`): a search text of at most 256 characters and 20 words.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ForwardParams = Schema.Struct({
  q: Schema.NonEmptyString.pipe(
    Schema.maxLength(256),
    Schema.filter((q) => q.split(/[\s,;.]+/).filter((w) => w !== "").length <= 20, { identifier: "AtMost20Words" })
  ),
  limit: Schema.optional(Limit),
  types: Schema.optional(Types),
  country: Schema.optional(Countries),
  language: Schema.optional(Schema.NonEmptyString),
  proximity: Schema.optional(Schema.Union(Schema.Literal("ip"), LngLat)),
  bbox: Schema.optional(Bbox),
  autocomplete: Schema.optional(Schema.Boolean),
  worldview: Schema.optional(Schema.NonEmptyString),
  /** Results you intend to store: Mapbox bills them as permanent geocoding. */
  permanent: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ForwardParams extends Schema.Schema.Type<typeof ForwardParams> {}

/**
 * Reverse geocoding (`GET /search/geocode/v6/reverse`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ReverseParams = Schema.Struct({
  ...LngLat.fields,
  limit: Schema.optional(Limit),
  types: Schema.optional(Types),
  country: Schema.optional(Countries),
  language: Schema.optional(Schema.NonEmptyString),
  worldview: Schema.optional(Schema.NonEmptyString),
  permanent: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ReverseParams extends Schema.Schema.Type<typeof ReverseParams> {}

/**
 * One query of a batch: forward (`q`) or reverse (`longitude`, `latitude`), with the parameters of its kind.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const BatchQuery = Schema.Union(
  Schema.Struct({
    q: Schema.NonEmptyString.pipe(Schema.maxLength(256)),
    limit: Schema.optional(Limit),
    types: Schema.optional(Types),
    country: Schema.optional(Countries),
    language: Schema.optional(Schema.NonEmptyString),
    proximity: Schema.optional(Schema.Tuple(Schema.Number, Schema.Number)),
    bbox: Schema.optional(Bbox),
    autocomplete: Schema.optional(Schema.Boolean)
  }),
  Schema.Struct({
    ...LngLat.fields,
    limit: Schema.optional(Limit),
    types: Schema.optional(Types),
    country: Schema.optional(Countries),
    language: Schema.optional(Schema.NonEmptyString)
  })
)

/**
 * @since 0.2.0
 * @category Models
 */
export type BatchQuery = typeof BatchQuery.Type

/**
 * Batch geocoding (`POST /search/geocode/v6/batch`): 1 to 1,000 queries, each counted as one request.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const BatchParams = Schema.Struct({
  queries: Schema.Array(BatchQuery).pipe(Schema.minItems(1), Schema.maxItems(1000)),
  permanent: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface BatchParams extends Schema.Schema.Type<typeof BatchParams> {}

/**
 * A geocoding result (a GeoJSON `Feature`; its `properties` as "The geocoding response object" documents).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Feature = Schema.Struct({
  type: Schema.Literal("Feature"),
  id: Schema.String,
  geometry: Schema.Struct({ type: Schema.Literal("Point"), coordinates: Schema.Tuple(Schema.Number, Schema.Number) }),
  properties: Schema.Struct({
    mapbox_id: Schema.String,
    feature_type: openLiteral(...FeatureType.literals),
    name: Schema.String,
    name_preferred: Schema.optional(Schema.String),
    place_formatted: Schema.optional(Schema.String),
    full_address: Schema.optional(Schema.String),
    coordinates: Schema.Struct({
      longitude: Schema.Number,
      latitude: Schema.Number,
      accuracy: Schema.optional(Schema.String)
    }),
    bbox: Schema.optional(Schema.Array(Schema.Number)),
    context: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
    match_code: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
  })
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Feature extends Schema.Schema.Type<typeof Feature> {}

/**
 * A geocoding answer: a GeoJSON `FeatureCollection`, best match first (empty when nothing matched).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const FeatureCollection = Schema.Struct({
  type: Schema.Literal("FeatureCollection"),
  features: Schema.Array(Feature),
  attribution: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface FeatureCollection extends Schema.Schema.Type<typeof FeatureCollection> {}

/**
 * A batch answer: one `FeatureCollection` per query, in the order of the queries.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const BatchResponse = Schema.Struct({ batch: Schema.Array(FeatureCollection) })

/**
 * @since 0.2.0
 * @category Models
 */
export interface BatchResponse extends Schema.Schema.Type<typeof BatchResponse> {}

/**
 * The routing profiles of Directions and Matrix.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Profile = Schema.Literal("driving-traffic", "driving", "walking", "cycling")

/**
 * @since 0.2.0
 * @category Models
 */
export type Profile = typeof Profile.Type

/**
 * Directions (`GET /directions/v5/mapbox/{profile}/{coordinates}`): 2 to 25 coordinates.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const DirectionsParams = Schema.Struct({
  profile: Profile,
  coordinates: Schema.Array(LngLat).pipe(Schema.minItems(2), Schema.maxItems(25)),
  alternatives: Schema.optional(Schema.Boolean),
  geometries: Schema.optional(Schema.Literal("geojson", "polyline", "polyline6")),
  overview: Schema.optional(Schema.Literal("full", "simplified", "false")),
  steps: Schema.optional(Schema.Boolean),
  language: Schema.optional(Schema.NonEmptyString),
  annotations: Schema.optional(Schema.Array(Schema.Literal("duration", "distance", "speed", "congestion")).pipe(Schema.minItems(1))),
  exclude: Schema.optional(Schema.Array(Schema.Literal("motorway", "toll", "ferry", "unpaved", "cash_only_tolls")).pipe(Schema.minItems(1)))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface DirectionsParams extends Schema.Schema.Type<typeof DirectionsParams> {}

/**
 * A snapped input coordinate (Directions `waypoints`, Matrix `sources` and `destinations`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Waypoint = Schema.Struct({
  name: Schema.optional(Schema.String),
  location: Schema.Tuple(Schema.Number, Schema.Number),
  distance: Schema.optional(Schema.Number)
})

/**
 * A route: metres, seconds, its geometry (a polyline string or a GeoJSON LineString) and legs.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Route = Schema.Struct({
  distance: Schema.Number,
  duration: Schema.Number,
  weight: Schema.optional(Schema.Number),
  weight_name: Schema.optional(Schema.String),
  geometry: Schema.optional(Schema.Unknown),
  legs: Schema.Array(Schema.Struct({
    distance: Schema.Number,
    duration: Schema.Number,
    summary: Schema.optional(Schema.String),
    steps: Schema.optional(Schema.Array(Schema.Unknown))
  }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Route extends Schema.Schema.Type<typeof Route> {}

/**
 * Codes Directions and Matrix put in `code` (`Ok`, or why not: `NoRoute`, `NoSegment`, `InvalidInput`, `ProfileNotFound`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const knownCodes = ["Ok", "NoRoute", "NoSegment", "InvalidInput", "ProfileNotFound", "NotFound"] as const

/**
 * @since 0.2.0
 * @category Schemas
 */
export const DirectionsResponse = Schema.Struct({
  code: openLiteral(...knownCodes),
  routes: Schema.optionalWith(Schema.Array(Route), { default: () => [] }),
  waypoints: Schema.optionalWith(Schema.Array(Waypoint), { default: () => [] }),
  uuid: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface DirectionsResponse extends Schema.Schema.Type<typeof DirectionsResponse> {}

/**
 * Matrix (`GET /directions-matrix/v1/mapbox/{profile}/{coordinates}`): 2 to 25 coordinates (10 with
 * `driving-traffic`), `sources` and `destinations` as indexes into them (all by default).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const MatrixParams = Schema.Struct({
  profile: Profile,
  coordinates: Schema.Array(LngLat).pipe(Schema.minItems(2), Schema.maxItems(25)),
  sources: Schema.optional(Schema.Array(Schema.Int.pipe(Schema.nonNegative())).pipe(Schema.minItems(1))),
  destinations: Schema.optional(Schema.Array(Schema.Int.pipe(Schema.nonNegative())).pipe(Schema.minItems(1))),
  annotations: Schema.optional(Schema.Array(Schema.Literal("duration", "distance")).pipe(Schema.minItems(1)))
}).pipe(
  Schema.filter((p) => {
    if (p.profile === "driving-traffic" && p.coordinates.length > 10) return "driving-traffic takes at most 10 coordinates"
    const out = [...(p.sources ?? []), ...(p.destinations ?? [])].find((i) => i >= p.coordinates.length)
    return out === undefined ? true : `index ${out} is not one of the ${p.coordinates.length} coordinates`
  }, { identifier: "MatrixLimits" })
)

/**
 * @since 0.2.0
 * @category Models
 */
export interface MatrixParams extends Schema.Schema.Type<typeof MatrixParams> {}

const Table = Schema.Array(Schema.Array(Schema.NullOr(Schema.Number)))

/**
 * The matrix: `durations[i][j]` seconds (and `distances`, metres) from source i to destination j, `null` where no
 * route was found.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const MatrixResponse = Schema.Struct({
  code: openLiteral(...knownCodes),
  durations: Schema.optional(Table),
  distances: Schema.optional(Table),
  sources: Schema.optionalWith(Schema.Array(Waypoint), { default: () => [] }),
  destinations: Schema.optionalWith(Schema.Array(Waypoint), { default: () => [] })
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface MatrixResponse extends Schema.Schema.Type<typeof MatrixResponse> {}

/**
 * The Tokens API's answer about the token that made the request (`GET /tokens/v2`), read by the health check.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const TokenCheck = Schema.Struct({ code: openLiteral("TokenValid", "TokenInvalid", "TokenExpired", "TokenRevoked") })
