/**
 * The official `stripe` SDK (stripe-node) with its defaults, pointed at the local server over plain HTTP.
 *
 * @since 0.1.0
 */
import Stripe from "stripe"
import * as Fixtures from "../fixtures.js"
import { type Driver, promiseLoad } from "../harness/load.js"

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (port: number): Driver => {
  const stripe = new Stripe(Fixtures.apiKey, { host: "127.0.0.1", port, protocol: "http" })
  const call = () => stripe.customers.retrieve(Fixtures.customerId)
  return { run: (calls, concurrency) => promiseLoad(call, calls, concurrency), close: () => Promise.resolve() }
}
