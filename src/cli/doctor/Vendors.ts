/**
 * The vendors `doctor` knows: the variables that say a vendor is configured, where its base URL can be overridden, and
 * how to build it from the environment down to its health check.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { IntegrationError } from "../../core/IntegrationError.js"
import * as AnthropicClient from "../../vendors/anthropic/AnthropicClient.js"
import * as CalComClient from "../../vendors/calcom/CalComClient.js"
import * as HubSpotClient from "../../vendors/hubspot/HubSpotClient.js"
import * as GroqClient from "../../vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../vendors/openai/OpenAIClient.js"
import * as ResendClient from "../../vendors/resend/ResendClient.js"
import * as RetellClient from "../../vendors/retell/RetellClient.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as TwilioClient from "../../vendors/twilio/TwilioClient.js"
import * as WahaClient from "../../vendors/waha/WahaClient.js"

/**
 * A configured vendor reduced to what `doctor` asks of it.
 *
 * @since 0.1.0
 * @category Tags
 */
export class Probe extends Context.Tag("effect-integrations/cli/doctor/Probe")<Probe, {
  readonly healthCheck: Effect.Effect<void, IntegrationError>
}>() {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Vendor {
  readonly name: string
  /** Any of these set means the app uses the vendor, so the rest of its configuration must be complete. */
  readonly markers: ReadonlyArray<string>
  readonly baseUrlVariable: string
  readonly probe: Config.Config<Layer.Layer<Probe, ConfigError.ConfigError, HttpClient.HttpClient>>
}

const probe = <I, S extends { readonly healthCheck: Effect.Effect<void, IntegrationError> }>(
  fromEnv: Config.Config<Layer.Layer<I, ConfigError.ConfigError, HttpClient.HttpClient>>,
  tag: Context.Tag<I, S>
): Vendor["probe"] =>
  Config.map(fromEnv, (layer) =>
    Layer.effect(Probe, Effect.map(tag, (service) => ({ healthCheck: service.healthCheck }))).pipe(Layer.provide(layer)))

/**
 * @since 0.1.0
 * @category Vendors
 */
export const all: ReadonlyArray<Vendor> = [
  { name: StripeClient.Stripe.healthCheckName, markers: ["STRIPE_API_KEY", "STRIPE_SECRET_KEY"], baseUrlVariable: "STRIPE_BASE_URL", probe: probe(StripeClient.fromEnv, StripeClient.StripeClient) },
  { name: OpenAIClient.OpenAI.healthCheckName, markers: ["OPENAI_API_KEY"], baseUrlVariable: "OPENAI_BASE_URL", probe: probe(OpenAIClient.fromEnv, OpenAIClient.OpenAIClient) },
  { name: GroqClient.Groq.healthCheckName, markers: ["GROQ_API_KEY"], baseUrlVariable: "GROQ_BASE_URL", probe: probe(GroqClient.fromEnv, GroqClient.GroqClient) },
  { name: AnthropicClient.Anthropic.healthCheckName, markers: ["ANTHROPIC_API_KEY"], baseUrlVariable: "ANTHROPIC_BASE_URL", probe: probe(AnthropicClient.fromEnv, AnthropicClient.AnthropicClient) },
  { name: "resend", markers: ["RESEND_API_KEY"], baseUrlVariable: "RESEND_BASE_URL", probe: probe(ResendClient.fromEnv, ResendClient.ResendClient) },
  {
    name: TwilioClient.Twilio.healthCheckName,
    markers: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"],
    baseUrlVariable: "TWILIO_BASE_URL",
    probe: probe(TwilioClient.fromEnv, TwilioClient.TwilioClient)
  },
  {
    name: HubSpotClient.HubSpot.healthCheckName,
    markers: ["HUBSPOT_ACCESS_TOKEN", "HUBSPOT_CLIENT_ID", "HUBSPOT_CLIENT_SECRET"],
    baseUrlVariable: "HUBSPOT_BASE_URL",
    probe: probe(HubSpotClient.fromEnv, HubSpotClient.HubSpotClient)
  },
  {
    name: CalComClient.CalCom.healthCheckName,
    markers: ["CAL_API_KEY"],
    baseUrlVariable: "CAL_BASE_URL",
    probe: probe(CalComClient.fromEnv, CalComClient.CalComClient)
  },
  {
    name: RetellClient.Retell.healthCheckName,
    markers: ["RETELL_API_KEY"],
    baseUrlVariable: "RETELL_BASE_URL",
    probe: probe(RetellClient.fromEnv, RetellClient.RetellClient)
  },
  {
    name: WahaClient.Waha.healthCheckName,
    markers: ["WAHA_BASE_URL", "WAHA_API_KEY"],
    baseUrlVariable: "WAHA_BASE_URL",
    probe: probe(WahaClient.fromEnv, WahaClient.WahaClient)
  }
]
