/**
 * What the simulator remembers between requests, shared by all vendors: deterministic ids, the ledger of requests and
 * side effects behind `stats`, and the idempotency store. Also the contract every vendor module implements.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type { SimRequest, SimResponse } from "./http.js"
import { token } from "./http.js"
import type { RouteId, Vendor } from "./routes.js"

/** @internal */
export interface SideEffect {
  readonly vendor: Vendor
  readonly route: string
  /** What happened, e.g. `customer.created`, `email.sent`. */
  readonly kind: string
  readonly objectId: string
  readonly idempotencyKey: string | undefined
  readonly at: number
}

/** @internal */
export interface StatsSnapshot {
  readonly totalRequests: number
  readonly requests: Readonly<Record<string, number>>
  readonly faults: Readonly<Record<string, number>>
  readonly sideEffects: ReadonlyArray<SideEffect>
  readonly sideEffectsByKey: Readonly<Record<string, number>>
  readonly replays: number
  readonly duplicates: number
}

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)

/**
 * Requests per route, injected faults per kind, and side effects. A side effect is a duplicate when the same vendor
 * route already committed one for an identical request body: what a retried request without an idempotency key
 * leaves behind.
 *
 * @internal
 */
export class Ledger {
  private requests = new Map<string, number>()
  private faults = new Map<string, number>()
  private effects: Array<SideEffect> = []
  private fingerprints = new Set<string>()
  private replays = 0
  private duplicates = 0
  private total = 0

  request(vendor: Vendor, route: string): void {
    this.total++
    increment(this.requests, `${vendor} ${route}`)
  }

  fault(kind: string): void {
    increment(this.faults, kind)
  }

  replay(): void {
    this.replays++
  }

  commit(effect: SideEffect, fingerprint: string): void {
    const key = `${effect.vendor} ${effect.route} ${fingerprint}`
    if (this.fingerprints.has(key)) this.duplicates++
    else this.fingerprints.add(key)
    this.effects.push(effect)
  }

  snapshot(): StatsSnapshot {
    const byKey = new Map<string, number>()
    for (const effect of this.effects) if (effect.idempotencyKey !== undefined) increment(byKey, effect.idempotencyKey)
    return {
      totalRequests: this.total,
      requests: Object.fromEntries(this.requests),
      faults: Object.fromEntries(this.faults),
      sideEffects: [...this.effects],
      sideEffectsByKey: Object.fromEntries(byKey),
      replays: this.replays,
      duplicates: this.duplicates
    }
  }

  clear(): void {
    this.requests.clear()
    this.faults.clear()
    this.effects = []
    this.fingerprints.clear()
    this.replays = 0
    this.duplicates = 0
    this.total = 0
  }
}

/** @internal */
export type IdempotencyEntry =
  | { readonly _tag: "InFlight"; readonly fingerprint: string; readonly endpoint: string; readonly at: number }
  | {
    readonly _tag: "Done"
    readonly fingerprint: string
    readonly endpoint: string
    readonly at: number
    readonly response: SimResponse
    readonly requestId: string
  }

/** Keys live 24 hours, as both Stripe and Resend document. @internal */
export const idempotencyTtlMillis = 24 * 60 * 60 * 1000

/** @internal */
export class IdempotencyStore {
  private entries = new Map<string, IdempotencyEntry>()

  get(scope: string, key: string, now: number): IdempotencyEntry | undefined {
    const entry = this.entries.get(`${scope}\u0000${key}`)
    return entry !== undefined && now - entry.at < idempotencyTtlMillis ? entry : undefined
  }

  claim(scope: string, key: string, fingerprint: string, endpoint: string, now: number): void {
    this.entries.set(`${scope}\u0000${key}`, { _tag: "InFlight", fingerprint, endpoint, at: now })
  }

  complete(scope: string, key: string, response: SimResponse, requestId: string): void {
    const entry = this.entries.get(`${scope}\u0000${key}`)
    if (entry === undefined) return
    this.entries.set(`${scope}\u0000${key}`, { ...entry, _tag: "Done", response, requestId })
  }

  release(scope: string, key: string): void {
    this.entries.delete(`${scope}\u0000${key}`)
  }

  clear(): void {
    this.entries.clear()
  }
}

/**
 * How a vendor treats an idempotency key on one request.
 *
 * @internal
 */
export interface IdempotencyPolicy {
  readonly key: string
  /** Equal for requests with the same parameters. */
  readonly fingerprint: string
  /** The operation the key was used for: a different one is a mismatch too. */
  readonly endpoint: string
  /** An unusable key (Resend: longer than 256 characters). */
  readonly invalid?: SimResponse | undefined
  /** The key was first used with other parameters, or on another endpoint (`stored.endpoint`). */
  readonly mismatch: (stored: { readonly endpoint: string }) => SimResponse
  readonly inProgress: SimResponse
  /** The stored response as replayed. */
  readonly replay: (stored: SimResponse, originalRequestId: string) => SimResponse
}

/** @internal */
export interface RateLimitState {
  readonly limit: number
  readonly remaining: number
  readonly windowMs: number
  /** Milliseconds until the current window ends. */
  readonly resetMs: number
  readonly now: number
}

/** What vendor modules may use from the simulator. @internal */
export interface Shared {
  /** A deterministic id: `prefix` then `length` characters. */
  readonly id: (prefix: string, length: number, chars?: string) => string
  /** Records a side effect of the request (the vendor acted). */
  readonly commit: (request: SimRequest, kind: string, objectId: string) => void
  /** Exact keys accepted for the vendor, when configured; otherwise the vendor's key prefix is enough. */
  readonly keys: (vendor: Vendor) => ReadonlyArray<string> | undefined
  readonly hubspot: {
    readonly clientId: string | undefined
    readonly clientSecret: string | undefined
    readonly accessTokenTtlSeconds: number
  }
}

/** @internal */
export type Handler = (request: SimRequest) => Effect.Effect<SimResponse>

/** @internal */
export interface VendorModule<V extends Vendor> {
  readonly vendor: V
  readonly handlers: { readonly [R in RouteId<V>]: Handler }
  /** An error response when the request's credentials are missing or wrong. */
  readonly authenticate: (request: SimRequest) => SimResponse | undefined
  /** The vendor's error body for a status, used by injected faults. */
  readonly error: (request: SimRequest, status: number, message: string | undefined) => SimResponse
  /** The vendor's answer to a path it does not serve. */
  readonly notFound: (request: SimRequest) => SimResponse
  readonly idempotency?: ((request: SimRequest) => IdempotencyPolicy | undefined) | undefined
  /** Response headers every answer carries (request id...). */
  readonly headers: (request: SimRequest) => Record<string, string>
  /** A new request id, formatted as the vendor does. */
  readonly requestId: () => string
  readonly rateLimit: {
    readonly limit: number
    readonly windowMs: number
    readonly headers: (state: RateLimitState) => Record<string, string>
  }
  /** Forgets every object. */
  readonly reset: () => void
}

/** @internal */
export const makeIds = (seed: string) => {
  const counters = new Map<string, number>()
  return (prefix: string, length: number, chars?: string): string => {
    const n = (counters.get(prefix) ?? 0) + 1
    counters.set(prefix, n)
    return prefix + token(`${seed}:${prefix}:${n}`, length, chars)
  }
}
