/**
 * The demo's local webhook receiver on 127.0.0.1: `/hooks/outbox` takes the app's outbound webhooks (Standard
 * Webhooks signatures, as the outbox dispatcher signs them), `/hooks/stripe` takes inbound Stripe events and
 * `/hooks/retell` Retell's, handing each to the app's handler (the voice follow-up). Every
 * body is verified through `Webhooks.verify` before it counts; a seeded share of first deliveries is refused with a
 * 503, as a receiver that is briefly down would, so the outbox has to retry.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as StandardWebhooks from "../../webhooks/schemes/StandardWebhooks.js"
import * as StripeWebhooks from "../../webhooks/schemes/Stripe.js"
import * as WebhookScheme from "../../webhooks/WebhookScheme.js"
import * as Webhooks from "../../webhooks/Webhooks.js"

/**
 * What the receiver saw.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Stats {
  /** Distinct outbox messages received with a valid signature. */
  readonly outboxReceived: number
  /** Valid outbox deliveries of a message already received (at-least-once delivery; dropped by id). */
  readonly outboxRedelivered: number
  /** Outbox deliveries refused on purpose (the simulated receiver outage). */
  readonly outboxRefused: number
  /** Outbox deliveries whose signature did not verify: must stay 0. */
  readonly outboxInvalid: number
  readonly inboundAccepted: number
  /** Retell deliveries the app's handler answered 2xx. */
  readonly retellAccepted: number
  /** Inbound events refused, by `WebhookError` reason. */
  readonly inboundRejected: Readonly<Record<string, number>>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Receiver {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string
  readonly stats: Effect.Effect<Stats>
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly outboxSecret: Redacted.Redacted<string>
  readonly stripeSecret: Redacted.Redacted<string>
  readonly seed: number
  /** Share of first outbox deliveries refused with a 503. */
  readonly refuseRate: number
  /** The app's Retell endpoint: verifies, acts, and answers with an HTTP status (a non-2xx makes Retell redeliver). */
  readonly onRetell: (request: WebhookScheme.WebhookRequest) => Effect.Effect<number>
}

/** FNV-1a over the seed and the message id, then Murmur3's finaliser to spread similar ids: a seed refuses the same messages. */
const draw = (seed: number, id: string): number => {
  let hash = 0x811c9dc5 ^ seed
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35)
  return ((hash ^ (hash >>> 16)) >>> 0) / 4294967296
}

const readBody = (req: NodeHttp.IncomingMessage): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

/**
 * Starts the receiver in the current scope; it stops, closing every connection, with the scope.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Receiver, never, Scope.Scope> =>
  Effect.gen(function*() {
    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)
    const seen = new Set<string>()
    const refused = new Set<string>()
    const counts = { outboxRedelivered: 0, outboxInvalid: 0, inboundAccepted: 0, retellAccepted: 0 }
    const inboundRejected: Record<string, number> = {}

    const onOutbox = async (body: Uint8Array, req: NodeHttp.IncomingMessage): Promise<number> => {
      const request = WebhookScheme.makeRequest({ body, headers: req.headers })
      const verified = await run(Effect.either(Webhooks.verify(StandardWebhooks.scheme, request, options.outboxSecret)))
      if (verified._tag === "Left") {
        counts.outboxInvalid++
        return 400
      }
      const id = verified.right.id ?? request.headers("webhook-id") ?? ""
      if (!seen.has(id) && !refused.has(id) && draw(options.seed, id) < options.refuseRate) {
        refused.add(id)
        return 503
      }
      if (seen.has(id)) counts.outboxRedelivered++
      seen.add(id)
      return 204
    }

    const onStripe = async (body: Uint8Array, req: NodeHttp.IncomingMessage): Promise<number> => {
      const request = WebhookScheme.makeRequest({ body, headers: req.headers })
      const verified = await run(Effect.either(Webhooks.verify(StripeWebhooks.scheme, request, options.stripeSecret)))
      if (verified._tag === "Right") {
        counts.inboundAccepted++
        return 200
      }
      const reason = verified.left.reason
      inboundRejected[reason] = (inboundRejected[reason] ?? 0) + 1
      return 400
    }

    const onRetell = async (body: Uint8Array, req: NodeHttp.IncomingMessage): Promise<number> => {
      const status = await run(options.onRetell(WebhookScheme.makeRequest({ body, headers: req.headers })))
      if (status < 300) counts.retellAccepted++
      return status
    }

    const server = NodeHttp.createServer((req, res) => {
      const route = req.method === "POST" && req.url === "/hooks/outbox"
        ? onOutbox
        : req.method === "POST" && req.url === "/hooks/stripe"
        ? onStripe
        : req.method === "POST" && req.url === "/hooks/retell"
        ? onRetell
        : undefined
      readBody(req)
        .then((body) => (route === undefined ? 404 : route(body, req)))
        .then(
          (status) => res.writeHead(status).end(),
          () => res.writeHead(500).end()
        )
    })
    const port = yield* Effect.acquireRelease(
      Effect.async<number>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed((server.address() as NodeNet.AddressInfo).port)))
      }),
      () =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    return {
      url: `http://127.0.0.1:${port}`,
      stats: Effect.sync(() => ({
        outboxReceived: seen.size,
        outboxRedelivered: counts.outboxRedelivered,
        outboxRefused: refused.size,
        outboxInvalid: counts.outboxInvalid,
        inboundAccepted: counts.inboundAccepted,
        retellAccepted: counts.retellAccepted,
        inboundRejected: { ...inboundRejected }
      }))
    }
  })
