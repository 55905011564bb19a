/**
 * The demo app's vendors: the SDK's real clients (the same layers an app uses) pointed at the vendor simulator, with
 * made-up keys of each vendor's shape kept `Redacted`, tighter backoff than production so a run fits in seconds, and
 * one shared circuit breaker store so the report can follow every breaker's transitions.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as CircuitBreaker from "../../core/CircuitBreaker.js"
import type * as HttpIntegration from "../../core/HttpIntegration.js"
import type * as VendorSimulator from "../../testing/VendorSimulator.js"
import * as AnthropicClient from "../../vendors/anthropic/AnthropicClient.js"
import * as CalComClient from "../../vendors/calcom/CalComClient.js"
import * as HubSpotClient from "../../vendors/hubspot/HubSpotClient.js"
import * as OpenAIClient from "../../vendors/openai/OpenAIClient.js"
import * as ResendClient from "../../vendors/resend/ResendClient.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as TwilioClient from "../../vendors/twilio/TwilioClient.js"
import * as WahaClient from "../../vendors/waha/WahaClient.js"

/**
 * The vendors of the demo: the simulator's name, the display name the kernel uses in spans, metrics and breaker keys,
 * and the order the report lists them in.
 *
 * @since 0.1.0
 * @category Constants
 */
export const vendors = [
  { id: "hubspot", name: "HubSpot" },
  { id: "resend", name: "Resend" },
  { id: "stripe", name: "Stripe" },
  { id: "twilio", name: "Twilio" },
  { id: "openai", name: "OpenAI" },
  { id: "anthropic", name: "Anthropic" },
  { id: "calcom", name: "CalCom" },
  { id: "waha", name: "WAHA" }
] as const

/**
 * @since 0.1.0
 * @category Models
 */
export type VendorId = typeof vendors[number]["id"]

/**
 * The demo account Twilio paths are built on.
 *
 * @since 0.1.0
 * @category Constants
 */
export const TWILIO_ACCOUNT = "AC00000000000000000000000000000de0"

/**
 * The demo's made-up keys of the vendors a durable worker process also calls.
 *
 * @since 0.3.0
 * @category Constants
 */
export const keys = {
  resend: Redacted.make("re_demo_not_a_real_key"),
  stripe: Redacted.make("sk_test_demo_not_a_real_key")
} as const

/**
 * Short backoff: production defaults wait up to minutes, a demo cannot. No fault in the plan holds a request for long
 * (the longest injected latency is 200 ms), so the per-attempt timeout only fires when the machine itself stalls; it is
 * generous so that a loaded machine does not retry requests the simulator already processed (a retried HubSpot upsert
 * counts as a repeated side effect).
 *
 * @since 0.3.0
 * @category Constants
 */
export const policy: HttpIntegration.PolicyInput = {
  timeout: "10 seconds",
  maxRetries: 3,
  baseDelay: "100 millis",
  maxDelay: "1 second",
  maxRetryAfter: "2 seconds"
}

/**
 * Every client the workflow uses, built against `simulator`. Their breakers keep state in `breakers`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  simulator: VendorSimulator.VendorSimulator.Service,
  breakers: CircuitBreaker.CircuitBreakerStore.Service
): Layer.Layer<
  | HubSpotClient.HubSpotClient
  | ResendClient.ResendClient
  | StripeClient.StripeClient
  | TwilioClient.TwilioClient
  | OpenAIClient.OpenAIClient
  | AnthropicClient.AnthropicClient
  | CalComClient.CalComClient
  | WahaClient.WahaClient,
  ConfigError.ConfigError,
  HttpClient.HttpClient
> =>
  Layer.mergeAll(
    HubSpotClient.layer({
      accessToken: Redacted.make("pat-na1-demo-0000-0000"),
      baseUrl: simulator.baseUrl("hubspot"),
      policy,
      // Paces calls to a demo quota; a 429's Retry-After pauses every caller at once.
      rateLimit: { limit: 8, window: "1 second" }
    }),
    ResendClient.layer({ apiKey: keys.resend, baseUrl: simulator.baseUrl("resend"), policy }),
    StripeClient.layer({ apiKey: keys.stripe, baseUrl: simulator.baseUrl("stripe"), policy }),
    TwilioClient.layer({
      accountSid: TWILIO_ACCOUNT,
      authToken: Redacted.make("demo_auth_token_not_real"),
      baseUrl: simulator.baseUrl("twilio"),
      policy
    }),
    // One retry only: while OpenAI is down the summary should move to Anthropic quickly rather than wait.
    OpenAIClient.layer({
      apiKey: Redacted.make("sk-demo-not-a-real-key"),
      baseUrl: simulator.baseUrl("openai"),
      policy: { ...policy, maxRetries: 1 }
    }),
    AnthropicClient.layer({ apiKey: Redacted.make("sk-ant-demo-not-a-real-key"), baseUrl: simulator.baseUrl("anthropic"), policy }),
    CalComClient.layer({ apiKey: Redacted.make("cal_demo_not_a_real_key"), baseUrl: simulator.baseUrl("calcom"), policy }),
    WahaClient.layer({ apiKey: Redacted.make("waha-demo-key"), baseUrl: simulator.baseUrl("waha"), policy })
  ).pipe(Layer.provide(Layer.succeed(CircuitBreaker.CircuitBreakerStore, breakers)))
