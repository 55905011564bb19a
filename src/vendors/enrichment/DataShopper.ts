/**
 * DataShopper (intent signals and discovery): every operation 30 s per attempt, as the audit's client used. Variables: `DATASHOPPER_API_KEY` (bearer), `DATASHOPPER_API_URL` (required), `DATASHOPPER_WEBHOOK_SECRET` (`webhookScheme`). Its
 * operations are not in the sales platform's audit: the app declares them with `declare` (a few lines each, see
 * `EnrichmentClient`). Source: the audit, sections 1.1, 1.5, 2.1 and 3.2.
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as EnrichmentClient from "./EnrichmentClient.js"
import * as EnrichmentWebhooks from "./EnrichmentWebhooks.js"

/**
 * @since 0.3.0
 * @category Models
 */
export interface Service extends EnrichmentClient.Service {}

/**
 * @since 0.3.0
 * @category Tags
 */
export class DataShopperClient extends Context.Tag("effect-integrations/DataShopperClient")<DataShopperClient, Service>() {}

/**
 * DataShopper as a provider: `DATASHOPPER_API_KEY`, `DATASHOPPER_API_URL`, 2 retries, 30 s per attempt.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const DataShopper = EnrichmentClient.define(DataShopperClient, { vendor: "DataShopper", envPrefix: "DATASHOPPER", policy: { timeout: "30 seconds" } }, () => ({}))

/**
 * The client's constructors (`VendorClient.Client`): `layerConfig` / `fromEnv` read `DATASHOPPER_API_KEY` and
 * `DATASHOPPER_API_URL`, naming every missing one at once; `layer` registers a health check; `layerTest` is a fake.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = DataShopper

/**
 * DataShopper's webhooks: `hex(HMAC-SHA256(DATASHOPPER_WEBHOOK_SECRET, raw body))` in `header` (default `x-signature`), the body
 * only; see `EnrichmentWebhooks`.
 *
 * @since 0.3.0
 * @category Webhooks
 */
export const webhookScheme = (options: Omit<EnrichmentWebhooks.SchemeOptions, "vendor"> = {}) =>
  EnrichmentWebhooks.scheme({ vendor: "DataShopper", ...options })

/**
 * `DATASHOPPER_WEBHOOK_SECRET`, kept `Redacted`.
 *
 * @since 0.3.0
 * @category Config
 */
export const webhookSecret = EnrichmentWebhooks.secretConfig("DATASHOPPER")
