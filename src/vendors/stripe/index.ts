/**
 * `effect-integrations/stripe`: the Stripe client, its Schemas, error details, webhook events, form encoding, and the
 * parameters of each resource.
 *
 * @since 0.1.0
 */
export * as StripeCheckoutSessions from "./resources/CheckoutSessions.js"
export * as StripeClient from "./StripeClient.js"
export * as StripeCustomers from "./resources/Customers.js"
export * as StripeError from "./StripeError.js"
export * as StripeEvents from "./StripeEvents.js"
export * as StripeForm from "./StripeForm.js"
export * as StripePaymentIntents from "./resources/PaymentIntents.js"
export * as StripeRefunds from "./resources/Refunds.js"
export * as StripeSchemas from "./StripeSchemas.js"
export * as StripeSubscriptions from "./resources/Subscriptions.js"
