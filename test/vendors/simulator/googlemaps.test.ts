import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as GoogleMapsClient from "../../../src/vendors/google-maps/GoogleMapsClient.js"
import * as GoogleMapsError from "../../../src/vendors/google-maps/GoogleMapsError.js"
import * as Sim from "./support.js"

/** A canary: if this string shows up in any span, log line or error, the key leaked. */
const API_KEY = "AIzaSyCANARY-maps-7f3e9a1b2c"

const maps = (sim: Sim.Simulator, apiKey = API_KEY) =>
  Sim.client(GoogleMapsClient.make({ apiKey: Redacted.make(apiKey), baseUrl: sim.baseUrl("googlemaps"), policy: Sim.policy }))

const here = { latitude: 37.422, longitude: -122.084 }
const there = { latitude: 37.7749, longitude: -122.4194 }

describe("GoogleMapsClient against the simulator", () => {
  it.scoped("calls every operation: geocoding, places (with field masks), routes, and the health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* maps(sim)
      const [home] = yield* client.geocoding.geocode({ address: "1600 Amphitheatre Parkway" })
      expect(home?.formatted_address).toBe("1600 Amphitheatre Parkway, Springfield")
      expect(yield* client.geocoding.geocode({ address: "nowhere at all" })).toEqual([])
      const reverse = yield* client.geocoding.reverse(here)
      expect(reverse[0]?.geometry.location_type).toBe("ROOFTOP")

      const page = yield* client.places.searchText({ textQuery: "coffee", fields: ["id", "displayName"] })
      expect(page.places).toHaveLength(20)
      expect(Object.keys(page.places[0]!).sort()).toEqual(["displayName", "id"])
      expect(page.nextPageToken).toBe("page-20")
      const all = yield* Stream.runCollect(client.places.searchTextAll({ textQuery: "coffee", fields: ["id"] }))
      expect(Chunk.size(all)).toBe(45)
      const nearby = yield* client.places.searchNearby({
        fields: ["id", "location"],
        locationRestriction: { circle: { center: here, radius: 500 } },
        maxResultCount: 3
      })
      expect(nearby.places.map((p) => Object.keys(p).sort())).toEqual([["id", "location"], ["id", "location"], ["id", "location"]])
      const place = yield* client.places.details({ placeId: page.places[0]!.id!, fields: ["id", "photos", "rating"] })
      expect(place.id).toBe(page.places[0]!.id)
      expect(place.displayName).toBeUndefined()
      const photo = yield* client.places.photoMedia({ name: place.photos![0]!.name, maxWidthPx: 400 })
      expect(photo.photoUri).toMatch(/^https:\/\/lh3\.googleusercontent\.com\/.*=s400$/)
      const suggestions = yield* client.places.autocomplete({ input: "pizz" })
      expect(suggestions.suggestions.map((s) => s.placePrediction?.text?.text)).toHaveLength(3)

      const routes = yield* client.routes.computeRoutes({
        origin: { location: { latLng: here } },
        destination: { address: "San Francisco" },
        travelMode: "DRIVE",
        fields: ["routes.duration", "routes.distanceMeters"]
      })
      expect(Object.keys(routes.routes[0]!).sort()).toEqual(["distanceMeters", "duration"])
      expect(routes.routes[0]!.duration).toMatch(/^\d+s$/)
      const matrix = yield* client.routes.computeRouteMatrix({
        origins: [{ waypoint: { location: { latLng: here } } }, { waypoint: { placeId: "ChIJabc" } }],
        destinations: [{ waypoint: { location: { latLng: there } } }, { waypoint: { address: "Oakland" } }, { waypoint: { address: "Palo Alto" } }],
        fields: ["duration", "condition"]
      })
      // Answered in reverse; returned origin-major.
      expect(matrix.map((e) => [e.originIndex, e.destinationIndex])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
      expect(matrix.every((e) => e.condition === "ROUTE_EXISTS" && e.distanceMeters === undefined)).toBe(true)
      yield* client.healthCheck
      const stats = yield* sim.stats
      expect(stats.requests["googlemaps GET /maps/api/geocode/json"]).toBe(3)
      expect(stats.requests["googlemaps POST /v1/places:searchText"]).toBe(4)
    }))

  describe("faults", () => {
    it.scoped("retries a Places 503 (UNAVAILABLE) and a page of the Text Search stream, getting every place once", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "googlemaps", route: "POST /v1/places:searchText", status: 503, after: 1, times: 2 }
        ])
        const client = yield* maps(sim)
        const all = yield* Sim.drive(Stream.runCollect(client.places.searchTextAll({ textQuery: "tea", fields: ["id"] })))
        expect(new Set(Chunk.toReadonlyArray(all).map((p) => p.id)).size).toBe(45)
        expect(yield* Sim.requests(sim, "googlemaps", "POST /v1/places:searchText")).toBe(5)
      }))

    it.scoped("retries Geocoding's 200 OVER_QUERY_LIMIT with backoff, then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "googlemaps", route: "GET /maps/api/geocode/json", status: 429, times: 2 }
        ])
        const client = yield* maps(sim)
        const results = yield* Sim.drive(client.geocoding.geocode({ address: "10 Downing Street" }))
        expect(results).toHaveLength(1)
        expect(yield* Sim.requests(sim, "googlemaps", "GET /maps/api/geocode/json")).toBe(3)
      }))

    it.scoped("fails OVER_QUERY_LIMIT as RateLimited once retries are spent, and REQUEST_DENIED at once, never naming the key", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "googlemaps", route: "GET /maps/api/geocode/json", status: 429, times: 9 }])
        const client = yield* maps(sim)
        const limited = yield* Sim.failure(Sim.drive(client.geocoding.geocode({ address: "a" }, { policy: { maxRetries: 1 } })))
        Sim.expectError(limited, { reason: "RateLimited", status: 200 }, API_KEY)
        expect(GoogleMapsError.hasStatus("OVER_QUERY_LIMIT")(limited)).toBe(true)
        expect(yield* Sim.requests(sim, "googlemaps", "GET /maps/api/geocode/json")).toBe(2)

        const other = yield* Sim.simulator([], { keys: { googlemaps: ["AIzaSyOTHER-key-000000"] } })
        const denied = yield* Sim.failure((yield* maps(other)).geocoding.reverse(here))
        Sim.expectError(denied, { reason: "Forbidden", status: 200 }, API_KEY)
        expect(GoogleMapsError.details(denied)).toEqual({ status: "REQUEST_DENIED" })
        expect(yield* Sim.requests(other, "googlemaps", "GET /maps/api/geocode/json")).toBe(1)
      }))

    it.scoped("maps Google's error envelope: a refused key is Unauthorized, RESOURCE_EXHAUSTED is RateLimited and retried", () =>
      Effect.gen(function*() {
        const other = yield* Sim.simulator([], { keys: { googlemaps: ["AIzaSyOTHER-key-000000"] } })
        const refused = yield* Sim.failure((yield* maps(other)).places.autocomplete({ input: "x" }))
        Sim.expectError(refused, { reason: "Unauthorized", status: 400 }, API_KEY)
        expect(GoogleMapsError.details(refused)).toEqual({ status: "INVALID_ARGUMENT", reason: "API_KEY_INVALID" })

        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "googlemaps", route: "POST /directions/v2:computeRoutes", status: 429, retryAfterSeconds: 2, times: 1 }
        ])
        const client = yield* maps(sim)
        const routes = yield* Sim.drive(client.routes.computeRoutes({
          origin: { address: "A" },
          destination: { address: "B" },
          fields: ["routes.distanceMeters"]
        }))
        expect(routes.routes).toHaveLength(1)
        expect(yield* Sim.requests(sim, "googlemaps", "POST /directions/v2:computeRoutes")).toBe(2)
      }))

    it.scoped("fails a Route Matrix cut off mid-array as ResponseDrift, never as a smaller matrix", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "truncate", vendor: "googlemaps", route: "POST /distanceMatrix/v2:computeRouteMatrix", fraction: 0.6, times: 1 }
        ])
        const client = yield* maps(sim)
        const params = {
          origins: [{ waypoint: { address: "A" } }, { waypoint: { address: "B" } }],
          destinations: [{ waypoint: { address: "C" } }],
          fields: ["duration"]
        } as const
        const error = yield* Sim.failure(client.routes.computeRouteMatrix(params))
        Sim.expectError(error, { reason: "ResponseDrift", status: 200 }, API_KEY)
        expect((yield* client.routes.computeRouteMatrix(params)).map((e) => e.originIndex)).toEqual([0, 1])
      }))

    it.scoped("reports a Place answer missing its masked field as drift and a dropped connection as Transport after retries", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "malformed", vendor: "googlemaps", route: "GET /v1/places/{placesId}", times: 1 },
          { kind: "reset", vendor: "googlemaps", route: "POST /v1/places:searchNearby", times: 9 }
        ])
        const client = yield* maps(sim)
        Sim.expectError(
          yield* Sim.failure(client.places.details({ placeId: "ChIJabc", fields: ["id"] })),
          { reason: "ResponseDrift", status: 200 },
          API_KEY
        )
        const dropped = yield* Sim.failure(Sim.drive(client.places.searchNearby({
          fields: ["id"],
          locationRestriction: { circle: { center: here, radius: 10 } }
        })))
        Sim.expectError(dropped, { reason: "Transport" }, API_KEY)
        expect(yield* Sim.requests(sim, "googlemaps", "POST /v1/places:searchNearby")).toBe(4)
      }))
  })

  describe("the key that travels in the query string (canary)", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("appears in no span, log line or error, while the simulator did receive it", () =>
      Effect.gen(function*() {
        exporter.reset()
        const lines: Array<string> = []
        const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ message, annotations }) => {
          lines.push(JSON.stringify({ message, annotations: [...annotations] }))
        }))
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "googlemaps", route: "GET /maps/api/geocode/json", status: 500, times: 1 },
          { kind: "status", vendor: "googlemaps", route: "GET /maps/api/geocode/json", status: 429, after: 1, times: 9 }
        ])
        const client = yield* maps(sim)
        const program = Effect.gen(function*() {
          const error = yield* Sim.failure(Sim.drive(client.geocoding.geocode({ address: "Canary Wharf" }, { policy: { maxRetries: 2 } })))
          const ok = yield* Sim.simulator()
          // The simulator accepts only a well-formed key from the query: an answer proves the key was sent.
          expect(yield* (yield* maps(ok)).geocoding.reverse(here)).toHaveLength(1)
          return error
        }).pipe(Effect.provide(capture), Logger.withMinimumLogLevel(LogLevel.All))
        const error = yield* program
        const spans = exporter.getFinishedSpans()
        const geocoding = spans.filter((span) => span.name.startsWith("GoogleMaps.geocoding."))
        expect(geocoding.length).toBeGreaterThanOrEqual(3)
        const urls = geocoding.map((span) => String(span.attributes["url.full"]))
        // The recorded URL is the request's without the per-attempt key; its query values are replaced.
        expect(urls.every((url) => url.includes("/maps/api/geocode/json?") && !url.includes(API_KEY))).toBe(true)
        const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })))
        expect(recorded).not.toContain(API_KEY)
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.join("\n")).not.toContain(API_KEY)
        expect(`${error.message} ${JSON.stringify(error)} ${String(error.cause)}`).not.toContain(API_KEY)
        // A 500 retried by the kernel, then a 200 OVER_QUERY_LIMIT retried twice by the client's status check.
        expect(yield* Sim.requests(sim, "googlemaps", "GET /maps/api/geocode/json")).toBe(4)
        expect(error.reason).toBe("RateLimited")
      }).pipe(Effect.provide(Tracing)))
  })
})
