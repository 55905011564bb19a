/**
 * HubSpot's published contract (hubspot/crm-contacts-v3.json, crm-objects-v3.json, webhooks-v3.json; OAS 3.0) against
 * the client: every request the client sends is captured and its body and query validated against the spec, sampled
 * responses of every operation decode with our Schemas (the spec's examples are `null`), the webhook subscription
 * types line up with the events we type, and the client runs against Prism in dynamic mode, which rejects
 * non-conforming requests with 422 and answers with generated responses.
 *
 * The associations v4 endpoint has no document among the specs: its path and answer are checked in the unit tests.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { classify } from "../../src/core/ResponseClassifier.js"
import * as HubSpotClient from "../../src/vendors/hubspot/HubSpotClient.js"
import * as HubSpotError from "../../src/vendors/hubspot/HubSpotError.js"
import * as HubSpotEvents from "../../src/vendors/hubspot/HubSpotEvents.js"
import * as HubSpotSchemas from "../../src/vendors/hubspot/HubSpotSchemas.js"
import * as HubSpotServer from "../vendors/hubspot/support/HubSpotServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const contactsSpec = OpenApi.load("hubspot/crm-contacts-v3.json")
const objectsSpec = OpenApi.load("hubspot/crm-objects-v3.json")
const webhooksSpec = OpenApi.load("hubspot/webhooks-v3.json")
const TOKEN = Redacted.make("pat-na1-contract-test")

const CONTACTS = "/crm/v3/objects/contacts"
const CONTACT = "/crm/v3/objects/contacts/{contactId}"
const SEARCH = "/crm/v3/objects/contacts/search"
const UPSERT = "/crm/v3/objects/contacts/batch/upsert"
const OBJECTS = "/crm/v3/objects/{objectType}"

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

/**
 * The document's `context` examples are strings such as `"{missingScopes=[scope1, scope2]}"` on an object-typed field,
 * so samples built from them break the document's own schema; they are replaced by the object they stand for.
 */
const withObjectContexts = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withObjectContexts)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) =>
      key === "context" && typeof field === "string" ? [key, { missingScopes: ["scope1", "scope2"] }] : [key, withObjectContexts(field)]
    )
  )
}

type JsonObject = { readonly [key: string]: unknown }
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value)

/** The query parameter names an operation declares. */
const queryNames = (spec: OpenApi.Spec, method: string, path: string): ReadonlyArray<string> => {
  const paths = spec.document.paths
  const item = isObject(paths) ? paths[path] : undefined
  const operation = isObject(item) ? item[method] : undefined
  const parameters = isObject(operation) && Array.isArray(operation.parameters) ? operation.parameters : []
  return parameters.filter((p): p is JsonObject => isObject(p) && p.in === "query").map((p) => String(p.name))
}

const fullSearch: HubSpotSchemas.SearchParams = {
  filterGroups: [
    { filters: [{ propertyName: "lifecyclestage", operator: "EQ", value: "lead" }] },
    { filters: [{ propertyName: "createdate", operator: "BETWEEN", value: "1", highValue: "2" }] },
    { filters: [{ propertyName: "email", operator: "IN", values: ["a@example.com", "b@example.com"] }] }
  ],
  query: "jane",
  properties: ["email", "firstname"],
  limit: 50
}

const upsertInputs: ReadonlyArray<HubSpotSchemas.UpsertInput> = [
  { id: "a@example.com", idProperty: "email", properties: { firstname: "A" } },
  { id: "12345", properties: { lastname: "B" }, objectWriteTraceId: "mine-1" }
]

