/**
 * MillionVerifier's contract: the real-time API against the community OpenAPI document made from MillionVerifier's
 * README (`millionverifier/openapi.sophie-jentic.json`: `GET /` and `GET /credits`, the key in the `api` query
 * parameter), by capturing the client's requests and checking their query parameters against the declared ones and
 * decoding the spec's sampled responses; the bulk API (`upload`, `fileinfo`, `download`) has no spec: capture-only, its requests
 * checked against MillionVerifier's bulk API README (`vendor-docs/bulk-api-v2.readme.md`,
 * https://github.com/hubuco/millionverifier-bulk-api-v2) and a recorded example decoded.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as MillionVerifierClient from "../../src/vendors/millionverifier/MillionVerifierClient.js"
import * as MillionVerifierSchemas from "../../src/vendors/millionverifier/MillionVerifierSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("millionverifier/openapi.sophie-jentic.json")
const KEY = "mv_contract_key_1234"

/**
 * A file's status as the bulk API answers `upload` and `fileinfo`. The README documents the `status` values
 * (`in_progress`, `finished`, `canceled`) and the `file_id` the other calls take; the counters are those of
 * MillionVerifier's app. Capture-only: no spec covers it.
 */
const recordedFileInfo = {
  file_id: 2345678,
  file_name: "leads.csv",
  status: "in_progress",
  unique_emails: 2,
  updated_at: "2026-12-07 10:00:00",
  createdate: "2026-12-07 10:00:00",
  percent: 50,
  total_rows: 3,
  verified: 1,
  unverified: 1,
  ok: 1,
  catch_all: 0,
  disposable: 0,
  invalid: 0,
  unknown: 0,
  reverify: 0,
  credit: 2,
  estimated_time_sec: 10
}

const paths = spec.document.paths as Record<string, Record<string, { readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string }> }>>

describe("MillionVerifier contract", () => {
  it.scoped("real-time requests use only the spec's query parameters, the key in `api`; bulk requests follow the README", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make((request) =>
        request.path.startsWith("/bulkapi")
          ? { body: { ...recordedFileInfo, status: "finished" } }
          : request.path === "/credits"
          ? { body: { credits: 1000 } }
          : { body: { email: "ada@acme.dev", quality: "good", result: "ok", resultcode: 1, subresult: "ok", free: false, role: false, credits: 999 } }
      )
      const mv = yield* Coverage.tracking(MillionVerifierClient.make)({
        apiKey: Redacted.make(KEY),
        baseUrl: server.url,
        bulkBaseUrl: `${server.url}/bulkapi/v2`
      })
      yield* mv.verify("ada@acme.dev", { policy: { timeout: "20 seconds" } })
      yield* mv.credits()
      yield* mv.healthCheck
      const uploaded = yield* mv.bulk.upload({ fileName: "leads.csv", contents: new TextEncoder().encode("email\nada@acme.dev\n") })
      yield* mv.bulk.fileInfo(uploaded.file_id!)
      yield* mv.bulk.waitForFile(uploaded.file_id!)
      yield* mv.bulk.download({ fileId: uploaded.file_id!, filter: "ok_and_catch_all" })
      const recorded = yield* server.requests
      const [verify, credits, health, upload, info] = recorded
      const download = recorded[recorded.length - 1]
      for (const [request, template] of [[verify, "/"], [credits, "/credits"], [health, "/credits"]] as const) {
        const declared = (paths[template]?.get?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name)
        expect([request!.method, request!.path]).toEqual(["GET", template])
        for (const key of request!.query.keys()) expect(declared, `${template}: ${key}`).toContain(key)
        expect(request!.query.get("api")).toBe(KEY)
      }
      expect([verify!.query.get("email"), verify!.query.get("timeout")]).toEqual(["ada@acme.dev", "15"])
      // The spec's bounds for `timeout`: 2 to 60.
      const timeout = (paths["/"]?.get?.parameters ?? []).find((p) => p.name === "timeout") as unknown as { schema: { minimum: number; maximum: number } }
      expect([timeout.schema.minimum, timeout.schema.maximum]).toEqual([2, 60])
      expect([upload!.method, upload!.path, upload!.query.get("key"), upload!.query.get("remove_duplicates")]).toEqual(["POST", "/bulkapi/v2/upload", KEY, "1"])
      expect(upload!.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
      expect(upload!.body).toContain("name=\"file_contents\"; filename=\"leads.csv\"")
      expect([info!.method, info!.path, info!.query.get("file_id"), info!.query.get("key")]).toEqual(["GET", "/bulkapi/v2/fileinfo", "2345678", KEY])
      // Capture-only (the bulk README's "Download Report File": key, file_id, filter).
      expect([download!.method, download!.path, download!.query.get("file_id"), download!.query.get("filter"), download!.query.get("key")])
        .toEqual(["GET", "/bulkapi/v2/download", "2345678", "ok_and_catch_all", KEY])
    }).pipe(Effect.provide(Coverage.layer)))

  it.effect("the spec's sampled responses and the recorded bulk example decode", () =>
    Effect.gen(function*() {
      for (const [path, schema] of [["/", MillionVerifierSchemas.Verification], ["/credits", MillionVerifierSchemas.Credits]] as const) {
        const sample = OpenApi.sample(spec, "get", path)
        expect(OpenApi.responseValidator(spec, "get", path)(sample).errors).toBe("")
        yield* Schema.decodeUnknown(schema as Schema.Schema<unknown, unknown>)(sample)
      }
      const info = yield* Schema.decodeUnknown(MillionVerifierSchemas.FileInfo)(recordedFileInfo)
      expect([info.file_id, info.status]).toEqual([2345678, "in_progress"])
    }))

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "MillionVerifier",
    specs: [spec],
    prism: false,
    unspecified: {
      "POST /bulkapi/v2/upload": "capture-only: the bulk API is documented in MillionVerifier's README only",
      "GET /bulkapi/v2/fileinfo": "capture-only: the bulk API is documented in MillionVerifier's README only",
      "GET /bulkapi/v2/download": "capture-only: the bulk API is documented in MillionVerifier's README only"
    },
    client: MillionVerifierClient.make({ apiKey: Redacted.make(KEY), baseUrl: "http://127.0.0.1:9" })
  })
})
