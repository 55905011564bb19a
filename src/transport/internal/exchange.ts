/**
 * A whole request/answer exchange over undici's dispatch handler API: the body is collected chunk by chunk within its
 * byte limit and handed over once, with no promise, stream or abort signal per request.
 */
import type * as Undici from "undici"
import type { Exchanged, WireRequest, WireResponse } from "../../core/HttpTransport.js"
import { declaredLength } from "./body.js"
import { Aborted, Collecting } from "./collecting.js"

class Handler extends Collecting implements Undici.Dispatcher.DispatchHandler {
  private controller: Undici.Dispatcher.DispatchController | undefined
  private status = 0
  private headers: WireResponse["headers"] = {}

  protected cancel(): void {
    this.controller?.abort(new Aborted())
  }

  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.finished) controller.abort(new Aborted())
  }

  onResponseStart(
    _controller: Undici.Dispatcher.DispatchController,
    statusCode: number,
    headers: WireResponse["headers"]
  ): void {
    this.status = statusCode
    this.headers = headers
    if (this.overLimit(declaredLength(headers["content-length"]))) this.tooLarge(statusCode, headers)
  }

  onResponseData(_controller: Undici.Dispatcher.DispatchController, chunk: Buffer): void {
    this.collect(chunk, this.status, this.headers)
  }

  onResponseEnd(): void {
    this.answered(this.status, this.headers)
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
