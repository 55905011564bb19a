/**
 * Mapbox's contract is capture-only: Mapbox publishes no machine-readable spec. Requests the client sends are captured
 * and checked against the endpoints and parameters of Mapbox's API reference (written down below, with the page each
 * comes from), and example responses written down from the reference (test/vendors/mapbox/fixtures.ts, each with its
 * source URL) decode with the client's Schemas. Every operation is declared spec-less in the coverage table.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ResponseClassifier from "../../src/core/ResponseClassifier.js"
import * as MapboxClient from "../../src/vendors/mapbox/MapboxClient.js"
import * as MapboxError from "../../src/vendors/mapbox/MapboxError.js"
import * as S from "../../src/vendors/mapbox/MapboxSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Fixtures from "../vendors/mapbox/fixtures.js"
import * as Coverage from "./support/Coverage.js"

const TOKEN = "pk.contract-test-token-0001"

/** The documented query parameters of each endpoint (besides `access_token`), from its reference page. */
const documented: ReadonlyArray<readonly [RegExp, ReadonlyArray<string>, string]> = [
  [/^\/search\/geocode\/v6\/forward$/, ["q", "permanent", "autocomplete", "bbox", "country", "format", "language", "limit", "proximity", "types", "worldview"], "https://docs.mapbox.com/api/search/geocoding/#forward-geocoding-with-search-text-input"],
  [/^\/search\/geocode\/v6\/reverse$/, ["longitude", "latitude", "permanent", "country", "language", "limit", "types", "worldview"], "https://docs.mapbox.com/api/search/geocoding/#reverse-geocoding"],
  [/^\/search\/geocode\/v6\/batch$/, ["permanent"], "https://docs.mapbox.com/api/search/geocoding/#batch-geocoding"],
  [/^\/directions\/v5\/mapbox\/(driving-traffic|driving|walking|cycling)\/(-?\d+(\.\d+)?,-?\d+(\.\d+)?;)+-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, ["alternatives", "annotations", "continue_straight", "exclude", "geometries", "language", "overview", "steps", "waypoints", "banner_instructions", "voice_instructions"], "https://docs.mapbox.com/api/navigation/directions/#retrieve-directions"],
  [/^\/directions-matrix\/v1\/mapbox\/(driving-traffic|driving|walking|cycling)\/(-?\d+(\.\d+)?,-?\d+(\.\d+)?;)+-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, ["annotations", "approaches", "bearings", "destinations", "sources", "fallback_speed", "depart_at"], "https://docs.mapbox.com/api/navigation/matrix/#retrieve-a-matrix"],
  [/^\/tokens\/v2$/, [], "https://docs.mapbox.com/api/accounts/tokens/#retrieve-a-token"]
]

const problems = (request: RecordingServer.Captured): ReadonlyArray<string> => {
  const rule = documented.find(([path]) => path.test(decodeURIComponent(request.path)))
  if (rule === undefined) return [`undocumented path ${request.path}`]
  const out: Array<string> = []
  if (request.query.get("access_token") !== TOKEN) out.push("access_token missing")
  for (const name of request.query.keys()) if (name !== "access_token" && !rule[1].includes(name)) out.push(`undocumented ${name}`)
  return out
}

