/**
 * Google Maps Platform: Geocoding (forward and reverse, key in `?key=`), Places API (New) (Text Search with 3 pages,
 * Nearby Search, Details, Autocomplete, Photo media) and Routes v2 (Compute Routes, Route Matrix), key in
 * `X-Goog-Api-Key`. Places and Routes require `X-Goog-FieldMask` and answer only the masked fields; their errors are
 * Google's envelope `{ error: { code, message, status, details } }`. Geocoding answers its failures as Google does, with
 * HTTP 200 and a `status` (`REQUEST_DENIED`, `INVALID_REQUEST`, `OVER_QUERY_LIMIT`), so an injected 429 is a 200
 * `OVER_QUERY_LIMIT`; an address containing "nowhere" is `ZERO_RESULTS`. The Route Matrix answers its elements in
 * reverse order, as the real one answers in the order it computes them. Results are derived from the request, so
 * the same request always gets the same answer; no side effects (every operation is a read).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { empty, hash32, header, isRecord, json, jsonBody, token, withHeaders } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const GEOCODE = "GET /maps/api/geocode/json"

const statusName: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED"
}

const googleError = (status: number, message: string, reason?: string): SimResponse =>
  json(status, {
    error: {
      code: status,
      message,
      status: statusName[status] ?? (status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT"),
      ...(reason === undefined
        ? {}
        : { details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason, domain: "googleapis.com" }] })
    }
  })

const geocodingStatus = (status: string, message: string): SimResponse =>
  json(200, { results: [], status, error_message: message })

type Json = unknown

/** Keeps the masked paths of a value: `routes.legs.duration` walks into arrays; `*` keeps everything. */
const pick = (value: Json, paths: ReadonlyArray<ReadonlyArray<string>>): Json => {
  if (paths.some((path) => path.length === 0 || path[0] === "*")) return value
  if (Array.isArray(value)) return value.map((item) => pick(item, paths))
  if (!isRecord(value)) return value
  const out: Record<string, Json> = {}
  for (const [key, child] of Object.entries(value)) {
    const below = paths.filter((path) => path[0] === key).map((path) => path.slice(1))
    if (below.length > 0) out[key] = pick(child, below)
  }
  return out
}

const maskOf = (request: SimRequest): ReadonlyArray<ReadonlyArray<string>> | undefined => {
  const mask = header(request, "x-goog-fieldmask")
  if (mask === undefined || mask.trim() === "") return undefined
  return mask.split(",").map((path) => path.trim().split("."))
}

const coordinate = (seed: string, span: number) => (hash32(seed) % (span * 10_000)) / 10_000 - span / 2

