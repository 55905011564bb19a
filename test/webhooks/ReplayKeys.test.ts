import { describe, expect, it } from "@effect/vitest"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as NodeHttp from "node:http"
import * as SignedWebhooks from "../../src/testing/SignedWebhooks.js"
import * as ReplayGuard from "../../src/webhooks/ReplayGuard.js"
import * as CalCom from "../../src/webhooks/schemes/CalCom.js"
import * as Firecrawl from "../../src/webhooks/schemes/Firecrawl.js"
import * as GitHub from "../../src/webhooks/schemes/GitHub.js"
import * as HubSpot from "../../src/webhooks/schemes/HubSpot.js"
import * as GoHighLevel from "../../src/webhooks/schemes/GoHighLevel.js"
import * as LlamaCloud from "../../src/webhooks/schemes/LlamaCloud.js"
import * as Retell from "../../src/webhooks/schemes/Retell.js"
import * as Waha from "../../src/webhooks/schemes/Waha.js"
import * as Shopify from "../../src/webhooks/schemes/Shopify.js"
import * as Slack from "../../src/webhooks/schemes/Slack.js"
import * as StandardWebhooks from "../../src/webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../../src/webhooks/schemes/Stripe.js"
import * as Twilio from "../../src/webhooks/schemes/Twilio.js"
import * as WebhookHttp from "../../src/webhooks/WebhookHttp.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import type { SchemeName, VerifiedWebhook, WebhookScheme } from "../../src/webhooks/WebhookScheme.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"
import * as WebhookWeb from "../../src/webhooks/WebhookWeb.js"
import * as GoHighLevelKeys from "./goHighLevelKeys.js"

const secret = Redacted.make("It's a Secret to Everybody")

/** One vendor whose delivery id travels in a header the signature does not cover. */
interface UnsignedIdVendor {
  readonly scheme: WebhookScheme
  readonly idHeader: string
  /** A genuine delivery for `url`, signed by the scheme's own `sign`. */
  readonly deliver: (url: string) => Effect.Effect<SignedWebhooks.SignedWebhook>
}

const vendors: ReadonlyArray<UnsignedIdVendor> = [
  {
    scheme: GitHub.scheme,
    idHeader: GitHub.headers.delivery,
    deliver: () => SignedWebhooks.github({ action: "opened" }, { secret, id: "72d3162e-cc78-11e3-81ab-4c9367dc0958" })
  },
  {
    scheme: Shopify.scheme,
    idHeader: Shopify.headers.webhookId,
    deliver: () => SignedWebhooks.shopify({ id: 820982911946154508 }, { secret, id: "b54557e4" })
  },
  {
    scheme: Twilio.scheme,
    idHeader: Twilio.headers.idempotencyToken,
    deliver: (url) => SignedWebhooks.twilio({ MessageSid: "SM1", MessageStatus: "delivered" }, { secret, url, id: "idem-1" })
  }
]

/** The same signed delivery, its id header replaced by each of 12 fresh values, then removed. */
const forgedCopies = (vendor: UnsignedIdVendor, signed: SignedWebhooks.SignedWebhook) => {
  const withoutId = Object.fromEntries(
    Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== vendor.idHeader.toLowerCase())
  )
  expect(Object.keys(withoutId)).toHaveLength(Object.keys(signed.headers).length - 1)
  return [
    ...Array.from({ length: 12 }, (_, i) => ({ ...withoutId, [vendor.idHeader]: `forged-${i}-${vendor.scheme.name}` })),
    withoutId
  ]
}

const counting = () => {
  const state = { calls: 0, webhooks: [] as Array<VerifiedWebhook> }
  return {
    state,
    handler: (_: unknown, webhook: VerifiedWebhook) => Effect.sync(() => void (state.calls++, state.webhooks.push(webhook)))
  }
}

