/**
 * Masks personal data and secrets in values before they are logged. Secrets themselves travel as `Redacted`; this is
 * for payloads (request bodies, vendor responses) that a debug log wants to show in outline.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Redacted from "effect/Redacted"

/**
 * Key fragments whose values are masked, compared case-insensitively with `_`/`-` removed.
 *
 * @since 0.1.0
 * @category Models
 */
export const defaultSensitiveKeys: ReadonlyArray<string> = [
  "email",
  "phone",
  "name",
  "address",
  "token",
  "password",
  "passwd",
  "secret",
  "authorization",
  "apikey",
  "cookie",
  "ssn",
  "card",
  "cvc",
  "iban",
  "dob",
  "birth",
  "signature",
  "privatekey",
  "credential"
]

/**
 * @since 0.1.0
 * @category Models
 */
export const MASK = "[REDACTED]"

/**
 * @since 0.1.0
 * @category Models
 */
export interface RedactOptions {
  readonly sensitiveKeys?: ReadonlyArray<string> | undefined
  /** Deeper structures are replaced by a marker so logging a huge object stays cheap. */
  readonly maxDepth?: number | undefined
}

const normalise = (key: string) => key.toLowerCase().replace(/[_\-\s]/g, "")

/**
 * Whether a key names a sensitive field (`customer_email`, `X-Api-Key`, `refreshToken` ...).
 *
 * @since 0.1.0
 * @category Predicates
 */
export const isSensitiveKey = (key: string, sensitiveKeys: ReadonlyArray<string> = defaultSensitiveKeys): boolean => {
  const normalised = normalise(key)
  return sensitiveKeys.some((fragment) => normalised.includes(normalise(fragment)))
}

/**
 * Returns a copy of `value` with sensitive fields masked, recursively through objects, arrays, maps and sets.
 * `Redacted` values are always masked; cycles are cut.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const redact = (value: unknown, options: RedactOptions = {}): unknown => {
  const keys = options.sensitiveKeys ?? defaultSensitiveKeys
  const maxDepth = options.maxDepth ?? 8
  const seen = new WeakSet<object>()
  const go = (current: unknown, depth: number): unknown => {
    if (Redacted.isRedacted(current)) return MASK
    if (!Predicate.isObject(current)) return current
    if (seen.has(current)) return "[Circular]"
    if (depth >= maxDepth) return "[Truncated]"
    seen.add(current)
    if (Array.isArray(current)) return current.map((item) => go(item, depth + 1))
    if (current instanceof Map) {
      return new Map(
        Array.from(current, ([key, item]) => [key, Predicate.isString(key) && isSensitiveKey(key, keys) ? MASK : go(item, depth + 1)])
      )
    }
    if (current instanceof Set) return new Set(Array.from(current, (item) => go(item, depth + 1)))
    if (current instanceof Date || current instanceof URL) return current
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(current)) {
      out[key] = isSensitiveKey(key, keys) && item !== null && item !== undefined ? MASK : go(item, depth + 1)
    }
    return out
  }
  return go(value, 0)
}
