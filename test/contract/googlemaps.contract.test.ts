/**
 * Google Maps' contract against the client, on test/contract/slices/google-maps.json, which
 * scripts/google-maps-openapi.mjs builds from three sources: Geocoding cut unchanged from googlemaps/openapi-specification
 * (OAS 3.0.3), the Places API (New) methods converted from their Discovery document, and the two Routes v2 methods
 * written by hand from the protos. Every request the client sends is captured and validated (JSON bodies against the
 * request schemas, query parameters against the declared parameters), the headers Google requires are checked, and
 * sampled responses (and the Geocoding spec's own examples) decode with our Schemas. Prism is not run: the converted
 * document has no examples of its own, and the published Geocoding document is 2.7 MB.
 */
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as GoogleMapsClient from "../../src/vendors/google-maps/GoogleMapsClient.js"
import * as S from "../../src/vendors/google-maps/GoogleMapsSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const here = NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url))
const file = NodePath.join(here, "slices/google-maps.json")
const spec: OpenApi.Spec = { file, document: JSON.parse(NodeFs.readFileSync(file, "utf8")), version: "3.0" }
const API_KEY = "AIzaSyCONTRACT-test-key-01"

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

type Param = { readonly name: string; readonly in: string; readonly required?: boolean; readonly schema?: { readonly type?: string } }

/** Query parameters against an operation's declared ones: every name declared, every required one present, types. */
const checkQuery = (method: string, path: string, query: URLSearchParams, ignore: ReadonlyArray<string> = []) => {
  const operation = (spec.document.paths as Record<string, Record<string, { readonly parameters?: ReadonlyArray<Param> }>>)[path]![method]!
  const declared = (operation.parameters ?? []).filter((p) => p.in === "query")
  const problems: Array<string> = []
  for (const [name, value] of query) {
    if (ignore.includes(name)) continue
    const param = declared.find((p) => p.name === name)
    if (param === undefined) problems.push(`undeclared ${name}`)
    else if (param.schema?.type === "integer" && !/^-?\d+$/.test(value)) problems.push(`${name} is not an integer`)
    else if (param.schema?.type === "boolean" && value !== "true" && value !== "false") problems.push(`${name} is not a boolean`)
  }
  for (const param of declared) if (param.required === true && !query.has(param.name)) problems.push(`missing ${param.name}`)
  return problems
}

/** What each captured path answers: a response sampled from the slice. */
const sampled = (request: RecordingServer.Captured): RecordingServer.Reply => {
  const method = request.method.toLowerCase()
  if (request.path === "/maps/api/geocode/json") return { body: OpenApi.sample(spec, method, request.path) }
  if (request.path.endsWith("/media")) return { body: { name: request.path.slice(4), photoUri: "https://lh3.googleusercontent.com/x" } }
  if (request.path.startsWith("/v1/places/")) return { body: OpenApi.sample(spec, "get", "/v1/places/{placesId}") }
  if (request.path === "/distanceMatrix/v2:computeRouteMatrix") {
    return { body: [{ originIndex: 0, destinationIndex: 0, condition: "ROUTE_EXISTS", duration: "60s" }] }
  }
  return { body: { ...(OpenApi.sample(spec, method, request.path) as object), nextPageToken: undefined } }
}

const latLng = { latitude: 48.8584, longitude: 2.2945 }

