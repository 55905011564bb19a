/**
 * The vendor kit: one declarative definition of a vendor (its name, configuration, auth, dialect, default policy and
 * operations) from which every vendor client gets the same constructors: `make`, `layer`, `config`, `fromEnv`,
 * `layerConfig`, `layerTest`, and a health check registered under one naming rule. Every kernel setting passes through
 * `VendorOptions` unchanged, so no vendor exposes less than the kernel.
 *
 * @example
 * ```ts
 * import { Config, Context, Effect, Schema } from "effect"
 * import { Credentials, HttpIntegration, IntegrationError, VendorClient } from "effect-integrations"
 *
 * interface AcmeOptions extends VendorClient.VendorOptions {
 *   readonly apiKey: VendorClient.SecretInput
 * }
 * interface Acme {
 *   readonly orders: { readonly get: (id: string) => Effect.Effect<{ readonly id: string }, IntegrationError.IntegrationError> }
 *   readonly healthCheck: Effect.Effect<void, IntegrationError.IntegrationError>
 * }
 * class AcmeClient extends Context.Tag("acme/AcmeClient")<AcmeClient, Acme>() {}
 *
 * const Acme = VendorClient.define(AcmeClient, {
 *   vendor: "Acme",
 *   baseUrl: { default: "https://api.acme.example", env: "ACME_BASE_URL" },
 *   config: Config.all({ apiKey: Credentials.config("ACME_API_KEY") }),
 *   policy: { timeout: "10 seconds", maxRetries: 2 },
 *   // Annotated: the options type of the whole client is inferred from here.
 *   definition: (options: AcmeOptions) => ({ auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)) }),
 *   operations: (http) => {
 *     const get = http.operation({
 *       name: "orders.get",
 *       method: "GET",
 *       input: VendorClient.PathSegment(64),
 *       output: Schema.Struct({ id: Schema.String }),
 *       request: (id) => ({ path: VendorClient.path`/orders/${id}` })
 *     })
 *     return { orders: { get: (id: string) => get(id) }, healthCheck: Effect.asVoid(get("health")) }
 *   }
 * })
 * // Acme.layer({ apiKey }), Acme.layerConfig(), Acme.layerTest({ orders: { get: () => Effect.succeed({ id: "o_1" }) } })
 * ```
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import type * as Credentials from "./Credentials.js"
import type * as HttpIntegration from "./HttpIntegration.js"
import type { IntegrationError } from "./IntegrationError.js"
// The internal module imports this one (for `NotImplemented`): the exports below call into it rather than read its
// bindings while this module loads, so either may be loaded first.
import * as internal from "./internal/vendorClient.js"

/**
 * The kernel settings every vendor client takes, passed through unchanged: base URL, policy, the per-attempt stack and
 * the policy instances (breaker, limiter, bulkhead, retry budget), trace propagation, the response hook, default
 * headers and the idle timeout of streams.
 *
 * @since 0.2.0
 * @category Models
 */
export interface VendorOptions {
  /** Default: the vendor's public API; point it at a local server in tests. */
  readonly baseUrl?: string | undefined
  /** Overrides on top of the vendor's default policy. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
  readonly attemptStages?: ReadonlyArray<HttpIntegration.AttemptStage> | undefined
  readonly circuitBreaker?: HttpIntegration.CircuitBreakerSetting | undefined
  readonly rateLimit?: HttpIntegration.Definition["rateLimit"]
  readonly bulkhead?: HttpIntegration.Definition["bulkhead"]
  readonly retryBudget?: HttpIntegration.Definition["retryBudget"]
  readonly propagateTraceContext?: boolean | undefined
  readonly observeResponse?: HttpIntegration.Definition["observeResponse"]
  /** Headers sent on every request; the vendor's own (its version header, say) win over these. */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** Longest silence between a stream's events before it fails with `Timeout`. Default: the vendor's. */
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
}

/**
 * The options of a vendor that authenticates with one API key: the kernel's settings and the key.
 *
 * @since 0.3.0
 * @category Models
 */
export interface ApiKeyOptions extends VendorOptions {
  /** The vendor's API key, kept `Redacted`. */
  readonly apiKey: SecretInput
}

