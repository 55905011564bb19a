/**
 * Pieces every scheme shares: byte helpers, the constant-time comparison, header and timestamp checks, secret
 * unwrapping and id generation.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as NodeCrypto from "node:crypto"
import { WebhookError } from "../WebhookError.js"
import type { Reason } from "../WebhookError.js"
import type { SchemeName, Secrets, SignInput, VerifyOptions, WebhookRequest } from "../WebhookScheme.js"

export const defaultTolerance: Duration.Duration = Duration.minutes(5)

const encoder = new TextEncoder()

export const utf8 = (text: string): Uint8Array => encoder.encode(text)

export const concat = (...parts: ReadonlyArray<Uint8Array | string>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)))

export const hmac = (algorithm: "sha256" | "sha1", key: Uint8Array | string, data: Uint8Array): Buffer =>
  NodeCrypto.createHmac(algorithm, key).update(data).digest()

export const sha256Hex = (data: Uint8Array): string => NodeCrypto.createHash("sha256").update(data).digest("hex")

/** A per-process key: comparing HMACs of both sides hides where and whether lengths differ. */
const comparisonKey = NodeCrypto.randomBytes(32)

/** Constant-time equality over bytes; never throws on a length mismatch and does not leak either length. */
export const constantTimeEqual = (a: Uint8Array | string, b: Uint8Array | string): boolean => {
  const left = NodeCrypto.createHmac("sha256", comparisonKey).update(a).digest()
  const right = NodeCrypto.createHmac("sha256", comparisonKey).update(b).digest()
  return NodeCrypto.timingSafeEqual(left, right)
}

