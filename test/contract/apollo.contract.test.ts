/**
 * Apollo.io's contract. The only spec (apollo/openapi.jentic.json) is community-generated, so it is checked against
 * Apollo's API reference (https://docs.apollo.io/reference) and used where they agree:
 *
 * - `POST /people/match`: the spec (and the reference) list the identifiers as query parameters; the client sends
 *   them as a JSON body, which Apollo accepts, so that emails and names never sit in a URL. Each body field is
 *   validated against the schema of the query parameter of the same name, and any field the spec does not document
 *   fails the check. The reveal flags are query parameters, as documented.
 * - `POST /people/bulk_match`: body and query validated against the spec.
 * - `GET /organizations/enrich`: the domain query parameter validated; the spec's response is the organization itself
 *   where Apollo's reference answers `{ "organization": { ... } }`: the spec's sample is decoded wrapped.
 * - `POST /mixed_people/api_search` (People API Search, the reference's current search; the spec has only the legacy
 *   `/mixed_people/search`) and `GET /auth/health`: capture-only. Their bodies are captured and each search filter is
 *   checked against the legacy operation's parameter of the same name (`person_titles` -> `person_titles[]`), which the
 *   reference documents as shared.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as ApolloClient from "../../src/vendors/apollo/ApolloClient.js"
import * as ApolloSchemas from "../../src/vendors/apollo/ApolloSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("apollo/openapi.jentic.json")
const KEY = Redacted.make("apollo-contract-key")

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

type Json = Record<string, unknown>
const paths = spec.document.paths as Record<string, Record<string, { parameters?: ReadonlyArray<{ name: string; in: string; schema: Json }> }>>

/**
 * An object schema whose properties are the operation's parameters (query or path), `[]` suffixes stripped when
 * `stripBrackets`: a value that names a field the spec does not document, or has the wrong type, fails it.
 */
const parametersValidator = (method: string, path: string, stripBrackets = false) => {
  const properties = Object.fromEntries(
    (paths[path]![method]!.parameters ?? []).map((p) => [stripBrackets ? p.name.replace(/\[\]$/, "") : p.name, p.schema])
  )
  return (value: unknown) => OpenApi.validateSchema(spec, { type: "object", properties, additionalProperties: false }, value)
}

const queryObject = (query: URLSearchParams) =>
  Object.fromEntries([...query.entries()].map(([k, v]) => [k, v === "true" ? true : v === "false" ? false : v]))

const person = { id: "587cf802f65125cad923a266", name: "Tim Zheng" }

const answer = (request: RecordingServer.Captured): RecordingServer.Reply => {
  switch (request.path) {
    case "/people/match":
      return { body: { person } }
    case "/people/bulk_match":
      return { body: { status: "success", matches: (JSON.parse(request.body) as { details: Array<unknown> }).details.map(() => person) } }
    case "/organizations/enrich":
      return { body: { organization: { id: "5e66b6381e05b4008c8331b8", name: "Apollo.io" } } }
    case "/mixed_people/api_search":
      return { body: { total_entries: 1, people: [person] } }
    default:
      return { body: { healthy: true, is_logged_in: true } }
  }
}

