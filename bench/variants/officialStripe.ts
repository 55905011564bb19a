/**
 * The official `stripe` SDK (stripe-node) with its defaults, pointed at the local server over plain HTTP. Creates carry
 * an idempotency key of their own per call, as ours does, so both do the same work.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import Stripe from "stripe"
import * as Fixtures from "../fixtures.js"
import type { Operation } from "../harness/jobs.js"
import { type Driver, promiseLoad } from "../harness/load.js"

/**
 * The client as the bench builds it everywhere (call overhead, memory).
 *
 * @since 0.1.0
 * @category Drivers
 */
export const client = (port: number): Stripe => new Stripe(Fixtures.apiKey, { host: "127.0.0.1", port, protocol: "http" })

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (operation: Exclude<Operation, "openai.chat">, port: number): Driver => {
  const stripe = client(port)
  const call = operation === "stripe.create"
    ? () => stripe.customers.create({ ...Fixtures.customerCreate }, { idempotencyKey: NodeCrypto.randomUUID() })
    : () => stripe.customers.retrieve(Fixtures.customerId)
  return { run: (calls, concurrency) => promiseLoad(call, calls, concurrency), close: () => Promise.resolve() }
}
