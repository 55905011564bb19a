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
import * as NodeBuffer from "node:buffer"
import * as NodeCrypto from "node:crypto"
import * as Telemetry from "../../core/Telemetry.js"
import { WebhookError } from "../WebhookError.js"
import type { Reason } from "../WebhookError.js"
import type { SchemeName, Secrets, SignInput, VerifyOptions, WebhookRequest } from "../WebhookScheme.js"

export const defaultTolerance: Duration.Duration = Duration.minutes(5)

const encoder = new TextEncoder()

export const utf8 = (text: string): Uint8Array => encoder.encode(text)

export const concat = (...parts: ReadonlyArray<Uint8Array | string>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : part)))

export const hmac = (algorithm: "sha512" | "sha256" | "sha1", key: Uint8Array | string, data: Uint8Array): Buffer =>
  NodeCrypto.createHmac(algorithm, key).update(data).digest()

/** HMAC-SHA256 of `prefix` then `body`, fed in two updates so the body is never copied into a joined buffer. */
export const hmacSha256 = (
  key: NodeCrypto.KeyObject,
  prefix: string,
  body: Uint8Array,
  encoding: "hex" | "base64"
): string => NodeCrypto.createHmac("sha256", key).update(prefix, "utf8").update(body).digest(encoding)

export const sha256Hex = (data: Uint8Array): string => NodeCrypto.createHash("sha256").update(data).digest("hex")

/** A per-process key: comparing HMACs of both sides hides where and whether lengths differ. */
const comparisonKey = NodeCrypto.randomBytes(32)

/** Constant-time equality over bytes; never throws on a length mismatch and does not leak either length. */
export const constantTimeEqual = (a: Uint8Array | string, b: Uint8Array | string): boolean => {
  const left = NodeCrypto.createHmac("sha256", comparisonKey).update(a).digest()
  const right = NodeCrypto.createHmac("sha256", comparisonKey).update(b).digest()
  return NodeCrypto.timingSafeEqual(left, right)
}


// Comparison space per signature length. Verification is synchronous, so calls never overlap; it is wiped after use.
const scratch = new Map<number, readonly [Buffer, Buffer]>()

const scratchOf = (length: number): readonly [Buffer, Buffer] => {
  let pair = scratch.get(length)
  if (pair === undefined) {
    pair = [Buffer.alloc(length), Buffer.alloc(length)]
    scratch.set(length, pair)
  }
  return pair
}

/**
 * Whether any candidate equals any expected signature (hex or base64 text of a digest, with any fixed scheme prefix
 * such as `sha256=`, so ASCII), in constant time per pair. Every expected value has the fixed length its scheme,
 * algorithm and encoding give, which is public: a candidate of another length can be told apart without comparing, and
 * that reveals nothing about the secret. Every pair of equal length is compared, so timing says nothing about which
 * one matched.
 */
export const matchesAny = (candidates: ReadonlyArray<string>, expected: ReadonlyArray<string>): boolean => {
  let found = false
  for (const value of expected) {
    const length = value.length
    const pair = scratchOf(length)
    const left = pair[0]
    const right = pair[1]
    right.write(value, 0, "latin1")
    for (const candidate of candidates) {
      // As many UTF-8 bytes as characters: the candidate is ASCII and written byte for byte.
      if (
        candidate.length === length && left.write(candidate, 0, "utf8") === length &&
        NodeCrypto.timingSafeEqual(left, right)
      ) found = true
    }
    left.fill(0)
    right.fill(0)
  }
  return found
}

const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/

/** Strict base64 (standard alphabet, padding optional): `Buffer.from` would silently skip junk characters. */
export const decodeBase64 = (text: string): Uint8Array | undefined =>
  base64Pattern.test(text) ? new Uint8Array(Buffer.from(text, "base64")) : undefined

type ErrorExtra = { readonly header?: string; readonly skewSeconds?: number; readonly toleranceSeconds?: number }

