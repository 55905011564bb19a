/**
 * Mapbox: geocode a delivery list in one batch, then order the stops by driving time from the depot with one Matrix
 * call, and get turn-by-turn directions to the nearest. Needs `MAPBOX_ACCESS_TOKEN`; read it as a template. The token
 * travels as `access_token` in the query, and appears in no log, span or error.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { MapboxClient, MapboxError } from "effect-integrations/mapbox"

const planDeliveries = (depot: string, stops: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const mapbox = yield* MapboxClient.MapboxClient
    const found = yield* mapbox.geocoding.batch({ queries: [depot, ...stops].map((q) => ({ q, limit: 1 })) })
    const points = found.flatMap((collection) => {
      const [best] = collection.features
      return best === undefined ? [] : [{ longitude: best.properties.coordinates.longitude, latitude: best.properties.coordinates.latitude }]
    })
    if (points.length < 2) return yield* Effect.log("not enough addresses found")
    const matrix = yield* mapbox.matrix.compute({ profile: "driving", coordinates: points, sources: [0], annotations: ["duration"] })
    const fromDepot = matrix.durations?.[0] ?? []
    const nearest = fromDepot.reduce<number>((best, seconds, i) =>
      i > 0 && seconds !== null && (best === 0 || seconds < (fromDepot[best] ?? Infinity)) ? i : best, 0)
    if (nearest === 0) return yield* Effect.log("no stop is reachable by road")
    const route = yield* mapbox.directions.route({ profile: "driving", coordinates: [points[0]!, points[nearest]!], steps: true })
    yield* Effect.log(`first stop: ${Math.round((route.routes[0]?.duration ?? 0) / 60)} min away`)
  }).pipe(
    // Callers branch on reasons and Mapbox's codes, never on message text.
    Effect.catchAll((error) =>
      MapboxError.hasCode("NoRoute")(error)
        ? Effect.logWarning("no road route to the nearest stop")
        : IntegrationError.isReason("RateLimited")(error)
        ? Effect.logWarning(`rate limited (${MapboxError.details(error).rate_limit_limit ?? "?"} per interval), try later`)
        : Effect.fail(error)
    )
  )

// Every missing variable of every vendor is reported at once, by name.
const Live = IntegrationConfig.layer(MapboxClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

planDeliveries("1600 Pennsylvania Ave NW, Washington", ["2 Lincoln Memorial Circle SW", "Union Station, Washington"]).pipe(
  Effect.provide(Live),
  NodeRuntime.runMain
)
