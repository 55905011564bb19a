/**
 * The Cal.com (API v2) client as an Effect service: list event types, find available slots, and create, get, cancel or
 * reschedule bookings. Each call sends the `cal-api-version` its endpoint documents, validates its parameters (UTC
 * times, emails, time zones) before any I/O, unwraps Cal.com's `{ status, data }` answers, and fails with
 * `IntegrationError`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CalComClient } from "effect-integrations/calcom"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const program = Effect.gen(function*() {
 *   const cal = yield* CalComClient.CalComClient
 *   const slots = yield* cal.slots.available({ eventTypeId: 42, startTime: "2025-03-10", endTime: "2025-03-11" })
 *   return slots
 * })
 * const runnable = program.pipe(Effect.provide(CalComClient.layerConfig()), Effect.provide(UndiciTransport.layer()))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as CalComError from "./CalComError.js"
import * as Bookings from "./resources/Bookings.js"
import * as EventTypes from "./resources/EventTypes.js"
import * as Slots from "./resources/Slots.js"

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
  ...VendorClient.defaultPolicy,
  timeout: "20 seconds",
  baseDelay: "500 millis",
  maxDelay: "8 seconds"
}

/**
 * Per-call options: a `policy` override, extra `headers`, this call's `attemptStages`. There is no `idempotencyKey`:
 * Cal.com has none, and the pipeline declares no idempotency header, so a key could never make a booking safe to retry.
 *
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings (`baseUrl`, `policy`, `rateLimit`, `circuitBreaker`, `bulkhead`, `retryBudget`, ...), passed
 * through unchanged, and Cal.com's own. A `rateLimit` (e.g. `{ limit: 120, window: "1 minute" }`, the key's quota)
 * paces calls and adapts to the `x-ratelimit-*` headers.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** An API key (`cal_live_...` or `cal_...`), sent as a bearer token. */
  readonly apiKey: VendorClient.SecretInput
  /**
   * Other `cal-api-version`s than `API_VERSIONS`, per group of endpoints. One that is not a date
   * (`2024-08-13`) is a `ConfigError` naming it (`CalCom.apiVersions.slots`).
   */
  readonly apiVersions?: Partial<ApiVersions> | undefined
}

/**
 * Its health check: a cheap authenticated read (`GET /v2/event-types`, no retries) for readiness checks.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly eventTypes: EventTypes.Api
  readonly slots: Slots.Api
  readonly bookings: Bookings.Api
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class CalComClient extends Context.Tag("effect-integrations/CalComClient")<CalComClient, Service>() {}

const API_VERSION = /^\d{4}-\d{2}-\d{2}$/

/** The versions each group of endpoints is called with: the defaults under the caller's. */
const versionsOf = (options: Options): ApiVersions => ({
  bookings: options.apiVersions?.bookings ?? API_VERSIONS.bookings,
  eventTypes: options.apiVersions?.eventTypes ?? API_VERSIONS.eventTypes,
  slots: options.apiVersions?.slots ?? API_VERSIONS.slots
})

/**
 * Cal.com as a vendor definition: bearer auth, a `cal-api-version` per group of endpoints, Cal.com's error codes.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const CalCom = VendorClient.define(CalComClient, {
  vendor: "CalCom",
  baseUrl: { default: DEFAULT_BASE_URL, env: "CAL_BASE_URL" },
  // The name Cal.com's docs use for the key.
  config: Config.all({ apiKey: Credentials.config("CAL_API_KEY") }),
  policy: defaultPolicy,
  validate: (options: Options) =>
    Object.entries(versionsOf(options)).flatMap(([group, version]) =>
      typeof version === "string" && API_VERSION.test(version)
        ? []
        : [{ setting: `apiVersions.${group}`, message: "must be a date such as 2024-08-13" }]
    ),
  definition: (options) => ({
    auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
    dialect: { refineError: CalComError.refineError }
  }),
  operations: (http, options): Service => {
    const versions = versionsOf(options)
    const eventTypes = EventTypes.make(http, versions.eventTypes)
    return {
      eventTypes,
      slots: Slots.make(http, versions.slots),
      bookings: Bookings.make(http, versions.bookings),
      healthCheck: eventTypes.list({}, VendorClient.probe).pipe(Effect.asVoid)
    }
  }
})

/**
 * The client's constructors, as `VendorClient.Client` describes them. `make` reports a bad setting as a `ConfigError`
 * naming it (`CalCom.baseUrl`, `CalCom.apiVersions.slots`); `layer` registers a `calcom` health check; `config`,
 * `fromEnv` and `layerConfig` read `CAL_API_KEY` (kept `Redacted`) and `CAL_BASE_URL` (default `https://api.cal.com/v2`),
 * naming every missing or malformed one in one `ConfigError`; `layerTest` fakes the client for tests, e.g.
 * `CalComClient.layerTest({ eventTypes: { list: () => Effect.succeed([]) } })`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = CalCom
