/**
 * Standard Webhooks signing for outbound deliveries: `webhook-id`, `webhook-timestamp` and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of id.timestamp.body>`), one signature per active secret so receivers keep verifying while a
 * secret rotates.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"

const PREFIX = "whsec_"
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * Generates a fresh `whsec_` secret with a 32-byte key.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const generateSecret = (): Redacted.Redacted<string> =>
  Redacted.make(`${PREFIX}${NodeCrypto.randomBytes(32).toString("base64")}`)

/**
 * The HMAC key inside a `whsec_` secret, or why the secret is unusable. The reason never echoes the secret.
 *
 * @since 0.1.0
 * @category Parsing
 */
export const secretKey = (secret: Redacted.Redacted<string>): Either.Either<Buffer, string> => {
  const value = Redacted.value(secret)
  if (!value.startsWith(PREFIX)) return Either.left("secret must start with whsec_")
  const encoded = value.slice(PREFIX.length)
  if (!BASE64.test(encoded)) return Either.left("secret key is not base64")
  const key = Buffer.from(encoded, "base64")
  // Standard Webhooks asks for 24 to 64 bytes of key material.
  if (key.length < 24 || key.length > 64) return Either.left("secret key must be 24 to 64 bytes")
  return Either.right(key)
}

/**
 * The base64 HMAC-SHA256 signature of `id.timestamp.body` under one key.
 *
 * @since 0.1.0
 * @category Signing
 */
export const signature = (key: Buffer, id: string, timestampSeconds: number, body: string): string =>
  NodeCrypto.createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")

/**
 * The three Standard Webhooks headers for one attempt. Secrets that cannot be parsed are skipped; at least one valid
 * secret is required, which endpoint creation guarantees.
 *
 * @since 0.1.0
 * @category Signing
 */
export const sign = (options: {
  readonly id: string
  readonly timestampSeconds: number
  readonly body: string
  readonly secrets: ReadonlyArray<Redacted.Redacted<string>>
}): Record<"webhook-id" | "webhook-timestamp" | "webhook-signature", string> => {
  const signatures: Array<string> = []
  for (const secret of options.secrets) {
    const key = secretKey(secret)
    if (Either.isRight(key)) {
      signatures.push(`v1,${signature(key.right, options.id, options.timestampSeconds, options.body)}`)
    }
  }
  return {
    "webhook-id": options.id,
    "webhook-timestamp": String(options.timestampSeconds),
    "webhook-signature": signatures.join(" ")
  }
}
