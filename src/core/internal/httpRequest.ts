/** Request building, auth and body reading shared by plain and streaming operations. */
import type * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type * as Credentials from "../Credentials.js"
import type * as Api from "../HttpIntegration.js"
import { IntegrationError } from "../IntegrationError.js"
import * as JsonDepth from "./jsonDepth.js"

export const lookup = (headers: Headers.Headers) => (name: string): string | undefined => {
  const value = headers[name.toLowerCase()]
  return typeof value === "string" ? value : undefined
}

export const transportError = (
  vendor: string,
  operation: string,
  error: HttpClientError.HttpClientError
): IntegrationError => {
  if (error._tag === "RequestError" && (error.reason === "InvalidUrl" || error.reason === "Encode")) {
    return new IntegrationError({
      vendor,
      operation,
      reason: "InvalidRequest",
      description: `request could not be built (${error.reason})`
    })
  }
  return new IntegrationError({
    vendor,
    operation,
    reason: "Transport",
    description: error._tag === "RequestError" ? "request failed before a response arrived" : "response could not be read",
    cause: error.cause
  })
}

export const tooLarge = (vendor: string, operation: string, limit: number, requestId: string | undefined) =>
  new IntegrationError({
    vendor,
    operation,
    reason: "ResponseTooLarge",
    description: `response body exceeds ${limit} bytes`,
    ...(requestId !== undefined ? { requestId } : {})
  })

/**
 * What `@effect/platform` 0.97 hands back over `@effect/platform-node`'s undici client: its interruptible wrapper around
 * the undici response. Not public API, so every part is checked before use and anything else takes the public path.
 */
interface PlatformUndiciResponse {
  readonly original: HttpClientResponse.HttpClientResponse & {
    readonly source: { readonly body: { readonly bodyUsed: boolean; readonly text: () => Promise<string> } }
    readonly textBody?: unknown
  }
  readonly applyInterrupt: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<A, E>
}

const platformUndici = (response: HttpClientResponse.HttpClientResponse): PlatformUndiciResponse | undefined => {
  const outer = response as unknown as Partial<Record<"original" | "applyInterrupt", unknown>>
  if (typeof outer.applyInterrupt !== "function") return undefined
  const original = outer.original as Partial<Record<"source" | "textBody", unknown>> | undefined
  if (typeof original !== "object" || original === null || original.textBody !== undefined) return undefined
  const source = original.source as Partial<Record<"statusCode" | "body", unknown>> | undefined
  if (typeof source !== "object" || source === null || typeof source.statusCode !== "number") return undefined
  const body = source.body as Partial<Record<"bodyUsed" | "text", unknown>> | undefined
  if (typeof body !== "object" || body === null || typeof body.text !== "function" || body.bodyUsed !== false) {
    return undefined
  }
  return response as unknown as PlatformUndiciResponse
}

/**
 * The whole body as text. Over undici the body is read straight from undici: the platform's `text` wraps each
 * response's read in `Effect.cached`, which costs more than reading a small JSON answer. The read still goes through
 * the platform's own interrupt handling (an interrupted read aborts the request) and fails with the `ResponseError`
 * the platform's `text` would raise.
 */
const bodyText = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string, HttpClientError.ResponseError> => {
  const wrapper = platformUndici(response)
  if (wrapper === undefined) return response.text
  const original = wrapper.original
  return wrapper.applyInterrupt(Effect.tryPromise({
    try: () => original.source.body.text(),
    catch: (cause) =>
      new HttpClientError.ResponseError({ request: original.request, response: original, reason: "Decode", cause })
  }))
}

/**
 * Reads at most `limit` bytes; a larger body aborts the response instead of being buffered. `headers` are the
 * response's, read once by the caller (each read of `response.headers` builds them anew).
 */
export const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers,
  limit: number,
  onTooLarge: () => IntegrationError,
  onError: (error: HttpClientError.ResponseError) => IntegrationError
): Effect.Effect<string, IntegrationError> => {
  const header = headers["content-length"]
  const declared = header === undefined ? NaN : Number(header)
  if (Number.isFinite(declared) && declared > limit) return Effect.fail(onTooLarge())
  // A declared length within the limit bounds the buffer already; reading it whole avoids the cost of a Stream, which
  // dominates a small JSON call. Without a length, the body is streamed and cut at the limit.
  if (Number.isFinite(declared)) {
    return Effect.mapError(bodyText(response), onError).pipe(
      Effect.filterOrFail((text) => text.length <= limit, onTooLarge)
    )
  }
  return response.stream.pipe(
    Stream.mapError(onError),
    Stream.runFoldEffect({ chunks: Chunk.empty<Uint8Array>(), size: 0 }, (acc, chunk) =>
      acc.size + chunk.byteLength > limit
        ? Effect.fail(onTooLarge())
        : Effect.succeed({ chunks: Chunk.append(acc.chunks, chunk), size: acc.size + chunk.byteLength })),
    Effect.map(({ chunks, size }) => {
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.byteLength
      }
      return new TextDecoder().decode(bytes)
    })
  )
}

