/**
 * The Stripe client as an Effect service: customers, payment intents, Checkout sessions, subscriptions, refunds and the
 * balance, each a typed `Effect` (or `Stream` for listings) that validates its parameters before any I/O, sends them in
 * Stripe's form encoding with a pinned `Stripe-Version`, keys every POST for safe retries, and fails with
 * `IntegrationError`.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const stripe = yield* StripeClient.StripeClient
 *   const customer = yield* stripe.customers.create({ email: "jenny@example.com" })
 *   return customer.id
 * })
 *
 * const runnable = program.pipe(
 *   Effect.provide(StripeClient.layer({ apiKey: Redacted.make("sk_test_...") })),
 *   Effect.provide(UndiciTransport.layer())
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import type * as Pagination from "../../core/Pagination.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Op from "./internal/operation.js"
import * as CheckoutSessions from "./resources/CheckoutSessions.js"
import * as Customers from "./resources/Customers.js"
import * as PaymentIntents from "./resources/PaymentIntents.js"
import * as Refunds from "./resources/Refunds.js"
import * as Subscriptions from "./resources/Subscriptions.js"
import * as StripeError from "./StripeError.js"
import * as StripeSchemas from "./StripeSchemas.js"

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
  ...VendorClient.defaultPolicy,
  baseDelay: "500 millis",
  maxDelay: "5 seconds"
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
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl`, `policy` on top of `defaultPolicy`,
 * `circuitBreaker`, `rateLimit`, `bulkhead`, `retryBudget`, `attemptStages`, ...) and Stripe's key and request context.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** A secret or restricted key (`sk_...`, `rk_...`). */
  readonly apiKey: VendorClient.SecretInput
  /** Default `2023-08-16` (`DEFAULT_API_VERSION`). */
  readonly apiVersion?: string | undefined
  /** Act on this connected account in every call (a call's `stripeAccount` wins). */
  readonly stripeAccount?: string | undefined
}

/**
 * A Stripe list endpoint: one page, every item as a lazy `Stream`, or at most `max` items. Walking pages always goes
 * forwards (`starting_after`), so `ending_before` is for `list` alone.
 *
 * @since 0.2.0
 * @category Models
 */
export interface Listing<Params, A> {
  /** One page; pass the last item's id as `starting_after` for the next. */
  readonly list: (params?: Params, options?: CallOptions) => Effect.Effect<StripeSchemas.ListPage<A>, IntegrationError>
  /** Every item, pages of 100 (unless `limit` says otherwise) fetched as the stream is pulled. */
  readonly listAll: (params?: Omit<Params, "ending_before">, options?: CallOptions) => Stream.Stream<A, IntegrationError>
  /** At most `max` items, from pages sized to need no extra fetch; `truncated` tells whether more exist. */
  readonly listUpTo: (
    max: number,
    params?: Omit<Params, "ending_before">,
    options?: CallOptions
  ) => Effect.Effect<Pagination.Collected<A>, IntegrationError>
}

/**
 * Its health check: a cheap authenticated read (`GET /v1/balance`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly customers: Customers.Api
  readonly paymentIntents: PaymentIntents.Api
  readonly checkout: { readonly sessions: CheckoutSessions.Api }
  readonly subscriptions: Subscriptions.Api
  readonly refunds: Refunds.Api
  readonly balance: {
    readonly retrieve: (options?: CallOptions) => Effect.Effect<StripeSchemas.Balance, IntegrationError>
  }
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class StripeClient extends Context.Tag("effect-integrations/StripeClient")<StripeClient, Service>() {}

/** A replayed POST did not run again: worth seeing on the span when reconciling. */
const flagReplay: HttpIntegration.Definition["observeResponse"] = ({ headers }) =>
  headers("idempotent-replayed") === "true" ? Effect.annotateCurrentSpan(ATTR_IDEMPOTENT_REPLAYED, true) : undefined

const API_VERSION_RULE =
  "must be a Stripe API version: a date such as 2023-08-16, or with its release name, such as 2025-03-31.basil"

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
 * Stripe as a vendor definition: bearer auth, a pinned `Stripe-Version` (and `Stripe-Account` when given), an
 * `Idempotency-Key` on every POST, Stripe's `request-id`, error body and `Stripe-Should-Retry` verdict.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Stripe = VendorClient.define(StripeClient, {
  vendor: Op.VENDOR,
  baseUrl: { default: DEFAULT_BASE_URL, env: "STRIPE_BASE_URL" },
  // The names Stripe's CLI and docs use.
  config: Config.all({
    apiKey: apiKeyConfig,
    apiVersion: Config.string("STRIPE_API_VERSION").pipe(
      Config.validate({ message: API_VERSION_RULE, validation: Op.isApiVersion }),
      Config.withDefault(DEFAULT_API_VERSION)
    )
  }),
  policy: defaultPolicy,
  validate: (options: Options) => [
    ...(options.apiVersion === undefined || Op.isApiVersion(options.apiVersion)
      ? []
      : [{ setting: "apiVersion", message: API_VERSION_RULE }]),
    ...(options.stripeAccount === undefined || Op.isAccountId(options.stripeAccount)
      ? []
      : [{ setting: "stripeAccount", message: "must be a connected account id (acct_...)" }])
  ],
  definition: (options: Options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    headers: {
      "stripe-version": options.apiVersion ?? DEFAULT_API_VERSION,
      ...(options.stripeAccount !== undefined ? { "stripe-account": options.stripeAccount } : {})
    },
    dialect: {
      idempotencyHeader: "Idempotency-Key",
      idempotencyKeyMaxLength: Op.MAX_IDEMPOTENCY_KEY,
      requestIdHeaders: ["request-id"],
      refineError: StripeError.refineError,
      errorDetails: StripeError.detailFields
    },
    observeResponse: flagReplay
  }),
  operations: (http): Service => {
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
      healthCheck: Effect.asVoid(retrieveBalance(VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition (see `VendorClient.Client`):
 *
 * - `make(options)` builds the service over the `HttpClient` in context, one pipeline for every Stripe call; a bad
 *   setting is a `ConfigError` naming it (`Stripe.apiVersion`, `Stripe.stripeAccount`, `Stripe.policy.timeout`);
 * - `layer(options)` provides it, and registers a `stripe` health check when a `Health` registry is provided;
 * - `config` reads the options from the environment: `STRIPE_API_KEY` (required, kept `Redacted` and re-read through
 *   `Credentials`), `STRIPE_API_VERSION` (default `2023-08-16`), `STRIPE_BASE_URL` (default `https://api.stripe.com`),
 *   every missing or malformed variable reported in one `ConfigError`, by name only;
 * - `fromEnv` is that layer from the environment, for `IntegrationConfig.layer(StripeClient.fromEnv, ...)`, and
 *   `layerConfig(overrides)` the same with options set in code on top (a `circuitBreaker`, a `stripeAccount`, ...);
 * - `layerTest(partial)` is a fake: the given methods as they are, every other one failing inside its Effect with a
 *   defect naming it (`StripeClient.customers.retrieve is not implemented in this test layer`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StripeClient } from "effect-integrations/stripe"
 *
 * const TestStripe = StripeClient.layerTest({
 *   customers: { create: () => Effect.succeed({ id: "cus_1", object: "customer", created: 0, livemode: false }) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = Stripe
