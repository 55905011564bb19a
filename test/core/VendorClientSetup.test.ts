import { describe, expect, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import type { IntegrationError } from "../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../src/core/IntegrationConfig.js"
import * as VendorClient from "../../src/core/VendorClient.js"
import * as StubHttp from "../support/StubHttp.js"

interface Options extends VendorClient.VendorOptions {
  readonly apiKey: VendorClient.SecretInput
  readonly region?: string | undefined
}
interface Service {
  readonly region: string
  readonly orders: { readonly get: (id: string) => Effect.Effect<{ readonly id: string }, IntegrationError> }
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}
class AcmeClient extends Context.Tag("test/AcmeClient")<AcmeClient, Service>() {}

/** A vendor whose setup step exchanges its key for a session token once per client, as an OAuth vendor would. */
const acme = (setups: Ref.Ref<number>) =>
  VendorClient.define(AcmeClient, {
    vendor: "Acme",
    baseUrl: { default: "https://api.acme.example", env: "ACME_BASE_URL" },
    config: Config.all({ apiKey: Credentials.config("ACME_API_KEY") }),
    policy: { maxRetries: 0 },
    validate: (options: Options) => options.region === "" ? [{ setting: "region", message: "must not be empty" }] : [],
    setup: (options: Options) =>
      options.region === "mars"
        ? Effect.fail(ConfigError.InvalidData(["Acme", "region"], "no such region"))
        : Effect.as(Ref.update(setups, (n) => n + 1), { region: options.region ?? "eu", token: Redacted.make("session-1") }),
    definition: (_options, session) => ({
      auth: HttpIntegration.bearer(Credentials.fixed(session.token)),
      headers: { "x-acme-region": session.region }
    }),
    operations: (http, _options, session) => {
      const get = http.operation({
        name: "orders.get",
        method: "GET",
        input: Schema.String,
        output: Schema.Struct({ id: Schema.String }),
        request: (id) => ({ path: VendorClient.path`/orders/${id}/lines` })
      })
      return { region: session.region, orders: { get: (id: string) => get(id) }, healthCheck: Effect.asVoid(get("health")) }
    }
  })

describe("VendorClient", () => {
  it.scoped("setup runs once per client, before the pipeline, and its result reaches the definition and the operations", () =>
    Effect.gen(function*() {
      const setups = yield* Ref.make(0)
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      const client = yield* acme(setups).make({ apiKey: Redacted.make("key"), region: "us" }).pipe(Effect.provide(stub.layer))
      yield* client.orders.get("o_1")
      yield* client.orders.get("o_2")
      expect([client.region, yield* Ref.get(setups)]).toEqual(["us", 1])
      const requests = yield* stub.requests
      expect(requests.map((r) => [r.headers.authorization, r.headers["x-acme-region"]])).toEqual([
        ["Bearer session-1", "us"],
        ["Bearer session-1", "us"]
      ])
    }))

  it.scoped("a setup's ConfigError fails make; a problem validate finds stops make before setup runs", () =>
    Effect.gen(function*() {
      const setups = yield* Ref.make(0)
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      const Acme = acme(setups)
      const mars = yield* Effect.flip(Acme.make({ apiKey: Redacted.make("key"), region: "mars" }).pipe(Effect.provide(stub.layer)))
      expect(IntegrationConfig.problems(mars).map((p) => p.key)).toEqual(["Acme.region"])
      const empty = yield* Effect.flip(Acme.make({ apiKey: Redacted.make("key"), region: "" }).pipe(Effect.provide(stub.layer)))
      expect(IntegrationConfig.problems(empty).map((p) => p.key)).toEqual(["Acme.region"])
      expect(yield* Ref.get(setups)).toBe(0)
      expect(yield* stub.requests).toHaveLength(0)
    }))

  it("path percent-encodes every interpolated value and nothing else", () => {
    expect(VendorClient.path`/orders/${"a/b?c#d e"}/lines`).toBe("/orders/a%2Fb%3Fc%23d%20e/lines")
    expect(VendorClient.path`/v1/${42}/${"x"}`).toBe("/v1/42/x")
    expect(VendorClient.path`/static`).toBe("/static")
    expect(VendorClient.path`${"%2F"}`).toBe("%252F")
  })

  it.scoped("an operation's path cannot be moved by an id", () =>
    Effect.gen(function*() {
      const setups = yield* Ref.make(0)
      const stub = yield* StubHttp.make(() => StubHttp.json(200, { id: "o_1" }))
      const client = yield* acme(setups).make({ apiKey: Redacted.make("key") }).pipe(Effect.provide(stub.layer))
      yield* client.orders.get("../admin?x=1")
      const [request] = yield* stub.requests
      expect(new URL(request!.url).pathname).toBe("/orders/..%2Fadmin%3Fx%3D1/lines")
    }))
})
