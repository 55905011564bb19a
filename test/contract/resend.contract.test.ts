/**
 * Resend's published contract (resend/resend.json, OAS 3.1) against the client: every request the client sends is
 * captured and validated against the spec's request schema, the spec's examples and sampled responses decode with our
 * Schemas, the webhook event schemas decode as typed events, and the client runs against Prism, which rejects
 * non-conforming requests with 422 and answers with responses generated from the spec.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ResendClient from "../../src/vendors/resend/ResendClient.js"
import * as ResendEvents from "../../src/vendors/resend/ResendEvents.js"
import * as ResendSchemas from "../../src/vendors/resend/ResendSchemas.js"
import * as ResendServer from "../vendors/resend/support/ResendServer.js"
import * as Coverage from "./support/Coverage.js"
import * as OpenApi from "./support/OpenApi.js"
import * as Prism from "./support/Prism.js"

const spec = OpenApi.load("resend/resend.json")
const API_KEY = Redacted.make("re_contract_test_key")

/** Every field the send schema knows, so the whole request shape is checked, not just the required part. */
const fullEmail: ResendSchemas.SendEmailParams = {
  from: "Acme <onboarding@acme.dev>",
  to: ["jane@example.com"],
  subject: "Contract",
  bcc: "audit@acme.dev",
  cc: ["team@acme.dev"],
  reply_to: "support@acme.dev",
  html: "<p>Hi</p>",
  text: "Hi",
  headers: { "X-Entity-Ref-ID": "42" },
  scheduled_at: "2030-01-01T00:00:00Z",
  attachments: [{ filename: "a.txt", content: "aGk=", content_type: "text/plain" }, { path: "https://acme.dev/b.pdf" }],
  tags: [{ name: "category", value: "contract" }],
  topic_id: "b6d24b8e-af0b-4c3c-be0c-359bbd97381e"
}
const templated: ResendSchemas.SendEmailParams = {
  from: "a@acme.dev",
  to: "jane@example.com",
  subject: "Templated",
  template: { id: "tpl_1", variables: { name: "Jane", count: 2 } }
}
const batchEmail: ResendSchemas.SendEmailParams = { from: "a@acme.dev", to: "jane@example.com", subject: "Hi", text: "Hi" }

const decodes = <A, I>(schema: Schema.Schema<A, I>, value: unknown) =>
  Effect.mapError(Schema.decodeUnknown(schema)(value), (error) => new Error(`${error.message}\n${JSON.stringify(value)}`))

const expectValid = (result: OpenApi.ValidationResult, what: string) => expect(result.errors, what).toBe("")

