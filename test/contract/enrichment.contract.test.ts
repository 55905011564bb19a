/**
 * The enrichment providers have no published spec: Clay's `POST /enrichment/company` is checked against the request
 * the sales platform's audit records (`../shared/seeds/000_*.txt`, section 1.1, `src/lib/integrations/clay.ts:74-102`:
 * method, path, bearer key, JSON body) and is listed as capture-only in the coverage table; operations the app
 * declares have no contract but the app's own Schemas.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Clay from "../../src/vendors/enrichment/Clay.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Coverage from "./support/Coverage.js"

const KEY = Redacted.make("clay-contract-key")

describe("Enrichment contract (capture-only)", () => {
  it.scoped("Clay's enrichCompany sends the audit's recorded request; declare builds operations; the health check is local", () =>
    Effect.gen(function*() {
      const server = yield* RecordingServer.make(() => ({ body: { name: "Acme" } }))
      const clay = yield* Coverage.tracking(Clay.make)({ apiKey: KEY, baseUrl: server.url })
      expect(yield* clay.enrichCompany({ domain: "acme.dev", company_name: "Acme" })).toEqual({ name: "Acme" })
      const verify = clay.declare({
        name: "email.verify",
        method: "POST",
        path: "/email/verify",
        input: Schema.Struct({ email: Schema.String }),
        output: Schema.Unknown
      })
      expect(typeof verify).toBe("function")
      yield* clay.healthCheck
      const requests = yield* server.requests
      expect(requests.map((r) => [r.method, r.path, r.headers.authorization, r.headers["content-type"]])).toEqual([
        ["POST", "/enrichment/company", "Bearer clay-contract-key", "application/json"]
      ])
      expect(JSON.parse(requests[0]!.body)).toEqual({ domain: "acme.dev", company_name: "Acme" })
    }).pipe(Effect.provide(Coverage.layer)))

  Coverage.test({
    vendor: "Clay",
    specs: [],
    prism: false,
    unspecified: { "POST /enrichment/company": "no public spec: capture-only, against the audit's recorded request" },
    client: Clay.make({ apiKey: KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
