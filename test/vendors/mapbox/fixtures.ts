/**
 * Mapbox example responses, written down by hand from Mapbox's API reference (Mapbox publishes no machine-readable
 * spec). Each names the page it comes from; arrays and long strings are abridged (fewer features, steps and context
 * entries, shorter polylines), never changed in shape or type. These are the capture-only contract of the Mapbox
 * client: `mapbox.contract.test.ts` decodes every one with the client's Schemas.
 */

/** https://docs.mapbox.com/api/search/geocoding/#geocoding-response-object (forward example, abridged to one feature). */
export const forward = {
  source: "https://docs.mapbox.com/api/search/geocoding/#geocoding-response-object",
  body: {
    type: "FeatureCollection",
    features: [{
      type: "Feature",
      id: "dXJuOm1ieGFkcjpiZjIyYTE1Ni1mZjNiLTRhZjgtOTFhNS1kY2Y3NmFmOGNlZjk",
      geometry: { type: "Point", coordinates: [-77.050115, 38.889462] },
      properties: {
        mapbox_id: "dXJuOm1ieGFkcjpiZjIyYTE1Ni1mZjNiLTRhZjgtOTFhNS1kY2Y3NmFmOGNlZjk",
        feature_type: "address",
        full_address: "2 Lincoln Memorial Circle Southwest, Washington, District of Columbia 20037, United States",
        name: "2 Lincoln Memorial Circle Southwest",
        name_preferred: "2 Lincoln Memorial Circle Southwest",
        coordinates: {
          longitude: -77.050115,
          latitude: 38.889462,
          accuracy: "rooftop",
          routable_points: [{ name: "default", latitude: 38.889406, longitude: -77.049971 }]
        },
        place_formatted: "Washington, District of Columbia 20037, United States",
        match_code: {
          address_number: "matched",
          street: "matched",
          postcode: "unmatched",
          place: "unmatched",
          region: "unmatched",
          locality: "not_applicable",
          country: "inferred",
          confidence: "medium"
        },
        context: {
          address: {
            mapbox_id: "dXJuOm1ieGFkcjpiZjIyYTE1Ni1mZjNiLTRhZjgtOTFhNS1kY2Y3NmFmOGNlZjk",
            address_number: "2",
            street_name: "Lincoln Memorial Circle Southwest",
            name: "2 Lincoln Memorial Circle Southwest"
          },
          street: { mapbox_id: "dXJuOm1ieGFkcjpzdHJlZXQ", name: "Lincoln Memorial Circle Southwest" },
          postcode: { mapbox_id: "dXJuOm1ieHBsYzpBOEpP", name: "20037" },
          place: { mapbox_id: "dXJuOm1ieHBsYzpGSmlvN0E", name: "Washington", wikidata_id: "Q61" },
          region: { mapbox_id: "dXJuOm1ieHBsYzpCUVRz", name: "District of Columbia", region_code: "DC", region_code_full: "US-DC" },
          country: { mapbox_id: "dXJuOm1ieHBsYzpJdXc", name: "United States", country_code: "US", country_code_alpha_3: "USA" }
        }
      }
    }],
    attribution: "NOTICE: © 2024 Mapbox and its suppliers. All rights reserved. Use of this data is subject to the Mapbox Terms of Service (https://www.mapbox.com/about/maps/). This response and the information it contains may not be retained."
  }
} as const

/** https://docs.mapbox.com/api/search/geocoding/#reverse-geocoding (a place-level result, bbox included). */
export const reverse = {
  source: "https://docs.mapbox.com/api/search/geocoding/#reverse-geocoding",
  body: {
    type: "FeatureCollection",
    features: [{
      type: "Feature",
      id: "dXJuOm1ieHBsYzpGSmlvN0E",
      geometry: { type: "Point", coordinates: [-77.036547, 38.895037] },
      properties: {
        mapbox_id: "dXJuOm1ieHBsYzpGSmlvN0E",
        feature_type: "place",
        full_address: "Washington, District of Columbia, United States",
        name: "Washington",
        name_preferred: "Washington",
        coordinates: { longitude: -77.036547, latitude: 38.895037 },
        place_formatted: "District of Columbia, United States",
        bbox: [-77.119901, 38.801662, -76.909393, 38.995516],
        context: {
          region: { mapbox_id: "dXJuOm1ieHBsYzpCUVRz", name: "District of Columbia", region_code: "DC", region_code_full: "US-DC" },
          country: { mapbox_id: "dXJuOm1ieHBsYzpJdXc", name: "United States", country_code: "US", country_code_alpha_3: "USA" }
        }
      }
    }],
    attribution: "NOTICE: © 2024 Mapbox and its suppliers. All rights reserved."
  }
} as const

