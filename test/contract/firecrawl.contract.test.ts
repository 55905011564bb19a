/**
 * Firecrawl's published contract (firecrawl/v2-openapi.json, OAS 3.0, and webhooks-openapi.json, OAS 3.1) against the
 * client. The spec writes paths without the `/v2` of its server URL, which the client (like Firecrawl's SDKs) puts in
 * every path, so the checks use the spec with `/v2` prefixed to its paths. Requests the client sends are captured and
 * validated against the spec's request schemas; sampled responses decode with our Schemas; every typed webhook event
 * of the webhooks document decodes as that event; and the client runs against Prism on the (prefixed) slice.
 * `x-idempotency-key` is not in the spec (Firecrawl's docs document it): it is checked here as a header the spec does
 * not forbid.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import * as FirecrawlClient from "../../src/vendors/firecrawl/FirecrawlClient.js"
import * as FirecrawlEvents from "../../src/vendors/firecrawl/FirecrawlEvents.js"
import * as FirecrawlSchemas from "../../src/vendors/firecrawl/FirecrawlSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("firecrawl/v2-openapi.json")
const webhooks = OpenApi.load("firecrawl/webhooks-openapi.json")
const API_KEY = Redacted.make("fc-contract-test-key")

type Json = OpenApi.Spec["document"]

/** The document with `/v2` before every path, as the client calls them. */
const prefixed = (document: Json): Json => ({
  ...document,
  paths: Object.fromEntries(Object.entries(document.paths as Record<string, Json>).map(([path, item]) => [`/v2${path}`, item]))
})
const v2: OpenApi.Spec = { ...spec, document: prefixed(spec.document) }

const prismSpec = (): string => {
  const slice = JSON.parse(NodeFs.readFileSync(Prism.slice("firecrawl"), "utf8")) as Json
  const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "firecrawl-contract-"))
  const file = NodePath.join(dir, "firecrawl-v2.json")
  NodeFs.writeFileSync(file, JSON.stringify({ ...prefixed(slice), servers: [{ url: "http://127.0.0.1" }] }))
  return file
}

const fullScrape: FirecrawlSchemas.ScrapeRequest = {
  url: "https://docs.firecrawl.dev",
  formats: [{ type: "markdown" }, { type: "links" }],
  onlyMainContent: true,
  includeTags: ["article"],
  excludeTags: ["nav"],
  maxAge: 3_600_000,
  headers: { "user-agent": "contract" },
  waitFor: 500,
  mobile: false,
  skipTlsVerification: false,
  timeout: 30_000,
  location: { country: "US", languages: ["en-US"] },
  blockAds: true,
  proxy: "auto",
  storeInCache: true
}
const fullCrawl: FirecrawlSchemas.CrawlRequest = {
  url: "https://docs.firecrawl.dev",
  prompt: "only the API reference",
  excludePaths: ["blog/.*"],
  includePaths: ["api-reference/.*"],
  maxDiscoveryDepth: 2,
  sitemap: "include",
  ignoreQueryParameters: true,
  limit: 50,
  crawlEntireDomain: false,
  allowExternalLinks: false,
  allowSubdomains: false,
  delay: 1,
  maxConcurrency: 2,
  webhook: { url: "https://hooks.acme.dev/firecrawl", metadata: { tenant: "acme" }, events: ["started", "page", "completed"] },
  scrapeOptions: { formats: [{ type: "markdown" }], onlyMainContent: true }
}
const fullBatch: FirecrawlSchemas.BatchScrapeRequest = {
  urls: ["https://docs.firecrawl.dev", "https://firecrawl.dev"],
  webhook: { url: "https://hooks.acme.dev/firecrawl", events: ["completed"] },
  maxConcurrency: 2,
  ignoreInvalidURLs: true,
  formats: [{ type: "markdown" }],
  onlyMainContent: true
}
const fullSearch: FirecrawlSchemas.SearchRequest = {
  query: "firecrawl",
  limit: 5,
  tbs: "qdr:w",
  location: "Germany",
  country: "de",
  timeout: 60_000,
  ignoreInvalidURLs: true,
  scrapeOptions: { formats: [{ type: "markdown" }] }
}
const fullMap: FirecrawlSchemas.MapRequest = {
  url: "https://firecrawl.dev",
  search: "docs",
  sitemap: "include",
  includeSubdomains: true,
  ignoreQueryParameters: true,
  limit: 100,
  timeout: 10_000
}
const fullExtract: FirecrawlSchemas.ExtractRequest = {
  urls: ["https://firecrawl.dev/*"],
  prompt: "the pricing plans",
  schema: { type: "object", properties: { plans: { type: "array" } } },
  enableWebSearch: false,
  ignoreSitemap: false,
  includeSubdomains: true,
  showSources: true,
  ignoreInvalidURLs: true
}

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

