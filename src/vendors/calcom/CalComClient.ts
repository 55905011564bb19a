/**
 * The Cal.com (API v2) client as an Effect service: list event types, find available slots, and create, get, cancel or
 * reschedule bookings. Each call sends the `cal-api-version` its endpoint documents, validates its parameters (UTC
 * times, emails, time zones) before any I/O, unwraps Cal.com's `{ status, data }` answers, and fails with
 * `IntegrationError`.
 *
 * @example
 * ```ts
 * const program = Effect.gen(function*() {
 *   const cal = yield* CalComClient.CalComClient
 *   const { slots } = yield* cal.slots.available({ eventTypeId: 42, startTime: "2025-03-10", endTime: "2025-03-11" })
 * })
 * program.pipe(Effect.provide(CalComClient.layerConfig()), Effect.provide(NodeHttpClient.layerUndici))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Credentials from "../../core/Credentials.js"
import * as Health from "../../core/Health.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import type { IntegrationError } from "../../core/IntegrationError.js"
import type * as RateLimiter from "../../core/RateLimiter.js"
import * as TestService from "../../testing/TestService.js"
import * as CalComError from "./CalComError.js"
import * as Op from "./internal/operation.js"
import * as Bookings from "./resources/Bookings.js"
import * as EventTypes from "./resources/EventTypes.js"
import * as Slots from "./resources/Slots.js"
import { baseUrl as baseUrlConfig, layerConfig as configuredLayer, withoutUndefined } from "../internal/vendorConfig.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.cal.com/v2"

/**
 * The `cal-api-version` each group of endpoints is called with. Cal.com routes a request to the controller of that
 * version, and each endpoint exists in some versions only:
 *
 * - bookings: `2024-08-13`, as the spec requires for `/v2/bookings...`;
 * - event types: `2024-06-14`, as the spec requires for `/v2/event-types`;
 * - slots: `2024-04-15`. The spec's `GET /v2/slots/available` documents no header; Cal.com serves it from the
 *   controller of versions `2024-04-15` to `2024-08-13` (the default when no header is sent), while `2024-09-04`
 *   routes to the newer `GET /v2/slots`, which has no `/available`. Pinning the version keeps the call working if the
 *   default moves.
 *
 * @since 0.1.0
 * @category Constants
 */
export const API_VERSIONS: ApiVersions = { bookings: "2024-08-13", eventTypes: "2024-06-14", slots: "2024-04-15" }

/**
 * @since 0.1.0
 * @category Models
 */
export interface ApiVersions {
  readonly bookings: string
  readonly eventTypes: string
  readonly slots: string
}

/**
 * Cal.com's defaults. Cal.com allows 120 requests per minute per API key (reported in `x-ratelimit-limit`,
 * `-remaining` and `-reset`) and has no idempotency keys:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 20 s | a booking writes to calendars and sends emails before it answers |
 * | retries | 2 (3 attempts) | a minute-long quota: more retries would only wait for it |
 * | backoff | 500 ms doubling, capped at 8 s, each delay 50-100% of that | |
 * | retried: `eventTypes.list`, `slots.available`, `bookings.get`, `bookings.cancel` | network errors, timeouts, 429, 5xx | reads, and cancelling twice leaves the booking cancelled |
 * | retried: `bookings.create`, `bookings.reschedule` | 429 only | **no idempotency keys**: a booking that timed out may exist; see `CalComError.isAmbiguousBooking` |
 * | not retried | other 4xx (a taken slot is a 400) | a repeat cannot succeed |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = {
  timeout: "20 seconds",
  maxRetries: 2,
  baseDelay: "500 millis",
  factor: 2,
  maxDelay: "8 seconds",
  jitter: 0.5
}

/**
 * Per-call options: a `policy` override and extra `headers`. There is no `idempotencyKey`: Cal.com has none, and the
 * kernel would treat a keyed booking as safe to retry.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions {
  readonly policy?: HttpIntegration.PolicyInput | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** An API key (`cal_live_...` or `cal_...`), sent as a bearer token. */
  readonly apiKey: Redacted.Redacted<string> | Credentials.Secret
  /** Default `https://api.cal.com/v2`; point it at a local server in tests. */
  readonly baseUrl?: string | undefined
  /** Other `cal-api-version`s than `API_VERSIONS`, per group of endpoints. */
  readonly apiVersions?: Partial<ApiVersions> | undefined
  /** Overrides on top of `defaultPolicy`. */
  readonly policy?: HttpIntegration.PolicyInput | undefined
  /** Circuit breaker, rate limiter or bulkhead around each attempt. */
  readonly attemptPolicy?: HttpIntegration.AttemptPolicy | undefined
  /** Pace calls to the key's quota (e.g. `{ limit: 120, window: "1 minute" }`); adapts to the `x-ratelimit-*` headers. */
  readonly rateLimit?: RateLimiter.RateLimiter | Omit<RateLimiter.Options, "vendor"> | false | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly eventTypes: EventTypes.Api
  readonly slots: Slots.Api
  readonly bookings: Bookings.Api
  /** A cheap authenticated read (`GET /v2/event-types`, no retries) for readiness checks. */
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class CalComClient extends Context.Tag("effect-integrations/CalComClient")<CalComClient, Service>() {}

