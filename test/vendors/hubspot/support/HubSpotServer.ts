/**
 * A local stand-in for api.hubapi.com in tests: records every request as received on the wire and answers with the
 * script's reply (JSON, or an empty body for 204).
 */
import * as Effect from "effect/Effect"
import type * as NodeHttp from "node:http"
import * as TestServer from "../../../support/TestServer.js"

export interface Captured {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: NodeHttp.IncomingHttpHeaders
  readonly body: string
}

export interface Reply {
  readonly status?: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export const contact = (id: string, properties: Record<string, string | null> = {}) => ({
  id,
  properties: { hs_object_id: id, ...properties },
  createdAt: "2024-05-01T10:00:00.000Z",
  updatedAt: "2024-05-01T10:00:00.000Z",
  archived: false
})

export const make = (respond: (request: Captured, index: number) => Reply) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make((req, res) => {
      void TestServer.readBody(req).then((body) => {
        const url = new URL(req.url ?? "/", "http://localhost")
        const request: Captured = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body }
        captured.push(request)
        const reply = respond(request, captured.length)
        const status = reply.status ?? 200
        res.writeHead(status, {
          ...(status === 204 ? {} : { "content-type": "application/json" }),
          "x-hubspot-correlation-id": `corr-${captured.length}`,
          ...reply.headers
        })
        res.end(status === 204 || reply.body === undefined ? undefined : JSON.stringify(reply.body))
      })
    })
    return { url: server.url, port: server.port, requests: Effect.sync(() => captured.slice()) }
  })
