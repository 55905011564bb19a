/**
 * Secret canaries: a real vendor server on 127.0.0.1 answers every request with 4xx/5xx bodies, headers and plain
 * text that echo the request's credential, an e-mail address, a phone number and the request's own text. With every
 * log level on and spans exported, none of them may reach a log line, a span (attributes, events, status) or an error
 * (message, description, details, JSON).
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as NodeHttp from "node:http"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import { isIntegrationError } from "../../src/core/IntegrationError.js"
import * as Telemetry from "../../src/core/Telemetry.js"
import * as Redis from "../../src/state/Redis.js"
import * as AnthropicClient from "../../src/vendors/anthropic/AnthropicClient.js"
import * as OpenAIClient from "../../src/vendors/openai/OpenAIClient.js"
import * as StripeClient from "../../src/vendors/stripe/StripeClient.js"
import * as TwilioClient from "../../src/vendors/twilio/TwilioClient.js"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import * as WebhookWeb from "../../src/webhooks/WebhookWeb.js"
import * as TestServer from "../support/TestServer.js"

/** Identifier-shaped and in no known key format: only the kernel's knowledge of its own credential can catch it. */
const KEY = "canary_key_7f3a9c2e51b4d6"
const EMAIL = "jane.canary@example.com"
const PHONE = "+14155550199"
const PHONE_SPACED = "+1 415 555 0199"
const TEXT = "Bluebird canary plan for the quarterly offsite"
const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
const BASIC = Buffer.from(`${ACCOUNT_SID}:${KEY}`).toString("base64")

const CANARIES = [KEY, EMAIL, PHONE, PHONE_SPACED, "415 555 0199", "4155550199", TEXT, "Bluebird canary", BASIC]

const leaks = (text: string): ReadonlyArray<string> => CANARIES.filter((canary) => text.includes(canary))

/** The credential as the request carried it: a bearer token, an `x-api-key`, or the password of Basic auth. */
const bareKey = (headers: NodeHttp.IncomingHttpHeaders): string => {
  const authorization = headers.authorization ?? ""
  if (authorization.startsWith("Bearer ")) return authorization.slice("Bearer ".length)
  if (authorization.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice("Basic ".length), "base64").toString("utf8")
    return decoded.slice(decoded.indexOf(":") + 1)
  }
  return String(headers["x-api-key"] ?? "")
}

const STATUSES = [400, 503, 401, 500, 422, 403]

/** A vendor that refuses everything and echoes whatever it was sent, in every shape the kernel reads. */
const echoingVendor = Effect.gen(function*() {
  let count = 0
  const server = yield* TestServer.make(async (req, res) => {
    const raw = await TestServer.readBody(req)
    const sent = decodeURIComponent(raw.replace(/\+/g, " "))
    const key = bareKey(req.headers)
    const status = STATUSES[count++ % STATUSES.length]!
    const echo = `Invalid API key ${req.headers.authorization ?? key} for ${EMAIL}; call ${PHONE_SPACED}; you sent: ${sent}`
    const headers = {
      "request-id": key,
      "x-request-id": key,
      "twilio-request-id": key,
      deprecation: "true",
      sunset: `ask ${EMAIL}`,
      // The notice itself is kept (scrubbed) for the developer who has to act on it.
      warning: `299 - "key ${key} for ${EMAIL} (${PHONE_SPACED}) is deprecated"`
    }
    if (status === 500) {
      res.writeHead(500, { ...headers, "content-type": "text/plain" })
      return res.end(`upstream failed: ${echo}`)
    }
    res.writeHead(status, { ...headers, "content-type": "application/json" })
    res.end(JSON.stringify({
      error: {
        type: "invalid_request_error",
        code: key,
        param: key,
        decline_code: PHONE.slice(1),
        message: echo,
        request: { text: TEXT, email: EMAIL, phone: PHONE }
      },
      // Twilio's and HubSpot's shapes, at the top level.
      code: key,
      message: echo,
      status,
      category: key,
      name: key,
      more_info: `https://www.twilio.com/docs/errors/${key}`
    }))
  })
  return server
})

interface Captured {
  readonly logs: Array<string>
  readonly layer: Layer.Layer<never>
}

