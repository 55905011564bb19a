/**
 * Our Stripe `customers.retrieve` for the memory benchmark: the same kernel pipeline StripeClient builds (retry,
 * timeout, breaker, retry budget, Schema decoding, tracing on), with the bulkhead off. StripeClient's default bulkhead
 * admits 100 calls and queues 1,000, so it would refuse most of 10,000 simultaneous calls instead of holding them.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Credentials from "../../src/core/Credentials.js"
import * as HttpIntegration from "../../src/core/HttpIntegration.js"
import * as StripeClient from "../../src/vendors/stripe/StripeClient.js"
import * as StripeError from "../../src/vendors/stripe/StripeError.js"
import * as StripeSchemas from "../../src/vendors/stripe/StripeSchemas.js"
import * as Fixtures from "../fixtures.js"
import type { Driver } from "../harness/load.js"
import * as Ours from "./ours.js"

class Retrieve extends Context.Tag("bench/Retrieve")<Retrieve, HttpIntegration.Operation<string, StripeSchemas.Customer>>() {}

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (port: number): Promise<Driver> =>
  Ours.driver(
    Retrieve,
    Layer.scoped(
      Retrieve,
      Effect.map(
        HttpIntegration.make({
          vendor: "Stripe",
          baseUrl: `http://127.0.0.1:${port}`,
          auth: HttpIntegration.bearer(Credentials.fixed(Redacted.make(Fixtures.apiKey))),
          headers: { "stripe-version": StripeClient.DEFAULT_API_VERSION },
          idempotencyHeader: "Idempotency-Key",
          requestIdHeaders: ["request-id"],
          refineError: StripeError.refineError,
          policy: StripeClient.defaultPolicy,
          bulkhead: false
        }),
        (http) =>
          http.operation({
            name: "customers.retrieve",
            method: "GET",
            input: Schema.String,
            output: StripeSchemas.Customer,
            request: (id) => ({ path: `/v1/customers/${encodeURIComponent(id)}` })
          })
      )
    ),
    (retrieve) => retrieve(Fixtures.customerId)
  )
