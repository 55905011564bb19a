/**
 * The kernel's transport over Node's own `node:http` and `node:https`, as one layer that provides the platform's
 * `HttpClient` and the kernel's `HttpTransport` over the same keep-alive pools. Vendor calls take the kernel's fast
 * path, as with `UndiciTransport`. It loads nothing beyond Node and compiles no WebAssembly HTTP parser, so a
 * short-lived process (a serverless handler, a CLI, a cron job) starts and exits sooner; a long-running service under
 * load is better served by `UndiciTransport`. Import it from `effect-integrations/transport/node`, which does not load
 * undici.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 * import { NodeTransport } from "effect-integrations/transport/node"
 *
 * const Stripe = StripeClient.layer({ apiKey: Redacted.make("sk_test_123") }).pipe(
 *   Layer.provide(NodeTransport.layer())
 * )
 * ```
 *
 * @since 0.3.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as NodeHttp from "node:http"
import * as NodeHttps from "node:https"
import * as HttpTransport from "../core/HttpTransport.js"
import * as Client from "./internal/client.js"
import * as Node from "./internal/nodeHttp.js"
import type * as RequestBody from "./internal/requestBody.js"
import * as Source from "./internal/source.js"

/**
 * @since 0.3.0
 * @category Models
 */
export interface Options {
  /** Connections per origin. Default: unlimited (Node's default). */
  readonly connections?: number | undefined
  /** How long an idle connection is kept for reuse. Default 4 s (as `UndiciTransport`). */
  readonly keepAliveTimeout?: Duration.DurationInput | undefined
}

/**
 * The transport over given keep-alive pools (a proxy agent, agents with client certificates); they are not closed
 * with the layer.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const fromAgents = (agents: Node.Agents): HttpTransport.Service => {
  const send = (outgoing: RequestBody.Outgoing, signal: AbortSignal) => Node.request(agents, outgoing, signal)
  return {
    send: (request, signal) => send(request, signal).then(Source.toWire),
    exchange: (request, limit, done) => Node.exchange(agents, request, limit, done),
    client: Client.make(send)
  }
}

/**
 * A transport over new keep-alive pools, destroyed with the scope.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<HttpTransport.Service, never, Scope.Scope> => {
  const settings = {
    keepAlive: true,
    scheduling: "lifo" as const,
    // Node's agents time out idle sockets only; a request in progress is the kernel's to time.
    timeout: Duration.toMillis(options.keepAliveTimeout ?? "4 seconds"),
    ...(options.connections !== undefined ? { maxSockets: options.connections } : {})
  }
  return Effect.map(
    Effect.acquireRelease(
      Effect.sync((): Node.Agents => ({ http: new NodeHttp.Agent(settings), https: new NodeHttps.Agent(settings) })),
      (agents) =>
        Effect.sync(() => {
          agents.http.destroy()
          agents.https.destroy()
        })
    ),
    fromAgents
  )
}

/**
 * The transport as a layer: the kernel's `HttpTransport` and the platform's `HttpClient`, both over the same pools.
 *
 * @since 0.3.0
 * @category Layers
 */
export const layer = (options?: Options): Layer.Layer<HttpTransport.HttpTransport | HttpClient.HttpClient> =>
  Layer.scopedContext(
    Effect.map(make(options), (transport) =>
      Context.make(HttpTransport.HttpTransport, transport).pipe(Context.add(HttpClient.HttpClient, transport.client)))
  )
