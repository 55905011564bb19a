/**
 * Correctly signed webhooks for app tests: give a payload and the secret your handler is configured with, get the body
 * and headers the vendor would send, and post them to your own handler. Signing is the verifiers' own (`scheme.sign`
 * in `effect-integrations/webhooks`); the timestamp comes from Effect's `Clock`, so `TestClock` controls it.
 *
 * @example
 * ```ts
 * import * as Redacted from "effect/Redacted"
 * import { SignedWebhooks } from "effect-integrations/testing"
 *
 * const secret = Redacted.make("whsec_x")
 * const delivery = SignedWebhooks.stripe({ id: "evt_1", type: "customer.created" }, { secret })
 * // Effect<{ body, headers }>: `fetch(url, { method: "POST", body, headers })` or `SignedWebhooks.toRequest(...)`
 * ```
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as CalCom from "../webhooks/schemes/CalCom.js"
import * as Firecrawl from "../webhooks/schemes/Firecrawl.js"
import * as GitHub from "../webhooks/schemes/GitHub.js"
import * as HubSpot from "../webhooks/schemes/HubSpot.js"
import * as GoHighLevel from "../webhooks/schemes/GoHighLevel.js"
import * as LlamaCloud from "../webhooks/schemes/LlamaCloud.js"
import * as Retell from "../webhooks/schemes/Retell.js"
import * as Waha from "../webhooks/schemes/Waha.js"
import * as Shopify from "../webhooks/schemes/Shopify.js"
import * as Slack from "../webhooks/schemes/Slack.js"
import * as StandardWebhooks from "../webhooks/schemes/StandardWebhooks.js"
import * as Stripe from "../webhooks/schemes/Stripe.js"
import * as Twilio from "../webhooks/schemes/Twilio.js"
import type { Secrets, WebhookScheme } from "../webhooks/WebhookScheme.js"

/**
 * A payload: a string or UTF-8 bytes are sent as they are, `URLSearchParams` as a form, anything else as JSON.
 *
 * @since 0.1.0
 * @category Models
 */
export type Payload = string | Uint8Array | URLSearchParams | object

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The secret (or secrets, during rotation) your handler verifies with. */
  readonly secret: Secrets
  /** The public URL the vendor calls: required by the schemes that sign it (Twilio, HubSpot). */
  readonly url?: string | undefined
  /** The HTTP method, for HubSpot, which signs it. Default `POST`. */
  readonly method?: string | undefined
  /** The delivery id, for the schemes that send one. Default: a random one from Effect's `Random`. */
  readonly id?: string | undefined
  /** When it was signed. Default: now, from Effect's `Clock`. */
  readonly timestamp?: DateTime.DateTime.Input | undefined
}

/**
 * A delivery ready to post: `body` is the exact signed text, `headers` carry the signature and the content type.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SignedWebhook {
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

const encode = (payload: Payload): { readonly body: string; readonly contentType: string } => {
  if (typeof payload === "string") {
    return { body: payload, contentType: /^\s*[[{]/.test(payload) ? "application/json" : "text/plain" }
  }
  // Bytes that are not UTF-8 would not survive as a string body: a programmer error, so it throws.
  if (payload instanceof Uint8Array) {
    return { body: new TextDecoder("utf-8", { fatal: true }).decode(payload), contentType: "application/octet-stream" }
  }
  if (payload instanceof URLSearchParams) {
    return { body: payload.toString(), contentType: "application/x-www-form-urlencoded" }
  }
  return { body: JSON.stringify(payload), contentType: "application/json" }
}

/**
 * Signs a payload with any scheme, including one of your own that implements `WebhookScheme`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const sign = (scheme: WebhookScheme, payload: Payload, options: Options): Effect.Effect<SignedWebhook> => {
  const { body, contentType } = encode(payload)
  const input = { body, id: options.id, timestamp: options.timestamp, url: options.url, method: options.method }
  return Effect.map(
    scheme.sign(input, options.secret),
    // A scheme may complete the body as its vendor does (GoHighLevel adds `timestamp` and `webhookId`).
    (signed) => ({
      body: signed.body.byteLength === body.length ? body : new TextDecoder().decode(signed.body),
      headers: { "content-type": contentType, ...signed.headers }
    })
  )
}

/**
 * Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), as OpenAI, Clerk and others send them.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const standard = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(StandardWebhooks.scheme, payload, options)

/**
 * Resend: Standard Webhooks under Svix's header names (`svix-id`, `svix-timestamp`, `svix-signature`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const resend = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  Effect.map(standard(payload, options), (signed) => ({
    body: signed.body,
    headers: Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.replace(/^webhook-/, "svix-"), value])
    )
  }))

/**
 * Stripe (`Stripe-Signature: t=...,v1=...`), one `v1` per secret.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const stripe = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Stripe.scheme, payload, options)

/**
 * GitHub (`X-Hub-Signature-256`, `X-GitHub-Delivery`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const github = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(GitHub.scheme, payload, options)

/**
 * Slack (`X-Slack-Signature`, `X-Slack-Request-Timestamp`); pass `URLSearchParams` for slash commands.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const slack = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Slack.scheme, payload, options)

/**
 * Twilio (`X-Twilio-Signature` over the URL and the form parameters). Twilio posts forms, so a record of strings is
 * sent as one; `options.url` must be the exact URL your handler sees.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const twilio = (
  params: Readonly<Record<string, string>> | URLSearchParams,
  options: Options & { readonly url: string }
): Effect.Effect<SignedWebhook> =>
  sign(Twilio.scheme, params instanceof URLSearchParams ? params : new URLSearchParams({ ...params }), options)

/**
 * HubSpot v3 (`X-HubSpot-Signature-v3` over method, URL, body and timestamp); `options.url` must be the exact URL
 * your handler sees.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const hubspot = (payload: Payload, options: Options & { readonly url: string }): Effect.Effect<SignedWebhook> =>
  sign(HubSpot.scheme, payload, options)

/**
 * Shopify (`X-Shopify-Hmac-Sha256`, `X-Shopify-Webhook-Id`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const shopify = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Shopify.scheme, payload, options)

/**
 * Cal.com (`X-Cal-Signature-256`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const calcom = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(CalCom.scheme, payload, options)

/**
 * Retell (`x-retell-signature`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const retell = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Retell.scheme, payload, options)

/**
 * GoHighLevel (`x-wh-signature`, RSA-SHA256): `secret` is the private key PEM of a key pair your test generated, and
 * the handler verifies with its public half. A JSON object payload gets the `timestamp` and `webhookId` GoHighLevel's
 * deliveries carry, unless it has them.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const gohighlevel = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(GoHighLevel.scheme, payload, options)

/**
 * LlamaCloud (`LC-Signature: sha256=<hex>`).
 *
 * @since 0.2.0
 * @category Constructors
 */
export const llamacloud = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(LlamaCloud.scheme, payload, options)

/**
 * Firecrawl (`X-Firecrawl-Signature`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const firecrawl = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Firecrawl.scheme, payload, options)

/**
 * WAHA (`X-Webhook-Hmac`, HMAC-SHA512).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const waha = (payload: Payload, options: Options): Effect.Effect<SignedWebhook> =>
  sign(Waha.scheme, payload, options)

/**
 * A Web `Request` posting the delivery to `url`, for handlers built with `WebhookWeb`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const toRequest = (signed: SignedWebhook, url: string, method = "POST"): Request =>
  new Request(url, { method, body: signed.body, headers: signed.headers })