/**
 * The policy most vendors start from, so that a vendor states only where it differs
 * (`{ ...VendorClient.defaultPolicy, maxRetries: 3 }`):
 *
 * | setting | value |
 * |---|---|
 * | timeout per attempt | 30 s |
 * | retries | 2 (3 attempts) |
 * | backoff | 1 s doubling, capped at 10 s, each delay jittered by up to half |
 *
 * @since 0.3.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "30 seconds",
  maxRetries: 2,
  baseDelay: "1 second",
  factor: 2,
  maxDelay: "10 seconds",
  jitter: 0.5
}

/**
 * The call options of a health check: one attempt of at most 5 s, so that a readiness probe answers quickly whatever
 * the vendor's policy (`Effect.asVoid(account(undefined, VendorClient.probe))`).
 *
 * @since 0.3.0
 * @category Policies
 */
export const probe: HttpIntegration.CallOptions = { policy: { maxRetries: 0, timeout: "5 seconds" } }

/**
 * Calls an operation with the caller's options except an idempotency key, for a vendor that takes none: a key passed
 * by a caller who cast around the type must not make a create look safe to retry.
 *
 * @since 0.3.0
 * @category Combinators
 */
export const callUnkeyed = <I, O>(
  operation: HttpIntegration.Operation<I, O>,
  input: I,
  options?: HttpIntegration.CallOptions | undefined
): Effect.Effect<O, IntegrationError> => internal.callUnkeyed(operation, input, options)

/**
 * A secret as given in code (`Redacted.make(key)`) or read by `Credentials` (re-read on rotation).
 *
 * @since 0.2.0
 * @category Models
 */
export type SecretInput = Redacted.Redacted<string> | Credentials.Secret

/**
 * A secret input as the kernel's `Credentials.Secret`.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const secret = (input: SecretInput): Credentials.Secret => internal.secret(input)

/**
 * The service every vendor client provides: its operations and a cheap authenticated read for readiness checks.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Service {
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * A service method: the input, per-call options (the kernel's `CallOptions` unless the vendor has more), and an
 * `Effect` failing with `IntegrationError`.
 *
 * @since 0.2.0
 * @category Models
 */
export type Method<I, O, Options = HttpIntegration.CallOptions> = (input: I, options?: Options) => Effect.Effect<O, IntegrationError>

/**
 * A streaming service method: the input, per-call options, and a `Stream` of decoded events failing with
 * `IntegrationError`.
 *
 * @since 0.2.0
 * @category Models
 */
export type StreamMethod<I, O, Options = HttpIntegration.CallOptions> = (
  input: I,
  options?: Options
) => Stream.Stream<O, IntegrationError>

/**
 * What a vendor declares.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Spec<Options extends VendorOptions, S extends Service, Setup = void> {
  /** Display name in spans, metrics, errors and the health check (`Acme`, `Acme Maps`). */
  readonly vendor: string
  /** The public API, and the variable that overrides it (the name the vendor's own SDK reads, when it has one). */
  readonly baseUrl: { readonly default: string; readonly env: string }
  /**
   * The vendor's own options from the environment (keys, account ids, versions), under the names its own SDK and docs
   * use. Every missing or malformed variable is reported in one `ConfigError`.
   */
  readonly config: Config.Config<Omit<Options, keyof VendorOptions>>
  /** The vendor's defaults under the caller's `policy`. */
  readonly policy: HttpIntegration.PolicyInput
  /**
   * The pace the vendor documents, applied unless the caller gives `rateLimit` (a `RateLimiter` to share, other
   * options, or `false` to turn it off).
   */
  readonly rateLimit?: HttpIntegration.Definition["rateLimit"]
  /**
   * The vendor's defaults for single operations, by operation name (a generation that may take minutes, a list that
   * should not): on top of `policy` and still under the caller's client-wide `policy`, so a caller's `timeout` wins.
   */
  readonly operationPolicies?: Readonly<Record<string, HttpIntegration.PolicyInput>> | undefined
  /** How long a stream of this vendor may stay silent between events, unless the caller's `streamIdleTimeout` says. */
  readonly streamIdleTimeout?: Duration.DurationInput | undefined
  /**
   * Checks of the vendor's own options (an account id's shape), reported with the kernel's in one `ConfigError` when
   * the client is made: each problem names its setting.
   */
  readonly validate?: ((options: Options) => ReadonlyArray<{ readonly setting: string; readonly message: string }>) | undefined
  /**
   * What the vendor builds once per client before its pipeline, from the options and the context (an OAuth client over
   * the `TokenStore` in context, say): handed to `definition` and `operations`. A bad setting is a `ConfigError`.
   */
  readonly setup?: ((options: Options) => Effect.Effect<Setup, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>) | undefined
  /** Auth, default headers and dialect, from the options. */
  readonly definition: (options: Options, setup: Setup) => {
    readonly auth?: HttpIntegration.Auth | undefined
    readonly headers?: Readonly<Record<string, string>> | undefined
    readonly dialect?: HttpIntegration.Dialect | undefined
    /**
     * The vendor's own reading of every response's headers (a replay flag to put on the span). It runs before the
     * caller's `observeResponse`, which it never replaces.
     */
    readonly observeResponse?: HttpIntegration.Definition["observeResponse"]
  }
  /** The service: the vendor's operations on its pipeline, and its health check. */
  readonly operations: (http: HttpIntegration.HttpIntegration, options: Options, setup: Setup) => S
}