const reply = (request: RecordingServer.Captured): RecordingServer.Reply => {
  const path = decodeURIComponent(request.path)
  if (path.endsWith("/forward")) return { body: Fixtures.forward.body }
  if (path.endsWith("/reverse")) return { body: Fixtures.reverse.body }
  if (path.endsWith("/batch")) return { body: { batch: (JSON.parse(request.body) as Array<unknown>).map(() => Fixtures.forward.body) } }
  if (path.startsWith("/directions/")) return { body: Fixtures.directions.body }
  if (path.startsWith("/directions-matrix/")) return { body: Fixtures.matrix.body }
  return { body: Fixtures.token.body }
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown, source: string) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${source}: ${error.message}`))

const here = { longitude: -77.0501, latitude: 38.8893 }
const there = { longitude: -76.6122, latitude: 39.2904 }

describe("Mapbox contract (capture-only)", () => {
  it.scoped("every request goes to a documented endpoint with documented parameters and the token as access_token", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(reply)
      const mapbox = yield* Coverage.tracking(MapboxClient.make)({ accessToken: Redacted.make(TOKEN), baseUrl: server.url })
      yield* mapbox.geocoding.forward({
        q: "2 Lincoln Memorial Circle SW",
        limit: 1,
        types: ["address", "street"],
        country: ["us"],
        proximity: here,
        bbox: [-77.2, 38.7, -76.8, 39.1],
        language: "en",
        autocomplete: false,
        permanent: false
      })
      yield* mapbox.geocoding.reverse({ ...here, types: ["address"], limit: 1, language: "en" })
      yield* mapbox.geocoding.batch({ queries: [{ q: "Baltimore", limit: 1 }, { ...there, types: ["place"] }], permanent: true })
      yield* mapbox.directions.route({
        profile: "driving-traffic",
        coordinates: [here, there],
        alternatives: true,
        geometries: "geojson",
        overview: "full",
        steps: true,
        annotations: ["duration", "distance"],
        exclude: ["toll"]
      })
      yield* mapbox.matrix.compute({ profile: "walking", coordinates: [here, there, here], sources: [0], destinations: [1, 2], annotations: ["distance"] })
      yield* mapbox.healthCheck
      const requests = yield* server.requests
      expect(requests.map((r) => r.method)).toEqual(["GET", "GET", "POST", "GET", "GET", "GET"])
      for (const request of requests) expect(problems(request), `${request.method} ${request.path}`).toEqual([])
      const [forward, reverse, batch, directions, matrix] = requests
      expect(forward!.query.get("types")).toBe("address,street")
      expect(forward!.query.get("proximity")).toBe("-77.0501,38.8893")
      expect(forward!.query.get("bbox")).toBe("-77.2,38.7,-76.8,39.1")
      expect([reverse!.query.get("longitude"), reverse!.query.get("latitude")]).toEqual(["-77.0501", "38.8893"])
      expect(JSON.parse(batch!.body)).toEqual([{ q: "Baltimore", limit: 1 }, { ...there, types: ["place"] }])
      expect(batch!.query.get("permanent")).toBe("true")
      expect(decodeURIComponent(directions!.path)).toBe("/directions/v5/mapbox/driving-traffic/-77.0501,38.8893;-76.6122,39.2904")
      expect(directions!.query.get("annotations")).toBe("duration,distance")
      expect([matrix!.query.get("sources"), matrix!.query.get("destinations")]).toEqual(["0", "1;2"])
      // The check is not vacuous.
      expect(problems({ ...forward!, query: new URLSearchParams("q=x&access_token=" + TOKEN + "&limt=1") })).toEqual(["undocumented limt"])
    }).pipe(Effect.provide(Coverage.layer)))

  it.effect("the reference's example responses decode with the client's Schemas", () =>
    Effect.gen(function*() {
      const forward = yield* decodes(S.FeatureCollection, Fixtures.forward.body, Fixtures.forward.source)
      expect(forward.features[0]?.properties.feature_type).toBe("address")
      yield* decodes(S.FeatureCollection, Fixtures.reverse.body, Fixtures.reverse.source)
      expect((yield* decodes(S.BatchResponse, Fixtures.batch.body, Fixtures.batch.source)).batch).toHaveLength(3)
      const directions = yield* decodes(S.DirectionsResponse, Fixtures.directions.body, Fixtures.directions.source)
      expect([directions.code, directions.routes[0]?.distance]).toEqual(["Ok", 9722.9])
      expect((yield* decodes(S.DirectionsResponse, Fixtures.noRoute.body, Fixtures.noRoute.source)).code).toBe("NoRoute")
      const matrix = yield* decodes(S.MatrixResponse, Fixtures.matrix.body, Fixtures.matrix.source)
      expect(matrix.durations?.[2]?.[2]).toBeNull()
      expect((yield* decodes(S.TokenCheck, Fixtures.token.body, Fixtures.token.source)).code).toBe("TokenValid")
    }))

  it("the reference's error bodies and rate-limit headers read as documented", () => {
    const headers = (record: Readonly<Record<string, string>>) => (name: string) => record[name]
    const nowMillis = 1_700_000_000_000
    const limited = ResponseClassifier.classify(
      { vendor: "Mapbox", operation: "geocoding.forward", status: 429, headers: headers(Fixtures.rateLimited.headers), body: Fixtures.rateLimited.body, nowMillis },
      MapboxError.refineError
    )
    expect([limited.reason, limited.retryAfter && Duration.toMillis(limited.retryAfter)]).toEqual(["RateLimited", 60_000])
    expect(MapboxError.details(limited)).toEqual({ rate_limit_limit: "600", rate_limit_interval: "60" })
    const hint = MapboxError.rateLimitHeaders(headers(Fixtures.rateLimited.headers), nowMillis)
    expect(Option.map(hint, (h) => [h.limit, h.resetAfter && Duration.toMillis(h.resetAfter)])).toEqual(Option.some([600, 60_000]))
    const refused = ResponseClassifier.classify(
      { vendor: "Mapbox", operation: "geocoding.forward", status: 401, headers: () => undefined, body: Fixtures.unauthorized.body, nowMillis },
      MapboxError.refineError
    )
    expect(refused.reason).toBe("Unauthorized")
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Mapbox",
    specs: [],
    prism: false,
    unspecified: {
      "GET /search/geocode/v6/forward": "capture-only: no machine-readable spec (docs.mapbox.com/api/search/geocoding)",
      "GET /search/geocode/v6/reverse": "capture-only: no machine-readable spec (docs.mapbox.com/api/search/geocoding)",
      "POST /search/geocode/v6/batch": "capture-only: no machine-readable spec (docs.mapbox.com/api/search/geocoding)",
      "GET /directions/v5/mapbox/{profile}/{coordinates}": "capture-only: no machine-readable spec (docs.mapbox.com/api/navigation/directions)",
      "GET /directions-matrix/v1/mapbox/{profile}/{coordinates}": "capture-only: no machine-readable spec (docs.mapbox.com/api/navigation/matrix)",
      "GET /tokens/v2": "capture-only: no machine-readable spec (docs.mapbox.com/api/accounts/tokens)"
    },
    client: MapboxClient.make({ accessToken: Redacted.make(TOKEN), baseUrl: "http://127.0.0.1:9" })
  })
})