describe("HubSpot contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("every body the client sends validates against its operation's request schema", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make((request) =>
          request.path.endsWith("/search")
            ? { body: { total: 0, results: [] } }
            : request.path.endsWith("/upsert")
            ? { body: { status: "COMPLETE", results: [], startedAt: "x", completedAt: "x" } }
            : { status: 201, body: HubSpotServer.contact("1") }
        )
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: server.url })
        yield* hubspot.contacts.create({ properties: { email: "jane@example.com" } })
        yield* hubspot.contacts.create({
          properties: { email: "jane@example.com" },
          associations: [{ to: { id: "900" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 }] }]
        })
        yield* hubspot.contacts.update("1", { properties: { firstname: "Jane", phone: "" } })
        yield* hubspot.contacts.search()
        yield* hubspot.contacts.search({ ...fullSearch, after: "50" })
        yield* hubspot.contacts.batchUpsert(upsertInputs)
        yield* hubspot.companies.create({ properties: { name: "Acme", domain: "acme.test" } })
        const [create, createLinked, update, searchEmpty, searchFull, upsert, company] = yield* server.requests
        const validate = (spec: OpenApi.Spec, method: string, path: string, body: string | undefined, what: string) =>
          expectValid(OpenApi.requestValidator(spec, method, path)(JSON.parse(body ?? "null")), what)
        validate(contactsSpec, "post", CONTACTS, create?.body, "create")
        validate(contactsSpec, "post", CONTACTS, createLinked?.body, "create with associations")
        validate(contactsSpec, "patch", CONTACT, update?.body, "update")
        validate(contactsSpec, "post", SEARCH, searchEmpty?.body, "empty search")
        validate(contactsSpec, "post", SEARCH, searchFull?.body, "full search")
        validate(contactsSpec, "post", UPSERT, upsert?.body, "batch upsert")
        validate(objectsSpec, "post", OBJECTS, company?.body, "company create")
        expect(company?.path).toBe("/crm/v3/objects/companies")
        // The validators are not vacuous: a create without properties fails.
        expect(OpenApi.requestValidator(contactsSpec, "post", CONTACTS)({ associations: [] }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("associations.contactToCompany sends the v4 default-association PUT, without a body", () =>
      Effect.gen(function*() {
        // No associations v4 document is among the specs: the path is HubSpot's API reference's, the answer its shape.
        const server = yield* HubSpotServer.make(() => ({
          body: { status: "COMPLETE", results: [], startedAt: "2030-01-01T00:00:00Z", completedAt: "2030-01-01T00:00:01Z" }
        }))
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: server.url })
        const answer = yield* hubspot.associations.contactToCompany("101", "202")
        expect(answer.status).toBe("COMPLETE")
        const [request] = yield* server.requests
        expect([request?.method, request?.path, request?.body]).toEqual([
          "PUT",
          "/crm/v4/objects/contacts/101/associations/default/companies/202",
          ""
        ])
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("sorts are sent as HubSpot's API reads them, which the document types as strings", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make(() => ({ body: { total: 0, results: [] } }))
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: server.url })
        yield* hubspot.contacts.search({ sorts: [{ propertyName: "createdate", direction: "DESCENDING" }] })
        const [request] = yield* server.requests
        const body = JSON.parse(request!.body)
        const validate = OpenApi.requestValidator(contactsSpec, "post", SEARCH)
        // Everything else conforms; the sort objects are the documented form that the document itself mistypes.
        expectValid(validate({ ...body, sorts: [] }), "search without sorts")
        expect(validate(body).errors).toBe("data/sorts/0 must be string")
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("reads, archives and the health check call the spec's paths with declared query parameters only", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make((request) =>
          request.method === "DELETE"
            ? { status: 204 }
            : request.path === CONTACTS
            ? { body: { results: [] } }
            : { body: HubSpotServer.contact("1") }
        )
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: server.url })
        yield* hubspot.contacts.get("jane@example.com", {
          idProperty: "email",
          properties: ["email"],
          propertiesWithHistory: ["lifecyclestage"],
          associations: ["companies"],
          archived: false
        })
        yield* hubspot.contacts.update("jane@example.com", { idProperty: "email", properties: { a: "b" } })
        yield* hubspot.contacts.archive("1")
        yield* hubspot.healthCheck
        const [get, update, archive, health] = yield* server.requests
        expect([...get!.query.keys()].every((key) => queryNames(contactsSpec, "get", CONTACT).includes(key))).toBe(true)
        expect([...get!.query.keys()]).toHaveLength(5)
        expect([...update!.query.keys()].every((key) => queryNames(contactsSpec, "patch", CONTACT).includes(key))).toBe(true)
        expect([archive!.method, archive!.path]).toEqual(["DELETE", "/crm/v3/objects/contacts/1"])
        expect(contactsSpec.document.paths).toHaveProperty([CONTACT, "delete"])
        expect([health!.method, health!.path, [...health!.query.keys()]]).toEqual(["GET", CONTACTS, ["limit"]])
        expect(queryNames(contactsSpec, "get", CONTACTS)).toContain("limit")
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      [contactsSpec, "post", CONTACTS, "201", HubSpotSchemas.CrmObject],
      [contactsSpec, "get", CONTACT, "200", HubSpotSchemas.CrmObjectWithAssociations],
      [contactsSpec, "patch", CONTACT, "200", HubSpotSchemas.CrmObject],
      [contactsSpec, "post", SEARCH, "200", HubSpotSchemas.SearchPage],
      [contactsSpec, "post", UPSERT, "200", HubSpotSchemas.BatchUpsertResponse],
      [contactsSpec, "post", UPSERT, "207", HubSpotSchemas.BatchUpsertResponse],
      [contactsSpec, "get", CONTACTS, "200", HubSpotSchemas.ObjectPage],
      [objectsSpec, "post", OBJECTS, "201", HubSpotSchemas.CrmObject]
    ] as const

    it.effect("a sampled response and every example of each operation, after checking them against the spec", () =>
      Effect.gen(function*() {
        for (const [spec, method, path, status, schema] of operations) {
          const sample = withObjectContexts(OpenApi.sample(spec, method, path, status))
          expectValid(OpenApi.responseValidator(spec, method, path, status)(sample), `${method} ${path} ${status} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path, status)) {
            yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
          }
        }
        // Component examples the document does carry.
        const components = contactsSpec.document.components as { schemas: Record<string, { example?: unknown }> }
        yield* decodes(HubSpotSchemas.CrmObject, components.schemas.SimplePublicObject!.example)
      }))

    it.effect("the spec's error shape decodes and yields its category as a detail", () =>
      Effect.gen(function*() {
        const sample = withObjectContexts(OpenApi.sample(contactsSpec, "post", CONTACTS, "default"))
        expectValid(OpenApi.responseValidator(contactsSpec, "post", CONTACTS, "default")(sample), "error sample")
        const body = yield* decodes(HubSpotSchemas.ErrorBody, sample)
        const error = classify(
          { vendor: "HubSpot", operation: "contacts.create", status: 400, headers: () => undefined, body, nowMillis: 0 },
          HubSpotError.refineError
        )
        expect(error.details?.category).toBe(body.category)
        const components = contactsSpec.document.components as { schemas: Record<string, { example?: unknown }> }
        yield* decodes(HubSpotSchemas.ErrorBody, withObjectContexts(components.schemas.Error!.example))
      }))

    it.effect("every CRM subscription type the webhooks API offers is typed; the others decode as unknown, whole", () =>
      Effect.gen(function*() {
        const schemas = webhooksSpec.document.components as { schemas: Record<string, { properties: Record<string, { enum?: Array<string> }> }> }
        const eventTypes = schemas.schemas.SubscriptionCreateRequest!.properties.eventType!.enum!
        const known = new Set<string>(HubSpotEvents.knownTypes)
        for (const type of known) expect(eventTypes, type).toContain(type)
        const others = eventTypes.filter((type) => !known.has(type))
        expect(others.every((type) => type.startsWith("conversation.") || type === "event.completed")).toBe(true)
        for (const type of others) {
          const raw = { eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 4, attemptNumber: 0, subscriptionType: type, objectId: 5 }
          const event = yield* HubSpotEvents.decodeEvent(raw)
          expect([HubSpotEvents.isKnown(event), event]).toEqual([false, raw])
        }
      }))
  })

  describe("against Prism", () => {
    it.live("every contact operation's request is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start("hubspot/crm-contacts-v3.json", { seed: "effect-integrations" })
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: prism.url, policy: { maxRetries: 0 } })
        // Dynamic responses differ on each call: several calls cover more of what the spec allows.
        for (let i = 0; i < 4; i++) {
          const created = yield* hubspot.contacts.create({ properties: { email: "jane@example.com", firstname: "Jane" } })
          expect(typeof created.id).toBe("string")
          yield* hubspot.contacts.get("123", { properties: ["email"], associations: ["companies"] })
          yield* hubspot.contacts.update("jane@example.com", { idProperty: "email", properties: { firstname: "J" } })
          yield* hubspot.contacts.archive("123")
          const page = yield* hubspot.contacts.search(fullSearch)
          expect(typeof page.total).toBe("number")
          // Generated cursors never end on their own: take a bounded number of matches.
          yield* hubspot.contacts.searchAll({ query: "jane" }).pipe(Stream.take(3), Stream.runDrain)
          const fetched = yield* hubspot.contacts.fetchAll(2, { query: "jane" })
          expect(fetched.items.length).toBeLessThanOrEqual(2)
          // Generated results belong to no input: each input still gets exactly one outcome.
          const result = yield* hubspot.contacts.batchUpsert(upsertInputs)
          expect([...result.succeeded, ...result.failed].map((r) => r.index).sort()).toEqual([0, 1])
          yield* hubspot.healthCheck
        }
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 180_000)

    it.live("a company create is accepted by the objects spec and its generated response decodes", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start("hubspot/crm-objects-v3.json", { seed: "effect-integrations" })
        const hubspot = yield* Coverage.tracking(HubSpotClient.make)({ accessToken: TOKEN, baseUrl: prism.url, policy: { maxRetries: 0 } })
        for (let i = 0; i < 3; i++) {
          const company = yield* hubspot.companies.create({
            properties: { name: "Acme" },
            associations: [{ to: { id: "101" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 }] }]
          })
          expect(typeof company.id).toBe("string")
        }
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 180_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "HubSpot",
    specs: [contactsSpec, objectsSpec],
    prism: true,
    unspecified: {
      "PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}":
        "HubSpot's associations v4 document is not among ../shared/specs"
    },
    client: HubSpotClient.make({ accessToken: TOKEN, baseUrl: "http://127.0.0.1:9" })
  })
})
