/**
 * A simulator of the vendors this SDK integrates (Stripe, OpenAI, Anthropic, Resend, Twilio, HubSpot, Cal.com): a real
 * HTTP server on 127.0.0.1 with each vendor's paths, request encodings, auth, idempotency, pagination, headers and
 * error bodies (checked against the vendors' OpenAPI documents), in-memory state, and seeded fault injection
 * (`Faults`). Test an app, or a vendor client, without the internet.
 *
 * Each vendor lives under `baseUrl(vendor)`, the vendor's own base URL moved to the simulator: `<url>/stripe`,
 * `<url>/openai/v1` and `<url>/calcom/v2` (OpenAI's ends in `/v1`, Cal.com's in `/v2`), ... The same routes answer
 * at the server's root too, so SDKs that only let you change the host and port reach them. Credentials: any key with
 * the vendor's prefix (`sk_test_`, `sk-`, `sk-ant-`, `re_`, Twilio `AC.../SK...` basic auth, HubSpot `pat-` or an
 * issued OAuth token, Cal.com `cal_`, Retell `key_`, WAHA any `X-Api-Key`), or only the `keys` you list.
 * Everything time-dependent (timestamps, latency, outage windows, rate-limit windows, token expiry) reads Effect's
 * `Clock`, so `TestClock` drives it.
 *
 * @since 0.1.0
 */
import type { ServeError } from "@effect/platform/HttpServerError"
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type * as Faults from "./Faults.js"
import * as internal from "./internal/simulator/server.js"

/**
 * @since 0.1.0
 * @category Models
 */
export type Vendor = Faults.Vendor

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  /** Default 0: a free port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  /** Seeds fault draws and generated ids; overrides the plan's `seed`. Default the plan's, else 0. */
  readonly seed?: number | undefined
  /** Faults to inject from the start; `setFaults` replaces them. */
  readonly faults?: Faults.FaultPlan | undefined
  /**
   * Exact credentials accepted per vendor, instead of any key with the vendor's prefix. Twilio's are
   * `"<AccountSid or API key SID>:<auth token or secret>"`.
   */
  readonly keys?: Partial<Record<Vendor, ReadonlyArray<string>>> | undefined
  readonly hubspot?: {
    /** Accepted OAuth client id; any when absent. */
    readonly clientId?: string | undefined
    /** Accepted OAuth client secret; any when absent. */
    readonly clientSecret?: string | undefined
    /** Lifetime of issued access tokens. Default 1800 (HubSpot's 30 minutes). */
    readonly accessTokenTtlSeconds?: number | undefined
  } | undefined
}

/**
 * Something a vendor did for a request: an object created, an email sent, a card charged.
 *
 * @since 0.1.0
 * @category Models
 */
export interface SideEffect {
  readonly vendor: Vendor
  /** The route, as `METHOD /path/{param}`. */
  readonly route: string
  /** What happened: `customer.created`, `email.sent`, `charge.succeeded`, `message.created`... */
  readonly kind: string
  readonly objectId: string
  /** The request's `Idempotency-Key`, if it had one. */
  readonly idempotencyKey: string | undefined
  /** When, in milliseconds since the epoch, on the simulator's clock. */
  readonly at: number
}

/**
 * What the simulator saw since it started (or was last reset).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Stats {
  readonly totalRequests: number
  /** Requests per route, keyed `"<vendor> <METHOD> <path>"`, e.g. `"stripe POST /v1/customers"`. */
  readonly requests: Readonly<Record<string, number>>
  /** Injected faults per kind (`status`, `reset`, `resetAfterCommit`, `latency`, `outage`, `rateLimit`, ...). */
  readonly faults: Readonly<Record<string, number>>
  readonly sideEffects: ReadonlyArray<SideEffect>
  /** Side effects per idempotency key. */
  readonly sideEffectsByKey: Readonly<Record<string, number>>
  /** Requests answered from a stored idempotent response. */
  readonly replays: number
  /**
   * Side effects repeating an earlier one: the same vendor route acted again on an identical request body, as a
   * retried request without an idempotency key does. (A test that creates identical objects on purpose counts them
   * too: compare `sideEffects` there.)
   */
  readonly duplicates: number
}

/**
 * @since 0.1.0
 * @category Models
 */
export declare namespace VendorSimulator {
  /**
   * @since 0.1.0
   * @category Models
   */
  export interface Service {
    /** `http://127.0.0.1:<port>`. */
    readonly url: string
    readonly port: number
    /** Where a vendor client should point: `<url>/stripe`, `<url>/openai/v1`, `<url>/anthropic`, `<url>/calcom/v2`, ... */
    readonly baseUrl: (vendor: Vendor) => string
    readonly stats: Effect.Effect<Stats>
    /** The fault plan in force. */
    readonly faults: Effect.Effect<Faults.FaultPlan>
    /** Replaces the fault plan; draws and counts (`after`, `times`, count outages) restart, outage windows stay relative to the start. */
    readonly setFaults: (plan: Faults.FaultPlan) => Effect.Effect<void>
    /** Forgets every object, idempotency key and statistic, and restarts the fault plan's clock and draws. */
    readonly reset: Effect.Effect<void>
  }
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class VendorSimulator extends Context.Tag("effect-integrations/testing/VendorSimulator")<
  VendorSimulator,
  VendorSimulator.Service
>() {}

/**
 * Starts the simulator in the current scope; it stops, closing every connection, when the scope closes.
 *
 * @example
 * ```ts
 * import { Faults, VendorSimulator } from "effect-integrations/testing"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const simulator = yield* VendorSimulator.make({
 *     faults: Faults.make({ rules: [{ kind: "status", vendor: "stripe", status: 503, times: 1 }] })
 *   })
 *   const response = yield* Effect.promise(() =>
 *     fetch(`${simulator.baseUrl("stripe")}/v1/customers`, { headers: { authorization: "Bearer sk_test_123" } })
 *   )
 *   return response.status // 503, then 200 on the next call
 * }))
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<VendorSimulator.Service, ServeError, Scope.Scope> =>
  internal.make(options)

/**
 * The simulator as a layer, started when the layer is built and stopped with it.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<VendorSimulator, ServeError> =>
  Layer.scoped(VendorSimulator, make(options))
