import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Health from "../../../src/core/Health.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as MapboxClient from "../../../src/vendors/mapbox/MapboxClient.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as Fixtures from "./fixtures.js"

const TOKEN = "pk.canary-unit-token-77aa"

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const here = { longitude: 2.29, latitude: 48.85 }

describe("MapboxClient", () => {
  it.scoped("sends the token as access_token on api.mapbox.com, coordinates longitude first in the path", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, Fixtures.directions.body))
      const mapbox = yield* MapboxClient.make({ accessToken: Redacted.make(TOKEN) }).pipe(Effect.provide(stub.layer))
      yield* mapbox.directions.route({ profile: "cycling", coordinates: [here, { longitude: 2.35, latitude: 48.86 }] })
      const [request] = yield* stub.requests
      const url = new URL(request!.url)
      expect([url.origin, decodeURIComponent(url.pathname), url.searchParams.get("access_token")]).toEqual([
        "https://api.mapbox.com",
        "/directions/v5/mapbox/cycling/2.29,48.85;2.35,48.86",
        TOKEN
      ])
      expect(request!.headers.authorization).toBeUndefined()
    }))

  it.scoped("checks input before any I/O: coordinate counts and ranges, batch size, matrix indexes", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
      const mapbox = yield* MapboxClient.make({ accessToken: Redacted.make(TOKEN) }).pipe(Effect.provide(stub.layer))
      const failures = [
        yield* Effect.flip(mapbox.directions.route({ profile: "driving", coordinates: [here] })),
        yield* Effect.flip(mapbox.geocoding.reverse({ longitude: 200, latitude: 0 })),
        yield* Effect.flip(mapbox.geocoding.forward({ q: "x".repeat(257) })),
        yield* Effect.flip(mapbox.geocoding.batch({ queries: Array.from({ length: 1001 }, () => ({ q: "x" })) })),
        yield* Effect.flip(mapbox.matrix.compute({ profile: "driving", coordinates: [here, here], sources: [2] })),
        yield* Effect.flip(mapbox.matrix.compute({ profile: "driving-traffic", coordinates: Array.from({ length: 11 }, () => here) }))
      ]
      expect(failures.map((e) => e.reason)).toEqual(Array(6).fill("InvalidRequest"))
      expect(yield* stub.requests).toHaveLength(0)
    }))

  it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(
        Layer.build(IntegrationConfig.layer(MapboxClient.fromEnv)).pipe(
          Effect.scoped,
          Effect.provide(NodeHttpClient.layerUndici),
          withEnv([["MAPBOX_BASE_URL", "ftp:/nope"]])
        )
      )
      expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
        ["MAPBOX_ACCESS_TOKEN", "Missing"],
        ["MAPBOX_BASE_URL", "Invalid"]
      ])
    }))

  it.effect("layerTest serves the given methods and fails naming any other", () =>
    Effect.gen(function*() {
      const mapbox = yield* MapboxClient.MapboxClient
      expect((yield* mapbox.geocoding.forward({ q: "x" })).features).toEqual([])
      const exit = yield* Effect.exit(Effect.suspend(() => mapbox.matrix.compute({ profile: "walking", coordinates: [here, here] })))
      expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("MapboxClient.matrix.compute is not implemented")
    }).pipe(
      Effect.provide(MapboxClient.layerTest({ geocoding: { forward: () => Effect.succeed({ type: "FeatureCollection", features: [] }) } }))
    ))

  it.scoped("registers a mapbox health check on GET /tokens/v2: TokenValid is up, a refused token down", () =>
    Effect.gen(function*() {
      const stub = yield* StubHttp.make((n) => n === 1 ? StubHttp.json(200, Fixtures.token.body) : StubHttp.json(401, { code: "TokenInvalid" }))
      const reports = yield* Effect.gen(function*() {
        const health = yield* Health.HealthChecks
        return [yield* health.run, yield* health.run] as const
      }).pipe(
        Effect.provide(MapboxClient.layer({ accessToken: Redacted.make(TOKEN) }).pipe(Layer.provideMerge(Health.layer), Layer.provide(stub.layer))),
        withEnv([])
      )
      expect(reports.map((r) => r.status)).toEqual(["up", "down"])
      expect(reports[0].checks).toMatchObject([{ name: "mapbox" }])
      expect(JSON.stringify(reports)).not.toContain(TOKEN)
      const requests = yield* stub.requests
      expect(requests.map((r) => new URL(r.url).pathname)).toEqual(["/tokens/v2", "/tokens/v2"])
    }))
})
