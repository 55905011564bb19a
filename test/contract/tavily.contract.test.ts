/**
 * Tavily's published contract (tavily/openapi.tryAGI.json, OAS 3.0.3, a mirror of Tavily's docs openapi.json) against
 * the client. The spec has no operationIds: every check is keyed on method + path. Requests the client sends are
 * captured and validated against the spec's request schemas; the spec's examples and sampled responses (every status
 * with a body, the research status's `200` and `202` alike) decode with our Schemas; and the client runs against
 * Prism on the spec's slice, which rejects non-conforming requests and answers from the spec.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TavilyClient from "../../src/vendors/tavily/TavilyClient.js"
import * as TavilySchemas from "../../src/vendors/tavily/TavilySchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("tavily/openapi.tryAGI.json")
const API_KEY = Redacted.make("tvly-contract-test-key")

const fullSearch: TavilySchemas.SearchRequest = {
  query: "who is Leo Messi?",
  search_depth: "advanced",
  chunks_per_source: 3,
  max_results: 10,
  topic: "general",
  time_range: "week",
  start_date: "2025-02-09",
  end_date: "2025-12-29",
  include_answer: "advanced",
  include_raw_content: "markdown",
  include_images: true,
  include_image_descriptions: true,
  include_favicon: true,
  include_domains: ["fifa.com"],
  exclude_domains: ["example.com"],
  country: "united states",
  auto_parameters: false,
  exact_match: false,
  include_usage: true,
  safe_search: false
}
const fullExtract: TavilySchemas.ExtractRequest = {
  urls: ["https://en.wikipedia.org/wiki/Artificial_intelligence"],
  query: "history",
  chunks_per_source: 3,
  extract_depth: "advanced",
  include_images: true,
  include_favicon: true,
  format: "text",
  timeout: 30,
  include_usage: true
}
const fullCrawl: TavilySchemas.CrawlRequest = {
  url: "docs.tavily.com",
  instructions: "Find all pages about the Python SDK",
  chunks_per_source: 3,
  max_depth: 2,
  max_breadth: 20,
  limit: 50,
  select_paths: ["/sdk/.*"],
  select_domains: ["^docs\\.tavily\\.com$"],
  exclude_paths: ["/private/.*"],
  exclude_domains: ["^private\\.example\\.com$"],
  allow_external: false,
  include_images: false,
  extract_depth: "basic",
  format: "markdown",
  include_favicon: true,
  timeout: 150,
  include_usage: true
}
const fullMap: TavilySchemas.MapRequest = {
  url: "docs.tavily.com",
  instructions: "SDK pages",
  max_depth: 1,
  max_breadth: 20,
  limit: 50,
  select_paths: ["/sdk/.*"],
  select_domains: ["^docs\\.tavily\\.com$"],
  exclude_paths: ["/private/.*"],
  exclude_domains: ["^private\\.example\\.com$"],
  allow_external: true,
  timeout: 10,
  include_usage: true
}
const fullResearch: TavilySchemas.ResearchRequest = {
  input: "What are the latest developments in AI?",
  model: "pro",
  stream: false,
  output_schema: {
    properties: { company: { type: "string", description: "The company name" } },
    required: ["company"]
  },
  citation_format: "apa",
  include_domains: ["arxiv.org"],
  exclude_domains: ["medium.com"],
  output_length: "long",
  files: [{ name: "notes.txt", data: "aGVsbG8=", type: "base64" }]
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

/**
 * A sampled response, its `response_time` a whole number: the spec's own field examples are a string ("1.67") where
 * its type says number (search), a fraction (1.23) where it says integer (research), the contradiction `scripts/schemas/vendors.mjs` corrects (our Schemas accept both; the raw sample is
 * decoded as well).
 */
const sampled = (method: string, path: string, status = "200"): unknown => {
  const value = OpenApi.sample(spec, method, path, status)
  return typeof value === "object" && value !== null && "response_time" in value && !Number.isInteger(value.response_time)
    ? { ...value, response_time: Math.round(Number(value.response_time)) }
    : value
}

const exampleOr = (method: string, path: string) => OpenApi.examples(spec, method, path)[0] ?? sampled(method, path)

const answers: Record<string, { readonly status: number; readonly body: unknown }> = {
  "/search": { status: 200, body: exampleOr("post", "/search") },
  "/extract": { status: 200, body: exampleOr("post", "/extract") },
  "/crawl": { status: 200, body: exampleOr("post", "/crawl") },
  "/map": { status: 200, body: exampleOr("post", "/map") },
  "/research": { status: 201, body: OpenApi.sample(spec, "post", "/research", "201") },
  "/usage": { status: 200, body: OpenApi.sample(spec, "get", "/usage") }
}

