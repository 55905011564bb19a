/**
 * One exchange with the vendor: a wire request out, a `Received` answer (status, headers, a body to read once) back.
 * Two transports sit behind it: the kernel's own (`HttpTransport`, promises and an abort signal, used directly) and
 * any platform `HttpClient` (through its `execute`). Everything above this module is the same for both.
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as HttpTransport from "../../HttpTransport.js"
import type { IntegrationError } from "../../IntegrationError.js"

/** What a failed exchange becomes; the caller names the vendor and operation. */
export interface Failures {
  readonly transport: (description: string, cause: unknown) => IntegrationError
  readonly invalid: (description: string) => IntegrationError
  readonly tooLarge: () => IntegrationError
  /** Notes that the request provably never reached the vendor. */
  readonly notSent: () => void
}

/** An answer whose headers have arrived. */
export interface Received {
  readonly status: number
  /** Lower-case header lookup; repeated headers joined with `, `. */
  readonly header: (name: string) => string | undefined
  /** The body as text, bounded by `limit` bytes. */
  readonly text: (limit: number) => Effect.Effect<string, IntegrationError>
  /** The body chunk by chunk. */
  readonly stream: Stream.Stream<Uint8Array, IntegrationError>
}

const codeOf = (error: unknown): { code?: string; where?: string } => {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const record = current as Record<string, unknown>
    if (typeof record.code === "string") {
      const host = typeof record.hostname === "string"
        ? record.hostname
        : typeof record.address === "string"
        ? typeof record.port === "number" ? `${record.address}:${record.port}` : record.address
        : undefined
      return host === undefined ? { code: record.code } : { code: record.code, where: host }
    }
    current = record.cause
  }
  return {}
}

/** Connection failures that prove the request never left: nothing was sent, so nothing can have happened. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT"
])

/** Whether a transport failure proves the vendor never received the request. */
export const provesNotSent = (error: unknown): boolean => {
  const code = codeOf(error).code
  return code !== undefined && NOT_SENT_CODES.has(code)
}

/**
 * Why a request failed before an answer, in words safe to log: the system or undici error code and the host it
 * concerned (`ECONNREFUSED 127.0.0.1:1`, `ENOTFOUND api.example.com`), never headers or bodies.
 */
export const describeTransportFailure = (error: unknown, phase: "request" | "response"): string => {
  const { code, where } = codeOf(error)
  const what = phase === "request" ? "request failed before a response arrived" : "response could not be read"
  if (code === undefined) return what
  return `${what} (${code}${where === undefined ? "" : ` ${where}`})`
}

const lookupRaw = (headers: HttpTransport.WireResponse["headers"]) => (name: string): string | undefined => {
  const value = headers[name]
  return value === undefined ? undefined : typeof value === "string" ? value : value.join(", ")
}

const lookupPlatform = (headers: Headers.Headers) => (name: string): string | undefined => headers[name]

/** The kernel's own transport, as an Effect: the request is aborted when the fiber is interrupted. */
export const sendDirect = (
  transport: HttpTransport.Service,
  request: HttpTransport.WireRequest,
  failures: Failures
): Effect.Effect<HttpTransport.WireResponse, IntegrationError> =>
  Effect.async<HttpTransport.WireResponse, IntegrationError>((resume, signal) => {
    transport.send(request, signal).then(
      (response) => resume(Effect.succeed(response)),
      (error: unknown) => {
        if (provesNotSent(error)) failures.notSent()
        resume(Effect.fail(failures.transport(describeTransportFailure(error, "request"), error)))
      }
    )
  })

/** A direct answer as `Received`. */
export const receivedDirect = (response: HttpTransport.WireResponse, failures: Failures): Received => ({
  status: response.status,
  header: lookupRaw(response.headers),
  text: (limit) =>
    Effect.async<string, IntegrationError>((resume, signal) => {
      const onAbort = () => response.discard()
      signal.addEventListener("abort", onAbort, { once: true })
      response.text(limit).then(
        (text) => {
          signal.removeEventListener("abort", onAbort)
          resume(Effect.succeed(text))
        },
        (error: unknown) => {
          signal.removeEventListener("abort", onAbort)
          resume(Effect.fail(
            error instanceof HttpTransport.BodyTooLarge
              ? failures.tooLarge()
              : failures.transport(describeTransportFailure(error, "response"), error)
          ))
        }
      )
    }),
  stream: Stream.fromAsyncIterable(
    response.chunks(),
    (error) => failures.transport(describeTransportFailure(error, "response"), error)
  )
})

const mapClientError = (error: HttpClientError.HttpClientError, failures: Failures): IntegrationError => {
  if (error._tag === "RequestError" && (error.reason === "InvalidUrl" || error.reason === "Encode")) {
    failures.notSent()
    return failures.invalid(`request could not be built (${error.reason})`)
  }
  if (error._tag === "RequestError" && provesNotSent(error.cause)) failures.notSent()
  return failures.transport(describeTransportFailure(error.cause, error._tag === "RequestError" ? "request" : "response"), error.cause)
}

/** Reads at most `limit` bytes of a platform response; a larger body is abandoned, not buffered. */
const platformText = (
  response: HttpClientResponse.HttpClientResponse,
  headers: Headers.Headers,
  limit: number,
  failures: Failures
): Effect.Effect<string, IntegrationError> => {
  const declared = headers["content-length"] === undefined ? NaN : Number(headers["content-length"])
  if (Number.isFinite(declared) && declared > limit) return Effect.fail(failures.tooLarge())
  return response.stream.pipe(
    Stream.mapError((error) => mapClientError(error, failures)),
    Stream.runFoldEffect({ chunks: Chunk.empty<Uint8Array>(), size: 0 }, (acc, chunk) =>
      acc.size + chunk.byteLength > limit
        ? Effect.fail(failures.tooLarge())
        : Effect.succeed({ chunks: Chunk.append(acc.chunks, chunk), size: acc.size + chunk.byteLength })),
    Effect.map(({ chunks, size }) => {
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.byteLength
      }
      return new TextDecoder().decode(bytes)
    })
  )
}

/** A platform `HttpClient`, as `Received`. */
export const sendPlatform = (
  client: HttpClient.HttpClient,
  request: Parameters<HttpClient.HttpClient["execute"]>[0],
  failures: Failures
): Effect.Effect<Received, IntegrationError> =>
  Effect.map(
    Effect.mapError(client.execute(request), (error) => mapClientError(error, failures)),
    (response): Received => {
      const headers = response.headers
      return {
        status: response.status,
        header: lookupPlatform(headers),
        text: (limit) => platformText(response, headers, limit, failures),
        stream: Stream.mapError(response.stream, (error) => mapClientError(error, failures))
      }
    }
  )

/** The kernel's own transport, used directly. */
export type Direct = HttpTransport.Service

/** Any platform client, used through `execute`. */
export type Client = HttpClient.HttpClient

/**
 * The transport to use: the kernel's own when the `HttpClient` in context is the one it built, otherwise that client
 * with its tracing off (the operation's span records sanitised URLs; platform spans would record full ones).
 */
export const resolve: Effect.Effect<{ readonly direct: Direct | undefined; readonly client: Client }, never, HttpClient.HttpClient> = Effect.gen(function*() {
  const client = yield* HttpClient.HttpClient
  const own = yield* Effect.serviceOption(HttpTransport.HttpTransport)
  const direct = own._tag === "Some" && own.value.client === client ? own.value : undefined
  return { direct, client: HttpClient.withTracerDisabledWhen(client, () => true) }
})
