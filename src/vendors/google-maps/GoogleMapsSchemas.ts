/**
 * Google Maps Platform request and response bodies as Schemas, with Google's own field names: Geocoding from
 * googlemaps/openapi-specification (OAS 3.0.3, 2023-10: `GeocodingResponse`), Places API (New) from its Discovery
 * document (`places.googleapis.com` v1, rev. 2026-05-31) and Routes v2 from its protos (`google.maps.routing.v2`, proto3
 * JSON mapping). Requests are checked before any I/O (coordinates in range, field masks from the known fields, the
 * Route Matrix's 625-element limit); responses are tolerant: every Place field is optional because the field mask
 * decides which ones come back, and enumerations stay open.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { openLiteral } from "../internal/openLiteral.js"

// ---- shared -------------------------------------------------------------------------------------------------------

/**
 * A coordinate pair, `google.type.LatLng` (Places, Routes): latitude in [-90, 90], longitude in [-180, 180].
 *
 * @since 0.2.0
 * @category Schemas
 */
export const LatLng = Schema.Struct({
  latitude: Schema.Number.pipe(Schema.between(-90, 90)),
  longitude: Schema.Number.pipe(Schema.between(-180, 180))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface LatLng extends Schema.Schema.Type<typeof LatLng> {}

const LatLngOut = Schema.Struct({ latitude: Schema.Number, longitude: Schema.Number })

/**
 * A circle: a centre and a radius in metres (Places: 0 < radius ≤ 50,000).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Circle = Schema.Struct({
  center: LatLng,
  radius: Schema.Number.pipe(Schema.greaterThan(0), Schema.lessThanOrEqualTo(50_000))
})

/**
 * A rectangle (`google.geo.type.Viewport`), from its south-west `low` to its north-east `high` corner.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Viewport = Schema.Struct({ low: LatLng, high: LatLng })

// ---- Geocoding ----------------------------------------------------------------------------------------------------

/**
 * The `status` of a Geocoding answer (`GeocodingStatus`). `OK` and `ZERO_RESULTS` are answers; the others are
 * failures Google reports with HTTP 200, which the client turns into `IntegrationError`s.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const knownGeocodingStatuses = [
  "OK",
  "ZERO_RESULTS",
  "INVALID_REQUEST",
  "OVER_DAILY_LIMIT",
  "OVER_QUERY_LIMIT",
  "REQUEST_DENIED",
  "UNKNOWN_ERROR"
] as const

/**
 * Forward geocoding: an `address`, or `components` filters (`country:FR|postal_code:75001`), or both.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GeocodeParams = Schema.Struct({
  address: Schema.optional(Schema.NonEmptyString.pipe(Schema.maxLength(2048))),
  components: Schema.optional(Schema.NonEmptyString),
  /** `south,west|north,east`: results inside are preferred. */
  bounds: Schema.optional(Schema.NonEmptyString),
  language: Schema.optional(Schema.NonEmptyString),
  region: Schema.optional(Schema.NonEmptyString)
}).pipe(
  Schema.filter((params) => params.address !== undefined || params.components !== undefined, {
    identifier: "AddressOrComponents",
    message: () => "an address or components is required"
  })
)

/**
 * @since 0.2.0
 * @category Models
 */
export interface GeocodeParams extends Schema.Schema.Type<typeof GeocodeParams> {}

/**
 * Reverse geocoding: a coordinate (or a `place_id` through `placeId`), optionally filtered by result and location type.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ReverseGeocodeParams = Schema.Struct({
  latitude: Schema.Number.pipe(Schema.between(-90, 90)),
  longitude: Schema.Number.pipe(Schema.between(-180, 180)),
  /** `street_address|locality`: only these result types. */
  result_type: Schema.optional(Schema.NonEmptyString),
  /** `ROOFTOP|APPROXIMATE`: only these location types. */
  location_type: Schema.optional(Schema.NonEmptyString),
  language: Schema.optional(Schema.NonEmptyString)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ReverseGeocodeParams extends Schema.Schema.Type<typeof ReverseGeocodeParams> {}

const LatLngLiteral = Schema.Struct({ lat: Schema.Number, lng: Schema.Number })
const Bounds = Schema.Struct({ northeast: LatLngLiteral, southwest: LatLngLiteral })

