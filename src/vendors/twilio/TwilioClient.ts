/**
 * The Twilio client as an Effect service: send a message (SMS, MMS, WhatsApp), retrieve one, read the balance. Each call
 * validates its parameters (E.164 numbers, SIDs) before any I/O, authenticates with the Auth Token or an API key, and
 * fails with `IntegrationError`. Twilio has no idempotency keys, so a send is never retried once it may have reached
 * Twilio; only a 429 is repeated.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TwilioClient } from "effect-integrations/twilio"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const twilio = yield* TwilioClient.TwilioClient
 *   const message = yield* twilio.messages.create({ To: "+14155552671", From: "+15017122661", Body: "Your code is 1234" })
 *   return message.sid
 * })
 *
 * // TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY and TWILIO_API_SECRET, from the environment.
 * const runnable = program.pipe(Effect.provide(TwilioClient.layerConfig()), Effect.provide(UndiciTransport.layer()))
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
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as Op from "./internal/operation.js"
import * as Messages from "./resources/Messages.js"
import * as TwilioError from "./TwilioError.js"
import * as TwilioSchemas from "./TwilioSchemas.js"

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
  ...VendorClient.defaultPolicy,
  maxRetries: 3,
  baseDelay: "200 millis",
  maxDelay: "3 seconds",
  jitter: 1
}

/**
 * Per-call options: the kernel's `policy` override and extra `headers`. There is no `idempotencyKey`: Twilio's
 * Messages API has none, and the kernel would treat a keyed call as safe to retry.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Pick<HttpIntegration.CallOptions, "policy" | "headers"> {}

/**
 * An API key: its SID (`SK...`) is the Basic-auth username, its secret the password. Preferred over the Auth Token in
 * production, since a key can be revoked alone.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ApiKey {
  readonly sid: string
  readonly secret: VendorClient.SecretInput
}

/**
 * The kernel's settings (`VendorClient.VendorOptions`: `baseUrl`, also an edge location; `policy` on top of
 * `defaultPolicy`; `circuitBreaker`, `rateLimit`, `bulkhead`, `retryBudget`, ...) and the account with its credential.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** The account the messages belong to (`AC...`); it is part of every path. */
  readonly accountSid: string
  /** The account's Auth Token; used when no `apiKey` is given. */
  readonly authToken?: VendorClient.SecretInput | undefined
  /** An API key of the account; wins over `authToken`. */
  readonly apiKey?: ApiKey | undefined
}

/**
 * Its health check: a cheap authenticated read (`GET .../Balance.json`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  /** The account every call acts on. */
  readonly accountSid: string
  readonly messages: Messages.Api
  readonly balance: {
    readonly retrieve: (options?: CallOptions) => Effect.Effect<TwilioSchemas.Balance, IntegrationError>
  }
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class TwilioClient extends Context.Tag("effect-integrations/TwilioClient")<TwilioClient, Service>() {}

const isAccountSid = Schema.is(TwilioSchemas.AccountSid)
const isApiKeySid = Schema.is(TwilioSchemas.ApiKeySid)

/** Basic auth: the API key when given, else the account and its Auth Token. */
const authOf = (options: Options): HttpIntegration.Auth | undefined =>
  options.apiKey !== undefined
    ? HttpIntegration.basic(options.apiKey.sid, VendorClient.secret(options.apiKey.secret))
    : options.authToken !== undefined
    ? HttpIntegration.basic(options.accountSid, VendorClient.secret(options.authToken))
    : undefined

/** The account SID, the API key SID and a credential: configuration mistakes, each named, never sent to Twilio. */
const problemsOf = (options: Options): ReadonlyArray<{ readonly setting: string; readonly message: string }> => [
  ...(isAccountSid(options.accountSid) ? [] : [{ setting: "accountSid", message: "must be AC followed by 32 hex digits" }]),
  ...(options.apiKey === undefined || isApiKeySid(options.apiKey.sid)
    ? []
    : [{ setting: "apiKey.sid", message: "must be SK followed by 32 hex digits" }]),
  ...(authOf(options) !== undefined ? [] : [{ setting: "authToken", message: "is required unless an apiKey is given" }])
]

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
 * Twilio as a vendor definition: Basic auth with the Auth Token or an API key, no idempotency header (Twilio has
 * none), Twilio's `twilio-request-id` and its `{ code, more_info }` error body.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const Twilio = VendorClient.define(TwilioClient, {
  vendor: Op.VENDOR,
  baseUrl: { default: DEFAULT_BASE_URL, env: "TWILIO_BASE_URL" },
  // The names twilio-node reads.
  config: Config.map(
    Config.all({
      accountSid: Config.string("TWILIO_ACCOUNT_SID").pipe(
        Config.validate({ message: "must be AC followed by 32 hex digits", validation: isAccountSid })
      ),
      credentials: credentialsConfig
    }),
    ({ accountSid, credentials }) => ({ accountSid, ...credentials })
  ),
  policy: defaultPolicy,
  validate: problemsOf,
  definition: (options: Options) => ({
    auth: authOf(options),
    dialect: { requestIdHeaders: ["twilio-request-id"], refineError: TwilioError.refineError, errorDetails: ["more_info"] }
  }),
  operations: (http, options): Service => {
    const balance = http.operation({
      name: "balance.retrieve",
      method: "GET",
      input: Schema.Void,
      output: TwilioSchemas.Balance,
      request: () => ({ path: VendorClient.path`/2010-04-01/Accounts/${options.accountSid}/Balance.json` })
    })
    const retrieveBalance = (callOptions?: CallOptions) => Op.call(balance, undefined, callOptions)
    return {
      accountSid: options.accountSid,
      messages: Messages.make(http, options.accountSid),
      balance: { retrieve: retrieveBalance },
      healthCheck: Effect.asVoid(retrieveBalance(VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition (see `VendorClient.Client`):
 *
 * - `make(options)` builds the service over the `HttpClient` in context, one pipeline for every Twilio call; a
 *   malformed account or API key SID, a missing credential or an out-of-range setting is a `ConfigError` naming it
 *   (`Twilio.accountSid`, `Twilio.apiKey.sid`, `Twilio.authToken`, `Twilio.baseUrl`, `Twilio.policy.timeout`);
 * - `layer(options)` provides it, and registers a `twilio` health check when a `Health` registry is provided;
 * - `config` reads the options under the names twilio-node reads: `TWILIO_ACCOUNT_SID` (required) with
 *   `TWILIO_AUTH_TOKEN`, or `TWILIO_API_KEY` + `TWILIO_API_SECRET` for API key auth; `TWILIO_BASE_URL` (default
 *   `https://api.twilio.com`). Secrets stay `Redacted` and are re-read through `Credentials`; every missing or
 *   malformed variable is reported in one `ConfigError`, by name only;
 * - `fromEnv` is that layer from the environment, for `IntegrationConfig.layer(TwilioClient.fromEnv, ...)`, and
 *   `layerConfig(overrides)` the same with options set in code on top (a `policy`, a `rateLimit`, ...);
 * - `layerTest(partial)` is a fake: the given methods as they are, every other one failing inside its Effect with a
 *   defect naming it (`TwilioClient.messages.retrieve is not implemented in this test layer`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TwilioClient } from "effect-integrations/twilio"
 *
 * const TestTwilio = TwilioClient.layerTest({
 *   messages: {
 *     create: () =>
 *       Effect.succeed({
 *         sid: "SM00000000000000000000000000000000",
 *         account_sid: "AC00000000000000000000000000000000",
 *         status: "queued",
 *         direction: "outbound-api"
 *       })
 *   }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = Twilio
