/**
 * Standard Webhooks (standardwebhooks.com), as sent by Svix, Resend, OpenAI, Clerk and others: `v1` HMAC-SHA256 over
 * `id.timestamp.body` keyed by a `whsec_` secret, and `v1a` ed25519 signatures checked with a `whpk_` public key.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as Common from "../internal/common.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookRequest, WebhookScheme } from "../WebhookScheme.js"

/**
 * Header names. Svix-branded senders use `svix-id`, `svix-timestamp` and `svix-signature` instead; both families are
 * read (the `webhook-*` one first).
 *
 * @since 0.1.0
 * @category Models
 */
export const headers = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature"
} as const

const svixHeaders = { id: "svix-id", timestamp: "svix-timestamp", signature: "svix-signature" } as const

type Key =
  | { readonly _tag: "Hmac"; readonly key: Uint8Array }
  | { readonly _tag: "PublicKey"; readonly key: NodeCrypto.KeyObject }
  | { readonly _tag: "PrivateKey"; readonly key: NodeCrypto.KeyObject; readonly publicKey: NodeCrypto.KeyObject }

const base64Url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url")

const parseKey = (secret: string): Key | string => {
  if (secret.startsWith("whpk_")) {
    const raw = Common.decodeBase64(secret.slice(5))
    if (raw === undefined || raw.length !== 32) return "a whpk_ public key must be base64 of 32 bytes (raw ed25519)"
    return {
      _tag: "PublicKey",
      key: NodeCrypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: base64Url(raw) }, format: "jwk" })
    }
  }
  if (secret.startsWith("whsk_")) {
    const raw = Common.decodeBase64(secret.slice(5))
    if (raw === undefined || raw.length !== 64) return "a whsk_ secret key must be base64 of 64 bytes (seed then public key)"
    const jwk = { kty: "OKP", crv: "Ed25519", d: base64Url(raw.subarray(0, 32)), x: base64Url(raw.subarray(32)) }
    return {
      _tag: "PrivateKey",
      key: NodeCrypto.createPrivateKey({ key: jwk, format: "jwk" }),
      publicKey: NodeCrypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" })
    }
  }
  const encoded = secret.startsWith("whsec_") ? secret.slice(6) : secret
  const key = Common.decodeBase64(encoded)
  if (key === undefined || key.length === 0) {
    return "a Standard Webhooks secret is whsec_ followed by base64 (or a whpk_ public key for v1a)"
  }
  return { _tag: "Hmac", key }
}

const keysOf = (secrets: ReadonlyArray<string>): ReadonlyArray<Key> =>
  secrets.map((secret) => {
    const key = parseKey(secret)
    if (typeof key === "string") throw new Cause.IllegalArgumentException(`Unusable Standard Webhooks secret: ${key}`)
    return key
  })

const signedContent = (id: string, timestamp: string, body: Uint8Array) => Common.concat(`${id}.${timestamp}.`, body)

const pickFamily = (request: WebhookRequest) =>
  request.headers(headers.id) === undefined &&
    request.headers(headers.signature) === undefined &&
    request.headers(svixHeaders.signature) !== undefined
    ? svixHeaders
    : headers

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const keys = keysOf(Common.secretValues("Standard Webhooks", secrets))
    const names = pickFamily(request)
    const id = yield* Common.requireHeader("standard", request, names.id)
    const timestampText = yield* Common.requireHeader("standard", request, names.timestamp)
    const signatureHeader = yield* Common.requireHeader("standard", request, names.signature)
    const timestamp = Common.parseDigits(timestampText)
    if (timestamp === undefined) {
      return yield* Common.fail(
        "standard",
        "MalformedHeader",
        `${names.timestamp} must be Unix seconds (digits only)`,
        { header: names.timestamp }
      )
    }
    const content = signedContent(id, timestampText, request.rawBody)
    const hmacExpected = keys.flatMap((key) =>
      key._tag === "Hmac" ? [Common.base64(Common.hmac("sha256", key.key, content))] : []
    )
    const publicKeys = keys.flatMap((key) =>
      key._tag === "PublicKey" ? [key.key] : key._tag === "PrivateKey" ? [key.publicKey] : []
    )
    const entries = signatureHeader.split(/\s+/).map((entry) => {
      const comma = entry.indexOf(",")
      return comma === -1 ? { version: "", value: entry } : { version: entry.slice(0, comma), value: entry.slice(comma + 1) }
    })
    const v1 = entries.filter((entry) => entry.version === "v1").map((entry) => entry.value)
    let matched = Common.anyEqual(v1, hmacExpected)
    for (const entry of entries) {
      if (entry.version !== "v1a") continue
      const signature = Common.decodeBase64(entry.value)
      if (signature === undefined || signature.length !== 64) continue
      for (const key of publicKeys) {
        if (NodeCrypto.verify(null, content, key, signature)) matched = true
      }
    }
    if (!matched) {
      const usable = entries.filter((entry) => entry.version === "v1" || entry.version === "v1a").length
      return yield* Common.fail(
        "standard",
        "InvalidSignature",
        usable === 0
          ? `${names.signature} has no v1 or v1a entry`
          : `none of the ${usable} signature(s) in ${names.signature} matched the configured secrets`,
        { header: names.signature }
      )
    }
    const signedAt = yield* Common.checkWindow("standard", names.timestamp, timestamp, "seconds", options)
    return {
      scheme: "standard",
      id,
      timestamp: signedAt,
      replayKey: `standard:id:${id}`
    } satisfies VerifiedWebhook
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const keys = keysOf(Common.secretValues("Standard Webhooks", secrets))
    const id = input.id ?? (yield* Common.randomId("msg_", 27))
    const timestamp = String(Math.floor((yield* Common.signTime(input)) / 1000))
    const body = Common.bodyBytes(input.body)
    const content = signedContent(id, timestamp, body)
    const signatures = keys.map((key) => {
      switch (key._tag) {
        case "Hmac":
          return `v1,${Common.base64(Common.hmac("sha256", key.key, content))}`
        case "PrivateKey":
          return `v1a,${Common.base64(NodeCrypto.sign(null, content, key.key))}`
        case "PublicKey":
          throw new Cause.IllegalArgumentException("A whpk_ public key cannot sign: use the whsk_ secret key")
      }
    })
    return {
      headers: { [headers.id]: id, [headers.timestamp]: timestamp, [headers.signature]: signatures.join(" ") },
      body
    }
  })

/**
 * @since 0.1.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "standard",
  label: "Standard Webhooks",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify,
  sign,
  secretProblem: (secret) => {
    const key = parseKey(Redacted.value(secret))
    return typeof key === "string" ? key : undefined
  }
}