/**
 * One Geocoding result (`GeocodingResult`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GeocodingResult = Schema.Struct({
  place_id: Schema.String,
  formatted_address: Schema.String,
  types: Schema.Array(Schema.String),
  address_components: Schema.Array(Schema.Struct({
    long_name: Schema.String,
    short_name: Schema.String,
    types: Schema.Array(Schema.String)
  })),
  geometry: Schema.Struct({
    location: LatLngLiteral,
    location_type: openLiteral("ROOFTOP", "RANGE_INTERPOLATED", "GEOMETRIC_CENTER", "APPROXIMATE"),
    viewport: Bounds,
    bounds: Schema.optional(Bounds)
  }),
  partial_match: Schema.optional(Schema.Boolean),
  plus_code: Schema.optional(Schema.Struct({ global_code: Schema.String, compound_code: Schema.optional(Schema.String) }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface GeocodingResult extends Schema.Schema.Type<typeof GeocodingResult> {}

/**
 * The whole Geocoding answer (`GeocodingResponse`): `status`, `results`, and `error_message` on a failure.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const GeocodingResponse = Schema.Struct({
  status: openLiteral(...knownGeocodingStatuses),
  results: Schema.Array(GeocodingResult),
  error_message: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface GeocodingResponse extends Schema.Schema.Type<typeof GeocodingResponse> {}

// ---- Places (New) -------------------------------------------------------------------------------------------------

/**
 * The top-level `Place` fields a field mask may name (Discovery `GoogleMapsPlacesV1Place`). Google bills by the most
 * expensive field requested, so a mask is required: `"*"` asks for everything (and is billed as such).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const placeFields = [
  "name", "id", "displayName", "types", "primaryType", "primaryTypeDisplayName", "googleMapsTypeLabel",
  "nationalPhoneNumber", "internationalPhoneNumber", "formattedAddress", "shortFormattedAddress", "postalAddress",
  "addressComponents", "plusCode", "location", "viewport", "rating", "googleMapsUri", "websiteUri", "reviews",
  "regularOpeningHours", "utcOffsetMinutes", "timeZone", "photos", "adrFormatAddress", "businessStatus", "openingDate",
  "priceLevel", "attributions", "userRatingCount", "iconMaskBaseUri", "iconBackgroundColor", "takeout", "delivery",
  "dineIn", "curbsidePickup", "reservable", "servesBreakfast", "servesLunch", "servesDinner", "servesBeer", "servesWine",
  "servesBrunch", "servesVegetarianFood", "currentOpeningHours", "currentSecondaryOpeningHours",
  "regularSecondaryOpeningHours", "editorialSummary", "outdoorSeating", "liveMusic", "menuForChildren",
  "servesCocktails", "servesDessert", "servesCoffee", "goodForChildren", "allowsDogs", "restroom", "goodForGroups",
  "goodForWatchingSports", "paymentOptions", "parkingOptions", "subDestinations", "accessibilityOptions", "fuelOptions",
  "evChargeOptions", "generativeSummary", "containingPlaces", "pureServiceAreaBusiness", "addressDescriptor",
  "googleMapsLinks", "priceRange", "reviewSummary", "evChargeAmenitySummary", "neighborhoodSummary", "consumerAlert",
  "movedPlace", "movedPlaceId", "transitStation"
] as const

/**
 * One field of a Place field mask: a known top-level field, a dotted sub-field of one (`displayName.text`), or `"*"`.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PlaceField = Schema.Union(
  Schema.Literal("*", ...placeFields),
  Schema.TemplateLiteral(Schema.Literal(...placeFields), ".", Schema.String)
)

/**
 * @since 0.2.0
 * @category Models
 */
export type PlaceField = typeof PlaceField.Type

