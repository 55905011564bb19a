/**
 * Mapbox: Geocoding v6 (forward, reverse, batch of up to 1,000), Directions v5 and Matrix v1, and the Tokens API's
 * token check. The token is the `access_token` query parameter (401 `{ message }` without a valid one); answers carry
 * `X-Rate-Limit-Interval`, `X-Rate-Limit-Limit` and `X-Rate-Limit-Reset` (a Unix timestamp); Directions and Matrix
 * errors are `{ code, message }` (`InvalidInput` 422, `ProfileNotFound` 404), and a route between two coordinates more
 * than 5,000 km apart is a 200 `NoRoute`. Results are derived from the request; no side effects (every operation reads).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { hash32, isRecord, json, jsonBody, token } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const message = (status: number, text: string): SimResponse => json(status, { message: text })
const coded = (status: number, code: string, text: string): SimResponse => json(status, { code, message: text })

const PROFILES = new Set(["driving-traffic", "driving", "walking", "cycling"])

const feature = (seed: string, name: string, longitude: number, latitude: number, type = "address") => {
  const id = `dXJuOm1ieGFkcjo${token(seed, 20)}`
  return {
    type: "Feature",
    id,
    geometry: { type: "Point", coordinates: [longitude, latitude] },
    properties: {
      mapbox_id: id,
      feature_type: type,
      name,
      full_address: `${name}, Springfield, United States`,
      place_formatted: "Springfield, United States",
      coordinates: { longitude, latitude, accuracy: "rooftop" },
      context: { place: { mapbox_id: "dXJuOm1ieHBsYzpBUVRC", name: "Springfield" }, country: { name: "United States", country_code: "US" } }
    }
  }
}

const collection = (features: ReadonlyArray<unknown>) => ({
  type: "FeatureCollection",
  features,
  attribution: "NOTICE: © 2026 Mapbox and its suppliers. All rights reserved."
})

const spot = (seed: string) => ({ longitude: (hash32(`${seed}:lng`) % 3_400_000) / 10_000 - 170, latitude: (hash32(`${seed}:lat`) % 1_400_000) / 10_000 - 70 })

const forwardResult = (q: string, limit: number) =>
  q.toLowerCase().includes("nowhere")
    ? collection([])
    : collection(Array.from({ length: Math.min(limit, 3) }, (_, i) => {
      const at = spot(`${q}:${i}`)
      return feature(`${q}:${i}`, i === 0 ? q : `${q} ${i + 1}`, at.longitude, at.latitude)
    }))

const reverseResult = (longitude: number, latitude: number) =>
  collection([feature(`${longitude},${latitude}`, `${hash32(`${longitude},${latitude}`) % 900 + 100} Reverse Road`, longitude, latitude)])

/** Great-circle metres. */
const metres = (a: readonly [number, number], b: readonly [number, number]) => {
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLng = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h))
}

const parseCoordinates = (text: string): ReadonlyArray<readonly [number, number]> | undefined => {
  const points = text.split(";").map((pair) => pair.split(",").map(Number))
  return points.every((p) => p.length === 2 && p.every((n) => Number.isFinite(n)) && Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90)
    ? points.map((p) => [p[0]!, p[1]!] as const)
    : undefined
}