describe("Resend contract", () => {
  describe("requests conform to the spec", () => {
    it.scoped("emails.send and batch.send bodies validate against SendEmailRequest, keys within the header's limit", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make((request) =>
          request.path === "/emails/batch" ? { body: { data: [{ id: "a" }, { id: "b" }] } } : { body: { id: "a" } }
        )
        const resend = yield* Coverage.tracking(ResendClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* resend.emails.send(fullEmail)
        yield* resend.emails.send(templated, { idempotencyKey: "k".repeat(256) })
        yield* resend.batch.send([batchEmail, { ...templated, to: ["a@example.com", "b@example.com"] }])
        const [full, keyed, batch] = yield* server.requests
        const send = OpenApi.requestValidator(spec, "post", "/emails")
        expectValid(send(JSON.parse(full!.body)), "full email")
        expectValid(send(JSON.parse(keyed!.body)), "templated email")
        expectValid(OpenApi.requestValidator(spec, "post", "/emails/batch")(JSON.parse(batch!.body)), "batch")
        for (const request of [full, keyed, batch]) {
          expect(String(request!.headers["idempotency-key"]).length).toBeLessThanOrEqual(256)
          expect(request!.headers.authorization).toMatch(/^Bearer /)
        }
        // The validator is not vacuous: a body without its required fields fails it.
        expect(send({ to: "jane@example.com" }).valid).toBe(false)
      }).pipe(Effect.provide(Coverage.layer)))

    it.scoped("emails.retrieve and the health check call the spec's paths", () =>
      Effect.gen(function*() {
        const server = yield* ResendServer.make((request) =>
          request.path === "/domains" ? { body: { object: "list", has_more: false, data: [] } } : { body: ResendServer.email }
        )
        const resend = yield* Coverage.tracking(ResendClient.make)({ apiKey: API_KEY, baseUrl: server.url })
        yield* resend.emails.retrieve("4ef9a417-02e9-4d39-ad75-9611e0fcc33c")
        yield* resend.healthCheck
        const [retrieve, health] = yield* server.requests
        expect([retrieve!.method, retrieve!.path]).toEqual(["GET", "/emails/4ef9a417-02e9-4d39-ad75-9611e0fcc33c"])
        expect([health!.method, health!.path, health!.query.get("limit")]).toEqual(["GET", "/domains", "1"])
        expect(spec.document.paths).toHaveProperty(["/emails/{email_id}", "get"])
        expect(spec.document.paths).toHaveProperty(["/domains", "get"])
      }).pipe(Effect.provide(Coverage.layer)))
  })

  describe("responses from the spec decode", () => {
    const operations = [
      ["post", "/emails", ResendSchemas.SendEmailResponse],
      ["post", "/emails/batch", ResendSchemas.BatchResponse],
      ["get", "/emails/{email_id}", ResendSchemas.Email],
      ["get", "/domains", ResendSchemas.DomainList]
    ] as const

    it.effect("every example and a sampled response of each operation, after checking them against the spec", () =>
      Effect.gen(function*() {
        for (const [method, path, schema] of operations) {
          const validate = OpenApi.responseValidator(spec, method, path)
          const sample = OpenApi.sample(spec, method, path)
          expectValid(validate(sample), `${method} ${path} sample`)
          yield* decodes(schema as Schema.Schema<unknown, unknown>, sample)
          for (const example of OpenApi.examples(spec, method, path)) {
            yield* decodes(schema as Schema.Schema<unknown, unknown>, example)
          }
        }
      }))

    it.effect("every typed webhook event of the spec decodes as that event; other spec events stay unknown, whole", () =>
      Effect.gen(function*() {
        const webhooks = spec.document.webhooks as Record<string, unknown>
        const names: Record<string, string> = {
          "email.sent": "EmailSentEvent",
          "email.delivered": "EmailDeliveredEvent",
          "email.delivery_delayed": "EmailDeliveryDelayedEvent",
          "email.complained": "EmailComplainedEvent",
          "email.bounced": "EmailBouncedEvent",
          "email.opened": "EmailOpenedEvent",
          "email.clicked": "EmailClickedEvent",
          "email.failed": "EmailFailedEvent",
          "email.suppressed": "EmailSuppressedEvent"
        }
        for (const type of ResendEvents.knownTypes) {
          expect(webhooks).toHaveProperty([type])
          const sample = OpenApi.sampleSchema(spec, { $ref: `#/components/schemas/${names[type]}` })
          const event = yield* decodes(ResendEvents.Event, sample)
          expect([event.type, ResendEvents.isKnown(event)]).toEqual([type, true])
        }
        for (const [type, schemaName] of [["contact.created", "ContactCreatedEvent"], ["domain.updated", "DomainUpdatedEvent"]]) {
          const sample = OpenApi.sampleSchema(spec, { $ref: `#/components/schemas/${schemaName}` })
          const event = yield* decodes(ResendEvents.Event, sample)
          expect([event.type, ResendEvents.isKnown(event)]).toEqual([type, false])
          expect(event).toEqual(sample)
        }
      }))
  })

  describe("against Prism", () => {
    it.live("every operation's request is accepted and its generated responses decode", () =>
      Effect.gen(function*() {
        const prism = yield* Prism.start("resend/resend.json", { startTimeoutMillis: 150_000, seed: "effect-integrations" })
        const resend = yield* Coverage.tracking(ResendClient.make)({ apiKey: API_KEY, baseUrl: prism.url, policy: { maxRetries: 0 } })
        // Dynamic responses differ on each call: several calls cover more of what the spec allows.
        for (let i = 0; i < 5; i++) {
          const sent = yield* resend.emails.send(i % 2 === 0 ? fullEmail : templated)
          expect(typeof sent.id).toBe("string")
          const email = yield* resend.emails.retrieve("4ef9a417-02e9-4d39-ad75-9611e0fcc33c")
          expect(typeof email.id).toBe("string")
          yield* resend.healthCheck
        }
        // Dynamic batch answers carry any number of ids, which no client can attribute; the static answer has one.
        const batch = yield* resend.batch.send([batchEmail], { headers: { prefer: "dynamic=false" } })
        expect(batch.succeeded.map((s) => s.index)).toEqual([0])
        const permissive = yield* resend.batch.send([batchEmail], {
          validation: "permissive",
          headers: { prefer: "dynamic=false" }
        })
        expect(permissive.failed).toEqual([])
      }).pipe(Effect.scoped, Effect.provide(Coverage.layer)), 240_000)
  })

  // Last in the file: counts what the checks above sent.
  Coverage.test({
    vendor: "Resend",
    specs: [spec],
    prism: true,
    client: ResendClient.make({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" })
  })
})