describe("replay keys come only from signed content", () => {
  describe("WebhookWeb", () => {
    for (const vendor of vendors) {
      it.effect(`${vendor.scheme.label}: one genuine delivery posted with 12 fresh ${vendor.idHeader} values and none runs the handler once`, () =>
        Effect.gen(function*() {
          const url = "https://hooks.example.com/inbound"
          const { handler, state } = counting()
          const handle = WebhookWeb.toHandler({ scheme: vendor.scheme, secrets: secret, schema: Schema.Unknown, handler })
          const signed = yield* vendor.deliver(url)
          const statuses: Array<number> = []
          for (const headers of forgedCopies(vendor, signed)) {
            const response = yield* Effect.promise(() => handle(new Request(url, { method: "POST", body: signed.body, headers })))
            statuses.push(response.status)
          }
          // Every copy verified (a 200, not a 401), and only the first ran the handler.
          expect(statuses).toEqual(Array.from({ length: 13 }, () => 200))
          expect(state.calls).toBe(1)
          expect(state.webhooks[0]!.replayProtection).toBe("remembered")
          expect(state.webhooks[0]!.idSigned).toBe(false)
        }))
    }
  })

  describe("WebhookHttp on a real server", () => {
    /** Serves `options` at POST /hooks on 127.0.0.1 with a memory replay guard. */
    const serve = <A, I>(options: WebhookHttp.HandlerOptions<A, I, never>) =>
      Effect.gen(function*() {
        const server = yield* NodeHttpServer.make(() => NodeHttp.createServer(), { port: 0, host: "127.0.0.1" })
        const guard = yield* ReplayGuard.makeMemory()
        yield* server.serve(HttpRouter.empty.pipe(WebhookHttp.route("/hooks", options))).pipe(
          Effect.provideService(ReplayGuard.ReplayGuard, guard)
        )
        return `http://127.0.0.1:${(server.address as HttpServer.TcpAddress).port}/hooks`
      })

    const post = (url: string, body: string, headers: Record<string, string>) =>
      Effect.promise(() => fetch(url, { method: "POST", body, headers }).then((response) => response.status))

    for (const vendor of vendors) {
      it.scoped(`${vendor.scheme.label}: one genuine delivery posted with 12 fresh ${vendor.idHeader} values and none runs the handler once`, () =>
        Effect.gen(function*() {
          const { handler, state } = counting()
          const url = yield* serve({ scheme: vendor.scheme, secrets: secret, schema: Schema.Unknown, handler })
          const signed = yield* vendor.deliver(url)
          const statuses: Array<number> = []
          for (const headers of forgedCopies(vendor, signed)) statuses.push(yield* post(url, signed.body, headers))
          expect(statuses).toEqual(Array.from({ length: 13 }, () => 200))
          expect(state.calls).toBe(1)
          // A different genuine delivery still runs: the guard is keyed, not closed.
          const other = yield* SignedWebhooks.sign(
            vendor.scheme,
            vendor.scheme.name === "twilio"
              ? new URLSearchParams({ MessageSid: "SM2", MessageStatus: "sent" })
              : vendor.scheme.name === "github"
              ? { action: "closed" }
              : { id: 2 },
            { secret, url }
          )
          expect(yield* post(url, other.body, { ...other.headers })).toBe(200)
          expect(state.calls).toBe(2)
        }))
    }

    it.scoped("Twilio: re-encodings of what Twilio signs (parameter order, escapes, default port) run the handler once", () =>
      Effect.gen(function*() {
        const { handler, state } = counting()
        const local = yield* serve({
          scheme: Twilio.scheme,
          secrets: secret,
          schema: Schema.Struct({ Body: Schema.String }),
          handler
        })
        // Twilio signed the public URL without a port; the server rebuilds it from X-Forwarded-Host.
        const publicUrl = "http://hooks.example.com/hooks"
        const signed = yield* SignedWebhooks.twilio({ Body: "hello world", From: "+15550001111" }, { secret, url: publicUrl })
        const bodies = [
          signed.body,
          "From=%2B15550001111&Body=hello+world",
          "Body=hello%20world&From=%2B15550001111",
          "Body=hello+world&From=%2B15550001111&Body=hello+world"
        ]
        const statuses: Array<number> = []
        for (const body of bodies) {
          for (const host of ["hooks.example.com", "hooks.example.com:80"]) {
            statuses.push(yield* post(local, body, { ...signed.headers, "x-forwarded-host": host }))
          }
        }
        expect(statuses).toEqual(Array.from({ length: 8 }, () => 200))
        expect(state.calls).toBe(1)
      }))
  })

  describe("every scheme", () => {
    const at = 1_700_000_000_000
    const url = "https://hooks.example.com/inbound?tenant=7"

    /** Each scheme with the headers its signature covers or that carry the signature: every other header is unsigned. */
    const cases: ReadonlyArray<{ readonly scheme: WebhookScheme; readonly signed: ReadonlyArray<string>; readonly secret: string }> = [
      { scheme: StandardWebhooks.scheme, signed: ["webhook-id", "webhook-timestamp", "webhook-signature"], secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
      { scheme: Stripe.scheme, signed: ["stripe-signature"], secret: "whsec_test" },
      { scheme: GitHub.scheme, signed: ["x-hub-signature-256"], secret: "s" },
      { scheme: Slack.scheme, signed: ["x-slack-signature", "x-slack-request-timestamp"], secret: "s" },
      { scheme: Twilio.scheme, signed: ["x-twilio-signature"], secret: "s" },
      { scheme: HubSpot.scheme, signed: ["x-hubspot-signature-v3", "x-hubspot-request-timestamp"], secret: "s" },
      { scheme: Shopify.scheme, signed: ["x-shopify-hmac-sha256"], secret: "s" },
      { scheme: CalCom.scheme, signed: ["x-cal-signature-256"], secret: "s" },
      { scheme: Retell.scheme, signed: ["x-retell-signature"], secret: "s" },
      { scheme: GoHighLevel.scheme, signed: ["x-wh-signature"], secret: GoHighLevelKeys.privateKeyPem },
      { scheme: LlamaCloud.scheme, signed: ["lc-signature"], secret: "s" },
      { scheme: Firecrawl.scheme, signed: ["x-firecrawl-signature"], secret: "s" },
      { scheme: Waha.scheme, signed: ["x-webhook-hmac", "x-webhook-hmac-algorithm"], secret: "s" }
    ]

    it("covers every built-in scheme", () => {
      expect(cases.map((c) => c.scheme.name).sort()).toEqual([...Webhooks.schemeNames].sort())
    })

    /** Headers that vendors send unsigned, or that an attacker may add, plus arbitrary ones. */
    const knownUnsigned = [
      "X-GitHub-Delivery",
      "X-GitHub-Event",
      "X-Shopify-Webhook-Id",
      "X-Shopify-Event-Id",
      "X-Shopify-Topic",
      "I-Twilio-Idempotency-Token",
      "X-Slack-Retry-Num",
      "svix-id",
      "svix-timestamp",
      "Idempotency-Key",
      "X-Request-Id",
      "Content-Type"
    ]
    const headerName = FastCheck.oneof(
      FastCheck.constantFrom(...knownUnsigned),
      FastCheck.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,24}$/)
    )
    // `undefined` removes the header.
    const headerValue = FastCheck.option(FastCheck.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/), { nil: undefined })
    const edits = FastCheck.array(FastCheck.tuple(headerName, headerValue), { minLength: 1, maxLength: 6 })
    const body = FastCheck.oneof(
      FastCheck.json(),
      FastCheck.constantFrom("{\"id\":\"evt_1\",\"object\":\"event\"}", "MessageSid=SM1&Body=hi", "")
    )

    const apply = (
      headers: Readonly<Record<string, string>>,
      signedNames: ReadonlyArray<string>,
      changes: ReadonlyArray<readonly [string, string | undefined]>
    ) => {
      const result: Record<string, string> = { ...headers }
      for (const [name, value] of changes) {
        if (signedNames.includes(name.toLowerCase())) continue
        for (const existing of Object.keys(result)) {
          if (existing.toLowerCase() === name.toLowerCase()) delete result[existing]
        }
        if (value !== undefined) result[name] = value
      }
      return result
    }

    const keyOf = (scheme: WebhookScheme, body: Uint8Array, headers: Record<string, string>, secretValue: string) =>
      Effect.gen(function*() {
        const request = makeRequest({ body, headers, url, method: "POST" })
        const fast = yield* Webhooks.verify(scheme, request, Redacted.make(secretValue))
        const general = yield* scheme.verify(request, Redacted.make(secretValue))
        // The synchronous fast path and the scheme's own verify agree.
        expect(general.replayKey).toBe(fast.replayKey)
        expect(general.replayProtection).toBe(fast.replayProtection)
        return fast
      })

    for (const { scheme, secret: secretValue, signed: signedNames } of cases) {
      it.effect.prop(
        `${scheme.label}: changing, adding or removing unsigned headers never changes the replay key`,
        [body, edits],
        ([payload, changes]) =>
          Effect.gen(function*() {
            yield* TestClock.setTime(at)
            const signed = yield* scheme.sign({ body: payload, url, method: "POST", timestamp: at }, Redacted.make(secretValue))
            const original = yield* keyOf(scheme, signed.body, { ...signed.headers }, secretValue)
            const edited = yield* keyOf(scheme, signed.body, apply(signed.headers, signedNames, changes), secretValue)
            expect(edited.replayKey).toBe(original.replayKey)
            expect(edited.replayProtection).toBe(original.replayProtection)
            // GoHighLevel signs its timestamp inside the body: a body that is not a JSON object carries none.
            const timestamped = scheme.timestamped &&
              (scheme.name !== "gohighlevel" || new TextDecoder().decode(signed.body).includes("\"timestamp\""))
            expect(original.replayProtection).toBe(timestamped ? "timestamp" : "remembered")
          }),
        { fastCheck: { numRuns: 40 } }
      )
    }

    it.effect("a signed id is the key only where the signature covers it (Standard Webhooks' id, Stripe's event id)", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(at)
        const expectations: Record<SchemeName, boolean> = {
          standard: true,
          stripe: true,
          github: false,
          slack: false,
          twilio: false,
          hubspot: false,
          shopify: false,
          calcom: false,
          retell: false,
          // Not a signature scheme (not in `Webhooks.schemes`): tested in test/webhooks/PostmarkBasicAuth.test.ts.
          postmark: false,
          // The signed body's webhookId.
          gohighlevel: true,
          // Not a built-in scheme (each enrichment provider makes its own); nothing it signs is an id.
          "hmac-sha256": false,
          llamacloud: false,
          // Firecrawl's id is the body's `webhookId`; this body has none, so its digest is the key.
          firecrawl: false,
          waha: false
        }
        for (const { scheme, secret: secretValue } of cases) {
          const signed = yield* scheme.sign(
            { body: "{\"id\":\"evt_1\"}", id: "delivery-1", url, method: "POST", timestamp: at },
            Redacted.make(secretValue)
          )
          const verified = yield* keyOf(scheme, signed.body, { ...signed.headers }, secretValue)
          expect([scheme.name, verified.idSigned]).toEqual([scheme.name, expectations[scheme.name]])
          expect([scheme.name, verified.replayKey.startsWith(`${scheme.name}:id:`)]).toEqual([
            scheme.name,
            expectations[scheme.name]
          ])
        }
      }))
  })
})
