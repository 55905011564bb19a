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
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Undici from "undici"
import * as HttpTransport from "../core/HttpTransport.js"
import * as Client from "./internal/client.js"
import * as Exchange from "./internal/exchange.js"
import type * as RequestBody from "./internal/requestBody.js"
import * as Source from "./internal/source.js"

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

/**
 * The transport over a dispatcher: the kernel's contract and an `HttpClient` sharing it.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const fromDispatcher = (dispatcher: Undici.Dispatcher): HttpTransport.Service => {
  const send = (outgoing: RequestBody.Outgoing, signal: AbortSignal): Promise<Source.Source> =>
    dispatcher.request({
      method: outgoing.method as Undici.Dispatcher.HttpMethod,
      origin: outgoing.origin,
      path: outgoing.path,
      headers: outgoing.headers,
      body: outgoing.body ?? null,
      signal,
      // Timeouts are the caller's (Effect.timeout, the kernel's policies), not undici's.
      headersTimeout: 0,
      bodyTimeout: 0
    })
  return {
    send: (request, signal) => send(request, signal).then(Source.toWire),
    exchange: (request, limit, done) => Exchange.exchange(dispatcher, request, limit, done),
    client: Client.make(send)
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
