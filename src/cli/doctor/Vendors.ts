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
import * as ApolloClient from "../../vendors/apollo/ApolloClient.js"
import * as CalComClient from "../../vendors/calcom/CalComClient.js"
import * as AudienceLabs from "../../vendors/enrichment/AudienceLabs.js"
import * as Clay from "../../vendors/enrichment/Clay.js"
import * as DataShopper from "../../vendors/enrichment/DataShopper.js"
import * as EmailBison from "../../vendors/enrichment/EmailBison.js"
import * as GoHighLevelClient from "../../vendors/gohighlevel/GoHighLevelClient.js"
import * as GoogleMapsClient from "../../vendors/google-maps/GoogleMapsClient.js"
import * as FirecrawlClient from "../../vendors/firecrawl/FirecrawlClient.js"
import * as HubSpotClient from "../../vendors/hubspot/HubSpotClient.js"
import * as MapboxClient from "../../vendors/mapbox/MapboxClient.js"
import * as LemlistClient from "../../vendors/lemlist/LemlistClient.js"
import * as ExploriumClient from "../../vendors/explorium/ExploriumClient.js"
import * as MillionVerifierClient from "../../vendors/millionverifier/MillionVerifierClient.js"
import * as GroqClient from "../../vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../vendors/openai/OpenAIClient.js"
import * as PhantomBusterClient from "../../vendors/phantombuster/PhantomBusterClient.js"
import * as PostmarkClient from "../../vendors/postmark/PostmarkClient.js"
import * as LlamaParseClient from "../../vendors/llamaparse/LlamaParseClient.js"
import * as ResendClient from "../../vendors/resend/ResendClient.js"
import * as GeminiClient from "../../vendors/vertex/GeminiClient.js"
import * as VertexAIClient from "../../vendors/vertex/VertexAIClient.js"
import * as RetellClient from "../../vendors/retell/RetellClient.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as TavilyClient from "../../vendors/tavily/TavilyClient.js"
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
    name: PostmarkClient.Postmark.healthCheckName,
    markers: ["POSTMARK_SERVER_TOKEN"],
    baseUrlVariable: "POSTMARK_BASE_URL",
    probe: probe(PostmarkClient.fromEnv, PostmarkClient.PostmarkClient)
  },
  {
    name: ApolloClient.Apollo.healthCheckName,
    markers: ["APOLLO_API_KEY"],
    baseUrlVariable: "APOLLO_BASE_URL",
    probe: probe(ApolloClient.fromEnv, ApolloClient.ApolloClient)
  },
  {
    name: PhantomBusterClient.PhantomBuster.healthCheckName,
    markers: ["PHANTOMBUSTER_API_KEY"],
    baseUrlVariable: "PHANTOMBUSTER_BASE_URL",
    probe: probe(PhantomBusterClient.fromEnv, PhantomBusterClient.PhantomBusterClient)
  },
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
    name: TavilyClient.Tavily.healthCheckName,
    markers: ["TAVILY_API_KEY"],
    baseUrlVariable: "TAVILY_BASE_URL",
    probe: probe(TavilyClient.fromEnv, TavilyClient.TavilyClient)
  },
  {
    name: GoHighLevelClient.GoHighLevel.healthCheckName,
    markers: ["GHL_API_KEY", "GHL_CLIENT_ID", "GHL_CLIENT_SECRET"],
    baseUrlVariable: "GHL_BASE_URL",
    probe: probe(GoHighLevelClient.fromEnv, GoHighLevelClient.GoHighLevelClient)
  },
  { name: Clay.Clay.healthCheckName, markers: ["CLAY_API_KEY", "CLAY_API_URL"], baseUrlVariable: "CLAY_API_URL", probe: probe(Clay.fromEnv, Clay.ClayClient) },
  {
    name: DataShopper.DataShopper.healthCheckName,
    markers: ["DATASHOPPER_API_KEY", "DATASHOPPER_API_URL"],
    baseUrlVariable: "DATASHOPPER_API_URL",
    probe: probe(DataShopper.fromEnv, DataShopper.DataShopperClient)
  },
  {
    name: AudienceLabs.AudienceLabs.healthCheckName,
    markers: ["AUDIENCE_LABS_API_KEY", "AUDIENCE_LABS_API_URL"],
    baseUrlVariable: "AUDIENCE_LABS_API_URL",
    probe: probe(AudienceLabs.fromEnv, AudienceLabs.AudienceLabsClient)
  },
  {
    name: EmailBison.EmailBison.healthCheckName,
    markers: ["EMAILBISON_API_KEY", "EMAILBISON_API_URL"],
    baseUrlVariable: "EMAILBISON_API_URL",
    probe: probe(EmailBison.fromEnv, EmailBison.EmailBisonClient)
  },
  {
    name: LlamaParseClient.LlamaParse.healthCheckName,
    markers: ["LLAMA_CLOUD_API_KEY"],
    baseUrlVariable: "LLAMA_CLOUD_BASE_URL",
    probe: probe(LlamaParseClient.fromEnv, LlamaParseClient.LlamaParseClient)
  },
  {
    name: VertexAIClient.VertexAI.healthCheckName,
    markers: ["GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT"],
    baseUrlVariable: "VERTEX_AI_BASE_URL",
    probe: probe(VertexAIClient.fromEnv, VertexAIClient.VertexAIClient)
  },
  {
    name: GeminiClient.Gemini.healthCheckName,
    markers: ["GEMINI_API_KEY"],
    baseUrlVariable: "GEMINI_BASE_URL",
    probe: probe(GeminiClient.fromEnv, GeminiClient.GeminiClient)
  },
  {
    name: GoogleMapsClient.GoogleMaps.healthCheckName,
    markers: ["GOOGLE_MAPS_API_KEY"],
    baseUrlVariable: "GOOGLE_MAPS_BASE_URL",
    probe: probe(GoogleMapsClient.fromEnv, GoogleMapsClient.GoogleMapsClient)
  },
  {
    name: MapboxClient.Mapbox.healthCheckName,
    markers: ["MAPBOX_ACCESS_TOKEN"],
    baseUrlVariable: "MAPBOX_BASE_URL",
    probe: probe(MapboxClient.fromEnv, MapboxClient.MapboxClient)
  },
  {
    name: FirecrawlClient.Firecrawl.healthCheckName,
    markers: ["FIRECRAWL_API_KEY"],
    baseUrlVariable: "FIRECRAWL_API_URL",
    probe: probe(FirecrawlClient.fromEnv, FirecrawlClient.FirecrawlClient)
  },
  {
    name: LemlistClient.Lemlist.healthCheckName,
    markers: ["LEMLIST_API_KEY"],
    baseUrlVariable: "LEMLIST_BASE_URL",
    probe: probe(LemlistClient.fromEnv, LemlistClient.LemlistClient)
  },
  {
    name: ExploriumClient.Explorium.healthCheckName,
    markers: ["EXPLORIUM_API_KEY"],
    baseUrlVariable: "EXPLORIUM_BASE_URL",
    probe: probe(ExploriumClient.fromEnv, ExploriumClient.ExploriumClient)
  },
  {
    name: MillionVerifierClient.MillionVerifier.healthCheckName,
    markers: ["MILLIONVERIFIER_API_KEY"],
    baseUrlVariable: "MILLIONVERIFIER_BASE_URL",
    probe: probe(MillionVerifierClient.fromEnv, MillionVerifierClient.MillionVerifierClient)
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
