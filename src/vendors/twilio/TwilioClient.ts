/**
 * The Twilio client as an Effect service: send a message (SMS, MMS, WhatsApp), retrieve one, read the balance. Each call
 * validates its parameters (E.164 numbers, SIDs) before any I/O, authenticates with the Auth Token or an API key, and
 * fails with `IntegrationError`. Twilio has no idempotency keys, so a send is never retried once it may have reached
 * Twilio; only a 429 is repeated.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const twilio = yield* TwilioClient.TwilioClient
 *   const message = yield* twilio.messages.create({ To: "+14155552671", From: "+15017122661", Body: "Your code is 1234" })
 * })
 * program.pipe(Effect.provide(TwilioClient.layerConfig()), Effect.provide(NodeHttpClient.layerUndici))
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
import * as Messages from "./resources/Messages.js"
import * as TwilioError from "./TwilioError.js"
import * as TwilioSchemas from "./TwilioSchemas.js"
import { baseUrl as baseUrlConfig, layerConfig as configuredLayer, withoutUndefined } from "../internal/vendorConfig.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.twilio.com"

/**
 * Twilio's defaults, following twilio-node (`RequestClient`: 30 s timeout; with `autoRetry`, up to 3 retries of a 429,
 * 100 ms × 2ⁿ capped at 3 s, full jitter):
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | twilio-node's default; a send that times out is not retried, so it is given time to answer |
 * | retries | 3 (4 attempts) | twilio-node's `maxRetries` |
 * | backoff | 200 ms doubling, capped at 3 s, each delay 0-100% of that | twilio-node's first delay, cap and full jitter |
 * | retried: reads (`messages.retrieve`, `balance.retrieve`) | network errors, timeouts, 429, 5xx | repeating a read has no effect |
 * | retried: `messages.create` | 429 only (after `Retry-After` when sent) | a 429 proves Twilio did not act |
 * | never retried: `messages.create` | timeouts, dropped connections, 5xx | **Twilio has no idempotency keys for Messages**: the request may have been accepted, and a repeat could send the SMS twice. The error is returned (`TwilioError.isAmbiguousSend`) for the caller to check before sending again |
 * | not retried | other 4xx (e.g. 21211 invalid `To`, 21610 unsubscribed recipient) | a repeat cannot succeed |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "30 seconds",
  maxRetries: 3,
  baseDelay: "200 millis",
  factor: 2,
  maxDelay: "3 seconds",
  jitter: 1
}

/**
 * Per-call options: a `policy` override and extra `headers`. There is no `idempotencyKey`: Twilio's Messages API has
 * none, and the kernel would treat a keyed call as safe to retry.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  readonly policy?: HttpIntegration.PolicyInput | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * An API key: its SID (`SK...`) is the Basic-auth username, its secret the password. Preferred over the Auth Token in
 * production, since a key can be revoked alone.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ApiKey {
  readonly sid: string
  readonly secret: Redacted.Redacted<string> | Credentials.Secret
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** The account the messages belong to (`AC...`); it is part of every path. */
  readonly accountSid: string
  /** The account's Auth Token; used when no `apiKey` is given. */
  readonly authToken?: Redacted.Redacted<string> | Credentials.Secret | undefined
  /** An API key of the account; wins over `authToken`. */
  readonly apiKey?: ApiKey | undefined
  /** Default `https://api.twilio.com`; point it at a local server in tests, or at an edge location. */
  readonly baseUrl?: string | undefined
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
  /** The account every call acts on. */
  readonly accountSid: string
  readonly messages: Messages.Api
  readonly balance: {
    readonly retrieve: (options?: CallOptions) => Effect.Effect<TwilioSchemas.Balance, IntegrationError>
  }
  /** A cheap authenticated read (`GET .../Balance.json`, no retries) for readiness checks. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class TwilioClient extends Context.Tag("effect-integrations/TwilioClient")<TwilioClient, Service>() {}

const secretOf = (value: Redacted.Redacted<string> | Credentials.Secret): Credentials.Secret =>
  Redacted.isRedacted(value) ? Credentials.fixed(value) : value

const isAccountSid = Schema.is(TwilioSchemas.AccountSid)
const isApiKeySid = Schema.is(TwilioSchemas.ApiKeySid)

/** Basic auth: the API key when given, else the account and its Auth Token. */
const authOf = (options: Options): HttpIntegration.Auth | undefined =>
  options.apiKey !== undefined
    ? HttpIntegration.basic(options.apiKey.sid, secretOf(options.apiKey.secret))
    : options.authToken !== undefined
    ? HttpIntegration.basic(options.accountSid, secretOf(options.authToken))
    : undefined

