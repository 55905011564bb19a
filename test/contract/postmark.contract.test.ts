/**
 * Postmark's published contract (postmark/server.openapi.json, Postmark's own swagger, OpenAPI 3.0.0) against the
 * client: every request is captured at a local server and validated against the spec's request schema (Ajv), and the
 * spec's sampled responses decode with our Schemas. No Prism run: the old spec requires both `TemplateId` and
 * `TemplateAlias` where Postmark takes one, and its dynamic `ErrorCode`s would turn every send into a refusal.
 *
 * Message streams are newer than the spec: their requests are captured (method, path, body shape) and their answers
 * are the API reference's recorded examples (test/vendors/postmark/support/PostmarkExamples.ts, each with its URL):
 * capture-only, declared `unspecified` in the coverage test.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as PostmarkClient from "../../src/vendors/postmark/PostmarkClient.js"
import * as PostmarkSchemas from "../../src/vendors/postmark/PostmarkSchemas.js"
import * as RecordingServer from "../support/RecordingServer.js"
import * as Examples from "../vendors/postmark/support/PostmarkExamples.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"

const spec = OpenApi.load("postmark/server.openapi.json")
const TOKEN = Redacted.make("contract-test-token")

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

/** Every field the send schema knows, so the whole request shape is checked, not just the required part. */
const fullEmail: PostmarkSchemas.SendEmailRequest = {
  From: "Acme <hello@acme.dev>",
  To: "jane@example.com, Jo <jo@example.com>",
  Cc: "team@acme.dev",
  Bcc: "audit@acme.dev",
  ReplyTo: "support@acme.dev",
  Subject: "Contract",
  HtmlBody: "<p>Hi</p>",
  TextBody: "Hi",
  Tag: "welcome",
  Headers: [{ Name: "X-Ref", Value: "42" }],
  TrackOpens: true,
  TrackLinks: "HtmlAndText",
  Attachments: [{ Name: "a.txt", Content: "aGk=", ContentType: "text/plain" }],
  Metadata: { order: "42" },
  MessageStream: "outbound"
}

const templated: PostmarkSchemas.TemplatedEmailRequest = {
  From: "hello@acme.dev",
  To: "jane@example.com",
  TemplateAlias: "welcome",
  TemplateModel: { name: "Jane" },
  InlineCss: true,
  TrackLinks: "None"
}

/**
 * The spec requires `TemplateId` and `TemplateAlias` together; Postmark's reference ("Send email with template") takes
 * one or the other. The absent one is filled for the check, so that every other field is checked as the spec says.
 */
const withBothTemplateKeys = (body: Record<string, unknown>) => ({ TemplateId: 1, TemplateAlias: "x", ...body })

const sent = { To: "jane@example.com", SubmittedAt: "2026-12-07T10:00:00Z", MessageID: "m-1", ErrorCode: 0, Message: "OK" }

const answer = (request: RecordingServer.Captured): RecordingServer.Reply => {
  const route = `${request.method} ${request.path}`
  if (route === "POST /email" || route === "POST /email/withTemplate") return { body: sent }
  if (route === "POST /email/batch" || route === "POST /email/batchWithTemplates") return { body: [sent, sent] }
  if (route === "GET /bounces") return { body: { TotalCount: 1, Bounces: [{ ID: 692560173, Type: "HardBounce" }] } }
  if (route.startsWith("GET /bounces/")) return { body: { ID: 692560173, Type: "HardBounce" } }
  if (route.startsWith("PUT /bounces/")) return { body: { Message: "OK", Bounce: { ID: 692560173, Inactive: false } } }
  if (route === "POST /message-streams/transactional-dev/archive") return { body: Examples.archived }
  if (request.path.startsWith("/message-streams")) {
    return { body: request.method === "GET" && request.path === "/message-streams" ? { MessageStreams: [Examples.messageStream], TotalCount: 1 } : Examples.messageStream }
  }
  if (route === "POST /templates/validate") return { body: { AllContentIsValid: true } }
  if (route === "GET /templates") return { body: { TotalCount: 0, Templates: [] } }
  if (route === "DELETE /templates/welcome") return { body: { ErrorCode: 0, Message: "Template 7 removed." } }
  if (route === "GET /server") return { body: { ID: 1, Name: "Production" } }
  return { body: { TemplateId: 7, TemplateID: 7, Name: "Welcome", Alias: "welcome", Subject: "Hi", Active: true } }
}

