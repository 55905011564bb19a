/**
 * Request building: what an operation's declaration fixes once (origin, base path, default headers) and what each call
 * adds (path, query, body, headers, idempotency key, credential), in wire form. The platform `HttpClientRequest` is
 * derived from the same wire request when the call goes through an `HttpClient`.
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Api from "../../HttpIntegration.js"
import type { WireRequest } from "../../HttpTransport.js"

/** The parts of a vendor's base URL that every request shares, parsed once. */
export interface Base {
  readonly origin: string
  /** The base URL's path without its trailing slash: `""` or `/v2`. */
  readonly path: string
  readonly scheme: string
  readonly host: string
  readonly port: number | undefined
}

export const parseBase = (baseUrl: string): Base => {
  const url = new URL(baseUrl)
  return {
    origin: url.origin,
    path: url.pathname.replace(/\/+$/, ""),
    scheme: url.protocol.slice(0, -1),
    host: url.hostname,
    port: url.port === "" ? undefined : Number(url.port)
  }
}

const queryString = (query: Api.RequestParts["query"]): string => {
  if (query === undefined) return ""
  const params = new URLSearchParams()
  for (const key in query) {
    const value = query[key]
    if (value !== undefined) params.append(key, String(value))
  }
  const text = params.toString()
  return text === "" ? "" : `?${text}`
}

/** Body bytes (or text) and the content type they need. Multipart bodies are serialised before this point. */
const encodeBody = (body: Api.Body | undefined): { readonly data: string | Uint8Array | undefined; readonly type?: string } => {
  if (body === undefined) return { data: undefined }
  switch (body._tag) {
    case "Json":
      return { data: JSON.stringify(body.value) ?? "null", type: "application/json" }
    case "Form":
      return { data: new URLSearchParams(body.entries as Array<[string, string]>).toString(), type: "application/x-www-form-urlencoded" }
    case "Bytes":
      return { data: body.bytes, type: body.contentType }
    case "Multipart":
      // Serialised (asynchronously) by the caller; reaching here is a kernel bug.
      throw new Error("multipart bodies must be serialised before the request is built")
  }
}

/**
 * Serialises a multipart form to bytes once per call: the bytes are sent unchanged on every retry, by any transport
 * (Node's global `FormData` is not the class every transport expects).
 */
export const encodeMultipart = (
  form: FormData
): Effect.Effect<{ readonly _tag: "Bytes"; readonly bytes: Uint8Array; readonly contentType: string }, unknown> =>
  Effect.tryPromise(async () => {
    const encoded = new Response(form)
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    return { _tag: "Bytes" as const, bytes, contentType: encoded.headers.get("content-type") ?? "multipart/form-data" }
  })

/** Adds `source` to `target` under lower-case names, later sources winning. */
export const mergeHeaders = (target: Record<string, string>, source: Readonly<Record<string, string>> | undefined): void => {
  if (source === undefined) return
  for (const name in source) target[name.toLowerCase()] = source[name]!
}

/**
 * A call's request without its credential: built once per call and reused by every attempt.
 */
export const build = (
  base: Base,
  method: Api.Method,
  defaults: Readonly<Record<string, string>>,
  parts: Api.RequestParts,
  callHeaders: Readonly<Record<string, string>> | undefined,
  idempotency: { readonly header: string; readonly key: string } | undefined
): WireRequest => {
  const headers: Record<string, string> = { ...defaults }
  const body = encodeBody(parts.body)
  if (body.type !== undefined) headers["content-type"] = body.type
  mergeHeaders(headers, parts.headers)
  mergeHeaders(headers, callHeaders)
  if (idempotency !== undefined) headers[idempotency.header] = idempotency.key
  return { method, origin: base.origin, path: base.path + parts.path + queryString(parts.query), headers, body: body.data }
}

/** The credential's header for one attempt. */
export const withAuth = (
  request: WireRequest,
  auth: Api.Auth,
  value: Redacted.Redacted<string> | undefined
): WireRequest => {
  if (value === undefined || auth._tag === "None") return request
  if (auth._tag === "Query") {
    const separator = request.path.includes("?") ? "&" : "?"
    const parameter = `${encodeURIComponent(auth.name)}=${encodeURIComponent(Redacted.value(value))}`
    return { ...request, path: `${request.path}${separator}${parameter}` }
  }
  const headers = { ...request.headers }
  switch (auth._tag) {
    case "Bearer":
    case "Token":
      headers.authorization = `Bearer ${Redacted.value(value)}`
      break
    case "Basic":
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${Redacted.value(value)}`).toString("base64")}`
      break
    case "Header":
      headers[auth.name.toLowerCase()] = `${auth.prefix ?? ""}${Redacted.value(value)}`
      break
  }
  return { ...request, headers }
}

/** The same request for an `HttpClient`. */
export const toPlatform = (request: WireRequest): HttpClientRequest.HttpClientRequest => {
  // The query as URL parameters, where platform middleware and stubs look for it.
  const query = request.path.indexOf("?")
  const path = query === -1 ? request.path : request.path.slice(0, query)
  let platform = HttpClientRequest.make(request.method as Api.Method)(request.origin + path, { headers: request.headers })
  if (query !== -1) platform = HttpClientRequest.setUrlParams(platform, new URLSearchParams(request.path.slice(query + 1)))
  const body = request.body
  if (body === undefined) return platform
  const contentType = request.headers["content-type"]
  return typeof body === "string"
    ? HttpClientRequest.bodyText(platform, body, contentType)
    : HttpClientRequest.bodyUint8Array(platform, body, contentType)
}
