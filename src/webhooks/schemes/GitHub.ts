/**
 * GitHub's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body keyed by the webhook secret. Only the body
 * is signed: the `X-GitHub-Delivery` id is unsigned, so it is reported as `id` for logs but the replay key is a
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
export const headers = { signature: "X-Hub-Signature-256", delivery: "X-GitHub-Delivery" } as const

const expectedSignature = (secret: string, body: Uint8Array) => `sha256=${Common.hex(Common.hmac("sha256", secret, body))}`

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("GitHub", secrets)
    const signature = yield* Common.requireHeader("github", request, headers.signature)
    if (!signature.startsWith("sha256=")) {
      return yield* Common.fail("github", "MalformedHeader", `${headers.signature} must look like sha256=<hex>`, {
        header: headers.signature
      })
    }
    const expected = values.map((secret) => expectedSignature(secret, request.rawBody))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail("github", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    return {
      scheme: "github",
      id: Common.optionalHeader(request, headers.delivery),
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("github", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [secret] = Common.secretValues("GitHub", secrets)
    const id = input.id ?? (yield* Common.randomUuid)
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.delivery]: id, [headers.signature]: expectedSignature(secret!, body) }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "github",
  label: "GitHub",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the GitHub webhook secret is empty" : undefined)
}
