/**
 * A local stand-in for api.twilio.com in tests: records every request as received on the wire and answers with the
 * script's reply.
 */
import * as Effect from "effect/Effect"
import type * as NodeHttp from "node:http"
import * as TestServer from "../../../support/TestServer.js"

export interface Captured {
  readonly method: string
  readonly path: string
  readonly headers: NodeHttp.IncomingHttpHeaders
  readonly body: string
}

export interface Reply {
  readonly status?: number
  readonly body: unknown
  readonly headers?: Record<string, string>
}

export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
export const MESSAGE_SID = "SM0123456789abcdef0123456789abcdef"

export const make = (respond: (request: Captured, index: number) => Reply) =>
  Effect.gen(function*() {
    const captured: Array<Captured> = []
    const server = yield* TestServer.make((req, res) => {
      void TestServer.readBody(req).then((body) => {
        const url = new URL(req.url ?? "/", "http://localhost")
        const request: Captured = { method: req.method ?? "", path: url.pathname, headers: req.headers, body }
        captured.push(request)
        const reply = respond(request, captured.length)
        res.writeHead(reply.status ?? 200, {
          "content-type": "application/json",
          "twilio-request-id": `RQ${captured.length}`,
          ...reply.headers
        })
        res.end(JSON.stringify(reply.body))
      })
    })
    return { url: server.url, requests: Effect.sync(() => captured.slice()) }
  })

/** A message as Twilio returns it on create (the shape of the spec's `create` example). */
export const message = {
  account_sid: ACCOUNT_SID,
  api_version: "2010-04-01",
  body: "Hello! 👍",
  date_created: "Thu, 24 Aug 2023 05:01:45 +0000",
  date_sent: null,
  date_updated: "Thu, 24 Aug 2023 05:01:45 +0000",
  direction: "outbound-api",
  error_code: null,
  error_message: null,
  from: "+14155552345",
  num_media: "0",
  num_segments: "1",
  price: null,
  price_unit: null,
  messaging_service_sid: null,
  sid: MESSAGE_SID,
  status: "queued",
  subresource_uris: { media: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}/Media.json` },
  to: "+14155552671",
  uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`
}

/** Twilio's error body. */
export const error = (status: number, code: number) => ({
  code,
  message: "The 'To' number +14155552671 is not a valid phone number.",
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status
})
