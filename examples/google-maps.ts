/**
 * Google Maps Platform: geocode a customer's address, find coffee shops near it (only the fields the page shows, so
 * Google bills the cheapest SKU), and rank the shops by driving time with one Route Matrix call. Needs
 * `GOOGLE_MAPS_API_KEY` with the Geocoding, Places (New) and Routes APIs enabled; read it as a template. The key
 * travels in `?key=` for Geocoding only, and appears in no log, span or error.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { IntegrationConfig, IntegrationError } from "effect-integrations"
import { GoogleMapsClient, GoogleMapsError } from "effect-integrations/google-maps"

const nearestCoffee = (address: string) =>
  Effect.gen(function*() {
    const maps = yield* GoogleMapsClient.GoogleMapsClient
    const [home] = yield* maps.geocoding.geocode({ address })
    if (home === undefined) return yield* Effect.log(`no match for the address`)
    const origin = { latitude: home.geometry.location.lat, longitude: home.geometry.location.lng }
    const { places } = yield* maps.places.searchNearby({
      fields: ["id", "displayName", "location"],
      locationRestriction: { circle: { center: origin, radius: 1500 } },
      includedTypes: ["coffee_shop"],
      maxResultCount: 10
    })
    const shops = places.flatMap((place) => place.location === undefined ? [] : [{ place, location: place.location }])
    if (shops.length === 0) return yield* Effect.log("no coffee shop within 1.5 km")
    const matrix = yield* maps.routes.computeRouteMatrix({
      origins: [{ waypoint: { location: { latLng: origin } } }],
      destinations: shops.map(({ location }) => ({ waypoint: { location: { latLng: location } } })),
      travelMode: "DRIVE",
      fields: ["duration", "condition"]
    })
    const ranked = matrix
      .filter((element) => element.condition === "ROUTE_EXISTS")
      .map((element) => ({ name: shops[element.destinationIndex]!.place.displayName?.text, duration: element.duration }))
    for (const shop of ranked) yield* Effect.log(`${shop.name}: ${shop.duration}`)
  }).pipe(
    // Callers branch on reasons and Google's status codes, never on message text.
    Effect.catchAll((error) =>
      GoogleMapsError.hasStatus("OVER_QUERY_LIMIT")(error)
        ? Effect.logWarning("geocoding quota used up, try later")
        : IntegrationError.isReason("Forbidden")(error)
        ? Effect.logError(`the key may not call this API (${GoogleMapsError.details(error).reason ?? "denied"})`)
        : Effect.fail(error)
    )
  )

// Every missing variable of every vendor is reported at once, by name.
const Live = IntegrationConfig.layer(GoogleMapsClient.fromEnv).pipe(Layer.provide(NodeHttpClient.layerUndici))

nearestCoffee("1600 Amphitheatre Parkway, Mountain View").pipe(Effect.provide(Live), NodeRuntime.runMain)
