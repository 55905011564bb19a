/**
 * Explorium (AgentSource): a small directory of businesses and their prospects to match (by domain, URL, name or
 * LinkedIn; by e-mail, phone, LinkedIn or name at a company), fetch page by page, enrich one at a time or in bulk (a
 * credit per record enriched), business events, partner webhooks and credits. The `api_key` header; errors as FastAPI
 * gives them (`{ detail }`, 422 with `{ detail: [{ loc, msg, type }] }`) and the rate-limit page's 429 body; 200
 * requests per minute with `X-RateLimit-*` (the reset as a Unix time), as Explorium's OpenAPI document and rate-limit
 * page describe.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { header, hash32, iso, isRecord, json, jsonBody, rejected, token, unixSeconds } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const HEX = "0123456789abcdef"

interface Company {
  readonly business_id: string
  readonly name: string
  readonly domain: string
  readonly country_name: string
  readonly city_name: string
  readonly number_of_employees_range: string
  readonly yearly_revenue_range: string
}

interface Person {
  readonly prospect_id: string
  readonly business_id: string
  readonly full_name: string
  readonly email: string
  readonly phone: string
  readonly job_title: string
}

const company = (name: string, domain: string, employees: string): Company => ({
  business_id: token(`business:${domain}`, 32, HEX),
  name,
  domain,
  country_name: "united states",
  city_name: "springfield",
  number_of_employees_range: employees,
  yearly_revenue_range: "10M-25M"
})

const COMPANIES: ReadonlyArray<Company> = [
  company("Acme", "acme.dev", "51-200"),
  company("Globex", "globex.com", "1001-5000"),
  company("Initech", "initech.com", "201-500"),
  company("Umbrella", "umbrella.io", "5001-10000"),
  company("Hooli", "hooli.xyz", "10001+")
]

const PEOPLE: ReadonlyArray<Person> = COMPANIES.flatMap((c, i) =>
  ["ada", "bob"].map((first, j) => ({
    prospect_id: token(`prospect:${first}@${c.domain}`, 40, HEX),
    business_id: c.business_id,
    full_name: `${first === "ada" ? "Ada" : "Bob"} ${c.name}son`,
    email: `${first}@${c.domain}`,
    phone: `+1555000${i}${j}00`,
    job_title: j === 0 ? "VP Sales" : "Engineer"
  }))
)

const invalid = (loc: ReadonlyArray<string | number>, msg: string, type = "value_error"): SimResponse =>
  rejected(422, { detail: [{ loc, msg, type }] })

const list = (value: unknown, min: number, max: number): ReadonlyArray<unknown> | undefined =>
  Array.isArray(value) && value.length >= min && value.length <= max ? value : undefined

const lower = (value: unknown) => (typeof value === "string" ? value.toLowerCase().trim() : undefined)

const domainOf = (value: string | undefined) => value?.replace(/^https?:\/\//, "").replace(/^www\./, "").split("/")[0]

/** @internal */
export const make = (shared: Shared): VendorModule<"explorium"> => {
  const webhooks = new Map<string, { readonly url: string; readonly secret: string; readonly at: string }>()
  let used = 0

  const context = (request: SimRequest) => ({
    correlation_id: request.requestId,
    request_status: "success",
    time_took_in_seconds: 0.05
  })

  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : invalid(["body"], "Input should be a valid dictionary", "dict_type")
  }
  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  const matchBusiness = (input: Record<string, unknown>): Company | undefined => {
    const domain = domainOf(lower(input.domain) ?? lower(input.url))
    const name = lower(input.name)
    const linkedin = lower(input.linkedin_url)
    return COMPANIES.find((c) =>
      (domain !== undefined && c.domain === domain) || (name !== undefined && c.name.toLowerCase() === name) ||
      (linkedin !== undefined && linkedin.endsWith(`/company/${c.name.toLowerCase()}`))
    )
  }

  const matchProspect = (input: Record<string, unknown>): Person | undefined => {
    const email = lower(input.email)
    const phone = typeof input.phone_number === "string" ? input.phone_number.replace(/[^0-9+]/g, "") : undefined
    const name = lower(input.full_name)
    const companyName = lower(input.company_name)
    return PEOPLE.find((p) =>
      (email !== undefined && p.email === email) || (phone !== undefined && p.phone === phone) ||
      (name !== undefined && p.full_name.toLowerCase() === name &&
        (input.business_id === p.business_id || COMPANIES.find((c) => c.business_id === p.business_id)?.name.toLowerCase() === companyName))
    )
  }

  const match = (request: SimRequest, field: string, find: (input: Record<string, unknown>) => { readonly id: string } | undefined, key: string) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    const inputs = list(parsed[field], 1, 50)
    if (inputs === undefined) return invalid(["body", field], "List should have at least 1 item and at most 50 items", "too_long")
    const results = inputs.map((input) => {
      const found = isRecord(input) ? find(input) : undefined
      return found === undefined
        ? { input, [key]: null, error: "no match found", error_type: "not_found" }
        : { input, [key]: found.id }
    })
    return json(200, {
      response_context: context(request),
      total_results: inputs.length,
      total_matches: results.filter((r) => r[key] !== null).length,
      [field === "businesses_to_match" ? "matched_businesses" : "matched_prospects"]: results
    })
  }

  const fetchPage = <A>(request: SimRequest, all: ReadonlyArray<A>) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    const size = parsed.size
    const pageSize = parsed.page_size
    const page = parsed.page ?? 1
    if (parsed.mode !== "full" && parsed.mode !== "preview") return invalid(["body", "mode"], "Input should be 'full' or 'preview'", "enum")
    if (typeof size !== "number" || size < 1 || size > 60000) return invalid(["body", "size"], "Input should be between 1 and 60000")
    if (typeof pageSize !== "number" || pageSize < 1 || pageSize > 500) return invalid(["body", "page_size"], "Input should be between 1 and 500")
    if (typeof page !== "number" || page < 1) return invalid(["body", "page"], "Input should be greater than or equal to 1")
    const capped = all.slice(0, size)
    const totalPages = Math.ceil(capped.length / pageSize)
    return json(200, {
      response_context: context(request),
      data: capped.slice((page - 1) * pageSize, page * pageSize),
      total_results: capped.length,
      page,
      total_pages: totalPages
    })
  }

  const firmographics = (c: Company) => ({
    business_id: c.business_id,
    name: c.name,
    website: `https://${c.domain}`,
    country_name: c.country_name,
    city_name: c.city_name,
    number_of_employees_range: c.number_of_employees_range,
    yearly_revenue_range: c.yearly_revenue_range,
    linkedin_profile: `https://linkedin.com/company/${c.name.toLowerCase()}`
  })

  const contacts = (p: Person) => ({
    emails: [{ address: p.email, type: "professional" }],
    professions_email: p.email,
    professional_email_status: "valid",
    phone_numbers: [{ phone_number: p.phone }],
    mobile_phone: p.phone
  })

  const spend = (request: SimRequest, id: string) => {
    used++
    shared.commit(request, "credit.used", id)
  }

  const enrich = <A>(request: SimRequest, key: string, pattern: RegExp, find: (id: string) => A | undefined, data: (a: A) => unknown) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    const id = parsed[key]
    if (typeof id !== "string" || !pattern.test(id)) return invalid(["body", key], `String should match pattern '${pattern.source}'`, "string_pattern_mismatch")
    const found = find(id)
    if (found !== undefined) spend(request, id)
    return json(200, { response_context: { ...context(request), request_status: found === undefined ? "miss" : "success" }, data: found === undefined ? null : data(found), entity_id: id })
  }

  const bulk = <A>(request: SimRequest, key: string, pattern: RegExp, find: (id: string) => A | undefined, data: (a: A) => unknown) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    const field = `${key}s`
    const ids = list(parsed[field], 1, 50)
    if (ids === undefined) return invalid(["body", field], "List should have at least 1 item and at most 50 items", "too_long")
    const bad = ids.findIndex((id) => typeof id !== "string" || !pattern.test(id))
    if (bad >= 0) return invalid(["body", field, bad], `String should match pattern '${pattern.source}'`, "string_pattern_mismatch")
    const rows = (ids as ReadonlyArray<string>).flatMap((id) => {
      const found = find(id)
      if (found === undefined) return []
      spend(request, id)
      return [{ [key]: id, data: data(found) }]
    })
    return json(200, { response_context: context(request), data: rows, total_results: rows.length })
  }

  const BUSINESS = /^[a-f0-9]{32}$/
  const PROSPECT = /^[a-f0-9]{40}$/
  const businessById = (id: string) => COMPANIES.find((c) => c.business_id === id)
  const personById = (id: string) => PEOPLE.find((p) => p.prospect_id === id)

  const addWebhook = (request: SimRequest) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    if (typeof parsed.partner_id !== "string" || parsed.partner_id === "") return invalid(["body", "partner_id"], "Field required", "missing")
    if (typeof parsed.webhook_url !== "string") return invalid(["body", "webhook_url"], "Field required", "missing")
    const existing = webhooks.get(parsed.partner_id)
    const hook = { url: parsed.webhook_url, secret: existing?.secret ?? `whsec_${token(`${parsed.partner_id}:${hash32(parsed.webhook_url)}`, 24)}`, at: existing?.at ?? iso(request.now) }
    webhooks.set(parsed.partner_id, hook)
    shared.commit(request, "webhook.registered", parsed.partner_id)
    return json(200, webhookJson(request, hook))
  }

  const webhookJson = (request: SimRequest, hook: { readonly url: string; readonly secret: string; readonly at: string }) => ({
    response_context: context(request),
    created_at: hook.at,
    last_modified_time: iso(request.now),
    webhook_url: hook.url,
    webhook_secret: hook.secret
  })

  const events = (request: SimRequest) => {
    const parsed = body(request)
    if (isResponse(parsed)) return parsed
    const ids = list(parsed.business_ids, 1, 40)
    const types = list(parsed.event_types, 1, 100)
    if (ids === undefined) return invalid(["body", "business_ids"], "List should have at least 1 item and at most 40 items", "too_long")
    if (types === undefined) return invalid(["body", "event_types"], "List should have at least 1 item", "too_short")
    return json(200, {
      response_context: context(request),
      output_events: (ids as ReadonlyArray<string>).filter((id) => businessById(id) !== undefined).map((id) => ({
        business_id: id,
        event_name: types[0],
        event_time: iso(request.now - 86_400_000),
        data: {}
      }))
    })
  }

  return {
    vendor: "explorium",
    handlers: {
      "POST /v1/businesses/match": (request) =>
        Effect.sync(() => match(request, "businesses_to_match", (i) => { const c = matchBusiness(i); return c === undefined ? undefined : { id: c.business_id } }, "business_id")),
      "POST /v1/businesses": (request) => Effect.sync(() => fetchPage(request, COMPANIES)),
      "POST /v1/businesses/firmographics/enrich": (request) =>
        Effect.sync(() => enrich(request, "business_id", BUSINESS, businessById, firmographics)),
      "POST /v1/businesses/firmographics/bulk_enrich": (request) =>
        Effect.sync(() => bulk(request, "business_id", BUSINESS, businessById, firmographics)),
      "POST /v1/businesses/events": (request) => Effect.sync(() => events(request)),
      "POST /v1/prospects/match": (request) =>
        Effect.sync(() => match(request, "prospects_to_match", (i) => { const p = matchProspect(i); return p === undefined ? undefined : { id: p.prospect_id } }, "prospect_id")),
      "POST /v1/prospects": (request) =>
        Effect.sync(() => fetchPage(request, PEOPLE.map((p) => ({ prospect_id: p.prospect_id, business_id: p.business_id, full_name: p.full_name, job_title: p.job_title })))),
      "POST /v1/prospects/contacts_information/enrich": (request) =>
        Effect.sync(() => enrich(request, "prospect_id", PROSPECT, personById, contacts)),
      "POST /v1/prospects/contacts_information/bulk_enrich": (request) =>
        Effect.sync(() => bulk(request, "prospect_id", PROSPECT, personById, contacts)),
      "POST /v1/webhooks": (request) => Effect.sync(() => addWebhook(request)),
      "GET /v1/webhooks/{partner_id}": (request) =>
        Effect.sync(() => {
          const hook = webhooks.get(request.params.partner_id ?? "")
          return hook === undefined ? json(404, { detail: "Webhook not found" }) : json(200, webhookJson(request, hook))
        }),
      "DELETE /v1/webhooks/{partner_id}": (request) =>
        Effect.sync(() => {
          const id = request.params.partner_id ?? ""
          if (!webhooks.delete(id)) return json(404, { detail: "Webhook not found" })
          shared.commit(request, "webhook.deleted", id)
          return json(200, { response_context: context(request) })
        }),
      "GET /v1/credits": (request) =>
        Effect.sync(() => json(200, { response_context: context(request), allocated_credits: 1000, remaining_credits: Math.max(0, 1000 - used) }))
    },
    authenticate: (request) => {
      const key = header(request, "api_key")
      if (key === undefined || key === "") return json(401, { detail: "Missing API key" })
      const accepted = shared.keys("explorium")
      const ok = accepted === undefined ? key.length >= 8 : accepted.includes(key)
      return ok ? undefined : json(401, { detail: "Invalid API key" })
    },
    error: (_request, status, message) => {
      if (status === 429) {
        return json(429, { error: "rate_limit_exceeded", message: message ?? "API rate limit exceeded. Please retry after 60 seconds.", retry_after: 60 })
      }
      if (status === 422) return json(422, { detail: [{ loc: ["body"], msg: message ?? "Invalid request", type: "value_error" }] })
      return json(status, { detail: message ?? (status >= 500 ? "Internal Server Error" : "Bad Request") })
    },
    notFound: () => json(404, { detail: "Not Found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 32, HEX),
    rateLimit: {
      limit: 200,
      windowMs: 60_000,
      headers: (state) => ({
        "x-ratelimit-limit": String(state.limit),
        "x-ratelimit-remaining": String(state.remaining),
        "x-ratelimit-reset": String(unixSeconds(state.now + state.resetMs))
      })
    },
    reset: () => {
      webhooks.clear()
      used = 0
    }
  }
}
