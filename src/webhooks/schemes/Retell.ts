/**
 * Retell AI's `x-retell-signature: v=<unix ms>,d=<hex>`: HMAC-SHA256 keyed by the Retell API key over the raw body
 * followed by the timestamp digits (as Retell's SDKs compute it), accepted within 5 minutes either way.
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
export const headers = { signature: "x-retell-signature" } as const

const format = "x-retell-signature must look like v=<unix milliseconds>,d=<hex>"

const expectedDigest = (apiKey: string, body: Uint8Array, timestamp: string) =>
  Common.hex(Common.hmac("sha256", apiKey, Common.concat(body, timestamp)))

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Retell", secrets)
    const header = yield* Common.requireHeader("retell", request, headers.signature)
    const match = /^v=(\d+),d=(\S+)$/.exec(header)
    const timestamp = match === null ? undefined : Common.parseDigits(match[1]!)
    if (match === null || timestamp === undefined) {
      return yield* Common.fail("retell", "MalformedHeader", format, { header: headers.signature })
    }
    const timestampText = match[1]!
    const expected = values.map((key) => expectedDigest(key, request.rawBody, timestampText))
    if (!Common.matchesAny([match[2]!], expected)) {
      return yield* Common.fail("retell", "InvalidSignature", `${headers.signature} did not match the configured API key(s)`, {
        header: headers.signature
      })
    }
    const signedAt = yield* Common.checkWindow("retell", headers.signature, timestamp, "millis", options)
    return {
      scheme: "retell",
      idSigned: false,
      timestamp: signedAt,
      replayProtection: "timestamp",
      replayKey: Common.digestKey("retell", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [apiKey] = Common.secretValues("Retell", secrets)
    const timestamp = String(yield* Common.signTime(input))
    const body = Common.bodyBytes(input.body)
    return { headers: { [headers.signature]: `v=${timestamp},d=${expectedDigest(apiKey!, body, timestamp)}` }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "retell",
  label: "Retell",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the Retell API key is empty" : undefined)
}
