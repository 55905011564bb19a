/**
 * LlamaCloud's served OpenAPI document (community copy, `llamacloud/openapi.tryAGI-processed.json`, OAS 3.1) against
 * the LlamaParse client: the multipart upload the client sends is validated against the spec's form schema, the
 * responses the spec describes decode with our Schemas, the webhook configuration schema names the `LC-Signature`
 * scheme we verify, and every operation runs against Prism on the slice.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as LlamaParseClient from "../../src/vendors/llamaparse/LlamaParseClient.js"
import * as LlamaParseSchemas from "../../src/vendors/llamaparse/LlamaParseSchemas.js"
import * as Parsing from "../../src/vendors/llamaparse/resources/Parsing.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("llamacloud/openapi.tryAGI-processed.json")
const API_KEY = Redacted.make("llx-contract_test_key")
const pdf = new TextEncoder().encode("%PDF-1.7 contract")

type JsonSchema = { readonly type?: string; readonly anyOf?: ReadonlyArray<JsonSchema>; readonly $ref?: string }

const components = (spec.document as { components: { schemas: Record<string, { properties: Record<string, JsonSchema> }> } })
  .components.schemas
const uploadFields = components["Body_upload_file_api_v1_parsing_upload_post"]!.properties

const typeOf = (schema: JsonSchema | undefined): string | undefined =>
  schema === undefined ? undefined : schema.type ?? schema.anyOf?.map(typeOf).find((t) => t !== undefined && t !== "null")

/** A multipart form as the JSON value the spec's form schema describes: each field read as its declared type. */
const formToSpecValue = (form: FormData): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key)
    const type = typeOf(uploadFields[key])
    const text = values.map((v) => (typeof v === "string" ? v : "binary"))
    out[key] = type === "array" ? text : type === "boolean" ? text[0] === "true" : type === "integer" ? Number(text[0]) : text[0]
  }
  return out
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

describe("LlamaParse contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("parsing.upload: the multipart form (a file or an input_url, with options) validates against the form schema", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ body: { id: "job-1", status: "PENDING" } }))
        const llama = yield* Coverage.tracking(LlamaParseClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* llama.parsing.upload(Parsing.fromBytes(pdf, "a.pdf", "application/pdf"), {
          tier: "cost_effective",
          version: "latest",
          parse_mode: "parse_page_with_llm",
          language: ["en", "de"],
          target_pages: "0-2",
          max_pages: 3,
          page_separator: "\n---\n",
          disable_ocr: false,
          high_res_ocr: true,
          outlined_table_extraction: true,
          do_not_cache: true,
          invalidate_cache: false,
          webhook_url: "https://hooks.example.com/llama",
          webhook_configurations: JSON.stringify([{ webhook_url: "https://hooks.example.com/llama", webhook_events: ["parse.success"] }])
        })
        yield* llama.parsing.upload(Parsing.fromUrl("https://example.com/doc.pdf"))
        const validate = OpenApi.requestValidator(spec, "post", "/api/v1/parsing/upload", "multipart/form-data")
        for (const request of yield* server.requests) {
          const form = yield* Effect.promise(() =>
            new Response(request.body, { headers: { "content-type": String(request.headers["content-type"]) } }).formData()
          )
          const value = formToSpecValue(form)
          for (const key of Object.keys(value)) expect(uploadFields, `form field ${key}`).toHaveProperty([key])
          expectValid(validate(value), JSON.stringify(Object.keys(value)))
        }
        // The validator is not vacuous: a field of the wrong type fails it.
        expect(validate({ max_pages: "three" }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/api/v1/parsing/upload", LlamaParseSchemas.ParsingJob],
      ["get", "/api/v1/parsing/job/{job_id}", LlamaParseSchemas.ParsingJob],
      ["get", "/api/v1/parsing/job/{job_id}/result/markdown", LlamaParseSchemas.MarkdownResult],
      ["get", "/api/v1/parsing/job/{job_id}/result/text", LlamaParseSchemas.TextResult],
      ["get", "/api/v1/parsing/job/{job_id}/result/json", LlamaParseSchemas.JsonResult],
      ["get", "/api/v2/parse", LlamaParseSchemas.ParseJobPage]
    ] as const

    it.effect("a sampled response of each operation, checked against the spec first, and every example", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of operations) {
          const sample = OpenApi.sample(spec, method, path)
          expectValid(OpenApi.responseValidator(spec, method, path)(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path)) yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
        }
      }))

    it("the spec's job statuses are the ones the client waits on", () => {
      const statuses = (spec.document as { components: { schemas: { StatusEnum: { enum: ReadonlyArray<string> } } } }).components
        .schemas.StatusEnum.enum
      expect([...statuses].sort()).toEqual([...LlamaParseSchemas.knownJobStatuses].sort())
      const signing = JSON.stringify(components["WebhookConfiguration"])
      expect(signing).toContain("LC-Signature")
      expect(signing).toContain("sha256=<hex>")
    })
  })

  describe("against Prism", () => {
    it.live("every operation's request is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start(Prism.slice("llamaparse"), { seed: "effect-integrations" })
        const llama = yield* Coverage.tracking(LlamaParseClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
        for (let i = 0; i < 3; i++) {
          // Without `language`: Prism reads a repeated multipart field as a string, never as the array the spec declares
          // (the Ajv check above validates the list).
          const job = yield* llama.parsing.upload(Parsing.fromBytes(pdf, "a.pdf"), { max_pages: 2, do_not_cache: true })
          expect(typeof job.id).toBe("string")
          yield* llama.parsing.job("job-1")
          yield* llama.parsing.markdown("job-1")
          yield* llama.parsing.text("job-1")
          yield* llama.parsing.json("job-1")
          yield* llama.parsing.list({ page_size: 5, status: "COMPLETED" })
          yield* llama.healthCheck
        }
        // One page is enough: Prism's dynamic next_page_token never ends.
        yield* Stream.runDrain(Stream.take(llama.parsing.listAll({ page_size: 1 }), 1))
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 120_000)

    it.live("parse and wait run the upload, status and result operations (scripted job: pending, then success)", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make((request, index) =>
          request.path.endsWith("/markdown")
            ? { body: { markdown: "# Done", job_metadata: {} } }
            : request.method === "POST"
            ? { body: { id: "job-9", status: "PENDING" } }
            : { body: { id: "job-9", status: index < 3 ? "PENDING" : "SUCCESS" } }
        )
        const llama = yield* Coverage.tracking(LlamaParseClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        const parsed = yield* llama.parse(Parsing.fromBytes(pdf, "a.pdf"), { interval: "10 millis", maxInterval: "10 millis" })
        expect(parsed.result.markdown).toBe("# Done")
        expect((yield* llama.parsing.wait("job-9", { interval: "10 millis" })).status).toBe("SUCCESS")
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)))
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "LlamaParse",
    specs: [spec],
    prism: true,
    client: LlamaParseClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
