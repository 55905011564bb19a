import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const apollo = (simulator: VendorSimulator.VendorSimulator.Service, key: string | null = "sim-key") =>
(path: string, json?: unknown) =>
  Http.send(`${simulator.baseUrl("apollo")}${path}`, {
    headers: key === null ? {} : { "x-api-key": key },
    ...(json === undefined ? {} : { json })
  })

describe("VendorSimulator: Apollo", () => {
  it.scoped("answers match, bulk match and enrich with bodies valid against the spec slice, and its window headers", () =>
    Effect.gen(function*() {
      const call = apollo(yield* VendorSimulator.make())
      const match = yield* call("/people/match", { email: "person1@acme.dev" })
      expect(match.status).toBe(200)
      valid(Spec.response("apollo", "POST", "/people/match", 200, match.json))
      expect(match.headers.get("x-rate-limit-minute")).toBe("200")
      expect(match.headers.get("x-minute-requests-left")).toBe("199")
      const bulk = yield* call("/people/bulk_match", { details: [{ email: "person1@acme.dev" }, { email: "ghost@acme.dev" }] })
      expect((bulk.json as { matches: Array<unknown>; missing_records: number }).missing_records).toBe(1)
      const enrich = yield* call("/organizations/enrich?domain=apollo.io")
      valid(Spec.schema("apollo", "OrganizationEnrichment", (enrich.json as { organization: unknown }).organization))
      const search = yield* call("/mixed_people/api_search", { page: 2, per_page: 100 })
      expect((search.json as { people: Array<unknown>; total_entries: number }).people).toHaveLength(55)
    }))

  it.scoped("refuses a missing key with 401 text, too many bulk records with 422", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make()
      const missing = yield* apollo(simulator, null)("/auth/health")
      expect([missing.status, missing.text]).toEqual([401, "Invalid access credentials."])
      const tooMany = yield* apollo(simulator)("/people/bulk_match", { details: Array.from({ length: 11 }, () => ({ email: "a@b.co" })) })
      expect(tooMany.status).toBe(422)
    }))
})
