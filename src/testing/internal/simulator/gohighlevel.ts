/**
 * GoHighLevel (HighLevel API v2): contacts (create, get, update, delete, upsert by email or phone, search with the
 * `searchAfter` cursor), opportunities (create, get, update, status, delete, search with `startAfter`/`startAfterId`,
 * pipelines), calendars (list, free slots, appointments create/get/update), and OAuth (`POST /oauth/token` with the
 * authorization-code and refresh-token grants, refresh tokens rotating and good once; `POST /oauth/locationToken`
 * exchanging an agency token for a location's). Every request but the token grant needs `Version: 2021-07-28` and a
 * bearer token: a private integration token (`pit-...`) or an issued access token, valid a day on the simulator's
 * clock. Errors are `{ statusCode, message, error }`; answers carry the `X-RateLimit-*` burst and daily headers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, bodyText, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const VERSION = "2021-07-28"
const TOKEN_TTL_SECONDS = 86_399
const DAILY_LIMIT = 200_000

interface Contact {
  readonly id: string
  readonly locationId: string
  fields: Record<string, unknown>
  readonly dateAdded: number
  dateUpdated: number
}

interface Opportunity {
  readonly id: string
  readonly locationId: string
  fields: Record<string, unknown>
  readonly createdAt: number
  updatedAt: number
}

interface Appointment {
  readonly id: string
  readonly locationId: string
  readonly contactId: string
  fields: Record<string, unknown>
  readonly dateAdded: number
  dateUpdated: number
}

interface IssuedToken {
  readonly expiresAt: number
  readonly kind: "Company" | "Location"
}

const errorBody = (status: number, message: string | ReadonlyArray<string>) => ({
  statusCode: status,
  message,
  error: status === 401
    ? "Unauthorized"
    : status === 404
    ? "Not Found"
    : status === 422
    ? "Unprocessable Entity"
    : status === 429
    ? "Too Many Requests"
    : status >= 500
    ? "Internal Server Error"
    : "Bad Request"
})

const failure = (status: number, message: string | ReadonlyArray<string>): SimResponse => json(status, errorBody(status, message))
const invalid = (message: string | ReadonlyArray<string>): SimResponse => rejected(422, errorBody(422, message))
const badRequest = (message: string): SimResponse => rejected(400, errorBody(400, message))

const string = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined)

const contactFields = [
  "firstName",
  "lastName",
  "name",
  "email",
  "phone",
  "address1",
  "city",
  "state",
  "postalCode",
  "website",
  "timezone",
  "dnd",
  "tags",
  "source",
  "country",
  "companyName",
  "assignedTo",
  "dateOfBirth"
]

const pick = (input: Record<string, unknown>, fields: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(fields.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]))

/** @internal */
export const make = (shared: Shared): VendorModule<"gohighlevel"> => {
  const contacts = new Map<string, Contact>()
  const opportunities = new Map<string, Opportunity>()
  const appointments = new Map<string, Appointment>()
  const tokens = new Map<string, IssuedToken>()
  const refreshTokens = new Set<string>()
  const usedCodes = new Set<string>()
  let served = 0

  const id = () => shared.id("", 20)

  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value
  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : badRequest("Unexpected token in JSON body")
  }

  const renderContact = (contact: Contact) => ({
    id: contact.id,
    locationId: contact.locationId,
    ...contact.fields,
    ...(typeof contact.fields.email === "string" ? { emailLowerCase: contact.fields.email.toLowerCase() } : {}),
    type: "lead",
    dateAdded: iso(contact.dateAdded),
    dateUpdated: iso(contact.dateUpdated),
    customFields: []
  })

  const findByEmailOrPhone = (locationId: string, input: Record<string, unknown>) =>
    [...contacts.values()].find((c) =>
      c.locationId === locationId && (
        (string(input.email) !== undefined &&
          String(c.fields.email ?? "").toLowerCase() === string(input.email)!.toLowerCase()) ||
        (string(input.phone) !== undefined && c.fields.phone === input.phone)
      )
    )

  const createContact = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const locationId = string(input.locationId)
    if (locationId === undefined) return invalid(["locationId should not be empty", "locationId must be a string"])
    if (findByEmailOrPhone(locationId, input) !== undefined) {
      return badRequest("This location does not allow duplicated contacts.")
    }
    const contact: Contact = {
      id: id(),
      locationId,
      fields: pick(input, contactFields),
      dateAdded: request.now,
      dateUpdated: request.now
    }
    contacts.set(contact.id, contact)
    shared.commit(request, "contact.created", contact.id)
    return json(201, { contact: renderContact(contact) })
  }

  const contactOf = (request: SimRequest): Contact | SimResponse => {
    const contact = contacts.get(request.params.contactId!)
    return contact ?? badRequest("Contact not found")
  }

  const updateContact = (request: SimRequest): SimResponse => {
    const contact = contactOf(request)
    if (isResponse(contact)) return contact
    const input = body(request)
    if (isResponse(input)) return input
    contact.fields = { ...contact.fields, ...pick(input, contactFields) }
    contact.dateUpdated = request.now
    return json(200, { succeded: true, contact: renderContact(contact) })
  }

  const upsertContact = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const locationId = string(input.locationId)
    if (locationId === undefined) return invalid(["locationId should not be empty"])
    const existing = findByEmailOrPhone(locationId, input)
    if (existing !== undefined) {
      existing.fields = { ...existing.fields, ...pick(input, contactFields) }
      existing.dateUpdated = request.now
      return json(200, { new: false, contact: renderContact(existing), traceId: request.requestId })
    }
    const contact: Contact = {
      id: id(),
      locationId,
      fields: pick(input, contactFields),
      dateAdded: request.now,
      dateUpdated: request.now
    }
    contacts.set(contact.id, contact)
    shared.commit(request, "contact.created", contact.id)
    return json(200, { new: true, contact: renderContact(contact), traceId: request.requestId })
  }

  const searchContacts = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const locationId = string(input.locationId)
    const pageLimit = input.pageLimit
    if (locationId === undefined) return invalid(["locationId should not be empty"])
    if (typeof pageLimit !== "number" || !Number.isInteger(pageLimit) || pageLimit < 1 || pageLimit > 500) {
      return invalid(["pageLimit must not be greater than 500", "pageLimit must not be less than 1"])
    }
    if (input.page !== undefined && input.searchAfter !== undefined) return badRequest("page and searchAfter cannot be used together")
    const query = string(input.query)?.toLowerCase()
    const filters = Array.isArray(input.filters) ? input.filters.filter(isRecord) : []
    const matches = [...contacts.values()]
      .filter((c) => c.locationId === locationId)
      .filter((c) =>
        query === undefined ||
        [c.fields.firstName, c.fields.lastName, c.fields.email, c.fields.name].some((v) =>
          typeof v === "string" && v.toLowerCase().includes(query)
        )
      )
      .filter((c) =>
        filters.every((f) =>
          f.operator !== "eq" || typeof f.field !== "string" || String(c.fields[f.field] ?? "") === String(f.value)
        )
      )
      .sort((a, b) => a.dateAdded - b.dateAdded || (a.id < b.id ? -1 : 1))
    const after = Array.isArray(input.searchAfter) ? input.searchAfter : undefined
    const start = after === undefined
      ? (typeof input.page === "number" ? (input.page - 1) * pageLimit : 0)
      : matches.findIndex((c) => c.dateAdded > Number(after[0]) || (c.dateAdded === Number(after[0]) && c.id > String(after[1])))
    const page = start < 0 ? [] : matches.slice(start, start + pageLimit)
    return json(200, {
      contacts: page.map((c) => ({ ...renderContact(c), searchAfter: [c.dateAdded, c.id] })),
      total: matches.length
    })
  }

  const renderOpportunity = (opportunity: Opportunity) => ({
    id: opportunity.id,
    locationId: opportunity.locationId,
    ...opportunity.fields,
    createdAt: iso(opportunity.createdAt),
    updatedAt: iso(opportunity.updatedAt),
    customFields: []
  })

  const opportunityFields = ["pipelineId", "name", "pipelineStageId", "status", "contactId", "monetaryValue", "assignedTo"]
  const statuses = ["open", "won", "lost", "abandoned"]

  const createOpportunity = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const missing = ["pipelineId", "locationId", "name", "status", "contactId"].filter((f) => string(input[f]) === undefined)
    if (missing.length > 0) return invalid(missing.map((f) => `${f} should not be empty`))
    if (!statuses.includes(String(input.status))) return invalid(["status must be one of the following values: open, won, lost, abandoned, all"])
    if (!contacts.has(String(input.contactId))) return badRequest("Contact not found")
    const opportunity: Opportunity = {
      id: id(),
      locationId: String(input.locationId),
      fields: { ...pick(input, opportunityFields), lastStatusChangeAt: iso(request.now) },
      createdAt: request.now,
      updatedAt: request.now
    }
    opportunities.set(opportunity.id, opportunity)
    shared.commit(request, "opportunity.created", opportunity.id)
    return json(201, { opportunity: renderOpportunity(opportunity) })
  }

  const opportunityOf = (request: SimRequest): Opportunity | SimResponse =>
    opportunities.get(request.params.id!) ?? badRequest("Opportunity not found")

  const updateOpportunity = (request: SimRequest): SimResponse => {
    const opportunity = opportunityOf(request)
    if (isResponse(opportunity)) return opportunity
    const input = body(request)
    if (isResponse(input)) return input
    if (input.status !== undefined && !statuses.includes(String(input.status))) return invalid(["status must be a valid enum value"])
    opportunity.fields = { ...opportunity.fields, ...pick(input, opportunityFields) }
    opportunity.updatedAt = request.now
    return json(200, { opportunity: renderOpportunity(opportunity) })
  }

  const updateStatus = (request: SimRequest): SimResponse => {
    const opportunity = opportunityOf(request)
    if (isResponse(opportunity)) return opportunity
    const input = body(request)
    if (isResponse(input)) return input
    if (!statuses.includes(String(input.status))) return invalid(["status must be one of the following values: open, won, lost, abandoned, all"])
    opportunity.fields = {
      ...opportunity.fields,
      status: input.status,
      ...(string(input.lostReasonId) !== undefined ? { lostReasonId: input.lostReasonId } : {}),
      lastStatusChangeAt: iso(request.now)
    }
    opportunity.updatedAt = request.now
    return json(200, { succeded: true })
  }

  const searchOpportunities = (request: SimRequest): SimResponse => {
    const locationId = request.query.get("location_id")
    if (locationId === null || locationId === "") return invalid(["location_id should not be empty"])
    const limit = Number(request.query.get("limit") ?? "20")
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid(["limit must not be greater than 100"])
    const status = request.query.get("status")
    const matches = [...opportunities.values()]
      .filter((o) => o.locationId === locationId)
      .filter((o) => status === null || status === "all" || o.fields.status === status)
      .filter((o) => request.query.get("contact_id") === null || o.fields.contactId === request.query.get("contact_id"))
      .filter((o) => request.query.get("pipeline_id") === null || o.fields.pipelineId === request.query.get("pipeline_id"))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    const afterTime = request.query.get("startAfter")
    const afterId = request.query.get("startAfterId")
    const start = afterTime === null || afterId === null
      ? 0
      : matches.findIndex((o) => o.createdAt > Number(afterTime) || (o.createdAt === Number(afterTime) && o.id > afterId))
    const page = start < 0 ? [] : matches.slice(start, start + limit)
    const last = page[page.length - 1]
    return json(200, {
      opportunities: page.map(renderOpportunity),
      meta: {
        total: matches.length,
        ...(last === undefined ? {} : { startAfterId: last.id, startAfter: last.createdAt })
      }
    })
  }

  const calendarId = (locationId: string) => `cal${locationId.slice(0, 17)}`

  const freeSlots = (request: SimRequest): SimResponse => {
    const start = Number(request.query.get("startDate"))
    const end = Number(request.query.get("endDate"))
    if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
      return invalid(["startDate must be a number", "endDate must be a number"])
    }
    if (end - start > 31 * 86_400_000) return badRequest("Date range cannot be more than 31 days")
    const booked = new Set(
      [...appointments.values()]
        .filter((a) => a.fields.calendarId === request.params.calendarId && a.fields.appointmentStatus !== "cancelled")
        .map((a) => Date.parse(String(a.fields.startTime)))
    )
    const days: Record<string, { slots: Array<string> }> = {}
    for (let day = Math.floor(start / 86_400_000) * 86_400_000; day < end; day += 86_400_000) {
      const slots = [10, 14].map((hour) => day + hour * 3_600_000).filter((at) => at >= start && at < end && !booked.has(at))
      if (slots.length > 0) days[iso(day).slice(0, 10)] = { slots: slots.map((at) => iso(at).replace(".000Z", "+00:00")) }
    }
    return json(200, days)
  }

  const renderAppointment = (appointment: Appointment) => ({
    id: appointment.id,
    locationId: appointment.locationId,
    contactId: appointment.contactId,
    ...appointment.fields,
    isRecurring: false
  })

  const appointmentFields = [
    "title",
    "appointmentStatus",
    "assignedUserId",
    "address",
    "meetingLocationType",
    "startTime",
    "endTime",
    "calendarId",
    "description"
  ]

  const createAppointment = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const missing = ["calendarId", "locationId", "contactId", "startTime"].filter((f) => string(input[f]) === undefined)
    if (missing.length > 0) return invalid(missing.map((f) => `${f} should not be empty`))
    const startTime = Date.parse(String(input.startTime))
    if (!Number.isFinite(startTime)) return invalid(["startTime must be a valid ISO 8601 date string"])
    const taken = [...appointments.values()].some((a) =>
      a.fields.calendarId === input.calendarId && a.fields.appointmentStatus !== "cancelled" &&
      Date.parse(String(a.fields.startTime)) === startTime
    )
    if (taken && input.ignoreFreeSlotValidation !== true) return badRequest("The slot you have selected is no longer available.")
    const appointment: Appointment = {
      id: id(),
      locationId: String(input.locationId),
      contactId: String(input.contactId),
      fields: {
        appointmentStatus: "confirmed",
        endTime: iso(startTime + 30 * 60_000),
        ...pick(input, appointmentFields)
      },
      dateAdded: request.now,
      dateUpdated: request.now
    }
    appointments.set(appointment.id, appointment)
    shared.commit(request, "appointment.created", appointment.id)
    return json(200, renderAppointment(appointment))
  }

  const appointmentOf = (request: SimRequest): Appointment | SimResponse =>
    appointments.get(request.params.eventId!) ?? badRequest("Appointment not found")

  const issue = (request: SimRequest, kind: IssuedToken["kind"]) => {
    const token = `ghl-${kind.toLowerCase()}-${shared.id("", 24)}`
    tokens.set(token, { expiresAt: request.now + TOKEN_TTL_SECONDS * 1000, kind })
    return token
  }

  const tokenGrant = (request: SimRequest): SimResponse => {
    const form = new URLSearchParams(bodyText(request))
    if (string(form.get("client_id")) === undefined || string(form.get("client_secret")) === undefined) {
      return failure(401, "Invalid client credentials")
    }
    const grant = form.get("grant_type")
    if (grant === "authorization_code") {
      const code = string(form.get("code"))
      if (code === undefined || usedCodes.has(code)) return badRequest("Invalid grant: authorization code is invalid")
      usedCodes.add(code)
    } else if (grant === "refresh_token") {
      const refresh = form.get("refresh_token") ?? ""
      // Rotating: a refresh token is good once.
      if (!refreshTokens.delete(refresh)) return failure(401, "Invalid grant: refresh token is invalid")
    } else {
      return invalid(["grant_type must be one of the following values: authorization_code, refresh_token, client_credentials"])
    }
    const refreshToken = `ghl-refresh-${shared.id("", 24)}`
    refreshTokens.add(refreshToken)
    return json(200, {
      access_token: issue(request, "Company"),
      token_type: "Bearer",
      expires_in: TOKEN_TTL_SECONDS,
      refresh_token: refreshToken,
      scope: "contacts.readonly contacts.write oauth.write",
      userType: "Company",
      companyId: "simCompany0000000001",
      userId: "simUser0000000000001"
    })
  }

  const locationToken = (request: SimRequest): SimResponse => {
    const presented = bearer(request) ?? ""
    if (tokens.get(presented)?.kind !== "Company") return failure(401, "This route is not yet supported by the IAM Service.")
    const form = new URLSearchParams(bodyText(request))
    const locationId = string(form.get("locationId"))
    if (string(form.get("companyId")) === undefined || locationId === undefined) {
      return invalid(["companyId should not be empty", "locationId should not be empty"])
    }
    return json(200, {
      access_token: issue(request, "Location"),
      token_type: "Bearer",
      expires_in: TOKEN_TTL_SECONDS,
      scope: "contacts.readonly contacts.write",
      locationId,
      userId: "simUser0000000000001"
    })
  }

  const handle = (f: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => f(request))

  return {
    vendor: "gohighlevel",
    handlers: {
      "POST /contacts/": handle(createContact),
      "GET /contacts/{contactId}": handle((request) => {
        const contact = contactOf(request)
        return isResponse(contact) ? contact : json(200, { contact: renderContact(contact) })
      }),
      "PUT /contacts/{contactId}": handle(updateContact),
      "DELETE /contacts/{contactId}": handle((request) => {
        const contact = contactOf(request)
        if (isResponse(contact)) return contact
        contacts.delete(contact.id)
        shared.commit(request, "contact.deleted", contact.id)
        return json(200, { succeded: true })
      }),
      "POST /contacts/upsert": handle(upsertContact),
      "POST /contacts/search": handle(searchContacts),
      "POST /opportunities/": handle(createOpportunity),
      "GET /opportunities/search": handle(searchOpportunities),
      "GET /opportunities/pipelines": handle((request) => {
        const locationId = request.query.get("locationId")
        if (locationId === null || locationId === "") return invalid(["locationId should not be empty"])
        return json(200, {
          pipelines: [{
            id: "simPipeline000000001",
            name: "Sales",
            stages: [
              { id: "simStage000000000001", name: "New lead", position: 0 },
              { id: "simStage000000000002", name: "Won", position: 1 }
            ],
            showInFunnel: true,
            showInPieChart: true,
            locationId
          }]
        })
      }),
      "GET /opportunities/{id}": handle((request) => {
        const opportunity = opportunityOf(request)
        return isResponse(opportunity) ? opportunity : json(200, { opportunity: renderOpportunity(opportunity) })
      }),
      "PUT /opportunities/{id}": handle(updateOpportunity),
      "PUT /opportunities/{id}/status": handle(updateStatus),
      "DELETE /opportunities/{id}": handle((request) => {
        const opportunity = opportunityOf(request)
        if (isResponse(opportunity)) return opportunity
        opportunities.delete(opportunity.id)
        shared.commit(request, "opportunity.deleted", opportunity.id)
        return json(200, { succeded: true })
      }),
      "GET /calendars/": handle((request) => {
        const locationId = request.query.get("locationId")
        if (locationId === null || locationId === "") return invalid(["locationId should not be empty"])
        return json(200, {
          calendars: [{
            id: calendarId(locationId),
            locationId,
            name: "Discovery call",
            calendarType: "event",
            isActive: true,
            slotDuration: 30,
            slotDurationUnit: "mins"
          }]
        })
      }),
      "GET /calendars/{calendarId}/free-slots": handle(freeSlots),
      "POST /calendars/events/appointments": handle(createAppointment),
      "GET /calendars/events/appointments/{eventId}": handle((request) => {
        const appointment = appointmentOf(request)
        if (isResponse(appointment)) return appointment
        return json(200, {
          event: {
            ...renderAppointment(appointment),
            title: appointment.fields.title ?? "Appointment",
            groupId: "",
            assignedUserId: appointment.fields.assignedUserId ?? "",
            users: [],
            dateAdded: iso(appointment.dateAdded),
            dateUpdated: iso(appointment.dateUpdated)
          }
        })
      }),
      "PUT /calendars/events/appointments/{eventId}": handle((request) => {
        const appointment = appointmentOf(request)
        if (isResponse(appointment)) return appointment
        const input = body(request)
        if (isResponse(input)) return input
        appointment.fields = { ...appointment.fields, ...pick(input, appointmentFields) }
        appointment.dateUpdated = request.now
        return json(200, renderAppointment(appointment))
      }),
      "POST /oauth/token": handle(tokenGrant),
      "POST /oauth/locationToken": handle(locationToken)
    },
    authenticate: (request) => {
      served++
      if (request.route === "POST /oauth/token") return undefined
      const token = bearer(request)
      if (token === undefined || token === "") return failure(401, "Invalid JWT")
      if (request.route !== "POST /oauth/locationToken" && request.headers.version !== VERSION) {
        return failure(400, "version header was not found")
      }
      const accepted = shared.keys("gohighlevel")
      if (accepted !== undefined && accepted.includes(token)) return undefined
      const issued = tokens.get(token)
      if (issued !== undefined) {
        return issued.expiresAt > request.now ? undefined : failure(401, "Invalid JWT: access token has expired")
      }
      return accepted === undefined && token.startsWith("pit-") ? undefined : failure(401, "Invalid JWT")
    },
    error: (_request, status, message) =>
      failure(status, message ?? (status === 429 ? "Too many requests" : status >= 500 ? "Internal server error" : "Bad Request")),
    notFound: (request) => failure(404, `Cannot ${request.method} ${request.path}`),
    headers: () => ({}),
    requestId: () => shared.id("", 24, "0123456789abcdef"),
    rateLimit: {
      limit: 100,
      windowMs: 10_000,
      headers: (state) => ({
        "x-ratelimit-limit-daily": String(DAILY_LIMIT),
        "x-ratelimit-daily-remaining": String(Math.max(0, DAILY_LIMIT - served)),
        "x-ratelimit-interval-milliseconds": String(state.windowMs),
        "x-ratelimit-max": String(state.limit),
        "x-ratelimit-remaining": String(state.remaining)
      })
    },
    reset: () => {
      contacts.clear()
      opportunities.clear()
      appointments.clear()
      tokens.clear()
      refreshTokens.clear()
      usedCodes.clear()
      served = 0
    }
  }
}
