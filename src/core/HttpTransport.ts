/**
 * The kernel's own transport contract: a request in wire form in, status + headers + a body reader out, driven by
 * promises and an `AbortSignal` rather than by Effect steps. A vendor call on its fast path makes exactly one such
 * exchange, so its cost is the transport's, not a pipeline's.
 *
 * `effect-integrations/transport` provides one over undici (`UndiciTransport.layer`) that is also an `HttpClient`.
 * The kernel uses this contract only when the `HttpClient` in context is the one that same layer built; any other
 * `HttpClient` (the platform's Node or fetch client, a test stub, a client with middleware) is used through its own
 * `execute`, with the same behaviour.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"

/**
 * A request as it goes on the wire. `origin` and `path` are kept apart so the kernel can build them without parsing a
 * URL per call.
 *
 * @since 0.2.0
 * @category Models
 */
export interface WireRequest {
  readonly method: string
  /** `https://api.acme.example` (no trailing slash). */
  readonly origin: string
  /** Path and query string: `/v1/customers?limit=1`. */
  readonly path: string
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | Uint8Array | undefined
}

/**
 * A response whose headers have arrived. Its body is read (or discarded) exactly once.
 *
 * @since 0.2.0
 * @category Models
 */
export interface WireResponse {
  readonly status: number
  /** Lower-case names; a repeated header is an array. */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /**
   * The whole body as text, refused once more than `limit` bytes arrive (a declared `content-length` above the limit
   * is refused before reading): the promise rejects with `BodyTooLarge` and the connection is dropped.
   */
  readonly text: (limit: number) => Promise<string>
  /** The body chunk by chunk; breaking out of the iteration drops the connection. */
  readonly chunks: () => AsyncIterable<Uint8Array>
  /** Throws the body away (for answers whose body does not matter). */
  readonly discard: () => void
}

/**
 * Raised by `WireResponse.text` when the body exceeds its limit.
 *
 * @since 0.2.0
 * @category Errors
 */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body exceeds ${limit} bytes`)
    this.name = "BodyTooLarge"
  }
}

/**
 * How a whole exchange ended: answered (the body read whole), refused for size (the body was larger than the limit;
 * headers known), or failed before an answer (`request`) or while reading it (`response`).
 *
 * @since 0.2.0
 * @category Models
 */
export type Exchanged =
  | {
    readonly _tag: "Answered"
    readonly status: number
    readonly headers: WireResponse["headers"]
    readonly body: string
  }
  | { readonly _tag: "TooLarge"; readonly status: number; readonly headers: WireResponse["headers"] }
  | { readonly _tag: "Failed"; readonly phase: "request" | "response"; readonly error: unknown }

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  /** Sends one request. Rejects on a connection failure or when `signal` aborts. */
  readonly send: (request: WireRequest, signal: AbortSignal) => Promise<WireResponse>
  /**
   * Sends one request and reads its whole answer (at most `limit` bytes of body), calling `done` exactly once, unless
   * aborted first. Returns the abort: after it, `done` is not called. The cheapest form: no promise, stream or signal
   * per request.
   */
  readonly exchange: (request: WireRequest, limit: number, done: (outcome: Exchanged) => void) => () => void
  /**
   * The `HttpClient` built over this same transport. The kernel sends directly only when this is the client it was
   * given, so a client wrapped with middleware always goes through its `execute`.
   */
  readonly client: HttpClient.HttpClient
}

/**
 * @since 0.2.0
 * @category Tags
 */
export class HttpTransport extends Context.Tag("effect-integrations/HttpTransport")<HttpTransport, Service>() {}
