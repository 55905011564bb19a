/**
 * The floor: raw `undici.request()` through an `Agent`, reading and parsing the JSON body, nothing else. The Stripe
 * create sends the same form body with an `Idempotency-Key` of its own per call, as the clients do; bodies are encoded
 * per call, as the clients encode theirs.
 *
 * @since 0.1.0
 */
import * as NodeCrypto from "node:crypto"
import { Agent } from "undici"
import * as Fixtures from "../fixtures.js"
import type { Operation } from "../harness/jobs.js"
import { type Driver, promiseLoad } from "../harness/load.js"

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (operation: Operation, port: number): Driver => {
  const agent = new Agent()
  const origin = `http://127.0.0.1:${port}`
  const authorization = `Bearer ${Fixtures.apiKey}`
  const customerPath = `/v1/customers/${Fixtures.customerId}`
  const send = operation === "stripe.retrieve"
    ? () => agent.request({ origin, path: customerPath, method: "GET", headers: { authorization } })
    : operation === "stripe.create"
    ? () =>
      agent.request({
        origin,
        path: "/v1/customers",
        method: "POST",
        headers: {
          authorization,
          "content-type": "application/x-www-form-urlencoded",
          "idempotency-key": NodeCrypto.randomUUID()
        },
        body: new URLSearchParams(Fixtures.customerCreate).toString()
      })
    : () =>
      agent.request({
        origin,
        path: "/v1/chat/completions",
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(Fixtures.chatRequest)
      })
  const call = async () => {
    const response = await send()
    const body: unknown = await response.body.json()
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`)
    return body
  }
  return { run: (calls, concurrency) => promiseLoad(call, calls, concurrency), close: () => agent.close() }
}
