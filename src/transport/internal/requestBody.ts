/** A platform request's body as bytes, text or a stream any Node HTTP client can send. */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as NodeStream from "node:stream"

/** A request as a transport sends it. */
export interface Outgoing {
  readonly method: string
  readonly origin: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array | NodeStream.Readable | null | undefined
}

/** What to send, and the content type the encoding chose (a multipart boundary). */
export interface Encoded {
  readonly body: string | Uint8Array | NodeStream.Readable | null
  readonly contentType?: string
}

export const encode = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<Encoded, HttpClientError.RequestError> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed({ body: null })
    case "Uint8Array":
      return Effect.succeed({ body: body.body })
    case "Raw":
      return typeof body.body === "string" || body.body instanceof Uint8Array
        ? Effect.succeed({ body: body.body })
        : Effect.fail(new HttpClientError.RequestError({ request, reason: "Encode", description: "unsupported raw body" }))
    case "FormData":
      return Effect.tryPromise({
        try: async () => {
          const encoded = new Response(body.formData)
          const bytes = new Uint8Array(await encoded.arrayBuffer())
          const contentType = encoded.headers.get("content-type")
          return contentType === null ? { body: bytes } : { body: bytes, contentType }
        },
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Encode", cause })
      })
    case "Stream":
      return Effect.succeed({ body: NodeStream.Readable.from(Stream.toAsyncIterable(body.stream)) })
  }
}

/** The request's headers, with the content type the encoding chose. */
export const headersOf = (
  request: HttpClientRequest.HttpClientRequest,
  encoded: Encoded
): Readonly<Record<string, string>> =>
  encoded.contentType === undefined ? request.headers : { ...request.headers, "content-type": encoded.contentType }
