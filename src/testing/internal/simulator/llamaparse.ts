/**
 * LlamaParse (LlamaCloud): the v1 parse upload (multipart: a `file` part or an `input_url`), the job's status, its
 * markdown / text / JSON results, and the v2 job list (`page_size`, `page_token`). A job is `PENDING` for 3 seconds of
 * the simulator's clock after its upload, then `SUCCESS`; a document whose file name contains `corrupt` ends in
 * `ERROR` (`error_code` `PDF_IS_BROKEN`). Results of an unfinished job answer 400. Errors are FastAPI's
 * `{ "detail": ... }`; a 422 lists `{ loc, msg, type }`. Keys start with `llx-`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { bearer, iso, json, multipartBody, rejected } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const PROCESSING_MS = 3_000

const detail = (status: number, message: string): SimResponse => json(status, { detail: message })

const validation = (field: string, type: string, msg: string): SimResponse =>
  rejected(422, { detail: [{ loc: ["body", field], msg, type }] })

interface Job {
  readonly id: string
  readonly name: string
  readonly created: number
  readonly fails: boolean
  readonly pages: number
}

const v1Status = (job: Job, now: number) => (now - job.created < PROCESSING_MS ? "PENDING" : job.fails ? "ERROR" : "SUCCESS")

const v2Status = (job: Job, now: number) => {
  const status = v1Status(job, now)
  return status === "PENDING" ? (now - job.created < PROCESSING_MS / 3 ? "PENDING" : "RUNNING") : status === "ERROR" ? "FAILED" : "COMPLETED"
}

/** @internal */
export const make = (shared: Shared): VendorModule<"llamaparse"> => {
  const jobs = new Map<string, Job>()
  const uuid = () => {
    const hex = shared.id("", 32, "0123456789abcdef")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
  const projectId = "7f1c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b"

  const upload = (request: SimRequest) =>
    Effect.map(multipartBody(request), (form): SimResponse => {
      if (form === undefined) return validation("file", "value_error", "Expected a multipart/form-data body")
      const file = form.get("file")
      const url = form.get("input_url")
      if (file !== null && url !== null) return detail(400, "Provide either a file or an input_url, not both")
      let name: string
      if (file !== null && typeof file !== "string") {
        if (file.size === 0) return detail(400, "The file is empty")
        name = file.name
      } else if (typeof url === "string" && /^https?:\/\//.test(url)) {
        name = url.split("/").pop() || "document"
      } else {
        return detail(400, "Either a file or an input_url must be provided")
      }
      const mode = form.get("parse_mode")
      if (typeof mode === "string" && !mode.startsWith("parse_")) {
        return validation("parse_mode", "enum", "Input should be a valid parsing mode")
      }
      const id = uuid()
      jobs.set(id, { id, name, created: request.now, fails: name.includes("corrupt"), pages: 2 })
      shared.commit(request, "parse.job.created", id)
      return json(200, { id, status: "PENDING" })
    })

  const jobOf = (request: SimRequest): Job | SimResponse => {
    const job = jobs.get(request.params.job_id!)
    return job ?? detail(404, "Job not found")
  }

  const isJob = (value: Job | SimResponse): value is Job => "created" in value

  const status = (request: SimRequest): SimResponse => {
    const job = jobOf(request)
    if (!isJob(job)) return job
    const state = v1Status(job, request.now)
    return json(200, {
      id: job.id,
      status: state,
      ...(state === "ERROR" ? { error_code: "PDF_IS_BROKEN", error_message: "The document could not be opened" } : {})
    })
  }

  const metadata = (job: Job) => ({ credits_used: job.pages, job_credits_usage: job.pages, job_pages: job.pages, job_is_cache_hit: false })

  const result = (format: "markdown" | "text" | "json") => (request: SimRequest): SimResponse => {
    const job = jobOf(request)
    if (!isJob(job)) return job
    const state = v1Status(job, request.now)
    if (state === "PENDING") return detail(400, "Job not completed yet")
    if (state === "ERROR") return detail(400, "Job failed: no result available")
    const pages = Array.from({ length: job.pages }, (_, i) => ({
      page: i + 1,
      text: `Page ${i + 1} of ${job.name}`,
      md: `# Page ${i + 1}\n\nParsed from ${job.name}`,
      images: []
    }))
    switch (format) {
      case "markdown":
        return json(200, { markdown: pages.map((p) => p.md).join("\n---\n"), job_metadata: metadata(job) })
      case "text":
        return json(200, { text: pages.map((p) => p.text).join("\n"), job_metadata: metadata(job) })
      case "json":
        return json(200, { pages, job_metadata: metadata(job) })
    }
  }

  const list = (request: SimRequest): SimResponse => {
    const size = Number(request.query.get("page_size") ?? "50")
    if (!Number.isInteger(size) || size < 1) return validation("page_size", "int_parsing", "Input should be a valid integer")
    const filter = request.query.get("status")
    const token = request.query.get("page_token")
    const all = [...jobs.values()]
      .map((job) => ({
        id: job.id,
        project_id: projectId,
        status: v2Status(job, request.now),
        name: job.name,
        tier: "cost_effective",
        error_message: job.fails && v1Status(job, request.now) === "ERROR" ? "The document could not be opened" : null,
        created_at: iso(job.created),
        updated_at: iso(Math.min(request.now, job.created + PROCESSING_MS))
      }))
      .filter((job) => filter === null || job.status === filter)
    const start = token === null ? 0 : Number(token.replace(/^page_/, ""))
    if (!Number.isInteger(start) || start < 0) return detail(400, "Invalid page_token")
    const items = all.slice(start, start + size)
    const next = start + size < all.length ? `page_${start + size}` : null
    return json(200, { items, next_page_token: next, total_size: all.length })
  }

  return {
    vendor: "llamaparse",
    handlers: {
      "POST /api/v1/parsing/upload": upload,
      "GET /api/v1/parsing/job/{job_id}": (request) => Effect.sync(() => status(request)),
      "GET /api/v1/parsing/job/{job_id}/result/markdown": (request) => Effect.sync(() => result("markdown")(request)),
      "GET /api/v1/parsing/job/{job_id}/result/text": (request) => Effect.sync(() => result("text")(request)),
      "GET /api/v1/parsing/job/{job_id}/result/json": (request) => Effect.sync(() => result("json")(request)),
      "GET /api/v2/parse": (request) => Effect.sync(() => list(request))
    },
    authenticate: (request) => {
      const key = bearer(request)
      if (key === undefined || key === "") return detail(401, "Not authenticated")
      const accepted = shared.keys("llamaparse")
      const ok = accepted === undefined ? key.startsWith("llx-") : accepted.includes(key)
      return ok ? undefined : detail(401, "Invalid API Key")
    },
    error: (_request, status, message) => {
      switch (status) {
        case 401:
          return detail(401, message ?? "Invalid API Key")
        case 402:
          return detail(402, message ?? "Insufficient credits")
        case 404:
          return detail(404, message ?? "Not Found")
        case 422:
          return rejected(422, { detail: [{ loc: ["body", "file"], msg: message ?? "Field required", type: "missing" }] })
        case 429:
          return detail(429, message ?? "Rate limit exceeded")
        default:
          return detail(status, message ?? (status >= 500 ? "Internal Server Error" : "Bad Request"))
      }
    },
    notFound: () => detail(404, "Not Found"),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    // LlamaCloud limits parse uploads to 15 per 10 seconds per organization (developers.llamaindex.ai/llamaparse/general/
    // rate_limits) and documents no limit on reads nor any rate-limit header. The simulator has one window per vendor,
    // so it is wide enough for status polling; a test of the upload limit sets its own `rateLimit` rule.
    rateLimit: { limit: 150, windowMs: 10_000, headers: () => ({}) },
    reset: () => jobs.clear()
  }
}
