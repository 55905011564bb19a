/**
 * One configurable client for the enrichment providers the sales platform calls without public API specs (Clay,
 * DataShopper, Audience Labs, EmailBison; see `Clay.ts`, `DataShopper.ts`, `AudienceLabs.ts`, `EmailBison.ts`). Each
 * provider is a vendor defined from three variables, `<NAME>_API_KEY` (a bearer token), `<NAME>_API_URL` (its API, or
 * the app's own instance for EmailBison) and `<NAME>_WEBHOOK_SECRET` (HMAC-SHA256 webhooks, `EnrichmentWebhooks`), and
 * from per-operation timeouts. What the platform's audit documents is typed (Clay's `POST /enrichment/company`); any
 * other operation is declared by the app in a few lines with `declare`, on the same pipeline (retries, breaker, limiter,
 * spans `<Vendor>.<operation>`, secrets redacted).
 *
 * Source of every fact here: an integration audit of a sales platform that calls them (sections 1.1, 1.5,
 * 2.1, 3.2, 3.3, 4.3, 5.1): bearer auth, JSON bodies, the variables, the timeouts (Clay enrichment 30 s, email
 * verification 15 s, batch 60 s; DataShopper 30 s), 2 retries with exponential backoff on 5xx, timeouts and network
 * errors, never on 4xx, and errors as `{ message }`.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { DataShopper } from "effect-integrations/enrichment"
 *
 * // An operation the app declares: DataShopper's intent search, with its own path and body.
 * const IntentSearch = Schema.Struct({ domain: Schema.String })
 * const IntentResults = Schema.Struct({ signals: Schema.Array(Schema.Unknown) })
 *
 * const program = Effect.gen(function*() {
 *   const datashopper = yield* DataShopper.DataShopperClient
 *   const search = datashopper.declare({
 *     name: "intent.search",
 *     method: "POST",
 *     path: "/intent/search",
 *     input: IntentSearch,
 *     output: IntentResults,
 *     idempotent: true
 *   })
 *   return yield* search({ domain: "acme.dev" })
 * })
 * ```
 *
 * @since 0.3.0
 */
import * as Config from "effect/Config"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import { IntegrationError } from "../../core/IntegrationError.js"
import type * as ResponseClassifier from "../../core/ResponseClassifier.js"
import * as VendorClient from "../../core/VendorClient.js"

/**
 * The audit's retry rule for every provider: 2 retries with exponential backoff (5xx, timeouts, network errors; never
 * 4xx), 30 s per attempt unless the operation says otherwise.
 *
 * @since 0.3.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * Per-call options: a `policy` override and extra `headers`. No provider documents idempotency keys.
 *
 * @since 0.3.0
 * @category Models
 */
export interface CallOptions extends Omit<HttpIntegration.CallOptions, "idempotencyKey"> {}

/**
 * The kernel's settings (`baseUrl`, `policy`, `rateLimit`, `circuitBreaker`, ...) and the provider's key. `baseUrl` is
 * required where the provider has no public default (`<NAME>_API_URL`).
 *
 * @since 0.3.0
 * @category Models
 */
export interface Options extends VendorClient.VendorOptions {
  /** The provider's API key, sent as `Authorization: Bearer <key>`. */
  readonly apiKey: VendorClient.SecretInput
  /**
   * A cheap authenticated `GET` for the health check (none of these providers documents one here). Without it the
   * health check only proves the client is configured.
   */
  readonly healthCheckPath?: string | undefined
}

/**
 * An operation the app declares: its name (the span is `<Vendor>.<name>`, and the provider's per-operation timeout
 * applies by name), method and path, and the Schemas of its input and answer. The input is encoded first (a bad input
 * fails with `InvalidRequest` before any I/O), then sent as the JSON body (`POST`, `PUT`, `PATCH`) or as query
 * parameters (`GET`, `DELETE`); give `request` to place it otherwise.
 *
 * @since 0.3.0
 * @category Models
 */
export interface OperationSpec<I, IE, O, OE> {
  readonly name: string
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  readonly path: string
  readonly input: Schema.Schema<I, IE>
  readonly output: Schema.Schema<O, OE>
  /** Builds the request from the encoded input, instead of the default placement. */
  readonly request?: ((input: IE) => HttpIntegration.RequestParts) | undefined
  /** A `POST` that only reads (a lookup, a search): retried like a `GET`. Default: `GET`, `PUT`, `DELETE` only. */
  readonly idempotent?: boolean | undefined
  /** Per-attempt timeout of this operation, over the provider's default for its name. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * @since 0.3.0
 * @category Models
 */
export type Operation<I, O> = (input: I, options?: CallOptions) => Effect.Effect<O, IntegrationError>

/**
 * @since 0.3.0
 * @category Models
 */
export interface Declare {
  <I, IE, O, OE>(spec: OperationSpec<I, IE, O, OE>): Operation<I, O>
}

/**
 * What every provider's client has: `declare` for the app's own operations, and the health check.
 *
 * Its health check: `GET healthCheckPath` (no retries, 5 s) when given, otherwise succeeds once the client is
 * configured.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly declare: Declare
}

/**
 * A provider: its display name, the prefix of its variables, its public API (if it has one), its default policy and
 * the per-operation timeouts by operation name.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Provider {
  readonly vendor: string
  /** `CLAY` for `CLAY_API_KEY`, `CLAY_API_URL`, `CLAY_WEBHOOK_SECRET`. */
  readonly envPrefix: string
  /** The public API, when there is one; otherwise `<NAME>_API_URL` (or `baseUrl`) is required. */
  readonly defaultBaseUrl?: string | undefined
  readonly policy?: HttpIntegration.PolicyInput | undefined
  readonly operationPolicies?: Readonly<Record<string, HttpIntegration.PolicyInput>> | undefined
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_.\- ]{0,59}$/