/**
 * Passes a body's chunks on while their total stays within `limit` bytes; the chunk that crosses it fails the stream
 * with `onTooLarge()` instead, and nothing more is read.
 */
export const limitBytes = <E2>(limit: number, onTooLarge: () => E2) =>
<E, R>(self: Stream.Stream<Uint8Array, E, R>): Stream.Stream<Uint8Array, E | E2, R> =>
  Stream.suspend(() => {
    let total = 0
    return Stream.mapChunksEffect(self, (chunks) => {
      for (const chunk of chunks) total += chunk.byteLength
      return total > limit ? Effect.fail(onTooLarge()) : Effect.succeed(chunks)
    })
  })

/**
 * The body as JSON; `None` when it is not JSON or nests deeper than `JsonDepth.maxDepth` (a vendor's answer is untrusted,
 * and what decodes or logs it walks it recursively).
 */
export const parseJson = (text: string): Option.Option<unknown> => {
  if (text.trim() === "") return Option.some(undefined)
  const parsed = JsonDepth.parse(text)
  return parsed._tag === "Parsed" ? Option.some(parsed.value) : Option.none()
}

export const secretValue = (
  credentials: Credentials.Service,
  secret: Credentials.Secret,
  fresh: boolean
): Effect.Effect<Redacted.Redacted<string>> => (fresh ? credentials.refresh(secret) : credentials.get(secret))

export const authSecret = (auth: Api.Auth): Credentials.Secret | undefined => {
  switch (auth._tag) {
    case "None":
      return undefined
    case "Bearer":
    case "Header":
      return auth.secret
    case "Basic":
      return auth.password
    case "Token":
      return undefined
  }
}

export const applyAuth = (
  request: HttpClientRequest.HttpClientRequest,
  auth: Api.Auth,
  value: Redacted.Redacted<string> | undefined
): HttpClientRequest.HttpClientRequest => {
  if (value === undefined) return request
  switch (auth._tag) {
    case "None":
      return request
    case "Bearer":
      return HttpClientRequest.bearerToken(request, value)
    case "Basic":
      return HttpClientRequest.basicAuth(request, auth.username, value)
    case "Header":
      return HttpClientRequest.setHeader(request, auth.name, `${auth.prefix ?? ""}${Redacted.value(value)}`)
    case "Token":
      return HttpClientRequest.bearerToken(request, value)
  }
}

export const buildRequest = (
  baseUrl: string,
  method: Api.Method,
  parts: Api.RequestParts
): HttpClientRequest.HttpClientRequest => {
  let request = HttpClientRequest.make(method)(baseUrl.replace(/\/+$/, "") + parts.path)
  if (parts.query !== undefined) {
    const entries: Array<[string, string]> = []
    for (const [key, value] of Object.entries(parts.query)) {
      if (value !== undefined) entries.push([key, String(value)])
    }
    request = HttpClientRequest.setUrlParams(request, entries)
  }
  if (parts.headers !== undefined) request = HttpClientRequest.setHeaders(request, parts.headers)
  const body = parts.body
  if (body === undefined) return request
  switch (body._tag) {
    case "Json":
      return HttpClientRequest.bodyUnsafeJson(request, body.value)
    case "Form":
      return HttpClientRequest.bodyUrlParams(request, body.entries)
    case "Multipart":
      return HttpClientRequest.bodyFormData(request, body.form)
    case "Bytes":
      return HttpClientRequest.bodyUint8Array(request, body.bytes, body.contentType)
  }
}


/**
 * Serialises a multipart form to bytes once per call: Node's global `FormData` is not the class the undici transport
 * expects, and bytes can be sent again unchanged on every retry.
 */
export const encodeMultipart = (
  form: FormData
): Effect.Effect<{ readonly _tag: "Bytes"; readonly bytes: Uint8Array; readonly contentType: string }, unknown> =>
  Effect.tryPromise(async () => {
    const encoded = new Response(form)
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    return { _tag: "Bytes" as const, bytes, contentType: encoded.headers.get("content-type") ?? "multipart/form-data" }
  })
