/**
 * A scriptable transport for unit tests: each request is recorded with the virtual time it was sent at, and the script
 * decides the answer from the attempt number. `layer` provides it as the kernel's own transport (calls take the direct
 * path); `layerPlatform` provides the same script as a plain platform `HttpClient` only (calls take the Effect path).
 * Suites run over `paths` to hold both paths to the same behaviour.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as HttpTransport from "../../src/core/HttpTransport.js"

export interface Recorded {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly atMillis: number
  readonly body: string | undefined
}

export type Reply =
  | {
    readonly status: number
    readonly body?: unknown
    readonly headers?: Record<string, string>
    /** Answer only after this much (virtual) time. */
    readonly delay?: Duration.DurationInput
  }
  | { readonly transportError: true }

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers })

/** The request as the script sees it: the platform's form, whichever path sent it. */
export type ScriptRequest = HttpClientRequest.HttpClientRequest

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

const replyText = (reply: Exclude<Reply, { readonly transportError: true }>) =>
  reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body)

const replyHeaders = (reply: Exclude<Reply, { readonly transportError: true }>): Record<string, string> => {
  const headers: Record<string, string> = { "content-type": "application/json" }
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value
  return headers
}

const platformRequest = (wire: HttpTransport.WireRequest, url: URL): HttpClientRequest.HttpClientRequest => {
  let request = HttpClientRequest.make(wire.method as "GET")(url.origin + url.pathname, { headers: wire.headers })
  if (url.search !== "") request = HttpClientRequest.setUrlParams(request, url.searchParams)
  const body = wire.body
  if (body === undefined) return request
  return typeof body === "string"
    ? HttpClientRequest.bodyText(request, body, wire.headers["content-type"])
    : HttpClientRequest.bodyUint8Array(request, body, wire.headers["content-type"])
}

const reset = () => Object.assign(new Error("connection reset"), { code: "ECONNRESET" })

export const make = (script: (attempt: number, request: ScriptRequest) => Reply) =>
  Effect.gen(function*() {
    const clock = yield* Effect.clock
    const requests = yield* Ref.make<ReadonlyArray<Recorded>>([])
    const record = (request: HttpClientRequest.HttpClientRequest, url: string): Reply => {
      const all = Effect.runSync(
        Ref.updateAndGet(requests, (list) => [
          ...list,
          {
            method: request.method,
            url,
            headers: { ...request.headers },
            atMillis: clock.unsafeCurrentTimeMillis(),
            body: bodyText(request)
          }
        ])
      )
      return script(all.length, request)
    }
    const client = HttpClient.make((request, url) =>
      Effect.suspend(() => {
        const reply = record(request, url.toString())
        if ("transportError" in reply) {
          return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause: reset() }))
        }
        const response = HttpClientResponse.fromWeb(
          request,
          new Response(reply.status === 204 ? null : replyText(reply), { status: reply.status, headers: replyHeaders(reply) })
        )
        return reply.delay === undefined ? Effect.succeed(response) : Effect.as(Effect.sleep(reply.delay), response)
      })
    )
    // The direct path sends wire requests: the script sees them in the platform's form, as on the Effect path.
    const asPlatform = (wire: HttpTransport.WireRequest) => {
      const url = new URL(wire.origin + wire.path)
      return { request: platformRequest(wire, url), url: url.toString() }
    }
    const wireResponse = (reply: Exclude<Reply, { readonly transportError: true }>): HttpTransport.WireResponse => {
      const bytes = new TextEncoder().encode(replyText(reply))
      return {
        status: reply.status,
        headers: { ...replyHeaders(reply), "content-length": String(bytes.byteLength) },
        text: (limit) =>
          bytes.byteLength > limit
            ? Promise.reject(new HttpTransport.BodyTooLarge(limit))
            : Promise.resolve(new TextDecoder().decode(bytes)),
        chunks: async function*() {
          yield bytes
        },
        discard: () => undefined
      }
    }
    const transport: HttpTransport.Service = {
      client,
      send: (wire) =>
        Promise.resolve().then(() => {
          const { request, url } = asPlatform(wire)
          const reply = record(request, url)
          if ("transportError" in reply) throw reset()
          return wireResponse(reply)
        }),
      exchange: (wire, limit, done) => {
        let aborted = false
        let sleeping: { readonly unsafeInterruptAsFork: (id: FiberId.FiberId) => void } | undefined
        const answer = (reply: Exclude<Reply, { readonly transportError: true }>) => {
          if (aborted) return
          const response = wireResponse(reply)
          const text = replyText(reply)
          if (new TextEncoder().encode(text).byteLength > limit) {
            return done({ _tag: "TooLarge", status: response.status, headers: response.headers })
          }
          done({ _tag: "Answered", status: response.status, headers: response.headers, body: text })
        }
        // Answered a turn later, as a real transport would, so that aborts and timers can race the answer.
        Promise.resolve().then(() => {
          if (aborted) return
          const { request, url } = asPlatform(wire)
          const reply = record(request, url)
          if ("transportError" in reply) return done({ _tag: "Failed", phase: "response", error: reset() })
          if (reply.delay === undefined) return answer(reply)
          const fiber = Effect.runFork(clock.sleep(Duration.decode(reply.delay)))
          sleeping = fiber
          fiber.addObserver((exit) => {
            if (Exit.isSuccess(exit)) answer(reply)
          })
        })
        return () => {
          aborted = true
          sleeping?.unsafeInterruptAsFork(FiberId.none)
        }
      }
    }
    return {
      client,
      /** The kernel's own transport: calls take the direct path. */
      layer: Layer.succeedContext(Context.make(HttpTransport.HttpTransport, transport).pipe(Context.add(HttpClient.HttpClient, client))),
      /** A plain platform client: calls take the Effect path. */
      layerPlatform: Layer.succeed(HttpClient.HttpClient, client),
      requests: Ref.get(requests)
    }
  })

/** The two paths a call can take, for suites that must behave the same on both. */
export const paths = [
  ["direct path", (stub: { readonly layer: Layer.Layer<HttpClient.HttpClient> }) => stub.layer],
  ["Effect path", (stub: { readonly layerPlatform: Layer.Layer<HttpClient.HttpClient> }) => stub.layerPlatform]
] as const