/**
 * Builds the service over the `HttpClient` in context: one pipeline for every Twilio call. Dies when the account SID or
 * API key SID is malformed or no credential is given: configuration bugs, not vendor errors.
 * A malformed `baseUrl` or an out-of-range `policy` setting fails with a `ConfigError` naming it under the vendor
 * (`Twilio.baseUrl`, `Twilio.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    if (!isAccountSid(options.accountSid)) {
      return yield* Effect.dieMessage("TwilioClient: accountSid must be AC followed by 32 hex digits")
    }
    if (options.apiKey !== undefined && !isApiKeySid(options.apiKey.sid)) {
      return yield* Effect.dieMessage("TwilioClient: apiKey.sid must be SK followed by 32 hex digits")
    }
    const auth = authOf(options)
    if (auth === undefined) return yield* Effect.dieMessage("TwilioClient: give an authToken or an apiKey")
    const http = yield* HttpIntegration.make({
      vendor: Op.VENDOR,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth,
      dialect: { requestIdHeaders: ["twilio-request-id"], refineError: TwilioError.refineError, errorDetails: ["more_info"] },
      policy: withoutUndefined({ ...defaultPolicy, ...withoutUndefined(options.policy ?? {}) }),
      attemptPolicy: options.attemptPolicy
    })
    const balance = http.operation({
      name: "balance.retrieve",
      method: "GET",
      input: Schema.Void,
      output: TwilioSchemas.Balance,
      request: () => ({ path: Op.accountPath(options.accountSid, "Balance.json") })
    })
    const retrieveBalance = (callOptions?: CallOptions) => Op.call(balance, undefined, callOptions)
    return {
      accountSid: options.accountSid,
      messages: Messages.make(http, options.accountSid),
      balance: { retrieve: retrieveBalance },
      healthCheck: Effect.asVoid(retrieveBalance({ policy: { maxRetries: 0, timeout: "5 seconds" } }))
    }
  })

/**
 * The client as a layer; registers a `twilio` health check when a `Health` registry is provided.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<TwilioClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(
    TwilioClient,
    Effect.tap(make(options), (service) => Health.register(Health.check("twilio", service.healthCheck)))
  )

/**
 * The credentials: an API key when `TWILIO_API_KEY` is set (then `TWILIO_API_SECRET` is required), else
 * `TWILIO_AUTH_TOKEN`. All three are read at once so that a missing one is reported with every other problem.
 */
const credentialsConfig: Config.Config<Pick<Options, "authToken" | "apiKey">> = Config.all({
  authToken: Config.option(Credentials.config("TWILIO_AUTH_TOKEN")),
  apiKeySid: Config.option(
    Config.string("TWILIO_API_KEY").pipe(
      Config.validate({ message: "must be SK followed by 32 hex digits", validation: isApiKeySid })
    )
  ),
  apiKeySecret: Config.option(Credentials.config("TWILIO_API_SECRET"))
}).pipe(
  Config.mapOrFail(({ apiKeySecret, apiKeySid, authToken }): Either.Either<
    Pick<Options, "authToken" | "apiKey">,
    ConfigError.ConfigError
  > => {
    if (Option.isSome(apiKeySid)) {
      return Option.isSome(apiKeySecret)
        ? Either.right({ apiKey: { sid: apiKeySid.value, secret: apiKeySecret.value } })
        : Either.left(ConfigError.MissingData(["TWILIO_API_SECRET"], "required with TWILIO_API_KEY"))
    }
    return Option.isSome(authToken)
      ? Either.right({ authToken: authToken.value })
      : Either.left(
        ConfigError.MissingData(["TWILIO_AUTH_TOKEN"], "required unless TWILIO_API_KEY and TWILIO_API_SECRET are set")
      )
  })
)

/**
 * The options from the environment, under the names twilio-node reads: `TWILIO_ACCOUNT_SID` (required) with
 * `TWILIO_AUTH_TOKEN`, or `TWILIO_API_KEY` + `TWILIO_API_SECRET` for API key auth; `TWILIO_BASE_URL` (default
 * `https://api.twilio.com`). Secrets stay `Redacted` and are re-read through `Credentials`. Every missing or malformed
 * variable is reported in one `ConfigError`, by name only.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.map(
  Config.all({
    accountSid: Config.string("TWILIO_ACCOUNT_SID").pipe(
      Config.validate({ message: "must be AC followed by 32 hex digits", validation: isAccountSid })
    ),
    credentials: credentialsConfig,
    baseUrl: baseUrlConfig("TWILIO_BASE_URL", DEFAULT_BASE_URL)
  }),
  ({ accountSid, baseUrl, credentials }) => ({ accountSid, baseUrl, ...credentials })
)

/**
 * The layer, configured from the environment; for `IntegrationConfig.layer(TwilioClient.fromEnv, ...)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromEnv: Config.Config<
  Layer.Layer<TwilioClient, ConfigError.ConfigError, HttpClient.HttpClient>
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
  overrides: Partial<Omit<Options, "accountSid" | "authToken" | "apiKey">> = {}
): Layer.Layer<TwilioClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  configuredLayer(config, layer, overrides)

/**
 * A fake client: the given methods as they are, every other one dies naming itself.
 *
 * @example
 * ```ts
 * const TestTwilio = TwilioClient.layerTest({ messages: { create: () => Effect.succeed(message) } })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<TwilioClient> =>
  TestService.layer(TwilioClient, partial)
