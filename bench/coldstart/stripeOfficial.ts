/**
 * Cold start, official: `import Stripe from "stripe"`, one `customers.retrieve`, done.
 *
 * @since 0.1.0
 */
import Stripe from "stripe"
import * as Fixtures from "../fixtures.js"
import { done, expectId, fail, port } from "./exit.js"

const stripe = new Stripe(Fixtures.apiKey, { host: "127.0.0.1", port: port(), protocol: "http" })

stripe.customers.retrieve(Fixtures.customerId).then((customer) => {
  expectId(customer, Fixtures.customerId)
  done()
}).catch(fail)
