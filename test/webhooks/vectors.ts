/**
 * The shared webhook signature vectors (Standard Webhooks, Stripe, GitHub, Slack, Twilio), mapped onto our scheme
 * names and error reasons so the library and the CLI tests run the same cases.
 */
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import type { Reason } from "../../src/webhooks/WebhookError.js"
import type { SchemeName } from "../../src/webhooks/WebhookScheme.js"

interface RawCase {
  readonly id: string
  readonly scheme: string
  readonly description: string
  readonly secret?: string
  readonly public_key?: string
  readonly payload: string | null
  readonly url?: string
  readonly params?: Readonly<Record<string, string>>
  readonly headers: Readonly<Record<string, string>>
  readonly now: number | null
  readonly tolerance_s: number | null
  readonly expected: "valid" | "invalid"
  readonly expected_error: string | null
  readonly expected_signature: string
}

export interface Vector {
  readonly id: string
  readonly description: string
  readonly scheme: SchemeName
  /** Secrets for `--secret`; empty when the case verifies with a public key. */
  readonly secrets: ReadonlyArray<string>
  readonly publicKeys: ReadonlyArray<string>
  readonly body: string
  readonly url?: string
  readonly headers: Readonly<Record<string, string>>
  readonly now?: number
  readonly toleranceSeconds?: number
  readonly valid: boolean
  readonly reason?: Reason
  /** The signature a correct signer produces, without its version prefix: output must never echo it. */
  readonly expectedSignature: string
}

const reasons: Record<string, Reason> = {
  missing_header: "MissingHeader",
  invalid_header: "MalformedHeader",
  invalid_timestamp: "MalformedHeader",
  timestamp_too_old: "TimestampTooOld",
  timestamp_too_new: "TimestampInFuture",
  no_matching_signature: "InvalidSignature",
  no_signatures_for_scheme: "InvalidSignature"
}

const schemeOf = (label: string): SchemeName => {
  const prefix = label.split("/")[0]!
  const names: Record<string, SchemeName> = {
    "standard-webhooks": "standard",
    stripe: "stripe",
    github: "github",
    slack: "slack",
    twilio: "twilio"
  }
  const name = names[prefix]
  if (name === undefined) throw new Error(`unmapped vector scheme ${label}`)
  return name
}

// Read from ../shared beside the project, where CI places it too; a copy here could drift from the vendors' vectors.
const file = process.env.VECTORS_FILE ??
  NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../../../shared/vectors/webhooks.json")
const raw = JSON.parse(NodeFs.readFileSync(file, "utf8")) as { readonly cases: ReadonlyArray<RawCase> }

export const vectors: ReadonlyArray<Vector> = raw.cases.map((c) => {
  const scheme = schemeOf(c.scheme)
  const reason = c.expected_error === null ? undefined : reasons[c.expected_error]
  if (c.expected_error !== null && reason === undefined) throw new Error(`unmapped vector error ${c.expected_error}`)
  return {
    id: c.id,
    description: c.description,
    scheme,
    secrets: c.public_key === undefined && c.secret !== undefined ? [c.secret] : [],
    publicKeys: c.public_key === undefined ? [] : [c.public_key],
    // Twilio's vectors carry form parameters: the body is what Twilio POSTs, form-encoded.
    body: c.payload ?? new URLSearchParams(c.params ?? {}).toString(),
    ...(c.url === undefined ? {} : { url: c.url }),
    headers: c.headers,
    ...(c.now === null ? {} : { now: c.now }),
    ...(c.tolerance_s === null ? {} : { toleranceSeconds: c.tolerance_s }),
    valid: c.expected === "valid",
    expectedSignature: c.expected_signature.replace(/^(v1a?,|v\d=|sha256=)/, ""),
    ...(reason === undefined ? {} : { reason })
  }
})
