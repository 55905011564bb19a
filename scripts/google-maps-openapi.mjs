#!/usr/bin/env node
/**
 * Builds test/contract/slices/google-maps.json, the OpenAPI 3.0 contract of the Google Maps client, from three sources
 * that are not all OpenAPI:
 *
 * 1. Geocoding: `GET /maps/api/geocode/json`, cut from googlemaps/openapi-specification
 *    (`google-maps/google-maps-platform-openapi3.json`) with `sliceDocument` from slice-specs.mjs, unchanged.
 * 2. Places API (New): the five methods the client calls, CONVERTED from the Discovery document
 *    (`google-maps/places-v1.discovery.json`) by the rules below.
 * 3. Routes v2: `computeRoutes` and `computeRouteMatrix`, WRITTEN BY HAND below from the protos in
 *    `google-maps/routes-v2-protos/` (routes_service.proto, route.proto, waypoint.proto, ...) and their JSON mapping
 *    (proto3 JSON: lowerCamelCase names, enums as their names, `Duration` as `"<seconds>s"`, int64 as strings). Only the
 *    fields the client types are listed; nested messages the client passes through untyped are open objects.
 *
 * Discovery → OpenAPI rules (Google's conventions, stated in the Discovery format docs and AIP-203):
 * - `$ref: "Name"` becomes `#/components/schemas/Name`; `id`, `enumDescriptions` and `readOnly` are dropped;
 *   `google-datetime` becomes `date-time`, other `google-*` formats are dropped (no JSON Schema meaning).
 * - Schemas reachable from a request body are closed (`additionalProperties: false`: Google's front end refuses an
 *   unknown field with 400 "Invalid JSON payload received. Unknown name"), and a field documented "Required." is
 *   `required` (AIP-203 field behaviour, which Discovery only keeps in the prose).
 * - `flatPath` gives the path (`v1/places/{placesId}`), its `{...}` segments path parameters; `location: "query"`
 *   parameters become query parameters. Every operation answers 200 with its `response` schema, and `default` with
 *   Google's error envelope (AIP-193 `{ error: { code, message, status, details } }`, written here by hand).
 *
 *     node scripts/google-maps-openapi.mjs          # reads /work/shared/specs or $SPECS_DIR
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { load, sliceDocument } from "./slice-specs.mjs"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const specsDir = process.env.SPECS_DIR ?? "/work/shared/specs"
const target = join(root, "test", "contract", "slices", "google-maps.json")

// ---- 1. Geocoding, as published ----------------------------------------------------------------------------------
const geocoding = sliceDocument(await load("google-maps/google-maps-platform-openapi3.json", specsDir), {
  name: "google-maps",
  file: "google-maps/google-maps-platform-openapi3.json",
  operations: [["get", "/maps/api/geocode/json"]]
})

// ---- 2. Places (New), converted from Discovery -------------------------------------------------------------------
const discovery = JSON.parse(readFileSync(join(specsDir, "google-maps/places-v1.discovery.json"), "utf8"))
const placesMethods = [
  discovery.resources.places.methods.searchText,
  discovery.resources.places.methods.searchNearby,
  discovery.resources.places.methods.get,
  discovery.resources.places.methods.autocomplete,
  discovery.resources.places.resources.photos.methods.getMedia
]

const ref = (name) => ({ $ref: `#/components/schemas/${name}` })

const convertSchema = (schema, closed) => {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, closed))
  if (schema === null || typeof schema !== "object") return schema
  if (typeof schema.$ref === "string") return ref(schema.$ref)
  const out = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === "id" || key === "enumDescriptions" || key === "readOnly" || key === "description") continue
    if (key === "format") {
      if (value === "google-datetime") out.format = "date-time"
      else if (!String(value).startsWith("google-")) out.format = value
    } else if (key === "properties") {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v, closed)]))
    } else if (key === "items" || key === "additionalProperties") {
      out[key] = typeof value === "object" ? convertSchema(value, closed) : value
    } else {
      out[key] = value
    }
  }
  if (closed && schema.properties !== undefined) {
    const required = Object.entries(schema.properties)
      .filter(([, v]) => typeof v.description === "string" && v.description.startsWith("Required."))
      .map(([k]) => k)
    if (required.length > 0) out.required = required
    out.additionalProperties = false
  }
  return out
}

/** The schema names a Discovery schema references, transitively. */
const reachable = (names) => {
  const seen = new Set()
  const queue = [...names]
  while (queue.length > 0) {
    const name = queue.shift()
    if (seen.has(name)) continue
    seen.add(name)
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk)
      if (node === null || typeof node !== "object") return
      if (typeof node.$ref === "string") queue.push(node.$ref)
      for (const value of Object.values(node)) walk(value)
    }
    walk(discovery.schemas[name])
  }
  return seen
}

