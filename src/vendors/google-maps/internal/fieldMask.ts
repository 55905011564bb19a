/** Field masks as Google reads them: comma-separated paths in `X-Goog-FieldMask`, no spaces, each path once. */

/** The header that carries a response field mask (Places API (New), Routes v2). */
export const HEADER = "x-goog-fieldmask"

/** Joins paths into one mask, each once, in the order given; `*` alone stays `*`. */
export const join = (paths: ReadonlyArray<string>): string => {
  if (paths.includes("*")) return "*"
  return [...new Set(paths)].join(",")
}

/** Place fields under a list response's `places.` prefix, plus any extra top-level paths (`nextPageToken`). */
export const underPlaces = (fields: ReadonlyArray<string>, ...extra: ReadonlyArray<string>): string =>
  fields.includes("*") ? "*" : join([...fields.map((field) => `places.${field}`), ...extra])

/** `places/{id}` or a bare id to the bare id, percent-encoded for one path segment. */
export const placeSegment = (placeId: string): string =>
  encodeURIComponent(placeId.startsWith("places/") ? placeId.slice("places/".length) : placeId)
