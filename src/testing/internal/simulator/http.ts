/**
 * The simulator's own request/response model, independent of the HTTP server: vendor handlers read a fully buffered
 * `SimRequest` and return a `SimResponse` value, so faults can rewrite a response (drift, truncation) before it is
 * written, and an idempotent response can be stored and replayed as is.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as JsonDepth from "../../../core/internal/jsonDepth.js"
import type { Vendor } from "./routes.js"

/** @internal */
export interface SimRequest {
  readonly vendor: Vendor
  /** `METHOD /path/{param}` as in the catalogue. */
  readonly route: string
  readonly method: string
  /** The request path without the vendor prefix and query. */
  readonly path: string
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Uint8Array
  readonly requestId: string
  /** Milliseconds since the epoch, from Effect's Clock, when the request arrived. */
  readonly now: number
}

/** @internal */
export type SseEvent =
  | { readonly _tag: "Json"; readonly event?: string | undefined; readonly data: unknown }
  | { readonly _tag: "Raw"; readonly event?: string | undefined; readonly data: string }

/** @internal */
export type SimResponse =
  | {
    readonly _tag: "Json"
    readonly status: number
    readonly body: unknown
    readonly headers?: Readonly<Record<string, string>> | undefined
    /** Not stored for idempotent replay (Stripe keeps no result for requests that failed validation). */
    readonly transient?: boolean | undefined
  }
  | {
    readonly _tag: "Text"
    readonly status: number
    readonly body: string
    readonly contentType: string
    readonly headers?: Readonly<Record<string, string>> | undefined
    readonly transient?: boolean | undefined
  }
  | {
    readonly _tag: "Sse"
    readonly status: number
    readonly events: ReadonlyArray<SseEvent>
    readonly headers?: Readonly<Record<string, string>> | undefined
    readonly transient?: boolean | undefined
  }
  | {
    readonly _tag: "Empty"
    readonly status: number
    readonly headers?: Readonly<Record<string, string>> | undefined
    readonly transient?: boolean | undefined
  }

/** @internal */
export const json = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
  _tag: "Json",
  status,
  body,
  headers
})

/** A validation failure: answered, never stored for idempotent replay. @internal */
export const rejected = (status: number, body: unknown, headers?: Record<string, string>): SimResponse => ({
  _tag: "Json",
  status,
  body,
  headers,
  transient: true
})

/** @internal */
export const text = (status: number, body: string, contentType = "text/plain; charset=utf-8"): SimResponse => ({
  _tag: "Text",
  status,
  body,
  contentType
})

/** @internal */
export const sse = (events: ReadonlyArray<SseEvent>, headers?: Record<string, string>): SimResponse => ({
  _tag: "Sse",
  status: 200,
  events,
  headers
})

/** @internal */
export const empty = (status: number): SimResponse => ({ _tag: "Empty", status })

/** @internal */
export const withHeaders = (response: SimResponse, headers: Readonly<Record<string, string>>): SimResponse => ({
  ...response,
  headers: { ...response.headers, ...headers }
})

/** @internal */
export const header = (request: SimRequest, name: string): string | undefined => request.headers[name.toLowerCase()]

/** @internal */
export const bodyText = (request: SimRequest): string => new TextDecoder().decode(request.body)

/**
 * The body as JSON, or not `ok` when it is absent, not JSON, or nested too deep for the routes that walk it
 * recursively (fingerprints, checks). @internal
 */
export const jsonBody = (request: SimRequest): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  const parsed = JsonDepth.parse(bodyText(request))
  return parsed._tag === "Parsed" ? { ok: true, value: parsed.value } : { ok: false }
}

/** @internal */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** @internal */
export type FormValue = string | FormObject | ReadonlyArray<FormValue>
/** @internal */
export interface FormObject {
  readonly [key: string]: FormValue
}

/**
 * Decodes a form body the way Stripe reads it: `metadata[plan]=pro`, `items[0][price]=p`, `expand[]=a`. A key that
 * does not parse is kept as it is.
 *
 * @internal
 */
export const decodeForm = (body: string): FormObject => {
  const root: Record<string, unknown> = {}
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey)
    const keys = match === null ? [rawKey] : [match[1]!, ...Array.from(match[2]!.matchAll(/\[([^[\]]*)\]/g), (m) => m[1]!)]
    let node: Record<string, unknown> | Array<unknown> = root
    keys.forEach((key, index) => {
      const last = index === keys.length - 1
      const slot: string | number = Array.isArray(node) ? (key === "" ? node.length : Number(key)) : key
      const container = node as Record<string | number, unknown>
      if (last) {
        container[slot] = value
        return
      }
      const next = keys[index + 1]!
      const existing = container[slot]
      if (existing === undefined || typeof existing === "string") {
        container[slot] = next === "" || /^\d+$/.test(next) ? [] : {}
      }
      node = container[slot] as Record<string, unknown> | Array<unknown>
    })
  }
  return compact(root) as FormObject
}

// `items[1]` without `items[0]` leaves a hole: Stripe reads the indexes in order, so holes are dropped.
const compact = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.filter((v) => v !== undefined).map(compact)
    : isRecord(value)
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]))
    : value

/** Parses a multipart/form-data body with the platform's own parser. @internal */
export const multipartBody = (request: SimRequest): Effect.Effect<FormData | undefined> =>
  Effect.promise(() =>
    new Response(request.body, { headers: { "content-type": header(request, "content-type") ?? "" } })
      .formData()
      .catch(() => undefined)
  )

/** @internal */
export const bearer = (request: SimRequest): string | undefined => {
  const value = header(request, "authorization")
  const match = value === undefined ? null : /^Bearer\s+(.+)$/i.exec(value.trim())
  return match?.[1]
}

/**
 * An API key as the vendors echo it in a 401: its first `prefix` characters and last four, the rest as `*`. A key too
 * short to keep at least four characters hidden is masked whole, so no part of it repeats or shows. @internal
 */
export const maskKey = (key: string, prefix: number): string => {
  const hidden = key.length - prefix - 4
  return hidden >= 4 ? `${key.slice(0, prefix)}${"*".repeat(hidden)}${key.slice(-4)}` : "*".repeat(key.length)
}

/** @internal */
export const basic = (request: SimRequest): { readonly user: string; readonly password: string } | undefined => {
  const value = header(request, "authorization")
  const match = value === undefined ? null : /^Basic\s+(.+)$/i.exec(value.trim())
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8")
  const colon = decoded.indexOf(":")
  return colon < 0 ? { user: decoded, password: "" } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** JSON with sorted keys, so equal parameters give equal fingerprints whatever their order. @internal */
export const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v)

/** FNV-1a, 32 bits. @internal */
export const hash32 = (input: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** A deterministic pseudo-random string over `alphabet` (base 62 by default) derived from `input`. @internal */
export const token = (input: string, length: number, chars = alphabet): string => {
  let out = ""
  let h = hash32(input)
  for (let i = 0; out.length < length; i++) {
    h = hash32(`${h}:${i}:${input}`)
    out += chars[h % chars.length]
  }
  return out
}

/** @internal */
export const unixSeconds = (millis: number): number => Math.floor(millis / 1000)

/** @internal */
export const iso = (millis: number): string => new Date(millis).toISOString()
