/**
 * effect-integrations/webhooks: verify inbound webhooks (Standard Webhooks, Stripe, GitHub, Slack, Twilio, HubSpot,
 * Shopify, Cal.com, Retell, WAHA), guard against replays, decode typed events and serve them over HTTP.
 *
 * @since 0.1.0
 */
export * as CalCom from "./schemes/CalCom.js"
export * as GitHub from "./schemes/GitHub.js"
export * as HubSpot from "./schemes/HubSpot.js"
export * as ReplayGuard from "./ReplayGuard.js"
export * as Retell from "./schemes/Retell.js"
export * as Shopify from "./schemes/Shopify.js"
export * as Slack from "./schemes/Slack.js"
export * as StandardWebhooks from "./schemes/StandardWebhooks.js"
export * as Stripe from "./schemes/Stripe.js"
export * as Twilio from "./schemes/Twilio.js"
export * as Waha from "./schemes/Waha.js"
export * as WebhookError from "./WebhookError.js"
export * as WebhookEvents from "./WebhookEvents.js"
export * as WebhookExpress from "./WebhookExpress.js"
export * as WebhookHttp from "./WebhookHttp.js"
export * as Webhooks from "./Webhooks.js"
export * as WebhookScheme from "./WebhookScheme.js"
export * as WebhookWeb from "./WebhookWeb.js"