describe("Google Maps contract", () => {
  describe("requests conform to the slice", () => {
    it.scoped("Places bodies validate against the converted Discovery schemas; masks and key travel as headers", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(sampled)
        const maps = yield* Coverage.tracking(GoogleMapsClient.make)({ apiKey: Redacted.make(API_KEY), baseUrl: server.url })
        yield* maps.places.searchText({
          textQuery: "bakery",
          fields: ["id", "displayName", "location"],
          languageCode: "fr",
          rankPreference: "RELEVANCE",
          pageSize: 10,
          openNow: true,
          minRating: 4,
          locationBias: { circle: { center: latLng, radius: 1000 } }
        })
        yield* Stream.runDrain(maps.places.searchTextAll({ textQuery: "bakery", fields: ["id"] }))
        yield* maps.places.searchNearby({
          fields: ["*"],
          locationRestriction: { circle: { center: latLng, radius: 500 } },
          includedTypes: ["cafe"],
          maxResultCount: 5,
          rankPreference: "DISTANCE"
        })
        yield* maps.places.autocomplete({ input: "Tour Ei", origin: latLng, includedRegionCodes: ["fr"], sessionToken: "abc-123" })
        yield* maps.places.details({ placeId: "places/ChIJLU7jZClu5kcR4PcOOO6p3I0", fields: ["id", "photos"], languageCode: "fr" })
        yield* maps.places.photoMedia({ name: "places/ChIJLU7jZClu5kcR4PcOOO6p3I0/photos/AUc7tXV", maxWidthPx: 800 })
        yield* maps.healthCheck
        const [text, all, nearby, auto, details, photo, health] = yield* server.requests
        expectValid(OpenApi.requestValidator(spec, "post", "/v1/places:searchText")(JSON.parse(text!.body)), "searchText")
        expectValid(OpenApi.requestValidator(spec, "post", "/v1/places:searchText")(JSON.parse(all!.body)), "searchTextAll")
        expectValid(OpenApi.requestValidator(spec, "post", "/v1/places:searchNearby")(JSON.parse(nearby!.body)), "searchNearby")
        expectValid(OpenApi.requestValidator(spec, "post", "/v1/places:autocomplete")(JSON.parse(auto!.body)), "autocomplete")
        expect(text!.headers["x-goog-fieldmask"]).toBe("places.id,places.displayName,places.location,nextPageToken")
        expect(nearby!.headers["x-goog-fieldmask"]).toBe("*")
        expect(auto!.headers["x-goog-fieldmask"]).toBeUndefined()
        expect(details!.headers["x-goog-fieldmask"]).toBe("id,photos")
        expect([details!.method, details!.path]).toEqual(["GET", "/v1/places/ChIJLU7jZClu5kcR4PcOOO6p3I0"])
        expect(checkQuery("get", "/v1/places/{placesId}", details!.query)).toEqual([])
        expect([photo!.path, photo!.query.get("skipHttpRedirect")]).toEqual(["/v1/places/ChIJLU7jZClu5kcR4PcOOO6p3I0/photos/AUc7tXV/media", "true"])
        expect(checkQuery("get", "/v1/places/{placesId}/photos/{photosId}/media", photo!.query)).toEqual([])
        expect(health!.headers["x-goog-fieldmask"]).toBe("id")
        for (const request of [text, all, nearby, auto, details, photo, health]) {
          expect(request!.headers["x-goog-api-key"]).toBe(API_KEY)
          expect(request!.query.has("key")).toBe(false)
        }
        // The validators are not vacuous: the mask in the body, or a missing required field, fails them.
        expect(OpenApi.requestValidator(spec, "post", "/v1/places:searchText")({ textQuery: "x", fields: ["id"] }).valid).toBe(false)
        expect(OpenApi.requestValidator(spec, "post", "/v1/places:searchNearby")({ maxResultCount: 1 }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("Routes bodies validate against the schemas written from the protos", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(sampled)
        const maps = yield* Coverage.tracking(GoogleMapsClient.make)({ apiKey: Redacted.make(API_KEY), baseUrl: server.url })
        yield* maps.routes.computeRoutes({
          origin: { location: { latLng, heading: 90 } },
          destination: { placeId: "ChIJLU7jZClu5kcR4PcOOO6p3I0" },
          intermediates: [{ address: "Arc de Triomphe", via: true }],
          travelMode: "DRIVE",
          routingPreference: "TRAFFIC_AWARE",
          departureTime: "2030-01-01T08:00:00Z",
          routeModifiers: { avoidTolls: true },
          units: "METRIC",
          polylineQuality: "OVERVIEW",
          fields: ["routes.duration", "routes.distanceMeters", "routes.polyline.encodedPolyline"]
        })
        yield* maps.routes.computeRouteMatrix({
          origins: [{ waypoint: { location: { latLng } }, routeModifiers: { avoidFerries: true } }],
          destinations: [{ waypoint: { address: "Versailles" } }],
          travelMode: "DRIVE",
          fields: ["duration", "condition"]
        })
        const [routes, matrix] = yield* server.requests
        expectValid(OpenApi.requestValidator(spec, "post", "/directions/v2:computeRoutes")(JSON.parse(routes!.body)), "computeRoutes")
        expectValid(OpenApi.requestValidator(spec, "post", "/distanceMatrix/v2:computeRouteMatrix")(JSON.parse(matrix!.body)), "matrix")
        expect(routes!.headers["x-goog-fieldmask"]).toBe("routes.duration,routes.distanceMeters,routes.polyline.encodedPolyline")
        expect(matrix!.headers["x-goog-fieldmask"]).toBe("originIndex,destinationIndex,duration,condition")
        expect(routes!.headers["x-goog-api-key"]).toBe(API_KEY)
        expect(OpenApi.requestValidator(spec, "post", "/directions/v2:computeRoutes")({ origin: { address: "x" } }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("Geocoding sends only declared query parameters, the key as `key`", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(sampled)
        const maps = yield* Coverage.tracking(GoogleMapsClient.make)({ apiKey: Redacted.make(API_KEY), baseUrl: server.url })
        yield* maps.geocoding.geocode({ address: "5 Av. Anatole France", components: "country:FR", language: "fr", region: "fr" })
        yield* maps.geocoding.reverse({ ...latLng, result_type: "street_address", location_type: "ROOFTOP" })
        const [forward, reverse] = yield* server.requests
        expect(checkQuery("get", "/maps/api/geocode/json", forward!.query, ["key"])).toEqual([])
        expect(checkQuery("get", "/maps/api/geocode/json", reverse!.query, ["key"])).toEqual([])
        expect(reverse!.query.get("latlng")).toBe("48.8584,2.2945")
        for (const request of [forward, reverse]) {
          expect(request!.query.get("key")).toBe(API_KEY)
          expect(request!.headers["x-goog-api-key"]).toBeUndefined()
        }
        expect(checkQuery("get", "/maps/api/geocode/json", new URLSearchParams("adress=x"))).toEqual(["undeclared adress"])
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the slice decode", () => {
    const operations = [
      ["get", "/maps/api/geocode/json", S.GeocodingResponse],
      ["post", "/v1/places:searchText", S.SearchTextResponse],
      ["post", "/v1/places:searchNearby", S.SearchNearbyResponse],
      ["get", "/v1/places/{placesId}", S.Place],
      ["post", "/v1/places:autocomplete", S.AutocompleteResponse],
      ["get", "/v1/places/{placesId}/photos/{photosId}/media", S.PhotoMedia],
      ["post", "/directions/v2:computeRoutes", S.ComputeRoutesResponse],
      ["post", "/distanceMatrix/v2:computeRouteMatrix", S.RouteMatrix]
    ] as const

    it.effect("a sampled response of each operation, after checking it against the slice", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of operations) {
          const sample = OpenApi.sample(spec, method, path)
          expectValid(OpenApi.responseValidator(spec, method, path)(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
        }
      }))

    it.effect("the published Geocoding document's own examples decode", () =>
      Effect.gen(function*() {
        const published = OpenApi.load("google-maps/google-maps-platform-openapi3.json")
        const examples = OpenApi.examples(published, "get", "/maps/api/geocode/json")
        expect(examples.length).toBeGreaterThan(0)
        for (const example of examples) yield* decodes(S.GeocodingResponse, example)
      }))
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "GoogleMaps",
    specs: [spec],
    prism: false,
    client: GoogleMapsClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: "http://127.0.0.1:9" })
  })
})
