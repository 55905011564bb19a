/**
 * Serves a webhook endpoint with `@effect/platform`: reads the raw body (413 past the limit, without reading on),
 * verifies, decodes, claims the delivery against replays and runs your handler, answering 2xx only once it succeeded.
 *
 * Responses, all with generic JSON bodies that reveal nothing about the failure:
 * - 200 `{"received":true}` (or your handler's `Reply`) after the handler succeeded;
 * - 200 `{"received":true}` for a redelivery of an already processed delivery: vendors retry any non-2xx, so a replay
 *   is acknowledged without running the handler again;
 * - 409 `{"error":"in_progress"}` for a duplicate arriving while the first copy is still being handled here, so the
 *   vendor retries later instead of treating unfinished work as done;
 * - 400 `{"error":"bad_request"}` for a malformed header or a body that does not decode;
 * - 401 `{"error":"unauthorized"}` for a missing header, a bad signature or a timestamp outside the tolerance;
 * - 413 `{"error":"payload_too_large"}` past `maxBodyBytes` (default 1 MiB);
 * - 500 `{"error":"internal_error"}` when the handler fails or dies: its replay claim is released so the vendor's
 *   retry is processed.
 *
 * @example
 * ```ts
 * import { HttpRouter } from "@effect/platform"
 * import { Effect, Redacted, Schema } from "effect"
 * import { StandardWebhooks, WebhookHttp } from "effect-integrations/webhooks"
 *
 * const router = HttpRouter.empty.pipe(
 *   WebhookHttp.route("/webhooks/openai", {
 *     scheme: StandardWebhooks.scheme,
 *     secrets: Redacted.make(process.env.OPENAI_WEBHOOK_SECRET!),
 *     schema: Schema.Struct({ type: Schema.String }),
 *     handler: (event) => Effect.log(event.type)
 *   })
 * )
 * // provide ReplayGuard.layerMemory() (or a shared store) to the server
 * ```
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Pipeline from "./internal/pipeline.js"
import type * as Schema from "effect/Schema"
import type { ReplayGuard } from "./ReplayGuard.js"
import type * as Webhooks from "./Webhooks.js"
import type { HeaderLookup, Secrets, VerifiedWebhook, WebhookScheme } from "./WebhookScheme.js"

/**
 * What a handler may answer instead of the default `200 {"received":true}` (TwiML for Twilio, a Slack reply, ...).
 * A status outside 2xx asks the vendor to retry, so the delivery's replay claim is released as for a failure.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Reply {
  readonly status?: number | undefined
  readonly body?: string | Uint8Array | undefined
  readonly contentType?: string | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * A webhook endpoint: its scheme and secrets, the Schema of its events and the handler that processes them. The same
 * options serve every adapter (`WebhookHttp`, `WebhookWeb`, `WebhookExpress`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface HandlerOptions<A, I, R> extends Webhooks.Options {
  readonly scheme: WebhookScheme
  readonly secrets: Secrets
  /** Decodes the verified body; `Schema.Unknown` to take it as parsed JSON. */
  readonly schema: Schema.Schema<A, I, never>
  readonly handler: (event: A, webhook: VerifiedWebhook) => Effect.Effect<void | Reply, unknown, R>
  /** Reject redeliveries of an accepted delivery without running the handler again. Default `true`. */
  readonly replay?: boolean | undefined
  readonly bodyFormat?: Webhooks.BodyFormat | undefined
  /**
   * The public URL the vendor calls, for schemes that sign it (Twilio, HubSpot). Behind a proxy the URL a server
   * sees differs from the one signed; by default it is rebuilt from `Host`, `X-Forwarded-Proto` and the raw path.
   */
  readonly url?: string | ((request: Incoming) => string) | undefined
}

/**
 * An HTTP request as an adapter presents it to the pipeline.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Incoming {
  readonly method: string
  /** The full URL as best the adapter can rebuild it. */
  readonly url: string
  readonly headers: HeaderLookup
  /** Reads at most `maxBytes`; `TooLarge` as soon as the body is longer, without reading the rest. */
  readonly readBody: (maxBytes: number) => Effect.Effect<Uint8Array | "TooLarge", unknown>
}

/**
 * The HTTP status a rejection reason is answered with.
 *
 * @since 0.1.0
 * @category Models
 */
export const statusOf = Pipeline.statusOf

/**
 * Counter `integration.webhook.deliveries`, tagged by scheme and outcome.
 *
 * @since 0.1.0
 * @category Telemetry
 */
export const deliveries = Pipeline.deliveries

const lookup = (headers: Headers.Headers): HeaderLookup => (name) => Option.getOrUndefined(Headers.get(headers, name))

const readStream = (stream: Stream.Stream<Uint8Array, unknown>, maxBytes: number) =>
  Effect.suspend(() => {
    const parts: Array<Uint8Array> = []
    let total = 0
    return stream.pipe(
      Stream.runForEachWhile((chunk) =>
        Effect.sync(() => {
          total += chunk.length
          if (total > maxBytes) return false
          parts.push(chunk)
          return true
        })
      ),
      Effect.map(() => (total > maxBytes ? ("TooLarge" as const) : new Uint8Array(Buffer.concat(parts))))
    )
  })

/**
 * Presents a platform request to the pipeline. On Node the underlying `IncomingMessage` is read directly, so a body
 * past the limit is left unread and the 413 can still be written.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toIncoming = (request: HttpServerRequest.HttpServerRequest): Incoming => {
  const headers = lookup(request.headers)
  const source: unknown = request.source
  return {
    method: request.method,
    url: Pipeline.rebuildUrl(headers, request.originalUrl),
    headers,
    readBody: (maxBytes) =>
      Pipeline.isNodeReadable(source) ? Pipeline.readNode(source, maxBytes) : readStream(request.stream, maxBytes)
  }
}

const toResponse = (outcome: Pipeline.Outcome): HttpServerResponse.HttpServerResponse => {
  const { "content-type": contentType, ...headers } = outcome.headers
  const options = { status: outcome.status, headers: Headers.fromInput(headers), contentType }
  return typeof outcome.body === "string"
    ? HttpServerResponse.text(outcome.body, options)
    : HttpServerResponse.uint8Array(outcome.body, options)
}

/**
 * The endpoint as an `HttpApp`: mount it on any route.
 *
 * @since 0.1.0
 * @category Handlers
 */
export const handler = <A, I, R>(
  options: HandlerOptions<A, I, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R | ReplayGuard | HttpServerRequest.HttpServerRequest> => {
  const pipeline = Pipeline.make(options)
  return Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    Effect.map(pipeline(toIncoming(request)), toResponse))
}

/**
 * Adds a `POST path` route serving the endpoint.
 *
 * @since 0.1.0
 * @category Handlers
 */
export const route = <A, I, R>(path: HttpRouter.PathInput, options: HandlerOptions<A, I, R>) =>
<E, R0>(router: HttpRouter.HttpRouter<E, R0>): HttpRouter.HttpRouter<E, R0 | R | ReplayGuard> =>
  HttpRouter.post(router, path, handler(options))