const requestSide = reachable(placesMethods.flatMap((m) => (m.request ? [m.request.$ref] : [])))
const responseSide = reachable(placesMethods.map((m) => m.response.$ref))

const googleError = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "status"],
      properties: {
        code: { type: "integer" },
        message: { type: "string" },
        status: { type: "string" },
        details: { type: "array", items: { type: "object" } }
      }
    }
  }
}

const placesPaths = {}
for (const method of placesMethods) {
  const path = `/${method.flatPath}`
  const parameters = Object.entries(method.parameters ?? {}).map(([name, p]) =>
    p.location === "path"
      ? undefined
      : { name, in: "query", ...(p.required ? { required: true } : {}), schema: convertSchema({ type: p.type, format: p.format }, false) }
  ).filter((p) => p !== undefined)
  for (const [, segment] of path.matchAll(/\{(\w+)\}/g)) parameters.unshift({ name: segment, in: "path", required: true, schema: { type: "string" } })
  placesPaths[path] = {
    [method.httpMethod.toLowerCase()]: {
      operationId: method.id,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(method.request
        ? { requestBody: { required: true, content: { "application/json": { schema: ref(method.request.$ref) } } } }
        : {}),
      responses: {
        200: { content: { "application/json": { schema: ref(method.response.$ref) } } },
        default: { content: { "application/json": { schema: ref("GoogleApiError") } } }
      }
    }
  }
}
const placesSchemas = {}
for (const name of [...new Set([...requestSide, ...responseSide])].sort()) {
  // A schema on both sides stays open: the response side may carry fields a request never sends.
  placesSchemas[name] = convertSchema(discovery.schemas[name], requestSide.has(name) && !responseSide.has(name))
}

// ---- 3. Routes v2, written by hand from the protos ---------------------------------------------------------------
const closedObject = (properties, required = []) => ({
  type: "object",
  ...(required.length > 0 ? { required } : {}),
  properties,
  additionalProperties: false
})
const openObject = (properties) => ({ type: "object", properties })
const enumOf = (...values) => ({ type: "string", enum: values })
const duration = { type: "string", pattern: "^-?\\d+(\\.\\d+)?s$", example: "1234s" }
const timestamp = { type: "string", format: "date-time" }
const latLng = { type: "object", required: ["latitude", "longitude"], properties: { latitude: { type: "number" }, longitude: { type: "number" } } }

