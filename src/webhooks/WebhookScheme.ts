/**
 * The contract every signature scheme implements (Standard Webhooks, Stripe, GitHub, ...): verify a raw request
 * against one or more secrets, and sign a body the way the vendor would (for tests and the `webhook sign` CLI).
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { WebhookError } from "./WebhookError.js"

/**
 * Names of the built-in schemes, as used by the CLI's `--scheme` and in errors and metrics.
 *
 * @since 0.1.0
 * @category Models
 */
export type SchemeName =
  | "standard"
  | "stripe"
  | "github"
  | "slack"
  | "twilio"
  | "hubspot"
  | "shopify"
  | "calcom"
  | "retell"
  | "postmark"
  | "gohighlevel"
  /** HMAC-SHA256 of the body, hex, in a configurable header: the enrichment providers (`effect-integrations/enrichment`). */
  | "hmac-sha256"
  | "llamacloud"
  | "firecrawl"
  | "waha"

/**
 * Case-insensitive header lookup. Absent headers are `undefined`.
 *
 * @since 0.1.0
 * @category Models
 */
export type HeaderLookup = (name: string) => string | undefined

/**
 * What a verifier needs from an HTTP request. `rawBody` must be the bytes as received: a body that was parsed and
 * re-serialised (e.g. by `express.json()`) no longer matches its signature.
 *
 * @since 0.1.0
 * @category Models
 */
export interface WebhookRequest {
  readonly rawBody: Uint8Array
  readonly headers: HeaderLookup
  /** The full public URL the vendor called (Twilio and HubSpot sign it), including the query string. */
  readonly url?: string | undefined
  /** The HTTP method (HubSpot signs it); `POST` when absent. */
  readonly method?: string | undefined
}

/**
 * Headers in any of the shapes a framework hands out.
 *
 * @since 0.1.0
 * @category Models
 */
export type HeadersInput =
  | HeaderLookup
  | { readonly get: (name: string) => string | null }
  | Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/**
 * One secret or several (during rotation every configured secret is tried). For Standard Webhooks a secret may also
 * be an ed25519 public key (`whpk_...`) to verify `v1a` signatures.
 *
 * @since 0.1.0
 * @category Models
 */
export type Secrets = Redacted.Redacted<string> | ReadonlyArray<Redacted.Redacted<string>>

/**
 * @since 0.1.0
 * @category Models
 */
export interface VerifyOptions {
  /** How far the signed timestamp may be from the verifier's clock, in either direction. Default 5 minutes. */
  readonly tolerance?: Duration.DurationInput | undefined
}

/**
 * How far a verified delivery is protected against replay, i.e. against someone who captured it sending it again:
 *
 * - `"timestamp"`: the scheme signs a timestamp, so a copy is refused by the tolerance window once it is older than
 *   that, and by the replay guard before (its keys are kept at least twice the tolerance). Protection does not lapse.
 * - `"remembered"`: nothing signed says when the delivery was made (GitHub, Shopify, Twilio, Cal.com). A copy is
 *   refused only while the replay guard remembers its key (`Webhooks.replayTtl`: 24 hours by default, and the memory
 *   guard forgets its oldest keys past `maxEntries`); after that the same signed request is accepted again. A genuine
 *   redelivery with identical signed content cannot be told apart from a replay and is acknowledged without running
 *   the handler. Make handlers of such schemes idempotent on something in the signed body (an order id, a commit sha).
 *
 * @since 0.1.0
 * @category Models
 */
export type ReplayProtection = "timestamp" | "remembered"

/**
 * A delivery whose signature (and timestamp, where the scheme has one) checked out.
 *
 * @since 0.1.0
 * @category Models
 */