describe("Postmark contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("every sending, template and bounce request validates against the spec, with the token header", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(answer)
        const postmark = yield* Coverage.tracking(PostmarkClient.make)({ serverToken: TOKEN, baseUrl: server.url })
        yield* postmark.email.send(fullEmail)
        yield* postmark.email.sendBatch([fullEmail, { From: "a@acme.dev", To: "b@example.com", Subject: "x", TextBody: "y" }])
        yield* postmark.email.sendWithTemplate(templated)
        const { TemplateAlias: _alias, ...byId } = templated
        yield* postmark.email.sendBatchWithTemplates([templated, { ...byId, TemplateId: 7 }])
        yield* postmark.templates.list({ Count: 10, Offset: 0, TemplateType: "All" })
        yield* postmark.templates.create({ Name: "Welcome", Alias: "welcome", Subject: "Hi {{name}}", HtmlBody: "<p>x</p>", TextBody: "x" })
        yield* postmark.templates.get("welcome")
        yield* postmark.templates.update("welcome", { Name: "Welcome 2", Subject: "Hello" })
        yield* postmark.templates.validate({ Subject: "Hi {{name}}", TextBody: "x", TestRenderModel: { name: "A" }, InlineCssForHtmlTestRender: true })
        yield* postmark.templates.delete("welcome")
        yield* Stream.runDrain(postmark.bounces.list({ type: "HardBounce", inactive: true, emailFilter: "example.com" }))
        yield* postmark.bounces.get(692560173)
        yield* postmark.bounces.activate(692560173)
        yield* postmark.healthCheck
        const requests = yield* server.requests
        const byRoute = (method: string, path: string) => requests.find((r) => r.method === method && r.path === path)!
        const check = (method: string, path: string, template: string, transform: (body: Record<string, unknown>) => unknown = (b) => b) =>
          expectValid(OpenApi.requestValidator(spec, method, template)(transform(JSON.parse(byRoute(method.toUpperCase(), path).body))), `${method} ${path}`)
        check("post", "/email", "/email")
        check("post", "/email/batch", "/email/batch")
        check("post", "/email/withTemplate", "/email/withTemplate", withBothTemplateKeys)
        check("post", "/email/batchWithTemplates", "/email/batchWithTemplates", (body) => ({
          Messages: (body.Messages as Array<Record<string, unknown>>).map(withBothTemplateKeys)
        }))
        check("post", "/templates", "/templates")
        // The spec's EditTemplateRequest requires `TemplateId`, which is no field of the body (the path names it).
        check("put", "/templates/welcome", "/templates/{templateIdOrAlias}", (body) => ({ TemplateId: 7, ...body }))
        check("post", "/templates/validate", "/templates/validate")
        // The validator is not vacuous: a templated email without its required fields fails it.
        expect(OpenApi.requestValidator(spec, "post", "/email/withTemplate")({ To: "x@example.com" }).valid).toBe(false)
        // Query parameters the spec requires.
        expect(Object.fromEntries(byRoute("GET", "/templates").query)).toEqual({ Count: "10", Offset: "0", TemplateType: "All" })
        expect(Object.fromEntries(byRoute("GET", "/bounces").query)).toMatchObject({ count: "500", offset: "0", type: "HardBounce" })
        for (const request of requests) expect(request.headers["x-postmark-server-token"]).toBe("contract-test-token")
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("message streams (capture-only): the reference's paths, methods and bodies", () =>
      Effect.gen(function*() {
        const server = yield* RecordingServer.make(answer)
        const postmark = yield* Coverage.tracking(PostmarkClient.make)({ serverToken: TOKEN, baseUrl: server.url })
        const list = yield* postmark.messageStreams.list({ MessageStreamType: "Broadcasts", IncludeArchivedStreams: true })
        expect(list.MessageStreams[0]?.ID).toBe("broadcasts")
        yield* postmark.messageStreams.get("broadcasts")
        yield* postmark.messageStreams.create({ ID: "broadcasts", Name: "Broadcast Stream", MessageStreamType: "Broadcasts", Description: "d" })
        yield* postmark.messageStreams.update("broadcasts", { Name: "Updated", Description: "New" })
        const archived = yield* postmark.messageStreams.archive("transactional-dev")
        expect(archived.ExpectedPurgeDate).toBe(Examples.archived.ExpectedPurgeDate)
        yield* postmark.messageStreams.unarchive("broadcasts")
        const requests = yield* server.requests
        expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          "GET /message-streams",
          "GET /message-streams/broadcasts",
          "POST /message-streams",
          "PATCH /message-streams/broadcasts",
          "POST /message-streams/transactional-dev/archive",
          "POST /message-streams/broadcasts/unarchive"
        ])
        expect(Object.fromEntries(requests[0]!.query)).toEqual({ MessageStreamType: "Broadcasts", IncludeArchivedStreams: "true" })
        expect(JSON.parse(requests[2]!.body)).toEqual({ ID: "broadcasts", Name: "Broadcast Stream", MessageStreamType: "Broadcasts", Description: "d" })
        expect(JSON.parse(requests[3]!.body)).toEqual({ Name: "Updated", Description: "New" })
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    // The spec types a bounce's `ID` as a string; Postmark's reference and answers have a number (692560173).
    const numericId = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(numericId)
      if (typeof value !== "object" || value === null) return value
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "ID" && v === "string" ? "692560173" : numericId(v)]))
    }
    const operations = [
      ["post", "/email", PostmarkSchemas.SendEmailResponse],
      ["post", "/email/batch", PostmarkSchemas.SendBatchResponse],
      ["post", "/email/withTemplate", PostmarkSchemas.SendEmailResponse],
      ["post", "/email/batchWithTemplates", PostmarkSchemas.SendBatchResponse],
      ["get", "/templates", PostmarkSchemas.TemplateList],
      ["post", "/templates", PostmarkSchemas.TemplateRecord],
      ["get", "/templates/{templateIdOrAlias}", PostmarkSchemas.Template],
      ["put", "/templates/{templateIdOrAlias}", PostmarkSchemas.TemplateRecord],
      ["delete", "/templates/{templateIdOrAlias}", PostmarkSchemas.DeleteResponse],
      ["post", "/templates/validate", PostmarkSchemas.TemplateValidation],
      ["get", "/bounces", PostmarkSchemas.BouncePage],
      ["get", "/bounces/{bounceid}", PostmarkSchemas.Bounce],
      ["put", "/bounces/{bounceid}/activate", PostmarkSchemas.BounceActivation],
      ["get", "/server", PostmarkSchemas.Server]
    ] as const

    it.effect("a sampled response of each operation, after checking it against the spec", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of operations) {
          const sample = OpenApi.sample(spec, method, path)
          expectValid(OpenApi.responseValidator(spec, method, path)(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, numericId(sample))
          for (const example of OpenApi.examples(spec, method, path)) {
            yield* decodes(schema as Schema.Schema<unknown, unknown>, numericId(example))
          }
        }
        // The error body of every operation is the spec's StandardPostmarkResponse.
        expectValid(OpenApi.responseValidator(spec, "post", "/email", "422")({ ErrorCode: 406, Message: "Inactive" }), "422")
      }))

    it.effect("message streams (capture-only): the reference's recorded examples decode", () =>
      Effect.gen(function*() {
        yield* decodes(PostmarkSchemas.MessageStream, Examples.messageStream)
        yield* decodes(PostmarkSchemas.MessageStreamList, { MessageStreams: [Examples.messageStream], TotalCount: 1 })
        yield* decodes(PostmarkSchemas.MessageStreamArchived, Examples.archived)
      }))
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Postmark",
    specs: [spec],
    prism: false,
    unspecified: {
      "GET /message-streams": "capture-only: Postmark's spec predates message streams",
      "POST /message-streams": "capture-only: Postmark's spec predates message streams",
      "GET /message-streams/{stream_ID}": "capture-only: Postmark's spec predates message streams",
      "PATCH /message-streams/{stream_ID}": "capture-only: Postmark's spec predates message streams",
      "POST /message-streams/{stream_ID}/archive": "capture-only: Postmark's spec predates message streams",
      "POST /message-streams/{stream_ID}/unarchive": "capture-only: Postmark's spec predates message streams"
    },
    client: PostmarkClient.make({ serverToken: TOKEN, baseUrl: "http://127.0.0.1:9" })
  })
})
