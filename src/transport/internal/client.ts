/** The platform's `HttpClient` over a transport's request function: bodies encoded once, answers read lazily. */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as Effect from "effect/Effect"
import * as RequestBody from "./requestBody.js"
import { LeanResponse } from "./response.js"
import type { Source } from "./source.js"

export const make = (
  send: (outgoing: RequestBody.Outgoing, signal: AbortSignal) => Promise<Source>
): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal) =>
    Effect.flatMap(RequestBody.encode(request), (encoded) =>
      Effect.tryPromise({
        try: () =>
          send({
            method: request.method,
            origin: url.origin,
            path: url.pathname + url.search,
            headers: RequestBody.headersOf(request, encoded),
            body: encoded.body
          }, signal),
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      })).pipe(Effect.map((source) => new LeanResponse(request, source)))
  )
