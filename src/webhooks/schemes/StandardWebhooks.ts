/**
 * Standard Webhooks (standardwebhooks.com), as sent by Svix, Resend, OpenAI, Clerk and others: `v1` HMAC-SHA256 over
 * `id.timestamp.body` keyed by a `whsec_` secret, and `v1a` ed25519 signatures checked with a `whpk_` public key.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as Common from "../internal/common.js"
import * as SyncVerify from "../internal/syncVerify.js"
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
  | { readonly _tag: "Hmac"; readonly key: NodeCrypto.KeyObject }
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
  return { _tag: "Hmac", key: NodeCrypto.createSecretKey(key) }
}

// Parsed once per configured secret rather than per delivery (a strict base64 decode and a key object each time).
const keysOf = Common.keyCache((secret): Key => {
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

interface Entry {
  readonly version: string
  readonly value: string
}

const entriesOf = (signatureHeader: string): ReadonlyArray<Entry> =>
  signatureHeader.split(/\s+/).map((entry) => {
    const comma = entry.indexOf(",")
    return comma === -1 ? { version: "", value: entry } : { version: entry.slice(0, comma), value: entry.slice(comma + 1) }
  })

/** Whether a `v1a` entry verifies under one of the public keys; every pair is tried. */
const ed25519Matches = (
  entries: ReadonlyArray<Entry>,
  keys: ReadonlyArray<Key>,
  id: string,
  timestampText: string,
  body: Uint8Array
): boolean => {
  const publicKeys = keys.flatMap((key) =>
    key._tag === "PublicKey" ? [key.key] : key._tag === "PrivateKey" ? [key.publicKey] : []
  )
  if (publicKeys.length === 0) return false
  let content: Uint8Array | undefined
  let matched = false
  for (const entry of entries) {
    if (entry.version !== "v1a") continue
    const signature = Common.decodeBase64(entry.value)
    if (signature === undefined || signature.length !== 64) continue
    content ??= signedContent(id, timestampText, body)
    for (const key of publicKeys) {
      if (NodeCrypto.verify(null, content, key, signature)) matched = true
    }
  }
  return matched
}

const core: SyncVerify.Core = (request, secrets, options, nowMillis) => {
  const keys = keysOf("Standard Webhooks", secrets)
  const names = pickFamily(request)
  const id = Common.headerOrError("standard", request, names.id)
  if (typeof id !== "string") return id
  const timestampText = Common.headerOrError("standard", request, names.timestamp)
  if (typeof timestampText !== "string") return timestampText
  const signatureHeader = Common.headerOrError("standard", request, names.signature)
  if (typeof signatureHeader !== "string") return signatureHeader
  const timestamp = Common.parseDigits(timestampText)
  if (timestamp === undefined) {
    return Common.error("standard", "MalformedHeader", `${names.timestamp} must be Unix seconds (digits only)`, {
      header: names.timestamp
    })
  }
  const entries = entriesOf(signatureHeader)
  const v1 = entries.filter((entry) => entry.version === "v1").map((entry) => entry.value)
  const prefix = `${id}.${timestampText}.`
  const hmacExpected = keys.flatMap((key) =>
    key._tag === "Hmac" ? [Common.hmacSha256(key.key, prefix, request.rawBody, "base64")] : []
  )
  // Both checks always run: which kind of signature matched does not show in the timing.
  const hmacMatched = Common.matchesAny(v1, hmacExpected)
  const ed25519Matched = ed25519Matches(entries, keys, id, timestampText, request.rawBody)
  if (!hmacMatched && !ed25519Matched) {
    const usable = entries.filter((entry) => entry.version === "v1" || entry.version === "v1a").length
    return Common.error(
      "standard",
      "InvalidSignature",
      usable === 0
        ? `${names.signature} has no v1 or v1a entry`
        : `none of the ${usable} signature(s) in ${names.signature} matched the configured secrets`,
      { header: names.signature }
    )
  }
  const late = Common.windowProblem("standard", names.timestamp, timestamp, "seconds", options, nowMillis)
  if (late !== undefined) return late
  return {
    scheme: "standard",
    id,
    // The id is part of the signed content (`id.timestamp.body`), so it may key replays.
    idSigned: true,
    timestamp: DateTime.unsafeMake(timestamp * 1000),
    replayProtection: "timestamp",
    replayKey: Common.signedIdKey("standard", id)
  } satisfies VerifiedWebhook
}

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const keys = keysOf("Standard Webhooks", secrets)
    const id = input.id ?? (yield* Common.randomId("msg_", 27))
    const timestamp = String(Math.floor((yield* Common.signTime(input)) / 1000))
    const body = Common.bodyBytes(input.body)
    const content = signedContent(id, timestamp, body)
    const signatures = keys.map((key) => {
      switch (key._tag) {
        case "Hmac":
          return `v1,${Common.hmacSha256(key.key, `${id}.${timestamp}.`, body, "base64")}`
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
export const scheme: WebhookScheme = SyncVerify.register({
  name: "standard",
  label: "Standard Webhooks",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify: SyncVerify.toVerify(core),
  sign,
  secretProblem: (secret) => {
    const key = parseKey(Redacted.value(secret))
    return typeof key === "string" ? key : undefined
  }
}, core)