/** @internal */
export const make = (shared: Shared): VendorModule<"mapbox"> => {
  const route = (request: SimRequest, maxCoordinates: number) => {
    const profile = request.params.profile ?? ""
    if (!PROFILES.has(profile)) return { error: coded(404, "ProfileNotFound", "Profile not found") } as const
    // From the raw path: the router's parameter stops at the first `;`.
    const points = parseCoordinates(decodeURIComponent(request.path.slice(request.path.lastIndexOf("/") + 1)))
    if (points === undefined || points.length < 2) {
      return { error: coded(422, "InvalidInput", "Coordinates must be pairs of longitude,latitude") } as const
    }
    const limit = profile === "driving-traffic" ? Math.min(maxCoordinates, 10) : maxCoordinates
    if (points.length > limit) return { error: coded(422, "InvalidInput", `Too many coordinates; maximum number of coordinates is ${limit}.`) } as const
    return { profile, points } as const
  }
  const waypoint = (point: readonly [number, number]) => ({ name: "Simulated Street", location: [...point], distance: 1.5 })

  const directions = (request: SimRequest): SimResponse => {
    const parsed = route(request, 25)
    if ("error" in parsed) return parsed.error
    const { points } = parsed
    const legs = points.slice(1).map((point, i) => {
      const distance = Math.round(metres(points[i]!, point) * 1.3)
      return { distance, duration: Math.round(distance / 13.9), summary: "Simulated Avenue", steps: [] }
    })
    if (legs.some((leg) => leg.distance > 6_500_000)) return json(200, { code: "NoRoute", message: "No route found", routes: [] })
    const distance = legs.reduce((n, leg) => n + leg.distance, 0)
    const duration = legs.reduce((n, leg) => n + leg.duration, 0)
    return json(200, {
      code: "Ok",
      uuid: token(request.requestId, 36),
      waypoints: points.map(waypoint),
      routes: [{
        distance,
        duration,
        weight: duration,
        weight_name: "auto",
        geometry: request.query.get("geometries") === "geojson" ? { type: "LineString", coordinates: points.map((p) => [...p]) } : token(request.path, 24),
        legs
      }]
    })
  }

  const indexes = (value: string | null, count: number): ReadonlyArray<number> | undefined => {
    if (value === null || value === "all") return Array.from({ length: count }, (_, i) => i)
    const parsed = value.split(";").map(Number)
    return parsed.every((i) => Number.isInteger(i) && i >= 0 && i < count) ? parsed : undefined
  }

  const matrix = (request: SimRequest): SimResponse => {
    const parsed = route(request, 25)
    if ("error" in parsed) return parsed.error
    const { points } = parsed
    const sources = indexes(request.query.get("sources"), points.length)
    const destinations = indexes(request.query.get("destinations"), points.length)
    if (sources === undefined || destinations === undefined) return coded(422, "InvalidInput", "Invalid source or destination index")
    const annotations = (request.query.get("annotations") ?? "duration").split(",")
    const table = (per: (metres: number) => number) =>
      sources.map((s) => destinations.map((d) => {
        const m = metres(points[s]!, points[d]!) * 1.3
        return m > 6_500_000 ? null : Math.round(per(m) * 10) / 10
      }))
    return json(200, {
      code: "Ok",
      ...(annotations.includes("duration") ? { durations: table((m) => m / 13.9) } : {}),
      ...(annotations.includes("distance") ? { distances: table((m) => m) } : {}),
      sources: sources.map((i) => waypoint(points[i]!)),
      destinations: destinations.map((i) => waypoint(points[i]!))
    })
  }

  const forward = (request: SimRequest): SimResponse => {
    const q = request.query.get("q")
    if (q === null || q.trim() === "") return message(422, "Query param 'q' is required")
    if (q.length > 256) return message(422, "Query too long - 257/256 characters")
    return json(200, forwardResult(q, Number(request.query.get("limit") ?? "5")))
  }

  const reverse = (request: SimRequest): SimResponse => {
    const longitude = Number(request.query.get("longitude"))
    const latitude = Number(request.query.get("latitude"))
    if (!Number.isFinite(longitude) || !Number.isFinite(latitude) || Math.abs(longitude) > 180 || Math.abs(latitude) > 90) {
      return message(422, "longitude and latitude are required and must be in range")
    }
    return json(200, reverseResult(longitude, latitude))
  }

  const batch = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !Array.isArray(parsed.value)) return message(422, "Batch body must be a JSON array of queries")
    if (parsed.value.length === 0 || parsed.value.length > 1000) return message(422, "Batch must contain between 1 and 1000 queries")
    const answers = parsed.value.map((query: unknown) => {
      if (!isRecord(query)) return collection([])
      if (typeof query.q === "string") return forwardResult(query.q, typeof query.limit === "number" ? query.limit : 1)
      if (typeof query.longitude === "number" && typeof query.latitude === "number") return reverseResult(query.longitude, query.latitude)
      return collection([])
    })
    return json(200, { batch: answers })
  }

  const accepted = (value: string) => {
    const keys = shared.keys("mapbox")
    return keys === undefined ? /^(pk|sk|tk)\.[A-Za-z0-9_.-]{10,}$/.test(value) : keys.includes(value)
  }

  return {
    vendor: "mapbox",
    handlers: {
      "GET /search/geocode/v6/forward": (request) => Effect.sync(() => forward(request)),
      "GET /search/geocode/v6/reverse": (request) => Effect.sync(() => reverse(request)),
      "POST /search/geocode/v6/batch": (request) => Effect.sync(() => batch(request)),
      "GET /directions/v5/mapbox/{profile}/{coordinates}": (request) => Effect.sync(() => directions(request)),
      "GET /directions-matrix/v1/mapbox/{profile}/{coordinates}": (request) => Effect.sync(() => matrix(request)),
      "GET /tokens/v2": (request) =>
        Effect.sync(() =>
          json(200, {
            code: "TokenValid",
            token: { usage: (request.query.get("access_token") ?? "").slice(0, 2), user: "simulated", authorization: token(request.requestId, 12) }
          })
        )
    },
    authenticate: (request) => {
      const value = request.query.get("access_token")
      if (value === null || value === "") return message(401, "Not Authorized - No Token")
      if (!accepted(value)) {
        // The Tokens API answers about the token itself.
        return request.route === "GET /tokens/v2" ? json(401, { code: "TokenInvalid" }) : message(401, "Not Authorized - Invalid Token")
      }
      return undefined
    },
    error: (_request, status, text) =>
      status === 429
        ? message(429, text ?? "Too Many Requests")
        : status === 401
        ? message(401, text ?? "Not Authorized - Invalid Token")
        : status === 403
        ? message(403, text ?? "Forbidden")
        : status === 422
        ? coded(422, "InvalidInput", text ?? "Invalid input")
        : message(status, text ?? (status >= 500 ? "Internal Server Error" : "Bad Request")),
    notFound: () => message(404, "Not Found"),
    headers: () => ({}),
    requestId: () => shared.id("", 20),
    // Geocoding's default is 1,000 requests per minute per token (Directions 300, Matrix 60).
    rateLimit: {
      limit: 1000,
      windowMs: 60_000,
      headers: (state) => ({
        "x-rate-limit-interval": String(Math.round(state.windowMs / 1000)),
        "x-rate-limit-limit": String(state.limit),
        "x-rate-limit-reset": String(Math.ceil((state.now + state.resetMs) / 1000))
      })
    },
    reset: () => undefined
  }
}
