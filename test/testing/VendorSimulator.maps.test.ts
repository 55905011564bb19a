import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const KEY = "AIzaSySimulatorKey-000"

const google = (simulator: VendorSimulator.VendorSimulator.Service, headers: Record<string, string> = { "x-goog-api-key": KEY }) =>
(path: string, json?: unknown) =>
  Http.send(`${simulator.baseUrl("googlemaps")}${path}`, { headers, ...(json === undefined ? {} : { json }) })

const circle = { center: { latitude: 48.85, longitude: 2.29 }, radius: 300 }

describe("VendorSimulator: Google Maps", () => {
  it.scoped("answers every route with bodies valid against the converted slice, masked by X-Goog-FieldMask", () =>
    Effect.gen(function*() {
      const sim = yield* VendorSimulator.make()
      const call = google(sim)
      const with_ = (mask: string) => google(sim, { "x-goog-api-key": KEY, "x-goog-fieldmask": mask })
      const geocode = yield* Http.send(`${sim.baseUrl("googlemaps")}/maps/api/geocode/json?address=Paris&key=${KEY}`)
      valid(Spec.response("google-maps", "GET", "/maps/api/geocode/json", 200, geocode.json))
      const text = yield* with_("places.id,places.photos,nextPageToken")("/v1/places:searchText", { textQuery: "cafe" })
      valid(Spec.response("google-maps", "POST", "/v1/places:searchText", 200, text.json))
      expect(text.json).toMatchObject({ nextPageToken: "page-20" })
      const nearby = yield* with_("*")("/v1/places:searchNearby", { locationRestriction: { circle } })
      valid(Spec.response("google-maps", "POST", "/v1/places:searchNearby", 200, nearby.json))
      const place = yield* with_("id,displayName")("/v1/places/ChIJabc")
      valid(Spec.response("google-maps", "GET", "/v1/places/{placesId}", 200, place.json))
      expect(place.json).toEqual({ id: "ChIJabc", displayName: { text: "Simulated Place Jabc", languageCode: "en" } })
      const auto = yield* call("/v1/places:autocomplete", { input: "caf" })
      valid(Spec.response("google-maps", "POST", "/v1/places:autocomplete", 200, auto.json))
      const media = yield* call("/v1/places/ChIJabc/photos/p1/media?maxHeightPx=100&skipHttpRedirect=true")
      valid(Spec.response("google-maps", "GET", "/v1/places/{placesId}/photos/{photosId}/media", 200, media.json))
      const routes = yield* with_("routes.duration,routes.legs")("/directions/v2:computeRoutes", {
        origin: { address: "A" },
        destination: { location: { latLng: circle.center } }
      })
      valid(Spec.response("google-maps", "POST", "/directions/v2:computeRoutes", 200, routes.json))
      const matrix = yield* with_("originIndex,destinationIndex,status,condition,duration")("/distanceMatrix/v2:computeRouteMatrix", {
        origins: [{ waypoint: { address: "A" } }],
        destinations: [{ waypoint: { address: "B" } }, { waypoint: { address: "C" } }]
      })
      valid(Spec.response("google-maps", "POST", "/distanceMatrix/v2:computeRouteMatrix", 200, matrix.json))
      expect(matrix.json).toHaveLength(2)
    }))

  it.scoped("refuses as Google does: no mask 400, no key 403, a bad key 400 API_KEY_INVALID, Geocoding in a 200 status", () =>
    Effect.gen(function*() {
      const sim = yield* VendorSimulator.make()
      const noMask = yield* google(sim)("/v1/places:searchText", { textQuery: "x" })
      expect(noMask.status).toBe(400)
      valid(Spec.response("google-maps", "POST", "/v1/places:searchText", 400, noMask.json))
      const noKey = yield* google(sim, { "x-goog-fieldmask": "*" })("/v1/places:searchText", { textQuery: "x" })
      expect([noKey.status, (noKey.json as { error: { status: string } }).error.status]).toEqual([403, "PERMISSION_DENIED"])
      const badKey = yield* google(sim, { "x-goog-api-key": "nope", "x-goog-fieldmask": "*" })("/v1/places/ChIJabc")
      expect(badKey.status).toBe(400)
      expect(JSON.stringify(badKey.json)).toContain("API_KEY_INVALID")
      const denied = yield* Http.send(`${sim.baseUrl("googlemaps")}/maps/api/geocode/json?address=Paris`)
      expect([denied.status, (denied.json as { status: string }).status]).toEqual([200, "REQUEST_DENIED"])
      const zero = yield* Http.send(`${sim.baseUrl("googlemaps")}/maps/api/geocode/json?address=nowhere&key=${KEY}`)
      expect(zero.json).toEqual({ results: [], status: "ZERO_RESULTS" })
      valid(Spec.response("google-maps", "GET", "/maps/api/geocode/json", 200, zero.json))
    }))
})

describe("VendorSimulator: Mapbox", () => {
  const TOKEN = "pk.simulator-token-0001"
  const mapbox = (simulator: VendorSimulator.VendorSimulator.Service) => (path: string, json?: unknown) =>
    Http.send(`${simulator.baseUrl("mapbox")}${path}${path.includes("?") ? "&" : "?"}access_token=${TOKEN}`, json === undefined ? {} : { json })

  it.scoped("answers each route with Mapbox's shapes and its X-Rate-Limit-* headers", () =>
    Effect.gen(function*() {
      const sim = yield* VendorSimulator.make()
      const call = mapbox(sim)
      const forward = yield* call("/search/geocode/v6/forward?q=Paris&limit=1")
      expect(forward.status).toBe(200)
      expect(forward.json).toMatchObject({ type: "FeatureCollection", features: [{ type: "Feature", properties: { name: "Paris" } }] })
      expect([forward.headers.get("x-rate-limit-interval"), forward.headers.get("x-rate-limit-limit")]).toEqual(["60", "1000"])
      expect(Number(forward.headers.get("x-rate-limit-reset"))).toBeGreaterThan(0)
      const batch = yield* call("/search/geocode/v6/batch", [{ q: "Rome" }, { longitude: 2.3, latitude: 48.8 }])
      expect((batch.json as { batch: Array<unknown> }).batch).toHaveLength(2)
      const route = yield* call("/directions/v5/mapbox/walking/2.29,48.85;2.35,48.86")
      expect(route.json).toMatchObject({ code: "Ok", routes: [{ legs: [{}] }] })
      const matrix = yield* call("/directions-matrix/v1/mapbox/driving/2.29,48.85;2.35,48.86?annotations=distance")
      expect(matrix.json).toMatchObject({ code: "Ok", distances: [[0, expect.any(Number)], [expect.any(Number), 0]] })
      const profile = yield* call("/directions/v5/mapbox/flying/2.29,48.85;2.35,48.86")
      expect([profile.status, profile.json]).toEqual([404, { code: "ProfileNotFound", message: "Profile not found" }])
      const noToken = yield* Http.send(`${sim.baseUrl("mapbox")}/search/geocode/v6/forward?q=x`)
      expect([noToken.status, noToken.json]).toEqual([401, { message: "Not Authorized - No Token" }])
    }))
})