describe("Apollo contract", () => {
  describe("requests", () => {
    it.scoped("match, bulk match and organization enrich send what the spec documents", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(answer)
        const apollo = yield* Coverage.tracking(ApolloClient.make)({ apiKey: KEY, baseUrl: server.url })
        const identity = {
          first_name: "tim",
          last_name: "zheng",
          name: "tim zheng",
          email: "example@email.com",
          hashed_email: "8d935115b9ff4489f2d1f9249503cadf",
          organization_name: "apollo",
          domain: "apollo.io",
          id: "587cf802f65125cad923a266",
          linkedin_url: "http://www.linkedin.com/in/tim-zheng-677ba010"
        }
        const reveal = { reveal_personal_emails: true, reveal_phone_number: true, webhook_url: "https://hooks.acme.dev/apollo" }
        yield* apollo.people.match(identity, { reveal })
        yield* apollo.people.bulkMatch([identity, { email: "a@acme.dev" }], { reveal })
        yield* apollo.organizations.enrich("apollo.io")
        const [match, bulk, enrich] = yield* server.requests
        const matchParams = parametersValidator("post", "/people/match")
        expectValid(matchParams(JSON.parse(match!.body)), "match body as the spec's parameters")
        expectValid(matchParams(queryObject(match!.query)), "match query")
        expect(matchParams({ favourite_colour: "blue" }).valid).toBe(false)
        expectValid(OpenApi.requestValidator(spec, "post", "/people/bulk_match")(JSON.parse(bulk!.body)), "bulk body")
        expectValid(parametersValidator("post", "/people/bulk_match")(queryObject(bulk!.query)), "bulk query")
        expectValid(parametersValidator("get", "/organizations/enrich")(queryObject(enrich!.query)), "enrich query")
        // No identifier in any URL.
        for (const request of [match, bulk]) expect(request!.query.toString()).not.toContain("email.com")
        for (const request of [match, bulk, enrich]) expect(request!.headers["x-api-key"]).toBe("apollo-contract-key")
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("People API Search and the health check (capture-only): filters are the legacy search's parameters", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(answer)
        const apollo = yield* Coverage.tracking(ApolloClient.make)({ apiKey: KEY, baseUrl: server.url })
        const filters: ApolloSchemas.PeopleSearchFilters = {
          person_titles: ["sales development representative"],
          include_similar_titles: false,
          person_seniorities: ["director", "vp"],
          person_locations: ["california"],
          organization_locations: ["ireland"],
          q_organization_domains_list: ["apollo.io"],
          organization_ids: ["5e66b6381e05b4008c8331b8"],
          organization_num_employees_ranges: ["1,10"],
          contact_email_status: ["verified"],
          q_keywords: "sales"
        }
        yield* Stream.runDrain(apollo.people.search(filters, { perPage: 25 }))
        yield* apollo.people.searchPage({ page: 2, per_page: 10 })
        yield* apollo.healthCheck
        const [search, page, health] = yield* server.requests
        expect([search!.method, search!.path, page!.path, health!.method, health!.path]).toEqual([
          "POST",
          "/mixed_people/api_search",
          "/mixed_people/api_search",
          "GET",
          "/auth/health"
        ])
        expect(JSON.parse(search!.body)).toEqual({ ...filters, page: 1, per_page: 25 })
        expectValid(parametersValidator("post", "/mixed_people/search", true)(JSON.parse(search!.body)), "search filters")
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    it.effect("sampled responses of match, bulk match and enrich, after checking them against the spec", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of [
          ["post", "/people/match", ApolloSchemas.MatchResponse],
          ["post", "/people/bulk_match", ApolloSchemas.BulkMatchResponse]
        ] as const) {
          const sample = OpenApi.sample(spec, method, path)
          expectValid(OpenApi.responseValidator(spec, method, path)(sample), `${method} ${path}`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
        }
        const matched = yield* decodes(ApolloSchemas.MatchResponse, OpenApi.sample(spec, "post", "/people/match"))
        expect(typeof matched.person?.id).toBe("string")
        const organization = OpenApi.sample(spec, "get", "/organizations/enrich")
        expectValid(OpenApi.responseValidator(spec, "get", "/organizations/enrich")(organization), "enrich")
        const wrapped = yield* decodes(ApolloSchemas.OrganizationEnrichResponse, { organization })
        expect(typeof wrapped.organization?.name).toBe("string")
        // The legacy search's answer has the People API Search page's shape; the spec leaves its people untyped
        // (`{}`), so the sampled person of a match stands in for them.
        const legacy = OpenApi.sample(spec, "post", "/mixed_people/search") as Record<string, unknown>
        expectValid(OpenApi.responseValidator(spec, "post", "/mixed_people/search")(legacy), "legacy search")
        const page = yield* decodes(ApolloSchemas.PeopleSearchPage, { ...legacy, people: [matched.person] })
        expect([page.people.length, page.pagination?.total_pages]).toEqual([1, 1])
      }))
  })

  Coverage.test({
    vendor: "Apollo",
    specs: [spec],
    prism: false,
    unspecified: {
      "POST /mixed_people/api_search": "capture-only: People API Search is newer than the community spec (legacy /mixed_people/search)",
      "GET /auth/health": "capture-only: not in the community spec"
    },
    client: ApolloClient.make({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
