/**
 * The demo's durable vendor calls: the welcome e-mail (Resend) and the Stripe customer of each lead, enqueued by the
 * workflow in the transaction that records the lead and run by a durable worker, in this process or (with `--crash`)
 * in a child process the demo kills and restarts. Both vendors honour idempotency keys, so a call repeated after a
 * crash acts once.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as CircuitBreaker from "../../core/CircuitBreaker.js"
import * as Durable from "../../outbox/Durable.js"
import * as ResendClient from "../../vendors/resend/ResendClient.js"
import * as ResendSchemas from "../../vendors/resend/ResendSchemas.js"
import * as StripeClient from "../../vendors/stripe/StripeClient.js"
import * as StripeCustomers from "../../vendors/stripe/resources/Customers.js"
import * as App from "./App.js"

/** Seconds, not the production hours: a call the chaos keeps failing is tried again, or given up, within the run. */
const schedule: Durable.ScheduleInput = { initialDelay: "100 millis", maxDelay: "1 second", maxAttempts: 10, giveUpAfter: "2 minutes" }

/**
 * @since 0.3.0
 * @category Operations
 */
export const welcomeEmail = Durable.operation({
  name: "demo.resend.emails.send",
  input: ResendSchemas.SendEmailParams,
  output: ResendSchemas.SendEmailResponse,
  idempotencyKeys: true,
  call: Durable.method(ResendClient.ResendClient, (resend) => resend.emails.send),
  schedule
})

/**
 * The result keeps the customer's id only: the workflow charges that customer.
 *
 * @since 0.3.0
 * @category Operations
 */
export const stripeCustomer = Durable.operation({
  name: "demo.stripe.customers.create",
  input: StripeCustomers.CreateParams,
  output: Schema.Struct({ id: Schema.String }),
  idempotencyKeys: true,
  call: Durable.method(StripeClient.StripeClient, (stripe) => stripe.customers.create),
  schedule
})

/**
 * @since 0.3.0
 * @category Operations
 */
export const registry = Durable.registry(welcomeEmail, stripeCustomer)

/**
 * Worker settings: a short poll so a lead waiting for its customer is not held up, and a short lease so the calls a
 * killed worker held are taken over within seconds.
 *
 * @since 0.3.0
 * @category Constants
 */
export const workerOptions: Durable.WorkerOptions = {
  pollInterval: "50 millis",
  lease: "3 seconds",
  concurrency: 8,
  gaugeInterval: "1 minute"
}

/**
 * Where the worker process finds the vendors.
 *
 * @since 0.3.0
 * @category Models
 */
export interface BaseUrls {
  readonly resend: string
  readonly stripe: string
}

/**
 * The Resend and Stripe clients a worker process runs the calls with: the demo app's settings, with breakers of its
 * own (a process does not share the demo's breaker store).
 *
 * @since 0.3.0
 * @category Layers
 */
export const vendorsLayer = (
  urls: BaseUrls
): Layer.Layer<ResendClient.ResendClient | StripeClient.StripeClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.merge(
    ResendClient.layer({ apiKey: App.keys.resend, baseUrl: urls.resend, policy: App.policy }),
    StripeClient.layer({ apiKey: App.keys.stripe, baseUrl: urls.stripe, policy: App.policy })
  ).pipe(Layer.provide(Layer.effect(CircuitBreaker.CircuitBreakerStore, CircuitBreaker.makeMemoryStore)))
