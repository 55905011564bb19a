import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as VendorClient from "../../../src/core/VendorClient.js"
import * as LlamaParseClient from "../../../src/vendors/llamaparse/LlamaParseClient.js"
import * as Parsing from "../../../src/vendors/llamaparse/resources/Parsing.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const API_KEY = "llx-unit_test_key_8Hq2"

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const client = (baseUrl: string, options: Partial<LlamaParseClient.Options> = {}) =>
  LlamaParseClient.make({ apiKey: Redacted.make(API_KEY), baseUrl, policy: { maxRetries: 0 }, ...options })

/** A client over undici whose connection pool lives as long as the test's scope. */
const live = <A, E, R>(make: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Layer.build(NodeHttpClient.layerUndici), (context) => Effect.provide(make, context))

const pdf = new TextEncoder().encode("%PDF-1.7 unit")

describe("LlamaParseClient", () => {
  describe("requests on the wire", () => {
    it.scoped("uploads a multipart form: the file part with its name and type, options as fields, bearer auth, no key", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ body: { id: "job-1", status: "PENDING" } }))
        const llama = yield* live(client(server.url))
        const job = yield* llama.parsing.upload(Parsing.fromBytes(pdf, "q3 report.pdf", "application/pdf"), {
          parse_mode: "parse_page_with_agent",
          language: ["en", "fr"],
          target_pages: "0,2-3",
          do_not_cache: true,
          webhook_url: "https://hooks.example.com/llama"
        })
        expect(job).toEqual({ id: "job-1", status: "PENDING" })
        const [request] = yield* server.requests
        expect([request!.method, request!.path]).toEqual(["POST", "/api/v1/parsing/upload"])
        expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`)
        expect(request!.headers["idempotency-key"]).toBeUndefined()
        const form = yield* Effect.promise(() =>
          new Response(request!.body, { headers: { "content-type": String(request!.headers["content-type"]) } }).formData()
        )
        const file = form.get("file") as File
        expect([file.name, file.type, file.size]).toEqual(["q3 report.pdf", "application/pdf", pdf.length])
        expect(form.getAll("language")).toEqual(["en", "fr"])
        expect(form.get("parse_mode")).toBe("parse_page_with_agent")
        expect(form.get("do_not_cache")).toBe("true")
        expect(form.get("target_pages")).toBe("0,2-3")
        expect(form.has("input_url")).toBe(false)
      }))

    it.scoped("a URL document is sent as input_url without a file part; ids are percent-encoded in paths", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request) =>
          request.path.endsWith("/markdown")
            ? { body: { markdown: "# Hi", job_metadata: { credits_used: 1 } } }
            : request.path === "/api/v2/parse"
            ? { body: { items: [], next_page_token: null } }
            : { body: { id: "job-1", status: "SUCCESS" } }
        )
        const llama = yield* live(client(server.url))
        yield* llama.parsing.upload(Parsing.fromUrl("https://example.com/a.pdf"))
        yield* llama.parsing.job("job 1?x")
        expect((yield* llama.parsing.markdown("job-1")).markdown).toBe("# Hi")
        yield* llama.healthCheck
        const [upload, job, markdown, health] = yield* server.requests
        expect(upload!.body).toContain("name=\"input_url\"")
        expect(upload!.body).not.toContain("name=\"file\"")
        expect(job!.path).toBe("/api/v1/parsing/job/job%201%3Fx")
        expect(markdown!.path).toBe("/api/v1/parsing/job/job-1/result/markdown")
        expect([health!.method, health!.path, health!.query.get("page_size")]).toEqual(["GET", "/api/v2/parse", "1"])
        expect(VendorClient.healthCheckName("LlamaParse")).toBe("llamaparse")
      }))
  })

  describe("validation before any I/O", () => {
    it.scoped("refuses bad options, an empty document, a bad job id and a non-http URL with InvalidRequest", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const llama = yield* client("https://api.cloud.llamaindex.ai").pipe(Effect.provide(stub.layer))
        const fails = (effect: Effect.Effect<unknown, { readonly reason: string }>) =>
          Effect.map(Effect.flip(effect), (error) => error.reason)
        expect(yield* fails(llama.parsing.upload(Parsing.fromBytes(pdf, "a.pdf"), { target_pages: "1;2" }))).toBe("InvalidRequest")
        expect(yield* fails(llama.parsing.upload(Parsing.fromBytes(new Uint8Array(), "a.pdf")))).toBe("InvalidRequest")
        expect(yield* fails(llama.parsing.upload(Parsing.fromUrl("file:///etc/passwd")))).toBe("InvalidRequest")
        expect(yield* fails(llama.parsing.job(".."))).toBe("InvalidRequest")
        expect(yield* fails(llama.parsing.list({ page_size: 0 }))).toBe("InvalidRequest")
        expect(yield* stub.requests).toHaveLength(0)
      }))
  })

  describe("errors", () => {
    it.scoped("maps a 422 validation list to InvalidRequest with its type and field, not retried, message never kept", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(422, { detail: [{ loc: ["body", "file"], msg: "secret text from the input", type: "missing" }] })
        )
        const llama = yield* client("https://api.cloud.llamaindex.ai", { policy: { maxRetries: 3 } }).pipe(Effect.provide(stub.layer))
        const error = yield* Effect.flip(llama.parsing.job("job-1"))
        expect(error.reason).toBe("InvalidRequest")
        expect(error.details).toEqual({ type: "missing", field: "body.file" })
        expect(error.message).not.toContain("secret text")
        expect(yield* stub.requests).toHaveLength(1)
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          Layer.build(IntegrationConfig.layer(LlamaParseClient.fromEnv)).pipe(
            Effect.scoped,
            Effect.provide(NodeHttpClient.layerUndici),
            withEnv([["LLAMA_CLOUD_BASE_URL", "ftp:/nope"]])
          )
        )
        expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([
          ["LLAMA_CLOUD_API_KEY", "Missing"],
          ["LLAMA_CLOUD_BASE_URL", "Invalid"]
        ])
      }))

    it.scoped("layerConfig reads the key and the EU base URL from the environment, and never prints the key", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(401, { detail: `Invalid API Key ${API_KEY}` }))
        const exit = yield* Effect.exit(
          Effect.flatMap(LlamaParseClient.LlamaParseClient, (llama) => llama.parsing.job("job-1")).pipe(
            Effect.provide(LlamaParseClient.layerConfig({ policy: { maxRetries: 0 } })),
            Effect.provide(stub.layer),
            withEnv([["LLAMA_CLOUD_API_KEY", API_KEY], ["LLAMA_CLOUD_BASE_URL", LlamaParseClient.EU_BASE_URL]])
          )
        )
        expect(Exit.isFailure(exit)).toBe(true)
        const [request] = yield* stub.requests
        expect(request?.url).toBe("https://api.cloud.eu.llamaindex.ai/api/v1/parsing/job/job-1")
        expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
        if (Exit.isFailure(exit)) expect(Cause.pretty(exit.cause)).not.toContain(API_KEY)
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const llama = yield* LlamaParseClient.LlamaParseClient
        expect((yield* llama.parsing.job("job-1")).status).toBe("SUCCESS")
        const exit = yield* Effect.exit(Effect.suspend(() => llama.parsing.markdown("job-1")))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("LlamaParseClient.parsing.markdown is not implemented")
      }).pipe(Effect.provide(LlamaParseClient.layerTest({ parsing: { job: (id) => Effect.succeed({ id, status: "SUCCESS" }) } }))))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names spans LlamaParse.parsing.<operation> and records no file name or content", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "job-1", status: "PENDING" }))
        const llama = yield* client("https://api.cloud.llamaindex.ai").pipe(Effect.provide(stub.layer))
        yield* llama.parsing.upload(Parsing.fromBytes(pdf, "jane-doe-medical.pdf"))
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("LlamaParse.parsing.upload")
        expect(JSON.stringify(span?.attributes)).not.toContain("jane-doe")
        expect(JSON.stringify(span?.attributes)).not.toContain(API_KEY)
      }).pipe(Effect.provide(Tracing)))
  })
})
