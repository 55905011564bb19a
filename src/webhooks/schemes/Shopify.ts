/**
 * Shopify's `X-Shopify-Hmac-Sha256`: base64 HMAC-SHA256 of the raw body keyed by the app's client secret. Only the
 * body is signed: `X-Shopify-Webhook-Id` is unsigned, so it is reported as `id` for logs but the replay key is a
 * digest of the body. With no signed timestamp, replays are refused only while the guard remembers that key
 * (`replayProtection: "remembered"`, 24 hours by default).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Common from "../internal/common.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../WebhookScheme.js"

/**
 * @since 0.1.0
 * @category Models
 */
export const headers = { signature: "X-Shopify-Hmac-Sha256", webhookId: "X-Shopify-Webhook-Id" } as const

const expectedSignature = (secret: string, body: Uint8Array) => Common.base64(Common.hmac("sha256", secret, body))

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Shopify", secrets)
    const signature = yield* Common.requireHeader("shopify", request, headers.signature)
    const expected = values.map((secret) => expectedSignature(secret, request.rawBody))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail("shopify", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    return {
      scheme: "shopify",
      id: Common.optionalHeader(request, headers.webhookId),
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("shopify", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [secret] = Common.secretValues("Shopify", secrets)
    const id = input.id ?? (yield* Common.randomUuid)
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.webhookId]: id, [headers.signature]: expectedSignature(secret!, body) }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "shopify",
  label: "Shopify",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the Shopify client secret is empty" : undefined)
}
