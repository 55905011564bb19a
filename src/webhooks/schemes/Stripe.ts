/**
 * Stripe's `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: HMAC-SHA256 over `t.body` keyed by the whole
 * `whsec_...` string (it is not base64-decoded). Unlike stripe-node, a timestamp too far in the future is rejected.
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
export const headers = { signature: "Stripe-Signature" } as const

const format = "Stripe-Signature must look like t=<unix seconds>,v1=<hex>"

const expectedSignature = (secret: string, timestamp: string, body: Uint8Array) =>
  Common.hex(Common.hmac("sha256", secret, Common.concat(`${timestamp}.`, body)))

/** The event id (`evt_...`) from a verified JSON body, so redeliveries of one event share a replay key. */
const eventId = (body: Uint8Array): string | undefined => {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString("utf8"))
    if (typeof parsed === "object" && parsed !== null && "id" in parsed && typeof parsed.id === "string") {
      return parsed.id
    }
  } catch {
    // Not JSON: the replay key falls back to a digest of the signed content.
  }
  return undefined
}

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const values = Common.secretValues("Stripe", secrets)
    const header = yield* Common.requireHeader("stripe", request, headers.signature)
    let timestampText: string | undefined
    let timestampCount = 0
    const v1: Array<string> = []
    for (const item of header.split(",")) {
      const eq = item.indexOf("=")
      if (eq <= 0) {
        return yield* Common.fail("stripe", "MalformedHeader", `${format}; found an entry without key=value`, {
          header: headers.signature
        })
      }
      const key = item.slice(0, eq).trim()
      const value = item.slice(eq + 1).trim()
      if (key === "t") {
        timestampText = value
        timestampCount++
      } else if (key === "v1") {
        v1.push(value)
      }
    }
    const timestamp = timestampText === undefined ? undefined : Common.parseDigits(timestampText)
    if (timestampText === undefined || timestamp === undefined || timestampCount !== 1) {
      return yield* Common.fail(
        "stripe",
        "MalformedHeader",
        timestampCount > 1 ? `${format}; found several t= entries` : `${format}; t= is missing or not digits`,
        { header: headers.signature }
      )
    }
    if (v1.length === 0) {
      return yield* Common.fail("stripe", "InvalidSignature", `${headers.signature} has no v1= signature`, {
        header: headers.signature
      })
    }
    const expected = values.map((secret) => expectedSignature(secret, timestampText!, request.rawBody))
    if (!Common.anyEqual(v1, expected)) {
      return yield* Common.fail(
        "stripe",
        "InvalidSignature",
        `none of the ${v1.length} v1 signature(s) matched the configured secrets`,
        { header: headers.signature }
      )
    }
    const signedAt = yield* Common.checkWindow("stripe", headers.signature, timestamp, "seconds", options)
    const id = eventId(request.rawBody)
    return {
      scheme: "stripe",
      id,
      timestamp: signedAt,
      replayKey: Common.replayKey("stripe", id, Common.concat(`${timestampText}.`, request.rawBody))
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const values = Common.secretValues("Stripe", secrets)
    const timestamp = String(Math.floor((yield* Common.signTime(input)) / 1000))
    const body = Common.bodyBytes(input.body)
    const signatures = values.map((secret) => `v1=${expectedSignature(secret, timestamp, body)}`)
    return { headers: { [headers.signature]: [`t=${timestamp}`, ...signatures].join(",") }, body }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "stripe",
  label: "Stripe",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => {
    const value = Redacted.value(secret)
    if (value.length === 0) return "the Stripe signing secret is empty"
    if (/^(sk|rk|pk)_(test|live)_/.test(value)) {
      return "that is a Stripe API key; webhook signing secrets start with whsec_ (Dashboard → Webhooks → endpoint)"
    }
    return undefined
  }
}
