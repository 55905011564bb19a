import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as LlamaParseClient from "../../../src/vendors/llamaparse/LlamaParseClient.js"
import * as Parsing from "../../../src/vendors/llamaparse/resources/Parsing.js"
import * as Http from "../../testing/support/Http.js"
import * as Spec from "../../testing/support/SpecSlices.js"
import * as Sim from "./support.js"

const API_KEY = "llx-simulated_4Rk9vQ2mZp7Lw1Tx"

const llama = (sim: Sim.Simulator, options: Partial<LlamaParseClient.Options> = {}) =>
  Sim.client(
    LlamaParseClient.make({ apiKey: Redacted.make(API_KEY), baseUrl: sim.baseUrl("llamaparse"), policy: Sim.policy, ...options })
  )

const pdf = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n")

const tempFile = (name: string, bytes: Uint8Array) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "llamaparse-"))
      const path = NodePath.join(dir, name)
      NodeFs.writeFileSync(path, bytes)
      return path
    }),
    (path) => Effect.sync(() => NodeFs.rmSync(NodePath.dirname(path), { recursive: true, force: true }))
  )

describe("LlamaParseClient against the simulator", () => {
  it.scoped("uploads a file from disk, waits for the job, and reads markdown, text and JSON; lists jobs; health", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* llama(sim)
      const path = yield* tempFile("invoice.pdf", pdf)
      const started = yield* client.parsing.upload(Parsing.fromPath(path), { parse_mode: "parse_page_with_llm", language: ["en"] })
      expect(started.status).toBe("PENDING")
      expect((yield* client.parsing.job(started.id)).status).toBe("PENDING")
      const done = yield* Sim.drive(client.parsing.wait(started.id))
      expect(done).toEqual({ id: started.id, status: "SUCCESS" })
      expect((yield* client.parsing.markdown(started.id)).markdown).toContain("Parsed from invoice.pdf")
      expect((yield* client.parsing.text(started.id)).text).toContain("Page 1 of invoice.pdf")
      expect(yield* client.parsing.json(started.id)).toMatchObject({ pages: [{ page: 1 }, { page: 2 }] })
      const parsed = yield* Sim.drive(client.parse(Parsing.fromBytes(pdf, "report.pdf"), { result: "text" }))
      expect(parsed.result.text).toContain("report.pdf")
      yield* Sim.drive(client.parse(Parsing.fromUrl("https://example.com/files/brochure.pdf")))
      const page = yield* client.parsing.list({ page_size: 2 })
      expect(page.items).toHaveLength(2)
      expect(page.next_page_token).toBe("page_2")
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.parsing.listAll({ page_size: 1 })))
      expect(all.map((job) => job.status)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"])
      expect(yield* Sim.requests(sim, "llamaparse", "GET /api/v2/parse")).toBe(4)
      yield* client.healthCheck
      expect((yield* sim.stats).sideEffects.filter((e) => e.kind === "parse.job.created")).toHaveLength(3)
    }))

  it.scoped("parse fails with Server naming the job's error code, without reading a result", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* llama(sim)
      const error = yield* Sim.failure(Sim.drive(client.parse(Parsing.fromBytes(pdf, "corrupt.pdf"))))
      Sim.expectError(error, { reason: "Server" }, API_KEY)
      expect(error.operation).toBe("parsing.wait")
      expect(error.description).toContain("PDF_IS_BROKEN")
      expect(yield* Sim.requests(sim, "llamaparse", "GET /api/v1/parsing/job/{job_id}/result/markdown")).toBe(0)
    }))

  it.scoped("parse gives up with Timeout at its bound, and an interrupted wait stops polling", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* llama(sim)
      const error = yield* Sim.failure(Sim.drive(client.parse(Parsing.fromBytes(pdf, "a.pdf"), { timeout: "2 seconds" })))
      Sim.expectError(error, { reason: "Timeout" }, API_KEY)
      expect(error.operation).toBe("parsing.wait")
      const job = yield* client.parsing.upload(Parsing.fromBytes(pdf, "b.pdf"))
      const fiber = yield* Effect.fork(client.parsing.wait(job.id, { interval: "1 second" }))
      yield* Sim.until("the first status read", Effect.map(Sim.requests(sim, "llamaparse", "GET /api/v1/parsing/job/{job_id}"), (n) => n >= 3))
      yield* Fiber.interrupt(fiber)
      const seen = yield* Sim.requests(sim, "llamaparse", "GET /api/v1/parsing/job/{job_id}")
      yield* TestClock.adjust("1 minute")
      expect(yield* Sim.requests(sim, "llamaparse", "GET /api/v1/parsing/job/{job_id}")).toBe(seen)
    }))

  describe("faults", () => {
    it.scoped("retries status and result reads through 503s and a dropped connection", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "llamaparse", route: "GET /api/v1/parsing/job/{job_id}", status: 503, times: 2 },
          { kind: "reset", vendor: "llamaparse", route: "GET /api/v1/parsing/job/{job_id}/result/json", times: 1 }
        ])
        const client = yield* llama(sim)
        const job = yield* client.parsing.upload(Parsing.fromBytes(pdf, "a.pdf"))
        yield* Sim.drive(client.parsing.wait(job.id))
        expect((yield* Sim.drive(client.parsing.json(job.id))).pages).toHaveLength(2)
        expect(yield* Sim.requests(sim, "llamaparse", "GET /api/v1/parsing/job/{job_id}/result/json")).toBe(2)
      }))

    it.scoped("never re-sends an upload that may have reached LlamaCloud: one job, mayHaveSucceeded", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "resetAfterCommit", vendor: "llamaparse", route: "POST /api/v1/parsing/upload", times: 1 }])
        const client = yield* llama(sim)
        const error = yield* Sim.failure(Sim.drive(client.parsing.upload(Parsing.fromBytes(pdf, "a.pdf"))))
        expect(error.reason).toBe("Transport")
        expect(error.mayHaveSucceeded).toBe(true)
        expect(yield* Sim.requests(sim, "llamaparse", "POST /api/v1/parsing/upload")).toBe(1)
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))

    it.scoped("retries an upload refused with 429 (not processed) after Retry-After, once the window allows", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "llamaparse", route: "POST /api/v1/parsing/upload", status: 429, retryAfterSeconds: 2, times: 1 }
        ])
        const client = yield* llama(sim)
        const job = yield* Sim.drive(client.parsing.upload(Parsing.fromBytes(pdf, "a.pdf")))
        expect(job.status).toBe("PENDING")
        expect(yield* Sim.requests(sim, "llamaparse", "POST /api/v1/parsing/upload")).toBe(2)
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))

    it.scoped("maps 402 (out of credits) and 401 without retrying; drift and malformed JSON are typed", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "llamaparse", route: "POST /api/v1/parsing/upload", status: 402, times: 1 },
          { kind: "drift", vendor: "llamaparse", route: "GET /api/v1/parsing/job/{job_id}", op: "remove", path: "status", times: 1 },
          { kind: "malformed", vendor: "llamaparse", route: "GET /api/v2/parse", times: 1 }
        ])
        const client = yield* llama(sim)
        const credits = yield* Sim.failure(client.parsing.upload(Parsing.fromBytes(pdf, "a.pdf")))
        Sim.expectError(credits, { reason: "RateLimited", status: 402 }, API_KEY)
        expect(credits.retryable).toBe(false)
        const job = yield* client.parsing.upload(Parsing.fromBytes(pdf, "a.pdf"))
        Sim.expectError(yield* Sim.failure(client.parsing.job(job.id)), { reason: "ResponseDrift", status: 200 }, API_KEY)
        Sim.expectError(yield* Sim.failure(client.parsing.list()), { reason: "ResponseDrift", status: 200 }, API_KEY)
        const wrong = yield* Sim.client(
          LlamaParseClient.make({ apiKey: Redacted.make("nope"), baseUrl: sim.baseUrl("llamaparse"), policy: Sim.policy })
        )
        Sim.expectError(yield* Sim.failure(wrong.healthCheck), { reason: "Unauthorized", status: 401 }, "nope")
      }))

    it.scoped("checks a document's size before opening or sending it", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* llama(sim, { maxUploadBytes: 16 })
        const path = yield* tempFile("big.pdf", pdf)
        Sim.expectError(yield* Sim.failure(client.parsing.upload(Parsing.fromPath(path))), { reason: "InvalidRequest" })
        Sim.expectError(yield* Sim.failure(client.parse(Parsing.fromBytes(pdf, "big.pdf"))), { reason: "InvalidRequest" })
        const missing = yield* Sim.failure(client.parsing.upload(Parsing.fromPath(NodePath.join(NodePath.dirname(path), "none.pdf"))))
        expect(missing.description).toContain("ENOENT")
        expect(missing.description).not.toContain("none.pdf")
        expect(yield* Sim.requests(sim, "llamaparse", "POST /api/v1/parsing/upload")).toBe(0)
      }))
  })
})

