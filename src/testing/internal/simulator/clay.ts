/**
 * Clay's company enrichment as the sales platform's audit shows it (`POST /enrichment/company` with a bearer key and a
 * JSON body naming a `domain` and/or `company_name`). The answer's fields are the simulator's own: Clay's are not
 * documented in the audit. Errors are `{ message }`, as the audit's client reads them. Any bearer key is accepted, or
 * only `keys.clay` when given.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const failure = (status: number, message: string): SimResponse => json(status, { message })

/** @internal */
export const make = (shared: Shared): VendorModule<"clay"> => {
  const enrich = (request: SimRequest): SimResponse => {
    const parsed = jsonBody(request)
    if (!parsed.ok || !isRecord(parsed.value)) return rejected(400, { message: "Invalid JSON body" })
    const { company_name, domain } = parsed.value
    if (typeof domain !== "string" && typeof company_name !== "string") {
      return rejected(400, { message: "domain or company_name is required" })
    }
    const name = typeof company_name === "string" ? company_name : String(domain).split(".")[0]!
    shared.commit(request, "company.enriched", String(domain ?? company_name))
    return json(200, {
      domain: typeof domain === "string" ? domain : null,
      name,
      employee_count: 42,
      industry: "Software",
      linkedin_url: `https://www.linkedin.com/company/${name.toLowerCase()}`
    })
  }
  return {
    vendor: "clay",
    handlers: { "POST /enrichment/company": (request) => Effect.sync(() => enrich(request)) },
    authenticate: (request) => {
      const key = bearer(request)
      if (key === undefined || key === "") return failure(401, "Unauthorized")
      const accepted = shared.keys("clay")
      return accepted === undefined || accepted.includes(key) ? undefined : failure(401, "Invalid API key")
    },
    error: (_request, status, message) =>
      failure(status, message ?? (status === 429 ? "Rate limit exceeded" : status >= 500 ? "Internal server error" : "Bad request")),
    notFound: () => failure(404, "Not found"),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: {
      // The audit's own limiter: 100 calls per minute.
      limit: 100,
      windowMs: 60_000,
      headers: (state) => ({
        "x-ratelimit-limit": String(state.limit),
        "x-ratelimit-remaining": String(state.remaining),
        "x-ratelimit-reset": String(Math.ceil(state.resetMs / 1000))
      })
    },
    reset: () => undefined
  }
}
