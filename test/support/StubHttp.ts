/**
 * A scriptable `HttpClient` for unit tests: each request is recorded with the virtual time it was sent at, and the
 * script decides the answer from the attempt number.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly atMillis: number
  readonly body: string | undefined
}

export type Reply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly transportError: true }

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers })

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(body.body)
    case "Raw":
      return typeof body.body === "string" ? body.body : String(body.body)
    default:
      return undefined
  }
}

export const make = (script: (attempt: number, request: HttpClientRequest.HttpClientRequest) => Reply) =>
  Effect.gen(function*() {
    const requests = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const client = HttpClient.make((request, url) =>
      Effect.gen(function*() {
        const atMillis = yield* Clock.currentTimeMillis
        const recorded = yield* Ref.updateAndGet(requests, (all) => [
          ...all,
          { method: request.method, url: url.toString(), headers: { ...request.headers }, atMillis, body: bodyText(request) }
        ])
        const reply = script(recorded.length, request)
        if ("transportError" in reply) {
          return yield* Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause: "connection reset" }))
        }
        const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)
        return HttpClientResponse.fromWeb(
          request,
          new Response(reply.status === 204 ? null : text, {
            status: reply.status,
            headers: { "content-type": "application/json", ...reply.headers }
          })
        )
      })
    )
    return { client, layer: Layer.succeed(HttpClient.HttpClient, client), requests: Ref.get(requests) }
  })
