/**
 * The target server, run as its own process (forked by the harness) so the client under test keeps a core to itself.
 * It answers the Stripe customer and OpenAI chat completion routes with fixed bodies, optionally after a delay, and
 * reports its own CPU time and how many requests it held at once on `GET /__stats`.
 *
 * @since 0.1.0
 */
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as Fixtures from "../fixtures.js"

/**
 * What the server sends its parent once it listens.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Ready {
  readonly port: number
}

/**
 * The answer of `GET /__stats`; `?reset` starts a new `maxPending` window.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Stats {
  readonly cpuMicros: number
  readonly pending: number
  readonly maxPending: number
  readonly served: number
}

const delayMs = Number(process.argv[2] ?? "0")

const reply = (body: unknown, requestIdHeader: string) => {
  const bytes = Buffer.from(JSON.stringify(body))
  return (res: NodeHttp.ServerResponse) => {
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": bytes.length,
      [requestIdHeader]: "req_bench"
    })
    res.end(bytes)
  }
}

const customer = reply(Fixtures.customer, "request-id")
const completion = reply(Fixtures.chatCompletion, "x-request-id")

let pending = 0
let maxPending = 0
let served = 0

const stats = (res: NodeHttp.ServerResponse, reset: boolean) => {
  const cpu = process.cpuUsage()
  const body: Stats = { cpuMicros: cpu.user + cpu.system, pending, maxPending, served }
  if (reset) maxPending = pending
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const server = NodeHttp.createServer((req, res) => {
  const url = req.url ?? "/"
  req.resume()
  req.on("end", () => {
    if (url.startsWith("/__stats")) return stats(res, url.includes("reset"))
    const answer = url.startsWith("/v1/customers/")
      ? customer
      : url.startsWith("/v1/chat/completions")
      ? completion
      : undefined
    if (answer === undefined) {
      res.writeHead(404).end()
      return
    }
    pending++
    served++
    if (pending > maxPending) maxPending = pending
    const send = () => {
      pending--
      answer(res)
    }
    if (delayMs > 0) setTimeout(send, delayMs)
    else send()
  })
})

// Clients keep connections alive between calls; the server must not close them first.
server.keepAliveTimeout = 120_000
server.headersTimeout = 125_000
server.requestTimeout = 0

server.listen({ port: 0, host: "127.0.0.1", backlog: 16_384 }, () => {
  const ready: Ready = { port: (server.address() as NodeNet.AddressInfo).port }
  process.send?.(ready)
})

process.on("disconnect", () => process.exit(0))
