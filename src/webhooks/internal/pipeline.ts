/**
 * The delivery pipeline every HTTP adapter shares: size limit, verification, decoding, replay claim, the user's
 * handler, and the mapping of each outcome to a status and a generic body.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Metric from "effect/Metric"
import * as Predicate from "effect/Predicate"
import * as Redaction from "../../core/Redaction.js"
import { ReplayGuard } from "../ReplayGuard.js"
import * as Common from "./common.js"
import type { Reason } from "../WebhookError.js"
import { WebhookError } from "../WebhookError.js"
import * as Webhooks from "../Webhooks.js"
import type { HandlerOptions, Incoming, Reply } from "../WebhookHttp.js"
import type { HeaderLookup, VerifiedWebhook } from "../WebhookScheme.js"

export interface Outcome {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array
}

/** Deliveries by scheme and outcome: accepted, duplicate, in_progress, rejected (with reason) or failed. */
export const deliveries = Metric.counter("integration.webhook.deliveries", {
  description: "Inbound webhook deliveries handled over HTTP, by scheme and outcome",
  incremental: true
})

const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Outcome => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

const received = json(200, { received: true })

/** The status for a rejection: 413 size, 400 malformed, 401 authentication, 200 replay of a processed delivery. */
export const statusOf = (reason: Reason): number => {
  switch (reason) {
    case "PayloadTooLarge":
      return 413
    case "MalformedHeader":
    case "InvalidPayload":
      return 400
    case "MissingHeader":
    case "InvalidSignature":
    case "TimestampTooOld":
    case "TimestampInFuture":
      return 401
    case "Replayed":
      return 200
    case "UnknownScheme":
      return 500
  }
}

const rejection = (reason: Reason): Outcome => {
  const status = statusOf(reason)
  switch (status) {
    case 413:
      // The rest of the body was not read: the connection cannot be reused.
      return json(413, { error: "payload_too_large" }, { connection: "close" })
    case 400:
      return json(400, { error: "bad_request" })
    case 401:
      return json(401, { error: "unauthorized" })
    case 200:
      return received
    default:
      return json(500, { error: "internal_error" })
  }
}

const fromReply = (reply: void | Reply): Outcome => {
  if (reply === undefined) return received
  const body = reply.body ?? ""
  return {
    status: reply.status ?? 200,
    headers: {
      ...(reply.contentType === undefined ? {} : { "content-type": reply.contentType }),
      ...reply.headers
    },
    body
  }
}

/**
 * Rebuilds the URL the vendor called from what the server saw, keeping the path's characters as received. A known
 * `protocol` (Express's `req.protocol`, which honours `trust proxy`) wins over `X-Forwarded-Proto`.
 */
export const rebuildUrl = (headers: HeaderLookup, rawUrl: string, protocol?: string): string => {
  if (!rawUrl.startsWith("/")) return rawUrl
  const scheme = protocol ?? (headers("x-forwarded-proto")?.split(",")[0]?.trim() || "http")
  const host = headers("x-forwarded-host")?.split(",")[0]?.trim() || headers("host") || "localhost"
  return `${scheme}://${host}${rawUrl}`
}

const errorType = (cause: Cause.Cause<unknown>): string => {
  const failure = Cause.squash(cause)
  if (Predicate.hasProperty(failure, "_tag") && typeof failure._tag === "string") return failure._tag
  return failure instanceof Error ? failure.name : typeof failure
}

/**
 * Builds the pipeline for one route. Deliveries being processed by this instance are tracked so a concurrent
 * duplicate gets 409 (the vendor retries later) instead of a 200 that would acknowledge work not yet done.
 */
