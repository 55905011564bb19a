/**
 * Audience Labs (bulk lead imports). Variables: `AUDIENCE_LABS_API_KEY` (bearer), `AUDIENCE_LABS_API_URL` (required), `AUDIENCE_LABS_WEBHOOK_SECRET` (`webhookScheme`). Its
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
export class AudienceLabsClient extends Context.Tag("effect-integrations/AudienceLabsClient")<AudienceLabsClient, Service>() {}

/**
 * Audience Labs as a provider: `AUDIENCE_LABS_API_KEY`, `AUDIENCE_LABS_API_URL`, 2 retries.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const AudienceLabs = EnrichmentClient.define(AudienceLabsClient, { vendor: "Audience Labs", envPrefix: "AUDIENCE_LABS" }, () => ({}))

/**
 * The client's constructors (`VendorClient.Client`): `layerConfig` / `fromEnv` read `AUDIENCE_LABS_API_KEY` and
 * `AUDIENCE_LABS_API_URL`, naming every missing one at once; `layer` registers a health check; `layerTest` is a fake.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = AudienceLabs

/**
 * Audience Labs's webhooks: `hex(HMAC-SHA256(AUDIENCE_LABS_WEBHOOK_SECRET, raw body))` in `header` (default `x-signature`), the body
 * only; see `EnrichmentWebhooks`.
 *
 * @since 0.3.0
 * @category Webhooks
 */
export const webhookScheme = (options: Omit<EnrichmentWebhooks.SchemeOptions, "vendor"> = {}) =>
  EnrichmentWebhooks.scheme({ vendor: "Audience Labs", ...options })

/**
 * `AUDIENCE_LABS_WEBHOOK_SECRET`, kept `Redacted`.
 *
 * @since 0.3.0
 * @category Config
 */
export const webhookSecret = EnrichmentWebhooks.secretConfig("AUDIENCE_LABS")
