/**
 * HubSpot's v3 request signature: `X-HubSpot-Signature-v3` is base64 HMAC-SHA256, keyed by the app's client secret,
 * over method + URI + body + timestamp, where the timestamp is `X-HubSpot-Request-Timestamp` in milliseconds and the
 * URI has a documented set of percent-escapes decoded. HubSpot rejects older than 5 minutes; so do we, both ways.
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
export const headers = { signature: "X-HubSpot-Signature-v3", timestamp: "X-HubSpot-Request-Timestamp" } as const

const decoded: Record<string, string> = {
  "3A": ":",
  "2F": "/",
  "3F": "?",
  "40": "@",
  "21": "!",
  "24": "$",
  "27": "'",
  "28": "(",
  "29": ")",
  "2A": "*",
  "2C": ",",
  "3B": ";"
}

/**
 * The URI as HubSpot signs it: the escapes `%3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B` decoded, every other
 * character left exactly as received.
 *
 * @since 0.1.0
 * @category Signing
 */
export const canonicalUri = (uri: string): string =>
  uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (_, code: string) => decoded[code.toUpperCase()]!)

const expectedSignature = (secret: string, method: string, uri: string, body: Uint8Array, timestamp: string) =>
  Common.base64(Common.hmac("sha256", secret, Common.concat(method.toUpperCase(), canonicalUri(uri), body, timestamp)))

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const values = Common.secretValues("HubSpot", secrets)
    const url = Common.requireUrl("HubSpot", request.url)
    const signature = yield* Common.requireHeader("hubspot", request, headers.signature)
    const timestampText = yield* Common.requireHeader("hubspot", request, headers.timestamp)
    const timestamp = Common.parseDigits(timestampText)
    if (timestamp === undefined) {
      return yield* Common.fail(
        "hubspot",
        "MalformedHeader",
        `${headers.timestamp} must be Unix milliseconds (digits only)`,
        { header: headers.timestamp }
      )
    }
    const method = request.method ?? "POST"
    const expected = values.map((secret) => expectedSignature(secret, method, url, request.rawBody, timestampText))
    if (!Common.matchesAny([signature], expected)) {
      return yield* Common.fail(
        "hubspot",
        "InvalidSignature",
        `${headers.signature} did not match the configured client secret(s) for this method, URL and body`,
        { header: headers.signature }
      )
    }
    const signedAt = yield* Common.checkWindow("hubspot", headers.timestamp, timestamp, "millis", options)
    return {
      scheme: "hubspot",
      idSigned: false,
      timestamp: signedAt,
      replayProtection: "timestamp",
      replayKey: Common.digestKey("hubspot", request.rawBody)
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [secret] = Common.secretValues("HubSpot", secrets)
    const url = Common.requireUrl("HubSpot", input.url)
    const timestamp = String(yield* Common.signTime(input))
    const body = Common.bodyBytes(input.body)
    return {
      headers: {
        [headers.timestamp]: timestamp,
        [headers.signature]: expectedSignature(secret!, input.method ?? "POST", url, body, timestamp)
      },
      body
    }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "hubspot",
  label: "HubSpot",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: true,
  verify,
  sign,
  secretProblem: (secret) => (Redacted.value(secret).length === 0 ? "the HubSpot client secret is empty" : undefined)
}
