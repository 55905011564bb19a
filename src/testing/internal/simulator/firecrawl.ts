/**
 * Firecrawl (API v2, paths under `/v2`): scrape, map, search, extract jobs, crawls and batch scrapes. A job reports
 * `scraping` on its first status read and `completed` from the second; its documents come two per status page, linked
 * by an absolute `next` URL (`?skip=N`) as Firecrawl links pages. A job start's `x-idempotency-key` may be used once:
 * any reuse is a 409, as Firecrawl documents (it never replays the first answer). Errors are
 * `{ success: false, error }`; a URL containing `payment-required` answers 402. Keys are bearer `fc-` keys.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, canonical, header, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const failure = (status: number, error: string, code?: string): SimResponse =>
  json(status, { success: false, error, ...(code === undefined ? {} : { code }) })

const invalid = (error: string): SimResponse => rejected(400, { success: false, code: "BAD_REQUEST", error })

const PAGE = 2

interface Job {
  readonly id: string
  readonly kind: "crawl" | "batch"
  readonly urls: ReadonlyArray<string>
  readonly created: number
  polls: number
  cancelled: boolean
}

interface Extraction {
  readonly id: string
  readonly urls: ReadonlyArray<string>
  polls: number
}

const isHttpUrl = (value: unknown): value is string => typeof value === "string" && /^https?:\/\/\S+$/.test(value)

const document = (url: string) => ({
  markdown: `# ${url}\n\nContent of ${url}.`,
  metadata: { title: `Page ${url}`, sourceURL: url, url, statusCode: 200 }
})

/** @internal */
export const make = (shared: Shared): VendorModule<"firecrawl"> => {
  const jobs = new Map<string, Job>()
  const extractions = new Map<string, Extraction>()
  let credits = 500

  const uuid = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : invalid("Invalid JSON body.")
  }

  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  const scrape = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (!isHttpUrl(params.url)) return invalid("url must be a valid http(s) URL")
    if (params.url.includes("payment-required")) return failure(402, "Payment required to access this resource.")
    credits -= 1
    shared.commit(request, "scrape.billed", params.url)
    return json(200, { success: true, data: document(params.url) })
  }

  const map = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (!isHttpUrl(params.url)) return invalid("url must be a valid http(s) URL")
    const base = params.url.replace(/\/$/, "")
    const limit = typeof params.limit === "number" ? Math.min(params.limit, 3) : 3
    return json(200, {
      success: true,
      links: Array.from({ length: limit }, (_, i) => ({ url: i === 0 ? base : `${base}/page-${i}`, title: `Page ${i}` }))
    })
  }

  const search = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (typeof params.query !== "string" || params.query.trim() === "") return invalid("query is required")
    const limit = typeof params.limit === "number" ? Math.min(params.limit, 3) : 3
    return json(200, {
      success: true,
      data: {
        web: Array.from({ length: limit }, (_, i) => ({
          title: `Result ${i + 1} for ${params.query}`,
          description: `About ${params.query}.`,
          url: `https://example.com/${i + 1}`
        }))
      },
      creditsUsed: limit
    })
  }

  const startExtract = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (!Array.isArray(params.urls) || !params.urls.every(isHttpUrl)) return invalid("urls must be http(s) URLs")
    const id = uuid()
    extractions.set(id, { id, urls: params.urls, polls: 0 })
    shared.commit(request, "extract.started", id)
    return json(200, { success: true, id })
  }

  const extractStatus = (request: SimRequest): SimResponse => {
    const job = extractions.get(request.params.id!)
    if (job === undefined) return failure(404, "Extract job not found.")
    job.polls++
    return job.polls < 2
      ? json(200, { success: true, status: "processing", expiresAt: iso(request.now + 86_400_000) })
      : json(200, {
        success: true,
        status: "completed",
        data: { sources: job.urls.length, summary: `Extracted from ${job.urls.join(", ")}` },
        expiresAt: iso(request.now + 86_400_000),
        tokensUsed: 120
      })
  }

  const startJob = (request: SimRequest, kind: "crawl" | "batch"): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    let urls: Array<string>
    if (kind === "crawl") {
      if (!isHttpUrl(params.url)) return invalid("url must be a valid http(s) URL")
      if (params.url.includes("payment-required")) return failure(402, "Payment required to access this resource.")
      const limit = typeof params.limit === "number" ? Math.min(params.limit, 7) : 5
      const base = params.url.replace(/\/$/, "")
      urls = Array.from({ length: limit }, (_, i) => (i === 0 ? base : `${base}/page-${i}`))
    } else {
      if (!Array.isArray(params.urls) || params.urls.length === 0) return invalid("urls must not be empty")
      urls = params.urls.filter(isHttpUrl)
    }
    const id = uuid()
    jobs.set(id, { id, kind, urls, created: request.now, polls: 0, cancelled: false })
    credits -= urls.length
    shared.commit(request, `${kind === "crawl" ? "crawl" : "batch_scrape"}.started`, id)
    const url = `http://${header(request, "host") ?? "127.0.0.1"}/v2/${kind === "crawl" ? "crawl" : "batch/scrape"}/${id}`
    return json(200, { success: true, id, url, ...(kind === "batch" ? { invalidURLs: [] } : {}) })
  }

  const jobStatus = (request: SimRequest, kind: "crawl" | "batch"): SimResponse => {
    const job = jobs.get(request.params.id!)
    if (job === undefined || job.kind !== kind) return failure(404, `${kind === "crawl" ? "Crawl" : "Batch scrape"} job not found.`)
    const skip = Number(request.query.get("skip") ?? "0")
    if (skip === 0) job.polls++
    const status = job.cancelled ? "cancelled" : job.polls < 2 ? "scraping" : "completed"
    const done = status === "completed" ? job.urls.length : Math.min(job.urls.length, PAGE)
    const data = job.urls.slice(0, done).slice(skip, skip + PAGE).map(document)
    const more = skip + PAGE < done
    const path = `/v2/${kind === "crawl" ? "crawl" : "batch/scrape"}/${job.id}`
    return json(200, {
      status,
      total: job.urls.length,
      completed: done,
      creditsUsed: job.urls.length,
      expiresAt: iso(job.created + 86_400_000),
      ...(more || status === "scraping" ? { next: `http://${header(request, "host") ?? "127.0.0.1"}${path}?skip=${skip + PAGE}` } : { next: null }),
      data
    })
  }

  const cancel = (request: SimRequest, kind: "crawl" | "batch"): SimResponse => {
    const job = jobs.get(request.params.id!)
    if (job === undefined || job.kind !== kind) return failure(404, `${kind === "crawl" ? "Crawl" : "Batch scrape"} job not found.`)
    job.cancelled = true
    return json(200, { status: "cancelled" })
  }

  return {
    vendor: "firecrawl",
    handlers: {
      "POST /v2/scrape": (request) => Effect.sync(() => scrape(request)),
      "POST /v2/map": (request) => Effect.sync(() => map(request)),
      "POST /v2/search": (request) => Effect.sync(() => search(request)),
      "POST /v2/extract": (request) => Effect.sync(() => startExtract(request)),
      "GET /v2/extract/{id}": (request) => Effect.sync(() => extractStatus(request)),
      "POST /v2/crawl": (request) => Effect.sync(() => startJob(request, "crawl")),
      "GET /v2/crawl/{id}": (request) => Effect.sync(() => jobStatus(request, "crawl")),
      "DELETE /v2/crawl/{id}": (request) => Effect.sync(() => cancel(request, "crawl")),
      "POST /v2/batch/scrape": (request) => Effect.sync(() => startJob(request, "batch")),
      "GET /v2/batch/scrape/{id}": (request) => Effect.sync(() => jobStatus(request, "batch")),
      "DELETE /v2/batch/scrape/{id}": (request) => Effect.sync(() => cancel(request, "batch")),
      "GET /v2/team/credit-usage": () =>
        Effect.sync(() =>
          json(200, {
            success: true,
            data: { remainingCredits: credits, planCredits: 500, billingPeriodStart: "2026-12-01T00:00:00Z", billingPeriodEnd: "2026-12-31T23:59:59Z" }
          })
        )
    },
    authenticate: (request) => {
      const key = bearer(request)
      const accepted = shared.keys("firecrawl")
      const ok = key !== undefined && (accepted === undefined ? key.startsWith("fc-") : accepted.includes(key))
      return ok ? undefined : failure(401, "Unauthorized: Invalid token")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return failure(401, message ?? "Unauthorized: Invalid token")
        case 402:
          return failure(402, message ?? "Payment required to access this resource.")
        case 404:
          return failure(404, message ?? "Job not found.")
        case 408:
          return failure(408, message ?? "Request timed out")
        case 409:
          return failure(409, message ?? "Idempotency key already used")
        case 429:
          return failure(429, message ?? "Request rate limit exceeded. Please wait and try again later.")
        default:
          return status >= 500
            ? failure(status, message ?? "An unexpected error occurred on the server.", "UNKNOWN_ERROR")
            : failure(status, message ?? "Bad Request", "BAD_REQUEST")
      }
    },
    notFound: () => failure(404, "Not found"),
    idempotency: (request) => {
      const key = header(request, "x-idempotency-key")
      if (request.method !== "POST" || key === undefined) return undefined
      const used = rejected(409, { success: false, error: "Idempotency key already used" })
      return {
        key,
        endpoint: `${request.method} ${request.path}`,
        fingerprint: (() => {
          const parsed = jsonBody(request)
          return parsed.ok ? canonical(parsed.value) : new TextDecoder().decode(request.body)
        })(),
        mismatch: () => used,
        inProgress: used,
        replay: () => used
      }
    },
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // Hobby plan's scrape limit; Firecrawl documents no rate-limit headers, only 429 with `Retry-After`.
    rateLimit: { limit: 100, windowMs: 60_000, headers: () => ({}) },
    reset: () => {
      jobs.clear()
      extractions.clear()
      credits = 500
    }
  }
}
