/**
 * A local stand-in for api.stripe.com in tests: records every request as received on the wire and answers with the
 * script's reply (Stripe's fixture objects by default).
 */
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import type * as NodeHttp from "node:http"
import * as NodePath from "node:path"
import * as OpenApi from "../../../contract/support/OpenApi.js"
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
  readonly body: unknown
  readonly headers?: Record<string, string>
}

export const fixtures = JSON.parse(
  NodeFs.readFileSync(NodePath.join(OpenApi.specsDir, "stripe/fixtures3.json"), "utf8")
).resources as Record<string, Record<string, unknown>>

export const fixture = (name: string): Record<string, unknown> => {
  const found = fixtures[name]
  if (found === undefined) throw new Error(`no Stripe fixture named ${name}`)
  return found
}

export const make = (respond: (request: Captured, index: number) => Reply) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make((req, res) => {
      void TestServer.readBody(req).then((body) => {
        const url = new URL(req.url ?? "/", "http://localhost")
        const request: Captured = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body }
        captured.push(request)
        const reply = respond(request, captured.length)
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", "request-id": `req_${captured.length}`, ...reply.headers })
        res.end(JSON.stringify(reply.body))
      })
    })
    return { url: server.url, port: server.port, requests: Effect.sync(() => captured.slice()) }
  })
