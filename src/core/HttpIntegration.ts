/**
 * Declare a vendor once (base URL, auth, headers, default policy) and its operations (method, path, Schemas), and get
 * typed functions `(input) => Effect<Output, IntegrationError>` that validate input before any I/O, retry safely,
 * time out, classify failures, decode responses with Schema and report one span per logical call.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as FiberRef from "effect/FiberRef"
import type * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as Credentials from "./Credentials.js"
import type { IntegrationError } from "./IntegrationError.js"
import * as internal from "./internal/httpIntegration.js"
import type * as ResponseClassifier from "./ResponseClassifier.js"
import type * as Bulkhead from "./Bulkhead.js"
import type * as CircuitBreaker from "./CircuitBreaker.js"
import type * as RateLimiter from "./RateLimiter.js"
import type * as RateLimitHeaders from "./RateLimitHeaders.js"
import type * as Retry from "./Retry.js"
import type * as RetryBudget from "./RetryBudget.js"

/**
 * How requests are authenticated. Secrets stay `Redacted` until the header is set, and every auth header is redacted in
 * logs and spans.
 *
 * @since 0.1.0
 * @category Models
 */
export type Auth =
  | { readonly _tag: "None" }
  | { readonly _tag: "Bearer"; readonly secret: Credentials.Secret }
  | { readonly _tag: "Basic"; readonly username: string; readonly password: Credentials.Secret }
  | { readonly _tag: "Header"; readonly name: string; readonly secret: Credentials.Secret; readonly prefix?: string }
  | { readonly _tag: "Query"; readonly name: string; readonly secret: Credentials.Secret }
  | { readonly _tag: "Token"; readonly provider: TokenProvider }

/**
 * A source of short-lived bearer tokens (OAuth2). `refresh` is called once after a 401, with the token that was
 * refused, so that concurrent callers share one refresh.
 *
 * @since 0.1.0
 * @category Models
 */
