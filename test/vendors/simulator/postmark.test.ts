import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as PostmarkClient from "../../../src/vendors/postmark/PostmarkClient.js"
import * as PostmarkError from "../../../src/vendors/postmark/PostmarkError.js"
import type * as PostmarkSchemas from "../../../src/vendors/postmark/PostmarkSchemas.js"
import * as Sim from "./support.js"

const TOKEN = "5f1c2a9e-7b3d-4e8f-a6c1-0d2e9b7a4c15"
const BOUNCE = "hardbounce@bounce-testing.postmarkapp.com"

const postmark = (sim: Sim.Simulator) =>
  Sim.client(PostmarkClient.make({ serverToken: Redacted.make(TOKEN), baseUrl: sim.baseUrl("postmark"), policy: Sim.policy }))

const email = (To: string): PostmarkSchemas.SendEmailRequest => ({
  From: "Acme <hello@acme.dev>",
  To,
  Subject: "Welcome",
  TextBody: "Hello from the simulator",
  MessageStream: "outbound"
})

describe("PostmarkClient against the simulator", () => {
  it.scoped("sends one email, a batch with a result per message, and templated emails", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* postmark(sim)
      const sent = yield* client.email.send(email("ada@example.com"))
      expect(sent.MessageID).toMatch(/^[0-9a-f-]{36}$/)
      // The first bounces (and deactivates the address); in the batch after it, that address is refused on its own.
      yield* client.email.send(email(BOUNCE))
      const batch = yield* client.email.sendBatch([email("a@example.com"), email(BOUNCE), email("c@example.com")])
      expect(batch.succeeded.map((s) => s.index)).toEqual([0, 2])
      expect(batch.failed.map((f) => [f.index, f.error.errorCode, f.error.error.reason])).toEqual([[1, 406, "InvalidRequest"]])
      expect(PostmarkError.isInactiveRecipient(batch.failed[0]!.error.error)).toBe(true)
      // The per-record error is safe to log: no address in it; Postmark's own words stay in `message`.
      expect(batch.failed[0]!.error.error.message).not.toContain(BOUNCE)
      expect(batch.failed[0]!.error.message).toContain(BOUNCE)

      const template = yield* client.templates.create({ Name: "Welcome", Alias: "welcome", Subject: "Hi {{name}}", TextBody: "Hello {{name}}" })
      const one = yield* client.email.sendWithTemplate({
        From: "hello@acme.dev",
        To: "jane@example.com",
        TemplateAlias: "welcome",
        TemplateModel: { name: "Jane" }
      })
      expect(one.MessageID.length).toBeGreaterThan(0)
      const templated = yield* client.email.sendBatchWithTemplates([
        { From: "hello@acme.dev", To: "x@example.com", TemplateId: Number(template.TemplateId), TemplateModel: { name: "X" } },
        { From: "hello@acme.dev", To: "y@example.com", TemplateAlias: "missing", TemplateModel: {} }
      ])
      expect(templated.succeeded.map((s) => s.index)).toEqual([0])
      expect(templated.failed.map((f) => [f.index, f.error.errorCode, f.error.error.reason])).toEqual([[1, 1101, "NotFound"]])
      const stats = yield* sim.stats
      expect(stats.sideEffects.filter((e) => e.kind === "email.sent")).toHaveLength(6)
    }))

  it.scoped("manages templates: create, list, get, update, validate, delete", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* postmark(sim)
      const created = yield* client.templates.create({ Name: "Receipt", Alias: "receipt", Subject: "Receipt", HtmlBody: "<p>{{total}}</p>" })
      const listed = yield* client.templates.list({ Count: 10, Offset: 0 })
      expect(listed.Templates?.map((t) => t.Alias)).toEqual(["receipt"])
      expect((yield* client.templates.get("receipt")).TemplateID).toBe(created.TemplateId)
      yield* client.templates.update(Number(created.TemplateId), { Subject: "Your receipt" })
      expect((yield* client.templates.get(Number(created.TemplateId))).Subject).toBe("Your receipt")
      const validation = yield* client.templates.validate({ Subject: "Hi {{name}}", TestRenderModel: { name: "Ada" } })
      expect(validation.AllContentIsValid).toBe(true)
      expect(validation.Subject?.RenderedContent).toBe("Hi Ada")
      yield* client.templates.delete("receipt")
      const gone = yield* Sim.failure(client.templates.get("receipt"))
      Sim.expectError(gone, { reason: "NotFound", status: 422 }, TOKEN)
      expect(PostmarkError.details(gone).errorCode).toBe("1101")
    }))

  it.scoped("manages message streams: list, get, create, update, archive, unarchive", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* postmark(sim)
      const listed = yield* client.messageStreams.list({ MessageStreamType: "All" })
      expect(listed.MessageStreams.map((s) => s.ID)).toEqual(["outbound", "inbound", "broadcast"])
      expect((yield* client.messageStreams.get("outbound")).MessageStreamType).toBe("Transactional")
      const created = yield* client.messageStreams.create({ ID: "newsletter", Name: "Newsletter", MessageStreamType: "Broadcasts" })
      expect(created.SubscriptionManagementConfiguration?.UnsubscribeHandlingType).toBe("Postmark")
      expect((yield* client.messageStreams.update("newsletter", { Name: "Weekly" })).Name).toBe("Weekly")
      const archived = yield* client.messageStreams.archive("newsletter")
      expect(archived.ExpectedPurgeDate.length).toBeGreaterThan(0)
      expect((yield* client.messageStreams.list()).MessageStreams.map((s) => s.ID)).not.toContain("newsletter")
      expect((yield* client.messageStreams.unarchive("newsletter")).ArchivedAt).toBeNull()
      const missing = yield* Sim.failure(client.messageStreams.get("nope"))
      Sim.expectError(missing, { reason: "NotFound", status: 422 }, TOKEN)
    }))

  it.scoped("lists bounces as a stream over pages, gets one, reactivates it, and passes its health check", () =>
    Effect.gen(function*() {
      const sim = yield* Sim.simulator()
      const client = yield* postmark(sim)
      for (let i = 0; i < 3; i++) yield* client.email.send(email(BOUNCE)).pipe(Effect.either)
      const all = Chunk.toReadonlyArray(yield* Stream.runCollect(client.bounces.list({ type: "HardBounce" })))
      expect(all).toHaveLength(1)
      const bounce = yield* client.bounces.get(all[0]!.ID)
      expect(bounce.Inactive).toBe(true)
      const activated = yield* client.bounces.activate(bounce.ID)
      expect(activated.Bounce.Inactive).toBe(false)
      // Reactivated: the address receives again.
      yield* client.email.send(email(BOUNCE))
      expect(Chunk.toReadonlyArray(yield* Stream.runCollect(client.bounces.list()))).toHaveLength(2)
      yield* client.healthCheck
      expect(yield* Sim.requests(sim, "postmark", "GET /server")).toBe(1)
    }))

  describe("the audit's demands", () => {
    it.scoped("validates input before any I/O: nothing reaches Postmark", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* postmark(sim)
        const bad = yield* Sim.failure(client.email.send({ ...email("not-an-address"), From: "jane@example.com" }))
        Sim.expectError(bad, { reason: "InvalidRequest" })
        expect(bad.message).not.toContain("not-an-address")
        const noBody = yield* Sim.failure(client.email.send({ From: "a@acme.dev", To: "b@example.com", Subject: "x" }))
        Sim.expectError(noBody, { reason: "InvalidRequest" })
        const tooMany = Array.from({ length: 501 }, () => email("a@example.com"))
        Sim.expectError(yield* Sim.failure(client.email.sendBatch(tooMany)), { reason: "InvalidRequest" })
        const recipients = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`).join(",")
        Sim.expectError(yield* Sim.failure(client.email.send(email(recipients))), { reason: "InvalidRequest" })
        const both = yield* Sim.failure(
          client.email.sendWithTemplate({ From: "a@acme.dev", To: "b@example.com", TemplateId: 1, TemplateAlias: "x", TemplateModel: {} })
        )
        Sim.expectError(both, { reason: "InvalidRequest" })
        const total = Object.values((yield* sim.stats).requests).reduce((a, b) => a + b, 0)
        expect(total).toBe(0)
      }))

    it.scoped("does not retry a 4xx: a 422 inactive recipient is one request, its error without the address", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator()
        const client = yield* postmark(sim)
        yield* client.email.send(email(BOUNCE))
        const error = yield* Sim.failure(Sim.drive(client.email.send(email(BOUNCE))))
        Sim.expectError(error, { reason: "InvalidRequest", status: 422 }, TOKEN)
        expect(PostmarkError.isInactiveRecipient(error)).toBe(true)
        expect(JSON.stringify(error)).not.toContain(BOUNCE)
        expect(error.message).not.toContain(BOUNCE)
        expect(yield* Sim.requests(sim, "postmark", "POST /email")).toBe(2)
      }))

    it.scoped("does not retry a 401: a wrong token is Unauthorized after one request, the token in no error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([], { keys: { postmark: ["00000000-0000-4000-8000-000000000000"] } })
        const client = yield* postmark(sim)
        const error = yield* Sim.failure(Sim.drive(client.templates.list({ Count: 1, Offset: 0 })))
        Sim.expectError(error, { reason: "Unauthorized", status: 401 }, TOKEN)
        expect(PostmarkError.details(error).errorCode).toBe("10")
        expect(yield* Sim.requests(sim, "postmark", "GET /templates")).toBe(1)
      }))

    it.scoped("retries a 429 on a send, waiting its Retry-After on the clock, and sends once", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "postmark", route: "POST /email", status: 429, retryAfterSeconds: 3, times: 1 }
        ])
        const client = yield* postmark(sim)
        const started = yield* Clock.currentTimeMillis
        yield* Sim.drive(client.email.send(email("a@example.com")))
        expect((yield* Clock.currentTimeMillis) - started).toBeGreaterThanOrEqual(3_000)
        expect(yield* Sim.requests(sim, "postmark", "POST /email")).toBe(2)
        expect((yield* sim.stats).sideEffects).toHaveLength(1)
      }))

    it.scoped("never repeats a send after a 503 (Postmark takes no idempotency key), but retries reads", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "status", vendor: "postmark", route: "POST /email/batch", status: 503, times: 1 },
          { kind: "status", vendor: "postmark", route: "GET /bounces", status: 503, times: 2 }
        ])
        const client = yield* postmark(sim)
        const error = yield* Sim.failure(Sim.drive(client.email.sendBatch([email("a@example.com")])))
        Sim.expectError(error, { reason: "Server", status: 503 }, TOKEN)
        expect(yield* Sim.requests(sim, "postmark", "POST /email/batch")).toBe(1)
        const bounces = yield* Sim.drive(Stream.runCollect(client.bounces.list()))
        expect(Chunk.size(bounces)).toBe(0)
        expect(yield* Sim.requests(sim, "postmark", "GET /bounces")).toBe(3)
      }))

    it.scoped("reports a removed field as ResponseDrift and unparseable JSON as a typed error", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "drift", vendor: "postmark", route: "POST /email", op: "remove", path: "ErrorCode", times: 1 },
          { kind: "malformed", vendor: "postmark", route: "GET /message-streams/{stream_ID}", times: 1 }
        ])
        const client = yield* postmark(sim)
        Sim.expectError(yield* Sim.failure(client.email.send(email("a@example.com"))), { reason: "ResponseDrift", status: 200 }, TOKEN)
        Sim.expectError(yield* Sim.failure(client.messageStreams.get("outbound")), { reason: "ResponseDrift", status: 200 }, TOKEN)
      }))

    it.scoped("opens the circuit during an outage and fails fast", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([{ kind: "outage", vendor: "postmark", fromMs: 0, toMs: 60_000 }])
        const client = yield* postmark(sim)
        const reasons: Array<string> = []
        for (let i = 0; i < 6; i++) reasons.push((yield* Sim.failure(client.healthCheck)).reason)
        expect(reasons).toEqual(["Server", "Server", "Server", "Server", "Server", "CircuitOpen"])
        expect(yield* Sim.requests(sim, "postmark", "GET /server")).toBe(5)
      }))
  })
})