/**
 * A non-empty Place field mask, sent as `X-Goog-FieldMask`.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PlaceFieldMask = Schema.NonEmptyArray(PlaceField)

const LocalizedText = Schema.Struct({ text: Schema.String, languageCode: Schema.optional(Schema.String) })

/**
 * A photo of a place; its `name` (`places/{id}/photos/{ref}`) is what `places.photoMedia` takes.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Photo = Schema.Struct({
  name: Schema.String,
  widthPx: Schema.optional(Schema.Number),
  heightPx: Schema.optional(Schema.Number),
  authorAttributions: Schema.optional(Schema.Array(Schema.Struct({
    displayName: Schema.optional(Schema.String),
    uri: Schema.optional(Schema.String),
    photoUri: Schema.optional(Schema.String)
  })))
})

/**
 * A place (`GoogleMapsPlacesV1Place`): only the fields the mask asked for are present, so all are optional. Fields not
 * listed here are dropped; ask for them and read the raw answer with a Schema of your own if you need them typed.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Place = Schema.Struct({
  name: Schema.optional(Schema.String),
  id: Schema.optional(Schema.String),
  displayName: Schema.optional(LocalizedText),
  types: Schema.optional(Schema.Array(Schema.String)),
  primaryType: Schema.optional(Schema.String),
  formattedAddress: Schema.optional(Schema.String),
  shortFormattedAddress: Schema.optional(Schema.String),
  addressComponents: Schema.optional(Schema.Array(Schema.Struct({
    longText: Schema.optional(Schema.String),
    shortText: Schema.optional(Schema.String),
    types: Schema.optional(Schema.Array(Schema.String))
  }))),
  location: Schema.optional(LatLngOut),
  viewport: Schema.optional(Schema.Struct({ low: LatLngOut, high: LatLngOut })),
  rating: Schema.optional(Schema.Number),
  userRatingCount: Schema.optional(Schema.Number),
  googleMapsUri: Schema.optional(Schema.String),
  websiteUri: Schema.optional(Schema.String),
  nationalPhoneNumber: Schema.optional(Schema.String),
  internationalPhoneNumber: Schema.optional(Schema.String),
  businessStatus: Schema.optional(openLiteral("BUSINESS_STATUS_UNSPECIFIED", "OPERATIONAL", "CLOSED_TEMPORARILY", "CLOSED_PERMANENTLY")),
  priceLevel: Schema.optional(Schema.String),
  utcOffsetMinutes: Schema.optional(Schema.Number),
  photos: Schema.optional(Schema.Array(Photo)),
  regularOpeningHours: Schema.optional(Schema.Struct({
    openNow: Schema.optional(Schema.Boolean),
    weekdayDescriptions: Schema.optional(Schema.Array(Schema.String))
  }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Place extends Schema.Schema.Type<typeof Place> {}

const Fields = { fields: PlaceFieldMask }

/**
 * Text Search (`places:searchText`): the body Google documents, and `fields`, the Place fields to return (without the
 * `places.` prefix; the client adds it and `nextPageToken`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const SearchTextParams = Schema.Struct({
  ...Fields,
  textQuery: Schema.NonEmptyString,
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  rankPreference: Schema.optional(Schema.Literal("DISTANCE", "RELEVANCE")),
  includedType: Schema.optional(Schema.String),
  openNow: Schema.optional(Schema.Boolean),
  minRating: Schema.optional(Schema.Number.pipe(Schema.between(0, 5))),
  pageSize: Schema.optional(Schema.Int.pipe(Schema.between(1, 20))),
  pageToken: Schema.optional(Schema.String),
  strictTypeFiltering: Schema.optional(Schema.Boolean),
  locationBias: Schema.optional(Schema.Union(Schema.Struct({ circle: Circle }), Schema.Struct({ rectangle: Viewport }))),
  locationRestriction: Schema.optional(Schema.Struct({ rectangle: Viewport }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface SearchTextParams extends Schema.Schema.Type<typeof SearchTextParams> {}

/**
 * One page of Text Search results.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const SearchTextResponse = Schema.Struct({
  places: Schema.optionalWith(Schema.Array(Place), { default: () => [] }),
  nextPageToken: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface SearchTextResponse extends Schema.Schema.Type<typeof SearchTextResponse> {}

/**
 * Nearby Search (`places:searchNearby`): places in a circle, by type; `fields` as for Text Search.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const SearchNearbyParams = Schema.Struct({
  ...Fields,
  locationRestriction: Schema.Struct({ circle: Circle }),
  includedTypes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(50))),
  excludedTypes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(50))),
  includedPrimaryTypes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(50))),
  excludedPrimaryTypes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(50))),
  maxResultCount: Schema.optional(Schema.Int.pipe(Schema.between(1, 20))),
  rankPreference: Schema.optional(Schema.Literal("DISTANCE", "POPULARITY")),
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface SearchNearbyParams extends Schema.Schema.Type<typeof SearchNearbyParams> {}

/**
 * Nearby Search results (one page: the API has no paging for it).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const SearchNearbyResponse = Schema.Struct({
  places: Schema.optionalWith(Schema.Array(Place), { default: () => [] })
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface SearchNearbyResponse extends Schema.Schema.Type<typeof SearchNearbyResponse> {}

/** A session token: URL- and filename-safe base64, at most 36 characters (Discovery `sessionToken`). */
const SessionToken = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]{1,36}$/, { identifier: "SessionToken" }))