/** Answers from the spec, with what a job's status page must say to end a wait and a stream. */
const answer = (request: RecordingServer.Captured): RecordingServer.Reply => {
  const path = request.path.replace(/^\/v2/, "")
  if (/^\/(crawl|batch\/scrape)\/[^/]+$/.test(path)) {
    if (request.method === "DELETE") return { body: { status: "cancelled" } }
    return { body: { ...(OpenApi.sample(spec, "get", "/crawl/{id}") as object), status: "completed", next: null } }
  }
  if (path.startsWith("/extract/")) return { body: { ...(OpenApi.sample(spec, "get", "/extract/{id}") as object), status: "completed" } }
  const method = request.method.toLowerCase()
  return { body: OpenApi.sample(spec, method, path) }
}

describe("Firecrawl contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("every operation's body validates against its request schema, with the fields the client knows", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(answer)
        const firecrawl = yield* Coverage.tracking(FirecrawlClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* firecrawl.scrape(fullScrape)
        yield* firecrawl.map(fullMap)
        yield* firecrawl.search(fullSearch)
        yield* firecrawl.extract.start(fullExtract)
        yield* firecrawl.extract.get("ex_1")
        yield* firecrawl.extract.wait("ex_1")
        yield* firecrawl.crawl.start(fullCrawl, { idempotencyKey: "contract-crawl" })
        yield* firecrawl.crawl.get("job_1")
        yield* firecrawl.crawl.wait("job_1")
        expect(Chunk.size(yield* Stream.runCollect(firecrawl.crawl.documents("job_1")))).toBe(1)
        yield* firecrawl.crawl.cancel("job_1")
        yield* firecrawl.batchScrape.start(fullBatch)
        yield* firecrawl.batchScrape.get("b_1")
        yield* firecrawl.batchScrape.wait("b_1")
        expect(Chunk.size(yield* Stream.runCollect(firecrawl.batchScrape.documents("b_1")))).toBe(1)
        yield* firecrawl.batchScrape.cancel("b_1")
        yield* firecrawl.creditUsage()
        yield* firecrawl.healthCheck
        const requests = yield* server.requests
        const posts = requests.filter((r) => r.method === "POST")
        expect(posts.map((r) => r.path)).toEqual(["/v2/scrape", "/v2/map", "/v2/search", "/v2/extract", "/v2/crawl", "/v2/batch/scrape"])
        for (const request of posts) {
          expectValid(OpenApi.requestValidator(spec, "post", request.path.slice(3))(JSON.parse(request.body)), request.path)
          expect(request.headers["x-idempotency-key"] !== undefined, request.path).toBe(
            request.path === "/v2/crawl" || request.path === "/v2/batch/scrape"
          )
        }
        for (const request of requests) {
          expect(request.headers.authorization).toBe("Bearer fc-contract-test-key")
          const template = request.path.slice(3).replace(/\/(crawl|batch\/scrape|extract)\/[^/]+$/, "/$1/{id}")
          expect(spec.document.paths, `${request.method} ${request.path}`).toHaveProperty([template, request.method.toLowerCase()])
        }
        // The validator is not vacuous: a scrape without its url fails it.
        expect(OpenApi.requestValidator(spec, "post", "/scrape")({ formats: [{ type: "markdown" }] }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/scrape", FirecrawlSchemas.ScrapeResponse],
      ["post", "/map", FirecrawlSchemas.MapResponse],
      ["post", "/search", FirecrawlSchemas.SearchResponse],
      ["post", "/extract", FirecrawlSchemas.ExtractStarted],
      ["get", "/extract/{id}", FirecrawlSchemas.ExtractStatus],
      ["post", "/crawl", FirecrawlSchemas.JobStarted],
      ["get", "/crawl/{id}", FirecrawlSchemas.JobStatus],
      ["delete", "/crawl/{id}", FirecrawlSchemas.Cancelled],
      ["post", "/batch/scrape", FirecrawlSchemas.JobStarted],
      ["get", "/batch/scrape/{id}", FirecrawlSchemas.JobStatus],
      ["delete", "/batch/scrape/{id}", FirecrawlSchemas.Cancelled],
      ["get", "/team/credit-usage", FirecrawlSchemas.CreditUsage]
    ] as const

    it.effect("a sampled response of each operation, after checking it against the spec", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of operations) {
          const sample = OpenApi.sample(spec, method, path)
          // The sampler puts one item in every array; the spec's fixed-length tuples (a bounding box of 4 numbers, a
          // span of 2) are the sampler's limit, not a contradiction.
          const errors = OpenApi.responseValidator(spec, method, path)(sample).errors.split("; ")
            .filter((error) => error !== "" && !/must NOT have fewer than \d items/.test(error))
          expect(errors, `${method} ${path} sample`).toEqual([])
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
        }
      }))

    it.effect("every documented error body decodes as Firecrawl's error body", () =>
      Effect.gen(function*() {
        let decoded = 0
        for (const [method, path] of [["post", "/scrape"], ["post", "/search"], ["post", "/crawl"], ["delete", "/crawl/{id}"]] as const) {
          for (const status of ["402", "408", "429", "404", "500"]) {
            const responses = ((spec.document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]![method]!)
              .responses
            if (responses[status] === undefined) continue
            const error = yield* decodes(FirecrawlSchemas.ErrorResponse, OpenApi.sample(spec, method, path, status))
            expect(typeof error.error).toBe("string")
            decoded++
          }
        }
        expect(decoded).toBeGreaterThanOrEqual(10)
      }))

    it.effect("every crawl and batch scrape webhook event of the webhooks document decodes typed; agent events stay unknown", () =>
      Effect.gen(function*() {
        const documented = webhooks.document.webhooks as Record<string, { post: { requestBody: { content: Record<string, { schema: Json }> } } }>
        const names: Record<string, string> = {
          "crawl.started": "crawlStarted",
          "crawl.page": "crawlPage",
          "crawl.completed": "crawlCompleted",
          "batch_scrape.started": "batchScrapeStarted",
          "batch_scrape.page": "batchScrapePage",
          "batch_scrape.completed": "batchScrapeCompleted"
        }
        for (const type of FirecrawlEvents.knownTypes) {
          const schema = documented[names[type]!]!.post.requestBody.content["application/json"]!.schema
          const sample = OpenApi.sampleSchema(webhooks, schema)
          const event = yield* decodes(FirecrawlEvents.Event, sample)
          expect([event.type, FirecrawlEvents.isKnown(event)]).toEqual([type, true])
        }
        for (const name of ["agentCompleted", "agentFailed", "monitorPage"]) {
          const sample = OpenApi.sampleSchema(webhooks, documented[name]!.post.requestBody.content["application/json"]!.schema)
          const event = yield* decodes(FirecrawlEvents.Event, sample)
          expect(FirecrawlEvents.isKnown(event)).toBe(false)
          expect(event).toEqual(sample)
        }
        // The signature header the scheme reads is the one the document declares.
        const parameters = webhooks.document.components as { parameters: Record<string, { name: string; in: string }> }
        expect(parameters.parameters.FirecrawlSignature).toMatchObject({ name: "X-Firecrawl-Signature", in: "header" })
      }))
  })

  describe("against Prism", () => {
    it.live("every operation's request is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start(prismSpec(), { startTimeoutMillis: 150_000, seed: "effect-integrations" })
        const firecrawl = yield* Coverage.tracking(FirecrawlClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
        yield* firecrawl.scrape(fullScrape)
        yield* firecrawl.scrape({ url: "https://example.com" })
        yield* firecrawl.map(fullMap)
        yield* firecrawl.search(fullSearch)
        yield* firecrawl.extract.start(fullExtract)
        // Job ids are UUIDs in the spec (`format: uuid`), which Prism checks.
        const id = "3c2b0d51-4a7e-4f0e-9d51-6a0d8c1e2f90"
        yield* firecrawl.extract.get(id)
        yield* firecrawl.crawl.start(fullCrawl)
        const crawl = yield* firecrawl.crawl.get(id)
        expect(typeof crawl.status).toBe("string")
        yield* firecrawl.crawl.cancel(id)
        yield* firecrawl.batchScrape.start(fullBatch)
        yield* firecrawl.batchScrape.get(id)
        yield* firecrawl.batchScrape.cancel(id)
        yield* firecrawl.creditUsage()
        yield* firecrawl.healthCheck
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 240_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Firecrawl",
    specs: [v2],
    prism: true,
    client: FirecrawlClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
