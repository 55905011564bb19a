/**
 * The floor: raw `undici.request()` through an `Agent`, reading and parsing the JSON body, nothing else.
 *
 * @since 0.1.0
 */
import { Agent } from "undici"
import * as Fixtures from "../fixtures.js"
import type { Vendor } from "../harness/jobs.js"
import { type Driver, promiseLoad } from "../harness/load.js"

/**
 * @since 0.1.0
 * @category Drivers
 */
export const make = (vendor: Vendor, port: number): Driver => {
  const agent = new Agent()
  const origin = `http://127.0.0.1:${port}`
  const authorization = `Bearer ${Fixtures.apiKey}`
  const customerPath = `/v1/customers/${Fixtures.customerId}`
  const send = vendor === "stripe"
    ? () => agent.request({ origin, path: customerPath, method: "GET", headers: { authorization } })
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
