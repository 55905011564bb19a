/**
 * Tavily: search, extract, crawl, map, research tasks (start, then status: `202` pending, `202` in progress, then `200`
 * completed, or failed when the task's input asks for it with the word `simulate-failure`), and credit usage. Errors
 * are `{ "detail": { "error": "..." } }` with Tavily's statuses (432 and 433 for credit limits). Keys are bearer
 * `tvly-` keys. Tavily documents no rate-limit headers: the window (100 per minute, a development key) is enforced
 * with a bare 429.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, iso, isRecord, json, jsonBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const failure = (status: number, error: string): SimResponse => json(status, { detail: { error } })

const invalid = (error: string): SimResponse => rejected(400, { detail: { error } })

interface Task {
  readonly id: string
  readonly input: string
  readonly model: string
  readonly created: number
  polls: number
}

const CREDITS = { search: 1, extract: 1, crawl: 2, map: 1, research: 10 } as const

/** @internal */
export const make = (shared: Shared): VendorModule<"tavily"> => {
  const tasks = new Map<string, Task>()
  const usage = { search: 0, extract: 0, crawl: 0, map: 0, research: 0 }

  const uuid = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  const bill = (request: SimRequest, kind: keyof typeof usage, id: string) => {
    usage[kind] += CREDITS[kind]
    shared.commit(request, `${kind}.billed`, id)
  }

  const body = (request: SimRequest): Record<string, unknown> | SimResponse => {
    const parsed = jsonBody(request)
    return parsed.ok && isRecord(parsed.value) ? parsed.value : invalid("Invalid JSON body.")
  }

  const isResponse = (value: unknown): value is SimResponse => isRecord(value) && "_tag" in value && "status" in value

  const hostOf = (url: string) => url.replace(/^https?:\/\//, "").split("/")[0] ?? url

  const search = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (typeof params.query !== "string" || params.query.trim() === "") return invalid("Query is missing.")
    const topic = params.topic ?? "general"
    if (topic !== "general" && topic !== "news" && topic !== "finance") {
      return invalid("Invalid topic. Must be 'general', 'news' or 'finance'.")
    }
    const max = typeof params.max_results === "number" ? params.max_results : 5
    if (max < 0 || max > 20) return invalid("max_results must be between 0 and 20.")
    const id = uuid()
    bill(request, "search", id)
    const results = Array.from({ length: Math.min(max, 3) }, (_, i) => ({
      title: `Result ${i + 1} for ${params.query}`,
      url: `https://example.com/${i + 1}`,
      content: `A snippet about ${params.query}.`,
      score: 0.9 - i * 0.1,
      raw_content: params.include_raw_content === true || typeof params.include_raw_content === "string" ? "Page text." : null,
      ...(params.include_favicon === true ? { favicon: "https://example.com/favicon.ico" } : {})
    }))
    return json(200, {
      query: params.query,
      ...(params.include_answer === undefined || params.include_answer === false ? {} : { answer: `An answer about ${params.query}.` }),
      images: params.include_images === true ? [{ url: "https://example.com/a.png", description: "An image" }] : [],
      results,
      response_time: 0.42,
      ...(params.include_usage === true ? { usage: { credits: CREDITS.search } } : {}),
      request_id: id
    })
  }

  const extract = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    const urls = typeof params.urls === "string" ? [params.urls] : Array.isArray(params.urls) ? params.urls : undefined
    if (urls === undefined || urls.length === 0 || urls.some((u) => typeof u !== "string")) return invalid("No URLs provided.")
    if (urls.length > 20) return invalid("Max 20 URLs are allowed.")
    const id = uuid()
    bill(request, "extract", id)
    const strings = urls as Array<string>
    return json(200, {
      results: strings.filter((u) => !u.includes("unreachable")).map((url) => ({
        url,
        raw_content: `# ${hostOf(url)}\n\nContent of ${url}.`,
        images: []
      })),
      failed_results: strings.filter((u) => u.includes("unreachable")).map((url) => ({ url, error: "Failed to fetch url" })),
      response_time: 0.87,
      request_id: id
    })
  }

  const site = (request: SimRequest, kind: "crawl" | "map"): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (typeof params.url !== "string" || params.url === "") return invalid("[400] No starting url provided")
    if (params.url.includes("unsupported")) return failure(403, "[403] URL is not supported")
    const limit = typeof params.limit === "number" ? Math.min(params.limit, 3) : 3
    const base = params.url.replace(/\/$/, "")
    const urls = Array.from({ length: limit }, (_, i) => (i === 0 ? base : `${base}/page-${i}`))
    const id = uuid()
    bill(request, kind, id)
    return json(200, {
      base_url: params.url,
      results: kind === "map" ? urls : urls.map((url) => ({ url, raw_content: `Content of ${url}.` })),
      response_time: 1.5,
      request_id: id
    })
  }

  const startResearch = (request: SimRequest): SimResponse => {
    const params = body(request)
    if (isResponse(params)) return params
    if (typeof params.input !== "string" || params.input.trim() === "") return invalid("Input is required.")
    const model = params.model ?? "auto"
    if (model !== "mini" && model !== "pro" && model !== "auto") return invalid("Invalid model. Must be one of: mini, pro, auto")
    const id = uuid()
    tasks.set(id, { id, input: params.input, model, created: request.now, polls: 0 })
    bill(request, "research", id)
    return json(201, {
      request_id: id,
      created_at: iso(request.now),
      status: "pending",
      input: params.input,
      model,
      // The spec types research times as integers (its examples say otherwise); the simulator satisfies both.
      response_time: 1
    })
  }

  const researchStatus = (request: SimRequest): SimResponse => {
    const task = tasks.get(request.params.request_id!)
    if (task === undefined) return failure(404, "Research task not found")
    task.polls++
    if (task.polls < 3) {
      return json(202, { request_id: task.id, status: task.polls === 1 ? "pending" : "in_progress", response_time: 1 })
    }
    if (task.input.includes("simulate-failure")) return json(200, { request_id: task.id, status: "failed", response_time: 1 })
    return json(200, {
      request_id: task.id,
      created_at: iso(task.created),
      status: "completed",
      content: `A report on: ${task.input}`,
      sources: [{ title: "Example", url: "https://example.com/1", favicon: "https://example.com/favicon.ico" }],
      response_time: 12
    })
  }

  const total = () => Object.values(usage).reduce((a, b) => a + b, 0)

  return {
    vendor: "tavily",
    handlers: {
      "POST /search": (request) => Effect.sync(() => search(request)),
      "POST /extract": (request) => Effect.sync(() => extract(request)),
      "POST /crawl": (request) => Effect.sync(() => site(request, "crawl")),
      "POST /map": (request) => Effect.sync(() => site(request, "map")),
      "POST /research": (request) => Effect.sync(() => startResearch(request)),
      "GET /research/{request_id}": (request) => Effect.sync(() => researchStatus(request)),
      "GET /usage": () =>
        Effect.sync(() =>
          json(200, {
            key: {
              usage: total(),
              limit: 1000,
              search_usage: usage.search,
              extract_usage: usage.extract,
              crawl_usage: usage.crawl,
              map_usage: usage.map,
              research_usage: usage.research
            },
            account: { current_plan: "Researcher", plan_usage: total(), plan_limit: 1000, paygo_usage: 0, paygo_limit: 0 }
          })
        )
    },
    authenticate: (request) => {
      const key = bearer(request)
      const accepted = shared.keys("tavily")
      const ok = key !== undefined && (accepted === undefined ? key.startsWith("tvly-") : accepted.includes(key))
      return ok ? undefined : failure(401, "Unauthorized: missing or invalid API key.")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return failure(401, message ?? "Unauthorized: missing or invalid API key.")
        case 403:
          return failure(403, message ?? "[403] URL is not supported")
        case 404:
          return failure(404, message ?? "Research task not found")
        case 429:
          return failure(429, message ?? "Your request has been blocked due to excessive requests. Please reduce rate of requests.")
        case 432:
          return failure(
            432,
            message ?? "This request exceeds your plan's set usage limit. Please upgrade your plan or contact support@tavily.com"
          )
        case 433:
          return failure(433, message ?? "This request exceeds the pay-as-you-go limit. You can increase your limit on the Tavily dashboard.")
        default:
          return failure(status, message ?? (status >= 500 ? "Internal Server Error" : "Bad Request"))
      }
    },
    notFound: () => json(404, { detail: "Not Found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: { limit: 100, windowMs: 60_000, headers: () => ({}) },
    reset: () => {
      tasks.clear()
      for (const key of Object.keys(usage) as Array<keyof typeof usage>) usage[key] = 0
    }
  }
}
