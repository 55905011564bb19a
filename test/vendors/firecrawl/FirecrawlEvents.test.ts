import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as FirecrawlEvents from "../../../src/vendors/firecrawl/FirecrawlEvents.js"
import * as Firecrawl from "../../../src/webhooks/schemes/Firecrawl.js"
import * as Webhooks from "../../../src/webhooks/Webhooks.js"
import { makeRequest } from "../../../src/webhooks/WebhookScheme.js"

const base = { id: "3c2b0d51-4a7e-4f0e-9d51-6a0d8c1e2f90", webhookId: "9a1f6c2e-5b3d-4e8a-b7c1-2d4e6f8a0b1c", metadata: { tenant: "acme" } }

describe("FirecrawlEvents", () => {
  it.effect("decodes every documented crawl and batch scrape event typed", () =>
    Effect.gen(function*() {
      const page = { markdown: "# Acme", metadata: { sourceURL: "https://acme.dev", statusCode: 200 } }
      const events = [
        { ...base, success: true, type: "crawl.started", data: [] },
        { ...base, success: true, type: "crawl.page", data: [page] },
        { ...base, success: false, type: "crawl.page", data: [], error: "timeout" },
        { ...base, success: true, type: "crawl.completed", data: [] },
        { ...base, success: true, type: "batch_scrape.started", data: [] },
        { ...base, success: true, type: "batch_scrape.page", data: [page] },
        { ...base, success: true, type: "batch_scrape.completed", data: [] }
      ]
      for (const raw of events) {
        const event = yield* FirecrawlEvents.decodeEvent(raw)
        expect([event.type, FirecrawlEvents.isKnown(event)]).toEqual([raw.type, true])
      }
      const crawled = yield* FirecrawlEvents.decodeEvent(events[1])
      expect(FirecrawlEvents.is("crawl.page")(crawled) && crawled.data[0]?.metadata?.sourceURL).toBe("https://acme.dev")
      expect([...FirecrawlEvents.knownTypes].sort()).toEqual([
        "batch_scrape.completed",
        "batch_scrape.page",
        "batch_scrape.started",
        "crawl.completed",
        "crawl.page",
        "crawl.started"
      ])
    }))

  it.effect("keeps any other event whole, and refuses a typed event that breaks its own Schema", () =>
    Effect.gen(function*() {
      const agent = { ...base, success: true, type: "agent.completed", data: [{ creditsUsed: 12, data: { ceo: "Ada" } }] }
      const event = yield* FirecrawlEvents.decodeEvent(agent)
      expect(FirecrawlEvents.isKnown(event)).toBe(false)
      expect(event).toEqual(agent)
      const broken = yield* Effect.flip(FirecrawlEvents.decodeEvent({ ...base, type: "crawl.page", data: "not an array" }))
      expect(broken._tag).toBe("ParseError")
    }))

  it.effect("a signed delivery verifies with the Firecrawl scheme and decodes typed", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("fc-webhook-secret")
      const signed = yield* Firecrawl.scheme.sign(
        { body: JSON.stringify({ ...base, success: true, type: "batch_scrape.completed", data: [] }) },
        secret
      )
      const { event, webhook } = yield* Webhooks.verifyAndDecode(Firecrawl.scheme, FirecrawlEvents.Event)(
        makeRequest({ body: signed.body, headers: signed.headers }),
        secret
      )
      expect([event.type, webhook.id, webhook.idSigned]).toEqual(["batch_scrape.completed", base.webhookId, true])
    }))
})
