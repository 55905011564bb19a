import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import type { IntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as AudienceLabs from "../../../src/vendors/enrichment/AudienceLabs.js"
import * as Clay from "../../../src/vendors/enrichment/Clay.js"
import * as DataShopper from "../../../src/vendors/enrichment/DataShopper.js"
import * as EmailBison from "../../../src/vendors/enrichment/EmailBison.js"
import * as RecordingServer from "../../support/RecordingServer.js"
import * as StubHttp from "../../support/StubHttp.js"

const KEY = "clay-canary-6a1f0e93"
const URL_ = "https://clay.internal.test/v1"

const failure = <A>(exit: Exit.Exit<A, IntegrationError>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return error.value
}

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

/**
 * Capture-only: the request the audit's Clay client sends (sales platform audit, `src/lib/integrations/clay.ts:74-102`,
 * section 1.1 of `../shared/seeds/000_*.txt`), written down: `POST ${CLAY_API_URL}/enrichment/company`, headers
 * `Authorization: Bearer <CLAY_API_KEY>` and `Content-Type: application/json`, a JSON body with the company's `domain`
 * and `company_name` (the fields its error tracking names, section 5.2).
 */
const recordedAuditRequest = {
  method: "POST",
  path: "/enrichment/company",
  headers: { authorization: "Bearer <CLAY_API_KEY>", "content-type": "application/json" },
  bodyFields: ["domain", "company_name"]
} as const

describe("Enrichment providers", () => {
  describe("Clay", () => {
    it.scoped("capture: enrichCompany sends the audit's request (method, path, bearer, JSON body)", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(() => ({ body: { name: "Acme", employee_count: 42 } }))
        const clay = yield* Clay.make({ apiKey: Redacted.make(KEY), baseUrl: server.url })
        const enriched = yield* clay.enrichCompany({ domain: "acme.dev", company_name: "Acme" })
        expect(enriched).toEqual({ name: "Acme", employee_count: 42 })
        const [request] = yield* server.requests
        expect([request?.method, request?.path]).toEqual([recordedAuditRequest.method, recordedAuditRequest.path])
        expect(request?.headers.authorization).toBe(`Bearer ${KEY}`)
        expect(request?.headers["content-type"]).toContain(recordedAuditRequest.headers["content-type"])
        expect(Object.keys(JSON.parse(request!.body)).sort()).toEqual([...recordedAuditRequest.bodyFields].sort())
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("refuses a company with neither domain nor name before any I/O", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const clay = yield* Clay.make({ apiKey: Redacted.make(KEY), baseUrl: URL_ }).pipe(Effect.provide(stub.layer))
        expect(failure(yield* Effect.exit(clay.enrichCompany({}))).reason).toBe("InvalidRequest")
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("per-operation timeouts: email.verify times out at 15 s, enrichment at 30 s, batch at 60 s", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => ({ status: 200, body: {}, delay: "20 seconds" }))
        const clay = yield* Clay.make({ apiKey: Redacted.make(KEY), baseUrl: URL_, policy: { maxRetries: 0 } }).pipe(
          Effect.provide(stub.layer)
        )
        const declare = (name: string) =>
          clay.declare({ name, method: "POST", path: `/${name}`, input: Schema.Struct({ email: Schema.String }), output: Schema.Unknown })
        const verify = yield* Effect.fork(Effect.exit(declare("email.verify")({ email: "a@b.co" })))
        const enrich = yield* Effect.fork(Effect.exit(clay.enrichCompany({ domain: "acme.dev" })))
        const batch = yield* Effect.fork(Effect.exit(declare("enrichment.batch")({ email: "a@b.co" })))
        yield* TestClock.adjust("16 seconds")
        const verified = yield* Fiber.join(verify)
        expect(failure(verified).reason).toBe("Timeout")
        yield* TestClock.adjust("5 seconds")
        expect(Exit.isSuccess(yield* Fiber.join(enrich))).toBe(true)
        expect(Exit.isSuccess(yield* Fiber.join(batch))).toBe(true)
      }))

    it.scoped("retries a 503 twice then fails; a 4xx is not retried; the key is never in the error", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((_n, request) =>
          request.url.endsWith("/enrichment/company")
            ? StubHttp.json(503, { message: `upstream down for ${KEY}` })
            : StubHttp.json(400, { message: "bad", code: "invalid_email" })
        )
        const clay = yield* Clay.make({ apiKey: Redacted.make(KEY), baseUrl: URL_ }).pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(Effect.exit(clay.enrichCompany({ domain: "acme.dev" })))
        yield* TestClock.adjust("1 minute")
        const error = failure(yield* Fiber.join(fiber))
        expect([error.reason, error.status]).toEqual(["Server", 503])
        expect(yield* stub.requests).toHaveLength(3)
        expect(error.message).not.toContain(KEY)
        const verify = clay.declare({
          name: "email.verify",
          method: "GET",
          path: "/email/verify",
          input: Schema.Struct({ email: Schema.String }),
          output: Schema.Unknown
        })
        const refused = failure(yield* Effect.exit(verify({ email: "a@b.co" })))
        expect([refused.reason, refused.details]).toEqual(["InvalidRequest", { code: "invalid_email" }])
        const requests = yield* stub.requests
        expect(requests).toHaveLength(4)
        expect(new URL(requests[3]!.url).searchParams.get("email")).toBe("a@b.co")
      }))
  })

  describe("configuration of the four providers", () => {
    const providers = [
      ["Clay", Clay.fromEnv, "CLAY"],
      ["DataShopper", DataShopper.fromEnv, "DATASHOPPER"],
      ["Audience Labs", AudienceLabs.fromEnv, "AUDIENCE_LABS"],
      ["EmailBison", EmailBison.fromEnv, "EMAILBISON"]
    ] as const
    for (const [vendor, fromEnv, prefix] of providers) {
      it.effect(`${vendor}: ${prefix}_API_KEY and ${prefix}_API_URL are both reported when missing, never a value`, () =>
        Effect.gen(function*() {
          const build = (entries: ReadonlyArray<readonly [string, string]>) =>
            Layer.build(IntegrationConfig.layer(fromEnv)).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici), withEnv(entries))
          const none = yield* Effect.flip(build([]))
          expect(IntegrationConfig.problems(none).map((p) => [p.key, p.kind])).toEqual([
            [`${prefix}_API_KEY`, "Missing"],
            [`${prefix}_API_URL`, "Missing"]
          ])
          const bad = yield* Effect.flip(build([[`${prefix}_API_KEY`, KEY], [`${prefix}_API_URL`, "ftp://x"]]))
          expect(IntegrationConfig.problems(bad).map((p) => p.key)).toContain(`${prefix}_API_URL`)
          expect(IntegrationConfig.format(bad)).not.toContain(KEY)
          yield* build([[`${prefix}_API_KEY`, KEY], [`${prefix}_API_URL`, "https://api.example.test"]])
        }))
    }

    it.scoped("a client made in code without a base URL is a ConfigError naming it", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const error = yield* Effect.flip(EmailBison.make({ apiKey: Redacted.make(KEY) }).pipe(Effect.provide(stub.layer)))
        expect(IntegrationConfig.problems(error).map((p) => p.key)).toEqual(["EmailBison.baseUrl"])
      }))

    it.scoped("DataShopper: every operation has 30 s per attempt; the health check reads the given path", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => ({ status: 200, body: {}, delay: "31 seconds" }))
        const datashopper = yield* DataShopper.make({
          apiKey: Redacted.make(KEY),
          baseUrl: URL_,
          policy: { maxRetries: 0 },
          healthCheckPath: "/me"
        }).pipe(Effect.provide(stub.layer))
        const search = datashopper.declare({
          name: "intent.search",
          method: "POST",
          path: "/intent/search",
          input: Schema.Struct({ domain: Schema.String }),
          output: Schema.Unknown,
          idempotent: true
        })
        const fiber = yield* Effect.fork(Effect.exit(search({ domain: "acme.dev" })))
        yield* TestClock.adjust("30 seconds")
        expect(failure(yield* Fiber.join(fiber)).reason).toBe("Timeout")
        const health = yield* Effect.fork(Effect.exit(datashopper.healthCheck))
        yield* TestClock.adjust("6 seconds")
        expect(failure(yield* Fiber.join(health)).reason).toBe("Timeout")
        expect((yield* stub.requests).map((r) => new URL(r.url).pathname)).toEqual(["/v1/intent/search", "/v1/me"])
      }))

    it.effect("layerTest serves the given methods, its health check succeeds, a missing method fails naming itself", () =>
      Effect.gen(function*() {
        const clay = yield* Clay.ClayClient
        expect(yield* clay.enrichCompany({ domain: "acme.dev" })).toEqual({ name: "fake" })
        yield* clay.healthCheck
        const emailbison = yield* EmailBison.EmailBisonClient
        const exit = yield* Effect.exit(Effect.suspend(() => emailbison.healthCheck.pipe(Effect.zipRight(Clay.ClayClient))))
        expect(Exit.isSuccess(exit)).toBe(true)
      }).pipe(
        Effect.provide(Clay.layerTest({ enrichCompany: () => Effect.succeed({ name: "fake" }) })),
        Effect.provide(EmailBison.layerTest({}))
      ))
  })
})
