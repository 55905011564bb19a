/**
 * The target server, run as its own process (forked by the harness) so the client under test keeps a core to itself.
 * It answers the Stripe customer routes (`GET /v1/customers/{id}`, `POST /v1/customers`) and the OpenAI chat completion
 * route with fixed bodies, and reports its own CPU time and how many requests it holds on `GET /__stats`.
 *
 * For the memory benchmark, `GET /__hold` makes it hold every answer until `GET /__release`: the client starts its
 * calls, waits until `pending` reaches their number, measures, then releases them all at once.
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
  /** Answers held right now (only while holding). */
  readonly pending: number
  readonly maxPending: number
  readonly served: number
}

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

const route = (method: string | undefined, url: string) => {
  if (method === "GET" && url.startsWith("/v1/customers/")) return customer
  if (method === "POST" && (url === "/v1/customers" || url.startsWith("/v1/customers?"))) return customer
  if (method === "POST" && url.startsWith("/v1/chat/completions")) return completion
  return undefined
}

let holding = false
const held: Array<() => void> = []
let maxPending = 0
let served = 0

const json = (res: NodeHttp.ServerResponse, body: unknown) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify(body))
}

const control = (url: string, res: NodeHttp.ServerResponse) => {
  if (url.startsWith("/__stats")) {
    const cpu = process.cpuUsage()
    const body: Stats = { cpuMicros: cpu.user + cpu.system, pending: held.length, maxPending, served }
    if (url.includes("reset")) maxPending = held.length
    return json(res, body)
  }
  if (url === "/__hold") {
    holding = true
    return json(res, { holding })
  }
  if (url === "/__release") {
    holding = false
    const released = held.splice(0, held.length)
    for (const send of released) send()
    return json(res, { released: released.length })
  }
  res.writeHead(404).end()
}

const server = NodeHttp.createServer((req, res) => {
  const url = req.url ?? "/"
  req.resume()
  req.on("end", () => {
    if (url.startsWith("/__")) return control(url, res)
    const answer = route(req.method, url)
    if (answer === undefined) {
      res.writeHead(404).end()
      return
    }
    served++
    if (!holding) return answer(res)
    held.push(() => answer(res))
    if (held.length > maxPending) maxPending = held.length
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