/**
 * What `define` gives a vendor.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Client<Self, Options extends VendorOptions, S extends Service> {
  readonly tag: Context.Tag<Self, S>
  readonly vendor: string
  /** Where the health check is registered: the vendor's name in lower case, words joined by `-`, other punctuation dropped (`acme`, `acme-maps`; `Acme.io` is `acmeio`). */
  readonly healthCheckName: string
  /** Builds the service over the `HttpClient` in context; a bad setting is a `ConfigError` naming it. */
  readonly make: (options: Options) => Effect.Effect<S, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>
  /** The client as a layer; registers its health check when a `Health` registry is provided. */
  readonly layer: (options: Options) => Layer.Layer<Self, ConfigError.ConfigError, HttpClient.HttpClient>
  /** The options from the environment: the vendor's own and its base URL variable. */
  readonly config: Config.Config<Options>
  /** The layer from the environment; for `IntegrationConfig.layer(Client.fromEnv, ...)`. */
  readonly fromEnv: Config.Config<Layer.Layer<Self, ConfigError.ConfigError, HttpClient.HttpClient>>
  /** The layer from the environment, with options set in code on top (a `policy`, a `circuitBreaker`, ...). */
  readonly layerConfig: (
    overrides?: Partial<Options>
  ) => Layer.Layer<Self, ConfigError.ConfigError, HttpClient.HttpClient>
  /**
   * A fake: the given methods as they are; every other method fails when called, inside its Effect, with a defect
   * naming it (`AcmeClient.orders.create is not implemented in this test layer`). The health check succeeds unless
   * given.
   */
  readonly layerTest: (partial: DeepPartial<S>) => Layer.Layer<Self>
}

/**
 * The defect a `layerTest` fake dies with when a method it was not given is called; `method` names it
 * (`AcmeClient.orders.get`).
 *
 * @since 0.2.0
 * @category Errors
 */
export class NotImplemented extends Error {
  constructor(readonly method: string) {
    super(`${method} is not implemented in this test layer`)
    this.name = "NotImplemented"
  }
}

/**
 * Any subset of a service: methods as they are, namespaces partial in turn.
 *
 * @since 0.2.0
 * @category Models
 */
export type DeepPartial<S> = {
  readonly [K in keyof S]?: S[K] extends (...args: ReadonlyArray<never>) => unknown ? S[K]
    : S[K] extends Effect.Effect<infer _A, infer _E, infer _R> ? S[K]
    : S[K] extends object ? DeepPartial<S[K]>
    : S[K]
}

