/**
 * HubSpot CRM v3 contacts (list and search with `after` paging, create, read by id or by `idProperty=email`, update, archive,
 * batch upsert with per-record results and 207 multi-status), companies create, the v4 default contact→company
 * association, and the OAuth token endpoint (authorization code and refresh token grants; access tokens last
 * `accessTokenTtlSeconds` on the simulator's clock, refresh tokens rotate: each is good once). Private app tokens
 * (`pat-...`) and issued access tokens are accepted; answers carry `x-hubspot-ratelimit-*` headers.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, bodyText, empty, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

interface CrmObject {
  readonly id: string
  properties: Record<string, string>
  readonly createdAt: number
  updatedAt: number
  archived: boolean
  archivedAt: number | undefined
}

const defaultContactProperties = ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"]
const searchable = ["email", "firstname", "lastname", "phone", "company", "website"]
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** @internal */
export const make = (shared: Shared): VendorModule<"hubspot"> => {
  const contacts = new Map<string, CrmObject>()
  const companies = new Map<string, CrmObject>()
  const associations = new Map<string, Set<string>>()
  const accessTokens = new Map<string, number>()
  const refreshTokens = new Set<string>()
  const usedCodes = new Set<string>()

  const uuid = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
  const objectId = () => shared.id("1", 10, "0123456789")

  // The correlation id of an error body is the request's, as in the `x-hubspot-correlation-id` header.
  const errorBody = (request: SimRequest, message: string, category: string, extra: Record<string, unknown> = {}) => ({
    status: "error",
    message,
    correlationId: request.requestId,
    category,
    ...extra
  })
  const failure = (
    request: SimRequest,
    status: number,
    message: string,
    category: string,
    extra?: Record<string, unknown>
  ): SimResponse => json(status, errorBody(request, message, category, extra))
  const invalid = (request: SimRequest, message: string): SimResponse =>
    rejected(400, errorBody(request, message, "VALIDATION_ERROR"))
  const notFound = (request: SimRequest) => failure(request, 404, "resource not found", "OBJECT_NOT_FOUND")

  const render = (object: CrmObject, names: ReadonlyArray<string> | undefined, defaults: ReadonlyArray<string>) => {
    const wanted = names ?? defaults
    return {
      id: object.id,
      properties: Object.fromEntries(wanted.filter((k) => object.properties[k] !== undefined).map((k) => [k, object.properties[k]!])),
      createdAt: iso(object.createdAt),
      updatedAt: iso(object.updatedAt),
      archived: object.archived,
      ...(object.archivedAt === undefined ? {} : { archivedAt: iso(object.archivedAt) })
    }
  }

  /** Property values as HubSpot stores them: strings; a bad email is a validation error. */
  const properties = (value: unknown): Record<string, string> | string => {
    if (!isRecord(value)) return "properties: expected an object"
    const out: Record<string, string> = {}
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined) continue
      if (typeof v === "object") return `Property values were not valid: ${key} must be a string`
      out[key] = String(v)
    }
    if (out.email !== undefined && !emailPattern.test(out.email)) {
      return `Property values were not valid: [{"isValid":false,"message":"Email address ${out.email} is invalid","error":"INVALID_EMAIL","name":"email"}]`
    }
    return out
  }

  const byEmail = (email: string) =>
    [...contacts.values()].find((c) => !c.archived && c.properties.email?.toLowerCase() === email.toLowerCase())

  const newContact = (request: SimRequest, props: Record<string, string>): CrmObject => {
    const id = objectId()
    const stamp = iso(request.now)
    const contact: CrmObject = {
      id,
      properties: { ...props, createdate: stamp, lastmodifieddate: stamp, hs_object_id: id },
      createdAt: request.now,
      updatedAt: request.now,
      archived: false,
      archivedAt: undefined
    }
    contacts.set(id, contact)
    shared.commit(request, "contact.created", id)
    return contact
  }

  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value)
      ? parsed.value
      : invalid(request, "Invalid input JSON on line 1, column 1: Cannot build request body from the given input")
  }
  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  const createContact = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const props = properties(input.properties)
    if (typeof props === "string") return invalid(request, props)
    if (props.email !== undefined) {
      const existing = byEmail(props.email)
      if (existing !== undefined) return failure(request, 409, `Contact already exists. Existing ID: ${existing.id}`, "CONFLICT")
    }
    const contact = newContact(request, props)
    return json(201, render(contact, Object.keys(contact.properties), []))
  }

  const requestedProperties = (request: SimRequest): ReadonlyArray<string> | undefined => {
    const values = request.query.getAll("properties").flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "")
    return values.length === 0 ? undefined : values
  }

  const findContact = (request: SimRequest): CrmObject | undefined => {
    const id = request.params.contactId!
    const contact = request.query.get("idProperty") === "email" ? byEmail(id) : contacts.get(id)
    const archived = request.query.get("archived") === "true"
    return contact === undefined || contact.archived !== archived ? undefined : contact
  }

  const getContact = (request: SimRequest): SimResponse => {
    const contact = findContact(request)
    if (contact === undefined) return notFound(request)
    const wanted = request.query.get("associations")
    const linked = associations.get(contact.id)
    return json(200, {
      ...render(contact, requestedProperties(request), defaultContactProperties),
      ...(wanted !== null && wanted.split(",").includes("companies") && linked !== undefined && linked.size > 0
        ? { associations: { companies: { results: [...linked].map((id) => ({ id, type: "contact_to_company_unlabeled" })) } } }
        : {})
    })
  }

  /** `GET /crm/v3/objects/contacts`: oldest first, `limit` 1-100 (default 10), the cursor in `paging.next.after`. */
  const listContacts = (request: SimRequest): SimResponse => {
    const rawLimit = request.query.get("limit")
    const limit = rawLimit === null ? 10 : Number(rawLimit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return invalid(request, "limit: must be between 1 and 100")
    const after = request.query.get("after") ?? ""
    if (after !== "" && !/^\d+$/.test(after)) return invalid(request, `after: invalid paging cursor ${JSON.stringify(after)}`)
    const archived = request.query.get("archived") === "true"
    // In id order; the cursor is the id of the first contact of the next page.
    const ordered = [...contacts.values()].filter((c) => c.archived === archived).sort((a, b) => Number(a.id) - Number(b.id))
    const start = after === "" ? 0 : ordered.findIndex((c) => Number(c.id) >= Number(after))
    const page = start < 0 ? [] : ordered.slice(start, start + limit)
    const next = start < 0 ? undefined : ordered[start + limit]
    const base = `https://api.hubapi.com/crm/v3/objects/contacts?limit=${limit}`
    return json(200, {
      results: page.map((c) => render(c, requestedProperties(request), defaultContactProperties)),
      ...(next === undefined ? {} : { paging: { next: { after: next.id, link: `${base}&after=${next.id}` } } })
    })
  }

  const updateContact = (request: SimRequest): SimResponse => {
    const contact = findContact(request)
    if (contact === undefined) return notFound(request)
    const input = body(request)
    if (isResponse(input)) return input
    const props = properties(input.properties)
    if (typeof props === "string") return invalid(request, props)
    if (props.email !== undefined) {
      const existing = byEmail(props.email)
      if (existing !== undefined && existing.id !== contact.id) {
        return failure(request, 409, `Contact already exists. Existing ID: ${existing.id}`, "CONFLICT")
      }
    }
    contact.properties = { ...contact.properties, ...props, lastmodifieddate: iso(request.now) }
    contact.updatedAt = request.now
    shared.commit(request, "contact.updated", contact.id)
    return json(200, render(contact, Object.keys(contact.properties), []))
  }

  const archiveContact = (request: SimRequest): SimResponse => {
    const contact = contacts.get(request.params.contactId!)
    // Archiving an unknown or archived contact is a no-op, as HubSpot answers 204 either way.
    if (contact !== undefined && !contact.archived) {
      contact.archived = true
      contact.archivedAt = request.now
      shared.commit(request, "contact.archived", contact.id)
    }
    return empty(204)
  }

  const passes = (contact: CrmObject, filter: Record<string, unknown>): boolean => {
    const name = typeof filter.propertyName === "string" ? filter.propertyName : ""
    const actual = name === "hs_object_id" ? contact.id : contact.properties[name]
    const value = typeof filter.value === "string" || typeof filter.value === "number" ? String(filter.value) : undefined
    const values = Array.isArray(filter.values) ? filter.values.map(String) : []
    const compare = (a: string, b: string) => {
      const x = Number(a)
      const y = Number(b)
      return Number.isFinite(x) && Number.isFinite(y) ? x - y : a < b ? -1 : a > b ? 1 : 0
    }
    switch (filter.operator) {
      case "EQ":
        return actual !== undefined && value !== undefined && actual.toLowerCase() === value.toLowerCase()
      case "NEQ":
        return actual === undefined || value === undefined || actual.toLowerCase() !== value.toLowerCase()
      case "IN":
        return actual !== undefined && values.some((v) => v.toLowerCase() === actual.toLowerCase())
      case "NOT_IN":
        return actual === undefined || !values.some((v) => v.toLowerCase() === actual.toLowerCase())
      case "HAS_PROPERTY":
        return actual !== undefined && actual !== ""
      case "NOT_HAS_PROPERTY":
        return actual === undefined || actual === ""
      case "CONTAINS_TOKEN":
        return actual !== undefined && value !== undefined && actual.toLowerCase().includes(value.replace(/\*/g, "").toLowerCase())
      case "NOT_CONTAINS_TOKEN":
        return actual === undefined || value === undefined || !actual.toLowerCase().includes(value.replace(/\*/g, "").toLowerCase())
      case "GT":
        return actual !== undefined && value !== undefined && compare(actual, value) > 0
      case "GTE":
        return actual !== undefined && value !== undefined && compare(actual, value) >= 0
      case "LT":
        return actual !== undefined && value !== undefined && compare(actual, value) < 0
      case "LTE":
        return actual !== undefined && value !== undefined && compare(actual, value) <= 0
      case "BETWEEN":
        return actual !== undefined && value !== undefined && typeof filter.highValue === "string" &&
          compare(actual, value) >= 0 && compare(actual, filter.highValue) <= 0
      default:
        return false
    }
  }

  const search = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const limit = input.limit === undefined ? 10 : Number(input.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) return invalid(request, "limit: must be between 1 and 200")
    const offset = input.after === undefined || input.after === "" ? 0 : Number(input.after)
    if (!Number.isInteger(offset) || offset < 0) return invalid(request, `after: invalid paging cursor ${JSON.stringify(input.after)}`)
    if (offset >= 10_000) return invalid(request, "after: the search API returns at most 10,000 results per query")
    const groups = Array.isArray(input.filterGroups) ? input.filterGroups.filter(isRecord) : []
    const query = typeof input.query === "string" ? input.query.toLowerCase() : undefined
    let matching = [...contacts.values()].filter((c) =>
      !c.archived &&
      (groups.length === 0 ||
        groups.some((g) => (Array.isArray(g.filters) ? g.filters.filter(isRecord) : []).every((f) => passes(c, f)))) &&
      (query === undefined || searchable.some((p) => c.properties[p]?.toLowerCase().includes(query)))
    )
    const sort = Array.isArray(input.sorts) ? input.sorts[0] : undefined
    const sortName = typeof sort === "string" ? sort.replace(/^-/, "") : isRecord(sort) && typeof sort.propertyName === "string" ? sort.propertyName : undefined
    if (sortName !== undefined) {
      const descending = (typeof sort === "string" && sort.startsWith("-")) || (isRecord(sort) && sort.direction === "DESCENDING")
      matching = [...matching].sort((a, b) => {
        const x = a.properties[sortName] ?? ""
        const y = b.properties[sortName] ?? ""
        return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1)
      })
    }
    const names = Array.isArray(input.properties) && input.properties.length > 0 ? input.properties.map(String) : undefined
    const page = matching.slice(offset, offset + limit)
    const next = offset + limit < matching.length ? String(offset + limit) : undefined
    return json(200, {
      total: matching.length,
      results: page.map((c) => render(c, names, ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"])),
      ...(next === undefined ? {} : { paging: { next: { after: next } } })
    })
  }

  const upsert = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    if (!Array.isArray(input.inputs)) return invalid(request, "inputs: expected an array")
    if (input.inputs.length > 100) return invalid(request, "inputs: a batch holds at most 100 records")
    const startedAt = iso(request.now)
    const results: Array<unknown> = []
    const errors: Array<unknown> = []
    for (const [index, raw] of input.inputs.entries()) {
      const fail = (message: string, context: Record<string, Array<string>> = {}) =>
        errors.push({ status: "error", category: "VALIDATION_ERROR", message, context: { index: [String(index)], ...context }, errors: [], links: {} })
      if (!isRecord(raw) || typeof raw.id !== "string" || raw.id === "") {
        fail(`inputs[${index}].id: Field required`)
        continue
      }
      const props = properties(raw.properties)
      if (typeof props === "string") {
        fail(props, { id: [raw.id] })
        continue
      }
      const idProperty = typeof raw.idProperty === "string" ? raw.idProperty : "hs_object_id"
      if (idProperty === "email" && !emailPattern.test(raw.id)) {
        fail(`Email address ${raw.id} is invalid`, { id: [raw.id] })
        continue
      }
      const existing = idProperty === "email"
        ? byEmail(raw.id)
        : idProperty === "hs_object_id"
        ? contacts.get(raw.id)
        : [...contacts.values()].find((c) => c.properties[idProperty] === raw.id)
      if (existing !== undefined && !existing.archived) {
        existing.properties = { ...existing.properties, ...props, lastmodifieddate: iso(request.now) }
        existing.updatedAt = request.now
        shared.commit(request, "contact.updated", existing.id)
        results.push({ ...render(existing, Object.keys(existing.properties), []), new: false })
      } else if (idProperty === "hs_object_id") {
        fail(`Object with id ${raw.id} does not exist`, { id: [raw.id] })
      } else {
        const created = newContact(request, { ...props, [idProperty]: raw.id })
        results.push({ ...render(created, Object.keys(created.properties), []), new: true })
      }
    }
    const out = { status: "COMPLETE", results, requestedAt: startedAt, startedAt, completedAt: iso(request.now) }
    return errors.length === 0 ? json(200, out) : json(207, { ...out, numErrors: errors.length, errors })
  }

  const createCompany = (request: SimRequest): SimResponse => {
    const input = body(request)
    if (isResponse(input)) return input
    const props = properties(input.properties)
    if (typeof props === "string") return invalid(request, props)
    const id = objectId()
    const stamp = iso(request.now)
    const company: CrmObject = {
      id,
      properties: { ...props, createdate: stamp, hs_lastmodifieddate: stamp, hs_object_id: id },
      createdAt: request.now,
      updatedAt: request.now,
      archived: false,
      archivedAt: undefined
    }
    companies.set(id, company)
    shared.commit(request, "company.created", id)
    return json(201, render(company, Object.keys(company.properties), []))
  }

  const associate = (request: SimRequest): SimResponse => {
    const contactId = request.params.contactId!
    const companyId = request.params.companyId!
    const contact = contacts.get(contactId)
    if (contact === undefined || contact.archived) return failure(request, 404, `No contact with id ${contactId}`, "OBJECT_NOT_FOUND")
    if (!companies.has(companyId)) return failure(request, 404, `No company with id ${companyId}`, "OBJECT_NOT_FOUND")
    const linked = associations.get(contactId) ?? new Set<string>()
    if (!linked.has(companyId)) shared.commit(request, "association.created", `${contactId}->${companyId}`)
    associations.set(contactId, linked.add(companyId))
    const spec = (associationTypeId: number) => ({ associationCategory: "HUBSPOT_DEFINED", associationTypeId })
    return json(200, {
      status: "COMPLETE",
      results: [
        { from: { id: contactId }, to: { id: companyId }, associationSpec: spec(279) },
        { from: { id: companyId }, to: { id: contactId }, associationSpec: spec(280) }
      ],
      startedAt: iso(request.now),
      completedAt: iso(request.now)
    })
  }

  const token = (request: SimRequest): SimResponse => {
    const form = new URLSearchParams(bodyText(request))
    const oauthError = (status: string, message: string) =>
      rejected(400, { status, message, correlationId: uuid(), requestId: request.requestId })
    const clientId = form.get("client_id") ?? ""
    const clientSecret = form.get("client_secret") ?? ""
    if (clientId === "" || (shared.hubspot.clientId !== undefined && clientId !== shared.hubspot.clientId)) {
      return oauthError("BAD_CLIENT_ID", "missing or unknown client id")
    }
    if (clientSecret === "" || (shared.hubspot.clientSecret !== undefined && clientSecret !== shared.hubspot.clientSecret)) {
      return oauthError("BAD_CLIENT_SECRET", "missing or invalid client secret")
    }
    const grant = form.get("grant_type")
    if (grant === "authorization_code") {
      const code = form.get("code") ?? ""
      if (code === "" || usedCodes.has(code)) return oauthError("BAD_AUTH_CODE", "missing or unknown auth code")
      if ((form.get("redirect_uri") ?? "") === "") return oauthError("BAD_REDIRECT_URI", "missing redirect uri")
      usedCodes.add(code)
    } else if (grant === "refresh_token") {
      const refresh = form.get("refresh_token") ?? ""
      if (!refreshTokens.has(refresh)) return oauthError("BAD_REFRESH_TOKEN", "missing or unknown refresh token")
      refreshTokens.delete(refresh)
    } else {
      return oauthError("BAD_GRANT_TYPE", `unknown grant type ${grant ?? ""}`.trim())
    }
    const access = shared.id("CK", 60)
    const refresh = `na1-${shared.id("", 4, "0123456789abcdef")}-${shared.id("", 4, "0123456789abcdef")}-${uuid()}`
    accessTokens.set(access, request.now + shared.hubspot.accessTokenTtlSeconds * 1000)
    refreshTokens.add(refresh)
    shared.commit(request, "oauth.token.issued", shared.id("token_", 12))
    return json(200, {
      token_type: "bearer",
      refresh_token: refresh,
      access_token: access,
      expires_in: shared.hubspot.accessTokenTtlSeconds
    })
  }

  const sync = (f: (request: SimRequest) => SimResponse) => (request: SimRequest) => Effect.sync(() => f(request))

  return {
    vendor: "hubspot",
    handlers: {
      "GET /crm/v3/objects/contacts": sync(listContacts),
      "POST /crm/v3/objects/contacts": sync(createContact),
      "GET /crm/v3/objects/contacts/{contactId}": sync(getContact),
      "PATCH /crm/v3/objects/contacts/{contactId}": sync(updateContact),
      "DELETE /crm/v3/objects/contacts/{contactId}": sync(archiveContact),
      "POST /crm/v3/objects/contacts/search": sync(search),
      "POST /crm/v3/objects/contacts/batch/upsert": sync(upsert),
      "POST /crm/v3/objects/companies": sync(createCompany),
      "PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}": sync(associate),
      "POST /oauth/v1/token": sync(token)
    },
    authenticate: (request) => {
      // The token endpoint authenticates with the client id and secret in its body.
      if (request.route === "POST /oauth/v1/token") return undefined
      const key = bearer(request)
      if (key === undefined || key === "") {
        return failure(
          request,
          401,
          "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
          "INVALID_AUTHENTICATION"
        )
      }
      const expires = accessTokens.get(key)
      if (expires !== undefined) {
        return expires > request.now ? undefined : failure(
          request,
          401,
          "The OAuth token used to make this call expired. You can refresh the access token with the refresh token.",
          "EXPIRED_AUTHENTICATION"
        )
      }
      const accepted = shared.keys("hubspot")
      const ok = accepted === undefined ? key.startsWith("pat-") : accepted.includes(key)
      return ok ? undefined : failure(
        request,
        401,
        "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
        "INVALID_AUTHENTICATION"
      )
    },
    error: (request, status, message) =>
      status === 429
        ? failure(request, 429, message ?? "You have reached your ten_secondly_rolling limit.", "RATE_LIMITS", {
          errorType: "RATE_LIMIT",
          policyName: "TEN_SECONDLY_ROLLING"
        })
        : status >= 500
        ? failure(request, status, message ?? "internal error", "INTERNAL_ERROR")
        : status === 404
        ? failure(request, 404, message ?? "resource not found", "OBJECT_NOT_FOUND")
        : status === 401
        ? failure(request, 401, message ?? "Authentication credentials not found.", "INVALID_AUTHENTICATION")
        : failure(request, status, message ?? "Invalid request", "VALIDATION_ERROR"),
    notFound: (request) => failure(request, 404, `No route for ${request.method} ${request.path}`, "OBJECT_NOT_FOUND"),
    headers: (request) => ({ "x-hubspot-correlation-id": request.requestId }),
    requestId: () => uuid(),
    rateLimit: {
      limit: 190,
      windowMs: 10_000,
      headers: (state) => ({
        "x-hubspot-ratelimit-max": String(state.limit),
        "x-hubspot-ratelimit-remaining": String(state.remaining),
        "x-hubspot-ratelimit-interval-milliseconds": String(state.windowMs),
        "x-hubspot-ratelimit-daily": "1000000",
        "x-hubspot-ratelimit-daily-remaining": String(1_000_000 - (state.limit - state.remaining))
      })
    },
    reset: () => {
      contacts.clear()
      companies.clear()
      associations.clear()
      accessTokens.clear()
      refreshTokens.clear()
      usedCodes.clear()
    }
  }
}
