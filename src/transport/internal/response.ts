/** The lean transports' `HttpClientResponse`: the platform's interface over a received `Source`, bodies read once. */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Source from "./source.js"

/** Text is the one read every other body accessor builds on: it is taken from undici once and kept. */
export class LeanResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpIncomingMessage.TypeId]: HttpIncomingMessage.TypeId = HttpIncomingMessage.TypeId
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  private bodyText: Promise<string> | undefined
  private parsedHeaders: Headers.Headers | undefined

  constructor(
    readonly request: HttpClientRequest.HttpClientRequest,
    private readonly source: Source.Source
  ) {
    super()
    // An error on a body nobody reads must not become an uncaught exception.
    source.body.on("error", () => undefined)
  }

  get status(): number {
    return this.source.statusCode
  }

  get headers(): Headers.Headers {
    return (this.parsedHeaders ??= Headers.fromInput(this.source.headers))
  }

  get cookies(): Cookies.Cookies {
    const header = this.source.headers["set-cookie"]
    return header === undefined ? Cookies.empty : Cookies.fromSetCookie(header)
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private fail(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return Effect.tryPromise({
      try: () => (this.bodyText ??= Source.text(this.source.body)),
      catch: (cause) => this.fail(cause)
    })
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: (): unknown => (text === "" ? null : JSON.parse(text)), catch: (cause) => this.fail(cause) }))
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return Effect.map(this.text, (text) => UrlParams.fromInput(new URLSearchParams(text)))
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return Effect.tryPromise({ try: () => Source.bytes(this.source.body), catch: (cause) => this.fail(cause) })
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    // Parsed from the text with the response's own content type (boundary included), as a web `Response` would.
    return Effect.flatMap(this.text, (text) =>
      Effect.tryPromise({
        try: () => {
          const contentType = this.headers["content-type"]
          return new Response(text, contentType === undefined ? {} : { headers: { "content-type": contentType } }).formData()
        },
        catch: (cause) => this.fail(cause)
      }))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    return Stream.fromAsyncIterable(this.source.body as AsyncIterable<Uint8Array>, (cause) => this.fail(cause))
  }

  toJSON(): unknown {
    return { _id: "@effect/platform/HttpClientResponse", request: this.request.toJSON(), status: this.status }
  }
}
