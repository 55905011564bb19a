/**
 * Keeps personal data and secrets out of logs, spans and errors. Secrets themselves travel as `Redacted`; this module is
 * for what a vendor or a user sends back: `scrubText` masks secrets and PII by value in free text, `outline` reduces a
 * payload to its shape (what a debug log keeps of a vendor's error body), and `redact` masks by key name and by value.
 *
 * @since 0.1.0
 */
import type * as Cause from "effect/Cause"
import type * as Redacted from "effect/Redacted"
import * as internal from "./internal/redaction.js"

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
export const MASK: "[REDACTED]" = internal.MASK

/**
 * A value known to be secret (an API key, a token, a password), searched for in text and masked wherever it appears,
 * URL-encoded or not, whatever its case. Values shorter than 6 characters are not searched for.
 *
 * @since 0.1.0
 * @category Models
 */
export type Secret = string | Redacted.Redacted<string>

/**
 * @since 0.1.0
 * @category Models
 */
export interface RedactOptions {
  readonly sensitiveKeys?: ReadonlyArray<string> | undefined
  /** Deeper structures are replaced by a marker so logging a huge object stays cheap. */
  readonly maxDepth?: number | undefined
  /** Known secret values, masked in every string (keys included). */
  readonly secrets?: Iterable<Secret> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface ScrubOptions {
  /** Known secret values (the vendor's own credential, a webhook secret), masked wherever they appear. */
  readonly secrets?: Iterable<Secret> | undefined
  /** Longer text is cut first (a `…` marks the cut), so scrubbing stays cheap and the output bounded. */
  readonly maxLength?: number | undefined
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
 * Masks secrets and personal data in free text by value: the known `secrets`, then anything shaped like a credential
 * (`Bearer ...`, `api_key=...`, well-known API key formats such as `sk_live_...`, `sk-...`, `re_...`, `pat-...`,
 * `xoxb-...`, `ghp_...`, `AKIA...` and `whsec_...`, JWTs, long random tokens), URL userinfo, e-mail addresses, phone numbers and card or account numbers. Every match becomes
 * `[REDACTED]`; if a known secret still shows after that (re-formed across a mask), the whole text is masked. Cheap
 * enough for failure paths: a few regular expressions over bounded text.
 *
 * @example
 * ```ts
 * import { Redaction } from "effect-integrations"
 *
 * Redaction.scrubText("No such customer: jane@example.com (key sk_test_4eC39HqLyjWDarjtT1zdp7dc)")
 * // "No such customer: [REDACTED] (key [REDACTED])"
 * ```
 *
 * @since 0.1.0
 * @category Redaction
 */
export const scrubText = (text: string, options: ScrubOptions = {}): string => {
  const bounded = options.maxLength !== undefined && text.length > options.maxLength
    ? `${text.slice(0, options.maxLength)}…`
    : text
  return internal.scrubText(bounded, options.secrets)
}

/**
 * `value` when it is a short identifier (a vendor error code or type, a parameter name, a request id: letters, digits
 * and `_.:-`, at most 80 characters) that scrubbing leaves untouched; otherwise `undefined`.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const identifier = (value: string, options: { readonly secrets?: Iterable<Secret> | undefined } = {}): string | undefined =>
  internal.scrubIdentifier(value, options.secrets)

/**
 * Keys whose string values `outline` shows (when they are clean identifiers): the error identifier fields common APIs
 * use (`type`, `code`, `param`, ...) and request ids.
 *
 * @since 0.1.0
 * @category Models
 */
export const defaultOutlineKeep: ReadonlyArray<string> = internal.DEFAULT_OUTLINE_KEEP

/**
 * @since 0.1.0
 * @category Models
 */
export interface OutlineOptions {
  readonly secrets?: Iterable<Secret> | undefined
  /** Keys whose identifier values are kept; `defaultOutlineKeep` by default. */
  readonly keep?: ReadonlyArray<string> | undefined
  readonly sensitiveKeys?: ReadonlyArray<string> | undefined
  /** Default 4. */
  readonly maxDepth?: number | undefined
  /** Keys shown per object, default 20. */
  readonly maxKeys?: number | undefined
  /** Items shown per array, default 5. */
  readonly maxItems?: number | undefined
}

/**
 * The shape of a payload without its free text, for a debug log of a vendor's error body: keys (replaced by their
 * position when they hold data), strings as `<string:length>` unless they are clean identifiers under a kept key
 * (`code`, `type`, `param`, request ids ...), numbers below 10^8, booleans and nulls; values under sensitive keys
 * masked (sensitivity wins over `keep`); arrays and objects bounded.
 *
 * @example
 * ```ts
 * import { Redaction } from "effect-integrations"
 *
 * Redaction.outline({ error: { type: "invalid_request_error", message: "No such customer: jane@example.com" } })
 * // { error: { type: "invalid_request_error", message: "<string:34>" } }
 * ```
 *
 * @since 0.1.0
 * @category Redaction
 */
export const outline = (value: unknown, options: OutlineOptions = {}): unknown => {
  const keys = options.sensitiveKeys ?? defaultSensitiveKeys
  return internal.outline(value, options, (key) => isSensitiveKey(key, keys))
}

/**
 * What a log may keep of a failure's `Cause`: the error's tag or class name and an identifier-shaped `code` from it or
 * its `cause` chain (`ECONNREFUSED`, a SQLSTATE), never a message, which may quote the data that failed.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const outlineCause = (cause: Cause.Cause<unknown>): Record<string, string> => internal.outlineCause(cause)

/**
 * Returns a copy of `value` with sensitive fields masked, recursively through objects, arrays, maps and sets, and
 * every string (keys included) passed through `scrubText`. `Redacted` values are always masked; cycles are cut.
 *
 * @since 0.1.0
 * @category Redaction
 */
export const redact = (value: unknown, options: RedactOptions = {}): unknown => {
  const keys = options.sensitiveKeys ?? defaultSensitiveKeys
  return internal.redact(value, (key) => isSensitiveKey(key, keys), options.maxDepth ?? 8, options.secrets)
}