/**
 * Reads the short identifiers of an error body (`code`, `error`, `type`) into `details`; the audit's providers answer
 * `{ message }`, whose text may quote the request, so it is never kept. The verdict stays the status's.
 *
 * @since 0.3.0
 * @category Errors
 */
export const refineError = (vendor: string): ResponseClassifier.Refine => (facts, verdict) => {
  const body = facts.body
  const details: Record<string, string> = {}
  if (Predicate.isRecord(body)) {
    for (const field of ["code", "error", "type"]) {
      const value = body[field]
      if (Predicate.isString(value) && IDENTIFIER.test(value)) details[field] = value
    }
  }
  return {
    ...verdict,
    description: `${vendor} answered HTTP ${facts.status}`,
    details: Object.keys(details).length > 0 ? details : undefined
  }
}

const placed = (method: OperationSpec<unknown, unknown, unknown, unknown>["method"], path: string, encoded: unknown) => {
  if (method === "POST" || method === "PUT" || method === "PATCH") {
    return { path, body: HttpIntegration.json(encoded) }
  }
  if (!Predicate.isRecord(encoded)) return { path }
  const query: Record<string, string | number | boolean | undefined> = {}
  for (const [key, value] of Object.entries(encoded)) {
    if (Predicate.isString(value) || Predicate.isNumber(value) || Predicate.isBoolean(value)) query[key] = value
  }
  return { path, query }
}

/**
 * The `declare` of a pipeline.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const declarer = (http: HttpIntegration.HttpIntegration): Declare => (spec) => {
  const operation = http.operation({
    name: spec.name,
    method: spec.method,
    input: spec.input,
    output: spec.output,
    ...(spec.idempotent !== undefined ? { idempotent: spec.idempotent } : {}),
    ...(spec.timeout !== undefined ? { policy: { timeout: spec.timeout } } : {}),
    request: (encoded) => spec.request?.(encoded) ?? placed(spec.method, spec.path, encoded)
  })
  return (input, options) => operation(input, options)
}

/**
 * Defines a provider's client over `VendorClient.define`: bearer auth from `<NAME>_API_KEY`, the base URL from
 * `<NAME>_API_URL`, the provider's policies, `declare`, the health check, and the typed operations `operations` builds
 * with `declare`.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const define = <Self, Typed extends object>(
  tag: Context.Tag<Self, Service & Typed>,
  provider: Provider,
  operations: (declare: Declare) => Typed
) => {
  const apiUrl = `${provider.envPrefix}_API_URL`
  return VendorClient.define(tag, {
    vendor: provider.vendor,
    baseUrl: { default: provider.defaultBaseUrl ?? "", env: apiUrl },
    config: Config.all({
      apiKey: Credentials.config(`${provider.envPrefix}_API_KEY`),
      // Without a public default the URL is required: reported missing by name, with the key.
      url: provider.defaultBaseUrl === undefined ? Config.nonEmptyString(apiUrl) : Config.succeed("")
    }).pipe(Config.map(({ apiKey }) => ({ apiKey }))),
    policy: { ...defaultPolicy, ...provider.policy },
    operationPolicies: provider.operationPolicies,
    validate: (options: Options) =>
      provider.defaultBaseUrl === undefined && (options.baseUrl === undefined || options.baseUrl === "")
        ? [{ setting: "baseUrl", message: `required: ${provider.vendor} has no public default (${apiUrl})` }]
        : [],
    definition: (options) => ({
      auth: HttpIntegration.bearer(VendorClient.secret(options.apiKey)),
      dialect: { refineError: refineError(provider.vendor) }
    }),
    operations: (http, options): Service & Typed => {
      const declare = declarer(http)
      const healthPath = options.healthCheckPath
      const health = healthPath === undefined ? undefined : declare({
        name: "healthCheck",
        method: "GET",
        path: healthPath,
        input: Schema.Void,
        output: Schema.Unknown
      })
      return {
        ...operations(declare),
        declare,
        healthCheck: health === undefined
          ? Effect.void
          : Effect.asVoid(health(undefined, VendorClient.probe))
      }
    }
  })
}

/**
 * An `InvalidRequest` for a provider's operation, for checks a Schema cannot make.
 *
 * @since 0.3.0
 * @category Errors
 */
export const invalid = (vendor: string, operation: string, description: string): IntegrationError =>
  VendorClient.failures(vendor).invalid(operation, description)
