/**
 * The webhook endpoint as a Web `Request => Promise<Response>` function, for Next.js route handlers, Hono, Bun,
 * Deno and Cloudflare Workers. Same pipeline and responses as `WebhookHttp`.
 *
 * @example
 * ```ts
 * // app/api/webhooks/stripe/route.ts
 * import { Effect, Redacted, Schema } from "effect"
 * import { StripeWebhook, WebhookWeb } from "effect-integrations/webhooks"
 *
 * export const POST = WebhookWeb.toHandler({
 *   scheme: StripeWebhook.scheme,
 *   secrets: Redacted.make(process.env.STRIPE_WEBHOOK_SECRET!),
 *   schema: Schema.Struct({ id: Schema.String, type: Schema.String }),
 *   handler: (event) => Effect.log(event.type)
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Runtime from "effect/Runtime"
import * as Pipeline from "./internal/pipeline.js"
import type * as WebhookHttp from "./WebhookHttp.js"
import * as ReplayGuard from "./ReplayGuard.js"
import { headerLookup } from "./WebhookScheme.js"

/**
 * Presents a Web `Request` to the pipeline.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toIncoming = (request: Request): WebhookHttp.Incoming => ({
  method: request.method.toUpperCase(),
  url: request.url,
  headers: headerLookup(request.headers),
  readBody: (maxBytes) => Pipeline.readWeb(request.body, maxBytes)
})

const toResponse = (outcome: Pipeline.Outcome): Response =>
  new Response(typeof outcome.body === "string" ? outcome.body : Buffer.from(outcome.body), {
    status: outcome.status,
    headers: outcome.headers
  })

/**
 * A handler whose effects run on `runtime`, which must provide a `ReplayGuard` and whatever your handler needs
 * (e.g. from a `ManagedRuntime`).
 *
 * @since 0.1.0
 * @category Handlers
 */
export const toHandlerRuntime = <R>(runtime: Runtime.Runtime<R | ReplayGuard.ReplayGuard>) =>
<A, I>(options: WebhookHttp.HandlerOptions<A, I, R>): (request: Request) => Promise<Response> => {
  const pipeline = Pipeline.make(options)
  const run = Runtime.runPromise(runtime)
  return (request) => run(Effect.map(pipeline(toIncoming(request)), toResponse))
}

/**
 * A handler for effects that need nothing, with an in-memory replay guard of its own unless one is given. The
 * memory guard does not span processes or serverless instances: pass a shared store there.
 *
 * @since 0.1.0
 * @category Handlers
 */
export const toHandler = <A, I>(
  options: WebhookHttp.HandlerOptions<A, I, never>,
  config: { readonly replayGuard?: ReplayGuard.ReplayGuard.Service | undefined } = {}
): (request: Request) => Promise<Response> => {
  const guard = config.replayGuard ?? Effect.runSync(ReplayGuard.makeMemory())
  const pipeline = Pipeline.make(options)
  return (request) =>
    Effect.runPromise(
      Effect.map(pipeline(toIncoming(request)), toResponse).pipe(Effect.provideService(ReplayGuard.ReplayGuard, guard))
    )
}
