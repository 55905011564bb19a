/**
 * lemlist's published contract (lemlist/openapi.v2.json, OAS 3.0, no operationIds: operations are keyed on method and
 * path) against the client: every request the client sends is captured at a local server and checked against the
 * spec (the path template, the declared query parameters, the request body schema), and the spec's examples and
 * sampled responses decode with our Schemas. The document's 786 kB make Prism slow to start, so the checks are Ajv's.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as LemlistClient from "../../src/vendors/lemlist/LemlistClient.js"
import * as LemlistSchemas from "../../src/vendors/lemlist/LemlistSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("lemlist/openapi.v2.json")
const API_KEY = Redacted.make("lemlist_contract_key")

type Operation = readonly [method: string, template: string]

const paths = spec.document.paths as Record<string, Record<string, { readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string }> }>>

/** The query parameters the spec declares for an operation. */
const declaredQuery = ([method, template]: Operation): ReadonlyArray<string> =>
  (paths[template]?.[method]?.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name)

const matches = (template: string, path: string) =>
  new RegExp(`^${template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&")).join("[^/]+")}$`).test(path)

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

/** What each operation is answered with at the capture server: the shape the client decodes. */
const reply = (request: RecordingServer.Captured): RecordingServer.Reply => {
  const list = request.method === "GET" && /^\/(campaigns|activities|hooks)$|\/leads\/$|^\/leads\/[^/]+$/.test(request.path)
  return { body: list ? [] : { _id: "x_1", state: "running" } }
}

