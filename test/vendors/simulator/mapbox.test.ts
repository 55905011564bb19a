import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as RateLimiter from "../../../src/core/RateLimiter.js"
import * as MapboxClient from "../../../src/vendors/mapbox/MapboxClient.js"
import * as MapboxError from "../../../src/vendors/mapbox/MapboxError.js"
import * as Sim from "./support.js"

/** A canary: if this string shows up in any span, log line or error, the token leaked. */
const TOKEN = "pk.eyJ1IjoiY2FuYXJ5In0.CANARY-mapbox-4b9d"

const mapbox = (sim: Sim.Simulator, options: Partial<MapboxClient.Options> = {}) =>
  Sim.client(MapboxClient.make({ accessToken: Redacted.make(TOKEN), baseUrl: sim.baseUrl("mapbox"), policy: Sim.policy, ...options }))

const washington = { longitude: -77.0501, latitude: 38.8893 }
const arlington = { longitude: -77.0723, latitude: 38.8799 }
const baltimore = { longitude: -76.6122, latitude: 39.2904 }

describe("MapboxClient against the simulator", () => {
  it.scoped("calls every operation: forward, reverse and batch geocoding, directions, matrix, and the health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* mapbox(sim)
      const found = yield* client.geocoding.forward({ q: "2 Lincoln Memorial Circle SW", limit: 2, country: ["us"], proximity: washington })
      expect(found.features.map((f) => f.properties.name)).toEqual(["2 Lincoln Memorial Circle SW", "2 Lincoln Memorial Circle SW 2"])
      expect((yield* client.geocoding.forward({ q: "nowhere" })).features).toEqual([])
      const reverse = yield* client.geocoding.reverse({ ...washington, types: ["address"] })
      expect(reverse.features[0]?.geometry.coordinates).toEqual([washington.longitude, washington.latitude])
      const batch = yield* client.geocoding.batch({ queries: [{ q: "Baltimore" }, { ...arlington }, { q: "nowhere" }] })
      expect(batch.map((c) => c.features.length)).toEqual([1, 1, 0])
      const directions = yield* client.directions.route({ profile: "driving", coordinates: [washington, arlington, baltimore], geometries: "geojson" })
      expect(directions.routes[0]?.legs).toHaveLength(2)
      expect(directions.waypoints).toHaveLength(3)
      const matrix = yield* client.matrix.compute({
        profile: "driving-traffic",
        coordinates: [washington, arlington, baltimore],
        sources: [0],
        annotations: ["duration", "distance"]
      })
      expect(matrix.durations?.[0]?.[0]).toBe(0)
      expect(matrix.distances?.[0]).toHaveLength(3)
      yield* client.healthCheck
      expect((yield* sim.stats).totalRequests).toBe(7)
    }))

  describe("faults", () => {
    it.scoped("waits out a 429 until X-Rate-Limit-Reset on the clock, then answers", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "status", vendor: "mapbox", route: "GET /search/geocode/v6/forward", status: 429, times: 1 }])
        const client = yield* mapbox(sim)
        const started = yield* Clock.currentTimeMillis
        const found = yield* Sim.drive(client.geocoding.forward({ q: "Paris", limit: 1 }))
        expect(found.features.map((f) => f.properties.name)).toEqual(["Paris"])
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(1_000)
        expect(yield* Sim.requests(sim, "mapbox", "GET /search/geocode/v6/forward")).toBe(2)
      }))

    it.scoped("feeds a shared limiter with X-Rate-Limit-Limit and pauses it on a 429", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "rateLimit", vendor: "mapbox", limit: 2, windowMs: 60_000 }])
        const limiter = yield* RateLimiter.make({ vendor: "Mapbox", limit: 100, window: "1 minute" })
        const client = yield* mapbox(sim, { rateLimit: limiter })
        yield* client.geocoding.reverse(washington)
        yield* client.geocoding.reverse(arlington)
        const limited = yield* Sim.failure(client.geocoding.reverse(baltimore, { policy: { maxRetries: 0 } }))
        Sim.expectError(limited, { reason: "RateLimited", status: 429 }, TOKEN)
        expect(MapboxError.details(limited)).toMatchObject({ rate_limit_limit: "2", rate_limit_interval: "60" })
        expect((yield* limiter.status()).pausedUntil).toBeDefined()
      }))

    it.scoped("retries a 503 and a dropped connection; a refused token fails at once as Unauthorized", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "mapbox", route: "GET /directions-matrix/v1/mapbox/{profile}/{coordinates}", status: 503, times: 1 },
          { kind: "reset", vendor: "mapbox", route: "POST /search/geocode/v6/batch", times: 1 }
        ])
        const client = yield* mapbox(sim)
        yield* Sim.drive(client.matrix.compute({ profile: "walking", coordinates: [washington, arlington] }))
        yield* Sim.drive(client.geocoding.batch({ queries: [{ q: "Rome" }] }))
        expect(yield* Sim.requests(sim, "mapbox", "GET /directions-matrix/v1/mapbox/{profile}/{coordinates}")).toBe(2)
        expect(yield* Sim.requests(sim, "mapbox", "POST /search/geocode/v6/batch")).toBe(2)
        const other = yield* Sim.simulator([], { keys: { mapbox: ["pk.someone-else-000000"] } })
        const refused = yield* Sim.failure((yield* mapbox(other)).geocoding.forward({ q: "x" }))
        Sim.expectError(refused, { reason: "Unauthorized", status: 401 }, TOKEN)
        expect(yield* Sim.requests(other, "mapbox", "GET /search/geocode/v6/forward")).toBe(1)
        const unhealthy = yield* Sim.failure((yield* mapbox(other)).healthCheck)
        Sim.expectError(unhealthy, { reason: "Unauthorized", status: 401 }, TOKEN)
      }))

    it.scoped("a 200 NoRoute is NotFound, never an empty route; a truncated answer is ResponseDrift", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "truncate", vendor: "mapbox", route: "GET /search/geocode/v6/reverse", fraction: 0.5, times: 1 }
        ])
        const client = yield* mapbox(sim)
        const far = yield* Sim.failure(client.directions.route({ profile: "driving", coordinates: [washington, { longitude: 139.69, latitude: 35.68 }] }))
        Sim.expectError(far, { reason: "NotFound", status: 200 }, TOKEN)
        expect(MapboxError.hasCode("NoRoute")(far)).toBe(true)
        Sim.expectError(yield* Sim.failure(client.geocoding.reverse(washington)), { reason: "ResponseDrift", status: 200 }, TOKEN)
      }))
  })

  describe("the token that travels in the query string (canary)", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("appears in no span, log line or error, while the simulator did receive it", () =>
      Effect.gen(function*() {
        exporter.reset()
        const lines: Array<string> = []
        const capture = Logger.replace(Logger.defaultLogger, Logger.make(({ annotations, message }) => {
          lines.push(JSON.stringify({ message, annotations: [...annotations] }))
        }))
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "mapbox", route: "GET /search/geocode/v6/forward", status: 500, times: 9 }
        ])
        const client = yield* mapbox(sim)
        const error = yield* Sim.failure(Sim.drive(client.geocoding.forward({ q: "Canary Wharf" }))).pipe(
          Effect.provide(capture),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        // An accepted token proves it was sent: the simulator checks it from the query.
        expect((yield* client.directions.route({ profile: "cycling", coordinates: [washington, arlington] })).code).toBe("Ok")
        const spans = exporter.getFinishedSpans()
        expect(spans.filter((span) => span.name.startsWith("Mapbox.")).length).toBeGreaterThanOrEqual(2)
        const recorded = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })))
        expect(recorded).toContain("/search/geocode/v6/forward?")
        expect(recorded).not.toContain(TOKEN)
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.join("\n")).not.toContain(TOKEN)
        expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN)
        expect(error.reason).toBe("Server")
      }).pipe(Effect.provide(Tracing)))
  })
})
