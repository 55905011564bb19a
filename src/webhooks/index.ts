/**
 * effect-integrations/webhooks: verify inbound webhooks (Standard Webhooks, Stripe, GitHub, Slack, Twilio, HubSpot,
 * Shopify, Cal.com, Retell, GoHighLevel, LlamaCloud, Firecrawl, WAHA; Postmark's Basic-auth credentials, which sign nothing), guard against replays, decode typed
 * events and serve them over HTTP.
 *
 * @since 0.1.0
 */
export * as CalComWebhook from "./schemes/CalCom.js"
export * as FirecrawlWebhook from "./schemes/Firecrawl.js"
export * as GitHubWebhook from "./schemes/GitHub.js"
export * as GoHighLevelWebhook from "./schemes/GoHighLevel.js"
export * as HubSpotWebhook from "./schemes/HubSpot.js"
export * as LlamaCloudWebhook from "./schemes/LlamaCloud.js"
export * as PostmarkBasicAuth from "./schemes/PostmarkBasicAuth.js"
export * as ReplayGuard from "./ReplayGuard.js"
export * as RetellWebhook from "./schemes/Retell.js"
export * as ShopifyWebhook from "./schemes/Shopify.js"
export * as SlackWebhook from "./schemes/Slack.js"
export * as StandardWebhooks from "./schemes/StandardWebhooks.js"
export * as StripeWebhook from "./schemes/Stripe.js"
export * as TwilioWebhook from "./schemes/Twilio.js"
export * as WahaWebhook from "./schemes/Waha.js"
export * as WebhookError from "./WebhookError.js"
export * as WebhookEvents from "./WebhookEvents.js"
export * as WebhookExpress from "./WebhookExpress.js"
export * as WebhookHttp from "./WebhookHttp.js"
export * as Webhooks from "./Webhooks.js"
export * as WebhookScheme from "./WebhookScheme.js"
export * as WebhookWeb from "./WebhookWeb.js"
