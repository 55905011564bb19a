/**
 * Twilio Programmable Messaging (API 2010-04-01): create a Message (form-encoded, HTTP basic auth with an Account SID
 * and auth token, or an API key SID and secret), fetch it, and read the account balance. A message moves from
 * `queued` to `sent` to `delivered` one second apart on the simulator's clock. Twilio has no idempotency key for this
 * call: a retried create sends the text twice, which `stats` reports as a duplicate. Magic test numbers as in Twilio's test credentials: To
 * `+15005550001` is invalid (21211), `+15005550009` is not a mobile number (21614), `+15005550004` unsubscribed (21610).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { basic, bodyText, json, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const errorBody = (code: number, message: string, status: number) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status
})

const invalid = (code: number, message: string): SimResponse => rejected(400, errorBody(code, message, 400))

const e164 = /^(?:whatsapp:)?\+[1-9]\d{6,14}$/

const magicTo: Record<string, readonly [number, string]> = {
  "+15005550001": [21211, "Invalid 'To' Phone Number: +15005550001"],
  "+15005550009": [21614, "'To' number +15005550009 is not a valid mobile number"],
  "+15005550004": [21610, "Attempt to send to unsubscribed recipient"]
}

/** RFC 2822, as Twilio writes dates. */
const rfc2822 = (millis: number) => new Date(millis).toUTCString().replace("GMT", "+0000")

interface Message {
  readonly sid: string
  readonly accountSid: string
  readonly to: string
  readonly from: string | null
  readonly messagingServiceSid: string | null
  readonly body: string
  readonly numMedia: number
  readonly created: number
}

/** @internal */
export const make = (shared: Shared): VendorModule<"twilio"> => {
  const messages = new Map<string, Message>()

  const render = (message: Message, now: number) => {
    const elapsed = now - message.created
    const status = elapsed < 1000 ? (message.messagingServiceSid === null ? "queued" : "accepted") : elapsed < 2000 ? "sent" : "delivered"
    const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`
    const segments = message.body.length <= 160 ? 1 : Math.ceil(message.body.length / 153)
    return {
      account_sid: message.accountSid,
      api_version: "2010-04-01",
      body: message.body,
      date_created: rfc2822(message.created),
      date_sent: elapsed < 1000 ? null : rfc2822(message.created + 1000),
      date_updated: rfc2822(message.created + (elapsed < 1000 ? 0 : elapsed < 2000 ? 1000 : 2000)),
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: message.from,
      messaging_service_sid: message.messagingServiceSid,
      num_media: String(message.numMedia),
      num_segments: String(segments),
      price: elapsed < 2000 ? null : `-${(0.0079 * segments).toFixed(5)}`,
      price_unit: "USD",
      sid: message.sid,
      status,
      subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
      to: message.to,
      uri
    }
  }

  const create = (request: SimRequest): SimResponse => {
    const form = new URLSearchParams(bodyText(request))
    const to = form.get("To") ?? ""
    const from = form.get("From")
    const service = form.get("MessagingServiceSid")
    const body = form.get("Body") ?? ""
    const media = form.getAll("MediaUrl")
    if (to === "") return invalid(21604, "A 'To' phone number is required.")
    if (!e164.test(to)) return invalid(21211, `Invalid 'To' Phone Number: ${to}`)
    const magic = magicTo[to]
    if (magic !== undefined) return invalid(magic[0], magic[1])
    if ((from === null || from === "") && (service === null || service === "")) return invalid(21603, "A 'From' phone number is required.")
    if (from !== null && from !== "" && !e164.test(from) && !/^[A-Za-z0-9 ]{1,11}$/.test(from)) {
      return invalid(21212, `Invalid From Number (caller ID): ${from}`)
    }
    if (body === "" && media.length === 0 && form.get("ContentSid") === null) return invalid(21602, "Message body is required.")
    if (body.length > 1600) return invalid(21617, "The concatenated message body exceeds the 1600 character limit.")
    const message: Message = {
      sid: shared.id("SM", 32, "0123456789abcdef"),
      accountSid: request.params.AccountSid!,
      to,
      from: from === null || from === "" ? null : from,
      messagingServiceSid: service === null || service === "" ? null : service,
      body,
      numMedia: media.length,
      created: request.now
    }
    messages.set(message.sid, message)
    shared.commit(request, "message.created", message.sid)
    return json(201, render(message, request.now))
  }

  const fetch = (request: SimRequest): SimResponse => {
    const message = messages.get(request.params.Sid!)
    return message === undefined || message.accountSid !== request.params.AccountSid
      ? json(404, errorBody(20404, `The requested resource ${request.path} was not found`, 404))
      : json(200, render(message, request.now))
  }

  const unauthorized = (): SimResponse => ({
    ...json(401, errorBody(20003, "Authenticate", 401)),
    headers: { "www-authenticate": "Basic realm=\"Twilio API\"" }
  })

  return {
    vendor: "twilio",
    handlers: {
      "POST /2010-04-01/Accounts/{AccountSid}/Messages.json": (request) => Effect.sync(() => create(request)),
      "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json": (request) => Effect.sync(() => fetch(request)),
      // The cheap authenticated read health checks make; the simulated account never runs dry.
      "GET /2010-04-01/Accounts/{AccountSid}/Balance.json": (request) =>
        Effect.sync(() => json(200, { account_sid: request.params.AccountSid!, balance: "20.00", currency: "USD" }))
    },
    authenticate: (request) => {
      const credentials = basic(request)
      if (credentials === undefined || credentials.password === "") return unauthorized()
      const accepted = shared.keys("twilio")
      const account = request.params.AccountSid ?? ""
      if (accepted !== undefined) {
        return accepted.includes(`${credentials.user}:${credentials.password}`) ? undefined : unauthorized()
      }
      // An Account SID must be the account in the path; an API key (SK...) acts for the path's account.
      const ok = /^SK[0-9a-f]{32}$/i.test(credentials.user) ||
        (/^AC[0-9a-f]{32}$/i.test(credentials.user) && credentials.user === account)
      return ok ? undefined : unauthorized()
    },
    error: (request, status, message) => {
      // Twilio's 20xxx codes mirror the HTTP status (20404, 20429, 20503...), except 20003 for authentication.
      const code = status === 401 ? 20003 : 20000 + status
      const text = message ?? (status === 429
        ? "Too Many Requests"
        : status === 503
        ? "Service Unavailable"
        : status >= 500
        ? "Internal Server Error"
        : status === 404
        ? `The requested resource ${request.path} was not found`
        : "Bad Request")
      return json(status, errorBody(code, text, status))
    },
    notFound: (request) => json(404, errorBody(20404, `The requested resource ${request.path} was not found`, 404)),
    headers: (request) => ({
      "twilio-request-id": request.requestId,
      "twilio-request-duration": "0.042",
      "twilio-concurrent-requests": "1"
    }),
    requestId: () => shared.id("RQ", 32, "0123456789abcdef"),
    // Twilio sends no rate-limit headers; over its concurrency limit it answers 429 with code 20429.
    rateLimit: { limit: 100, windowMs: 1000, headers: () => ({}) },
    reset: () => messages.clear()
  }
}
