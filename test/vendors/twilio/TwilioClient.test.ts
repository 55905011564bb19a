import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as Health from "../../../src/core/Health.js"
import { type IntegrationError, isIntegrationError } from "../../../src/core/IntegrationError.js"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as TwilioClient from "../../../src/vendors/twilio/TwilioClient.js"
import * as TwilioError from "../../../src/vendors/twilio/TwilioError.js"
import type * as TwilioSchemas from "../../../src/vendors/twilio/TwilioSchemas.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as Sim from "../simulator/support.js"
import * as TwilioServer from "./support/TwilioServer.js"

const AUTH_TOKEN = "canary_auth_token_5f0e9a1b2c3d4e5f"
const API_KEY_SID = "SKabcdefabcdefabcdefabcdefabcdefab"
const API_SECRET = "canary_api_secret_77aa88bb99cc"
const { ACCOUNT_SID, MESSAGE_SID } = TwilioServer
const MESSAGES_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`

const client = (options: Partial<TwilioClient.Options> = {}) =>
  TwilioClient.make({ accountSid: ACCOUNT_SID, authToken: Redacted.make(AUTH_TOKEN), ...options })

const failure = <A, E>(exit: Exit.Exit<A, E>): IntegrationError => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const error = Cause.failureOption(exit.cause)
  if (error._tag === "None") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  if (!isIntegrationError(error.value)) throw new Error(`expected an IntegrationError, got ${String(error.value)}`)
  return error.value
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`

const pairs = (body: string | undefined) => [...new URLSearchParams(body ?? "")]

const withEnv = (entries: ReadonlyArray<readonly [string, string]>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(entries)))

const sms: TwilioSchemas.CreateMessageParams = { To: "+14155552671", From: "+15017122661", Body: "Your code is 1234" }

/** A transport that never answers, counting the requests it swallowed. */
const silent = Effect.map(Ref.make(0), (count) => ({
  count: Ref.get(count),
  layer: Layer.succeed(HttpClient.HttpClient, HttpClient.make(() => Effect.zipRight(Ref.update(count, (n) => n + 1), Effect.never)))
}))

