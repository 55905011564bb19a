/**
 * The outbox's ceiling: a plain POST loop with the same receiver (`node:http` in the same process answering 204), the
 * same concurrency and a body of the same size, but no store, no signing and no bookkeeping. Deliveries per second of
 * the outbox divided by this is the share of the raw HTTP rate the outbox keeps.
 *
 * @since 0.1.0
 */
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import { Agent } from "undici"
import type { Job } from "./harness/jobs.js"
import { promiseLoad } from "./harness/load.js"

type CeilingJob = Extract<Job, { readonly kind: "ceiling" }>

const listen = (): Promise<{ readonly server: NodeHttp.Server; readonly port: number }> =>
  new Promise((resolve) => {
    const server = NodeHttp.createServer((req, res) => {
      req.resume()
      req.on("end", () => {
        res.writeHead(204)
        res.end()
      })
    })
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as NodeNet.AddressInfo).port }))
  })

/**
 * Runs the ceiling job in this process.
 *
 * @since 0.1.0
 * @category Benchmarks
 */
export const run = async (job: CeilingJob): Promise<{ figures: Record<string, number>; notes: Array<string> }> => {
  const { port, server } = await listen()
  const agent = new Agent()
  const origin = `http://127.0.0.1:${port}`
  let n = 0
  const post = async () => {
    n++
    // The envelope the outbox sends for bench/outbox.ts's events: id, type, timestamp and a 200-character payload.
    const body = JSON.stringify({
      id: `bench_${n}`,
      type: "bench.event",
      timestamp: new Date().toISOString(),
      data: { n, data: "x".repeat(200) }
    })
    const response = await agent.request({
      origin,
      path: "/hook",
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": `bench_${n}`,
        "webhook-timestamp": String(Math.floor(Date.now() / 1000)),
        "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="
      },
      body
    })
    await response.body.dump()
    if (response.statusCode !== 204) throw new Error(`HTTP ${response.statusCode}`)
  }
  await promiseLoad(post, Math.min(500, job.messages), job.concurrency)
  const started = performance.now()
  const outcome = await promiseLoad(post, job.messages, job.concurrency)
  const seconds = (performance.now() - started) / 1000
  await agent.close()
  server.closeAllConnections()
  server.close()
  return {
    figures: { messages: job.messages, failures: outcome.failures, delivered_per_sec: job.messages / seconds },
    notes: outcome.failures > 0 ? [`${outcome.failures} POSTs failed; first: ${outcome.firstFailure}`] : []
  }
}
