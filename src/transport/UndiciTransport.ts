/**
 * A lean HTTP transport over undici, as one layer that provides both the platform's `HttpClient` (usable by any Effect
 * code) and the kernel's `HttpTransport` contract over the same connection pool. Vendor calls made through it take the
 * kernel's fast path: one request per attempt, with no Effect pipeline between the call and the socket.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const Stripe = StripeClient.layer({ apiKey: Redacted.make("sk_test_123") }).pipe(
 *   Layer.provide(UndiciTransport.layer())
 * )
 * ```
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as NodeStream from "node:stream"
import * as Undici from "undici"
import * as HttpTransport from "../core/HttpTransport.js"
import * as Body from "./internal/body.js"
import * as Exchange from "./internal/exchange.js"
import { LeanResponse } from "./internal/response.js"

/**
 * @since 0.2.0
 * @category Models
 */
export interface Options {
  /** Connections per origin. Default: unlimited (undici's default). */
  readonly connections?: number | undefined
  /** How long an idle connection is kept for reuse. Default 4 s (undici's default). */
  readonly keepAliveTimeout?: Duration.DurationInput | undefined
  /** Longest wait for a TCP/TLS connection. Default 10 s (undici's default). */
  readonly connectTimeout?: Duration.DurationInput | undefined
  /** Use this dispatcher (a proxy agent, a mock agent) instead of a new `Agent`; it is not closed with the layer. */
  readonly dispatcher?: Undici.Dispatcher | undefined
}

class DirectResponse implements HttpTransport.WireResponse {
  constructor(private readonly data: Undici.Dispatcher.ResponseData) {}
  get status() {
    return this.data.statusCode
  }
  get headers() {
    return this.data.headers
  }
  text(limit: number): Promise<string> {
    return Body.readText(this.data.body, Body.declaredLength(this.data.headers["content-length"]), limit)
  }
  chunks(): AsyncIterable<Uint8Array> {
    return this.data.body
  }
  discard(): void {
    Body.discard(this.data.body)
  }
}

const toDirect = (data: Undici.Dispatcher.ResponseData): HttpTransport.WireResponse => {
  // A body error after the caller stopped listening must not become an uncaught exception.
  data.body.on("error", () => undefined)
  return new DirectResponse(data)
}

type SendBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

/** The platform request's body in a form undici sends; forms and streams are serialised the way `fetch` would. */
const bodyOf = (
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<{ readonly body: SendBody; readonly contentType?: string }, HttpClientError.RequestError> => {
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

/**
 * The transport over a dispatcher: the kernel's contract and an `HttpClient` sharing it.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromDispatcher = (dispatcher: Undici.Dispatcher): HttpTransport.Service => {
  const client = HttpClient.make((request, url, signal) =>
    Effect.flatMap(bodyOf(request), ({ body, contentType }) =>
      Effect.tryPromise({
        try: () =>
          dispatcher.request({
            method: request.method as Undici.Dispatcher.HttpMethod,
            origin: url.origin,
            path: url.pathname + url.search,
            headers: contentType === undefined ? request.headers : { ...request.headers, "content-type": contentType },
            body,
            signal,
            // Timeouts are the caller's (Effect.timeout, the kernel's policies), not undici's.
            headersTimeout: 0,
            bodyTimeout: 0
          }),
        catch: (cause) => new HttpClientError.RequestError({ request, reason: "Transport", cause })
      })
    ).pipe(Effect.map((data) => new LeanResponse(request, data)))
  )
  const send = (request: HttpTransport.WireRequest, signal: AbortSignal): Promise<HttpTransport.WireResponse> =>
    dispatcher.request({
      method: request.method as Undici.Dispatcher.HttpMethod,
      origin: request.origin,
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      signal,
      headersTimeout: 0,
      bodyTimeout: 0
    }).then(toDirect)
  return {
    send,
    exchange: (request, limit, done) => Exchange.exchange(dispatcher, request, limit, done),
    client
  }
}

/**
 * A transport over a new undici `Agent`, closed with the scope (or over `options.dispatcher`, left open).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<HttpTransport.Service, never, Scope.Scope> => {
  const given = options.dispatcher
  if (given !== undefined) return Effect.succeed(fromDispatcher(given))
  return Effect.map(
    Effect.acquireRelease(
      Effect.sync(() =>
        new Undici.Agent({
          ...(options.connections !== undefined ? { connections: options.connections } : {}),
          ...(options.keepAliveTimeout !== undefined
            ? { keepAliveTimeout: Duration.toMillis(options.keepAliveTimeout) }
            : {}),
          ...(options.connectTimeout !== undefined ? { connect: { timeout: Duration.toMillis(options.connectTimeout) } } : {})
        })
      ),
      (agent) => Effect.promise(() => agent.close())
    ),
    fromDispatcher
  )
}

/**
 * Provides `HttpClient` and the kernel's `HttpTransport`, both over one undici agent.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<HttpTransport.HttpTransport | HttpClient.HttpClient> =>
  Layer.scopedContext(
    Effect.map(make(options), (transport) =>
      Context.make(HttpTransport.HttpTransport, transport).pipe(Context.add(HttpClient.HttpClient, transport.client)))
  )