/** Every log line at every level, with its annotations and cause, as text. */
const captureLogs = (): Captured => {
  const logs: Array<string> = []
  const logger = Logger.make(({ annotations, cause, logLevel, message }) => {
    logs.push(JSON.stringify({
      level: logLevel.label,
      message,
      annotations: Object.fromEntries(HashMap.toEntries(annotations)),
      cause: Cause.isEmpty(cause) ? undefined : Cause.pretty(cause, { renderErrorCause: true })
    }))
  })
  return {
    logs,
    layer: Layer.merge(Logger.replace(Logger.defaultLogger, logger), Logger.minimumLogLevel(LogLevel.All))
  }
}

/** Everything about a failure that can be printed, logged or serialised. */
const failureText = (exit: Exit.Exit<unknown, unknown>): string => {
  if (Exit.isSuccess(exit)) throw new Error("expected the vendor to refuse the call")
  const parts = [Cause.pretty(exit.cause, { renderErrorCause: true })]
  for (const error of Cause.failures(exit.cause)) {
    expect(isIntegrationError(error)).toBe(true)
    if (isIntegrationError(error)) {
      parts.push(error.message, String(error), error.description, JSON.stringify(error), JSON.stringify(error.details))
    }
  }
  return parts.join("\n")
}

const spanText = (exporter: InMemorySpanExporter): string =>
  exporter.getFinishedSpans().map((span) =>
    JSON.stringify({
      name: span.name,
      attributes: span.attributes,
      status: span.status,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes }))
    })
  ).join("\n")

const POLICY = { maxRetries: 1, baseDelay: "1 millis", maxDelay: "2 millis", jitter: 0 } as const

/** One refused call per vendor module, each carrying the canaries in its request. */
const calls = (url: string) =>
  Effect.gen(function*() {
    const http = yield* HttpIntegration.make({
      vendor: "Echo",
      baseUrl: url,
      auth: HttpIntegration.bearer(Credentials.fixed(KEY)),
      circuitBreaker: false,
      policy: POLICY
    })
    const kernel = http.operation({
      name: "notes.create",
      method: "POST",
      input: Schema.Struct({ text: Schema.String, email: Schema.String, phone: Schema.String }),
      output: Schema.Unknown,
      request: (body) => ({ path: "/notes", body: { _tag: "Json", value: body } })
    })
    const headerAuth = yield* HttpIntegration.make({
      vendor: "EchoHeader",
      baseUrl: url,
      auth: HttpIntegration.header("x-api-key", Credentials.fixed(KEY)),
      circuitBreaker: false,
      policy: POLICY
    })
    const lookup = headerAuth.operation({
      name: "people.lookup",
      method: "GET",
      input: Schema.Struct({ email: Schema.String }),
      output: Schema.Unknown,
      request: ({ email }) => ({ path: `/people/${encodeURIComponent(email)}`, query: { phone: PHONE } })
    })
    const stripe = yield* StripeClient.make({ apiKey: Redacted.make(KEY), baseUrl: url, policy: POLICY })
    const twilio = yield* TwilioClient.make({
      accountSid: ACCOUNT_SID,
      authToken: Redacted.make(KEY),
      baseUrl: url,
      policy: POLICY
    })
    const openai = yield* OpenAIClient.make({ apiKey: Redacted.make(KEY), baseUrl: url, policy: POLICY })
    const anthropic = yield* AnthropicClient.make({ apiKey: Redacted.make(KEY), baseUrl: url, policy: POLICY })
    const all: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
      kernel({ text: TEXT, email: EMAIL, phone: PHONE }),
      kernel({ text: TEXT, email: EMAIL, phone: PHONE }),
      kernel({ text: TEXT, email: EMAIL, phone: PHONE }),
      lookup({ email: EMAIL }),
      lookup({ email: EMAIL }),
      stripe.customers.create({ email: EMAIL, phone: PHONE, description: TEXT }),
      twilio.messages.create({ To: PHONE, From: "+15017122661", Body: TEXT }),
      openai.responses.create({ model: "gpt-4.1", input: TEXT }),
      anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: TEXT }] })
    ]
    return yield* Effect.forEach(all, (call) => Effect.exit(call))
  })

