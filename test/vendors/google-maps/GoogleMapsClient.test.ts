import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Health from "../../../src/core/Health.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import { isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as GoogleMapsClient from "../../../src/vendors/google-maps/GoogleMapsClient.js"
import * as Routes from "../../../src/vendors/google-maps/resources/Routes.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "AIzaSyCANARY-unit-5d2e8c"

const client = (options: Partial<GoogleMapsClient.Options> = {}) =>
  GoogleMapsClient.make({ apiKey: Redacted.make(API_KEY), ...options })

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const geocodeOk = { status: "OK", results: [] }

describe("GoogleMapsClient", () => {
  describe("hosts and keys", () => {
    it.scoped("sends each API to its own Google host: the key as ?key= to Geocoding, as X-Goog-Api-Key elsewhere", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_, request) =>
          StubHttp.json(200, request.url.includes("geocode") ? geocodeOk : request.url.includes("places/") ? { id: "p" } : { routes: [] })
        )
        const maps = yield* client().pipe(Effect.provide(stub.layer))
        yield* maps.geocoding.geocode({ address: "Paris" })
        yield* maps.places.details({ placeId: "ChIJ1", fields: ["id"] })
        yield* maps.routes.computeRoutes({ origin: { address: "A" }, destination: { address: "B" }, fields: ["routes.duration"] })
        const [geocode, details, routes] = yield* stub.requests
        const url = (r: StubHttp.Recorded | undefined) => new URL(r!.url)
        expect([url(geocode).origin, url(geocode).pathname, url(geocode).searchParams.get("key")]).toEqual([
          "https://maps.googleapis.com",
          "/maps/api/geocode/json",
          API_KEY
        ])
        expect(geocode!.headers["x-goog-api-key"]).toBeUndefined()
        expect([url(details).origin, details!.headers["x-goog-api-key"], details!.headers["x-goog-fieldmask"]]).toEqual([
          "https://places.googleapis.com",
          API_KEY,
          "id"
        ])
        expect([url(routes).origin + url(routes).pathname, url(routes).searchParams.has("key")]).toEqual([
          "https://routes.googleapis.com/directions/v2:computeRoutes",
          false
        ])
      }))

    it.scoped("a non-default baseUrl serves all three APIs; per-API base URLs win", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_, request) => StubHttp.json(200, request.url.includes("geocode") ? geocodeOk : { routes: [] }))
        const maps = yield* client({ baseUrl: "http://proxy.test/maps", routesBaseUrl: "http://routes.test" }).pipe(Effect.provide(stub.layer))
        yield* maps.geocoding.reverse({ latitude: 1, longitude: 2 })
        yield* maps.routes.computeRoutes({ origin: { address: "A" }, destination: { address: "B" }, fields: ["*"] })
        const [geocode, routes] = yield* stub.requests
        expect(geocode!.url).toMatch(/^http:\/\/proxy\.test\/maps\/maps\/api\/geocode\/json\?latlng=1%2C2&key=/)
        expect(routes!.url).toBe("http://routes.test/directions/v2:computeRoutes")
      }))

    it.scoped("checks input before any I/O: a mask is required, coordinates in range, the matrix within 625 elements", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const maps = yield* client().pipe(Effect.provide(stub.layer))
        const fail = <A>(self: Effect.Effect<A, unknown>) => Effect.flip(self)
        const failures = [
          yield* fail(maps.places.searchText({ textQuery: "x", fields: [] as unknown as ["id"] })),
          yield* fail(maps.places.details({ placeId: "x", fields: ["notAField" as "id"] })),
          yield* fail(maps.geocoding.reverse({ latitude: 91, longitude: 0 })),
          yield* fail(maps.geocoding.geocode({})),
          yield* fail(maps.places.photoMedia({ name: "places/x/photos/y" })),
          yield* fail(maps.routes.computeRouteMatrix({
            origins: Array.from({ length: 26 }, () => ({ waypoint: { address: "A" } })),
            destinations: Array.from({ length: 25 }, () => ({ waypoint: { address: "B" } })),
            fields: ["duration"]
          }))
        ]
        expect(failures.map((e) => (e as { reason: string }).reason)).toEqual(Array(6).fill("InvalidRequest"))
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("the route matrix", () => {
    it.effect("orders elements origin-major and refuses a missing or repeated pair as drift", () =>
      Effect.gen(function*() {
        const element = (originIndex: number, destinationIndex: number) => ({ originIndex, destinationIndex })
        const ordered = yield* Routes.orderMatrix("GoogleMaps", 2, 2, [element(1, 1), element(0, 1), element(1, 0), element(0, 0)])
        expect(ordered.map((e) => [e.originIndex, e.destinationIndex])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]])
        const missing = yield* Effect.flip(Routes.orderMatrix("GoogleMaps", 2, 2, [element(0, 0), element(1, 1), element(0, 1)]))
        expect([missing.reason, missing.description]).toEqual(["ResponseDrift", "3 of 4 matrix elements came back"])
        const twice = yield* Effect.flip(Routes.orderMatrix("GoogleMaps", 1, 2, [element(0, 0), element(0, 0)]))
        expect(twice.description).toBe("origin 0 and destination 0 came twice")
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(GoogleMapsClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["GOOGLE_MAPS_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["GOOGLE_MAPS_API_KEY", "Missing"],
          ["GOOGLE_MAPS_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig reads GOOGLE_MAPS_API_KEY and a refused key never reaches the error", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(400, {
            error: {
              code: 400,
              message: `API key not valid: ${API_KEY}`,
              status: "INVALID_ARGUMENT",
              details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }]
            }
          })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(GoogleMapsClient.GoogleMapsClient, (maps) => maps.places.autocomplete({ input: "x" })).pipe(
            Effect.provide(GoogleMapsClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["GOOGLE_MAPS_API_KEY", API_KEY]])
          )
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const error = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : undefined
        expect(error?._tag === "Some" && isIntegrationError(error.value) && error.value.reason).toBe("Unauthorized")
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("GOOGLE_MAPS_API_KEY")
        expect(Exit.isFailure(exit) && `${Cause.pretty(exit.cause)} ${JSON.stringify(exit.cause)}`).not.toContain(API_KEY)
        const [request] = yield* stub.requests
        expect(request?.headers["x-goog-api-key"]).toBe(API_KEY)
      }))

    it.effect("layerTest serves the given methods and fails naming any other", () =>
      Effect.gen(function*() {
        const maps = yield* GoogleMapsClient.GoogleMapsClient
        expect(yield* maps.geocoding.geocode({ address: "x" })).toEqual([])
        const exit = yield* Effect.exit(Effect.suspend(() => maps.routes.computeRoutes({ origin: { address: "a" }, destination: { address: "b" }, fields: ["*"] })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("GoogleMapsClient.routes.computeRoutes is not implemented")
      }).pipe(Effect.provide(GoogleMapsClient.layerTest({ geocoding: { geocode: () => Effect.succeed([]) } }))))

    it.scoped("registers a googlemaps health check: Place Details of one place with an IDs-only mask, no retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) => n === 1 ? StubHttp.json(200, { id: "x" }) : StubHttp.json(503, { error: { code: 503, message: "m", status: "UNAVAILABLE" } }))
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            GoogleMapsClient.layer({ apiKey: Redacted.make(API_KEY) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))
          )
        )
        expect(reports.map((r) => r.status)).toEqual(["up", "down"])
        expect(reports[0].checks).toMatchObject([{ name: "googlemaps" }])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, r.headers["x-goog-fieldmask"]])).toEqual([
          ["GET", "/v1/places/ChIJN1t_tDeuEmsRUsoyG83frY4", "id"],
          ["GET", "/v1/places/ChIJN1t_tDeuEmsRUsoyG83frY4", "id"]
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names spans GoogleMaps.<resource>.<operation>, with no address or key", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(200, geocodeOk))
        const maps = yield* client().pipe(Effect.provide(stub.layer))
        yield* maps.geocoding.geocode({ address: "221B Baker Street" })
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("GoogleMaps.geocoding.geocode")
        const recorded = JSON.stringify(span?.attributes)
        expect(recorded).not.toContain("Baker")
        expect(recorded).not.toContain(API_KEY)
      }).pipe(Effect.provide(Tracing)))
  })
})