const routesSchemas = {
  // waypoint.proto `Waypoint` (oneof location_type: location | place_id | address), location.proto `Location`.
  RoutesWaypoint: {
    ...closedObject({
      location: closedObject({ latLng: ref("RoutesLatLng"), heading: { type: "integer" } }, ["latLng"]),
      placeId: { type: "string" },
      address: { type: "string" },
      via: { type: "boolean" },
      vehicleStopover: { type: "boolean" },
      sideOfRoad: { type: "boolean" }
    }),
    oneOf: [{ required: ["location"] }, { required: ["placeId"] }, { required: ["address"] }]
  },
  RoutesLatLng: latLng,
  // route_modifiers.proto `RouteModifiers` (vehicle_info and toll_passes passed through).
  RoutesRouteModifiers: closedObject({
    avoidTolls: { type: "boolean" },
    avoidHighways: { type: "boolean" },
    avoidFerries: { type: "boolean" },
    avoidIndoor: { type: "boolean" },
    vehicleInfo: { type: "object" },
    tollPasses: { type: "array", items: { type: "string" } }
  }),
  RoutesTravelMode: enumOf("TRAVEL_MODE_UNSPECIFIED", "DRIVE", "BICYCLE", "WALK", "TWO_WHEELER", "TRANSIT"),
  RoutesRoutingPreference: enumOf("ROUTING_PREFERENCE_UNSPECIFIED", "TRAFFIC_UNAWARE", "TRAFFIC_AWARE", "TRAFFIC_AWARE_OPTIMAL"),
  RoutesUnits: enumOf("UNITS_UNSPECIFIED", "METRIC", "IMPERIAL"),
  RoutesTrafficModel: enumOf("TRAFFIC_MODEL_UNSPECIFIED", "BEST_GUESS", "PESSIMISTIC", "OPTIMISTIC"),
  // routes_service.proto `ComputeRoutesRequest` (origin and destination REQUIRED).
  RoutesComputeRoutesRequest: closedObject({
    origin: ref("RoutesWaypoint"),
    destination: ref("RoutesWaypoint"),
    intermediates: { type: "array", items: ref("RoutesWaypoint"), maxItems: 25 },
    travelMode: ref("RoutesTravelMode"),
    routingPreference: ref("RoutesRoutingPreference"),
    polylineQuality: enumOf("POLYLINE_QUALITY_UNSPECIFIED", "HIGH_QUALITY", "OVERVIEW"),
    polylineEncoding: enumOf("POLYLINE_ENCODING_UNSPECIFIED", "ENCODED_POLYLINE", "GEO_JSON_LINESTRING"),
    departureTime: timestamp,
    arrivalTime: timestamp,
    computeAlternativeRoutes: { type: "boolean" },
    routeModifiers: ref("RoutesRouteModifiers"),
    languageCode: { type: "string" },
    regionCode: { type: "string" },
    units: ref("RoutesUnits"),
    optimizeWaypointOrder: { type: "boolean" },
    requestedReferenceRoutes: { type: "array", items: enumOf("REFERENCE_ROUTE_UNSPECIFIED", "FUEL_EFFICIENT", "SHORTER_DISTANCE") },
    extraComputations: {
      type: "array",
      items: enumOf(
        "EXTRA_COMPUTATION_UNSPECIFIED",
        "TOLLS",
        "FUEL_CONSUMPTION",
        "TRAFFIC_ON_POLYLINE",
        "HTML_FORMATTED_NAVIGATION_INSTRUCTIONS",
        "FLYOVER_INFO_ON_POLYLINE",
        "NARROW_ROAD_INFO_ON_POLYLINE"
      )
    },
    trafficModel: ref("RoutesTrafficModel"),
    transitPreferences: { type: "object" }
  }, ["origin", "destination"]),
  // polyline.proto `Polyline` (oneof encoded_polyline | geo_json_linestring).
  RoutesPolyline: openObject({ encodedPolyline: { type: "string" }, geoJsonLinestring: { type: "object" } }),
  // route.proto `RouteLeg` and `RouteLegStep` (the fields the client types).
  RoutesRouteLeg: openObject({
    distanceMeters: { type: "integer" },
    duration,
    staticDuration: duration,
    polyline: ref("RoutesPolyline"),
    startLocation: openObject({ latLng }),
    endLocation: openObject({ latLng }),
    steps: { type: "array", items: openObject({ distanceMeters: { type: "integer" }, staticDuration: duration, polyline: ref("RoutesPolyline"), navigationInstruction: openObject({ maneuver: { type: "string" }, instructions: { type: "string" } }) }) }
  }),
  // route.proto `Route`.
  RoutesRoute: openObject({
    routeLabels: { type: "array", items: { type: "string" } },
    legs: { type: "array", items: ref("RoutesRouteLeg") },
    distanceMeters: { type: "integer" },
    duration,
    staticDuration: duration,
    polyline: ref("RoutesPolyline"),
    description: { type: "string" },
    warnings: { type: "array", items: { type: "string" } },
    viewport: openObject({ low: latLng, high: latLng }),
    travelAdvisory: { type: "object" },
    optimizedIntermediateWaypointIndex: { type: "array", items: { type: "integer" } },
    routeToken: { type: "string" }
  }),
  // routes_service.proto `ComputeRoutesResponse`.
  RoutesComputeRoutesResponse: openObject({
    routes: { type: "array", items: ref("RoutesRoute") },
    fallbackInfo: openObject({ routingMode: { type: "string" }, reason: { type: "string" } }),
    geocodingResults: { type: "object" }
  }),
  // routes_service.proto `ComputeRouteMatrixRequest` (origins and destinations REQUIRED; at most 625 elements).
  RoutesComputeRouteMatrixRequest: closedObject({
    origins: { type: "array", minItems: 1, items: closedObject({ waypoint: ref("RoutesWaypoint"), routeModifiers: ref("RoutesRouteModifiers") }, ["waypoint"]) },
    destinations: { type: "array", minItems: 1, items: closedObject({ waypoint: ref("RoutesWaypoint") }, ["waypoint"]) },
    travelMode: ref("RoutesTravelMode"),
    routingPreference: ref("RoutesRoutingPreference"),
    departureTime: timestamp,
    arrivalTime: timestamp,
    languageCode: { type: "string" },
    regionCode: { type: "string" },
    units: ref("RoutesUnits"),
    extraComputations: { type: "array", items: enumOf("EXTRA_COMPUTATION_UNSPECIFIED", "TOLLS") },
    trafficModel: ref("RoutesTrafficModel"),
    transitPreferences: { type: "object" }
  }, ["origins", "destinations"]),
  // routes_service.proto `RouteMatrixElement`; over REST the method answers a JSON array of them, sent as it is computed.
  RoutesRouteMatrixElement: openObject({
    originIndex: { type: "integer" },
    destinationIndex: { type: "integer" },
    status: openObject({ code: { type: "integer" }, message: { type: "string" }, details: { type: "array" } }),
    condition: enumOf("ROUTE_MATRIX_ELEMENT_CONDITION_UNSPECIFIED", "ROUTE_EXISTS", "ROUTE_NOT_FOUND"),
    distanceMeters: { type: "integer" },
    duration,
    staticDuration: duration,
    travelAdvisory: { type: "object" },
    fallbackInfo: { type: "object" },
    localizedValues: { type: "object" }
  })
}