export interface VerifiedWebhook {
  readonly scheme: SchemeName
  /**
   * The vendor's delivery or event id, when the scheme carries one. Only when `idSigned` is `true` does the
   * signature cover it; otherwise (GitHub's `X-GitHub-Delivery`, Shopify's `X-Shopify-Webhook-Id`, Twilio's
   * `I-Twilio-Idempotency-Token`) it is an unsigned header that anyone replaying the delivery can change: fine for
   * logs, never for deduplication or authorisation.
   */
  readonly id?: string | undefined
  /** Whether `id` is covered by the signature (Standard Webhooks' id, Stripe's event id from the signed body). */
  readonly idSigned: boolean
  /** The signed timestamp, for schemes that sign one. */
  readonly timestamp?: DateTime.Utc | undefined
  /** How far the replay guard can protect this delivery; see `ReplayProtection`. */
  readonly replayProtection: ReplayProtection
  /**
   * The key the replay guard stores, derived only from what the signature covers: scheme plus the signed id, or
   * scheme plus a SHA-256 of the signed content. Changing, adding or removing an unsigned header never changes it.
   */
  readonly replayKey: string
}

/**
 * What to sign. Absent `id` and `timestamp` are generated (Effect `Random` and `Clock`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface SignInput {
  readonly body: Uint8Array | string
  readonly id?: string | undefined
  /** A `Date`, a `DateTime` or epoch milliseconds. */
  readonly timestamp?: DateTime.DateTime.Input | undefined
  /** Required by the schemes that sign the URL (Twilio, HubSpot). */
  readonly url?: string | undefined
  readonly method?: string | undefined
}

/**
 * The headers a vendor would send with `body`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SignedWebhook {
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array
}

/**
 * One signature scheme.
 *
 * @since 0.1.0
 * @category Models
 */
export interface WebhookScheme {
  readonly name: SchemeName
  /** Vendor name for messages: `Stripe`, `Standard Webhooks`, ... */
  readonly label: string
  /** The header carrying the signature, used to recognise a delivery's scheme. */
  readonly signatureHeader: string
  /**
   * Whether the scheme signs a timestamp (and so has a tolerance window). Its verified deliveries then say
   * `replayProtection: "timestamp"`, otherwise `"remembered"`.
   */
  readonly timestamped: boolean
  /** Whether `request.url` is part of the signed content. */
  readonly signsUrl: boolean
  /**
   * Fails with a `WebhookError`; dies only on programmer errors (no secret configured, URL missing where signed). A
   * scheme of your own must derive `replayKey` only from what its signature covers (never from an unsigned header),
   * and say `replayProtection: "remembered"` unless it checks a signed timestamp.
   */
  readonly verify: (
    request: WebhookRequest,
    secrets: Secrets,
    options?: VerifyOptions | undefined
  ) => Effect.Effect<VerifiedWebhook, WebhookError>
  /** Signs with every secret the scheme can carry at once (Standard Webhooks, Stripe), else with the first. */
  readonly sign: (input: SignInput, secrets: Secrets) => Effect.Effect<SignedWebhook>
  /** Why a secret cannot be used with this scheme (wrong prefix, not base64, ...), without echoing it. */
  readonly secretProblem: (secret: Redacted.Redacted<string>) => string | undefined
}

/**
 * Builds a case-insensitive lookup from a record (Node, Express), a Web `Headers` or a function. Repeated headers are
 * joined with `", "` as HTTP does.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const headerLookup = (input: HeadersInput): HeaderLookup => {
  if (typeof input === "function") return input
  if (typeof input.get === "function") {
    const headers = input as { readonly get: (name: string) => string | null }
    return (name) => headers.get(name) ?? undefined
  }
  const record = input as Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  const normalised = new Map<string, string>()
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (value === undefined) continue
    const joined = typeof value === "string" ? value : value.join(", ")
    const lower = key.toLowerCase()
    const existing = normalised.get(lower)
    normalised.set(lower, existing === undefined ? joined : `${existing}, ${joined}`)
  }
  return (name) => normalised.get(name.toLowerCase())
}

/**
 * Builds a `WebhookRequest`; a string body is taken as UTF-8.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const makeRequest = (input: {
  readonly body: Uint8Array | string
  readonly headers: HeadersInput
  readonly url?: string | undefined
  readonly method?: string | undefined
}): WebhookRequest => ({
  rawBody: typeof input.body === "string" ? new TextEncoder().encode(input.body) : input.body,
  headers: headerLookup(input.headers),
  url: input.url,
  method: input.method
})
