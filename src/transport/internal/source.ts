/**
 * An answer as every transport here receives it: a status, headers, and the body as a Node stream (undici's body, or
 * `node:http`'s `IncomingMessage` itself). The kernel's `WireResponse` and the platform's `HttpClientResponse` are
 * both read from one.
 */
import type { Readable } from "node:stream"
import * as Consumers from "node:stream/consumers"
import type { WireResponse } from "../../core/HttpTransport.js"
import * as Body from "./body.js"

export interface Source {
  readonly statusCode: number
  readonly headers: WireResponse["headers"]
  readonly body: Readable
}

class SourceResponse implements WireResponse {
  constructor(private readonly source: Source) {}
  get status() {
    return this.source.statusCode
  }
  get headers() {
    return this.source.headers
  }
  text(limit: number): Promise<string> {
    return Body.readText(this.source.body, Body.declaredLength(this.source.headers["content-length"]), limit)
  }
  chunks(): AsyncIterable<Uint8Array> {
    return this.source.body
  }
  discard(): void {
    Body.discard(this.source.body)
  }
}

/** The kernel's view of an answer. */
export const toWire = (source: Source): WireResponse => {
  // A body error after the caller stopped listening must not become an uncaught exception.
  source.body.on("error", () => undefined)
  return new SourceResponse(source)
}

/** The whole body as bytes, however long (the platform's `arrayBuffer` has no limit). */
export const bytes = (body: Readable): Promise<ArrayBuffer> => Consumers.arrayBuffer(body)

/** The whole body as text, however long (the platform's `text` has no limit). */
export const text = (body: Readable): Promise<string> => Consumers.text(body)