export const make = <A, I, R>(options: HandlerOptions<A, I, R>) => {
  const inFlight = new Set<string>()
  const scheme = options.scheme
  const maxBodyBytes = options.maxBodyBytes ?? Webhooks.defaultMaxBodyBytes
  const replay = options.replay ?? true

  const record = (outcome: string, reason?: Reason) =>
    Common.count(deliveries, {
      [Webhooks.Attr.scheme]: scheme.name,
      [Webhooks.Attr.outcome]: outcome,
      ...(reason === undefined ? {} : { [Webhooks.Attr.reason]: reason })
    })

  const reject = (error: WebhookError) =>
    Effect.as(
      Effect.zipRight(
        Effect.logWarning("webhook rejected").pipe(
          // Descriptions name headers and schema paths, and a path can be a key the sender chose (an address).
          Effect.annotateLogs({
            scheme: scheme.name,
            reason: error.reason,
            description: Redaction.scrubText(error.description, { maxLength: 300 })
          })
        ),
        record("rejected", error.reason)
      ),
      rejection(error.reason)
    )

  const run = (webhook: VerifiedWebhook, event: A): Effect.Effect<Outcome, never, R | ReplayGuard> =>
    Effect.uninterruptibleMask((restore) =>
      Effect.gen(function*() {
        const key = Webhooks.replayKeyOf(webhook, options)
        if (replay) {
          const claimed = yield* Effect.either(Webhooks.guardReplay(scheme, webhook, options))
          if (claimed._tag === "Left") {
            const busy = inFlight.has(key)
            yield* record(busy ? "in_progress" : "duplicate")
            return busy ? json(409, { error: "in_progress" }) : received
          }
        }
        inFlight.add(key)
        const exit = yield* Effect.exit(restore(options.handler(event, webhook)))
        inFlight.delete(key)
        const outcome = Exit.isSuccess(exit) ? fromReply(exit.value) : json(500, { error: "internal_error" })
        if (outcome.status >= 200 && outcome.status < 300) {
          yield* record("accepted")
          return outcome
        }
        // The vendor retries anything but a 2xx: the claim must go, or the retry would be taken for a replay.
        if (replay) yield* Effect.flatMap(ReplayGuard, (guard) => guard.release(key))
        if (Exit.isFailure(exit)) {
          yield* Effect.logError("webhook handler failed").pipe(
            Effect.annotateLogs({ scheme: scheme.name, "error.type": errorType(exit.cause) })
          )
        }
        yield* record("failed")
        return outcome
      })
    )

  return (incoming: Incoming): Effect.Effect<Outcome, never, R | ReplayGuard> =>
    Effect.gen(function*() {
      const tooLarge = new WebhookError({
        scheme: scheme.name,
        reason: "PayloadTooLarge",
        description: `body is larger than ${maxBodyBytes} bytes`
      }, { disableValidation: true })
      if (declaredTooLarge(incoming.headers, maxBodyBytes)) return yield* reject(tooLarge)
      const body = yield* Effect.either(incoming.readBody(maxBodyBytes))
      if (body._tag === "Left") {
        yield* record("rejected")
        return json(400, { error: "bad_request" })
      }
      if (body.right === "TooLarge") return yield* reject(tooLarge)
      const url = typeof options.url === "function" ? options.url(incoming) : options.url ?? incoming.url
      const request = { rawBody: body.right, headers: incoming.headers, url, method: incoming.method }
      const checked = yield* Effect.either(
        Effect.flatMap(Webhooks.verify(scheme, request, options.secrets, options), (webhook) =>
          Effect.map(
            Webhooks.decodeBody(
              scheme,
              options.schema,
              request.rawBody,
              options.bodyFormat ?? Webhooks.bodyFormatOf(scheme, request)
            ),
            (event) => ({ webhook, event })
          ))
      )
      if (checked._tag === "Left") return yield* reject(checked.left)
      return yield* run(checked.right.webhook, checked.right.event)
    }).pipe(
      Effect.tap((outcome) => Effect.annotateCurrentSpan("http.response.status_code", outcome.status)),
      Effect.withSpan("Webhooks.handle", { attributes: { [Webhooks.Attr.scheme]: scheme.name }, captureStackTrace: false })
    )
}

/** The parts of a Node `IncomingMessage` the body reader uses. */
export interface NodeReadable {
  // Methods, not function properties: Node declares its listeners with `any` arguments, and a method's parameters
  // compare both ways, so an `IncomingMessage` fits while each listener here keeps its own argument type.
  on(event: string, listener: (...args: Array<never>) => void): unknown
  off(event: string, listener: (...args: Array<never>) => void): unknown
  readonly pause: () => unknown
  readonly readableEnded?: boolean | undefined
}

export const isNodeReadable = (u: unknown): u is NodeReadable =>
  Predicate.hasProperty(u, "on") && typeof u.on === "function" && Predicate.hasProperty(u, "off") &&
  typeof u.off === "function" && Predicate.hasProperty(u, "pause") && typeof u.pause === "function"

/**
 * Reads a Node request body up to `maxBytes`. Past the limit it stops listening and pauses the stream rather than
 * destroying it, so the 413 can still be written; Node discards the rest once the response ends.
 */
export const readNode = (source: NodeReadable, maxBytes: number): Effect.Effect<Uint8Array | "TooLarge", unknown> =>
  Effect.async<Uint8Array | "TooLarge", unknown>((resume) => {
    const parts: Array<Uint8Array> = []
    let total = 0
    const cleanup = () => {
      source.off("data", onData)
      source.off("end", onEnd)
      source.off("error", onError)
    }
    const onData = (chunk: Uint8Array | string) => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk
      total += bytes.length
      if (total > maxBytes) {
        cleanup()
        source.pause()
        resume(Effect.succeed("TooLarge"))
        return
      }
      parts.push(bytes)
    }
    const onEnd = () => {
      cleanup()
      resume(Effect.succeed(new Uint8Array(Buffer.concat(parts))))
    }
    const onError = (error: unknown) => {
      cleanup()
      resume(Effect.fail(error))
    }
    if (source.readableEnded === true) {
      resume(Effect.succeed(new Uint8Array()))
      return
    }
    source.on("data", onData)
    source.on("end", onEnd)
    source.on("error", onError)
    return Effect.sync(cleanup)
  })

/** Reads a Web `ReadableStream` up to `maxBytes`, cancelling it past the limit. */
export const readWeb = (
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number
): Effect.Effect<Uint8Array | "TooLarge", unknown> =>
  Effect.tryPromise({
    try: async () => {
      if (body === null) return new Uint8Array()
      const reader = body.getReader()
      const parts: Array<Uint8Array> = []
      let total = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        total += value.length
        if (total > maxBytes) {
          await reader.cancel()
          return "TooLarge" as const
        }
        parts.push(value)
      }
      return new Uint8Array(Buffer.concat(parts))
    },
    catch: (error) => error
  })

/** `Content-Length` says too large: answer without reading a byte. */
export const declaredTooLarge = (headers: HeaderLookup, maxBytes: number): boolean => {
  const declared = headers("content-length")
  return declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes
}