const secretOf = (value: Redacted.Redacted<string> | Credentials.Secret): Credentials.Secret =>
  Redacted.isRedacted(value) ? Credentials.fixed(value) : value

const API_VERSION = /^\d{4}-\d{2}-\d{2}$/

/**
 * Builds the service over the `HttpClient` in context: one pipeline for every Cal.com call. Dies on a malformed API
 * version: a configuration bug, not a vendor error.
 * A malformed `baseUrl` or an out-of-range `policy` setting fails with a `ConfigError` naming it under the vendor
 * (`CalCom.baseUrl`, `CalCom.policy.timeout`; see `HttpIntegration.make`).
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function*() {
    const versions: ApiVersions = { ...API_VERSIONS, ...withoutUndefined(options.apiVersions ?? {}) }
    if (!Object.values(versions).every((version) => API_VERSION.test(version))) {
      return yield* Effect.dieMessage("CalComClient: apiVersions must look like 2024-08-13")
    }
    const http = yield* HttpIntegration.make({
      vendor: Op.VENDOR,
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      auth: HttpIntegration.bearer(secretOf(options.apiKey)),
      dialect: { refineError: CalComError.refineError },
      policy: { ...defaultPolicy, ...withoutUndefined(options.policy ?? {}) },
      attemptPolicy: options.attemptPolicy,
      rateLimit: options.rateLimit
    })
    const eventTypes = EventTypes.make(http, versions.eventTypes)
    return {
      eventTypes,
      slots: Slots.make(http, versions.slots),
      bookings: Bookings.make(http, versions.bookings),
      healthCheck: Effect.asVoid(eventTypes.list({}, { policy: { maxRetries: 0, timeout: "5 seconds" } }))
    }
  })

/**
 * The client as a layer; registers a `calcom` health check when a `Health` registry is provided.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<CalComClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(
    CalComClient,
    Effect.tap(make(options), (service) => Health.register(Health.check("calcom", service.healthCheck)))
  )

/**
 * The options from the environment: `CAL_API_KEY` (required, kept `Redacted` and re-read through `Credentials`) and
 * `CAL_BASE_URL` (default `https://api.cal.com/v2`). Every missing or malformed variable is reported in one
 * `ConfigError`, by name only.
 *
 * @since 0.1.0
 * @category Config
 */
export const config: Config.Config<Options> = Config.all({
  apiKey: Credentials.config("CAL_API_KEY"),
  baseUrl: baseUrlConfig("CAL_BASE_URL", DEFAULT_BASE_URL)
})

/**
 * The layer, configured from the environment; for `IntegrationConfig.layer(CalComClient.fromEnv, ...)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromEnv: Config.Config<
  Layer.Layer<CalComClient, ConfigError.ConfigError, HttpClient.HttpClient>
> = Config.map(
  config,
  layer
)

/**
 * The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  overrides: Partial<Omit<Options, "apiKey">> = {}
): Layer.Layer<CalComClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  configuredLayer(config, layer, overrides)

/**
 * A fake client: the given methods as they are, every other one dies naming itself.
 *
 * @example
 * ```ts
 * const TestCal = CalComClient.layerTest({ bookings: { create: () => Effect.succeed(booking) } })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerTest = (partial: TestService.DeepPartial<Service>): Layer.Layer<CalComClient> =>
  TestService.layer(CalComClient, partial)
