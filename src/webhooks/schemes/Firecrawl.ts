/**
 * Firecrawl's `X-Firecrawl-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body keyed by the account's webhook secret
 * (Firecrawl docs, "Webhook Security"; `webhooks-openapi.json`, parameter `FirecrawlSignature`). No timestamp is
 * signed, but every delivery's body carries a `webhookId` that Firecrawl keeps on retries: it comes from the signed
 * body, so it keys replays (`idSigned`); a body without one falls back to a digest of the body. Replays are refused
 * while the guard remembers the key (`replayProtection: "remembered"`).
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
export const headers = { signature: "X-Firecrawl-Signature" } as const

const expectedSignature = (secret: string, body: Uint8Array) => `sha256=${Common.hex(Common.hmac("sha256", secret, body))}`

const WEBHOOK_ID = /^[A-Za-z0-9_-]{1,255}$/

/** The delivery's `webhookId`, read from the verified (signed) JSON body. */
const webhookId = (body: Uint8Array): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(Common.utf8Text(body))
    if (typeof parsed === "object" && parsed !== null && "webhookId" in parsed) {
      const id = parsed.webhookId
      return typeof id === "string" && WEBHOOK_ID.test(id) ? id : undefined
    }
  } catch {
    // Not JSON: the replay key falls back to a digest of the body.
  }
  return undefined
}

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Firecrawl", secrets)
    const signature = yield* Common.requireHeader("firecrawl", request, headers.signature)
    if (!signature.startsWith("sha256=")) {
      return yield* Common.fail("firecrawl", "MalformedHeader", `${headers.signature} must look like sha256=<hex>`, {
        header: headers.signature
      })
    }
    const expected = values.map((secret) => expectedSignature(secret, request.rawBody))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail("firecrawl", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    const id = webhookId(request.rawBody)
    return {
      scheme: "firecrawl",
      id,
      idSigned: id !== undefined,
      replayProtection: "remembered",
      replayKey: id !== undefined ? Common.signedIdKey("firecrawl", id) : Common.digestKey("firecrawl", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.sync(() => {
    const [secret] = Common.secretValues("Firecrawl", secrets)
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.signature]: expectedSignature(secret!, body) }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "firecrawl",
  label: "Firecrawl",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the Firecrawl webhook secret is empty" : undefined)
}
