/**
 * A local stand-in for api.resend.com in tests: records every request as received on the wire and answers with the
 * script's reply.
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
  readonly body: unknown
  readonly headers?: Record<string, string>
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
        res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers })
        res.end(JSON.stringify(reply.body))
      })
    })
    return { url: server.url, requests: Effect.sync(() => captured.slice()) }
  })

/** An email as `GET /emails/{id}` returns it, with the `null`s Resend sends for unset fields. */
export const email = {
  object: "email",
  id: "4ef9a417-02e9-4d39-ad75-9611e0fcc33c",
  to: ["delivered@resend.dev"],
  from: "Acme <onboarding@resend.dev>",
  created_at: "2023-04-03 22:13:42.674981+00",
  subject: "Hello World",
  html: "Congrats on sending your <strong>first email</strong>!",
  text: null,
  bcc: null,
  cc: null,
  reply_to: null,
  last_event: "delivered",
  scheduled_at: null
}