/**
 * Place Details (`GET /v1/places/{id}`): a place id (`ChIJ...`, or `places/ChIJ...`), the fields to return.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PlaceDetailsParams = Schema.Struct({
  ...Fields,
  placeId: Schema.NonEmptyString.pipe(Schema.maxLength(1024)),
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  sessionToken: Schema.optional(SessionToken)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface PlaceDetailsParams extends Schema.Schema.Type<typeof PlaceDetailsParams> {}

/**
 * Autocomplete (`places:autocomplete`): predictions for partial `input`. The field mask is optional here (Google
 * answers every suggestion field by default); give `fields` as response paths (`suggestions.placePrediction.text`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const AutocompleteParams = Schema.Struct({
  fields: Schema.optional(Schema.NonEmptyArray(Schema.NonEmptyString)),
  input: Schema.NonEmptyString,
  locationBias: Schema.optional(Schema.Union(Schema.Struct({ circle: Circle }), Schema.Struct({ rectangle: Viewport }))),
  locationRestriction: Schema.optional(Schema.Union(Schema.Struct({ circle: Circle }), Schema.Struct({ rectangle: Viewport }))),
  includedPrimaryTypes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(5))),
  includedRegionCodes: Schema.optional(Schema.Array(Schema.String).pipe(Schema.maxItems(15))),
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  origin: Schema.optional(LatLng),
  inputOffset: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  includeQueryPredictions: Schema.optional(Schema.Boolean),
  sessionToken: Schema.optional(SessionToken)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface AutocompleteParams extends Schema.Schema.Type<typeof AutocompleteParams> {}

const FormattableText = Schema.Struct({ text: Schema.String })

/**
 * One suggestion: a place prediction or a query prediction.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Suggestion = Schema.Struct({
  placePrediction: Schema.optional(Schema.Struct({
    place: Schema.String,
    placeId: Schema.String,
    text: Schema.optional(FormattableText),
    structuredFormat: Schema.optional(Schema.Struct({
      mainText: Schema.optional(FormattableText),
      secondaryText: Schema.optional(FormattableText)
    })),
    types: Schema.optional(Schema.Array(Schema.String)),
    distanceMeters: Schema.optional(Schema.Number)
  })),
  queryPrediction: Schema.optional(Schema.Struct({ text: Schema.optional(FormattableText) }))
})

/**
 * @since 0.2.0
 * @category Schemas
 */