describe("secret canaries", () => {
  it.live("vendor echoes of the key, an e-mail, a phone number and the request text reach no log, span or error", () =>
    Effect.gen(function*() {
      const vendor = yield* echoingVendor
      const captured = captureLogs()
      const exporter = new InMemorySpanExporter()
      const tracing = NodeSdk.layer(() => ({
        resource: { serviceName: "canary" },
        spanProcessor: new SimpleSpanProcessor(exporter)
      }))
      const { exits, spans } = yield* Effect.gen(function*() {
        const exits = yield* calls(vendor.url)
        // The provider shuts down (and the exporter forgets) when this scope closes: read the spans inside it.
        return { exits, spans: spanText(exporter) }
      }).pipe(Effect.scoped, Effect.provide(tracing), Effect.provide(captured.layer))

      const errors = exits.map(failureText)
      expect(exits).toHaveLength(9)
      // The run says something worth checking: debug outlines of the bodies, retries, deprecation notices.
      const debug = captured.logs.filter((line) => line.includes("answered HTTP"))
      expect(debug.length).toBeGreaterThanOrEqual(9)
      expect(captured.logs.some((line) => line.includes("deprecated"))).toBe(true)
      expect(spans).toContain(Telemetry.Event.attemptFailed)
      expect(spans).toContain(Telemetry.Event.deprecation)

      expect(captured.logs.flatMap(leaks)).toEqual([])
      expect(leaks(spans)).toEqual([])
      expect(errors.flatMap(leaks)).toEqual([])
      // What the debug line keeps: the vendor's error type, and the length of its free text.
      expect(debug.some((line) => line.includes("invalid_request_error") && line.includes("<string:"))).toBe(true)
    }).pipe(Effect.scoped, Effect.provide(NodeHttpClient.layerUndici)), 60_000)

  it.scoped("a Redis error quoting the command's arguments reaches neither the error nor the outage warning", () =>
    Effect.gen(function*() {
      const captured = captureLogs()
      const redis = yield* Redis.make({ url: Redis.DEFAULT_URL, prefix: `canary${Date.now()}` })
      // Redis answers an unknown command with its first arguments quoted back.
      const failed = yield* Effect.flip(redis.command("canary.probe", (client) => client.call("NOSUCHCOMMAND", KEY, EMAIL)))
      yield* redis.reportUnavailable("canary", "canary.probe", failed, true).pipe(Effect.provide(captured.layer))
      expect(failed.description).toContain("unknown command")
      expect(captured.logs.some((line) => line.includes("Redis unavailable"))).toBe(true)
      expect(leaks(`${failed.message}\n${JSON.stringify(failed)}`)).toEqual([])
      expect(captured.logs.flatMap(leaks)).toEqual([])
    }))

  const PayloadKeys = Schema.Record({ key: Schema.String, value: Schema.Number })

  it.live("a webhook whose payload keys are personal data is rejected without them in the log or the error", () =>
    Effect.gen(function*() {
      const captured = captureLogs()
      const secret = Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
      const runtime = yield* Effect.runtime<ReplayGuard.ReplayGuard>().pipe(
        Effect.provide(Layer.merge(ReplayGuard.layerMemory(), captured.layer))
      )
      const handle = WebhookWeb.toHandlerRuntime(runtime)({
        scheme: StandardWebhooks.scheme,
        secrets: secret,
        schema: PayloadKeys,
        handler: () => Effect.void
      })
      const body = JSON.stringify({ [EMAIL]: "not a number", [PHONE]: "nor this" })
      const signed = yield* StandardWebhooks.scheme.sign({ body, id: "msg_canary", timestamp: Date.now() }, secret)
      const response = yield* Effect.promise(() =>
        handle(new Request("https://example.com/hooks", { method: "POST", body, headers: signed.headers }))
      )
      expect(response.status).toBe(400)
      expect(captured.logs.some((line) => line.includes("webhook rejected") && line.includes("InvalidPayload"))).toBe(true)
      expect(captured.logs.flatMap(leaks)).toEqual([])
      const refused = yield* Effect.flip(
        Webhooks.decodeBody(StandardWebhooks.scheme, PayloadKeys, new TextEncoder().encode(body), "json")
      )
      expect(refused.reason).toBe("InvalidPayload")
      expect(leaks(`${refused.message}\n${JSON.stringify(refused)}`)).toEqual([])
    }))
})
