/**
 * EmailBison (AI email agent), whose API lives on each customer's own instance: `EMAILBISON_API_URL` is that instance's URL. Variables: `EMAILBISON_API_KEY` (bearer), `EMAILBISON_API_URL` (required), `EMAILBISON_WEBHOOK_SECRET` (`webhookScheme`). Its
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
export class EmailBisonClient extends Context.Tag("effect-integrations/EmailBisonClient")<EmailBisonClient, Service>() {}

/**
 * EmailBison as a provider: `EMAILBISON_API_KEY`, `EMAILBISON_API_URL`, 2 retries.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const EmailBison = EnrichmentClient.define(EmailBisonClient, { vendor: "EmailBison", envPrefix: "EMAILBISON" }, () => ({}))

/**
 * The client's constructors (`VendorClient.Client`): `layerConfig` / `fromEnv` read `EMAILBISON_API_KEY` and
 * `EMAILBISON_API_URL`, naming every missing one at once; `layer` registers a health check; `layerTest` is a fake.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = EmailBison

/**
 * EmailBison's webhooks: `hex(HMAC-SHA256(EMAILBISON_WEBHOOK_SECRET, raw body))` in `header` (default `x-signature`), the body
 * only; see `EnrichmentWebhooks`.
 *
 * @since 0.3.0
 * @category Webhooks
 */
export const webhookScheme = (options: Omit<EnrichmentWebhooks.SchemeOptions, "vendor"> = {}) =>
  EnrichmentWebhooks.scheme({ vendor: "EmailBison", ...options })

/**
 * `EMAILBISON_WEBHOOK_SECRET`, kept `Redacted`.
 *
 * @since 0.3.0
 * @category Config
 */
export const webhookSecret = EnrichmentWebhooks.secretConfig("EMAILBISON")