describe("TwilioClient", () => {
  describe("requests on the wire", () => {
    it.scoped("sends messages.create as a form POST under the account, with basic auth and no idempotency key", () =>
      Effect.gen(function*() {
        const server = yield* TwilioServer.make(() => ({ status: 201, body: TwilioServer.message }))
        const twilio = yield* client({ baseUrl: server.url })
        const message = yield* twilio.messages.create({
          To: "+14155552671",
          From: "+15017122661",
          Body: "Hello! 👍 & more",
          MediaUrl: ["https://demo.twilio.com/owl.png", "https://demo.twilio.com/logo.png"],
          StatusCallback: "https://example.com/twilio/status?tenant=1",
          ShortenUrls: true,
          ValidityPeriod: 600
        })
        expect([message.sid, message.status, message.date_sent]).toEqual([MESSAGE_SID, "queued", null])
        const [request] = yield* server.requests
        expect(request?.method).toBe("POST")
        expect(request?.path).toBe(MESSAGES_PATH)
        expect(request?.headers.authorization).toBe(basic(ACCOUNT_SID, AUTH_TOKEN))
        expect(request?.headers["content-type"]).toContain("application/x-www-form-urlencoded")
        expect(request?.headers["idempotency-key"]).toBeUndefined()
        expect(pairs(request?.body)).toEqual([
          ["To", "+14155552671"],
          ["From", "+15017122661"],
          ["Body", "Hello! 👍 & more"],
          ["MediaUrl", "https://demo.twilio.com/owl.png"],
          ["MediaUrl", "https://demo.twilio.com/logo.png"],
          ["StatusCallback", "https://example.com/twilio/status?tenant=1"],
          ["ValidityPeriod", "600"],
          ["ShortenUrls", "true"]
        ])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))

    it.scoped("authenticates with an API key when given one, still under the account's path", () =>
      Effect.gen(function*() {
        const server = yield* TwilioServer.make(() => ({ body: TwilioServer.message }))
        const twilio = yield* TwilioClient.make({
          accountSid: ACCOUNT_SID,
          apiKey: { sid: API_KEY_SID, secret: Redacted.make(API_SECRET) },
          authToken: Redacted.make(AUTH_TOKEN),
          baseUrl: server.url
        })
        const message = yield* twilio.messages.retrieve(MESSAGE_SID)
        expect(message.sid).toBe(MESSAGE_SID)
        const [request] = yield* server.requests
        expect(request?.method).toBe("GET")
        expect(request?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${MESSAGE_SID}.json`)
        expect(request?.headers.authorization).toBe(basic(API_KEY_SID, API_SECRET))
        expect(request?.body).toBe("")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)))
  })

  describe("validation before any I/O", () => {
    it.scoped("rejects numbers that are not E.164 and incomplete messages with InvalidRequest, sending nothing", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(201, TwilioServer.message))
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const bad: ReadonlyArray<TwilioSchemas.CreateMessageParams> = [
          { ...sms, To: "4155552671" },
          { ...sms, To: "+0155552671" },
          { ...sms, To: "+1 415 555 2671" },
          { ...sms, To: "+1234567890123456" },
          { ...sms, From: "+1-501-712-2661" },
          { ...sms, From: "TooLongSenderId" },
          { To: "+14155552671", Body: "no sender" },
          { To: "+14155552671", From: "+15017122661" },
          { ...sms, Body: "x".repeat(1601) },
          { ...sms, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`) },
          { ...sms, StatusCallback: "ftp://example.com/status" },
          { ...sms, MessagingServiceSid: "MGnot-a-sid" },
          { ...sms, ScheduleType: "fixed", SendAt: "2030-01-01T00:00:00Z" }
        ]
        for (const [index, params] of bad.entries()) {
          const error = failure(yield* Effect.exit(twilio.messages.create(params)))
          expect([index, error.reason, error.vendor]).toEqual([index, "InvalidRequest", "Twilio"])
          expect(error.description).not.toContain(params.To)
        }
        const wrongSid = failure(yield* Effect.exit(twilio.messages.retrieve("SM../../Calls")))
        expect(wrongSid.reason).toBe("InvalidRequest")
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.scoped("accepts WhatsApp addresses, short codes, alphanumeric sender IDs and a Messaging Service alone", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(201, TwilioServer.message))
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const good: ReadonlyArray<TwilioSchemas.CreateMessageParams> = [
          { To: "whatsapp:+14155552671", From: "whatsapp:+15017122661", Body: "hi" },
          { To: "+14155552671", From: "12345", Body: "hi" },
          { To: "+447700900123", From: "Acme Ltd", Body: "hi" },
          { To: "+14155552671", MessagingServiceSid: "MG0123456789abcdef0123456789abcdef", MediaUrl: ["https://x.io/a.png"] }
        ]
        for (const params of good) yield* twilio.messages.create(params)
        expect(yield* stub.requests).toHaveLength(good.length)
      }))
  })

  describe("retries: never a send that may have reached Twilio", () => {
    it.scoped("a send that timed out while Twilio kept working says the SMS may still go out, and is not repeated", () =>
      Effect.gen(function*() {
        const sim = yield* Sim.simulator([
          { kind: "latency", vendor: "twilio", route: "POST /2010-04-01/Accounts/{AccountSid}/Messages.json", ms: 10_000 }
        ])
        const twilio = yield* Sim.client(
          client({ accountSid: "AC0123456789abcdef0123456789abcdef", baseUrl: sim.baseUrl("twilio"), policy: { timeout: "2 seconds" } })
        )
        const error = yield* Sim.failure(Sim.drive(twilio.messages.create(sms)))
        expect(error.reason).toBe("Timeout")
        expect(error.mayHaveSucceeded).toBe(true)
        expect(error.description).toContain("no idempotency key was sent")
        expect(TwilioError.isAmbiguousSend(error)).toBe(true)
        expect(yield* Sim.requests(sim, "twilio", "POST /2010-04-01/Accounts/{AccountSid}/Messages.json")).toBe(1)
        // Twilio finishes the request it was given: the SMS is sent, once.
        yield* TestClock.adjust("10 seconds")
        yield* Sim.until("Twilio has sent the SMS", Effect.map(sim.stats, (stats) => stats.sideEffects.length === 1))
      }))

    it.scoped("a connection refused before anything was sent is not reported as a send that may have succeeded", () =>
      Effect.gen(function*() {
        const twilio = yield* Sim.client(client({ baseUrl: "http://127.0.0.1:9", policy: { timeout: "10 seconds" } }))
        const error = yield* Sim.failure(Sim.drive(twilio.messages.create(sms)))
        expect(error.reason).toBe("Transport")
        expect(error.mayHaveSucceeded).toBeUndefined()
      }))

    it.scoped("does not retry messages.create after a 500, a 503 or a dropped connection, and flags it ambiguous", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(500, TwilioServer.error(500, 20500))
            : n === 2
            ? StubHttp.json(503, TwilioServer.error(503, 20503))
            : { transportError: true }
        )
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const errors: Array<IntegrationError> = []
        for (const expected of [["Server", 500], ["Server", 503], ["Transport", undefined]] as const) {
          const fiber = yield* Effect.fork(Effect.exit(twilio.messages.create(sms)))
          yield* TestClock.adjust(Duration.seconds(30))
          const error = failure(yield* Fiber.join(fiber))
          expect([error.reason, error.status]).toEqual(expected)
          expect(TwilioError.isAmbiguousSend(error)).toBe(true)
          errors.push(error)
        }
        expect(yield* stub.requests).toHaveLength(3)
        expect(errors[0]?.description).toContain("may or may not have been sent")
      }))

    it.scoped("times a silent send out once and does not repeat it, even with more retries and a smuggled key", () =>
      Effect.gen(function*() {
        const transport = yield* silent
        const twilio = yield* client().pipe(Effect.provide(transport.layer))
        const options = { policy: { maxRetries: 5 }, idempotencyKey: "order-42" } as TwilioClient.CallOptions
        const fiber = yield* Effect.fork(Effect.exit(twilio.messages.create(sms, options)))
        yield* TestClock.adjust(Duration.minutes(5))
        const error = failure(yield* Fiber.join(fiber))
        expect(error.reason).toBe("Timeout")
        expect(TwilioError.isAmbiguousSend(error)).toBe(true)
        expect(yield* transport.count).toBe(1)
      }))

    it.scoped("retries a 429 on messages.create, which proves Twilio did not act, then sends once", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(429, TwilioServer.error(429, 20429)) : StubHttp.json(201, TwilioServer.message)
        )
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(twilio.messages.create(sms))
        yield* TestClock.adjust(Duration.seconds(5))
        expect((yield* Fiber.join(fiber)).sid).toBe(MESSAGE_SID)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(2)
        expect(requests[1]!.body).toBe(requests[0]!.body)
      }))

    it.scoped("retries reads on 503 and dropped connections, up to three times, with twilio-node's backoff", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(503, TwilioServer.error(503, 20503))
            : n === 2
            ? { transportError: true }
            : StubHttp.json(200, TwilioServer.message)
        )
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const fiber = yield* Effect.fork(twilio.messages.retrieve(MESSAGE_SID))
        yield* TestClock.adjust(Duration.seconds(10))
        expect((yield* Fiber.join(fiber)).sid).toBe(MESSAGE_SID)
        const requests = yield* stub.requests
        expect(requests).toHaveLength(3)
        expect(requests[2]!.atMillis - requests[0]!.atMillis).toBeLessThanOrEqual(200 + 400)

        const down = yield* StubHttp.make(() => StubHttp.json(503, TwilioServer.error(503, 20503)))
        const failing = yield* client().pipe(Effect.provide(down.layer))
        const gaveUp = yield* Effect.fork(Effect.exit(failing.messages.retrieve(MESSAGE_SID)))
        yield* TestClock.adjust(Duration.seconds(30))
        expect(failure(yield* Fiber.join(gaveUp)).reason).toBe("Server")
        expect(yield* down.requests).toHaveLength(4)
      }))
  })

  describe("failures", () => {
    it.scoped("maps a Twilio 400 with its code, documentation link and request id, never its message", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(400, TwilioServer.error(400, 21211), { "twilio-request-id": "RQ0123" })
        )
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const error = failure(yield* Effect.exit(twilio.messages.create(sms)))
        expect([error.reason, error.status, error.requestId]).toEqual(["InvalidRequest", 400, "RQ0123"])
        expect(TwilioError.details(error)).toEqual({
          code: "21211",
          more_info: "https://www.twilio.com/docs/errors/21211",
          status: "400"
        })
        expect(TwilioError.hasCode(TwilioError.Codes.invalidToNumber)(error)).toBe(true)
        expect(TwilioError.isAmbiguousSend(error)).toBe(false)
        expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("+14155552671")
      }))

    it.scoped("maps a 401 to Unauthorized and a 404 to NotFound", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1 ? StubHttp.json(401, TwilioServer.error(401, 20003)) : StubHttp.json(404, TwilioServer.error(404, 20404))
        )
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        const unauthorized = failure(yield* Effect.exit(twilio.balance.retrieve()))
        expect(unauthorized.reason).toBe("Unauthorized")
        const missing = failure(yield* Effect.exit(twilio.messages.retrieve(MESSAGE_SID)))
        expect([missing.reason, TwilioError.details(missing).code]).toEqual(["NotFound", "20404"])
      }))
  })

  describe("layers", () => {
    it.effect("layerConfig reports every missing or malformed variable at once, by name only", () =>
      Effect.gen(function*() {
        const build = (entries: ReadonlyArray<readonly [string, string]>) =>
          Effect.flip(
            Layer.build(IntegrationConfig.layer(TwilioClient.fromEnv)).pipe(
              Effect.scoped,
              Effect.provide(NodeHttpClient.layerUndici),
              withEnv(entries)
            )
          )
        const nothing = yield* build([])
        expect(IntegrationConfig.problems(nothing).map((p) => [p.key, p.kind])).toEqual([
          ["TWILIO_ACCOUNT_SID", "Missing"],
          ["TWILIO_AUTH_TOKEN", "Missing"]
        ])
        const keyWithoutSecret = yield* build([["TWILIO_ACCOUNT_SID", "AC123"], ["TWILIO_API_KEY", API_KEY_SID]])
        expect(IntegrationConfig.problems(keyWithoutSecret).map((p) => [p.key, p.kind])).toEqual([
          ["TWILIO_ACCOUNT_SID", "Invalid"],
          ["TWILIO_API_SECRET", "Missing"]
        ])
        const badUrl = yield* build([
          ["TWILIO_ACCOUNT_SID", ACCOUNT_SID],
          ["TWILIO_AUTH_TOKEN", AUTH_TOKEN],
          ["TWILIO_BASE_URL", "nope"]
        ])
        const text = IntegrationConfig.format(badUrl)
        expect(text).toContain("TWILIO_BASE_URL")
        expect(text).not.toContain(AUTH_TOKEN)
      }))

    it.scoped("layerConfig prefers the API key from the environment and never prints a secret in errors", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() =>
          StubHttp.json(401, { ...TwilioServer.error(401, 20003), message: `Authenticate ${API_SECRET} ${AUTH_TOKEN}` })
        )
        const exit = yield* Effect.exit(
          Effect.flatMap(TwilioClient.TwilioClient, (twilio) => twilio.messages.create(sms)).pipe(
            Effect.provide(TwilioClient.layerConfig()),
            Effect.provide(stub.layer),
            withEnv([
              ["TWILIO_ACCOUNT_SID", ACCOUNT_SID],
              ["TWILIO_AUTH_TOKEN", AUTH_TOKEN],
              ["TWILIO_API_KEY", API_KEY_SID],
              ["TWILIO_API_SECRET", API_SECRET]
            ])
          )
        )
        const error = failure(exit)
        expect(error.reason).toBe("Unauthorized")
        const requests = yield* stub.requests
        expect(requests[0]?.headers.authorization).toBe(basic(API_KEY_SID, API_SECRET))
        expect(new URL(requests[0]!.url).pathname).toBe(MESSAGES_PATH)
        for (const text of [error.message, String(error), JSON.stringify(error), Cause.pretty(Cause.fail(error))]) {
          expect(text).not.toContain(API_SECRET)
          expect(text).not.toContain(AUTH_TOKEN)
        }
      }))

    it.scoped("refuses a malformed account or API key SID, or no credential, with a ConfigError naming each", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
        const keys = (error: Parameters<typeof IntegrationConfig.problems>[0]) =>
          IntegrationConfig.problems(error).map((p) => [p.key, p.kind])
        const badSids = yield* Effect.flip(
          client({ accountSid: "AC123", apiKey: { sid: "SK1", secret: Redacted.make(API_SECRET) } }).pipe(Effect.provide(stub.layer))
        )
        expect(keys(badSids)).toEqual([["Twilio.accountSid", "Invalid"], ["Twilio.apiKey.sid", "Invalid"]])
        const none = yield* Effect.flip(TwilioClient.make({ accountSid: ACCOUNT_SID }).pipe(Effect.provide(stub.layer)))
        expect(keys(none)).toEqual([["Twilio.authToken", "Invalid"]])
        expect(IntegrationConfig.format(badSids)).not.toContain(API_SECRET)
        expect(yield* stub.requests).toHaveLength(0)
      }))

    it.effect("layerTest fails a missing method inside its Effect, naming it, and has a health check", () =>
      Effect.gen(function*() {
        const fake = yield* TwilioClient.TwilioClient
        const exit = yield* Effect.exit(fake.messages.create(sms))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("TwilioClient.messages.create is not implemented")
        yield* fake.healthCheck
      }).pipe(Effect.provide(TwilioClient.layerTest({}))))

    it.scoped("passes the kernel's settings through: a bulkhead refuses a second concurrent send before it is sent", () =>
      Effect.gen(function*() {
        const slow = yield* StubHttp.make(() => ({ status: 201, body: TwilioServer.message, delay: "1 second" }))
        const twilio = yield* client({ bulkhead: { maxConcurrent: 1 } }).pipe(Effect.provide(slow.layer))
        const first = yield* Effect.fork(twilio.messages.create(sms))
        while ((yield* slow.requests).length === 0) yield* Effect.yieldNow()
        expect(failure(yield* Effect.exit(twilio.messages.create(sms))).reason).toBe("BulkheadRejected")
        yield* TestClock.adjust("1 second")
        expect((yield* Fiber.join(first)).sid).toBe(MESSAGE_SID)
        expect(yield* slow.requests).toHaveLength(1)
      }))

    it.effect("layerTest serves the given methods and dies naming any other", () =>
      Effect.gen(function*() {
        const twilio = yield* TwilioClient.TwilioClient
        expect((yield* twilio.messages.create(sms)).sid).toBe(MESSAGE_SID)
        const exit = yield* Effect.exit(Effect.suspend(() => twilio.messages.retrieve(MESSAGE_SID)))
        expect(Exit.isFailure(exit) && Cause.pretty(exit.cause)).toContain("TwilioClient.messages.retrieve is not implemented")
      }).pipe(
        Effect.provide(
          TwilioClient.layerTest({
            messages: {
              create: () =>
                Effect.succeed({ sid: MESSAGE_SID, account_sid: ACCOUNT_SID, status: "queued", direction: "outbound-api" as const })
            }
          })
        )
      ))

    it.scoped("registers a twilio health check that reads the balance once, without retries", () =>
      Effect.gen(function*() {
        const stub = yield* StubHttp.make((n) =>
          n === 1
            ? StubHttp.json(200, { account_sid: ACCOUNT_SID, balance: "0.05", currency: "USD" })
            : StubHttp.json(503, TwilioServer.error(503, 20503))
        )
        const reports = yield* Effect.gen(function*() {
          const health = yield* Health.HealthChecks
          return [yield* health.run, yield* health.run] as const
        }).pipe(
          Effect.provide(
            TwilioClient.layer({ accountSid: ACCOUNT_SID, authToken: Redacted.make(AUTH_TOKEN) }).pipe(
              Layer.provideMerge(Health.layer),
              Layer.provide(stub.layer)
            )
          )
        )
        expect(reports[0].checks).toMatchObject([{ name: "twilio", status: "up", critical: true }])
        expect(reports[1].status).toBe("down")
        const requests = yield* stub.requests
        expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
          ["GET", `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`],
          ["GET", `/2010-04-01/Accounts/${ACCOUNT_SID}/Balance.json`]
        ])
      }))
  })

  describe("telemetry", () => {
    const exporter = new InMemorySpanExporter()
    const Tracing = NodeSdk.layer(() => ({ resource: { serviceName: "test" }, spanProcessor: new SimpleSpanProcessor(exporter) }))

    it.scoped("names the span Twilio.messages.create, records the request id and no phone number or body", () =>
      Effect.gen(function*() {
        exporter.reset()
        const stub = yield* StubHttp.make(() => StubHttp.json(201, TwilioServer.message, { "twilio-request-id": "RQabc" }))
        const twilio = yield* client().pipe(Effect.provide(stub.layer))
        yield* twilio.messages.create(sms)
        const [span] = exporter.getFinishedSpans()
        expect(span?.name).toBe("Twilio.messages.create")
        expect(span?.attributes).toMatchObject({
          "integration.request_id": "RQabc",
          "integration.idempotency_key.present": false
        })
        const text = JSON.stringify(span?.attributes)
        expect(text).not.toContain("4155552671")
        expect(text).not.toContain("Your code")
      }).pipe(Effect.provide(Tracing)))
  })
})
