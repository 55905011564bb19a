/**
 * WAHA (WhatsApp HTTP API): sessions (list, create, get, start, stop, logout, restart, me, QR), sends (text, image,
 * file, voice), seen and typing, chats and a chat's messages with `limit`/`offset`. `X-Api-Key` auth (any non-empty key
 * unless `keys` are given); NestJS error bodies `{ statusCode, message, error }`; 422 when the session's status does
 * not allow the call; no idempotency key (a repeated send sends twice, as WAHA would). One session, `default`, is
 * seeded paired and `WORKING`, with one chat.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { header, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const reasons: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error"
}
const failure = (status: number, message: string): SimResponse =>
  json(status, { statusCode: status, message, error: reasons[status] ?? "Error" })
const invalid = (message: string): SimResponse => rejected(400, { statusCode: 400, message: [message], error: "Bad Request" })

const CHAT = /^[^\s/@]{1,128}@(c\.us|g\.us|s\.whatsapp\.net|lid|newsletter|broadcast)$/

/** @internal */
export const seededChat = "14155550123@c.us"
/** @internal */
export const me = { id: "14155550100@c.us", pushName: "Acme" }

type Json = Record<string, unknown>

interface Session {
  readonly name: string
  status: string
  paired: boolean
  config: Json
}

/** @internal */
export const make = (shared: Shared): VendorModule<"waha"> => {
  const sessions = new Map<string, Session>()
  /** Messages per chat, oldest first. */
  const chats = new Map<string, Array<Json>>()

  const seed = () => {
    sessions.set("default", { name: "default", status: "WORKING", paired: true, config: {} })
    chats.set(seededChat, [{
      id: `false_${seededChat}_3EB0SEED`,
      timestamp: 1_733_000_000,
      from: seededChat,
      fromMe: false,
      to: me.id,
      body: "Hello, is this Acme?",
      hasMedia: false,
      ack: 3,
      ackName: "READ"
    }])
  }
  seed()

  const view = (session: Session) => ({
    name: session.name,
    status: session.status,
    config: session.config,
    ...(session.status === "WORKING" ? { me, engine: { engine: "NOWEB" } } : {})
  })

  const find = (request: SimRequest): Session | SimResponse => {
    const session = sessions.get(request.params.session ?? "")
    return session ?? failure(404, `Session "${request.params.session}" does not exist`)
  }
  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value
  const body = (request: SimRequest): Json | undefined => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : undefined
  }

  const create = (request: SimRequest): SimResponse => {
    const input = body(request) ?? {}
    const name = typeof input.name === "string" ? input.name : "default"
    if (sessions.has(name)) return failure(422, `Session '${name}' already exists. Use PUT to update it.`)
    const started = input.start !== false
    const session: Session = { name, status: started ? "SCAN_QR_CODE" : "STOPPED", paired: false, config: isRecord(input.config) ? input.config : {} }
    sessions.set(name, session)
    shared.commit(request, "session.created", name)
    return json(201, view(session))
  }

  const action = (change: (session: Session) => void) => (request: SimRequest): SimResponse => {
    const session = find(request)
    if (isResponse(session)) return session
    change(session)
    return json(201, view(session))
  }
  const running = (session: Session) => {
    session.status = session.paired ? "WORKING" : "SCAN_QR_CODE"
  }

  /** A send: the session must be `WORKING`, the chat id valid; the message is stored and committed. */
  const send = (kind: "text" | "image" | "file" | "voice") => (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined) return invalid("body must be a JSON object")
    if (typeof input.chatId !== "string" || !CHAT.test(input.chatId)) return invalid("chatId must be a valid chat id")
    if (kind === "text" && (typeof input.text !== "string" || input.text === "")) return invalid("text should not be empty")
    if (kind !== "text" && !(isRecord(input.file) && typeof input.file.mimetype === "string" && (typeof input.file.url === "string" || typeof input.file.data === "string"))) {
      return invalid("file must have a mimetype and a url or data")
    }
    const session = sessions.get(typeof input.session === "string" ? input.session : "default")
    if (session === undefined) return failure(404, "Session does not exist")
    if (session.status !== "WORKING") {
      return failure(422, `Session status is not as expected. Try again later or restart the session. Status: ${session.status}`)
    }
    const id = `true_${input.chatId}_3EB0${shared.id("", 16, "0123456789ABCDEF")}`
    const message = {
      id,
      timestamp: Math.floor(request.now / 1000),
      from: me.id,
      fromMe: true,
      to: input.chatId,
      // WAHA's 2024.9 document requires both as strings: the sender in a one-to-one chat, and where media is served.
      participant: me.id,
      body: kind === "text" ? input.text : typeof input.caption === "string" ? input.caption : "",
      hasMedia: kind !== "text",
      mediaUrl: kind === "text" ? "" : `http://localhost:3000/api/files/${id}`,
      ack: 1,
      ackName: "SERVER"
    }
    chats.set(input.chatId, [...(chats.get(input.chatId) ?? []), message])
    shared.commit(request, "message.sent", id)
    return json(201, message)
  }

  const state = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (input === undefined || typeof input.chatId !== "string" || !CHAT.test(input.chatId)) return invalid("chatId must be a valid chat id")
    const session = sessions.get(typeof input.session === "string" ? input.session : "default")
    if (session === undefined) return failure(404, "Session does not exist")
    if (session.status !== "WORKING") return failure(422, `Session status is not as expected. Status: ${session.status}`)
    return json(201, {})
  }

  const page = <A>(request: SimRequest, items: ReadonlyArray<A>): SimResponse | ReadonlyArray<A> => {
    const limit = request.query.has("limit") ? Number(request.query.get("limit")) : 100
    const offset = request.query.has("offset") ? Number(request.query.get("offset")) : 0
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) return invalid("limit and offset must be integers")
    return items.slice(offset, offset + limit)
  }

  const listChats = (request: SimRequest): SimResponse => {
    const session = find(request)
    if (isResponse(session)) return session
    const all = [...chats.entries()].map(([id, messages]) => ({
      id,
      name: id === seededChat ? "Jane" : null,
      timestamp: Number(messages[messages.length - 1]?.timestamp ?? 0),
      unreadCount: 0
    })).sort((a, b) => b.timestamp - a.timestamp)
    const result = page(request, all)
    return isResponse(result) ? result : json(200, result)
  }

  const listMessages = (request: SimRequest): SimResponse => {
    const session = find(request)
    if (isResponse(session)) return session
    const chatId = decodeURIComponent(request.params.chatId ?? "")
    const newestFirst = [...(chats.get(chatId) ?? [])].reverse()
    const result = page(request, newestFirst)
    return isResponse(result) ? result : json(200, result)
  }

  const sync = (handler: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => handler(request))

  return {
    vendor: "waha",
    handlers: {
      "GET /api/sessions": sync((request) =>
        json(200, [...sessions.values()].filter((s) => request.query.get("all") === "true" || s.status !== "STOPPED").map(view))
      ),
      "POST /api/sessions": sync(create),
      "GET /api/sessions/{session}": sync((request) => {
        const session = find(request)
        return isResponse(session) ? session : json(200, view(session))
      }),
      "POST /api/sessions/{session}/start": sync(action(running)),
      "POST /api/sessions/{session}/stop": sync(action((session) => {
        session.status = "STOPPED"
      })),
      "POST /api/sessions/{session}/logout": sync(action((session) => {
        session.paired = false
        session.status = "STOPPED"
      })),
      "POST /api/sessions/{session}/restart": sync(action(running)),
      "GET /api/sessions/{session}/me": sync((request) => {
        const session = find(request)
        return isResponse(session) ? session : json(200, session.status === "WORKING" ? me : null)
      }),
      "GET /api/{session}/auth/qr": sync((request) => {
        const session = find(request)
        if (isResponse(session)) return session
        if (session.status !== "SCAN_QR_CODE") {
          return failure(422, `Can not get QR code, session status is not SCAN_QR_CODE. Status: ${session.status}`)
        }
        return json(200, { value: `2@${shared.id("", 40)},${shared.id("", 20)}` })
      }),
      "POST /api/sendText": sync(send("text")),
      "POST /api/sendImage": sync(send("image")),
      "POST /api/sendFile": sync(send("file")),
      "POST /api/sendVoice": sync(send("voice")),
      "POST /api/sendSeen": sync(state),
      "POST /api/startTyping": sync(state),
      "POST /api/stopTyping": sync(state),
      "GET /api/{session}/chats": sync(listChats),
      "GET /api/{session}/chats/{chatId}/messages": sync(listMessages)
    },
    authenticate: (request) => {
      const key = header(request, "x-api-key")
      const accepted = shared.keys("waha")
      const ok = key !== undefined && key !== "" && (accepted === undefined || accepted.includes(key))
      return ok ? undefined : failure(401, "Unauthorized")
    },
    error: (_request, status, message) => failure(status, message ?? reasons[status] ?? "Error"),
    notFound: (request) => failure(404, `Cannot ${request.method} ${request.path}`),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // Self-hosted: WAHA limits nothing itself; a generous window so that defaults never get in the way.
    rateLimit: { limit: 1000, windowMs: 1000, headers: () => ({}) },
    reset: () => {
      sessions.clear()
      chats.clear()
      seed()
    }
  }
}
