/**
 * Clay (contact and company enrichment): `enrichCompany` (`POST /enrichment/company`, 30 s per attempt, retried as a
 * lookup), and Clay's other operations declared by the app under the names that carry the audit's timeouts:
 * `email.verify` (15 s) and `enrichment.batch` (60 s). Variables: `CLAY_API_KEY`, `CLAY_API_URL`,
 * `CLAY_WEBHOOK_SECRET` (`webhookScheme`). Source: the sales platform's audit, sections 1.1 and 3.3.
 *
 * @example
 * ```ts
 * import { Effect, Schema } from "effect"
 * import { Clay } from "effect-integrations/enrichment"
 *
 * const program = Effect.gen(function*() {
 *   const clay = yield* Clay.ClayClient
 *   const company = yield* clay.enrichCompany({ domain: "acme.dev" })
 *   // Clay's email verification, declared by the app: 15 s per attempt under this name.
 *   const verifyEmail = clay.declare({
 *     name: "email.verify",
 *     method: "POST",
 *     path: "/enrichment/email/verify",
 *     input: Schema.Struct({ email: Schema.String }),
 *     output: Schema.Struct({ valid: Schema.Boolean }),
 *     idempotent: true
 *   })
 *   return [company, yield* verifyEmail({ email: "jane@acme.dev" })] as const
 * })
 * ```
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as EnrichmentClient from "./EnrichmentClient.js"
import * as EnrichmentSchemas from "./EnrichmentSchemas.js"
import * as EnrichmentWebhooks from "./EnrichmentWebhooks.js"

/**
 * Per-operation timeouts from the audit: enrichment 30 s, email verification 15 s, batch 60 s.
 *
 * @since 0.3.0
 * @category Policies
 */
export const operationPolicies = {
  "enrichment.company": { timeout: "30 seconds" },
  "email.verify": { timeout: "15 seconds" },
  "enrichment.batch": { timeout: "60 seconds" }
} as const

/**
 * @since 0.3.0
 * @category Models
 */
export interface Service extends EnrichmentClient.Service {
  /** `POST /enrichment/company`: a company by `domain` and/or `company_name`; the answer kept whole. */
  readonly enrichCompany: (
    params: EnrichmentSchemas.EnrichCompanyParams,
    options?: EnrichmentClient.CallOptions
  ) => Effect.Effect<EnrichmentSchemas.CompanyEnrichment, IntegrationError>
}

/**
 * @since 0.3.0
 * @category Tags
 */
export class ClayClient extends Context.Tag("effect-integrations/ClayClient")<ClayClient, Service>() {}

/**
 * Clay as a provider: `CLAY_API_KEY` (bearer), `CLAY_API_URL` (required), 2 retries, the timeouts above.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const Clay = EnrichmentClient.define(
  ClayClient,
  { vendor: "Clay", envPrefix: "CLAY", operationPolicies },
  (declare) => ({
    enrichCompany: declare({
      name: "enrichment.company",
      method: "POST",
      path: "/enrichment/company",
      input: EnrichmentSchemas.EnrichCompanyParams,
      output: EnrichmentSchemas.CompanyEnrichment,
      // A lookup: repeating it returns the same enrichment (the audit's client retried it).
      idempotent: true
    })
  })
)

/**
 * The client's constructors (`VendorClient.Client`): `layerConfig` / `fromEnv` read `CLAY_API_KEY` and `CLAY_API_URL`,
 * naming every missing one at once; `layer` registers a `clay` health check; `layerTest` is a fake.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const { config, fromEnv, layer, layerConfig, layerTest, make } = Clay

/**
 * Clay's webhooks: `hex(HMAC-SHA256(CLAY_WEBHOOK_SECRET, raw body))` in `header` (default `x-signature`), the body
 * only; see `EnrichmentWebhooks`.
 *
 * @since 0.3.0
 * @category Webhooks
 */
export const webhookScheme = (options: Omit<EnrichmentWebhooks.SchemeOptions, "vendor"> = {}) =>
  EnrichmentWebhooks.scheme({ vendor: "Clay", ...options })

/**
 * `CLAY_WEBHOOK_SECRET`, kept `Redacted`.
 *
 * @since 0.3.0
 * @category Config
 */
export const webhookSecret = EnrichmentWebhooks.secretConfig("CLAY")
