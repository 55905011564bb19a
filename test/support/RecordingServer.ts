/**
 * A local stand-in for a vendor's API in tests: records every request as received on the wire and answers with what
 * the test's script says, plus the vendor's own request-id header so clients can be checked for carrying it.
 */
import * as Effect from "effect/Effect"
import type * as NodeHttp from "node:http"
import * as TestServer from "./TestServer.js"

export interface Captured {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: NodeHttp.IncomingHttpHeaders
  readonly body: string
}

export interface Reply {
  readonly status?: number
  /** JSON-encoded; none for a 204 or when absent. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export interface Options {
  /** Headers every reply carries, from the request's 1-based index (e.g. the vendor's request id). */
  readonly headers?: (index: number) => Record<string, string>
  /** Appended to the server's URL in `url` (e.g. `/v2` for a versioned base path). */
  readonly basePath?: string
}

export const make = (respond: (request: Captured, index: number) => Reply, options: Options = {}) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make((req, res) => {
      void TestServer.readBody(req).then((body) => {
        const url = new URL(req.url ?? "/", "http://localhost")
        const request: Captured = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body }
        captured.push(request)
        const reply = respond(request, captured.length)
        const status = reply.status ?? 200
        const empty = status === 204 || reply.body === undefined
        res.writeHead(status, {
          ...(empty ? {} : { "content-type": "application/json" }),
          ...options.headers?.(captured.length),
          ...reply.headers
        })
        res.end(empty ? undefined : JSON.stringify(reply.body))
      })
    })
    return {
      url: `${server.url}${options.basePath ?? ""}`,
      port: server.port,
      requests: Effect.sync(() => captured.slice())
    }
  })
