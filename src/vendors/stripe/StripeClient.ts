/**
 * The Stripe client as an Effect service: customers, payment intents, Checkout sessions, subscriptions, refunds and the
 * balance, each a typed `Effect` (or `Stream` for listings) that validates its parameters before any I/O, sends them in
 * Stripe's form encoding with a pinned `Stripe-Version`, keys every POST for safe retries, and fails with
 * `IntegrationError`.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const stripe = yield* StripeClient.StripeClient
 *   const customer = yield* stripe.customers.create({ email: "jenny@example.com" })
 * })
 * program.pipe(Effect.provide(StripeClient.layer({ apiKey: Redacted.make(key) })), Effect.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as Health from "../../core/Health.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as TestService from "../../testing/TestService.js"
import * as Op from "./internal/operation.js"
import * as CheckoutSessions from "./resources/CheckoutSessions.js"
import * as Customers from "./resources/Customers.js"
import * as PaymentIntents from "./resources/PaymentIntents.js"
import * as Refunds from "./resources/Refunds.js"
import * as Subscriptions from "./resources/Subscriptions.js"
import * as StripeError from "./StripeError.js"
import * as StripeSchemas from "./StripeSchemas.js"
import { baseUrl as baseUrlConfig, layerConfig as configuredLayer, withoutUndefined } from "../internal/vendorConfig.js"

/** Span attribute set when Stripe answers a POST from its idempotency cache instead of running it again. */
const ATTR_IDEMPOTENT_REPLAYED = "integration.stripe.idempotent_replayed"

/**
 * The API version every request is pinned to unless overridden: the version of the OpenAPI spec the Schemas are checked
 * against. Pinning keeps response shapes stable when the account's default version moves.
 *
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_API_VERSION = "2023-08-16"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.stripe.com"

/**
 * Stripe's defaults, following its retry guidance and stripe-node:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | stripe-node waits 80 s; a payment call that has not answered in 30 s is better retried with its idempotency key |
 * | retries | 2 (3 attempts) | stripe-node's default `maxNetworkRetries` |
 * | backoff | 500 ms doubling, capped at 5 s, each delay 50-100% of that | stripe-node's initial and maximum delays and jitter |
 * | retried | network errors, timeouts, 429 (incl. `lock_timeout`), 5xx; `Stripe-Should-Retry` wins | Stripe's guidance |
 * | not retried | 4xx, `idempotency_error`, `card_error`, other 409s | a repeat cannot succeed |
 * | idempotency | an `Idempotency-Key` on every POST, the same on every retry; yours via `idempotencyKey` | Stripe keeps keys 24 h |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "30 seconds",
  maxRetries: 2,
  baseDelay: "500 millis",
  factor: 2,
  maxDelay: "5 seconds",
  jitter: 0.5
}

/**
 * Per-call options: the kernel's (`idempotencyKey`, `policy`, `headers`) plus Stripe's request context.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {
  /** Act on a connected account (`Stripe-Account: acct_...`). */
  readonly stripeAccount?: string | undefined
  /** Use another API version for this call only; the response Schemas are checked against 2023-08-16. */
  readonly apiVersion?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** A secret or restricted key (`sk_...`, `rk_...`). */
  readonly apiKey: Redacted.Redacted<string> | Credentials.Secret
  /** Default `https://api.stripe.com`; point it at a local server in tests. */
  readonly baseUrl?: string | undefined
  /** Default `2023-08-16` (`DEFAULT_API_VERSION`). */
  readonly apiVersion?: string | undefined
  /** Act on this connected account in every call (a call's `stripeAccount` wins). */
  readonly stripeAccount?: string | undefined
  /** Overrides on top of `defaultPolicy`. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Circuit breaker, rate limiter or bulkhead around each attempt. */
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly customers: Customers.Api
  readonly paymentIntents: PaymentIntents.Api
  readonly checkout: { readonly sessions: CheckoutSessions.Api }
  readonly subscriptions: Subscriptions.Api
  readonly refunds: Refunds.Api
  readonly balance: {
    readonly retrieve: (options?: CallOptions) => Effect.Effect<StripeSchemas.Balance, IntegrationError>
  }
  /** A cheap authenticated read (`GET /v1/balance`, no retries) for readiness checks. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class StripeClient extends Context.Tag("effect-integrations/StripeClient")<StripeClient, Service>() {}

const secretOf = (apiKey: Options["apiKey"]): Credentials.Secret =>
  Redacted.isRedacted(apiKey) ? Credentials.fixed(apiKey) : apiKey

/**
 * Builds the service over the `HttpClient` in context: one pipeline for every Stripe call.
 * A malformed `baseUrl` or an out-of-range `policy` setting fails with a `ConfigError` naming it under the vendor
 * (`Stripe.baseUrl`, `Stripe.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION
    if (!Op.isApiVersion(apiVersion)) return yield* Effect.dieMessage("StripeClient: apiVersion must look like 2023-08-16")
    if (options.stripeAccount !== undefined && !Op.isAccountId(options.stripeAccount)) {
      return yield* Effect.dieMessage("StripeClient: stripeAccount must be a connected account id (acct_...)")
    }
    const http = yield* HttpIntegration.make({
      vendor: Op.VENDOR,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: HttpIntegration.bearer(secretOf(options.apiKey)),
      headers: {
        "stripe-version": apiVersion,
        ...(options.stripeAccount !== undefined ? { "stripe-account": options.stripeAccount } : {})
      },
      idempotencyHeader: "Idempotency-Key",
      requestIdHeaders: ["request-id"],
      refineError: StripeError.refineError,
      policy: { ...defaultPolicy, ...withoutUndefined(options.policy ?? {}) },
      attemptPolicy: options.attemptPolicy,
      observeResponse: ({ headers }) =>
        headers("idempotent-replayed") === "true" ? Effect.annotateCurrentSpan(ATTR_IDEMPOTENT_REPLAYED, true) : undefined
    })
    const balance = http.operation({
      name: "balance.retrieve",
      method: "GET",
      input: Schema.Void,
      output: StripeSchemas.Balance,
      request: () => ({ path: "/v1/balance" })
    })
    const retrieveBalance = (callOptions?: CallOptions) => Op.call(balance, undefined, callOptions)
    return {
      customers: Customers.make(http),
      paymentIntents: PaymentIntents.make(http),
      checkout: { sessions: CheckoutSessions.make(http) },
      subscriptions: Subscriptions.make(http),
      refunds: Refunds.make(http),
      balance: { retrieve: retrieveBalance },
      healthCheck: Effect.asVoid(retrieveBalance({ policy: { maxRetries: 0, timeout: "5 seconds" } }))
    }
  })

/**
 * The client as a layer; registers a `stripe` health check when a `Health` registry is provided.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<StripeClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(
    StripeClient,
    Effect.tap(make(options), (service) => Health.register(Health.check("stripe", service.healthCheck)))
  )

/**
 * The secret key's variable: `STRIPE_API_KEY` (the Stripe CLI's name), or `STRIPE_SECRET_KEY` (the name Stripe's docs
 * and samples use) when only that one is set. A problem names the variable that was read; with neither set, it names
 * `STRIPE_API_KEY`.
 */
