/**
 * What a vendor declaration fixes once: its base URL, auth, default headers, policy, policy instances, transport and
 * the hooks that read its answers. Every operation of the vendor shares it.
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Bulkhead from "../../Bulkhead.js"
import * as CircuitBreaker from "../../CircuitBreaker.js"
import * as Credentials from "../../Credentials.js"
import type * as Api from "../../HttpIntegration.js"
import type { IntegrationError } from "../../IntegrationError.js"
import * as RateLimiter from "../../RateLimiter.js"
import * as RateLimitHeaders from "../../RateLimitHeaders.js"
import * as ResponseClassifier from "../../ResponseClassifier.js"
import * as RetryBudget from "../../RetryBudget.js"
import * as Exchange from "./exchange.js"
import type * as Stages from "./stages.js"
import * as Wire from "./wire.js"

const USER_AGENT = "effect-integrations/0.2.0"
const DEFAULT_BULKHEAD = { maxConcurrent: 100, maxQueue: 1000, maxQueueWait: "30 seconds" } as const

export interface Vendor {
  readonly name: string
  readonly definition: Api.Definition
  readonly base: Wire.Base
  readonly auth: Api.Auth
  readonly secret: Credentials.Secret | undefined
  readonly credentials: Credentials.Service
  /** Lower-case names. */
  readonly defaultHeaders: Readonly<Record<string, string>>
  /** Lower-case, or undefined when the vendor takes no idempotency key. */
  readonly idempotencyHeader: string | undefined
  /** The longest key a caller may give (`Infinity` when the vendor states no limit). */
  readonly idempotencyKeyMaxLength: number
  readonly requestIdHeaders: ReadonlyArray<string>
  readonly refine: ResponseClassifier.Refine | undefined
  /** Error fields read into `details`: the kernel's defaults and the dialect's own. */
  readonly detailFields: ReadonlyArray<string>
  readonly rateLimitHeaders: RateLimitHeaders.Parser
  /** Lower-case names. */
  readonly deprecationHeaders: ReadonlyArray<string>
  readonly budget: RetryBudget.RetryBudget | undefined
  readonly policies: Stages.Policies
  readonly stages: ReadonlyArray<Api.AttemptStage>
  readonly exchange: { readonly direct: Exchange.Direct | undefined; readonly client: Exchange.Client }
  /** Operations whose deprecation was already logged (it is logged once per operation). */
  readonly warned: Set<string>
}

/** Tells a policy instance from the options that would build one. */
const isInstance = <T>(value: object, member: string): value is T & object => member in value

const authSecret = (auth: Api.Auth): Credentials.Secret | undefined => {
  switch (auth._tag) {
    case "Bearer":
    case "Header":
    case "Query":
      return auth.secret
    case "Basic":
      return auth.password
    case "None":
    case "Token":
      return undefined
  }
}

const lowerCased = (headers: Readonly<Record<string, string>> | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  Wire.mergeHeaders(out, headers)
  return out
}

export const resolve = (definition: Api.Definition) =>
  Effect.gen(function*() {
    const name = definition.vendor
    const dialect = definition.dialect ?? {}
    const auth: Api.Auth = definition.auth ?? { _tag: "None" }
    const breakerSetting = definition.circuitBreaker ?? {}
    const breaker = breakerSetting === false
      ? undefined
      : isInstance<CircuitBreaker.CircuitBreaker>(breakerSetting, "transitions")
      ? breakerSetting
      : yield* CircuitBreaker.make({ ...breakerSetting, vendor: name })
    const limiter = definition.rateLimit === undefined || definition.rateLimit === false
      ? undefined
      : isInstance<RateLimiter.RateLimiter>(definition.rateLimit, "observe")
      ? definition.rateLimit
      : yield* RateLimiter.make({ ...definition.rateLimit, vendor: name })
    const bulkheadSetting = definition.bulkhead ?? DEFAULT_BULKHEAD
    const bulkhead = bulkheadSetting === false
      ? undefined
      : isInstance<Bulkhead.Bulkhead>(bulkheadSetting, "status")
      ? bulkheadSetting
      : yield* Bulkhead.make({ ...bulkheadSetting, vendor: name })
    const declared = definition.attemptStages
    const stages: ReadonlyArray<Api.AttemptStage> = definition.attemptPolicy === undefined
      ? declared ?? ["circuitBreaker", "rateLimiter", "bulkhead", "timeout"]
      : [{ name: "attemptPolicy", policy: definition.attemptPolicy }, ...(declared ?? ["circuitBreaker", "rateLimiter", "bulkhead", "timeout"])]
    const vendor: Vendor = {
      name,
      definition,
      base: Wire.parseBase(definition.baseUrl),
      auth,
      secret: authSecret(auth),
      credentials: yield* Credentials.fromContextOrDefault,
      defaultHeaders: lowerCased({ "user-agent": USER_AGENT, accept: "application/json", ...definition.headers }),
      idempotencyHeader: dialect.idempotencyHeader?.toLowerCase(),
      idempotencyKeyMaxLength: dialect.idempotencyKeyMaxLength ?? Infinity,
      requestIdHeaders: (dialect.requestIdHeaders ?? ["x-request-id", "request-id"]).map((header) => header.toLowerCase()),
      refine: dialect.refineError,
      detailFields: [...ResponseClassifier.defaultDetailFields, ...(dialect.errorDetails ?? [])],
      rateLimitHeaders: dialect.rateLimitHeaders ?? RateLimitHeaders.parse,
      deprecationHeaders: (dialect.deprecationHeaders ?? ["deprecation", "sunset", "warning"]).map((header) => header.toLowerCase()),
      budget: definition.retryBudget === false ? undefined : definition.retryBudget ?? (yield* RetryBudget.make()),
      policies: {
        vendor: name,
        breaker,
        breakerPerOperation: breakerSetting !== false && "per" in breakerSetting && breakerSetting.per === "operation",
        limiter,
        bulkhead
      },
      stages,
      exchange: yield* Exchange.resolve,
      warned: new Set()
    }
    return vendor
  })

/**
 * The credential for an attempt, at once when it is known now: the value, `undefined` for a vendor without auth, or
 * `Pending` when reading it needs an Effect (a secret due for a refresh, a token provider).
 */
export const Pending = Symbol.for("effect-integrations/kernel/PendingCredential")

export const peekCredential = (
  vendor: Vendor,
  nowMillis: number
): Redacted.Redacted<string> | undefined | typeof Pending => {
  if (vendor.auth._tag === "Token") return Pending
  const secret = vendor.secret
  if (secret === undefined) return undefined
  const peek = vendor.credentials.peek
  const value = peek === undefined ? undefined : peek(secret, nowMillis)
  return value === undefined ? Pending : value
}

/** The credential for an attempt, as an Effect. */
export const credential = (vendor: Vendor): Effect.Effect<Redacted.Redacted<string> | undefined, IntegrationError> => {
  const auth = vendor.auth
  if (auth._tag === "Token") return auth.provider.get
  const secret = vendor.secret
  return secret === undefined ? Effect.succeed(undefined) : vendor.credentials.get(secret)
}
