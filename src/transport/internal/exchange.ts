/**
 * A whole request/answer exchange over undici's dispatch handler API: the body is collected chunk by chunk within its
 * byte limit and handed over once, with no promise, stream or abort signal per request.
 */
import type * as Undici from "undici"
import type { Exchanged, WireRequest, WireResponse } from "../../core/HttpTransport.js"
import { declaredLength } from "./body.js"

const decoder = new TextDecoder()

class Aborted extends Error {
  constructor() {
    super("the exchange was aborted")
    this.name = "AbortError"
  }
}

class Handler implements Undici.Dispatcher.DispatchHandler {
  private controller: Undici.Dispatcher.DispatchController | undefined
  private finished = false
  private status = 0
  private headers: WireResponse["headers"] = {}
  private chunks: Array<Buffer> = []
  private size = 0

  constructor(private readonly limit: number, private readonly done: (outcome: Exchanged) => void) {}

  /** Stops the exchange; `done` will not be called. */
  abort(): void {
    if (this.finished) return
    this.finished = true
    this.chunks = []
    this.controller?.abort(new Aborted())
  }

  private end(outcome: Exchanged): void {
    if (this.finished) return
    this.finished = true
    this.chunks = []
    this.done(outcome)
  }

  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.finished) controller.abort(new Aborted())
  }

  onResponseStart(
    controller: Undici.Dispatcher.DispatchController,
    statusCode: number,
    headers: WireResponse["headers"]
  ): void {
    this.status = statusCode
    this.headers = headers
    const declared = declaredLength(headers["content-length"])
    if (declared !== undefined && declared > this.limit) {
      this.end({ _tag: "TooLarge", status: statusCode, headers })
      controller.abort(new Aborted())
    }
  }

  onResponseData(controller: Undici.Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.finished) return
    this.size += chunk.byteLength
    if (this.size > this.limit) {
      this.end({ _tag: "TooLarge", status: this.status, headers: this.headers })
      controller.abort(new Aborted())
      return
    }
    this.chunks.push(chunk)
  }

  onResponseEnd(): void {
    const chunks = this.chunks
    const body = chunks.length === 0
      ? ""
      : chunks.length === 1
      ? decoder.decode(chunks[0])
      : decoder.decode(Buffer.concat(chunks, this.size))
    this.end({ _tag: "Answered", status: this.status, headers: this.headers, body })
  }

  onResponseError(_controller: Undici.Dispatcher.DispatchController, error: Error): void {
    this.end({ _tag: "Failed", phase: this.status === 0 ? "request" : "response", error })
  }
}

export const exchange = (
  dispatcher: Undici.Dispatcher,
  request: WireRequest,
  limit: number,
  done: (outcome: Exchanged) => void
): (() => void) => {
  const handler = new Handler(limit, done)
  dispatcher.dispatch(
    {
      method: request.method as Undici.Dispatcher.HttpMethod,
      origin: request.origin,
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      // Timeouts are the kernel's (the attempt timer aborts the exchange), not undici's.
      headersTimeout: 0,
      bodyTimeout: 0
    },
    handler
  )
  return () => handler.abort()
}
