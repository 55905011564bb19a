import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as CircuitBreaker from "../../../src/core/CircuitBreaker.js"
import * as Health from "../../../src/core/Health.js"
import type { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as HubSpotClient from "../../../src/vendors/hubspot/HubSpotClient.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as HubSpotServer from "./support/HubSpotServer.js"

const TOKEN = "pat-na1-canary-5f0c2a9e-1b7d"
const contact = HubSpotServer.contact

const client = (options: Partial<HubSpotClient.CommonOptions> = {}) =>
  HubSpotClient.make({ accessToken: Redacted.make(TOKEN), ...options })

const failure = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const bodyOf = (request: { readonly body: string | undefined }) => JSON.parse(request.body ?? "null") as Record<string, unknown>

const jsonBody = (request: HttpClientRequest.HttpClientRequest): Record<string, unknown> => {
  const body = request.body
  return body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(body.body)) : {}
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

describe("HubSpotClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends contacts.create as JSON with bearer auth, an empty associations list and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make(() => ({ status: 201, body: contact("101", { email: "jane@example.com" }) }))
        const hubspot = yield* client({ baseUrl: server.url })
        const created = yield* hubspot.contacts.create({ properties: { email: "jane@example.com", firstname: "Jane" } })
        expect(created.id).toBe("101")
        expect(created.properties.email).toBe("jane@example.com")
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/crm/v3/objects/contacts"])
        expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
        expect(request?.headers["content-type"]).toContain("application/json")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(JSON.parse(request!.body)).toEqual({
          properties: { email: "jane@example.com", firstname: "Jane" },
          associations: []
        })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("reads a contact by email with comma-separated properties, a percent-encoded id and null values kept", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make(() => ({
          body: {
            ...contact("102", { email: "a+b@example.com", phone: null }),
            associations: { companies: { results: [{ id: "900", type: "contact_to_company" }] } }
          }
        }))
        const hubspot = yield* client({ baseUrl: server.url })
        const found = yield* hubspot.contacts.get("a+b@example.com", {
          idProperty: "email",
          properties: ["email", "phone"],
          associations: ["companies"]
        })
        expect(found.properties.phone).toBeNull()
        expect(found.associations?.companies?.results[0]?.id).toBe("900")
        const [request] = yield* server.requests
        expect(request?.method).toBe("GET")
        expect(request?.path).toBe("/crm/v3/objects/contacts/a%2Bb%40example.com")
        expect(Object.fromEntries(request!.query)).toEqual({
          idProperty: "email",
          properties: "email,phone",
          associations: "companies"
        })
        expect(request?.body).toBe("")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("updates with PATCH, archives with DELETE (204, no body) and associates with the v4 default PUT", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make((request) =>
          request.method === "DELETE"
            ? { status: 204 }
            : request.method === "PUT"
            ? {
              body: {
                status: "COMPLETE",
                results: [{
                  from: { id: "101" },
                  to: { id: "900" },
                  associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: 279 }
                }],
                startedAt: "2024-05-01T10:00:00.000Z",
                completedAt: "2024-05-01T10:00:00.100Z"
              }
            }
            : { body: contact("101", { lifecyclestage: "lead" }) }
        )
        const hubspot = yield* client({ baseUrl: server.url })
        const updated = yield* hubspot.contacts.update("jane@example.com", {
          idProperty: "email",
          properties: { lifecyclestage: "lead" }
        })
        expect(updated.properties.lifecyclestage).toBe("lead")
        yield* hubspot.contacts.archive("101")
        const linked = yield* hubspot.associations.contactToCompany("101", "900")
        expect(linked.results[0]?.associationSpec.associationTypeId).toBe(279)
        const [patch, del, put] = yield* server.requests
        expect([patch?.method, patch?.path, patch?.query.get("idProperty")]).toEqual([
          "PATCH",
          "/crm/v3/objects/contacts/jane%40example.com",
          "email"
        ])
        expect(JSON.parse(patch!.body)).toEqual({ properties: { lifecyclestage: "lead" } })
        expect([del?.method, del?.path]).toEqual(["DELETE", "/crm/v3/objects/contacts/101"])
        expect([put?.method, put?.path]).toEqual([
          "PUT",
          "/crm/v4/objects/contacts/101/associations/default/companies/900"
        ])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("creates a company with its associations", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make(() => ({ status: 201, body: contact("900", { name: "Acme" }) }))
        const hubspot = yield* client({ baseUrl: server.url })
        yield* hubspot.companies.create({
          properties: { name: "Acme", domain: "acme.test" },
          associations: [{ to: { id: "101" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 }] }]
        })
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual(["POST", "/crm/v3/objects/companies"])
        expect(JSON.parse(request!.body)).toEqual({
          properties: { name: "Acme", domain: "acme.test" },
          associations: [{ to: { id: "101" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 280 }] }]
        })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects bad parameters with InvalidRequest and sends nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, contact("1")))
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const attempts: ReadonlyArray<Effect.Effect<unknown, IntegrationError>> = [
          hubspot.contacts.get(""),
          hubspot.contacts.update("  ", { properties: {} }),
          hubspot.contacts.search({ limit: 500 }),
          hubspot.contacts.search({ query: "x".repeat(3001) }),
          hubspot.contacts.create({ properties: { email: 42 as unknown as string } }),
          hubspot.associations.contactToCompany("101", "../../contacts"),
          hubspot.companies.create({
            properties: {},
            associations: [{ to: { id: "1" }, types: [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: 0 }] }]
          }),
          hubspot.contacts.fetchAll(-1),
          hubspot.contacts.batchUpsert([{ id: "", properties: {} }]),
          hubspot.contacts.batchUpsert([
            { id: "a@example.com", idProperty: "email", properties: {} },
            { id: "A@example.com", idProperty: "email", properties: {} }
          ]),
          hubspot.contacts.batchUpsert([{ id: "a@example.com", properties: {} }], { concurrency: 0 })
        ]
        for (const [index, attempt] of attempts.entries()) {
          const error = failure(yield* Effect.exit(attempt))
          expect([index, error.reason, error.vendor]).toEqual([index, "InvalidRequest", "HubSpot"])
        }
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("refuses `.` and `..` as record ids, which no encoding keeps from moving up the path", () =>
      Effect.gen(function*() {
        const server = yield* HubSpotServer.make(() => ({ body: contact("1") }))
        const hubspot = yield* client({ baseUrl: server.url })
        for (const id of [".", ".."]) {
          for (const attempt of [hubspot.contacts.get(id), hubspot.contacts.update(id, { properties: {} }), hubspot.contacts.archive(id)]) {
            const error = failure(yield* Effect.exit(attempt))
            expect([id, error.reason]).toEqual([id, "InvalidRequest"])
          }
        }
        expect(yield* server.requests).toHaveLength(0)
        // A dot inside an id is an ordinary character.
        yield* hubspot.contacts.get("jane.doe@example.com", { idProperty: "email" })
        expect((yield* server.requests).map((r) => r.path)).toEqual(["/crm/v3/objects/contacts/jane.doe%40example.com"])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("refuses options with neither a token nor OAuth, or both, as a ConfigError naming accessToken", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { results: [] }))
        const neither = yield* Effect.flip(
          HubSpotClient.make({} as HubSpotClient.Options).pipe(Effect.provide(stub.layer))
        )
        expect(IntegrationConfig.problems(neither).map((p) => [p.key, p.kind])).toEqual([["HubSpot.accessToken", "Invalid"]])
        const both = yield* Effect.flip(
          HubSpotClient.make({
            accessToken: Redacted.make(TOKEN),
            oauth: { clientId: "id", clientSecret: Redacted.make("s"), redirectUri: "https://app.test/cb" }
          } as unknown as HubSpotClient.Options).pipe(Effect.provide(stub.layer))
        )
        expect(IntegrationConfig.problems(both).map((p) => p.key)).toEqual(["HubSpot.accessToken"])
        expect(IntegrationConfig.format(both)).not.toContain(TOKEN)
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("never forwards an idempotency key, so a create stays unretried after a 5xx", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(502, { status: "error", category: "INTERNAL_ERROR" }))
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const options = { idempotencyKey: "k1" } as HubSpotClient.CallOptions
        const error = failure(yield* Effect.exit(hubspot.contacts.create({ properties: { email: "a@b.c" } }, options)))
        expect(error.reason).toBe("Server")
        const requests = yield* stub.requests
        expect(requests).toHaveLength(1)
        expect(requests[0]?.headers["idempotency-key"]).toBeUndefined()
      }))
  })

  describe("failures and retries", () => {
    it.scoped("maps a validation error with its category and correlation id, without HubSpot's message", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(400, {
            status: "error",
            message: "Property values were not valid: Email address jane@@example is invalid",
            correlationId: "aeb5f871-7f07-4993-9211-075dc63e7cbf",
            category: "VALIDATION_ERROR",
            subCategory: "crm.properties.INVALID_EMAIL",
            context: { email: ["jane@@example"] }
          }, { "x-hubspot-correlation-id": "aeb5f871-7f07-4993-9211-075dc63e7cbf" })
        )
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(hubspot.contacts.create({ properties: { email: "jane@@example" } })))
        expect(error.reason).toBe("InvalidRequest")
        expect(error.status).toBe(400)
        expect(error.requestId).toBe("aeb5f871-7f07-4993-9211-075dc63e7cbf")
        expect(error.details).toEqual({ category: "VALIDATION_ERROR", subCategory: "crm.properties.INVALID_EMAIL" })
        expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain("jane@@example")
      }))

    it.scoped("retries a rolling-window 429 and a 500 on a search, then succeeds", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(429, {
              status: "error",
              message: "You have reached your ten_secondly_rolling limit.",
              errorType: "RATE_LIMIT",
              correlationId: "c1",
              policyName: "TEN_SECONDLY_ROLLING"
            })
            : n === 2
            ? StubHttp.json(500, { status: "error", category: "INTERNAL_ERROR", correlationId: "c2", message: "boom" })
            : StubHttp.json(200, { total: 1, results: [contact("1")] })
        )
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(hubspot.contacts.search({ query: "jane" }))
        yield* TestClock.adjust(Duration.seconds(30))
        const page = yield* Fiber.join(fiber)
        expect(page.results.map((c) => c.id)).toEqual(["1"])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        // Backoff of about a second, never an immediate retry.
        expect(requests[1]!.atMillis - requests[0]!.atMillis).toBeGreaterThanOrEqual(500)
      }))

    it.scoped("does not retry a 429 for the daily limit, and retries a create only after a 429 or a 423", () =>
      Effect.gen(function*() {
        const daily = yield* StubHttp.make(() =>
          StubHttp.json(429, {
            status: "error",
            message: "You have reached your daily limit.",
            errorType: "RATE_LIMIT",
            correlationId: "c1",
            policyName: "DAILY"
          })
        )
        const spent = yield* client().pipe(Effect.provide(daily.layer))
        const error = failure(yield* Effect.exit(spent.contacts.get("1")))
        expect([error.reason, error.retryable, error.details?.policyName]).toEqual(["RateLimited", false, "DAILY"])
        expect(yield* daily.requests).toHaveLength(1)

        const locked = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(423, { status: "error", category: "LOCKED", correlationId: "c", message: "locked" })
            : n === 2
            ? StubHttp.json(429, { status: "error", errorType: "RATE_LIMIT", policyName: "SECONDLY", correlationId: "c", message: "" })
            : StubHttp.json(201, contact("7"))
        )
        const hubspot = yield* client().pipe(Effect.provide(locked.layer))
        const fiber = yield* Effect.fork(hubspot.contacts.create({ properties: { email: "a@b.c" } }))
        yield* TestClock.adjust(Duration.seconds(30))
        expect((yield* Fiber.join(fiber)).id).toBe("7")
        expect(yield* locked.requests).toHaveLength(3)
      }))

    it.scoped("maps a missing scope to Forbidden and a missing contact to NotFound", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(403, {
              status: "error",
              message: "This app hasn't been granted all required scopes",
              correlationId: "c",
              category: "MISSING_SCOPES",
              context: { requiredGranularScopes: ["crm.objects.contacts.write"] }
            })
            : StubHttp.json(404, { status: "error", message: "resource not found", correlationId: "c", category: "OBJECT_NOT_FOUND" })
        )
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const forbidden = failure(yield* Effect.exit(hubspot.contacts.update("1", { properties: { a: "b" } })))
        expect([forbidden.reason, forbidden.details?.category]).toEqual(["Forbidden", "MISSING_SCOPES"])
        const missing = failure(yield* Effect.exit(hubspot.contacts.get("2")))
        expect([missing.reason, missing.details?.category]).toEqual(["NotFound", "OBJECT_NOT_FOUND"])
      }))
  })

  describe("search pagination", () => {
    const page = (ids: ReadonlyArray<string>, after?: string) => ({
      total: 4,
      results: ids.map((id) => contact(id)),
      ...(after !== undefined ? { paging: { next: { after, link: `?after=${after}` } } } : {})
    })

    it.scoped("walks every match across pages with paging.next.after, lazily, with the same filters", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) => {
          const after = jsonBody(request).after
          return after === "0"
            ? StubHttp.json(200, page(["1", "2"], "2"))
            : after === "2"
            ? StubHttp.json(200, page(["3"], "3"))
            : StubHttp.json(200, page(["4"]))
        })
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const filterGroups = [{ filters: [{ propertyName: "lifecyclestage", operator: "EQ" as const, value: "lead" }] }]
        const ids = yield* hubspot.contacts.searchAll({
          filterGroups,
          sorts: [{ propertyName: "createdate", direction: "DESCENDING" }],
          properties: ["email"]
        }).pipe(Stream.map((c) => c.id), Stream.runCollect)
        expect([...ids]).toEqual(["1", "2", "3", "4"])
        const bodies = (yield* stub.requests).map(bodyOf)
        expect(bodies.map((b) => b.after)).toEqual(["0", "2", "3"])
        expect(bodies[1]).toEqual({
          filterGroups,
          sorts: [{ propertyName: "createdate", direction: "DESCENDING" }],
          properties: ["email"],
          limit: 200,
          after: "2"
        })
        const before = (yield* stub.requests).length
        yield* hubspot.contacts.searchAll().pipe(Stream.take(2), Stream.runDrain)
        expect((yield* stub.requests).length - before).toBe(1)
      }))

    it.scoped("fetchAll collects up to a bound from one page sized to know whether more exist", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) => {
          const limit = Number(jsonBody(request).limit)
          return StubHttp.json(200, page(Array.from({ length: limit }, (_, i) => `c${i}`), "next"))
        })
        const hubspot = yield* client().pipe(Effect.provide(stub.layer))
        const collected = yield* hubspot.contacts.fetchAll(3, { query: "acme" })
        expect(collected.items.map((c) => c.id)).toEqual(["c0", "c1", "c2"])
        expect(collected.truncated).toBe(true)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(1)
        expect(bodyOf(requests[0]!)).toMatchObject({ limit: 4, query: "acme", after: "0" })
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const build = (entries: ReadonlyArray<readonly [string, string]>) =>
          Effect.flip(
            Layer.build(IntegrationConfig.layer(HubSpotClient.fromEnv)).pipe(
              Effect.scoped,
              Effect.provide(NodeHttpClient.layerUndici),
              withEnv(entries)
            )
          )
        const none = yield* build([["HUBSPOT_BASE_URL", "ftp:/nope"]])
        expect(IntegrationConfig.problems(none).map((p) => [p.key, p.kind])).toEqual([
          ["HUBSPOT_ACCESS_TOKEN", "Missing"],
          ["HUBSPOT_BASE_URL", "Invalid"]
        ])
        const partial = yield* build([["HUBSPOT_CLIENT_ID", "app-1"]])
        expect(IntegrationConfig.problems(partial).map((p) => [p.key, p.kind])).toEqual([
          ["HUBSPOT_CLIENT_SECRET", "Missing"],
          ["HUBSPOT_REDIRECT_URI", "Missing"]
        ])
        const badRedirect = yield* build([
          ["HUBSPOT_CLIENT_ID", "app-1"],
          ["HUBSPOT_CLIENT_SECRET", TOKEN],
          ["HUBSPOT_REDIRECT_URI", "not a url"]
        ])
        expect(IntegrationConfig.problems(badRedirect).map((p) => p.key)).toContain("HUBSPOT_REDIRECT_URI")
        expect(IntegrationConfig.format(badRedirect)).not.toContain(TOKEN)
      }))

    it.scoped("layerConfig sends the token from the environment and never prints it in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(401, {
            status: "error",
            message: `Authentication credentials not found for ${TOKEN}`,
            correlationId: "c",
            category: "INVALID_AUTHENTICATION"
          })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(HubSpotClient.HubSpotClient, (hubspot) => hubspot.contacts.get("1")).pipe(
            Effect.provide(HubSpotClient.layerConfig({ policy: { maxRetries: 0 } }).pipe(Layer.orDie)),
            Effect.provide(stub.layer),
            withEnv([["HUBSPOT_ACCESS_TOKEN", TOKEN]])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const [request] = yield* stub.requests
        expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(TOKEN)
        }
      }))

    it.scoped("layerConfig with the OAuth variables exposes the OAuth client and its install URL", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, { results: [] }))
        const hubspot = yield* HubSpotClient.HubSpotClient.pipe(
          Effect.provide(HubSpotClient.layerConfig().pipe(Layer.orDie)),
          Effect.provide(stub.layer),
          withEnv([
            ["HUBSPOT_CLIENT_ID", "app-1"],
            ["HUBSPOT_CLIENT_SECRET", "secret-xyz"],
            ["HUBSPOT_REDIRECT_URI", "https://example.com/oauth/callback"]
          ])
        )
        const oauth = Option.getOrThrow(hubspot.oauth)
        const { state, url } = yield* oauth.authorize
        const parsed = new URL(url)
        expect(parsed.origin + parsed.pathname).toBe("https://app.hubspot.com/oauth/authorize")
        expect(parsed.searchParams.get("client_id")).toBe("app-1")
        expect(parsed.searchParams.get("redirect_uri")).toBe("https://example.com/oauth/callback")
        expect(parsed.searchParams.get("scope")).toContain("crm.objects.contacts.write")
        expect(parsed.searchParams.get("state")).toBe(state)
        expect(url).not.toContain("secret-xyz")
        // Not connected yet: a call fails as Unauthorized before reaching HubSpot.
        const error = failure(yield* Effect.exit(hubspot.contacts.get("1")))
        expect(error.reason).toBe("Unauthorized")
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const hubspot = yield* HubSpotClient.HubSpotClient
        const created = yield* hubspot.contacts.create({ properties: { email: "a@b.c" } })
        expect(created.id).toBe("fake")
        const exit = yield* Effect.exit(Effect.suspend(() => hubspot.companies.create({ properties: {} })))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("HubSpotClient.companies.create is not implemented")
      }).pipe(
        Effect.provide(HubSpotClient.layerTest({ contacts: { create: () => Effect.succeed(contact("fake")) } }))
      ))

    it.effect("layerTest: a missing method fails inside its Effect naming it; the health check succeeds", () =>
      Effect.gen(function*() {
        const hubspot = yield* HubSpotClient.HubSpotClient
        yield* hubspot.healthCheck
        const exit = yield* Effect.exit(hubspot.companies.create({ properties: {} }))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("HubSpotClient.companies.create")
        const searched = yield* Effect.exit(Stream.runDrain(hubspot.contacts.searchAll()))
        expect(Exit.isFailure(searched) && Cause.pretty(searched.cause)).toContain("HubSpotClient.contacts.searchAll")
      }).pipe(Effect.provide(HubSpotClient.layerTest({}))))

    it.scoped("passes kernel settings through: a circuitBreaker given in the options opens after its own threshold", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(503, { status: "error", category: "INTERNAL_ERROR" }))
        const hubspot = yield* client({
          policy: { maxRetries: 0 },
          circuitBreaker: { trip: CircuitBreaker.consecutive(1) }
        }).pipe(Effect.provide(stub.layer))
        expect(failure(yield* Effect.exit(hubspot.contacts.get("1"))).reason).toBe("Server")
        expect(failure(yield* Effect.exit(hubspot.contacts.get("1"))).reason).toBe("CircuitOpen")
        expect(yield* stub.requests).toHaveLength(1)
      }))

    it.scoped("registers a hubspot health check that lists one contact, without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(200, { results: [] }) : StubHttp.json(503, { status: "error", category: "INTERNAL_ERROR" })
        )
        const [up, down] = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            HubSpotClient.layer({ accessToken: Redacted.make(TOKEN) }).pipe(
              Layer.provideMerge(Health.layer),
              Layer.provide(stub.layer)
            )
          )
        )
        expect(up.checks).toMatchObject([{ name: "hubspot", status: "up", critical: true }])
        expect(down.status).toBe("down")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname, new URL(r.url).searchParams.get("limit")])).toEqual([
          ["GET", "/crm/v3/objects/contacts", "1"],
          ["GET", "/crm/v3/objects/contacts", "1"]
        ])
      }))
  })
})
