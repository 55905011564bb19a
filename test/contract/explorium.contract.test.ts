/**
 * Explorium's published contract (explorium/openapi.yaml, OAS 3.1, explorium-ai docs repository) against the client:
 * every request the client sends is captured at a local server and validated against the spec's request schema, and
 * the spec's examples and sampled responses decode with our Schemas. The document's response schemas for businesses,
 * prospects and firmographics carry patterns that are not valid ECMAScript regular expressions (`\ ` escapes in
 * country names, a `(?i)` flag on tickers), so those responses are checked by decoding samples and examples, and the
 * others (match, webhooks, credits) by Ajv as well. Prism cannot load such a document either: the checks are Ajv's.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as ExploriumClient from "../../src/vendors/explorium/ExploriumClient.js"
import * as ExploriumSchemas from "../../src/vendors/explorium/ExploriumSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("explorium/openapi.yaml")
const API_KEY = Redacted.make("explorium_contract_key")
const BUSINESS = "8adce3ca1cef0c986b22310e369a0793"
const PROSPECT = "d6ef9b3b1e4b3a7b6a3cdd0f8bba3a5fe0b6a7f2"

const context = { correlation_id: "c", request_status: "success", time_took_in_seconds: 0.1 }

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

const reply = (request: RecordingServer.Captured): RecordingServer.Reply => {
  switch (request.path) {
    case "/v1/businesses/match":
      return { body: { response_context: context, total_results: 1, total_matches: 1, matched_businesses: [{ business_id: BUSINESS }] } }
    case "/v1/prospects/match":
      return { body: { response_context: context, total_results: 1, total_matches: 1, matched_prospects: [{ prospect_id: PROSPECT }] } }
    case "/v1/businesses":
    case "/v1/prospects":
      return { body: { response_context: context, data: [], total_pages: 0 } }
    case "/v1/credits":
      return { body: { response_context: context, allocated_credits: 10, remaining_credits: 5 } }
    case "/v1/webhooks":
    case "/v1/webhooks/partner-1":
      return request.method === "DELETE"
        ? { body: { response_context: context } }
        : { body: { response_context: context, created_at: "2026-01-01T00:00:00Z", last_modified_time: "2026-01-01T00:00:00Z", webhook_url: "https://h.dev", webhook_secret: "s" } }
    default:
      return { body: { response_context: context, data: [], output_events: [] } }
  }
}

describe("Explorium contract", () => {
  it.scoped("every request body validates against the spec's request schema, at a documented path", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(reply)
      const explorium = yield* Coverage.tracking(ExploriumClient.make)({ apiKey: API_KEY, baseUrl: server.url, rateLimit: false })
      yield* explorium.businesses.match([{ name: "Acme", domain: "acme.dev", url: "https://acme.dev", linkedin_url: "https://linkedin.com/company/acme" }])
      yield* Stream.runDrain(explorium.businesses.fetch({ mode: "preview", size: 10, pageSize: 5, filters: { country_code: { values: ["us"] } } }))
      yield* explorium.businesses.enrich(BUSINESS)
      yield* explorium.businesses.bulkEnrich([BUSINESS])
      yield* explorium.prospects.match([{ email: "ada@acme.dev" }, { full_name: "Ada Lovelace", company_name: "Acme", business_id: BUSINESS }])
      yield* Stream.runDrain(explorium.prospects.fetch({ size: 10, filters: { job_level: { values: ["vice president"] } } }))
      yield* explorium.prospects.enrich(PROSPECT)
      yield* explorium.prospects.bulkEnrich([PROSPECT])
      yield* explorium.events.businesses({ event_types: ["new_funding_round"], business_ids: [BUSINESS], timestamp_from: "2026-01-01T00:00:00Z" })
      yield* explorium.webhooks.create({ partner_id: "partner-1", webhook_url: "https://hooks.acme.dev/e" })
      yield* explorium.webhooks.get("partner-1")
      yield* explorium.webhooks.delete("partner-1")
      yield* explorium.credits.get()
      yield* explorium.healthCheck
      const requests = yield* server.requests
      const templates: Record<string, string> = { "/v1/webhooks/partner-1": "/v1/webhooks/{partner_id}" }
      for (const request of requests) {
        const method = request.method.toLowerCase()
        const template = templates[request.path] ?? request.path
        const where = `${request.method} ${request.path}`
        expect(spec.document.paths, where).toHaveProperty([template, method])
        expect(request.headers.api_key, where).toBe("explorium_contract_key")
        expect(request.query.size, where).toBe(0)
        if (request.body !== "") expectValid(OpenApi.requestValidator(spec, method, template)(JSON.parse(request.body)), where)
      }
      expect(requests).toHaveLength(14)
      // The validator is not vacuous: a match without inputs, or a bulk enrichment of a malformed id, fails it.
      expect(OpenApi.requestValidator(spec, "post", "/v1/businesses/match")({ businesses_to_match: [] }).valid).toBe(false)
      expect(OpenApi.requestValidator(spec, "post", "/v1/businesses/firmographics/bulk_enrich")({ business_ids: ["x"] }).valid).toBe(false)
    }).pipe(Effect.provide(Coverage.layer)))

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/v1/businesses/match", ExploriumSchemas.BusinessesMatchResponse, false],
      ["post", "/v1/prospects/match", ExploriumSchemas.ProspectsMatchResponse, false],
      ["post", "/v1/businesses", ExploriumSchemas.BusinessPage, false],
      ["post", "/v1/prospects", ExploriumSchemas.ProspectPage, false],
      ["post", "/v1/businesses/firmographics/enrich", ExploriumSchemas.enrichResponse(ExploriumSchemas.Firmographics), false],
      ["post", "/v1/businesses/firmographics/bulk_enrich", ExploriumSchemas.FirmographicsBulk, false],
      ["post", "/v1/prospects/contacts_information/enrich", ExploriumSchemas.enrichResponse(ExploriumSchemas.ContactsInformation), false],
      ["post", "/v1/prospects/contacts_information/bulk_enrich", ExploriumSchemas.ContactsInformationBulk, false],
      ["post", "/v1/businesses/events", ExploriumSchemas.EventsResponse, false],
      ["post", "/v1/webhooks", ExploriumSchemas.Webhook, true],
      ["get", "/v1/webhooks/{partner_id}", ExploriumSchemas.Webhook, true],
      ["delete", "/v1/webhooks/{partner_id}", ExploriumSchemas.WebhookDeleted, true],
      ["get", "/v1/credits", ExploriumSchemas.Credits, true]
    ] as const

    it.effect("every example and a sampled response of each operation decode (and validate, where the spec's patterns compile)", () =>
      Effect.gen(function*() {
        for (const [method, path, schema, validated] of operations) {
          const sample = OpenApi.sample(spec, method, path)
          if (validated) expectValid(OpenApi.responseValidator(spec, method, path)(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path)) yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
        }
      }))
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Explorium",
    specs: [spec],
    prism: false,
    client: ExploriumClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