const routesOperation = (operationId, request, response) => ({
  post: {
    operationId,
    requestBody: { required: true, content: { "application/json": { schema: ref(request) } } },
    responses: {
      200: { content: { "application/json": { schema: response } } },
      default: { content: { "application/json": { schema: ref("GoogleApiError") } } }
    }
  }
})

const routesPaths = {
  "/directions/v2:computeRoutes": routesOperation(
    "routes.computeRoutes",
    "RoutesComputeRoutesRequest",
    ref("RoutesComputeRoutesResponse")
  ),
  "/distanceMatrix/v2:computeRouteMatrix": routesOperation(
    "routes.computeRouteMatrix",
    "RoutesComputeRouteMatrixRequest",
    { type: "array", items: ref("RoutesRouteMatrixElement") }
  )
}

// ---- one document --------------------------------------------------------------------------------------------------
const document = {
  openapi: "3.0.3",
  info: {
    title: "Google Maps Platform: Geocoding, Places API (New), Routes v2 (contract slice)",
    version: `geocoding ${geocoding.info.version}; places ${discovery.revision}; routes v2 protos`,
    "x-slice-of": "google-maps/google-maps-platform-openapi3.json, google-maps/places-v1.discovery.json, google-maps/routes-v2-protos/",
    "x-generated-by": "scripts/google-maps-openapi.mjs (do not edit by hand)"
  },
  paths: { ...geocoding.paths, ...placesPaths, ...routesPaths },
  components: {
    ...geocoding.components,
    schemas: { ...geocoding.components.schemas, ...placesSchemas, ...routesSchemas, GoogleApiError: googleError }
  }
}
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, JSON.stringify(document) + "\n")
console.log(
  `google-maps: ${Object.keys(document.paths).length} paths, ${Object.keys(document.components.schemas).length} schemas -> ${target}`
)
