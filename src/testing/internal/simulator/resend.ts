/**
 * Resend: send one email, send a batch (up to 100, all-or-nothing validation), retrieve an email. `Idempotency-Key`
 * works as Resend documents it: 1-256 characters, kept 24 hours, same key and payload return the first response
 * without sending again, a different payload is a 409 `invalid_idempotent_request`, a request still in progress a 409
 * `concurrent_idempotent_requests`. Errors are `{statusCode, message, name}`. The domain list (one verified sending
 * domain) answers the cheap authenticated read that health checks make.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, canonical, header, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const errorBody = (status: number, name: string, message: string) => ({ statusCode: status, message, name })

const failure = (status: number, name: string, message: string): SimResponse => json(status, errorBody(status, name, message))

const invalid = (name: string, message: string): SimResponse => rejected(422, errorBody(422, name, message))

const address = /^(?:[^<>]*<\s*)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+\s*>?$/

const list = (value: unknown): Array<string> | undefined =>
  typeof value === "string" ? [value] : Array.isArray(value) && value.every((v) => typeof v === "string") ? [...value] : undefined

interface Email {
  readonly id: string
  readonly from: string
  readonly to: Array<string>
  readonly subject: string
  readonly html: string | undefined
  readonly text: string | undefined
  readonly cc: Array<string>
  readonly bcc: Array<string>
  readonly reply_to: Array<string>
  readonly created_at: string
  readonly scheduled_at: string | undefined
}

/** @internal */
export const make = (shared: Shared): VendorModule<"resend"> => {
  const emails = new Map<string, Email>()

  const uuid = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  /** Checks one email; `at` prefixes field names for batch items. */
  const check = (value: unknown, at: string): SimResponse | Omit<Email, "id" | "created_at"> => {
    if (!isRecord(value)) return invalid("validation_error", `${at}Invalid email: expected an object.`)
    for (const field of ["from", "to", "subject"]) {
      if (value[field] === undefined || value[field] === "") return invalid("missing_required_field", `${at}Missing \`${field}\` field.`)
    }
    if (typeof value.from !== "string" || !address.test(value.from)) {
      return invalid(
        "validation_error",
        `${at}Invalid \`from\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`
      )
    }
    const to = list(value.to)
    if (to === undefined || to.length === 0 || to.some((a) => !address.test(a))) {
      return invalid("validation_error", `${at}Invalid \`to\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`)
    }
    if (to.length > 50) return invalid("validation_error", `${at}Too many recipients in \`to\`: the limit is 50.`)
    if (typeof value.subject !== "string") return invalid("validation_error", `${at}Invalid \`subject\` field.`)
    if (value.html === undefined && value.text === undefined && value.template === undefined && value.react === undefined) {
      return invalid("validation_error", `${at}Missing \`html\` or \`text\` field.`)
    }
    return {
      from: value.from,
      to,
      subject: value.subject,
      html: typeof value.html === "string" ? value.html : undefined,
      text: typeof value.text === "string" ? value.text : undefined,
      cc: list(value.cc) ?? [],
      bcc: list(value.bcc) ?? [],
      reply_to: list(value.reply_to) ?? [],
      scheduled_at: typeof value.scheduled_at === "string" ? value.scheduled_at : undefined
    }
  }

  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  const store = (request: SimRequest, email: Omit<Email, "id" | "created_at">) => {
    const id = uuid()
    emails.set(id, { ...email, id, created_at: iso(request.now) })
    shared.commit(request, "email.sent", id)
    return id
  }

  const send = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok) return invalid("validation_error", "Invalid JSON body.")
    const email = check(parsed.value, "")
    return isResponse(email) ? email : json(200, { id: store(request, email) })
  }

  const batch = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !Array.isArray(parsed.value)) return invalid("validation_error", "Invalid JSON body: expected an array of emails.")
    if (parsed.value.length === 0 || parsed.value.length > 100) {
      return invalid("validation_error", "A batch must contain between 1 and 100 emails.")
    }
    const checked = parsed.value.map((value, index) => check(value, `emails[${index}]: `))
    const problem = checked.find(isResponse)
    if (problem !== undefined) return problem
    return json(200, { data: checked.map((email) => ({ id: store(request, email as Omit<Email, "id" | "created_at">) })) })
  }

  const retrieve = (request: SimRequest): SimResponse => {
    const email = emails.get(request.params.email_id!)
    if (email === undefined) return failure(404, "not_found", "Email not found")
    return json(200, {
      object: "email",
      id: email.id,
      to: email.to,
      from: email.from,
      created_at: email.created_at,
      subject: email.subject,
      ...(email.html === undefined ? {} : { html: email.html }),
      ...(email.text === undefined ? {} : { text: email.text }),
      bcc: email.bcc,
      cc: email.cc,
      reply_to: email.reply_to,
      last_event: email.scheduled_at === undefined ? "delivered" : "scheduled"
    })
  }

  return {
    vendor: "resend",
    handlers: {
      "GET /domains": (request) =>
        Effect.sync(() =>
          json(200, {
            object: "list",
            has_more: false,
            data: [{
              id: "d91cd9bd-1176-453e-8fc1-35364d380206",
              name: "example.com",
              status: "verified",
              created_at: iso(request.now - 86_400_000).replace("T", " ").replace("Z", "+00"),
              region: "us-east-1",
              capabilities: { sending: "enabled", receiving: "disabled" }
            }]
          })
        ),
      "POST /emails": (request) => Effect.sync(() => send(request)),
      "POST /emails/batch": (request) => Effect.sync(() => batch(request)),
      "GET /emails/{email_id}": (request) => Effect.sync(() => retrieve(request))
    },
    authenticate: (request) => {
      const key = bearer(request)
      if (key === undefined || key === "") {
        return failure(
          401,
          "missing_api_key",
          "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY"
        )
      }
      const accepted = shared.keys("resend")
      const ok = accepted === undefined ? key.startsWith("re_") : accepted.includes(key)
      return ok ? undefined : failure(403, "invalid_api_key", "API key is invalid")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return failure(401, "missing_api_key", message ?? "Missing API key in the authorization header.")
        case 403:
          return failure(403, "invalid_api_key", message ?? "API key is invalid")
        case 404:
          return failure(404, "not_found", message ?? "The requested resource was not found.")
        case 429:
          return failure(
            429,
            "rate_limit_exceeded",
            message ?? "Too many requests. You can only make 2 requests per second. See rate limit response headers for more information."
          )
        default:
          return status >= 500
            ? failure(status, status === 500 ? "application_error" : "internal_server_error", message ?? "An unexpected error occurred.")
            : failure(status, "validation_error", message ?? "We found an error with one or more fields in the request.")
      }
    },
    notFound: () => failure(404, "not_found", "The requested endpoint does not exist."),
    idempotency: (request) => {
      const key = header(request, "idempotency-key")
      if (request.method !== "POST" || key === undefined) return undefined
      return {
        key,
        endpoint: `${request.method} ${request.path}`,
        fingerprint: (() => {
          const parsed = jsonBody(request)
          return parsed.ok ? canonical(parsed.value) : new TextDecoder().decode(request.body)
        })(),
        invalid: key.length < 1 || key.length > 256
          ? rejected(400, errorBody(400, "invalid_idempotency_key", "The key must be between 1-256 chars."))
          : undefined,
        mismatch: () =>
          rejected(409, errorBody(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload.")),
        inProgress: rejected(
          409,
          errorBody(409, "concurrent_idempotent_requests", "Same idempotency key used while original request is still in progress.")
        ),
        replay: (stored) => stored
      }
    },
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: {
      limit: 100,
      windowMs: 1000,
      headers: (state) => ({
        "ratelimit-limit": String(state.limit),
        "ratelimit-remaining": String(state.remaining),
        "ratelimit-reset": String(Math.ceil(state.resetMs / 1000)),
        "ratelimit-policy": `${state.limit};w=${Math.ceil(state.windowMs / 1000)}`
      })
    },
    reset: () => emails.clear()
  }
}
