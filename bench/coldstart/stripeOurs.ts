/**
 * Cold start, ours: what a user's script does to make one Stripe call: import the Stripe entry and a transport
 * (`node` or `undici`, the second argument), build the layer, `customers.retrieve`, done.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { StripeClient } from "../../src/vendors/stripe/index.js"
import * as Fixtures from "../fixtures.js"
import { done, expectId, fail, port } from "./exit.js"
import * as Transport from "./transport.js"

const program = Effect.flatMap(StripeClient.StripeClient, (stripe) => stripe.customers.retrieve(Fixtures.customerId)).pipe(
  Effect.provide(StripeClient.layer({ apiKey: Redacted.make(Fixtures.apiKey), baseUrl: `http://127.0.0.1:${port()}` })),
  Effect.provide(await Transport.layer())
)

Effect.runPromise(program).then((customer) => {
  expectId(customer, Fixtures.customerId)
  done()
}).catch(fail)
