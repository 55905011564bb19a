/**
 * MillionVerifier: the real-time API v3 (`GET /api/v3/?email=&timeout=`, `GET /api/v3/credits`, the key in `api`) and
 * the bulk API v2 (`POST /bulkapi/v2/upload` multipart, `GET /bulkapi/v2/fileinfo`, `GET /bulkapi/v2/download` as
 * CSV, the key in `key`), as
 * MillionVerifier's README files describe them. Results by address: `…@catchall.dev` catch_all, `…@disposable.dev`
 * disposable, a local part starting `invalid` invalid, anything else ok; a credit per verification. An uploaded file
 * finishes 10 s after its upload (on the simulator's clock), and reports its counts.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { iso, json, multipartBody } from "./http.js"
import type { Shared, VendorModule } from "./state.js"

const EMAIL = /^[^\s@]+@[^\s@]+$/
const PROCESSING_MS = 10_000

interface BulkFile {
  readonly file_id: number
  readonly file_name: string
  readonly emails: ReadonlyArray<string>
  readonly createdAt: number
}

const resultOf = (email: string) => {
  const [local = "", domain = ""] = email.toLowerCase().split("@")
  if (local.startsWith("invalid")) return { result: "invalid", resultcode: 6, quality: "bad", subresult: "invalid" }
  if (domain === "catchall.dev") return { result: "catch_all", resultcode: 2, quality: "risky", subresult: "catch_all" }
  if (domain === "disposable.dev") return { result: "disposable", resultcode: 5, quality: "bad", subresult: "disposable" }
  return { result: "ok", resultcode: 1, quality: "good", subresult: "ok" }
}

/** @internal */
export const make = (shared: Shared): VendorModule<"millionverifier"> => {
  let credits = 10_000
  const files = new Map<number, BulkFile>()
  let nextFile = 1_000_000

  const verify = (request: SimRequest): SimResponse => {
    const email = request.query.get("email") ?? ""
    const timeout = Number(request.query.get("timeout") ?? "20")
    if (!Number.isInteger(timeout) || timeout < 2 || timeout > 60) return json(400, { error: "invalid timeout", message: "timeout must be 2 to 60" })
    if (!EMAIL.test(email)) return json(200, { email, result: "invalid", resultcode: 6, quality: "bad", subresult: "invalid_syntax", free: false, role: false, credits })
    credits--
    shared.commit(request, "email.verified", email)
    const domain = email.split("@")[1] ?? ""
    return json(200, { email, ...resultOf(email), free: ["gmail.com", "yahoo.com"].includes(domain), role: /^(info|admin|sales)@/.test(email), credits })
  }

  const info = (request: SimRequest, file: BulkFile) => {
    const done = request.now - file.createdAt >= PROCESSING_MS
    const counts = { ok: 0, catch_all: 0, disposable: 0, invalid: 0, unknown: 0 }
    for (const email of file.emails) counts[resultOf(email).result as keyof typeof counts]++
    return {
      file_id: file.file_id,
      file_name: file.file_name,
      status: done ? "finished" : "in_progress",
      unique_emails: file.emails.length,
      updated_at: iso(request.now),
      createdate: iso(file.createdAt),
      percent: done ? 100 : Math.floor(((request.now - file.createdAt) / PROCESSING_MS) * 100),
      total_rows: file.emails.length,
      verified: done ? file.emails.length : 0,
      unverified: done ? 0 : file.emails.length,
      ...(done ? counts : { ok: 0, catch_all: 0, disposable: 0, invalid: 0, unknown: 0 }),
      reverify: 0,
      credit: file.emails.length,
      estimated_time_sec: done ? 0 : Math.ceil((PROCESSING_MS - (request.now - file.createdAt)) / 1000)
    }
  }

  const upload = (request: SimRequest): Effect.Effect<SimResponse> =>
    Effect.gen(function*() {
      const file = (yield* multipartBody(request))?.get("file_contents")
      if (file === null || file === undefined || typeof file === "string") return json(200, { error: "file_contents is missing" })
      const text = yield* Effect.promise(() => file.text())
      const lines = text.split(/\r?\n/).map((l) => l.split(",")[0]!.trim()).filter((l) => EMAIL.test(l))
      const emails = request.query.get("remove_duplicates") === "0" ? lines : [...new Set(lines.map((l) => l.toLowerCase()))]
      if (emails.length === 0) return json(200, { error: "no valid emails in the file" })
      const stored: BulkFile = { file_id: nextFile++, file_name: file.name, emails, createdAt: request.now }
      files.set(stored.file_id, stored)
      credits -= emails.length
      shared.commit(request, "file.uploaded", String(stored.file_id))
      return json(200, info(request, stored))
    })

  return {
    vendor: "millionverifier",
    handlers: {
      "GET /api/v3/": (request) => Effect.sync(() => verify(request)),
      "GET /api/v3/credits": () => Effect.sync(() => json(200, { credits })),
      "POST /bulkapi/v2/upload": upload,
      "GET /bulkapi/v2/fileinfo": (request) =>
        Effect.sync(() => {
          const file = files.get(Number(request.query.get("file_id")))
          return file === undefined ? json(200, { error: "file not found" }) : json(200, info(request, file))
        }),
      "GET /bulkapi/v2/download": (request) =>
        Effect.sync(() => {
          const file = files.get(Number(request.query.get("file_id")))
          if (file === undefined) return json(404, { error: "file not found" })
          const filter = request.query.get("filter") ?? "all"
          const keep = (result: string) =>
            filter === "all" || result === filter || (filter === "ok_and_catch_all" && (result === "ok" || result === "catch_all"))
          const rows = file.emails.map((email) => ({ email, ...resultOf(email) })).filter((row) => keep(row.result))
          const csv = ["email,quality,result,subresult", ...rows.map((r) => `${r.email},${r.quality},${r.result},${r.subresult}`)]
          return { _tag: "Text", status: 200, contentType: "text/csv", body: csv.join("\n") + "\n" } satisfies SimResponse
        })
    },
    authenticate: (request) => {
      const bulk = request.route.includes("/bulkapi/")
      const key = request.query.get(bulk ? "key" : "api") ?? ""
      const accepted = shared.keys("millionverifier")
      const ok = accepted === undefined ? key.length >= 8 : accepted.includes(key)
      if (ok) return undefined
      return bulk ? json(403, { error: "wrong api key" }) : json(401, { error: "Unauthorized", message: "apikey not found" })
    },
    error: (_request, status, message) => json(status, { error: message ?? (status === 429 ? "too many requests" : status >= 500 ? "server error" : "bad request") }),
    notFound: () => json(404, { error: "not found" }),
    headers: () => ({}),
    requestId: () => shared.id("", 16),
    rateLimit: { limit: 400, windowMs: 1000, headers: () => ({}) },
    reset: () => {
      credits = 10_000
      files.clear()
    }
  }
}
