/**
 * Our Stripe `customers.retrieve` for the memory benchmark, with the bulkhead raised to admit every held call.
 * `StripeClient.layer` has no bulkhead option (its default admits 100 calls and queues 1,000), so this builds the same
 * pipeline from public parts: `HttpIntegration.make` with StripeClient's definition (vendor, auth, pinned version,
 * idempotency and request-id headers, error refinement, `defaultPolicy`) plus `bulkhead`, and the real customer
 * operations from `StripeCustomers.make`. Left out: the client's `observeResponse` hook (a span attribute when Stripe
 * replays an idempotent POST); changed: the per-attempt timeout, raised so that no held call times out.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Credentials, HttpIntegration } from "../../src/index.js"
import { StripeClient, StripeCustomers, StripeError } from "../../src/vendors/stripe/index.js"
import * as Fixtures from "../fixtures.js"
import type { Driver } from "../harness/load.js"
import * as Ours from "./ours.js"

class Customers extends Context.Tag("bench/Customers")<Customers, StripeCustomers.Api>() {}

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (port: number, options: { readonly maxConcurrent: number; readonly tracing: boolean }): Promise<Driver> =>
  Ours.driver(
    Customers,
    Layer.scoped(
      Customers,
      Effect.map(
        HttpIntegration.make({
          vendor: "Stripe",
          baseUrl: `http://127.0.0.1:${port}`,
          auth: HttpIntegration.bearer(Credentials.fixed(Redacted.make(Fixtures.apiKey))),
          headers: { "stripe-version": StripeClient.DEFAULT_API_VERSION },
          dialect: { idempotencyHeader: "Idempotency-Key", requestIdHeaders: ["request-id"], refineError: StripeError.refineError },
          // Every call waits until all are held (many seconds on a loaded machine); none may time out and retry meanwhile.
          policy: { ...StripeClient.defaultPolicy, timeout: "10 minutes" },
          bulkhead: { maxConcurrent: options.maxConcurrent, maxQueue: 0 }
        }),
        StripeCustomers.make
      )
    ),
    (customers) => customers.retrieve(Fixtures.customerId),
    { tracing: options.tracing }
  )