describe("Tavily contract", () => {
  describe("requests conform to the spec (keyed on method + path)", () => {
    it.scoped("every operation's body validates against its request schema, with every field the client knows", () =>
      Effect.gen(function*() {
        const completed = OpenApi.sample(spec, "get", "/research/{request_id}")
        const server = yield* RecordingServer.make((request) =>
          request.path.startsWith("/research/")
            ? { status: 200, body: { ...(completed as object), status: "completed" } }
            : answers[request.path] ?? { status: 404, body: {} }
        )
        const tavily = yield* Coverage.tracking(TavilyClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* tavily.search(fullSearch)
        yield* tavily.extract(fullExtract)
        yield* tavily.crawl(fullCrawl)
        yield* tavily.map(fullMap)
        yield* tavily.research.create(fullResearch)
        yield* tavily.research.get("123e4567-e89b-12d3-a456-426614174000")
        yield* tavily.research.wait("123e4567-e89b-12d3-a456-426614174000")
        yield* tavily.research.run({ input: "q" })
        yield* tavily.usage()
        yield* tavily.healthCheck
        const requests = yield* server.requests
        const bodies = requests.filter((r) => r.method === "POST")
        expect(bodies.map((r) => r.path)).toEqual(["/search", "/extract", "/crawl", "/map", "/research", "/research"])
        for (const request of bodies) {
          expectValid(OpenApi.requestValidator(spec, "post", request.path)(JSON.parse(request.body)), request.path)
        }
        for (const request of requests) expect(request.headers.authorization).toBe("Bearer tvly-contract-test-key")
        const created = (answers["/research"]!.body as { request_id: string }).request_id
        expect(requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual([
          "/research/123e4567-e89b-12d3-a456-426614174000",
          "/research/123e4567-e89b-12d3-a456-426614174000",
          `/research/${encodeURIComponent(created)}`,
          "/usage",
          "/usage"
        ])
        expect(spec.document.paths).toHaveProperty(["/research/{request_id}", "get"])
        expect(spec.document.paths).toHaveProperty(["/usage", "get"])
        // The validator is not vacuous: a search without its query fails it.
        expect(OpenApi.requestValidator(spec, "post", "/search")({ max_results: 5 }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/search", "200", TavilySchemas.SearchResponse],
      ["post", "/extract", "200", TavilySchemas.ExtractResponse],
      ["post", "/crawl", "200", TavilySchemas.CrawlResponse],
      ["post", "/map", "200", TavilySchemas.MapResponse],
      ["post", "/research", "201", TavilySchemas.ResearchResponse],
      ["get", "/research/{request_id}", "200", TavilySchemas.ResearchStatus],
      ["get", "/research/{request_id}", "202", TavilySchemas.ResearchStatus],
      ["get", "/usage", "200", TavilySchemas.UsageResponse]
    ] as const

    it.effect("every example and a sampled response of each operation and status, after checking them against the spec", () =>
      Effect.gen(function*() {
        let examples = 0
        for (const [method, path, status, schema] of operations) {
          const sample = sampled(method, path, status)
          expectValid(OpenApi.responseValidator(spec, method, path, status)(sample), `${method} ${path} ${status} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, OpenApi.sample(spec, method, path, status))
          for (const example of OpenApi.examples(spec, method, path, status)) {
            yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
            examples++
          }
        }
        // The two response examples the slice's operations give (research 200 and 202); the rest are field examples.
        expect(examples).toBe(2)
      }))

    it.effect("every documented error body decodes as Tavily's error body", () =>
      Effect.gen(function*() {
        let decoded = 0
        for (const [method, path] of [["post", "/search"], ["post", "/crawl"], ["get", "/research/{request_id}"], ["get", "/usage"]]) {
          for (const status of ["401", "429", "432", "433", "403", "404", "500"]) {
            for (const example of (() => {
              try {
                return OpenApi.examples(spec, method!, path!, status)
              } catch {
                return []
              }
            })()) {
              const error = yield* decodes(TavilySchemas.ErrorResponse, example)
              expect(typeof error.detail?.error).toBe("string")
              decoded++
            }
          }
        }
        expect(decoded).toBeGreaterThanOrEqual(15)
      }))
  })

  describe("against Prism", () => {
    it.live("every operation's request is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start(Prism.slice("tavily"), { startTimeoutMillis: 150_000, seed: "effect-integrations" })
        const tavily = yield* Coverage.tracking(TavilyClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
        expect(typeof (yield* tavily.search(fullSearch)).query).toBe("string")
        expect(typeof (yield* tavily.search({ query: "minimal" })).query).toBe("string")
        yield* tavily.extract(fullExtract)
        yield* tavily.extract({ urls: "https://example.com" })
        yield* tavily.crawl(fullCrawl)
        yield* tavily.map(fullMap)
        const task = yield* tavily.research.create(fullResearch)
        expect(typeof task.request_id).toBe("string")
        const status = yield* tavily.research.get("123e4567-e89b-12d3-a456-426614174000")
        expect(["completed", "failed", "pending", "in_progress"]).toContain(status.status)
        const running = yield* tavily.research.get("123e4567-e89b-12d3-a456-426614174000", { headers: { prefer: "code=202" } })
        expect(typeof running.status).toBe("string")
        yield* tavily.usage()
        yield* tavily.healthCheck
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 240_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Tavily",
    specs: [spec],
    prism: true,
    client: TavilyClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