describe("LlamaParse simulator module", () => {
  const valid = (result: Spec.Result) => expect(result.errors).toBe("")

  it.scoped("answers as the spec describes: job, results, list, and FastAPI error bodies", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const base = sim.baseUrl("llamaparse")
      const auth = { authorization: `Bearer ${API_KEY}` }
      const form = new FormData()
      form.append("file", new Blob([pdf], { type: "application/pdf" }), "a.pdf")
      const upload = yield* Effect.promise(() => fetch(`${base}/api/v1/parsing/upload`, { method: "POST", headers: auth, body: form }))
      const job = (yield* Effect.promise(() => upload.json())) as { id: string }
      valid(Spec.response("llamaparse", "POST", "/api/v1/parsing/upload", 200, job))
      const status = yield* Http.send(`${base}/api/v1/parsing/job/${job.id}`, { headers: auth })
      valid(Spec.response("llamaparse", "GET", "/api/v1/parsing/job/{job_id}", 200, status.json))
      const early = yield* Http.send(`${base}/api/v1/parsing/job/${job.id}/result/markdown`, { headers: auth })
      expect(early.status).toBe(400)
      yield* TestClock.adjust("5 seconds")
      for (const format of ["markdown", "text", "json"]) {
        const result = yield* Http.send(`${base}/api/v1/parsing/job/${job.id}/result/${format}`, { headers: auth })
        valid(Spec.response("llamaparse", "GET", `/api/v1/parsing/job/{job_id}/result/${format}`, 200, result.json))
      }
      const list = yield* Http.send(`${base}/api/v2/parse?page_size=1`, { headers: auth })
      valid(Spec.response("llamaparse", "GET", "/api/v2/parse", 200, list.json))
      const invalid = yield* Http.send(`${base}/api/v2/parse?page_size=0`, { headers: auth })
      valid(Spec.response("llamaparse", "GET", "/api/v2/parse", 422, invalid.json))
      const unauthorized = yield* Http.send(`${base}/api/v2/parse`, { headers: { authorization: "Bearer nope" } })
      expect([unauthorized.status, unauthorized.json]).toEqual([401, { detail: "Invalid API Key" }])
    }))
})
