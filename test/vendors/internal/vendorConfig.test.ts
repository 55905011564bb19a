import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import type * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as IntegrationConfig from "../../../src/core/IntegrationConfig.js"
import * as AnthropicClient from "../../../src/vendors/anthropic/AnthropicClient.js"
import * as CalComClient from "../../../src/vendors/calcom/CalComClient.js"
import * as Clay from "../../../src/vendors/enrichment/Clay.js"
import * as GoHighLevelClient from "../../../src/vendors/gohighlevel/GoHighLevelClient.js"
import * as FirecrawlClient from "../../../src/vendors/firecrawl/FirecrawlClient.js"
import * as HubSpotClient from "../../../src/vendors/hubspot/HubSpotClient.js"
import * as HubSpotOAuth from "../../../src/vendors/hubspot/HubSpotOAuth.js"
import * as LlamaParseClient from "../../../src/vendors/llamaparse/LlamaParseClient.js"
import * as LemlistClient from "../../../src/vendors/lemlist/LemlistClient.js"
import * as ExploriumClient from "../../../src/vendors/explorium/ExploriumClient.js"
import * as MillionVerifierClient from "../../../src/vendors/millionverifier/MillionVerifierClient.js"
import * as GroqClient from "../../../src/vendors/openai/GroqClient.js"
import * as OpenAIClient from "../../../src/vendors/openai/OpenAIClient.js"
import * as ApolloClient from "../../../src/vendors/apollo/ApolloClient.js"
import * as PhantomBusterClient from "../../../src/vendors/phantombuster/PhantomBusterClient.js"
import * as PostmarkClient from "../../../src/vendors/postmark/PostmarkClient.js"
import * as GoogleMapsClient from "../../../src/vendors/google-maps/GoogleMapsClient.js"
import * as MapboxClient from "../../../src/vendors/mapbox/MapboxClient.js"
import * as ResendClient from "../../../src/vendors/resend/ResendClient.js"
import * as RetellClient from "../../../src/vendors/retell/RetellClient.js"
import * as StripeClient from "../../../src/vendors/stripe/StripeClient.js"
import * as TavilyClient from "../../../src/vendors/tavily/TavilyClient.js"
import * as TwilioClient from "../../../src/vendors/twilio/TwilioClient.js"
import * as GeminiClient from "../../../src/vendors/vertex/GeminiClient.js"
import * as VertexAIClient from "../../../src/vendors/vertex/VertexAIClient.js"
import * as WahaClient from "../../../src/vendors/waha/WahaClient.js"
import * as StubHttp from "../../support/StubHttp.js"
import * as NodeCrypto from "node:crypto"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"

/** A service-account key file for `GOOGLE_APPLICATION_CREDENTIALS`, written once for this file. */
const vertexKeyFile = (() => {
  const path = NodePath.join(NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "vertex-config-")), "key.json")
  const key = NodeCrypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" })
  NodeFs.writeFileSync(path, JSON.stringify({ type: "service_account", client_email: "a@p.iam.gserviceaccount.com", private_key: key.toString() }))
  return path
})()

type FromEnv = Config.Config<Layer.Layer<never, ConfigError.ConfigError, HttpClient.HttpClient>>

