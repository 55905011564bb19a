/**
 * The body of `Redaction`: the value-based scrubber, the structural outline and the key-based mask.
 */
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"
import type { OutlineOptions, Secret } from "../Redaction.js"

export const MASK = "[REDACTED]" as const

/** Shorter known secrets are not searched for: masking every 3-letter run would destroy the text and hide nothing. */
export const MIN_SECRET_LENGTH = 6

type Rule = readonly [RegExp, string | ((match: string) => string)]

/**
 * Credential shapes, applied first and in this order (URL userinfo before e-mail addresses, since `user:pass@host`
 * would otherwise half-match as an address). Each is a global regex, so a pass replaces every match.
 */
const CREDENTIALS: ReadonlyArray<Rule> = [
  // Userinfo in any URL: redis://:pw@host, https://user:token@host.
  [/\b([a-z][a-z0-9+.-]{1,20}:\/\/)[^\s/?#@]+@/gi, `$1${MASK}@`],
  // Credentials after an authorization scheme, as echoed headers carry them.
  [/\b(bearer|basic|token|digest|apikey)(\s+|%20)[A-Za-z0-9._~+/=-]{6,}/gi, `$1$2${MASK}`],
  // A credential named in the text: api_key=..., "password": "...", token: ...
  [
    /\b((?:api[_-]?key|apikey|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|client[_-]?secret|secret|token|password|passwd|pwd|authorization|x-api-key)["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"'&,;)}\]]+/gi,
    `$1${MASK}`
  ],
  // Well-known API key formats (sk_/rk_/pk_ live/test, whsec_ signing secrets, sk-..., re_..., pat-na1-... private app
  // tokens, Slack, GitHub, AWS access key ids), and JWTs.
  [/(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9_]+/g, MASK],
  [/whsec_[A-Za-z0-9+/=_]+/g, MASK],
  [/sk-[A-Za-z0-9_-]{10,}/g, MASK],
  [/\bre_[A-Za-z0-9_]{10,}/g, MASK],
  [/\bpat-[a-z0-9]{2,4}-[A-Za-z0-9-]{10,}/g, MASK],
  [/xox[abposr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/gh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/AKIA[0-9A-Z]{16}/g, MASK],
  [/eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*)?/g, MASK]
]

/** Personal data: applied last, so a random token holding digits is masked whole rather than as a digit run. */
const PERSONAL: ReadonlyArray<Rule> = [
  // E-mail addresses (any RFC 5322 local part), also URL-encoded.
  [/[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z0-9-]{2,}/g, MASK],
  // Phone numbers: international (+ then 7 to 15 digits, loosely separated) and North American formats.
  [/\+\d(?:[\s().-]{0,2}\d){6,14}/g, MASK],
  [/\(\d{3}\)\s?\d{3}[\s.-]?\d{4}/g, MASK],
  [/\b\d{3}[.-]\d{3}[.-]\d{4}\b/g, MASK],
  // Long digit runs standing alone (card numbers, national phone numbers, account numbers), grouped by spaces or dashes
  // or not. Digits glued to letters belong to an id (a UUID's `4993-9211-075dc63e`), and an RFC 9745 date
  // (`@1688169599`) is not a number of a person.
  [/(?<![@\w])\d(?:[ -]?\d){8,}(?!\w)/g, MASK]
]

/**
 * Long random-looking strings, which is what keys of unknown format look like. Request ids and resource ids look the
 * same, so identifiers (`scrubIdentifier`) are not judged by these: an identifier is checked for the known secrets and
 * the credential and personal-data shapes only.
 */
const RANDOM_TOKENS: ReadonlyArray<Rule> = [
  // Hex, base64url and session-id-like runs with both letters and digits; "/" is left out so that
  // URL paths survive, and padded standard base64 is caught by its padding.
  [/[A-Za-z0-9_-]{32,}/g, (match) => (/[0-9]/.test(match) && /[A-Za-z]/.test(match) ? MASK : match)],
  [/[A-Za-z0-9+/]{16,}={1,2}/g, MASK]
]

const apply = (text: string, rules: ReadonlyArray<Rule>): string => {
  let out = text
  for (const [pattern, replacement] of rules) {
    out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement)
  }
  return out
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** The plain values of the known secrets worth searching for, each with its URL-encoded form. */
export const secretValues = (secrets: Iterable<Secret> | undefined): ReadonlyArray<string> => {
  if (secrets === undefined) return []
  const out = new Set<string>()
  for (const secret of secrets) {
    const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
    if (value.length < MIN_SECRET_LENGTH) continue
    out.add(value)
    const encoded = encodeURIComponent(value)
    if (encoded !== value) out.add(encoded)
  }
  // Longest first, so a secret that contains another is masked whole.
  return Array.from(out).sort((a, b) => b.length - a.length)
}

const containsAny = (text: string, values: ReadonlyArray<string>): boolean => {
  const lower = text.toLowerCase()
  return values.some((value) => lower.includes(value.toLowerCase()))
}

/** `scrubText` with the secrets already unwrapped by `secretValues`; `tokens: false` keeps random-looking ids. */
export const scrubKnown = (text: string, known: ReadonlyArray<string>, tokens = true): string => {
  // Nothing shorter than a secret or a pattern can match (the shortest pattern, an e-mail address, takes 6 characters).
  if (text.length < MIN_SECRET_LENGTH) return text
  let out = text
  for (const value of known) {
    if (out.toLowerCase().includes(value.toLowerCase())) out = out.replace(new RegExp(escapeRegExp(value), "gi"), MASK)
  }
  out = apply(out, CREDENTIALS)
  if (tokens) out = apply(out, RANDOM_TOKENS)
  out = apply(out, PERSONAL)
  // A secret re-formed across a mask and its neighbours (or one that overlaps itself): nothing of the text is kept.
  return known.length > 0 && containsAny(out, known) ? MASK : out
}

export const scrubText = (text: string, secrets?: Iterable<Secret>): string => scrubKnown(text, secretValues(secrets))

/** Identifier-shaped: a vendor code, type, parameter name or request id, never a sentence. */
const IDENTIFIER = /^[A-Za-z0-9_.:\-]{1,80}$/

export const identifierKnown = (value: string, known: ReadonlyArray<string>): string | undefined =>
  IDENTIFIER.test(value) && scrubKnown(value, known, false) === value ? value : undefined

export const scrubIdentifier = (value: string, secrets?: Iterable<Secret>): string | undefined =>
  identifierKnown(value, secretValues(secrets))

export const DEFAULT_OUTLINE_KEEP: ReadonlyArray<string> = [
  "type",
  "code",
  "error_code",
  "errorType",
  "decline_code",
  "param",
  "category",
  "subCategory",
  "status",
  "policyName",
  "request_id",
  "requestId",
  "correlationId"
]

/** Numbers at or above this size may be a phone or card number written as a number. */
const LARGEST_KEPT_NUMBER = 1e8

export const outline = (
  value: unknown,
  options: OutlineOptions,
  isSensitiveKey: (key: string) => boolean
): unknown => {
  // Materialised once: the secrets are searched for in every kept identifier and key.
  const secrets = secretValues(options.secrets)
  const keep = new Set(options.keep ?? DEFAULT_OUTLINE_KEEP)
  const maxDepth = options.maxDepth ?? 4
  const maxKeys = options.maxKeys ?? 20
  const maxItems = options.maxItems ?? 5
  const go = (current: unknown, key: string | undefined, depth: number): unknown => {
    if (key !== undefined && isSensitiveKey(key) && current !== null && current !== undefined) return MASK
    if (Redacted.isRedacted(current)) return MASK
    if (current === null || current === undefined || Predicate.isBoolean(current)) return current
    if (Predicate.isNumber(current)) return Math.abs(current) < LARGEST_KEPT_NUMBER ? current : "<number>"
    if (Predicate.isString(current)) {
      const kept = key !== undefined && keep.has(key) ? identifierKnown(current, secrets) : undefined
      return kept ?? `<string:${current.length}>`
    }
    if (depth >= maxDepth) return Array.isArray(current) ? `<array:${current.length}>` : "<object>"
    if (Array.isArray(current)) {
      const shown = current.slice(0, maxItems).map((item) => go(item, undefined, depth + 1))
      return current.length > maxItems ? [...shown, `<${current.length - maxItems} more>`] : shown
    }
    if (!Predicate.isRecord(current)) return `<${typeof current}>`
    const out: Record<string, unknown> = {}
    const entries = Object.entries(current)
    for (const [index, [name, item]] of entries.slice(0, maxKeys).entries()) {
      // A key is data too (a map keyed by e-mail address): one that does not scrub clean is replaced by its position.
      const safe = scrubKnown(name, secrets) === name ? name : `<key:${index}>`
      out[safe] = go(item, name, depth + 1)
    }
    if (entries.length > maxKeys) out["<more keys>"] = entries.length - maxKeys
    return out
  }
  return go(value, undefined, 0)
}

/** An error's own identifier-shaped code (`ECONNREFUSED`, a SQLSTATE), looked for down its `cause` chain. */
const codeOf = (error: unknown): string | undefined => {
  let current: unknown = error
  for (let depth = 0; depth < 4 && Predicate.isObject(current); depth++) {
    const code = Predicate.hasProperty(current, "code") ? current.code : undefined
    if (Predicate.isString(code) && /^[A-Za-z0-9_]{1,40}$/.test(code)) return code
    if (Predicate.isNumber(code) && Number.isInteger(code)) return String(code)
    current = Predicate.hasProperty(current, "cause") ? current.cause : undefined
  }
  return undefined
}

const typeOf = (error: unknown): string => {
  if (Predicate.hasProperty(error, "_tag") && Predicate.isString(error._tag)) return error._tag
  if (error instanceof Error) return error.name
  return typeof error
}

export const outlineCause = (cause: Cause.Cause<unknown>): Record<string, string> => {
  if (Cause.isInterruptedOnly(cause)) return { "error.type": "Interrupted" }
  const failure = Cause.failureOption(cause)
  const error = Option.isSome(failure) ? failure.value : Option.getOrUndefined(Cause.dieOption(cause))
  const type = scrubIdentifier(typeOf(error)) ?? "unknown"
  const code = codeOf(error)
  return {
    "error.type": type,
    ...(Option.isNone(failure) ? { "error.kind": "defect" } : {}),
    ...(code !== undefined ? { "error.code": code } : {})
  }
}

export const redact = (
  value: unknown,
  isSensitiveKey: (key: string) => boolean,
  maxDepth: number,
  secrets: Iterable<Secret> | undefined
): unknown => {
  const known = secretValues(secrets)
  const seen = new WeakSet<object>()
  const go = (current: unknown, depth: number): unknown => {
    if (Redacted.isRedacted(current)) return MASK
    if (Predicate.isString(current)) return scrubKnown(current, known)
    if (!Predicate.isObject(current)) return current
    if (seen.has(current)) return "[Circular]"
    if (depth >= maxDepth) return "[Truncated]"
    seen.add(current)
    if (Array.isArray(current)) return current.map((item) => go(item, depth + 1))
    if (current instanceof Map) {
      return new Map(
        Array.from(current, ([key, item]) => [
          Predicate.isString(key) ? scrubKnown(key, known) : key,
          Predicate.isString(key) && isSensitiveKey(key) ? MASK : go(item, depth + 1)
        ])
      )
    }
    if (current instanceof Set) return new Set(Array.from(current, (item) => go(item, depth + 1)))
    if (current instanceof Date) return current
    if (current instanceof URL) return scrubKnown(current.toString(), known)
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(current)) {
      out[scrubKnown(key, known)] = isSensitiveKey(key) && item !== null && item !== undefined ? MASK : go(item, depth + 1)
    }
    return out
  }
  return go(value, 0)
}
