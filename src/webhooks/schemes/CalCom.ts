/**
 * Cal.com's `X-Cal-Signature-256`: hex HMAC-SHA256 of the raw body keyed by the webhook's secret. Cal.com sends the
 * literal `no-secret-provided` when the webhook has no secret, and signs no timestamp nor id: the replay key is a
 * digest of the body, and replays are refused only while the guard remembers it (`replayProtection: "remembered"`,
 * 24 hours by default).
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
export const headers = { signature: "X-Cal-Signature-256" } as const

/**
 * What Cal.com puts in the signature header of a webhook that has no secret.
 *
 * @since 0.1.0
 * @category Models
 */
export const noSecretMarker = "no-secret-provided"

const expectedSignature = (secret: string, body: Uint8Array) => Common.hex(Common.hmac("sha256", secret, body))

const verify: WebhookScheme["verify"] = (request, secrets) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Cal.com", secrets)
    const signature = yield* Common.requireHeader("calcom", request, headers.signature)
    if (signature === noSecretMarker) {
      return yield* Common.fail(
        "calcom",
        "InvalidSignature",
        `${headers.signature} says ${noSecretMarker}: the Cal.com webhook has no secret set`,
        { header: headers.signature }
      )
    }
    const expected = values.map((secret) => expectedSignature(secret, request.rawBody))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail("calcom", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    return {
      scheme: "calcom",
      idSigned: false,
      replayProtection: "remembered",
      replayKey: Common.digestKey("calcom", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.sync(() => {
    const [secret] = Common.secretValues("Cal.com", secrets)
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.signature]: expectedSignature(secret!, body) }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "calcom",
  label: "Cal.com",
  signatureHeader: headers.signature,
  timestamped: false,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the Cal.com webhook secret is empty" : undefined)
}