export interface TokenProvider {
  readonly get: Effect.Effect<Redacted.Redacted<string>, IntegrationError>
  readonly refresh: (refused: Redacted.Redacted<string>) => Effect.Effect<Redacted.Redacted<string>, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Auth
 */
export const bearer = (secret: Credentials.Secret): Auth => ({ _tag: "Bearer", secret })

/**
 * @since 0.1.0
 * @category Auth
 */
export const basic = (username: string, password: Credentials.Secret): Auth => ({ _tag: "Basic", username, password })

/**
 * @since 0.1.0
 * @category Auth
 */
export const header = (name: string, secret: Credentials.Secret, prefix?: string): Auth =>
  prefix === undefined ? { _tag: "Header", name, secret } : { _tag: "Header", name, secret, prefix }

/**
 * A key sent as a query parameter, for APIs that take it nowhere else. It is added to each attempt's request only:
 * span URLs leave the parameter out (the URL recorded is the one built before the key is added), and no log or error
 * carries the request's URL.
 *
 * @since 0.2.0
 * @category Auth
 */
export const query = (name: string, secret: Credentials.Secret): Auth => ({ _tag: "Query", name, secret })

/**
 * Bearer tokens from a provider that refreshes them (see `OAuth2`).
 *
 * @since 0.1.0
 * @category Auth
 */
export const token = (provider: TokenProvider): Auth => ({ _tag: "Token", provider })

/**
 * How a vendor's circuit breaker is chosen: options for a new one, an existing instance, or `false` for none.
 *
 * @since 0.1.0
 * @category Models
 */
export type CircuitBreakerSetting =
  | CircuitBreaker.CircuitBreaker
  | (Omit<CircuitBreaker.Options, "vendor"> & { readonly per?: "vendor" | "operation" | undefined })
  | false

/**
 * Retry, timeout and size settings. Any subset can be given at each level: vendor, operation, `withPolicy`, call.
 *
 * @since 0.1.0
 * @category Models
 */
export interface PolicyInput extends Retry.PolicyInput {
  /** Per attempt, inside the retry. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Largest response body accepted, in bytes; for a stream, the whole stream (and so any one event in it). */
  readonly maxResponseBytes?: number | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Policy extends Retry.Policy {
  readonly timeout: Duration.Duration
  readonly maxResponseBytes: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Definition {
  /** Display name used in span names, metrics and errors: `Acme`. */
  readonly vendor: string
  readonly baseUrl: string
  readonly auth?: Auth | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly policy?: PolicyInput | undefined
  /** How the vendor speaks HTTP beyond the status code: its idempotency, request-id and rate-limit headers, error fields. */
  readonly dialect?: Dialect | undefined
  /** Send `traceparent` to this vendor. Off by default: trace context is not leaked to third parties. */
  readonly propagateTraceContext?: boolean | undefined
  /**
   * Shared retry budget (per vendor key) so an outage cannot turn into a retry storm. Default: a budget of its own for
   * this vendor (`RetryBudget.make()`: retries up to 20% of calls plus 10 per second); `false` disables it.
   */
  readonly retryBudget?: RetryBudget.RetryBudget | false | undefined
  /**
   * Circuit breaker around each attempt. Default: one per vendor with `CircuitBreaker.defaultTripPolicy` (5 failures in
   * a row, or half of the last 20 calls). Options build one (`per: "operation"` keys it per operation); an instance is
   * shared as is (e.g. with a Redis store); `false` disables it.
   */
  readonly circuitBreaker?: CircuitBreakerSetting | undefined
  /**
   * Rate limit per vendor. None by default, here and in every vendor client (quotas differ per account): give your
   * account's limit. With a limiter, the vendor's rate-limit headers and every 429's Retry-After pace and pause all its
   * callers.
   */
  readonly rateLimit?: RateLimiter.RateLimiter | Omit<RateLimiter.Options, "vendor"> | false | undefined
  /** Concurrency limit per vendor. Default 100 in flight, 1,000 queued for at most 30 s; `false` disables it. */
  readonly bulkhead?: Bulkhead.Bulkhead | Omit<Bulkhead.Options, "vendor"> | false | undefined
  /** Extra resilience around each attempt, outside the built-in ones; see `AttemptPolicy`. */
  readonly attemptPolicy?: AttemptPolicy | undefined
  /**
   * The per-attempt policy stack, outermost first. Default `defaultAttemptStages` (with `attemptPolicy`, when given,
   * as an outermost custom stage). A built-in stage left out is not applied.
   */
  readonly attemptStages?: ReadonlyArray<AttemptStage> | undefined
  /**
   * Called with every response's headers (e.g. to feed a header-adaptive rate limiter). Returns an effect to run, or
   * `undefined` when this answer needs nothing (the common case costs no Effect step). The effect runs with the call's
   * span as the current span.
   */
  readonly observeResponse?:
    | ((
      context: { readonly operation: string; readonly status: number; readonly headers: ResponseClassifier.ResponseFacts["headers"] }
    ) => Effect.Effect<void> | undefined)
    | undefined
}

/**
 * What is particular to a vendor's HTTP, as hooks the kernel calls: nothing in the kernel names a vendor.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Dialect {
  /** Header carrying the idempotency key (`Idempotency-Key`), for vendors that take one. */
  readonly idempotencyHeader?: string | undefined
  /**
   * The longest idempotency key the vendor accepts. A caller's key that is empty or longer fails with
   * `InvalidRequest` before anything is sent (a vendor would refuse it, or worse, cut it and merge two calls).
   */
  readonly idempotencyKeyMaxLength?: number | undefined
  /** Response headers holding the vendor's request id, first match wins. Default `x-request-id`, `request-id`. */
  readonly requestIdHeaders?: ReadonlyArray<string> | undefined
  /**
   * Fields of the vendor's error object that hold identifiers (a payment API's `decline_code`), besides
   * `ResponseClassifier.defaultDetailFields`; they reach `IntegrationError.details` when their values look like ids.
   */
  readonly errorDetails?: ReadonlyArray<string> | undefined
  /** The vendor's reading of an error answer (an error type that means a declined card, a documented retry verdict). */
  readonly refineError?: ResponseClassifier.Refine | undefined
  /** How the vendor reports its rate limits. Default `RateLimitHeaders.parse` (the standard header families). */
  readonly rateLimitHeaders?: RateLimitHeaders.Parser | undefined
  /** Headers by which the vendor flags a deprecated operation. Default `deprecation`, `sunset`, `warning`. */
  readonly deprecationHeaders?: ReadonlyArray<string> | undefined
}

/**
 * A request body in wire form.
 *
 * @since 0.1.0
 * @category Models
 */
export type Body =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Form"; readonly entries: ReadonlyArray<readonly [string, string]> }
  | { readonly _tag: "Multipart"; readonly form: FormData }
  | { readonly _tag: "Bytes"; readonly bytes: Uint8Array; readonly contentType: string }

/**
 * A JSON body, sent with `content-type: application/json` as `JSON.stringify` writes `value` (`undefined` as `null`):
 * `request: (params) => ({ path: "/orders", body: HttpIntegration.json(params) })`.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const json = (value: unknown): Body => ({ _tag: "Json", value })

/**
 * What an operation sends, computed from the validated, encoded input.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RequestParts {
  readonly path: string
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>> | undefined
  readonly body?: Body | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD"

/**
 * @since 0.1.0
 * @category Models
 */
export interface OperationSpec<I, IE, O, OE> {
  /** `customers.create`; the span is `<Vendor>.<name>`. */
  readonly name: string
  readonly method: Method
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
  readonly request: (input: IE) => RequestParts
  /**
   * Repeating the call has no further effect (reads, PUT/DELETE, pure computations such as embeddings).
   * Defaults to true for GET/HEAD/PUT/DELETE. Calls that are not idempotent are retried only when they carry an
   * idempotency key.
   */
  readonly idempotent?: boolean | undefined
  /** Send an idempotency key (needs `Dialect.idempotencyHeader`). Defaults to true for POST/PATCH. */
  readonly idempotencyKey?: boolean | undefined
  readonly policy?: PolicyInput | undefined
  /**
   * How a 2xx body is read: `json` (the default) parses it before `output` decodes it; `text` hands `output` the body
   * as a string (a CSV report, a Markdown export), still bounded by `maxResponseBytes`.
   */
  readonly responseBody?: "json" | "text" | undefined
}

/**
 * Per-call options.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  /** Use this idempotency key instead of a generated one, e.g. one derived from your own order id. */
  readonly idempotencyKey?: string | undefined
  readonly policy?: PolicyInput | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** This call's per-attempt policy stack, outermost first, instead of the vendor's. */
  readonly attemptStages?: ReadonlyArray<AttemptStage> | undefined
}

/**
 * What is known about a successful call besides its value.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Meta {
  readonly status: number
  readonly requestId: string | undefined
  readonly attempts: number
  readonly idempotencyKey: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface WithMeta<A> {
  readonly value: A
  readonly meta: Meta
}

/**
 * A typed vendor operation.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Operation<I, O> {
  (input: I, options?: CallOptions): Effect.Effect<O, IntegrationError>
  readonly withMeta: (input: I, options?: CallOptions) => Effect.Effect<WithMeta<O>, IntegrationError>
  readonly vendor: string
  readonly operation: string
}

/**
 * One server-sent event as received.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ServerSentEvent {
  readonly event: string
  readonly id: string | undefined
  readonly data: string
}

/**
 * What to do with one server-sent event: decode this JSON value, skip the event, or end the stream.
 *
 * @since 0.1.0
 * @category Models
 */
export type SseStep =
  | { readonly _tag: "Decode"; readonly json: unknown }
  | { readonly _tag: "Skip" }
  | { readonly _tag: "Done" }

/**
 * A streaming operation: the request is made (and retried) like any other until the response headers arrive; then
 * server-sent events are decoded one by one, and a stream silent for longer than `idleTimeout` fails with `Timeout`.
 * The policy's `deadline` (from the call's start) bounds the whole stream too (`Timeout`), and `maxResponseBytes` its
 * total size (`ResponseTooLarge`); an event whose data nests JSON deeper than 512 levels fails with `ResponseDrift`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamOperationSpec<I, IE, O, OE> extends Omit<OperationSpec<I, IE, O, OE>, "output"> {
  readonly event: Schema.Schema<O, OE>
  /** Longest silence between two chunks once streaming. Default 60 s. */
  readonly idleTimeout?: Duration.DurationInput | undefined
  /** Default: `data: [DONE]` ends the stream, other events are decoded from their JSON `data`. */
  readonly parse?: ((event: ServerSentEvent) => SseStep) | undefined
  /**
   * How a whole stream ends, for vendors that mark it: `"done"` (a `Done` step, e.g. `data: [DONE]`) or an event this
   * predicate accepts (e.g. `message_stop`). A body that ends any other way fails with `Transport`, so a stream cut
   * short by a proxy or a dropped connection is never taken for a complete answer. Default: any end is complete.
   */
  readonly endsWith?: "done" | ((event: O) => boolean) | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface StreamOperation<I, O> {
  (input: I, options?: CallOptions): Stream.Stream<O, IntegrationError>
  readonly vendor: string
  readonly operation: string
}

/**
 * A policy of your own around each attempt (inside the retry), given what the attempt is for. As
 * `Definition.attemptPolicy` it is the outermost stage of the per-attempt stack, outside the circuit breaker, rate
 * limiter, bulkhead and timeout; as a custom `AttemptStage` it sits where the stack lists it.
 *
 * @since 0.1.0
 * @category Models
 */
export type AttemptPolicy = (
  context: { readonly vendor: string; readonly operation: string }
) => <A>(attempt: Effect.Effect<A, IntegrationError>) => Effect.Effect<A, IntegrationError>

/**
 * One stage of the per-attempt policy stack: a built-in policy of the vendor (its circuit breaker, rate limiter,
 * bulkhead, or the per-attempt timeout) or a custom one.
 *
 * @since 0.2.0
 * @category Models
 */
export type AttemptStage =
  | "circuitBreaker"
  | "rateLimiter"
  | "bulkhead"
  | "timeout"
  | { readonly name: string; readonly policy: AttemptPolicy }

/**
 * The default stack, outermost first: the circuit breaker decides before quota is spent, the rate limiter before a
 * slot is held, the bulkhead before the request runs, and the timeout bounds only the request itself (not the wait for
 * quota or a slot).
 *
 * @since 0.2.0
 * @category Models
 */
export const defaultAttemptStages: ReadonlyArray<AttemptStage> = ["circuitBreaker", "rateLimiter", "bulkhead", "timeout"]

/**
 * A declared vendor, ready to declare operations.
 *
 * @since 0.1.0
 * @category Models
 */
export interface HttpIntegration {
  readonly vendor: string
  readonly policy: Policy
  readonly operation: <I, IE, O, OE>(spec: OperationSpec<I, IE, O, OE>) => Operation<I, O>
  readonly streamOperation: <I, IE, O, OE>(spec: StreamOperationSpec<I, IE, O, OE>) => StreamOperation<I, O>
}

/**
 * Kernel defaults: `Retry.defaultPolicy`, 30 s per attempt, 10 MiB responses.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const defaultPolicy: Policy = internal.defaultPolicy

/**
 * Resolves a policy from overrides, later ones winning. An override out of range throws a `RangeError` naming the
 * setting (see `make` for the rules).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const resolvePolicy: (base: Policy, ...overrides: ReadonlyArray<PolicyInput | undefined>) => Policy =
  internal.resolvePolicy

/**
 * Builds a vendor's pipeline over the `HttpClient` in context.
 *
 * Every setting is checked here, before anything is built, and every bad one is reported at once in a `ConfigError`
 * whose paths name the vendor and the setting (`Acme.baseUrl`, `Acme.policy.timeout`, `Acme.rateLimit.limit`):
 * the base URL must be an absolute `http:`/`https:` URL with a host and neither credentials, query nor fragment;
 * durations must parse and not be negative (timeouts, deadlines and windows must be positive); counts must be whole
 * numbers in range (`maxRetries` ≥ 0, `maxResponseBytes`, `rateLimit.limit` and `bulkhead.maxConcurrent` ≥ 1);
 * `jitter` lies in [0, 1] and `factor` is at least 1. An operation's own `policy` is checked when it is declared (a bad
 * one is a defect naming the operation); per-call and `withPolicy` overrides are checked on each call, which then
 * fails with `InvalidRequest` naming the setting.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (
  definition: Definition
) => Effect.Effect<HttpIntegration, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> = internal.make

/**
 * A policy override for a region of code (`withPolicy`): for one vendor, or one operation of it, or every call when
 * neither is given.
 *
 * @since 0.2.0
 * @category Policies
 */
export interface PolicyOverride {
  readonly vendor?: string | undefined
  readonly operation?: string | undefined
  readonly policy: PolicyInput
}

/**
 * Policy overrides in force for the current fiber, by vendor and operation, in the order they were entered (later
 * ones win).
 *
 * @since 0.1.0
 * @category Policies
 */
export const currentPolicyOverrides: FiberRef.FiberRef<ReadonlyArray<PolicyOverride>> = internal.currentPolicyOverrides

/**
 * Runs an effect with policy overrides for one vendor (and optionally one operation), e.g. a tighter timeout in a
 * latency-sensitive request path, or no retries in a test.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { HttpIntegration, IntegrationError } from "effect-integrations"
 *
 * // Operations of a vendor declared as `Acme` (with `HttpIntegration.make` or `VendorClient.define`).
 * declare const retrieveOrder: (id: string) => Effect.Effect<{ readonly id: string }, IntegrationError.IntegrationError>
 * declare const retrieveCustomer: (id: string) => Effect.Effect<{ readonly id: string }, IntegrationError.IntegrationError>
 *
 * // Every Acme call inside `checkout` gets 2 s per attempt and no retries, whatever the client's defaults.
 * const checkout = Effect.gen(function*() {
 *   const order = yield* retrieveOrder("o_1")
 *   return yield* retrieveCustomer(order.id)
 * }).pipe(HttpIntegration.withPolicy({ vendor: "Acme" }, { timeout: "2 seconds", maxRetries: 0 }))
 * ```
 *
 * @since 0.1.0
 * @category Policies
 */
export const withPolicy: {
  (
    scope: { readonly vendor?: string | undefined; readonly operation?: string | undefined },
    policy: PolicyInput
  ): <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
    scope: { readonly vendor?: string | undefined; readonly operation?: string | undefined },
    policy: PolicyInput
  ): Effect.Effect<A, E, R>
} = internal.withPolicy
