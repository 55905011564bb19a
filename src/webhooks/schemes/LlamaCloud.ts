/**
 * LlamaCloud's `LC-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body keyed by the webhook signing secret set on the
 * job's (or the project's) webhook configuration. Source: the `webhook_signing_secret` field of
 * `WebhookConfiguration` in LlamaCloud's OpenAPI document ("each request includes an HMAC-SHA256 signature of the
 * request body in the 'LC-Signature' header (value 'sha256=<hex>')"). Only the body is signed and there is no signed
 * timestamp: the body's `event_id` names the delivery, so replays are refused while the guard remembers the body's
 * digest (`replayProtection: "remembered"`).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Common from "../internal/common.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../WebhookScheme.js"

/**
 * @since 0.2.0
 * @category Models
 */
export const headers = { signature: "LC-Signature" } as const

const expectedSignature = (secret: string, body: Uint8Array) => `sha256=${Common.hex(Common.hmac("sha256", secret, body))}`

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("LlamaCloud", secrets)
    const signature = yield* Common.requireHeader("llamacloud", request, headers.signature)
    if (!/^sha256=[0-9a-fA-F]{64}$/.test(signature)) {
      return yield* Common.fail("llamacloud", "MalformedHeader", `${headers.signature} must look like sha256=<hex>`, {
        header: headers.signature
      })
    }
    const expected = values.map((secret) => expectedSignature(secret, request.rawBody))
    if (!Common.matchesAny([signature.toLowerCase()], expected)) {
      return yield* Common.fail("llamacloud", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    return {
      scheme: "llamacloud",
      id: undefined,
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("llamacloud", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.sync(() => {
    const [secret] = Common.secretValues("LlamaCloud", secrets)
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.signature]: expectedSignature(secret!, body) }, body }
  })

/**
 * @since 0.2.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "llamacloud",
  label: "LlamaCloud",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the LlamaCloud webhook signing secret is empty" : undefined)
}