/** A rejection as a value, for the synchronous verifiers. */
export const error = (scheme: SchemeName, reason: Reason, description: string, extra: ErrorExtra = {}): WebhookError =>
  // Built from literals in this module: skipping the Schema check keeps rejecting a flood of bad requests cheap.
  new WebhookError({ scheme, reason, description, ...extra }, { disableValidation: true })

export const fail = (
  scheme: SchemeName,
  reason: Reason,
  description: string,
  extra: ErrorExtra = {}
): Effect.Effect<never, WebhookError> => Effect.fail(error(scheme, reason, description, extra))

/** A header value, trimmed; absent and blank are both `MissingHeader` (a vendor with no secret sends none). */
export const headerOrError = (scheme: SchemeName, request: WebhookRequest, name: string): string | WebhookError => {
  const value = request.headers(name)?.trim()
  if (value === undefined) return error(scheme, "MissingHeader", `${name} header is missing`, { header: name })
  return value === "" ? error(scheme, "MissingHeader", `${name} header is empty`, { header: name }) : value
}

export const requireHeader = (
  scheme: SchemeName,
  request: WebhookRequest,
  name: string
): Effect.Effect<string, WebhookError> => {
  const value = headerOrError(scheme, request, name)
  return typeof value === "string" ? Effect.succeed(value) : Effect.fail(value)
}

/** Unsigned decimal integers only: `parseInt` would accept "12abc" and "-5". */
export const parseDigits = (text: string, maxDigits = 16): number | undefined =>
  text.length > 0 && text.length <= maxDigits && /^\d+$/.test(text) ? Number(text) : undefined

export const toleranceOf = (options: VerifyOptions | undefined): Duration.Duration =>
  options?.tolerance === undefined ? defaultTolerance : Duration.decode(options.tolerance)

const defaultToleranceMillis = Duration.toMillis(defaultTolerance)

/**
 * Checks a signed timestamp against `nowMillis` in both directions. `unit` is the header's unit: the boundary is
 * inclusive in that unit (a delivery exactly `tolerance` old is accepted).
 */
export const windowProblem = (
  scheme: SchemeName,
  header: string,
  timestamp: number,
  unit: "seconds" | "millis",
  options: VerifyOptions | undefined,
  nowMillis: number
): WebhookError | undefined => {
  const toleranceMillis = options?.tolerance === undefined
    ? defaultToleranceMillis
    : Duration.toMillis(Duration.decode(options.tolerance))
  const skewMillis = unit === "seconds" ? (Math.floor(nowMillis / 1000) - timestamp) * 1000 : nowMillis - timestamp
  if (skewMillis <= toleranceMillis && -skewMillis <= toleranceMillis) return undefined
  const toleranceSeconds = toleranceMillis / 1000
  const skewSeconds = Math.round(skewMillis / 1000)
  const extra = { header, skewSeconds, toleranceSeconds }
  return skewMillis > toleranceMillis
    ? error(scheme, "TimestampTooOld", `${header} is ${skewSeconds} s old, tolerance ${toleranceSeconds} s`, extra)
    : error(scheme, "TimestampInFuture", `${header} is ${-skewSeconds} s in the future, tolerance ${toleranceSeconds} s`, extra)
}

