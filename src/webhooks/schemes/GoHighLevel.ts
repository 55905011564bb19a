/**
 * GoHighLevel's `x-wh-signature`: an RSA-SHA256 signature (PKCS#1 v1.5), base64, over the raw body, made with
 * HighLevel's private key and verified with its published public key (`publicKey` below, from HighLevel's "Webhook
 * Authentication Guide"; pass another PEM during a key rotation, or several at once). The body carries `timestamp`
 * (ISO 8601) and `webhookId`, both covered by the signature: a delivery whose `timestamp` is outside the tolerance
 * (5 minutes by default, as the guide suggests) is refused, and the replay guard keys on the signed `webhookId`. A body
 * without a `timestamp` (older event formats) is verified, but only the replay guard's memory protects it
 * (`replayProtection: "remembered"`).
 *
 * Signing needs the private key (tests, the `webhook sign` command with a key of your own); `sign` adds `timestamp`
 * and `webhookId` to a JSON object body that lacks them, as GoHighLevel's deliveries carry them.
 *
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import * as Common from "../internal/common.js"
import type { SignedWebhook, SignInput, VerifiedWebhook, WebhookScheme } from "../WebhookScheme.js"

/**
 * @since 0.3.0
 * @category Models
 */
export const headers = { signature: "x-wh-signature" } as const

/**
 * HighLevel's published webhook public key (RSA 4096, SPKI PEM), as its Webhook Authentication Guide gives it. Watch
 * HighLevel's notices for rotations; verify with the new key beside this one while both are in use.
 *
 * @since 0.3.0
 * @category Constants
 */
export const PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----
`

/**
 * The published key as the "secret" `verify` takes: `Webhooks.verify(GoHighLevelWebhook.scheme, request, GoHighLevelWebhook.publicKey)`.
 *
 * @since 0.3.0
 * @category Constants
 */
export const publicKey: Redacted.Redacted<string> = Redacted.make(PUBLIC_KEY_PEM)

// A private key PEM verifies too: its public half is derived.
const verifyKeys = Common.keyCache((pem) => NodeCrypto.createPublicKey(pem))
const signingKeys = Common.keyCache((pem) => NodeCrypto.createPrivateKey(pem))

const signatureOf = (key: NodeCrypto.KeyObject, body: Uint8Array): string =>
  NodeCrypto.sign("sha256", body, key).toString("base64")

/** The signed body's `timestamp` and `webhookId`, when it is a JSON object that has them. */
const envelope = (body: Uint8Array): { readonly timestamp: unknown; readonly webhookId: unknown } | undefined => {
  try {
    const parsed: unknown = JSON.parse(Common.utf8Text(body))
    return Predicate.isRecord(parsed) ? { timestamp: parsed.timestamp, webhookId: parsed.webhookId } : undefined
  } catch {
    return undefined
  }
}

const verify: WebhookScheme["verify"] = (request, secrets, options) =>
  Effect.gen(function*() {
    const keys = verifyKeys("GoHighLevel", secrets)
    const header = yield* Common.requireHeader("gohighlevel", request, headers.signature)
    const signature = Common.decodeBase64(header)
    if (signature === undefined || signature.length === 0) {
      return yield* Common.fail("gohighlevel", "MalformedHeader", `${headers.signature} must be base64`, {
        header: headers.signature
      })
    }
    const valid = keys.some((key) => NodeCrypto.verify("sha256", request.rawBody, key, signature))
    if (!valid) {
      return yield* Common.fail("gohighlevel", "InvalidSignature", `${headers.signature} did not match the configured public key(s)`, {
        header: headers.signature
      })
    }
    const signed = envelope(request.rawBody)
    const webhookId = Predicate.isString(signed?.webhookId) && signed.webhookId !== "" ? signed.webhookId : undefined
    const replayKey = webhookId !== undefined
      ? Common.signedIdKey("gohighlevel", webhookId)
      : Common.digestKey("gohighlevel", request.rawBody)
    if (signed === undefined || signed.timestamp === undefined) {
      return {
        scheme: "gohighlevel",
        id: webhookId,
        idSigned: webhookId !== undefined,
        replayProtection: "remembered",
        replayKey
      } satisfies VerifiedWebhook
    }
    const millis = Predicate.isString(signed.timestamp) ? Date.parse(signed.timestamp) : Number.NaN
    if (!Number.isFinite(millis)) {
      return yield* Common.fail("gohighlevel", "InvalidPayload", "the signed body's timestamp is not an ISO 8601 time")
    }
    const signedAt = yield* Common.checkWindow("gohighlevel", "timestamp", millis, "millis", options)
    return {
      scheme: "gohighlevel",
      id: webhookId,
      idSigned: webhookId !== undefined,
      timestamp: signedAt,
      replayProtection: "timestamp",
      replayKey
    } satisfies VerifiedWebhook
  })

/** Adds the envelope GoHighLevel's deliveries carry to a JSON object body that lacks it. */
const withEnvelope = (input: SignInput, body: Uint8Array): Effect.Effect<Uint8Array> =>
  Effect.gen(function*() {
    let parsed: unknown
    try {
      parsed = JSON.parse(Common.utf8Text(body))
    } catch {
      return body
    }
    if (!Predicate.isRecord(parsed) || (parsed.timestamp !== undefined && parsed.webhookId !== undefined)) return body
    const timestamp = parsed.timestamp ?? new Date(yield* Common.signTime(input)).toISOString()
    const webhookId = parsed.webhookId ?? input.id ?? (yield* Common.randomUuid)
    return Common.utf8(JSON.stringify({ ...parsed, timestamp, webhookId }))
  })

const sign = (input: SignInput, secrets: Parameters<WebhookScheme["sign"]>[1]): Effect.Effect<SignedWebhook> =>
  Effect.gen(function*() {
    const [key] = signingKeys("GoHighLevel", secrets)
    const body = yield* withEnvelope(input, Common.bodyBytes(input.body))
    return { headers: { [headers.signature]: signatureOf(key!, body) }, body }
  })

const keyProblem = (secret: Redacted.Redacted<string>): string | undefined => {
  try {
    const key = NodeCrypto.createPublicKey(Redacted.value(secret))
    return key.asymmetricKeyType === "rsa" ? undefined : "the GoHighLevel key must be an RSA key"
  } catch {
    return "the GoHighLevel key must be a PEM public key (or, to sign, a private key)"
  }
}

/**
 * @since 0.3.0
 * @category Schemes
 */
export const scheme: WebhookScheme = {
  name: "gohighlevel",
  label: "GoHighLevel",
  signatureHeader: headers.signature,
  timestamped: true,
  signsUrl: false,
  verify,
  sign,
  secretProblem: keyProblem
}
