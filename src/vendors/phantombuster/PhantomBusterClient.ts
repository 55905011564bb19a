/**
 * The PhantomBuster client (API v2) as an Effect service: agents (launch, fetch, list, fetch output, abort) and
 * launch-and-wait, which polls the launch's container until the run ends; containers (fetch, result object). Each
 * call validates its input before any I/O, authenticates with `X-Phantombuster-Key-1`, and fails with
 * `IntegrationError`.
 *
 * Facts from PhantomBuster's API reference (https://hub.phantombuster.com/docs/api, `/reference`): base URL
 * `https://api.phantombuster.com/api/v2`; the key in a header (never the `key` query parameter v1 also took: it
 * would reach access logs); ids are decimal strings; dates are milliseconds in v2; no idempotency keys; no documented
 * rate-limit headers.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { PhantomBusterClient } from "effect-integrations/phantombuster"
 * import { UndiciTransport } from "effect-integrations/transport"
 *
 * const scrape = Effect.gen(function*() {
 *   const phantombuster = yield* PhantomBusterClient.PhantomBusterClient
 *   const run = yield* phantombuster.agents.launchAndWait(
 *     { id: "5027055349780535", bonusArgument: { search: "CTO fintech Berlin" } },
 *     { timeout: "20 minutes" }
 *   )
 *   return run.result
 * })
 *
 * // PHANTOMBUSTER_API_KEY from the environment.
 * const Live = PhantomBusterClient.layerConfig().pipe(Layer.provide(UndiciTransport.layer()))
 * const result = scrape.pipe(Effect.provide(Live))
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Credentials from "../../core/Credentials.js"
import * as HttpIntegration from "../../core/HttpIntegration.js"
import * as VendorClient from "../../core/VendorClient.js"
import * as PhantomBusterSchemas from "./PhantomBusterSchemas.js"
import * as Agents from "./resources/Agents.js"

/**
 * @since 0.1.0
 * @category Constants
 */
export const DEFAULT_BASE_URL = "https://api.phantombuster.com/api/v2"

/**
 * The header that carries the key.
 *
 * @since 0.1.0
 * @category Constants
 */
export const KEY_HEADER = "X-Phantombuster-Key-1"

/**
 * PhantomBuster's defaults:
 *
 * | setting | value | why |
 * |---|---|---|
 * | timeout per attempt | 30 s | every call here is a queue operation or a read; the run itself is waited for by polling |
 * | retries | 2 (3 attempts), 1 s doubling to 10 s, jittered | reads and stops ride out a blip |
 * | retried | reads and stops on network errors, timeouts, 429, 5xx; a launch only on 429 or a refused connection | a repeated launch starts a second run |
 * | not retried | 400 (unknown agent, argument too big), 401, 403, 404 | a repeat cannot succeed |
 * | launch-and-wait | status read every 5 s, growing to 60 s, for at most 15 min | runs take minutes; each read is one cheap call |
 *
 * @since 0.1.0
 * @category Policies
 */
export const defaultPolicy: HttpIntegration.PolicyInput = VendorClient.defaultPolicy

/**
 * @since 0.1.0
 * @category Models
 */
export interface CallOptions extends HttpIntegration.CallOptions {}

/**
 * The kernel's settings and PhantomBuster's key. PhantomBuster documents no rate-limit headers: give `rateLimit` to
 * pace callers; a 429's `Retry-After`, when sent, pauses them all.
 *
 * `apiKey`: A PhantomBuster API key (Workspace settings > API keys).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends VendorClient.ApiKeyOptions {}

/**
 * Its health check: a cheap authenticated read (`GET /orgs/fetch`, no retries, 5 s).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service extends VendorClient.Service {
  readonly agents: Agents.Api
  readonly containers: Agents.ContainersApi
}

/**
 * @since 0.1.0
 * @category Tags
 */
export class PhantomBusterClient extends Context.Tag("effect-integrations/PhantomBusterClient")<PhantomBusterClient, Service>() {}

/**
 * PhantomBuster as a vendor definition.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const PhantomBuster = VendorClient.define(PhantomBusterClient, {
  vendor: "PhantomBuster",
  baseUrl: { default: DEFAULT_BASE_URL, env: "PHANTOMBUSTER_BASE_URL" },
  config: Config.all({ apiKey: Credentials.config("PHANTOMBUSTER_API_KEY") }),
  policy: defaultPolicy,
  definition: (options: Options) => ({
    auth: HttpIntegration.header(KEY_HEADER, VendorClient.secret(options.apiKey)),
    headers: { accept: "application/json" }
  }),
  operations: (http) => {
    const org = http.operation({
      name: "orgs.fetch",
      method: "GET",
      input: Schema.Void,
      output: PhantomBusterSchemas.Org,
      request: () => ({ path: "/orgs/fetch" })
    })
    return {
      ...Agents.make(http),
      healthCheck: Effect.asVoid(org(undefined, VendorClient.probe))
    }
  }
})

/**
 * The client's constructors, from its definition:
 *
 * - `make`: Builds the service over the `HttpClient` in context; a bad setting is a `ConfigError` naming it.
 * - `layer`: The client as a layer; registers a `phantombuster` health check when a `Health` registry is provided.
 * - `config`: The options from the environment: `PHANTOMBUSTER_API_KEY` (required, kept `Redacted`),
 *   `PHANTOMBUSTER_BASE_URL` (default `https://api.phantombuster.com/api/v2`).
 * - `fromEnv`: The layer, configured from the environment; for `IntegrationConfig.layer(PhantomBusterClient.fromEnv,
 *   ...)`.
 * - `layerConfig`: The layer from the environment, with options set in code on top (a `policy`, a `rateLimit`, ...).
 * - `layerTest`: A fake client: the given methods as they are; every other one fails naming itself.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PhantomBusterClient } from "effect-integrations/phantombuster"
 *
 * const TestPhantomBuster = PhantomBusterClient.layerTest({
 *   agents: { launch: () => Effect.succeed({ containerId: "3358014727012763" }) }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const { make, layer, config, fromEnv, layerConfig, layerTest } = PhantomBuster
