import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as SignedWebhooks from "../../src/testing/SignedWebhooks.js"
import * as Webhooks from "../../src/webhooks/Webhooks.js"
import type { WebhookScheme } from "../../src/webhooks/WebhookScheme.js"
import { makeRequest } from "../../src/webhooks/WebhookScheme.js"
import * as WebhookWeb from "../../src/webhooks/WebhookWeb.js"
import * as GoHighLevelKeys from "../webhooks/goHighLevelKeys.js"

const URL_ = "https://app.example.com/hooks/in?tenant=7"
const payload = { id: "evt_1", type: "booking.created", data: { n: 1 } }

interface Case {
  readonly name: string
  readonly scheme: string
  readonly secret: string
  readonly generate: (options: SignedWebhooks.Options & { readonly url: string }) => Effect.Effect<SignedWebhooks.SignedWebhook>
}

/** One generator per scheme the webhooks module verifies, plus Resend's Svix-named variant of Standard Webhooks. */
const cases: ReadonlyArray<Case> = [
  { name: "standard", scheme: "standard", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", generate: (o) => SignedWebhooks.standard(payload, o) },
  { name: "resend", scheme: "standard", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", generate: (o) => SignedWebhooks.resend(payload, o) },
  { name: "stripe", scheme: "stripe", secret: "whsec_test_secret", generate: (o) => SignedWebhooks.stripe(payload, o) },
  { name: "github", scheme: "github", secret: "gh-secret", generate: (o) => SignedWebhooks.github(payload, o) },
  { name: "slack", scheme: "slack", secret: "slack-signing-secret", generate: (o) => SignedWebhooks.slack(payload, o) },
  {
    name: "twilio",
    scheme: "twilio",
    secret: "twilio-auth-token",
    generate: (o) => SignedWebhooks.twilio({ MessageSid: "SM1", Body: "Hi & bye", From: "+15550001111" }, o)
  },
  { name: "hubspot", scheme: "hubspot", secret: "hubspot-client-secret", generate: (o) => SignedWebhooks.hubspot([payload], o) },
  { name: "shopify", scheme: "shopify", secret: "shpss_secret", generate: (o) => SignedWebhooks.shopify(payload, o) },
  { name: "calcom", scheme: "calcom", secret: "cal-secret", generate: (o) => SignedWebhooks.calcom(payload, o) },
  { name: "retell", scheme: "retell", secret: "key_retell", generate: (o) => SignedWebhooks.retell(payload, o) },
  {
    name: "gohighlevel",
    scheme: "gohighlevel",
    secret: GoHighLevelKeys.privateKeyPem,
    generate: (o) => SignedWebhooks.gohighlevel(payload, o)
  },
  { name: "llamacloud", scheme: "llamacloud", secret: "whsec_llamacloud", generate: (o) => SignedWebhooks.llamacloud(payload, o) },
  { name: "firecrawl", scheme: "firecrawl", secret: "firecrawl-secret", generate: (o) => SignedWebhooks.firecrawl(payload, o) },
  { name: "waha", scheme: "waha", secret: "waha-hmac-key", generate: (o) => SignedWebhooks.waha(payload, o) }
]

const schemeOf = (name: string): WebhookScheme => {
  const scheme = Webhooks.schemes.find((s) => s.name === name)
  if (scheme === undefined) throw new Error(`no scheme ${name}`)
  return scheme
}

const verify = (c: Case, signed: SignedWebhooks.SignedWebhook, body = signed.body) =>
  Webhooks.verify(schemeOf(c.scheme), makeRequest({ body, headers: signed.headers, url: URL_, method: "POST" }), Redacted.make(c.secret))

/** The same body with one character changed, still well-formed for its content type. */
const tamper = (body: string) => body.includes("1") ? body.replace("1", "2") : `${body}x`

describe("SignedWebhooks", () => {
  it("has a generator for every scheme the webhooks module verifies", () => {
    expect(new Set(cases.map((c) => c.scheme))).toEqual(new Set(Webhooks.schemeNames))
  })

  for (const c of cases) {
    it.effect(`${c.name}: the generated delivery verifies, a tampered body or another secret does not`, () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.UTC(2030, 0, 1))
        const signed = yield* c.generate({ secret: Redacted.make(c.secret), url: URL_ })
        const verified = yield* verify(c, signed)
        expect(verified.scheme).toBe(c.scheme)
        if (verified.timestamp !== undefined) expect(verified.timestamp.epochMillis).toBe(Date.UTC(2030, 0, 1))

        const tampered = yield* Effect.flip(verify(c, signed, tamper(signed.body)))
        expect(tampered.reason).toBe("InvalidSignature")
        const other = yield* Effect.flip(
          Webhooks.verify(
            schemeOf(c.scheme),
            makeRequest({ body: signed.body, headers: signed.headers, url: URL_, method: "POST" }),
            Redacted.make(
              c.name === "gohighlevel"
                ? GoHighLevelKeys.otherPublicKeyPem
                : c.secret.startsWith("whsec_M")
                ? "whsec_dGhpcyBpcyBhbm90aGVyIGtleQ=="
                : `${c.secret}-other`
            )
          )
        )
        expect(other.reason).toBe("InvalidSignature")
      }))
  }

  it.effect("the timestamp comes from the Clock: a delivery signed ten minutes ago is refused as stale", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("whsec_test_secret")
      const signed = yield* SignedWebhooks.stripe(payload, { secret })
      yield* TestClock.adjust("10 minutes")
      const request = makeRequest({ body: signed.body, headers: signed.headers })
      const stale = yield* Effect.flip(Webhooks.verify(schemeOf("stripe"), request, secret))
      expect(stale.reason).toBe("TimestampTooOld")
      expect(signed.headers["Stripe-Signature"]).toMatch(/^t=0,v1=[0-9a-f]{64}$/)
    }))

  it.effect("bodies keep the payload as sent, with a matching content type", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("s")
      const json = yield* SignedWebhooks.github(payload, { secret, id: "d-1" })
      expect([JSON.parse(json.body), json.headers["content-type"], json.headers["X-GitHub-Delivery"]]).toEqual([
        payload,
        "application/json",
        "d-1"
      ])
      const form = yield* SignedWebhooks.twilio({ Body: "a b" }, { secret, url: URL_ })
      expect([form.body, form.headers["content-type"]]).toEqual(["Body=a+b", "application/x-www-form-urlencoded"])
      const svix = yield* SignedWebhooks.resend("{\"type\":\"email.sent\"}", { secret: Redacted.make("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") })
      expect(Object.keys(svix.headers).sort()).toEqual(["content-type", "svix-id", "svix-signature", "svix-timestamp"])
    }))

  it.live("a generated delivery posted to an app's own handler is accepted, its tampered twin refused", () =>
    Effect.gen(function*() {
      const secret = Redacted.make("hubspot-client-secret")
      const seen: Array<unknown> = []
      const handle = WebhookWeb.toHandler({
        scheme: schemeOf("hubspot"),
        secrets: secret,
        schema: Schema.Unknown,
        handler: (event) => Effect.sync(() => void seen.push(event))
      })
      const signed = yield* SignedWebhooks.hubspot([payload], { secret, url: URL_ })
      const ok = yield* Effect.promise(() => handle(SignedWebhooks.toRequest(signed, URL_)))
      const bad = yield* Effect.promise(() => handle(SignedWebhooks.toRequest({ ...signed, body: tamper(signed.body) }, URL_)))
      expect([ok.status, bad.status]).toEqual([200, 401])
      expect(seen).toEqual([[payload]])
    }))
})