/** `windowProblem` against Effect's `Clock`, succeeding with the signed time. */
export const checkWindow = (
  scheme: SchemeName,
  header: string,
  timestamp: number,
  unit: "seconds" | "millis",
  options: VerifyOptions | undefined
): Effect.Effect<DateTime.Utc, WebhookError> =>
  Effect.flatMap(Clock.currentTimeMillis, (nowMillis) => {
    const problem = windowProblem(scheme, header, timestamp, unit, options, nowMillis)
    return problem === undefined
      ? Effect.succeed(DateTime.unsafeMake(unit === "seconds" ? timestamp * 1000 : timestamp))
      : Effect.fail(problem)
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

/**
 * Derives per-secret key material once per `Redacted` (decoded bytes, a `KeyObject`, ...), so a hot endpoint does
 * not re-parse its secret on every delivery. Entries live as long as their `Redacted`; the value is still read on
 * every call, so a wiped secret fails as it did before caching, and its entry is dropped.
 */
export const keyCache = <K>(derive: (value: string) => K) => {
  // The single-secret list is what a lone `Redacted` verifies with, so it is cached as such.
  const cache = new WeakMap<Redacted.Redacted<string>, readonly [K]>()
  const keysOf = (secret: Redacted.Redacted<string>): readonly [K] => {
    let value: string
    try {
      value = Redacted.value(secret)
    } catch (defect) {
      cache.delete(secret)
      throw defect
    }
    let keys = cache.get(secret)
    if (keys === undefined) {
      keys = [derive(value)]
      cache.set(secret, keys)
    }
    return keys
  }
  return (label: string, secrets: Secrets): ReadonlyArray<K> => {
    if (Redacted.isRedacted(secrets)) return keysOf(secrets)
    if (secrets.length === 0) {
      throw new Cause.IllegalArgumentException(`${label} webhook verification needs at least one secret`)
    }
    return secrets.map((secret) => keysOf(secret)[0])
  }
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

/*
 * Replay keys. A key may only be derived from what the signature covers: whoever holds one genuine delivery can set
 * every other header (a delivery id, an idempotency token) to anything, and a key that changed with it would let the
 * same signed request through again and again.
 */

/** The key of a delivery whose id is covered by the signature (Standard Webhooks' id, Stripe's event id in the body). */
export const signedIdKey = (scheme: SchemeName, signedId: string): string => `${scheme}:id:${signedId}`

/** The key of a delivery identified by the SHA-256 of its signed content. */
export const digestKey = (scheme: SchemeName, signed: Uint8Array | string): string =>
  `${scheme}:sha256:${NodeCrypto.createHash("sha256").update(signed).digest("hex")}`

/**
 * The key for content signed as `prefix` then `body`: the signed id when there is one, else the digest of both,
 * computed without joining them.
 */
export const replayKeyOfParts = (
  scheme: SchemeName,
  signedId: string | undefined,
  prefix: string,
  body: Uint8Array
): string =>
  signedId !== undefined && signedId !== ""
    ? signedIdKey(scheme, signedId)
    : `${scheme}:sha256:${NodeCrypto.createHash("sha256").update(prefix, "utf8").update(body).digest("hex")}`

/**
 * A body's UTF-8 text, decoded in place rather than from a copy. ASCII (most JSON) is copied as Latin-1, which gives
 * the same string without UTF-8 validation.
 */
export const utf8Text = (body: Uint8Array): string => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return NodeBuffer.isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8")
}

/** The value of an optional header, trimmed, or `undefined`. Never a replay key: no scheme signs such a header. */
export const optionalHeader = (request: WebhookRequest, name: string): string | undefined => {
  const value = request.headers(name)?.trim()
  return value === undefined || value === "" ? undefined : value
}

/** A lower-case hex digest is 64 characters for SHA-256. */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex")

export const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64")

const taggedCounters = new WeakMap<Metric.Metric.Counter<number>, Map<string, Metric.Metric.Counter<number>>>()

/** `Telemetry.tagged`, built once per counter and distinct tag set, for counters tagged from a handful of values. */
export const tagged = (
  counter: Metric.Metric.Counter<number>,
  tags: Readonly<Record<string, string>>
): Metric.Metric.Counter<number> => {
  let byTags = taggedCounters.get(counter)
  if (byTags === undefined) {
    byTags = new Map()
    taggedCounters.set(counter, byTags)
  }
  const id = JSON.stringify(tags)
  let metric = byTags.get(id)
  if (metric === undefined) {
    metric = Telemetry.tagged(counter, tags)
    byTags.set(id, metric)
  }
  return metric
}

/** Increments a counter with the given tags. */
export const count = (counter: Metric.Metric.Counter<number>, tags: Readonly<Record<string, string>>): Effect.Effect<void> =>
  Metric.increment(tagged(counter, tags))
