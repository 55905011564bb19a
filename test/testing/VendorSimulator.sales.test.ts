import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as VendorSimulator from "../../src/testing/VendorSimulator.js"
import * as Http from "./support/Http.js"
import * as Spec from "./support/SpecSlices.js"

const valid = (result: Spec.Result) => expect(result.errors).toBe("")

const basic = (key: string) => `Basic ${Buffer.from(`:${key}`).toString("base64")}`

const lemlist = (simulator: VendorSimulator.VendorSimulator.Service, key = "lemlist_simulator") =>
(
  path: string,
  request: { readonly method?: string; readonly json?: unknown } = {}
) =>
  Http.send(`${simulator.baseUrl("lemlist")}${path}`, {
    headers: { authorization: basic(key) },
    ...(request.method === undefined ? {} : { method: request.method }),
    ...(request.json === undefined ? {} : { json: request.json })
  })

describe("VendorSimulator: lemlist", () => {
  it.scoped("answers every route with bodies valid against lemlist's spec", () =>
    Effect.gen(function*() {
      const call = lemlist(yield* VendorSimulator.make())
      valid(Spec.response("lemlist", "GET", "/team", 200, (yield* call("/team")).json))
      const created = yield* call("/campaigns", { json: { name: "Launch" } })
      valid(Spec.response("lemlist", "POST", "/campaigns", 200, created.json))
      const id = (created.json as { _id: string })._id
      expect(id).toMatch(/^cam_[A-Za-z0-9]{17}$/)
      valid(Spec.response("lemlist", "GET", "/campaigns", 200, (yield* call("/campaigns?offset=0&limit=10")).json))
      valid(Spec.response("lemlist", "GET", "/campaigns/{campaignId}", 200, (yield* call(`/campaigns/${id}`)).json))
      const started = yield* call(`/campaigns/${id}/start`, { method: "POST" })
      valid(Spec.response("lemlist", "POST", "/campaigns/{campaignId}/start", 200, started.json))
      valid(Spec.response("lemlist", "POST", "/campaigns/{campaignId}/pause", 200, (yield* call(`/campaigns/${id}/pause`, { method: "POST" })).json))
      const lead = yield* call(`/campaigns/${id}/leads/`, { json: { email: "ada@example.com", firstName: "Ada" } })
      valid(Spec.response("lemlist", "POST", "/campaigns/{campaignId}/leads/", 200, lead.json))
      const leadId = (lead.json as { _id: string })._id
      valid(Spec.response("lemlist", "GET", "/campaigns/{campaignId}/leads/", 200, (yield* call(`/campaigns/${id}/leads/`)).json))
      const patched = yield* call(`/campaigns/${id}/leads/${leadId}`, { method: "PATCH", json: { lastName: "Lovelace" } })
      valid(Spec.response("lemlist", "PATCH", "/campaigns/{campaignId}/leads/{leadId}", 200, patched.json))
      valid(Spec.response("lemlist", "GET", "/leads/{email}", 200, (yield* call("/leads/ada%40example.com?version=v2")).json))
      const unsubscribed = yield* call(`/campaigns/${id}/leads/ada%40example.com`, { method: "DELETE" })
      valid(Spec.response("lemlist", "DELETE", "/campaigns/{campaignId}/leads/{email}", 200, unsubscribed.json))
      const deleted = yield* call(`/campaigns/${id}/leads/${leadId}?action=remove`, { method: "DELETE" })
      valid(Spec.response("lemlist", "DELETE", "/campaigns/{campaignId}/leads/{leadId}", 200, deleted.json))
      valid(Spec.response("lemlist", "GET", "/activities", 200, (yield* call("/activities?version=v2")).json))
      const hook = yield* call("/hooks", { json: { targetUrl: "https://hooks.acme.dev/l", type: "emailsReplied" } })
      valid(Spec.response("lemlist", "POST", "/hooks", 200, hook.json))
      valid(Spec.response("lemlist", "GET", "/hooks", 200, (yield* call("/hooks")).json))
      const hookId = (hook.json as { _id: string })._id
      valid(Spec.response("lemlist", "DELETE", "/hooks/{hookId}", 200, (yield* call(`/hooks/${hookId}`, { method: "DELETE" })).json))
    }))

  it.scoped("refuses a missing or wrong key, and unknown objects, with lemlist's plain-text errors", () =>
    Effect.gen(function*() {
      const simulator = yield* VendorSimulator.make({ keys: { lemlist: ["lemlist_right_key"] } })
      const none = yield* Http.send(`${simulator.baseUrl("lemlist")}/team`)
      expect([none.status, none.text]).toEqual([400, "No API key provided"])
      const wrong = yield* lemlist(simulator, "lemlist_wrong_key")("/team")
      expect([wrong.status, wrong.text]).toEqual([401, "The authentication you supplied is incorrect"])
      const missing = yield* lemlist(simulator, "lemlist_right_key")("/campaigns/cam_missing")
      expect([missing.status, missing.text]).toEqual([404, "Campaign not found"])
      expect(missing.headers.get("x-ratelimit-limit")).toBe("20")
      expect(Number.isNaN(Date.parse(missing.headers.get("x-ratelimit-reset")!.replace(/\s*\(.*\)$/, "")))).toBe(false)
    }))
})