/** Every vendor's environment: the layer, its base URL variable, and the other variables it requires. */
const vendors: ReadonlyArray<readonly [FromEnv, string, ReadonlyArray<readonly [string, string]>]> = [
  [StripeClient.fromEnv, "STRIPE_BASE_URL", [["STRIPE_API_KEY", "sk_test_x"]]],
  [OpenAIClient.fromEnv, "OPENAI_BASE_URL", [["OPENAI_API_KEY", "sk-x"]]],
  [GroqClient.fromEnv, "GROQ_BASE_URL", [["GROQ_API_KEY", "gsk_x"]]],
  [AnthropicClient.fromEnv, "ANTHROPIC_BASE_URL", [["ANTHROPIC_API_KEY", "sk-ant-x"]]],
  [ResendClient.fromEnv, "RESEND_BASE_URL", [["RESEND_API_KEY", "re_x"]]],
  [
    TwilioClient.fromEnv,
    "TWILIO_BASE_URL",
    [["TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000000"], ["TWILIO_AUTH_TOKEN", "token"]]
  ],
  [HubSpotClient.fromEnv, "HUBSPOT_BASE_URL", [["HUBSPOT_ACCESS_TOKEN", "pat-x"]]],
  [CalComClient.fromEnv, "CAL_BASE_URL", [["CAL_API_KEY", "cal_x"]]],
  [TavilyClient.fromEnv, "TAVILY_BASE_URL", [["TAVILY_API_KEY", "tvly-x"]]],
  [PostmarkClient.fromEnv, "POSTMARK_BASE_URL", [["POSTMARK_SERVER_TOKEN", "00000000-0000-4000-8000-000000000000"]]],
  [ApolloClient.fromEnv, "APOLLO_BASE_URL", [["APOLLO_API_KEY", "apollo_x"]]],
  [PhantomBusterClient.fromEnv, "PHANTOMBUSTER_BASE_URL", [["PHANTOMBUSTER_API_KEY", "pb_x"]]],
  [GoHighLevelClient.fromEnv, "GHL_BASE_URL", [["GHL_API_KEY", "pit-x"]]],
  [LlamaParseClient.fromEnv, "LLAMA_CLOUD_BASE_URL", [["LLAMA_CLOUD_API_KEY", "llx-x"]]],
  [VertexAIClient.fromEnv, "VERTEX_AI_BASE_URL", [["GOOGLE_APPLICATION_CREDENTIALS", vertexKeyFile], ["GOOGLE_CLOUD_PROJECT", "acme-prod"]]],
  [GeminiClient.fromEnv, "GEMINI_BASE_URL", [["GEMINI_API_KEY", "AIza-x"]]],
  [GoogleMapsClient.fromEnv, "GOOGLE_MAPS_BASE_URL", [["GOOGLE_MAPS_API_KEY", "AIza_x"]]],
  [MapboxClient.fromEnv, "MAPBOX_BASE_URL", [["MAPBOX_ACCESS_TOKEN", "pk.x"]]],
  [FirecrawlClient.fromEnv, "FIRECRAWL_API_URL", [["FIRECRAWL_API_KEY", "fc-x"]]],
  [LemlistClient.fromEnv, "LEMLIST_BASE_URL", [["LEMLIST_API_KEY", "lemlist_x"]]],
  [ExploriumClient.fromEnv, "EXPLORIUM_BASE_URL", [["EXPLORIUM_API_KEY", "explorium_x"]]],
  [MillionVerifierClient.fromEnv, "MILLIONVERIFIER_BASE_URL", [["MILLIONVERIFIER_API_KEY", "mv_x"]]],
  [RetellClient.fromEnv, "RETELL_BASE_URL", [["RETELL_API_KEY", "key_x"]]]
  // WAHA is self-hosted: its WAHA_BASE_URL is required, not an override (test/vendors/waha/WahaClient.test.ts).
]

const BAD_URLS = ["not a url", "ftp://files.example.com", "https://user:hunter2@api.example.com", "https://api.example.com?k=1"]

const build = (config: FromEnv, env: ReadonlyArray<readonly [string, string]>) =>
  Effect.gen(function*() {
    const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
    return yield* Layer.build(IntegrationConfig.layer(config)).pipe(
      Effect.provide(stub.layer),
      Effect.withConfigProvider(ConfigProvider.fromMap(new Map(env)))
    )
  })