/** Whether any candidate equals any expected value; every pair is compared, so timing says nothing about which. */
export const anyEqual = (candidates: ReadonlyArray<string>, expected: ReadonlyArray<string>): boolean => {
  let found = false
  for (const candidate of candidates) {
    for (const value of expected) {
      if (constantTimeEqual(candidate, value)) found = true
    }
  }
  return found
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

/** Strict base64 (standard alphabet, padding optional): `Buffer.from` would silently skip junk characters. */
export const decodeBase64 = (text: string): Uint8Array | undefined =>
  base64Pattern.test(text) ? new Uint8Array(Buffer.from(text, "base64")) : undefined

export const fail = (
  scheme: SchemeName,
  reason: Reason,
  description: string,
  extra: { readonly header?: string; readonly skewSeconds?: number; readonly toleranceSeconds?: number } = {}
): Effect.Effect<never, WebhookError> =>
  // Built from literals in this module: skipping the Schema check keeps rejecting a flood of bad requests cheap.
  Effect.fail(new WebhookError({ scheme, reason, description, ...extra }, { disableValidation: true }))

/** A header value, trimmed; absent and blank are both `MissingHeader` (a vendor with no secret sends none). */
export const requireHeader = (
  scheme: SchemeName,
  request: WebhookRequest,
  name: string
): Effect.Effect<string, WebhookError> => {
  const value = request.headers(name)?.trim()
  if (value === undefined) return fail(scheme, "MissingHeader", `${name} header is missing`, { header: name })
  return value === "" ? fail(scheme, "MissingHeader", `${name} header is empty`, { header: name }) : Effect.succeed(value)
}

/** Unsigned decimal integers only: `parseInt` would accept "12abc" and "-5". */
export const parseDigits = (text: string, maxDigits = 16): number | undefined =>
  text.length > 0 && text.length <= maxDigits && /^\d+$/.test(text) ? Number(text) : undefined

export const toleranceOf = (options: VerifyOptions | undefined): Duration.Duration =>
  options?.tolerance === undefined ? defaultTolerance : Duration.decode(options.tolerance)

/**
 * Checks a signed timestamp against the clock in both directions. `unit` is the header's unit: the boundary is
 * inclusive in that unit (a delivery exactly `tolerance` old is accepted).
 */
export const checkWindow = (
  scheme: SchemeName,
  header: string,
  timestamp: number,
  unit: "seconds" | "millis",
  options: VerifyOptions | undefined
): Effect.Effect<DateTime.Utc, WebhookError> =>
  Effect.flatMap(Clock.currentTimeMillis, (nowMillis) => {
    const tolerance = toleranceOf(options)
    const toleranceMillis = Duration.toMillis(tolerance)
    const toleranceSeconds = toleranceMillis / 1000
    const skewMillis = unit === "seconds" ? (Math.floor(nowMillis / 1000) - timestamp) * 1000 : nowMillis - timestamp
    const skewSeconds = Math.round(skewMillis / 1000)
    const extra = { header, skewSeconds, toleranceSeconds }
    if (skewMillis > toleranceMillis) {
      return fail(scheme, "TimestampTooOld", `${header} is ${skewSeconds} s old, tolerance ${toleranceSeconds} s`, extra)
    }
    if (-skewMillis > toleranceMillis) {
      return fail(
        scheme,
        "TimestampInFuture",
        `${header} is ${-skewSeconds} s in the future, tolerance ${toleranceSeconds} s`,
        extra
      )
    }
    return Effect.succeed(DateTime.unsafeMake(unit === "seconds" ? timestamp * 1000 : timestamp))
  })

/** Unwraps the configured secrets; none at all is a configuration bug, so a defect. */
export const secretValues = (label: string, secrets: Secrets): ReadonlyArray<string> => {
  const list = Redacted.isRedacted(secrets) ? [secrets] : secrets
  const values = list.map((secret) => Redacted.value(secret))
  if (values.length === 0) {
    throw new Cause.IllegalArgumentException(`${label} webhook verification needs at least one secret`)
  }
  return values
}

export const requireUrl = (label: string, url: string | undefined): string => {
  if (url === undefined || url === "") {
    throw new Cause.IllegalArgumentException(
      `${label} signs the request URL: pass the full public URL the vendor calls (request.url / the handler's url option)`
    )
  }
  return url
}

export const bodyBytes = (body: SignInput["body"]): Uint8Array => (typeof body === "string" ? utf8(body) : body)

/** The signing time: the input's, or the clock's. */
export const signTime = (input: SignInput): Effect.Effect<number> =>
  input.timestamp === undefined
    ? Clock.currentTimeMillis
    : Effect.sync(() => DateTime.toEpochMillis(DateTime.unsafeMake(input.timestamp!)))

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/** A random id from Effect's `Random`, so seeded tests are reproducible. */
export const randomId = (prefix: string, length = 24): Effect.Effect<string> =>
  Effect.map(
    Effect.all(Array.from({ length }, () => Random.nextIntBetween(0, alphabet.length))),
    (indexes) => prefix + indexes.map((i) => alphabet[i]).join("")
  )

/** A random RFC 4122 version 4 UUID from Effect's `Random` (GitHub and Shopify delivery ids look like this). */
export const randomUuid: Effect.Effect<string> = Effect.map(
  Effect.all(Array.from({ length: 16 }, () => Random.nextIntBetween(0, 256))),
  (bytes) => {
    bytes[6] = (bytes[6]! & 0x0f) | 0x40
    bytes[8] = (bytes[8]! & 0x3f) | 0x80
    const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("")
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
)

/** Replay key from a delivery id, else from the SHA-256 of what was signed. */
export const replayKey = (scheme: SchemeName, id: string | undefined, signed: Uint8Array): string =>
  id !== undefined && id !== "" ? `${scheme}:id:${id}` : `${scheme}:sha256:${sha256Hex(signed)}`

/** The value of an optional id header, trimmed, or `undefined`. */
export const optionalHeader = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.headers(name)?.trim()
  return value === undefined || value === "" ? undefined : value
}

/** A lower-case hex digest is 64 characters for SHA-256. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

/** Increments a counter with the given tags. */
export const count = (counter: Metric.Metric.Counter<number>, tags: Readonly<Record<string, string>>): Effect.Effect<void> =>
  Metric.increment(
    Object.entries(tags).reduce<Metric.Metric.Counter<number>>((metric, [key, value]) => Metric.tagged(metric, key, value), counter)
  )