/**
 * Declares a vendor client.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const define = <Self, Options extends VendorOptions, S extends Service, Setup = void>(
  tag: Context.Tag<Self, S>,
  spec: Spec<Options, S, Setup>
): Client<Self, Options, S> => internal.define(tag, spec)

/**
 * Fails a stream at the first event that reports an error (an `error` event sent after the answer has started), with
 * the `IntegrationError` made from it, and counts it in `Telemetry.failures` under its vendor and reason as the kernel
 * counts the failures it sees itself.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { IntegrationError, VendorClient } from "effect-integrations"
 *
 * type Event = { readonly type: "delta"; readonly text: string } | { readonly type: "error"; readonly code: string }
 * const events = Stream.fromIterable<Event>([{ type: "delta", text: "Hi" }, { type: "error", code: "overloaded" }])
 * const text = events.pipe(
 *   VendorClient.failOnEvent(
 *     (event): event is Extract<Event, { readonly type: "error" }> => event.type === "error",
 *     (event) =>
 *       new IntegrationError.IntegrationError({
 *         vendor: "Acme",
 *         operation: "messages.stream",
 *         reason: "Overloaded",
 *         description: `the stream reported an error (${event.code})`
 *       })
 *   ),
 *   Stream.map((event) => event.text)
 * )
 * // Stream.runCollect(text) fails with the Overloaded error after "Hi"
 * ```
 *
 * @since 0.2.0
 * @category Combinators
 */
export const failOnEvent = <A, B extends A>(
  isError: (event: A) => event is B,
  toError: (event: B) => IntegrationError
): <E, R>(stream: Stream.Stream<A, E, R>) => Stream.Stream<Exclude<A, B>, E | IntegrationError, R> =>
  internal.failOnEvent(isError, toError)

/**
 * The health-check name of a vendor: lower case, words joined by `-`, other punctuation dropped.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const healthCheckName = (vendor: string): string => internal.healthCheckName(vendor)

/**
 * A request path with every interpolated value percent-encoded, so that no id can add a segment, a query or a fragment
 * (`cus_a/b?c` stays one segment: `cus_a%2Fb%3Fc`). Encoding cannot neutralise a value that is exactly `.` or `..`
 * (URLs resolve `%2E%2E` like `..`), so ids that reach a path must be refused as such by the operation's input Schema.
 *
 * @example
 * ```ts
 * import { VendorClient } from "effect-integrations"
 *
 * const id = "cus_a/b?c"
 * const path = VendorClient.path`/v1/customers/${id}/balance_transactions` // "/v1/customers/cus_a%2Fb%3Fc/balance_transactions"
 * ```
 *
 * @since 0.2.0
 * @category Constructors
 */
export const path = (template: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string =>
  internal.path(template, ...values)

/**
 * An id that becomes one path segment (`VendorClient.path`): trimmed, non-empty, at most `maxLength` characters, and
 * never `.` or `..`, which no encoding keeps a URL from resolving (`/v1/orders/..` is `/v1/`). `message` is the
 * refusal a decoder reports for a dot segment; give it the id's own name (`"a booking uid, not a dot segment"`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { VendorClient } from "effect-integrations"
 *
 * const OrderId = VendorClient.PathSegment(128, "an order id, not a dot segment")
 * Schema.is(OrderId)("ord_1") // true
 * Schema.is(OrderId)("..") // false
 * ```
 *
 * @since 0.3.0
 * @category Schemas
 */
export const PathSegment = (
  maxLength: number,
  message?: string
): Schema.filter<Schema.filter<typeof Schema.NonEmptyTrimmedString>> => internal.PathSegment(maxLength, message)

/**
 * The failures a vendor's own code raises, outside the kernel's classification of answers: each names the vendor and
 * the operation, and its description holds identifiers and counts only, never a payload's values.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Failures {
  /** `InvalidRequest`: the call cannot be made as asked (past a limit the vendor documents, say); nothing is sent. */
  readonly invalid: (operation: string, description: string) => IntegrationError
  /** `ResponseDrift`: a 2xx answer the vendor's documentation does not allow (a result count that does not match). */
  readonly drift: (operation: string, description: string) => IntegrationError
  /** `NotFound`: a 2xx answer that holds no record for what was asked (a match that found nobody). */
  readonly notFound: (operation: string, description: string) => IntegrationError
}

/**
 * A vendor's `Failures`, so that its modules name the vendor in one place
 * (`export const { invalid, drift } = VendorClient.failures("Acme")` in its `internal/operation.ts`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { VendorClient } from "effect-integrations"
 *
 * const { invalid } = VendorClient.failures("Acme")
 * const checkBatch = (ids: ReadonlyArray<string>) =>
 *   ids.length <= 100 ? Effect.succeed(ids) : Effect.fail(invalid("orders.batch", "at most 100 ids per call"))
 * ```
 *
 * @since 0.3.0
 * @category Errors
 */
export const failures = (vendor: string): Failures => internal.failures(vendor)