describe("vendor base URLs", () => {
  describe("from the environment: a malformed one is a ConfigError naming the variable, with every other problem", () => {
    for (const [config, variable, required] of vendors) {
      for (const url of BAD_URLS) {
        it.scoped(`${variable}=${JSON.stringify(url)}`, () =>
          Effect.gen(function*() {
            // Without its required variables: both problems come back together.
            const alone = yield* Effect.flip(build(config, [[variable, url]]))
            const problems = IntegrationConfig.problems(alone)
            expect(problems.map((p) => [p.key, p.kind])).toContainEqual([variable, "Invalid"])
            expect(problems.map((p) => p.kind)).toContain("Missing")
            // With them: the URL alone is reported, by name, never by value.
            const error = yield* Effect.flip(build(config, [...required, [variable, url]]))
            expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([[variable, "Invalid"]])
            expect(IntegrationConfig.format(error)).not.toContain("hunter2")
          }))
      }
      it.scoped(`${variable} unset or empty means the vendor's public API`, () =>
        Effect.gen(function*() {
          yield* build(config, required)
          yield* build(config, [...required, [variable, ""]])
          yield* build(config, [...required, [variable, "http://127.0.0.1:4010/v1"]])
        }))
    }
  })

  describe("in code: make fails with a ConfigError naming the vendor's baseUrl, never quoting it", () => {
    const apiKey = Redacted.make("sk_test_x")
    const makes: ReadonlyArray<
      readonly [string, (baseUrl: string) => Effect.Effect<unknown, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>]
    > = [
      ["Stripe.baseUrl", (baseUrl) => StripeClient.make({ apiKey, baseUrl })],
      ["OpenAI.baseUrl", (baseUrl) => OpenAIClient.make({ apiKey, baseUrl })],
      ["Together.baseUrl", (baseUrl) => OpenAIClient.makeCompatible({ apiKey, baseUrl, vendor: "Together" })],
      ["Groq.baseUrl", (baseUrl) => GroqClient.make({ apiKey, baseUrl })],
      ["Anthropic.baseUrl", (baseUrl) => AnthropicClient.make({ apiKey, baseUrl })],
      ["Resend.baseUrl", (baseUrl) => ResendClient.make({ apiKey, baseUrl })],
      [
        "Twilio.baseUrl",
        (baseUrl) => TwilioClient.make({ accountSid: "AC00000000000000000000000000000000", authToken: apiKey, baseUrl })
      ],
      ["HubSpot.baseUrl", (baseUrl) => HubSpotClient.make({ accessToken: apiKey, baseUrl })],
      ["CalCom.baseUrl", (baseUrl) => CalComClient.make({ apiKey, baseUrl })],
      ["Tavily.baseUrl", (baseUrl) => TavilyClient.make({ apiKey, baseUrl })],
      ["Postmark.baseUrl", (baseUrl) => PostmarkClient.make({ serverToken: apiKey, baseUrl })],
      ["Apollo.baseUrl", (baseUrl) => ApolloClient.make({ apiKey, baseUrl })],
      ["PhantomBuster.baseUrl", (baseUrl) => PhantomBusterClient.make({ apiKey, baseUrl })],
      ["GoHighLevel.baseUrl", (baseUrl) => GoHighLevelClient.make({ apiKey, baseUrl })],
      ["Clay.baseUrl", (baseUrl) => Clay.make({ apiKey, baseUrl })],
      ["LlamaParse.baseUrl", (baseUrl) => LlamaParseClient.make({ apiKey, baseUrl })],
      ["Gemini.baseUrl", (baseUrl) => GeminiClient.make({ apiKey, baseUrl })],
      [
        "VertexAI.baseUrl",
        (baseUrl) =>
          VertexAIClient.make({ credentials: { get: Effect.succeed(apiKey), refresh: () => Effect.succeed(apiKey) }, project: "acme-prod", location: "us-central1", baseUrl })
      ],
      ["GoogleMaps.baseUrl", (baseUrl) => GoogleMapsClient.make({ apiKey, baseUrl })],
      ["Mapbox.baseUrl", (baseUrl) => MapboxClient.make({ accessToken: apiKey, baseUrl })],
      ["Firecrawl.baseUrl", (baseUrl) => FirecrawlClient.make({ apiKey, baseUrl })],
      ["Lemlist.baseUrl", (baseUrl) => LemlistClient.make({ apiKey, baseUrl })],
      ["Explorium.baseUrl", (baseUrl) => ExploriumClient.make({ apiKey, baseUrl })],
      ["MillionVerifier.baseUrl", (baseUrl) => MillionVerifierClient.make({ apiKey, baseUrl })],
      ["Retell.baseUrl", (baseUrl) => RetellClient.make({ apiKey, baseUrl })],
      ["WAHA.baseUrl", (baseUrl) => WahaClient.make({ apiKey, baseUrl })],
      [
        "HubSpot.baseUrl",
        (tokenBaseUrl) =>
          HubSpotOAuth.makeWithDefaultStore({ clientId: "id", clientSecret: apiKey, redirectUri: "https://app.test/cb", tokenBaseUrl })
      ]
    ]
    for (const [setting, make] of makes) {
      it.scoped(setting, () =>
        Effect.gen(function*() {
          const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
          for (const url of BAD_URLS) {
            const error = yield* Effect.flip(make(url).pipe(Effect.provide(stub.layer)))
            expect(ConfigError.isConfigError(error)).toBe(true)
            expect(IntegrationConfig.problems(error).map((p) => [p.key, p.kind])).toEqual([[setting, "Invalid"]])
            expect(String(error)).not.toContain("hunter2")
          }
          expect(yield* stub.requests).toHaveLength(0)
        }))
    }
  })

  describe("in code: a vendor's policy and stream options are checked by make, named under the vendor", () => {
    const apiKey = Redacted.make("sk_test_x")
    const makes: ReadonlyArray<
      readonly [string, Effect.Effect<unknown, ConfigError.ConfigError, HttpClient.HttpClient | Scope.Scope>]
    > = [
      ["Stripe.policy.timeout", StripeClient.make({ apiKey, policy: { timeout: -1000 } })],
      ["Twilio.policy.maxRetries", TwilioClient.make({ accountSid: "AC00000000000000000000000000000000", authToken: apiKey, policy: { maxRetries: -1 } })],
      ["Resend.policy.maxResponseBytes", ResendClient.make({ apiKey, policy: { maxResponseBytes: 0 } })],
      ["CalCom.policy.jitter", CalComClient.make({ apiKey, policy: { jitter: 3 } })],
      ["Tavily.rateLimit.limit", TavilyClient.make({ apiKey, rateLimit: { ...TavilyClient.rateLimits.development, limit: 0 } })],
      ["GoogleMaps.policy.timeout", GoogleMapsClient.make({ apiKey, policy: { timeout: 0 } })],
      ["Mapbox.policy.maxRetries", MapboxClient.make({ accessToken: apiKey, policy: { maxRetries: -1 } })],
      ["Firecrawl.policy.timeout", FirecrawlClient.make({ apiKey, policy: { timeout: -1 } })],
      ["HubSpot.rateLimit.limit", HubSpotClient.make({ accessToken: apiKey, rateLimit: { limit: 0, window: "10 seconds" } })],
      ["GoHighLevel.policy.timeout", GoHighLevelClient.make({ apiKey, policy: { timeout: -1 } })],
      ["Clay.policy.maxRetries", Clay.make({ apiKey, baseUrl: "https://clay.example.test", policy: { maxRetries: -2 } })],
      ["OpenAI.policy.deadline", OpenAIClient.make({ apiKey, policy: { deadline: 0 } })],
      ["OpenAI.streamIdleTimeout", OpenAIClient.make({ apiKey, streamIdleTimeout: -1 })],
      ["Groq.streamIdleTimeout", GroqClient.make({ apiKey, streamIdleTimeout: "banana" as "1 second" })],
      ["Anthropic.streamIdleTimeout", AnthropicClient.make({ apiKey, streamIdleTimeout: 0 })],
      ["Postmark.policy.timeout", PostmarkClient.make({ serverToken: apiKey, policy: { timeout: -1 } })],
      ["Apollo.rateLimit.limit", ApolloClient.make({ apiKey, rateLimit: { limit: 0, window: "1 minute" } })],
      ["PhantomBuster.policy.maxRetries", PhantomBusterClient.make({ apiKey, policy: { maxRetries: -1 } })],
      ["LlamaParse.maxUploadBytes", LlamaParseClient.make({ apiKey, maxUploadBytes: 0.5 })],
      ["Lemlist.rateLimit.limit", LemlistClient.make({ apiKey, rateLimit: { limit: 0, window: "2 seconds" } })],
      ["Explorium.policy.timeout", ExploriumClient.make({ apiKey, policy: { timeout: -1 } })],
      ["Retell.policy.timeout", RetellClient.make({ apiKey, policy: { timeout: 0 } })],
      ["WAHA.policy.maxRetries", WahaClient.make({ apiKey, baseUrl: "http://127.0.0.1:3000", policy: { maxRetries: -1 } })]
    ]
    for (const [setting, make] of makes) {
      it.scoped(setting, () =>
        Effect.gen(function*() {
          const stub = yield* StubHttp.make(() => StubHttp.json(200, {}))
          const error = yield* Effect.flip(make.pipe(Effect.provide(stub.layer)))
          expect(IntegrationConfig.problems(error).map((p) => p.key)).toEqual([setting])
        }))
    }
  })
})
