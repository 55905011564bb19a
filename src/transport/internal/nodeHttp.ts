/**
 * Requests over Node's own `node:http` / `node:https`: a whole exchange read within its byte limit (the kernel's direct
 * form), or an answer whose body is left to the caller as a stream. Nothing to load beyond Node itself, and no
 * WebAssembly parser to compile: what a short-lived process pays least for.
 */
import * as NodeHttp from "node:http"
import * as NodeHttps from "node:https"
import type { Exchanged, WireRequest, WireResponse } from "../../core/HttpTransport.js"
import { declaredLength } from "./body.js"
import { Aborted, Collecting } from "./collecting.js"
import type * as RequestBody from "./requestBody.js"
import type { Source } from "./source.js"

/** The keep-alive pools, one per scheme. */
export interface Agents {
  readonly http: NodeHttp.Agent
  readonly https: NodeHttps.Agent
}

/** Where an origin's requests go, parsed once per origin. */
interface Target {
  readonly request: typeof NodeHttp.request
  readonly secure: boolean
  readonly hostname: string
  readonly port: string
}

const targets = new Map<string, Target>()
const MAX_TARGETS = 1_000

const targetOf = (origin: string): Target => {
  const known = targets.get(origin)
  if (known !== undefined) return known
  const url = new URL(origin)
  const secure = url.protocol === "https:"
  if (!secure && url.protocol !== "http:") throw new TypeError(`unsupported protocol ${url.protocol}`)
  const target: Target = {
    request: secure ? NodeHttps.request : NodeHttp.request,
    secure,
    // `[::1]` in a URL, `::1` for the socket.
    hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port
  }
  if (targets.size >= MAX_TARGETS) targets.clear()
  targets.set(origin, target)
  return target
}

const start = (
  agents: Agents,
  outgoing: RequestBody.Outgoing,
  signal: AbortSignal | undefined,
  onResponse: (response: NodeHttp.IncomingMessage) => void
): NodeHttp.ClientRequest => {
  const target = targetOf(outgoing.origin)
  const request = target.request({
    agent: target.secure ? agents.https : agents.http,
    hostname: target.hostname,
    port: target.port,
    method: outgoing.method,
    path: outgoing.path,
    headers: outgoing.headers,
    ...(signal === undefined ? {} : { signal })
  }, onResponse)
  const body = outgoing.body
  if (body === null || body === undefined || typeof body === "string" || body instanceof Uint8Array) {
    // Given whole, Node sends it with its `content-length`.
    request.end(body ?? undefined)
  } else {
    body.on("error", (error) => request.destroy(error))
    body.pipe(request)
  }
  return request
}

/** Sends a request and resolves with its answer once the headers are in; the body is the caller's to read or drop. */
export const request = (agents: Agents, outgoing: RequestBody.Outgoing, signal: AbortSignal): Promise<Source> =>
  new Promise((resolve, reject) => {
    try {
      const sent = start(agents, outgoing, signal, (response) =>
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response }))
      sent.on("error", reject)
    } catch (error) {
      reject(error)
    }
  })

/** One whole exchange over `node:http`. */
class Exchange extends Collecting {
  private request: NodeHttp.ClientRequest | undefined = undefined
  private response: NodeHttp.IncomingMessage | undefined = undefined

  send(agents: Agents, outgoing: WireRequest): void {
    try {
      const request = start(agents, outgoing, undefined, (response) => this.received(response))
      this.request = request
      request.on("error", (error) => this.fail(error))
    } catch (error) {
      this.fail(error)
    }
  }

  protected cancel(): void {
    this.response?.destroy()
    this.request?.destroy(new Aborted())
  }

  private fail(error: unknown): void {
    this.end({ _tag: "Failed", phase: this.response === undefined ? "request" : "response", error })
  }

  private received(response: NodeHttp.IncomingMessage): void {
    this.response = response
    const status = response.statusCode ?? 0
    const headers: WireResponse["headers"] = response.headers
    response.on("error", (error) => this.fail(error))
    // A connection cut before the body ended: `end` never comes, `close` does.
    response.on("close", () => {
      if (!response.complete) this.fail(new Error("the connection closed before the response ended"))
    })
    if (this.overLimit(declaredLength(headers["content-length"]))) return this.tooLarge(status, headers)
    response.on("data", (chunk: Buffer) => this.collect(chunk, status, headers))
    response.on("end", () => this.answered(status, headers))
  }
}

/** The kernel's direct exchange over `node:http`; returns the abort. */
export const exchange = (
  agents: Agents,
  request: WireRequest,
  limit: number,
  done: (outcome: Exchanged) => void
): (() => void) => {
  const exchange = new Exchange(limit, done)
  exchange.send(agents, request)
  return () => exchange.abort()
}