/** @internal */
export const make = (shared: Shared): VendorModule<"googlemaps"> => {
  const place = (id: string) => {
    const name = `Simulated Place ${id.slice(-4)}`
    return {
      name: `places/${id}`,
      id,
      displayName: { text: name, languageCode: "en" },
      types: ["cafe", "food", "point_of_interest"],
      primaryType: "cafe",
      formattedAddress: `${hash32(id) % 900 + 100} Simulated Street, Springfield`,
      location: { latitude: coordinate(`${id}:lat`, 120), longitude: coordinate(`${id}:lng`, 340) },
      rating: (hash32(`${id}:rating`) % 41) / 10 + 1,
      userRatingCount: hash32(`${id}:count`) % 5000,
      businessStatus: "OPERATIONAL",
      googleMapsUri: `https://maps.google.com/?cid=${hash32(id)}`,
      photos: [{ name: `places/${id}/photos/${token(`${id}:photo`, 24)}`, widthPx: 4032, heightPx: 3024, authorAttributions: [] }]
    }
  }
  const placeId = (seed: string) => `ChIJ${token(seed, 23)}`

  /** A body, its field mask, and the answer they make; a missing mask is Google's 400. */
  const masked = (request: SimRequest, answer: (body: Record<string, Json>, mask: ReadonlyArray<ReadonlyArray<string>>) => SimResponse) => {
    const mask = maskOf(request)
    if (mask === undefined) return googleError(400, "FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it.")
    if (request.method === "GET") return answer({}, mask)
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return googleError(400, "Invalid JSON payload received.")
    return answer(parsed.value, mask)
  }

  const searchText = (request: SimRequest) =>
    masked(request, (body, mask) => {
      if (typeof body.textQuery !== "string" || body.textQuery === "") return googleError(400, "textQuery is required.")
      const pageSize = typeof body.pageSize === "number" ? Math.min(body.pageSize, 20) : 20
      const start = typeof body.pageToken === "string" ? Number.parseInt(body.pageToken.split("-")[1] ?? "", 10) : 0
      if (Number.isNaN(start)) return googleError(400, "The page token is invalid.")
      const total = 45
      const end = Math.min(start + pageSize, total)
      const places = Array.from({ length: end - start }, (_, i) => place(placeId(`${body.textQuery}:${start + i}`)))
      return json(200, pick({ places, ...(end < total ? { nextPageToken: `page-${end}` } : {}) }, mask))
    })

  const searchNearby = (request: SimRequest) =>
    masked(request, (body, mask) => {
      const restriction = body.locationRestriction
      if (!isRecord(restriction) || !isRecord(restriction.circle)) return googleError(400, "locationRestriction is required.")
      const count = typeof body.maxResultCount === "number" ? Math.min(body.maxResultCount, 20) : 5
      const seed = JSON.stringify(restriction.circle)
      return json(200, pick({ places: Array.from({ length: count }, (_, i) => place(placeId(`${seed}:${i}`))) }, mask))
    })

  const details = (request: SimRequest) =>
    masked(request, (_body, mask) => {
      const id = request.params.placesId ?? ""
      if (!id.startsWith("ChIJ")) return googleError(404, `Place '${id}' not found.`)
      return json(200, pick(place(id), mask))
    })

  const autocomplete = (request: SimRequest) => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.input !== "string") {
      return googleError(400, "input is required.")
    }
    const input = parsed.value.input
    const suggestions = [0, 1, 2].map((i) => {
      const id = placeId(`${input}:${i}`)
      return {
        placePrediction: {
          place: `places/${id}`,
          placeId: id,
          text: { text: `${input} ${["Cafe", "Bakery", "Market"][i]}, Springfield`, matches: [{ endOffset: input.length }] },
          structuredFormat: { mainText: { text: `${input} ${["Cafe", "Bakery", "Market"][i]}` }, secondaryText: { text: "Springfield" } },
          types: ["establishment"]
        }
      }
    })
    return json(200, maskOf(request) === undefined ? { suggestions } : pick({ suggestions }, maskOf(request)!))
  }

  const photoMedia = (request: SimRequest): SimResponse => {
    const width = request.query.get("maxWidthPx")
    const height = request.query.get("maxHeightPx")
    if (width === null && height === null) {
      return googleError(400, "Either maxWidthPx or maxHeightPx must be specified.")
    }
    const name = `places/${request.params.placesId}/photos/${request.params.photosId}/media`
    const uri = `https://lh3.googleusercontent.com/place-photos/${token(name, 32)}=s${width ?? height}`
    // Without `skipHttpRedirect` Google redirects to the image itself.
    if (request.query.get("skipHttpRedirect") !== "true") return withHeaders(empty(302), { location: uri })
    return json(200, { name, photoUri: uri })
  }

  const latLngOf = (waypoint: unknown): { readonly latitude: number; readonly longitude: number } | undefined => {
    if (!isRecord(waypoint)) return undefined
    if (isRecord(waypoint.location) && isRecord(waypoint.location.latLng)) {
      const { latitude, longitude } = waypoint.location.latLng
      return typeof latitude === "number" && typeof longitude === "number" ? { latitude, longitude } : undefined
    }
    const seed = typeof waypoint.placeId === "string" ? waypoint.placeId : typeof waypoint.address === "string" ? waypoint.address : undefined
    return seed === undefined ? undefined : { latitude: coordinate(`${seed}:lat`, 120), longitude: coordinate(`${seed}:lng`, 340) }
  }

  /** Straight-line metres, times 1.3 for roads. */
  const metres = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
    const rad = Math.PI / 180
    const x = (b.longitude - a.longitude) * rad * Math.cos(((a.latitude + b.latitude) / 2) * rad)
    const y = (b.latitude - a.latitude) * rad
    return Math.round(Math.sqrt(x * x + y * y) * 6_371_000 * 1.3)
  }
  const seconds = (distance: number) => `${Math.round(distance / 13.9)}s`

  const computeRoutes = (request: SimRequest) =>
    masked(request, (body, mask) => {
      const origin = latLngOf(body.origin)
      const destination = latLngOf(body.destination)
      if (origin === undefined || destination === undefined) return googleError(400, "Invalid origin or destination.")
      const distance = metres(origin, destination)
      const polyline = { encodedPolyline: token(`${JSON.stringify(origin)}${JSON.stringify(destination)}`, 24) }
      const route = {
        routeLabels: ["DEFAULT_ROUTE"],
        distanceMeters: distance,
        duration: seconds(distance),
        staticDuration: seconds(distance),
        polyline,
        legs: [{
          distanceMeters: distance,
          duration: seconds(distance),
          staticDuration: seconds(distance),
          polyline,
          startLocation: { latLng: origin },
          endLocation: { latLng: destination }
        }]
      }
      return json(200, pick({ routes: [route] }, mask))
    })

  const computeRouteMatrix = (request: SimRequest) =>
    masked(request, (body, mask) => {
      const origins = Array.isArray(body.origins) ? body.origins : []
      const destinations = Array.isArray(body.destinations) ? body.destinations : []
      if (origins.length === 0 || destinations.length === 0) return googleError(400, "origins and destinations are required.")
      if (origins.length * destinations.length > 625) {
        return googleError(400, "The number of elements in the matrix exceeds the limit of 625.")
      }
      const elements: Array<Json> = []
      origins.forEach((origin: unknown, o: number) =>
        destinations.forEach((destination: unknown, d: number) => {
          const from = latLngOf(isRecord(origin) ? origin.waypoint : undefined)
          const to = latLngOf(isRecord(destination) ? destination.waypoint : undefined)
          elements.push(
            from === undefined || to === undefined
              ? { originIndex: o, destinationIndex: d, status: { code: 3, message: "Invalid waypoint." }, condition: "ROUTE_NOT_FOUND" }
              : {
                originIndex: o,
                destinationIndex: d,
                status: {},
                condition: "ROUTE_EXISTS",
                distanceMeters: metres(from, to),
                duration: seconds(metres(from, to)),
                staticDuration: seconds(metres(from, to))
              }
          )
        })
      )
      return json(200, elements.reverse().map((element) => pick(element, mask)))
    })

  const geocodeResult = (seed: string, address: string) => {
    const location = { lat: coordinate(`${seed}:lat`, 120), lng: coordinate(`${seed}:lng`, 340) }
    return {
      place_id: placeId(seed),
      formatted_address: address,
      types: ["street_address"],
      address_components: [
        { long_name: String(hash32(seed) % 900 + 100), short_name: String(hash32(seed) % 900 + 100), types: ["street_number"] },
        { long_name: "Springfield", short_name: "Springfield", types: ["locality", "political"] }
      ],
      geometry: {
        location,
        location_type: "ROOFTOP",
        viewport: {
          northeast: { lat: location.lat + 0.001, lng: location.lng + 0.001 },
          southwest: { lat: location.lat - 0.001, lng: location.lng - 0.001 }
        }
      }
    }
  }

  const geocode = (request: SimRequest): SimResponse => {
    const address = request.query.get("address") ?? request.query.get("components")
    const latlng = request.query.get("latlng")
    if (latlng !== null) {
      const [lat, lng] = latlng.split(",").map(Number)
      if (lat === undefined || lng === undefined || Number.isNaN(lat) || Number.isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
        return geocodingStatus("INVALID_REQUEST", "Invalid request. Invalid 'latlng' parameter.")
      }
      return json(200, { results: [geocodeResult(latlng, `${hash32(latlng) % 900 + 100} Reverse Road, Springfield`)], status: "OK" })
    }
    if (address === null || address === "") {
      return geocodingStatus("INVALID_REQUEST", "Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.")
    }
    if (address.toLowerCase().includes("nowhere")) return json(200, { results: [], status: "ZERO_RESULTS" })
    return json(200, { results: [geocodeResult(address, `${address}, Springfield`)], status: "OK" })
  }

  const accepted = (key: string) => {
    const keys = shared.keys("googlemaps")
    return keys === undefined ? /^AIza[0-9A-Za-z_-]{10,}$/.test(key) : keys.includes(key)
  }

  return {
    vendor: "googlemaps",
    handlers: {
      [GEOCODE]: (request) => Effect.sync(() => geocode(request)),
      "POST /v1/places:searchText": (request) => Effect.sync(() => searchText(request)),
      "POST /v1/places:searchNearby": (request) => Effect.sync(() => searchNearby(request)),
      "GET /v1/places/{placesId}": (request) => Effect.sync(() => details(request)),
      "POST /v1/places:autocomplete": (request) => Effect.sync(() => autocomplete(request)),
      "GET /v1/places/{placesId}/photos/{photosId}/media": (request) => Effect.sync(() => photoMedia(request)),
      "POST /directions/v2:computeRoutes": (request) => Effect.sync(() => computeRoutes(request)),
      "POST /distanceMatrix/v2:computeRouteMatrix": (request) => Effect.sync(() => computeRouteMatrix(request))
    },
    authenticate: (request) => {
      if (request.route === GEOCODE) {
        const key = request.query.get("key")
        if (key === null || key === "") return geocodingStatus("REQUEST_DENIED", "You must use an API key to authenticate each request to Google Maps Platform APIs.")
        return accepted(key) ? undefined : geocodingStatus("REQUEST_DENIED", "The provided API key is invalid.")
      }
      const key = header(request, "x-goog-api-key")
      if (key === undefined || key === "") {
        return googleError(403, "The request is missing a valid API key.", "API_KEY_MISSING")
      }
      return accepted(key) ? undefined : googleError(400, "API key not valid. Please pass a valid API key.", "API_KEY_INVALID")
    },
    error: (request, status, message) => {
      if (request.route === GEOCODE && status < 500) {
        // Geocoding reports quota, denial and bad requests in a 200 answer's `status`.
        return status === 429
          ? geocodingStatus("OVER_QUERY_LIMIT", message ?? "You have exceeded your rate-limit for this API.")
          : status === 401 || status === 403
          ? geocodingStatus("REQUEST_DENIED", message ?? "This API project is not authorized to use this API.")
          : geocodingStatus("INVALID_REQUEST", message ?? "Invalid request.")
      }
      if (request.route === GEOCODE) return json(status, { results: [], status: "UNKNOWN_ERROR", error_message: message ?? "Server error." })
      return googleError(status, message ?? (status === 429 ? "Resource has been exhausted (e.g. check quota)." : "The service is currently unavailable."))
    },
    notFound: () => googleError(404, "The requested URL was not found on this server."),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // Google's default per-method quotas are per minute (Geocoding 3,000 QPM); it sends no rate-limit headers.
    rateLimit: { limit: 3000, windowMs: 60_000, headers: () => ({}) },
    reset: () => undefined
  }
}