/** https://docs.mapbox.com/api/search/geocoding/#batch-geocoding (`{ batch: [FeatureCollection, ...] }`, abridged). */
export const batch = {
  source: "https://docs.mapbox.com/api/search/geocoding/#batch-geocoding",
  body: {
    batch: [
      forward.body,
      reverse.body,
      { type: "FeatureCollection", features: [], attribution: "NOTICE: © 2024 Mapbox and its suppliers. All rights reserved." }
    ]
  }
} as const

/** https://docs.mapbox.com/api/navigation/directions/#example-response-retrieve-directions (abridged: one step). */
export const directions = {
  source: "https://docs.mapbox.com/api/navigation/directions/#example-response-retrieve-directions",
  body: {
    routes: [{
      country_crossed: false,
      weight_name: "auto",
      weight: 2140.8,
      duration: 1900.7,
      distance: 9722.9,
      legs: [{
        via_waypoints: [],
        admins: [{ iso_3166_1_alpha3: "USA", iso_3166_1: "US" }],
        weight: 2140.8,
        duration: 1900.7,
        steps: [{
          intersections: [{ entry: [true], bearings: [134], duration: 36.3, location: [-73.989605, 40.733142] }],
          maneuver: { type: "depart", instruction: "Drive southeast on East 13th Street.", bearing_after: 134, bearing_before: 0, location: [-73.989605, 40.733142] },
          name: "East 13th Street",
          duration: 36.3,
          distance: 136.4,
          driving_side: "right",
          weight: 46.7,
          mode: "driving",
          geometry: "ouvpmAfaf`lCnYoe@"
        }],
        distance: 9722.9,
        summary: "Broadway, 5th Avenue"
      }],
      geometry: "ouvpmAfaf`lCnYoe@",
      voiceLocale: "en-US"
    }],
    waypoints: [
      { distance: 26.041, name: "East 13th Street", location: [-73.989605, 40.733142] },
      { distance: 0.607, name: "West 72nd Street", location: [-73.98097, 40.778013] }
    ],
    code: "Ok",
    uuid: "XLt2N3ipgbG3VvLt3OpvfJSTQN6ZCbQrqbBfwZIkpCbxBWdW7GeaHw=="
  }
} as const

/** https://docs.mapbox.com/api/navigation/directions/#directions-api-errors (`NoRoute` with HTTP 200). */
export const noRoute = {
  source: "https://docs.mapbox.com/api/navigation/directions/#directions-api-errors",
  body: { code: "NoRoute", message: "No route found", routes: [] }
} as const

/** https://docs.mapbox.com/api/navigation/matrix/#example-response-retrieve-a-matrix (durations; a `null` pair). */
export const matrix = {
  source: "https://docs.mapbox.com/api/navigation/matrix/#example-response-retrieve-a-matrix",
  body: {
    code: "Ok",
    durations: [
      [0, 573, 1169.5],
      [573, 0, 597],
      [1169.5, 597, null]
    ],
    destinations: [
      { name: "Mission Street", location: [-122.418408, 37.751668], distance: 5 },
      { name: "22nd Street", location: [-122.422959, 37.755184], distance: 8 },
      { name: "", location: [-122.426911, 37.759695], distance: 10 }
    ],
    sources: [
      { name: "Mission Street", location: [-122.418408, 37.751668], distance: 5 },
      { name: "22nd Street", location: [-122.422959, 37.755184], distance: 8 },
      { name: "", location: [-122.426911, 37.759695], distance: 10 }
    ]
  }
} as const

/** https://docs.mapbox.com/api/accounts/tokens/#retrieve-a-token (the health check's read). */
export const token = {
  source: "https://docs.mapbox.com/api/accounts/tokens/#retrieve-a-token",
  body: {
    code: "TokenValid",
    token: { usage: "pk", user: "mapbox", authorization: "cijucimbe000brbkt48d0dhcx", created: "2023-01-01T00:00:00.000Z" }
  }
} as const

/** https://docs.mapbox.com/api/overview/#rate-limits and #errors: the body and headers of a 429. */
export const rateLimited = {
  source: "https://docs.mapbox.com/api/overview/#rate-limits",
  body: { message: "Too Many Requests" },
  headers: { "x-rate-limit-interval": "60", "x-rate-limit-limit": "600", "x-rate-limit-reset": "1700000060" }
} as const

/** https://docs.mapbox.com/api/overview/#errors: a 401. */
export const unauthorized = {
  source: "https://docs.mapbox.com/api/overview/#errors",
  body: { message: "Not Authorized - Invalid Token" }
} as const
