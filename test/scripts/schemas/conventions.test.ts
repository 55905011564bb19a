/**
 * The generated modules follow the conventions of the hand-written vendor Schemas (see scripts/schemas/convert.mjs):
 * plain structs the kernel encodes as given, absent fields left absent, `null` only where allowed, requests checked
 * before I/O, responses tolerant of values a vendor adds.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Postmark from "../../../src/vendors/postmark/generated/PostmarkOpenApi.js"
import * as Tavily from "../../../src/vendors/tavily/generated/TavilyOpenApi.js"

const encode = <A, I>(schema: Schema.Schema<A, I>, value: unknown) => Schema.encodeUnknownEither(schema)(value)
const decode = <A, I>(schema: Schema.Schema<A, I>, value: unknown) => Schema.decodeUnknownEither(schema)(value)

describe("generated Schemas", () => {
  describe("requests", () => {
    it("encode a plain object to exactly what was given: no defaults filled in, nothing added", () => {
      // The spec gives 19 defaults for search; sending them would override the vendor's own (and its plan checks).
      expect(encode(Tavily.SearchRequest, { query: "who is Leo Messi?" })).toEqual(Either.right({ query: "who is Leo Messi?" }))
      const full = { query: "q", topic: "news", max_results: 5, include_answer: "advanced", include_domains: ["a.com"] }
      expect(encode(Tavily.SearchRequest, full)).toEqual(Either.right(full))
    })

    it("refuse a value outside the spec's enum, bounds or types before any I/O", () => {
      expect(Either.isLeft(encode(Tavily.SearchRequest, { query: "q", topic: "sports" }))).toBe(true)
      expect(Either.isLeft(encode(Tavily.SearchRequest, { query: "q", chunks_per_source: 4 }))).toBe(true)
      expect(Either.isLeft(encode(Tavily.SearchRequest, { query: "q", max_results: 2.5 }))).toBe(true)
      expect(Either.isLeft(encode(Postmark.GetBouncesParams, { count: 501, offset: 0 }))).toBe(true)
      expect(Either.isRight(encode(Postmark.GetBouncesParams, { count: 500, offset: 0, type: "HardBounce" }))).toBe(true)
    })

    it("take null only where the spec allows it, and require what it requires", () => {
      expect(Either.isLeft(encode(Tavily.SearchRequest, { query: "q", topic: null }))).toBe(true)
      expect(Either.isLeft(encode(Tavily.SearchRequest, {}))).toBe(true)
      expect(Either.isLeft(encode(Postmark.CreateTemplateRequest, { Name: "Welcome" }))).toBe(true)
    })
  })

  describe("responses", () => {
    it("decode a status the vendor added since the spec (open enums), and keep it", () => {
      const pending = { request_id: "r1", status: "queued", response_time: 0.5 }
      expect(decode(Tavily.GetResearchResponse202, pending)).toEqual(Either.right(pending))
      const server = { ID: 1, Name: "Production", Color: "orange" }
      expect(decode(Postmark.ServerConfigurationResponse, server)).toEqual(Either.right(server))
    })

    it("keep a discriminator closed, so a union picks its member by it", () => {
      const failed = { request_id: "r1", status: "failed" }
      expect(decode(Tavily.GetResearchResponse200, failed)).toEqual(Either.right(failed))
      expect(Either.isLeft(decode(Tavily.ResearchTaskFailed, { ...failed, status: "completed" }))).toBe(true)
    })

    it("keep null in optional fields (vendors send it for unset ones) and leave absent fields absent", () => {
      const sent = { ErrorCode: 0, Message: "OK", MessageID: "b7bc2f4a", SubmittedAt: "2024-01-01T00:00:00Z", To: null }
      expect(decode(Postmark.SendEmailResponse, sent)).toEqual(Either.right(sent))
      expect(decode(Postmark.SendEmailResponse, { ErrorCode: 0 })).toEqual(Either.right({ ErrorCode: 0 }))
    })

    it("drop fields the spec does not know instead of failing", () => {
      const usage = { key: { usage: 3, limit: null, new_counter: 1 }, plan: "x" }
      expect(decode(Tavily.UsageResponse, usage)).toEqual(Either.right({ key: { usage: 3, limit: null } }))
    })

    it("still fail on a required field that is missing or mistyped (drift is reported, not hidden)", () => {
      expect(Either.isLeft(decode(Tavily.SearchResponse, { query: "q", results: [], images: [] }))).toBe(true)
      expect(Either.isLeft(decode(Tavily.ErrorResponse, { detail: { error: 42 } }))).toBe(true)
    })
  })

  it("list every sliced operation with its method, path and Schemas", () => {
    expect(Object.keys(Tavily.operations)).toEqual(["search", "extract", "crawl", "map", "research", "getResearch", "usage"])
    expect(Tavily.operations.getResearch).toMatchObject({ method: "GET", path: "/research/{request_id}" })
    expect(Tavily.operations.getResearch.responses[202]).toBe(Tavily.GetResearchResponse202)
    expect(Postmark.operations.sendEmailBatch.responses[200]).toBe(Postmark.SendEmailBatchResponse)
    expect(Postmark.operations.updateTemplate.params).toBe(Postmark.GetSingleTemplateParams)
  })
})
