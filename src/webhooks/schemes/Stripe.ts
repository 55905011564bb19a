/**
 * Stripe's `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`: HMAC-SHA256 over `t.body` keyed by the whole
 * `whsec_...` string (it is not base64-decoded). Unlike stripe-node, a timestamp too far in the future is rejected.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as Common from "../internal/common.js"
import * as SyncVerify from "../internal/syncVerify.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../WebhookScheme.js"

/**
 * @since 0.1.0
 * @category Models
 */
export const headers = { signature: "Stripe-Signature" } as const

const format = "Stripe-Signature must look like t=<unix seconds>,v1=<hex>"

const expectedSignature = (secret: string, timestamp: string, body: Uint8Array) =>
  Common.hex(Common.hmac("sha256", secret, Common.concat(`${timestamp}.`, body)))

// The whole `whsec_...` string is the HMAC key; its KeyObject is built once per configured secret.
const keysOf = Common.keyCache((secret) => NodeCrypto.createSecretKey(Buffer.from(secret, "utf8")))

// Stripe writes the event id as the body's first member. Reading it from the opening bytes spares parsing the whole
// body on every delivery (`verifyAndDecode` parses it once anyway); any other shape takes the full parse. The body is
// signed by then, so its shape is Stripe's, not an attacker's.
const LEADING_ID = /^[ \t\n\r]*\{[ \t\n\r]*"id"[ \t\n\r]*:[ \t\n\r]*"([A-Za-z0-9_-]{1,255})"/
const HEAD_BYTES = 320

/**
 * The event id (`evt_...`) from a verified JSON body, so redeliveries of one event share a replay key. It comes from
 * the signed body, so it may key replays; Stripe sends no id header.
 */
const eventId = (body: Uint8Array): string | undefined => {
  const head = LEADING_ID.exec(Buffer.from(body.buffer, body.byteOffset, Math.min(body.length, HEAD_BYTES)).toString("latin1"))
  if (head !== null) return head[1]
  try {
    const parsed: unknown = JSON.parse(Common.utf8Text(body))
    if (typeof parsed === "object" && parsed !== null && "id" in parsed && typeof parsed.id === "string") {
      return parsed.id
    }
  } catch {
    // Not JSON: the replay key falls back to a digest of the signed content.
  }
  return undefined
}

const malformed = (description: string) =>
  Common.error("stripe", "MalformedHeader", description, { header: headers.signature })

const core: SyncVerify.Core = (request, secrets, options, nowMillis) => {
  const keys = keysOf("Stripe", secrets)
  const header = Common.headerOrError("stripe", request, headers.signature)
  if (typeof header !== "string") return header
  let timestampText: string | undefined
  let timestampCount = 0
  const v1: Array<string> = []
  // Comma-separated `key=value` entries, walked in place rather than split into arrays.
  for (let start = 0; start <= header.length;) {
    const comma = header.indexOf(",", start)
    const end = comma === -1 ? header.length : comma
    const eq = header.indexOf("=", start)
    if (eq <= start || eq >= end) return malformed(`${format}; found an entry without key=value`)
    const key = header.slice(start, eq).trim()
    const value = header.slice(eq + 1, end).trim()
    if (key === "t") {
      timestampText = value
      timestampCount++
    } else if (key === "v1") {
      v1.push(value)
    }
    start = end + 1
  }
  const timestamp = timestampText === undefined ? undefined : Common.parseDigits(timestampText)
  if (timestampText === undefined || timestamp === undefined || timestampCount !== 1) {
    return malformed(timestampCount > 1 ? `${format}; found several t= entries` : `${format}; t= is missing or not digits`)
  }
  if (v1.length === 0) {
    return Common.error("stripe", "InvalidSignature", `${headers.signature} has no v1= signature`, {
      header: headers.signature
    })
  }
  const prefix = `${timestampText}.`
  const expected = keys.map((key) => Common.hmacSha256(key, prefix, request.rawBody, "hex"))
  if (!Common.matchesAny(v1, expected)) {
    return Common.error(
      "stripe",
      "InvalidSignature",
      `none of the ${v1.length} v1 signature(s) matched the configured secrets`,
      { header: headers.signature }
    )
  }
  const late = Common.windowProblem("stripe", headers.signature, timestamp, "seconds", options, nowMillis)
  if (late !== undefined) return late
  const id = eventId(request.rawBody)
  return {
    scheme: "stripe",
    id,
    idSigned: id !== undefined,
    timestamp: DateTime.unsafeMake(timestamp * 1000),
    replayProtection: "timestamp",
    replayKey: Common.replayKeyOfParts("stripe", id, prefix, request.rawBody)
  } satisfies VerifiedWebhook
}

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
export const scheme: WebhookScheme = SyncVerify.register({
  name: "stripe",
  label: "Stripe",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify: SyncVerify.toVerify(core),
  sign,
  secretProblem: (secret) => {
    const value = Redacted.value(secret)
    if (value.length === 0) return "the Stripe signing secret is empty"
    if (/^(sk|rk|pk)_(test|live)_/.test(value)) {
      return "that is a Stripe API key; webhook signing secrets start with whsec_ (Dashboard → Webhooks → endpoint)"
    }
    return undefined
  }
}, core)
