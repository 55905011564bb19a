/**
 * The webhook endpoint as an Express (or plain `node:http`) handler. Mount it with `express.raw({ type: "*\/*" })` so
 * `req.body` is the raw `Buffer`, or with no body parser at all (the request stream is then read here). A body that
 * `express.json()` already parsed cannot be verified: such requests get a 500 and an error log saying so.
 *
 * @example
 * ```ts
 * import { Effect, Redacted, Schema } from "effect"
 * import { GitHubWebhook, WebhookExpress } from "effect-integrations/webhooks"
 *
 * // In an app: `import express from "express"` and `const app = express()`.
 * declare const express: { readonly raw: (options: { readonly type: string; readonly limit: string }) => unknown }
 * declare const app: { readonly post: (path: string, ...handlers: ReadonlyArray<unknown>) => void }
 *
 * app.post("/webhooks/github", express.raw({ type: "*\/*", limit: "1mb" }), WebhookExpress.toHandler({
 *   scheme: GitHubWebhook.scheme,
 *   secrets: Redacted.make(process.env.GITHUB_WEBHOOK_SECRET!),
 *   schema: Schema.Struct({ action: Schema.optional(Schema.String) }),
 *   handler: (event, webhook) => Effect.log(webhook.id, event.action)
 * }))
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
 * The parts of an Express `Request` (or a Node `IncomingMessage`) the handler reads.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RequestLike {
  readonly method?: string | undefined
  readonly url?: string | undefined
  /** Express keeps the URL before router mounting here. */
  readonly originalUrl?: string | undefined
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** The raw body from `express.raw()`, or `undefined` when no body parser ran. */
  readonly body?: unknown
  /** Express's `req.protocol` (honours `trust proxy`). */
  readonly protocol?: string | undefined
}

/**
 * The parts of a Node `ServerResponse` (which Express's `Response` extends) the handler writes.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ResponseLike {
  statusCode: number
  readonly setHeader: (name: string, value: string) => unknown
  readonly end: (body?: string | Uint8Array) => unknown
}

const misconfigured = "raw body unavailable: the request body was already parsed (e.g. by express.json()); " +
  "mount express.raw({ type: \"*/*\" }) on this route, before any JSON parser"

/**
 * Presents an Express / Node request to the pipeline.
 *
 * @since 0.1.0
 * @category Conversions
 */
export const toIncoming = (req: RequestLike): WebhookHttp.Incoming => {
  const headers = headerLookup(req.headers)
  return {
    method: (req.method ?? "POST").toUpperCase(),
    url: Pipeline.rebuildUrl(headers, req.originalUrl ?? req.url ?? "/", req.protocol),
    headers,
    readBody: (maxBytes) => {
      const body = req.body
      if (body instanceof Uint8Array) {
        return Effect.succeed(body.length > maxBytes ? ("TooLarge" as const) : body)
      }
      if (body === undefined && Pipeline.isNodeReadable(req)) return Pipeline.readNode(req, maxBytes)
      return Effect.fail(new Error(misconfigured))
    }
  }
}

const write = (res: ResponseLike, outcome: Pipeline.Outcome) => {
  res.statusCode = outcome.status
  for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value)
  res.end(outcome.body)
}

const make = <A, I, R>(
  options: WebhookHttp.HandlerOptions<A, I, R>,
  run: (effect: Effect.Effect<Pipeline.Outcome, never, R | ReplayGuard.ReplayGuard>) => Promise<Pipeline.Outcome>
) => {
  const pipeline = Pipeline.make(options)
  return (req: RequestLike, res: ResponseLike): Promise<void> => {
    const incoming = toIncoming(req)
    // A parsed body is our misconfiguration, not the sender's: 500, so the vendor keeps the delivery for later.
    const parsed = req.body !== undefined && !(req.body instanceof Uint8Array)
    return run(parsed ? Effect.as(Effect.logError(misconfigured), internalError) : pipeline(incoming)).then(
      (outcome) => write(res, outcome),
      () => write(res, internalError)
    )
  }
}

const internalError: Pipeline.Outcome = {
  status: 500,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: "internal_error" })
}

/**
 * A handler whose effects run on `runtime`, which must provide a `ReplayGuard` and whatever your handler needs.
 *
 * @since 0.1.0
 * @category Handlers
 */
export const toHandlerRuntime = <R>(runtime: Runtime.Runtime<R | ReplayGuard.ReplayGuard>) =>
<A, I>(options: WebhookHttp.HandlerOptions<A, I, R>): (req: RequestLike, res: ResponseLike) => Promise<void> =>
  make(options, Runtime.runPromise(runtime))

/**
 * A handler for effects that need nothing, with an in-memory replay guard of its own unless one is given (it does
 * not span processes: pass a shared store when several instances receive the same webhooks).
 *
 * @since 0.1.0
 * @category Handlers
 */
export const toHandler = <A, I>(
  options: WebhookHttp.HandlerOptions<A, I, never>,
  config: { readonly replayGuard?: ReplayGuard.ReplayGuard.Service | undefined } = {}
): (req: RequestLike, res: ResponseLike) => Promise<void> => {
  const guard = config.replayGuard ?? Effect.runSync(ReplayGuard.makeMemory())
  return make(options, (effect) => Effect.runPromise(Effect.provideService(effect, ReplayGuard.ReplayGuard, guard)))
}
