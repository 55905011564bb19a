/**
 * Slack's signing secret scheme: `X-Slack-Signature: v0=<hex>` is HMAC-SHA256 over `v0:<timestamp>:<body>` with the
 * timestamp from `X-Slack-Request-Timestamp` (Unix seconds). Slack sends no delivery id; the replay key is a digest of
 * the body, which Slack's retries repeat.
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
export const headers = { signature: "X-Slack-Signature", timestamp: "X-Slack-Request-Timestamp" } as const

const expectedSignature = (secret: string, timestamp: string, body: Uint8Array) =>
  `v0=${Common.hex(Common.hmac("sha256", secret, Common.concat(`v0:${timestamp}:`, body)))}`

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Slack", secrets)
    const timestampText = yield* Common.requireHeader("slack", request, headers.timestamp)
    const signature = yield* Common.requireHeader("slack", request, headers.signature)
    const timestamp = Common.parseDigits(timestampText)
    if (timestamp === undefined) {
      return yield* Common.fail("slack", "MalformedHeader", `${headers.timestamp} must be Unix seconds (digits only)`, {
        header: headers.timestamp
      })
    }
    if (!signature.startsWith("v0=")) {
      return yield* Common.fail("slack", "MalformedHeader", `${headers.signature} must look like v0=<hex>`, {
        header: headers.signature
      })
    }
    const expected = values.map((secret) => expectedSignature(secret, timestampText, request.rawBody))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail("slack", "InvalidSignature", `${headers.signature} did not match the configured secrets`, {
        header: headers.signature
      })
    }
    const signedAt = yield* Common.checkWindow("slack", headers.timestamp, timestamp, "seconds", options)
    return {
      scheme: "slack",
      idSigned: false,
      timestamp: signedAt,
      replayProtection: "timestamp",
      replayKey: Common.digestKey("slack", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [secret] = Common.secretValues("Slack", secrets)
    const timestamp = String(Math.floor((yield* Common.signTime(input)) / 1000))
    const body = Common.bodyBytes(input.body)
    return {
      headers: { [headers.timestamp]: timestamp, [headers.signature]: expectedSignature(secret!, timestamp, body) },
      body
    }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "slack",
  label: "Slack",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => {
    const value = Redacted.value(secret)
    if (value.length === 0) return "the Slack signing secret is empty"
    if (/^xox[abpr]-/.test(value)) return "that is a Slack token; use the app's Signing Secret (Basic Information page)"
    return undefined
  }
}