const apiKeyConfig: Config.Config<Credentials.Secret> = Config.all([
  Config.option(Config.redacted("STRIPE_API_KEY")),
  Config.option(Config.redacted("STRIPE_SECRET_KEY"))
]).pipe(
  Config.mapOrFail(([apiKey, secretKey]): Either.Either<Credentials.Secret, ConfigError.ConfigError> => {
    const found = Option.isSome(apiKey)
      ? { name: "STRIPE_API_KEY", initial: apiKey.value }
      : Option.isSome(secretKey)
      ? { name: "STRIPE_SECRET_KEY", initial: secretKey.value }
      : undefined
    if (found === undefined) {
      return Either.left(ConfigError.MissingData(["STRIPE_API_KEY"], "Expected STRIPE_API_KEY (or STRIPE_SECRET_KEY) to be set"))
    }
    // As `Credentials.config` does: a named secret, re-read through `Credentials` under the name that was set.
    return Redacted.value(found.initial).trim() === ""
      ? Either.left(ConfigError.InvalidData([found.name], "must not be empty"))
      : Either.right({ _tag: "Named", ...found })
  })
)

/**
 * The options from the environment: `STRIPE_API_KEY` or `STRIPE_SECRET_KEY` (required, kept `Redacted` and re-read
 * through `Credentials`), `STRIPE_API_VERSION` (default `2023-08-16`), `STRIPE_BASE_URL` (default
 * `https://api.stripe.com`). Every missing or malformed variable is reported in one `ConfigError`, by name only.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.all({
  apiKey: apiKeyConfig,
  apiVersion: Config.string("STRIPE_API_VERSION").pipe(
    Config.validate({
      message: "must be a Stripe API version: a date such as 2023-08-16, or with its release name, such as 2025-03-31.basil",
      validation: Op.isApiVersion
    }),
    Config.withDefault(DEFAULT_API_VERSION)
  ),
  baseUrl: baseUrlConfig("STRIPE_BASE_URL", DEFAULT_BASE_URL)
})

/**
 * The layer, configured from the environment; for `IntegrationConfig.layer(StripeClient.fromEnv, ...)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromEnv: Config.Config<
  Layer.Layer<StripeClient, ConfigError.ConfigError, HttpClient.HttpClient>
> = Config.map(
  config,
  layer
)

/**
 * The layer from the environment, with options set in code on top (a `policy`, an `attemptPolicy`, ...).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  overrides: Partial<Omit<Options, "apiKey">> = {}
): Layer.Layer<StripeClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  configuredLayer(config, layer, overrides)

/**
 * A fake client: the given methods as they are, every other one dies naming itself.
 *
 * @example
 * ```ts
 * const TestStripe = StripeClient.layerTest({ customers: { create: () => Effect.succeed(customer) } })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<StripeClient> =>
  TestService.layer(StripeClient, partial)
