/**
 * A small HTTP client for simulator tests: `fetch` (undici) wrapped in Effect, returning the status, headers and raw
 * text so tests can check exactly what went over the wire, transport errors included.
 */
import * as Effect from "effect/Effect"

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

export interface Request {
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string | FormData
  /** A JSON body (sets content-type). */
  readonly json?: unknown
  /** A form-encoded body (sets content-type). */
  readonly form?: Record<string, string>
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Sends a request; a transport failure (reset, refused) fails with the underlying error. */
export const send = (url: string, request: Request = {}): Effect.Effect<Reply, Error> =>
  Effect.tryPromise({
    try: async () => {
      const headers: Record<string, string> = { ...request.headers }
      let body: string | FormData | undefined = request.body
      if (request.json !== undefined) {
        headers["content-type"] = "application/json"
        body = JSON.stringify(request.json)
      }
      if (request.form !== undefined) {
        headers["content-type"] = "application/x-www-form-urlencoded"
        body = new URLSearchParams(request.form).toString()
      }
      const method = request.method ?? (body === undefined ? "GET" : "POST")
      const response = await fetch(url, body === undefined ? { method, headers } : { method, headers, body })
      const text = await response.text()
      return { status: response.status, headers: response.headers, text, json: parse(text) }
    },
    catch: (cause) => cause instanceof Error ? cause : new Error(String(cause))
  })

/** The `data:` payloads of a server-sent event stream, with their `event:` names. */
export const events = (text: string): ReadonlyArray<{ readonly event: string | undefined; readonly data: string }> =>
  text.split("\n\n").filter((block) => block.trim() !== "").map((block) => {
    const lines = block.split("\n")
    const event = lines.find((l) => l.startsWith("event: "))?.slice(7)
    const data = lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n")
    return { event, data }
  })
