import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const TOKEN = "00000000-0000-4000-8000-00000000abcd"

const postmark = (simulator: VendorSimulator.VendorSimulator.Service, token: string | null = TOKEN) =>
(path: string, options: { readonly json?: unknown; readonly method?: string } = {}) =>
  Http.send(`${simulator.baseUrl("postmark")}${path}`, {
    headers: token === null ? {} : { "x-postmark-server-token": token },
    ...(options.json === undefined ? {} : { json: options.json }),
    ...(options.method === undefined ? {} : { method: options.method })
  })

const email = { From: "hello@acme.dev", To: "ada@example.com", Subject: "Hi", TextBody: "Hi" }

describe("VendorSimulator: Postmark", () => {
  it.scoped("answers sends, batches, templates and bounces with bodies valid against Postmark's spec", () =>
    Effect.gen(function*() {
      const call = postmark(yield* VendorSimulator.make())
      const one = yield* call("/email", { json: email })
      expect(one.status).toBe(200)
      valid(Spec.response("postmark", "POST", "/email", 200, one.json))
      const batch = yield* call("/email/batch", { json: [email, { ...email, From: "nope" }] })
      expect(batch.status).toBe(200)
      expect((batch.json as Array<{ ErrorCode: number }>).map((r) => r.ErrorCode)).toEqual([0, 300])
      valid(Spec.response("postmark", "POST", "/email/batch", 200, batch.json))
      const created = yield* call("/templates", { json: { Name: "W", Alias: "w", Subject: "Hi {{n}}", TextBody: "x" } })
      valid(Spec.response("postmark", "POST", "/templates", 200, created.json))
      valid(Spec.response("postmark", "GET", "/templates/{templateIdOrAlias}", 200, (yield* call("/templates/w")).json))
      valid(Spec.response("postmark", "GET", "/templates", 200, (yield* call("/templates?Count=10&Offset=0")).json))
      valid(Spec.response("postmark", "POST", "/templates/validate", 200, (yield* call("/templates/validate", { json: { Subject: "{{a}}" } })).json))
      valid(Spec.response("postmark", "GET", "/server", 200, (yield* call("/server")).json))
      const bounces = yield* call("/bounces?count=10&offset=0")
      expect(bounces.json).toEqual({ TotalCount: 0, Bounces: [] })
      valid(Spec.response("postmark", "GET", "/bounces", 200, bounces.json))
    }))

  it.scoped("refuses a missing or wrong token with 401 ErrorCode 10, and a bad request with 422 and its code", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ keys: { postmark: [TOKEN] } })
      const missing = yield* postmark(simulator, null)("/server")
      const wrong = yield* postmark(simulator, "00000000-0000-4000-8000-000000000000")("/server")
      expect([missing.status, wrong.status]).toEqual([401, 401])
      expect([missing.json, wrong.json]).toMatchObject([{ ErrorCode: 10 }, { ErrorCode: 10 }])
      const noBody = yield* postmark(simulator)("/email", { json: { From: "a@acme.dev", To: "b@example.com" } })
      expect([noBody.status, (noBody.json as { ErrorCode: number }).ErrorCode]).toEqual([422, 300])
      valid(Spec.response("postmark", "POST", "/email", 422, noBody.json))
      const template = yield* postmark(simulator)("/templates/missing")
      expect([template.status, (template.json as { ErrorCode: number }).ErrorCode]).toEqual([422, 1101])
    }))
})