export const AutocompleteResponse = Schema.Struct({
  suggestions: Schema.optionalWith(Schema.Array(Suggestion), { default: () => [] })
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface AutocompleteResponse extends Schema.Schema.Type<typeof AutocompleteResponse> {}

/**
 * Photo media (`GET /v1/{photo name}/media`): the photo's `name` from a Place's `photos`, and a maximum size (at least
 * one of them, 1 to 4,800 pixels). The client asks for the URI (`skipHttpRedirect=true`), never the image bytes.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const PhotoMediaParams = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^places\/[^/]+\/photos\/[^/]+$/, { identifier: "PhotoName" })),
  maxWidthPx: Schema.optional(Schema.Int.pipe(Schema.between(1, 4800))),
  maxHeightPx: Schema.optional(Schema.Int.pipe(Schema.between(1, 4800)))
}).pipe(
  Schema.filter((p) => p.maxWidthPx !== undefined || p.maxHeightPx !== undefined, {
    identifier: "MaxSize",
    message: () => "maxWidthPx or maxHeightPx is required"
  })
)

/**
 * @since 0.2.0
 * @category Models
 */
export interface PhotoMediaParams extends Schema.Schema.Type<typeof PhotoMediaParams> {}

/**
 * @since 0.2.0
 * @category Schemas
 */
export const PhotoMedia = Schema.Struct({ name: Schema.String, photoUri: Schema.String })

/**
 * @since 0.2.0
 * @category Models
 */
export interface PhotoMedia extends Schema.Schema.Type<typeof PhotoMedia> {}

// ---- Routes v2 ----------------------------------------------------------------------------------------------------

/**
 * A waypoint (`google.maps.routing.v2.Waypoint`): a coordinate, a place id or an address.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Waypoint = Schema.Union(
  Schema.Struct({ location: Schema.Struct({ latLng: LatLng, heading: Schema.optional(Schema.Int.pipe(Schema.between(0, 359))) }), via: Schema.optional(Schema.Boolean) }),
  Schema.Struct({ placeId: Schema.NonEmptyString, via: Schema.optional(Schema.Boolean) }),
  Schema.Struct({ address: Schema.NonEmptyString, via: Schema.optional(Schema.Boolean) })
)

/**
 * @since 0.2.0
 * @category Models
 */
export type Waypoint = typeof Waypoint.Type

/**
 * @since 0.2.0
 * @category Schemas
 */
export const TravelMode = Schema.Literal("DRIVE", "BICYCLE", "WALK", "TWO_WHEELER", "TRANSIT")

/**
 * @since 0.2.0
 * @category Schemas
 */
export const RoutingPreference = Schema.Literal("TRAFFIC_UNAWARE", "TRAFFIC_AWARE", "TRAFFIC_AWARE_OPTIMAL")

const RouteModifiers = Schema.Struct({
  avoidTolls: Schema.optional(Schema.Boolean),
  avoidHighways: Schema.optional(Schema.Boolean),
  avoidFerries: Schema.optional(Schema.Boolean),
  avoidIndoor: Schema.optional(Schema.Boolean)
})

/**
 * A Routes field mask (`routes.duration`, `routes.polyline.encodedPolyline`; for the matrix `originIndex`,
 * `duration`...), sent as `X-Goog-FieldMask`. Routes has no default: a mask is required.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const RoutesFieldMask = Schema.NonEmptyArray(
  Schema.String.pipe(Schema.pattern(/^(\*|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*)$/, { identifier: "FieldPath" }))
)

/**
 * Compute Routes (`directions/v2:computeRoutes`), with `fields`, the response paths to return.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ComputeRoutesParams = Schema.Struct({
  fields: RoutesFieldMask,
  origin: Waypoint,
  destination: Waypoint,
  intermediates: Schema.optional(Schema.Array(Waypoint).pipe(Schema.maxItems(25))),
  travelMode: Schema.optional(TravelMode),
  routingPreference: Schema.optional(RoutingPreference),
  departureTime: Schema.optional(Schema.String),
  arrivalTime: Schema.optional(Schema.String),
  computeAlternativeRoutes: Schema.optional(Schema.Boolean),
  routeModifiers: Schema.optional(RouteModifiers),
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  units: Schema.optional(Schema.Literal("METRIC", "IMPERIAL")),
  polylineQuality: Schema.optional(Schema.Literal("HIGH_QUALITY", "OVERVIEW")),
  polylineEncoding: Schema.optional(Schema.Literal("ENCODED_POLYLINE", "GEO_JSON_LINESTRING")),
  optimizeWaypointOrder: Schema.optional(Schema.Boolean)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ComputeRoutesParams extends Schema.Schema.Type<typeof ComputeRoutesParams> {}

/** A `google.protobuf.Duration` in JSON: `"1234s"` or `"1.5s"`. */
const ProtoDuration = Schema.String

const Polyline = Schema.Struct({
  encodedPolyline: Schema.optional(Schema.String),
  geoJsonLinestring: Schema.optional(Schema.Unknown)
})

/**
 * One route leg.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const RouteLeg = Schema.Struct({
  distanceMeters: Schema.optional(Schema.Number),
  duration: Schema.optional(ProtoDuration),
  staticDuration: Schema.optional(ProtoDuration),
  polyline: Schema.optional(Polyline),
  startLocation: Schema.optional(Schema.Struct({ latLng: LatLngOut })),
  endLocation: Schema.optional(Schema.Struct({ latLng: LatLngOut }))
})

/**
 * A route (`google.maps.routing.v2.Route`): only the masked fields are present.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Route = Schema.Struct({
  routeLabels: Schema.optional(Schema.Array(Schema.String)),
  legs: Schema.optional(Schema.Array(RouteLeg)),
  distanceMeters: Schema.optional(Schema.Number),
  duration: Schema.optional(ProtoDuration),
  staticDuration: Schema.optional(ProtoDuration),
  polyline: Schema.optional(Polyline),
  description: Schema.optional(Schema.String),
  warnings: Schema.optional(Schema.Array(Schema.String)),
  optimizedIntermediateWaypointIndex: Schema.optional(Schema.Array(Schema.Number)),
  routeToken: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface Route extends Schema.Schema.Type<typeof Route> {}

/**
 * @since 0.2.0
 * @category Schemas
 */
export const ComputeRoutesResponse = Schema.Struct({
  routes: Schema.optionalWith(Schema.Array(Route), { default: () => [] }),
  fallbackInfo: Schema.optional(Schema.Struct({ routingMode: Schema.optional(Schema.String), reason: Schema.optional(Schema.String) }))
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface ComputeRoutesResponse extends Schema.Schema.Type<typeof ComputeRoutesResponse> {}

/**
 * Compute Route Matrix (`distanceMatrix/v2:computeRouteMatrix`): origins × destinations, at most 625 elements (100
 * with `TRAFFIC_AWARE_OPTIMAL`, as Google documents), and `fields`, the element paths to return.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ComputeRouteMatrixParams = Schema.Struct({
  fields: RoutesFieldMask,
  origins: Schema.Array(Schema.Struct({ waypoint: Waypoint, routeModifiers: Schema.optional(RouteModifiers) })).pipe(Schema.minItems(1)),
  destinations: Schema.Array(Schema.Struct({ waypoint: Waypoint })).pipe(Schema.minItems(1)),
  travelMode: Schema.optional(TravelMode),
  routingPreference: Schema.optional(RoutingPreference),
  departureTime: Schema.optional(Schema.String),
  arrivalTime: Schema.optional(Schema.String),
  languageCode: Schema.optional(Schema.String),
  regionCode: Schema.optional(Schema.String),
  units: Schema.optional(Schema.Literal("METRIC", "IMPERIAL"))
}).pipe(
  Schema.filter((p) => {
    const elements = p.origins.length * p.destinations.length
    return elements <= (p.routingPreference === "TRAFFIC_AWARE_OPTIMAL" ? 100 : 625)
  }, { identifier: "MatrixSize", message: () => "origins × destinations exceeds the Route Matrix limit (625; 100 with TRAFFIC_AWARE_OPTIMAL)" })
)

/**
 * @since 0.2.0
 * @category Models
 */
export interface ComputeRouteMatrixParams extends Schema.Schema.Type<typeof ComputeRouteMatrixParams> {}

/**
 * One origin-destination pair of the matrix. proto3 JSON leaves out zero values, so an absent index is 0; `status`
 * is the element's own error (a `google.rpc.Status`), `condition` whether a route exists.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const RouteMatrixElement = Schema.Struct({
  originIndex: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  destinationIndex: Schema.optionalWith(Schema.Number, { default: () => 0 }),
  status: Schema.optional(Schema.Struct({ code: Schema.optional(Schema.Number), message: Schema.optional(Schema.String) })),
  condition: Schema.optional(openLiteral("ROUTE_MATRIX_ELEMENT_CONDITION_UNSPECIFIED", "ROUTE_EXISTS", "ROUTE_NOT_FOUND")),
  distanceMeters: Schema.optional(Schema.Number),
  duration: Schema.optional(ProtoDuration),
  staticDuration: Schema.optional(ProtoDuration)
})

/**
 * @since 0.2.0
 * @category Models
 */
export interface RouteMatrixElement extends Schema.Schema.Type<typeof RouteMatrixElement> {}

/**
 * The matrix answer: a JSON array of elements, in the order Google computed them (not origin-major).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const RouteMatrix = Schema.Array(RouteMatrixElement)