describe("lemlist contract", () => {
  it.scoped("every request hits a documented operation, with declared query parameters and a valid body", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(reply)
      const lemlist = yield* Coverage.tracking(LemlistClient.make)({ apiKey: API_KEY, baseUrl: server.url, rateLimit: false })
      yield* Stream.runDrain(lemlist.campaigns.list({ status: "running", sortBy: "createdAt", sortOrder: "desc", createdBy: "usr_1" }))
      yield* lemlist.campaigns.get("cam_1")
      yield* lemlist.campaigns.create({ name: "Launch", timezone: "Europe/Paris", autoReview: true, autoReviewConditions: ["deliverable"] })
      yield* lemlist.campaigns.start("cam_1")
      yield* lemlist.campaigns.pause("cam_1")
      yield* lemlist.campaignLeads.add(
        "cam_1",
        { email: "ada@example.com", firstName: "Ada", linkedinUrl: "https://linkedin.com/in/ada", tier: "gold" },
        { deduplicate: true, linkedinEnrichment: false, findEmail: false, verifyEmail: true, findPhone: false }
      )
      yield* lemlist.campaignLeads.list("cam_1", { state: "scanned", limit: 500 })
      yield* lemlist.campaignLeads.update("cam_1", "lea_1", { firstName: "Ada", preferredContactMethod: "email" })
      yield* lemlist.campaignLeads.delete("cam_1", "lea_1")
      yield* lemlist.campaignLeads.unsubscribe("cam_1", "ada@example.com")
      yield* lemlist.leads.getByEmail("ada@example.com")
      yield* Stream.runDrain(lemlist.activities.list({ type: "emailsOpened", campaignId: "cam_1", leadId: "lea_1", isFirst: true, minDate: "2026-05-01T00:00:00Z", maxDate: "1715385600" }))
      yield* lemlist.hooks.create({ targetUrl: "https://hooks.acme.dev/l", type: "emailsReplied", secret: Redacted.make("s"), campaignId: "cam_1", isFirst: true })
      yield* lemlist.hooks.list()
      yield* lemlist.hooks.delete("hoo_1")
      yield* lemlist.healthCheck

      const expected: ReadonlyArray<Operation> = [
        ["get", "/campaigns"],
        ["get", "/campaigns/{campaignId}"],
        ["post", "/campaigns"],
        ["post", "/campaigns/{campaignId}/start"],
        ["post", "/campaigns/{campaignId}/pause"],
        ["post", "/campaigns/{campaignId}/leads/"],
        ["get", "/campaigns/{campaignId}/leads/"],
        ["patch", "/campaigns/{campaignId}/leads/{leadId}"],
        ["delete", "/campaigns/{campaignId}/leads/{leadId}"],
        ["delete", "/campaigns/{campaignId}/leads/{email}"],
        ["get", "/leads/{email}"],
        ["get", "/activities"],
        ["post", "/hooks"],
        ["get", "/hooks"],
        ["delete", "/hooks/{hookId}"],
        ["get", "/team"]
      ]
      const requests = yield* server.requests
      expect(requests).toHaveLength(expected.length)
      for (const [index, request] of requests.entries()) {
        const operation = expected[index]!
        const [method, template] = operation
        const where = `${request.method} ${request.path}`
        expect(spec.document.paths, where).toHaveProperty([template, method])
        expect([where, request.method]).toEqual([where, method.toUpperCase()])
        expect(matches(template, decodeURIComponent(request.path)), `${where} is ${template}`).toBe(true)
        const declared = declaredQuery(operation)
        for (const key of request.query.keys()) expect(declared, `${where}: query ${key}`).toContain(key)
        expect(request.headers.authorization).toBe(`Basic ${Buffer.from(":lemlist_contract_key").toString("base64")}`)
        if (request.body !== "") expectValid(OpenApi.requestValidator(spec, method, template)(JSON.parse(request.body)), where)
      }
      // The validators are not vacuous: a body without its required fields fails them.
      expect(OpenApi.requestValidator(spec, "post", "/campaigns")({ timezone: "Europe/Paris" }).valid).toBe(false)
      expect(OpenApi.requestValidator(spec, "post", "/hooks")({ type: "emailsReplied" }).valid).toBe(false)
      expect(declaredQuery(["get", "/activities"])).toContain("version")
    }).pipe(Effect.provide(Coverage.layer)))

  describe("responses from the spec decode", () => {
    const operations = [
      ["get", "/campaigns", LemlistSchemas.CampaignPage],
      ["post", "/campaigns", LemlistSchemas.CreatedCampaign],
      ["get", "/campaigns/{campaignId}", LemlistSchemas.Campaign],
      ["post", "/campaigns/{campaignId}/start", LemlistSchemas.CampaignState],
      ["post", "/campaigns/{campaignId}/pause", LemlistSchemas.CampaignState],
      ["get", "/campaigns/{campaignId}/leads/", LemlistSchemas.LeadSummaries],
      ["post", "/campaigns/{campaignId}/leads/", LemlistSchemas.CampaignLead],
      ["patch", "/campaigns/{campaignId}/leads/{leadId}", LemlistSchemas.UpdatedLead],
      ["delete", "/campaigns/{campaignId}/leads/{leadId}", LemlistSchemas.DeletedLead],
      ["delete", "/campaigns/{campaignId}/leads/{email}", LemlistSchemas.UnsubscribedLead],
      ["get", "/leads/{email}", LemlistSchemas.LeadsByEmail],
      ["get", "/activities", Schema.Array(LemlistSchemas.Activity)],
      ["get", "/hooks", Schema.Array(LemlistSchemas.Hook)],
      ["post", "/hooks", LemlistSchemas.CreatedHook],
      ["delete", "/hooks/{hookId}", LemlistSchemas.DeletedHook],
      ["get", "/team", LemlistSchemas.Team]
    ] as const

    it.effect("every example and a sampled response of each operation, after checking them against the spec", () =>
      Effect.gen(function*() {
        let examples = 0
        for (const [method, path, schema] of operations) {
          const validate = OpenApi.responseValidator(spec, method, path)
          const sample = OpenApi.sample(spec, method, path)
          expectValid(validate(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path)) {
            examples++
            yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
          }
        }
        expect(examples).toBeGreaterThanOrEqual(operations.length)
      }))
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Lemlist",
    specs: [spec],
    prism: false,
    client: LemlistClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
