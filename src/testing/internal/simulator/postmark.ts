/**
 * Postmark: send (one, batch, templated, templated batch), templates CRUD and validate, message streams, bounces
 * (list, get, activate) and the server read of health checks. Authentication is the `X-Postmark-Server-Token` header
 * (401 `ErrorCode` 10 when missing or wrong); errors are `{ ErrorCode, Message }` with HTTP 422 for a bad request; a
 * batch answers 200 with one entry per message, each with its own `ErrorCode`. Sending to
 * `hardbounce@bounce-testing.postmarkapp.com` (Postmark's test domain) records a hard bounce and makes the address
 * inactive: sending to it again is `ErrorCode` 406. Postmark takes no idempotency key: every accepted send is a side
 * effect (`email.sent`). Codes the simulator makes up where Postmark documents none (a duplicate stream id, an
 * unknown bounce) are `ErrorCode` 300 with HTTP 422.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { header, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const failure = (status: number, code: number, message: string): SimResponse => json(status, { ErrorCode: code, Message: message })
const invalid = (code: number, message: string): SimResponse => rejected(422, { ErrorCode: code, Message: message })

const ADDRESS = /^(?:[^<>]*<\s*)?[^\s@<>,]+@[^\s@<>,]+\.[^\s@<>,]+\s*>?$/
const BOUNCE_ADDRESS = "hardbounce@bounce-testing.postmarkapp.com"

const addresses = (value: unknown): Array<string> | undefined =>
  typeof value === "string" ? value.split(",").map((part) => part.trim()).filter((part) => part.length > 0) : undefined

const bare = (address: string): string => {
  const match = /<\s*([^>]+?)\s*>/.exec(address)
  return (match?.[1] ?? address).toLowerCase()
}

interface Template {
  TemplateId: number
  Name: string
  Alias: string | null
  Subject: string
  HtmlBody: string | null
  TextBody: string | null
  TemplateType: string
  Active: boolean
}

interface Stream {
  ID: string
  ServerID: number
  Name: string
  Description: string | null
  MessageStreamType: string
  CreatedAt: string
  UpdatedAt: string | null
  ArchivedAt: string | null
  ExpectedPurgeDate: string | null
  SubscriptionManagementConfiguration: { UnsubscribeHandlingType: string }
}

interface Bounce {
  ID: number
  Type: string
  TypeCode: number
  Name: string
  Tag: string | null
  MessageID: string
  ServerID: number
  MessageStream: string
  Description: string
  Details: string
  Email: string
  From: string
  BouncedAt: string
  DumpAvailable: boolean
  Inactive: boolean
  CanActivate: boolean
  Subject: string
}

const SERVER_ID = 23_456

/** @internal */
export const make = (shared: Shared): VendorModule<"postmark"> => {
  const templates = new Map<number, Template>()
  const streams = new Map<string, Stream>()
  const bounces = new Map<number, Bounce>()
  const inactive = new Set<string>()
  let nextTemplate = 1_000_000
  let nextBounce = 7_000

  const seedStreams = () => {
    for (const [ID, Name, MessageStreamType] of [
      ["outbound", "Default Transactional Stream", "Transactional"],
      ["inbound", "Default Inbound Stream", "Inbound"],
      ["broadcast", "Default Broadcast Stream", "Broadcasts"]
    ] as const) {
      streams.set(ID, {
        ID,
        ServerID: SERVER_ID,
        Name,
        Description: null,
        MessageStreamType,
        CreatedAt: "2024-01-01T00:00:00-05:00",
        UpdatedAt: null,
        ArchivedAt: null,
        ExpectedPurgeDate: null,
        SubscriptionManagementConfiguration: { UnsubscribeHandlingType: MessageStreamType === "Broadcasts" ? "Postmark" : "None" }
      })
    }
  }
  seedStreams()

  const messageId = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
  }

  const findTemplate = (idOrAlias: string): Template | undefined =>
    /^\d+$/.test(idOrAlias) ? templates.get(Number(idOrAlias)) : [...templates.values()].find((t) => t.Alias === idOrAlias)

  /** Checks one message; a problem is an `[ErrorCode, Message]` pair. */
  const check = (value: unknown, templated: boolean): readonly [number, string] | undefined => {
    if (!isRecord(value)) return [402, "Received invalid JSON input."]
    if (typeof value.From !== "string" || !ADDRESS.test(value.From)) return [300, "Invalid 'From' address."]
    const to = addresses(value.To)
    if (to === undefined || to.length === 0) return [300, "Zero recipients specified"]
    const all = [...to, ...(addresses(value.Cc) ?? []), ...(addresses(value.Bcc) ?? [])]
    if (all.some((a) => !ADDRESS.test(a))) return [300, "Invalid 'To' address."]
    if (all.length > 50) return [300, "Maximum of 50 recipients allowed."]
    if (typeof value.MessageStream === "string" && !streams.has(value.MessageStream)) {
      return [1235, "The 'MessageStream' provided does not exist on this server."]
    }
    if (templated) {
      const id = value.TemplateId ?? value.TemplateAlias
      if ((typeof id !== "number" && typeof id !== "string") || findTemplate(String(id)) === undefined) {
        return [1101, "The 'TemplateId' or 'TemplateAlias' associated with this request is not valid or was not found."]
      }
      if (!isRecord(value.TemplateModel)) return [300, "The 'TemplateModel' must be an object."]
    } else if (typeof value.HtmlBody !== "string" && typeof value.TextBody !== "string") {
      return [300, "Provide either email TextBody or HtmlBody or both."]
    }
    const blocked = all.filter((a) => inactive.has(bare(a)))
    if (blocked.length > 0) {
      // Postmark's own message quotes the inactive addresses.
      return [406, `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${blocked.join(", ")}.`]
    }
    return undefined
  }

  /** Sends one checked message: a side effect, and a bounce for the test bounce address. */
  const deliver = (request: SimRequest, value: Record<string, unknown>) => {
    const id = messageId()
    shared.commit(request, "email.sent", id)
    for (const address of addresses(value.To) ?? []) {
      if (bare(address) !== BOUNCE_ADDRESS) continue
      inactive.add(BOUNCE_ADDRESS)
      const bounceId = nextBounce++
      bounces.set(bounceId, {
        ID: bounceId,
        Type: "HardBounce",
        TypeCode: 1,
        Name: "Hard bounce",
        Tag: typeof value.Tag === "string" ? value.Tag : null,
        MessageID: id,
        ServerID: SERVER_ID,
        MessageStream: typeof value.MessageStream === "string" ? value.MessageStream : "outbound",
        Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        Details: "Simulated bounce",
        Email: BOUNCE_ADDRESS,
        From: String(value.From),
        BouncedAt: iso(request.now),
        DumpAvailable: false,
        Inactive: true,
        CanActivate: true,
        Subject: typeof value.Subject === "string" ? value.Subject : ""
      })
    }
    return { To: value.To, SubmittedAt: iso(request.now), MessageID: id, ErrorCode: 0, Message: "OK" }
  }

  const sendOne = (templated: boolean) => (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok) return invalid(402, "Received invalid JSON input.")
    const problem = check(parsed.value, templated)
    if (problem !== undefined) return invalid(problem[0], problem[1])
    return json(200, deliver(request, parsed.value as Record<string, unknown>))
  }

  const sendMany = (templated: boolean) => (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok) return invalid(402, "Received invalid JSON input.")
    const messages = templated ? (isRecord(parsed.value) ? parsed.value.Messages : undefined) : parsed.value
    if (!Array.isArray(messages)) return invalid(403, "Incompatible JSON input.")
    if (messages.length > 500) return invalid(410, "You may only send up to 500 messages in a batch.")
    return json(
      200,
      messages.map((message) => {
        const problem = check(message, templated)
        return problem === undefined ? deliver(request, message as Record<string, unknown>) : { ErrorCode: problem[0], Message: problem[1] }
      })
    )
  }

  const templateRecord = (t: Template) => ({
    TemplateId: t.TemplateId,
    Name: t.Name,
    ...(t.Alias === null ? {} : { Alias: t.Alias }),
    Active: t.Active,
    TemplateType: t.TemplateType
  })
  // Unset bodies and alias are left out: the spec does not allow null for them.
  const templateDetail = (t: Template) => ({
    TemplateID: t.TemplateId,
    Name: t.Name,
    ...(t.Alias === null ? {} : { Alias: t.Alias }),
    Subject: t.Subject,
    ...(t.HtmlBody === null ? {} : { HtmlBody: t.HtmlBody }),
    ...(t.TextBody === null ? {} : { TextBody: t.TextBody }),
    AssociatedServerId: SERVER_ID,
    Active: t.Active,
    TemplateType: t.TemplateType
  })
  const templateNotFound = () => invalid(1101, "The 'TemplateId' or 'TemplateAlias' associated with this request is not valid or was not found.")

  const createTemplate = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(402, "Received invalid JSON input.")
    const body = parsed.value
    if (typeof body.Name !== "string" || body.Name === "") return invalid(1120, "A required template field is missing: Name.")
    if (typeof body.Subject !== "string") return invalid(1120, "A required template field is missing: Subject.")
    if (typeof body.HtmlBody !== "string" && typeof body.TextBody !== "string") {
      return invalid(1120, "A required template field is missing: HtmlBody or TextBody.")
    }
    const alias = typeof body.Alias === "string" ? body.Alias : null
    if (alias !== null && findTemplate(alias) !== undefined) return invalid(1122, "The alias is already in use.")
    const template: Template = {
      TemplateId: nextTemplate++,
      Name: body.Name,
      Alias: alias,
      Subject: body.Subject,
      HtmlBody: typeof body.HtmlBody === "string" ? body.HtmlBody : null,
      TextBody: typeof body.TextBody === "string" ? body.TextBody : null,
      TemplateType: typeof body.TemplateType === "string" ? body.TemplateType : "Standard",
      Active: true
    }
    templates.set(template.TemplateId, template)
    shared.commit(request, "template.created", String(template.TemplateId))
    return json(200, templateRecord(template))
  }

  const updateTemplate = (request: SimRequest): SimResponse => {
    const template = findTemplate(request.params.templateIdOrAlias!)
    if (template === undefined) return templateNotFound()
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(402, "Received invalid JSON input.")
    const body = parsed.value
    if (typeof body.Name === "string") template.Name = body.Name
    if (typeof body.Subject === "string") template.Subject = body.Subject
    if (typeof body.HtmlBody === "string") template.HtmlBody = body.HtmlBody
    if (typeof body.TextBody === "string") template.TextBody = body.TextBody
    if (typeof body.Alias === "string") template.Alias = body.Alias
    return json(200, templateRecord(template))
  }

  const render = (text: unknown, model: Record<string, unknown>) =>
    typeof text === "string"
      ? {
        ContentIsValid: !/\{\{[^}]*$/.test(text),
        ValidationErrors: [],
        RenderedContent: text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => String(model[name] ?? ""))
      }
      : null

  const validate = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(402, "Received invalid JSON input.")
    const body = parsed.value
    const model = isRecord(body.TestRenderModel) ? body.TestRenderModel : {}
    const parts = { Subject: render(body.Subject, model), HtmlBody: render(body.HtmlBody, model), TextBody: render(body.TextBody, model) }
    const names = new Set<string>()
    for (const text of [body.Subject, body.HtmlBody, body.TextBody]) {
      if (typeof text === "string") for (const match of text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) names.add(match[1]!)
    }
    return json(200, {
      AllContentIsValid: Object.values(parts).every((part) => part === null || part.ContentIsValid),
      // A part that was not sent is left out (the spec does not allow null for it).
      ...Object.fromEntries(Object.entries(parts).filter(([, part]) => part !== null)),
      SuggestedTemplateModel: Object.fromEntries([...names].map((name) => [name, `${name}_Value`]))
    })
  }

  const streamNotFound = () => invalid(1226, "The message stream for the provided 'ID' was not found.")

  const createStream = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(402, "Received invalid JSON input.")
    const body = parsed.value
    if (typeof body.ID !== "string" || body.ID === "" || body.ID.length > 30) return invalid(300, "Invalid 'ID'.")
    if (typeof body.Name !== "string" || body.Name === "") return invalid(300, "Invalid 'Name'.")
    if (body.MessageStreamType !== "Transactional" && body.MessageStreamType !== "Broadcasts") {
      return invalid(300, "Invalid 'MessageStreamType'.")
    }
    if (streams.has(body.ID)) return invalid(300, "A message stream with this 'ID' already exists.")
    const config = isRecord(body.SubscriptionManagementConfiguration) &&
        typeof body.SubscriptionManagementConfiguration.UnsubscribeHandlingType === "string"
      ? body.SubscriptionManagementConfiguration.UnsubscribeHandlingType
      : body.MessageStreamType === "Broadcasts" ? "Postmark" : "None"
    const stream: Stream = {
      ID: body.ID,
      ServerID: SERVER_ID,
      Name: body.Name,
      Description: typeof body.Description === "string" ? body.Description : null,
      MessageStreamType: body.MessageStreamType,
      CreatedAt: iso(request.now),
      UpdatedAt: null,
      ArchivedAt: null,
      ExpectedPurgeDate: null,
      SubscriptionManagementConfiguration: { UnsubscribeHandlingType: config }
    }
    streams.set(stream.ID, stream)
    shared.commit(request, "stream.created", stream.ID)
    return json(200, stream)
  }

  const updateStream = (request: SimRequest): SimResponse => {
    const stream = streams.get(request.params.stream_ID!)
    if (stream === undefined) return streamNotFound()
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid(402, "Received invalid JSON input.")
    const body = parsed.value
    if (typeof body.Name === "string") stream.Name = body.Name
    if (typeof body.Description === "string") stream.Description = body.Description
    stream.UpdatedAt = iso(request.now)
    return json(200, stream)
  }

  const archive = (request: SimRequest): SimResponse => {
    const stream = streams.get(request.params.stream_ID!)
    if (stream === undefined) return streamNotFound()
    if (stream.ID === "outbound" || stream.ID === "inbound") return invalid(1227, "Default message streams cannot be archived.")
    stream.ArchivedAt = iso(request.now)
    stream.ExpectedPurgeDate = iso(request.now + 45 * 86_400_000)
    return json(200, { ID: stream.ID, ServerID: SERVER_ID, ExpectedPurgeDate: stream.ExpectedPurgeDate })
  }

  const unarchive = (request: SimRequest): SimResponse => {
    const stream = streams.get(request.params.stream_ID!)
    if (stream === undefined) return streamNotFound()
    stream.ArchivedAt = null
    stream.ExpectedPurgeDate = null
    return json(200, stream)
  }

  const listBounces = (request: SimRequest): SimResponse => {
    const count = Number(request.query.get("count"))
    const offset = Number(request.query.get("offset"))
    if (!Number.isInteger(count) || count < 1 || count > 500) return invalid(300, "The 'count' parameter must be between 1 and 500.")
    if (!Number.isInteger(offset) || offset < 0) return invalid(300, "The 'offset' parameter is required.")
    if (count + offset > 10_000) return invalid(300, "The sum of 'count' and 'offset' cannot exceed 10000.")
    const filter = (name: string) => request.query.get(name) ?? undefined
    const matching = [...bounces.values()]
      .filter((b) => filter("type") === undefined || b.Type === filter("type"))
      .filter((b) => filter("inactive") === undefined || String(b.Inactive) === filter("inactive"))
      .filter((b) => filter("emailFilter") === undefined || b.Email.includes(filter("emailFilter")!))
      .filter((b) => filter("tag") === undefined || b.Tag === filter("tag"))
      .filter((b) => filter("messageID") === undefined || b.MessageID === filter("messageID"))
      .filter((b) => filter("messagestream") === undefined || b.MessageStream === filter("messagestream"))
      .sort((a, b) => b.ID - a.ID)
    return json(200, { TotalCount: matching.length, Bounces: matching.slice(offset, offset + count) })
  }

  const bounceOf = (request: SimRequest) => bounces.get(Number(request.params.bounceid))

  return {
    vendor: "postmark",
    handlers: {
      "POST /email": (request) => Effect.sync(() => sendOne(false)(request)),
      "POST /email/batch": (request) => Effect.sync(() => sendMany(false)(request)),
      "POST /email/withTemplate": (request) => Effect.sync(() => sendOne(true)(request)),
      "POST /email/batchWithTemplates": (request) => Effect.sync(() => sendMany(true)(request)),
      "GET /templates": (request) =>
        Effect.sync(() => {
          const count = Number(request.query.get("Count") ?? "100")
          const offset = Number(request.query.get("Offset") ?? "0")
          const all = [...templates.values()]
          return json(200, { TotalCount: all.length, Templates: all.slice(offset, offset + count).map(templateRecord) })
        }),
      "POST /templates": (request) => Effect.sync(() => createTemplate(request)),
      "GET /templates/{templateIdOrAlias}": (request) =>
        Effect.sync(() => {
          const template = findTemplate(request.params.templateIdOrAlias!)
          return template === undefined ? templateNotFound() : json(200, templateDetail(template))
        }),
      "PUT /templates/{templateIdOrAlias}": (request) => Effect.sync(() => updateTemplate(request)),
      "DELETE /templates/{templateIdOrAlias}": (request) =>
        Effect.sync(() => {
          const template = findTemplate(request.params.templateIdOrAlias!)
          if (template === undefined) return templateNotFound()
          templates.delete(template.TemplateId)
          shared.commit(request, "template.deleted", String(template.TemplateId))
          return json(200, { ErrorCode: 0, Message: `Template ${template.TemplateId} removed.` })
        }),
      "POST /templates/validate": (request) => Effect.sync(() => validate(request)),
      "GET /message-streams": (request) =>
        Effect.sync(() => {
          const type = request.query.get("MessageStreamType") ?? "All"
          const archived = request.query.get("IncludeArchivedStreams") === "true"
          const list = [...streams.values()].filter((s) =>
            (type === "All" || s.MessageStreamType === type) && (archived || s.ArchivedAt === null)
          )
          return json(200, { MessageStreams: list, TotalCount: list.length })
        }),
      "POST /message-streams": (request) => Effect.sync(() => createStream(request)),
      "GET /message-streams/{stream_ID}": (request) =>
        Effect.sync(() => {
          const stream = streams.get(request.params.stream_ID!)
          return stream === undefined ? streamNotFound() : json(200, stream)
        }),
      "PATCH /message-streams/{stream_ID}": (request) => Effect.sync(() => updateStream(request)),
      "POST /message-streams/{stream_ID}/archive": (request) => Effect.sync(() => archive(request)),
      "POST /message-streams/{stream_ID}/unarchive": (request) => Effect.sync(() => unarchive(request)),
      "GET /bounces": (request) => Effect.sync(() => listBounces(request)),
      "GET /bounces/{bounceid}": (request) =>
        Effect.sync(() => {
          const bounce = bounceOf(request)
          return bounce === undefined ? invalid(300, "Invalid bounce ID.") : json(200, bounce)
        }),
      "PUT /bounces/{bounceid}/activate": (request) =>
        Effect.sync(() => {
          const bounce = bounceOf(request)
          if (bounce === undefined) return invalid(300, "Invalid bounce ID.")
          bounce.Inactive = false
          bounce.CanActivate = false
          inactive.delete(bounce.Email)
          shared.commit(request, "bounce.activated", String(bounce.ID))
          return json(200, { Message: "OK", Bounce: bounce })
        }),
      "GET /server": () =>
        Effect.sync(() =>
          json(200, {
            ID: SERVER_ID,
            Name: "Simulated server",
            ApiTokens: [],
            Color: "blue",
            SmtpApiActivated: true,
            RawEmailEnabled: false,
            InboundAddress: "inbound@inbound.postmarkapp.com",
            InboundHookUrl: "",
            BounceHookUrl: "",
            OpenHookUrl: "",
            PostFirstOpenOnly: false,
            TrackOpens: false,
            TrackLinks: "None",
            InboundDomain: "",
            InboundHash: "0123456789abcdef",
            InboundSpamThreshold: 0
          })
        )
    },
    authenticate: (request) => {
      const token = header(request, "x-postmark-server-token")?.trim()
      if (token === undefined || token === "") {
        return failure(401, 10, "No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.")
      }
      const accepted = shared.keys("postmark")
      const ok = accepted === undefined
        ? token === "POSTMARK_API_TEST" || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token)
        : accepted.includes(token)
      return ok ? undefined : failure(401, 10, "Request does not contain a valid Server token.")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return failure(401, 10, message ?? "Request does not contain a valid Server token.")
        case 404:
          return failure(404, 0, message ?? "Entity doesn't exist.")
        case 422:
          return failure(422, 300, message ?? "Invalid email request.")
        case 429:
          return failure(429, 429, message ?? "Rate limit exceeded.")
        default:
          return status >= 500
            ? failure(status, 0, message ?? "Internal server error.")
            : failure(status, 300, message ?? "Invalid request.")
      }
    },
    notFound: () => failure(404, 0, "The requested resource does not exist."),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // Postmark documents no request quota nor rate-limit headers; the simulator enforces a generous window silently.
    rateLimit: { limit: 100, windowMs: 1000, headers: () => ({}) },
    reset: () => {
      templates.clear()
      streams.clear()
      bounces.clear()
      inactive.clear()
      seedStreams()
    }
  }
}
