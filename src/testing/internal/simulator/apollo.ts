/**
 * Apollo.io: people match and bulk match (up to 10 per call, `matches` in request order with `null` for a miss), People
 * API Search (pages of up to 100, `total_entries` and `pagination`), organization enrichment by domain, and the
 * `GET /auth/health` of health checks. Authentication is `x-api-key` (401 `Invalid access credentials.` as text); a bad
 * request is a 422 `{ error }`. Every answer carries Apollo's fixed-window headers (`x-rate-limit-minute`,
 * `x-minute-requests-left`, ...). A small seeded database: people at `acme.dev` and `apollo.io`, two organizations.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { header, isRecord, json, jsonBody, rejected, text } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const invalid = (message: string): SimResponse => rejected(422, { error: message })

interface Person {
  readonly id: string
  readonly first_name: string
  readonly last_name: string
  readonly name: string
  readonly title: string
  readonly seniority: string
  readonly email: string
  readonly linkedin_url: string
  readonly organization_id: string
  readonly domain: string
}

const organizations = [
  { id: "5e66b6381e05b4008c8331b8", name: "Apollo.io", primary_domain: "apollo.io", industry: "information technology & services", estimated_num_employees: 1600, founded_year: 2015, city: "San Francisco", country: "United States" },
  { id: "6a1f0c2d3e4b5a6978877665", name: "Acme", primary_domain: "acme.dev", industry: "computer software", estimated_num_employees: 120, founded_year: 2019, city: "Berlin", country: "Germany" }
]

const seniorities = ["c_suite", "vp", "director", "manager", "senior"]
const titles = ["Chief Executive Officer", "VP Sales", "Director of Engineering", "Engineering Manager", "Senior Engineer"]

/** @internal */
export const make = (shared: Shared): VendorModule<"apollo"> => {
  const people: Array<Person> = []
  const seed = () => {
    people.length = 0
    for (const [org, count] of [[organizations[0]!, 130], [organizations[1]!, 25]] as const) {
      for (let i = 0; i < count; i++) {
        const first = `person${i}`
        const last = org.primary_domain.split(".")[0]!
        people.push({
          id: `${org.id.slice(0, 12)}${String(i).padStart(12, "0")}`,
          first_name: first,
          last_name: last,
          name: `${first} ${last}`,
          title: titles[i % titles.length]!,
          seniority: seniorities[i % seniorities.length]!,
          email: `${first}@${org.primary_domain}`,
          linkedin_url: `http://www.linkedin.com/in/${first}-${last}`,
          organization_id: org.id,
          domain: org.primary_domain
        })
      }
    }
  }
  seed()

  const view = (person: Person, revealEmail: boolean) => {
    const org = organizations.find((o) => o.id === person.organization_id)
    return {
      id: person.id,
      first_name: person.first_name,
      last_name: person.last_name,
      name: person.name,
      title: person.title,
      seniority: person.seniority,
      linkedin_url: person.linkedin_url,
      email: revealEmail ? person.email : null,
      email_status: revealEmail ? "verified" : null,
      organization_id: person.organization_id,
      organization: org ?? null
    }
  }

  const find = (detail: Record<string, unknown>): Person | undefined => {
    const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : undefined)
    if (typeof detail.id === "string") return people.find((p) => p.id === detail.id)
    if (typeof detail.email === "string") return people.find((p) => p.email === lower(detail.email))
    if (typeof detail.linkedin_url === "string") return people.find((p) => p.linkedin_url === detail.linkedin_url)
    const name = lower(detail.name) ?? (detail.first_name !== undefined ? `${lower(detail.first_name)} ${lower(detail.last_name)}` : undefined)
    const domain = lower(detail.domain)
    return people.find((p) => p.name === name && (domain === undefined || p.domain === domain))
  }

  const reveal = (request: SimRequest): SimResponse | undefined =>
    request.query.get("reveal_phone_number") === "true" && !request.query.get("webhook_url")
      ? invalid("Please add a valid 'webhook_url' parameter when using 'reveal_phone_number'")
      : undefined

  const match = (request: SimRequest): SimResponse => {
    const problem = reveal(request)
    if (problem !== undefined) return problem
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return invalid("Invalid JSON body")
    const person = find(parsed.value)
    if (person !== undefined) shared.commit(request, "credit.consumed", person.id)
    return json(200, { person: person === undefined ? null : view(person, true) })
  }

  const bulkMatch = (request: SimRequest): SimResponse => {
    const problem = reveal(request)
    if (problem !== undefined) return problem
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value) || !Array.isArray(parsed.value.details)) return invalid("details must be an array")
    const details = parsed.value.details
    if (details.length === 0 || details.length > 10) return invalid("You can only enrich up to 10 people at a time")
    const matches = details.map((detail) => (isRecord(detail) ? find(detail) : undefined))
    for (const person of matches) if (person !== undefined) shared.commit(request, "credit.consumed", person.id)
    const found = matches.filter((m) => m !== undefined).length
    return json(200, {
      status: "success",
      error_code: null,
      error_message: null,
      total_requested_enrichments: details.length,
      unique_enriched_records: found,
      missing_records: details.length - found,
      credits_consumed: found,
      matches: matches.map((person) => (person === undefined ? null : view(person, true)))
    })
  }

  const search = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    const body = parsed.ok && isRecord(parsed.value) ? parsed.value : {}
    const page = typeof body.page === "number" ? body.page : 1
    const perPage = typeof body.per_page === "number" ? body.per_page : 10
    if (perPage < 1 || perPage > 100) return invalid("per_page must be between 1 and 100")
    if (page < 1 || page > 500) return invalid("page must be between 1 and 500")
    const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").map((x) => x.toLowerCase()) : undefined)
    const domains = strings(body.q_organization_domains_list)
    const levels = strings(body.person_seniorities)
    const titleWords = strings(body.person_titles)
    const matching = people.filter((p) =>
      (domains === undefined || domains.includes(p.domain)) &&
      (levels === undefined || levels.includes(p.seniority)) &&
      (titleWords === undefined || titleWords.some((t) => p.title.toLowerCase().includes(t)))
    )
    const slice = matching.slice((page - 1) * perPage, page * perPage)
    return json(200, {
      total_entries: matching.length,
      pagination: { page, per_page: perPage, total_entries: matching.length, total_pages: Math.ceil(matching.length / perPage) },
      people: slice.map((person) => view(person, false))
    })
  }

  const windowHeaders = (limit: number, remaining: number) => ({
    "x-rate-limit-minute": String(limit),
    "x-minute-requests-left": String(remaining),
    "x-minute-usage": String(limit - remaining),
    "x-rate-limit-hourly": String(limit * 10),
    "x-hourly-requests-left": String(limit * 10 - (limit - remaining)),
    "x-rate-limit-daily": String(limit * 100),
    "x-daily-requests-left": String(limit * 100 - (limit - remaining))
  })

  return {
    vendor: "apollo",
    handlers: {
      "POST /api/v1/people/match": (request) => Effect.sync(() => match(request)),
      "POST /api/v1/people/bulk_match": (request) => Effect.sync(() => bulkMatch(request)),
      "POST /api/v1/mixed_people/api_search": (request) => Effect.sync(() => search(request)),
      "GET /api/v1/organizations/enrich": (request) =>
        Effect.sync(() => {
          const domain = request.query.get("domain")
          if (domain === null || domain === "") return invalid("domain is required")
          const org = organizations.find((o) => o.primary_domain === domain.toLowerCase())
          if (org !== undefined) shared.commit(request, "credit.consumed", org.id)
          return json(200, org === undefined ? {} : { organization: org })
        }),
      "GET /api/v1/auth/health": () => Effect.sync(() => json(200, { healthy: true, is_logged_in: true }))
    },
    authenticate: (request) => {
      const key = header(request, "x-api-key")
      const accepted = shared.keys("apollo")
      const ok = key !== undefined && key !== "" && (accepted === undefined || accepted.includes(key))
      return ok ? undefined : text(401, "Invalid access credentials.")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return text(401, message ?? "Invalid access credentials.")
        case 403:
          return json(403, { error: message ?? "api/v1/people/match is not accessible with this api_key", error_code: "API_INACCESSIBLE" })
        case 429:
          return json(429, {
            message: message ?? "The maximum number of api calls allowed for api/v1/people/match is 200 times per minute. Please upgrade your plan"
          })
        default:
          return status >= 500 ? json(status, { error: message ?? "Internal Server Error" }) : json(status, { error: message ?? "Invalid request" })
      }
    },
    notFound: () => json(404, { error: "Not found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: { limit: 200, windowMs: 60_000, headers: (state) => windowHeaders(state.limit, state.remaining) },
    reset: seed
  }
}
