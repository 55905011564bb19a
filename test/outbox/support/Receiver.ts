/**
 * A webhook receiver on 127.0.0.1 for tests: records every request (path, headers, body, start and end time) and
 * answers from a script, so a test can fail, hang, redirect or rate-limit per path and per attempt.
 */
import * as Effect from "effect/Effect"
import type * as NodeHttp from "node:http"
import * as TestServer from "../../support/TestServer.js"

export interface Received {
  readonly path: string
  readonly webhookId: string
  readonly timestamp: string
  readonly signature: string
  readonly headers: Readonly<NodeHttp.IncomingHttpHeaders>
  readonly body: string
  /** 1-based count of requests seen for this path and webhook id. */
  readonly n: number
  readonly startedAt: number
  endedAt: number | undefined
}

export type Reply =
  | { readonly status: number; readonly headers?: Record<string, string> }
  | { readonly hang: true }

export interface Receiver {
  readonly url: string
  readonly received: Array<Received>
  readonly forPath: (path: string) => ReadonlyArray<Received>
  /** Resolves once `count` requests have arrived. */
  readonly awaitCount: (count: number) => Effect.Effect<void>
}

export const make = (script: (request: Received) => Reply = () => ({ status: 200 })) =>
  Effect.gen(function*() {
    const received: Array<Received> = []
    const waiters: Array<{ count: number; resume: () => void }> = []
    const counts = new Map<string, number>()
    const server = yield* TestServer.make((req, res) => {
      const startedAt = Date.now()
      void TestServer.readBody(req).then((body) => {
        const webhookId = String(req.headers["webhook-id"] ?? "")
        const path = (req.url ?? "/").split("?")[0] ?? "/"
        const key = `${path} ${webhookId}`
        const n = (counts.get(key) ?? 0) + 1
        counts.set(key, n)
        const entry: Received = {
          path,
          webhookId,
          timestamp: String(req.headers["webhook-timestamp"] ?? ""),
          signature: String(req.headers["webhook-signature"] ?? ""),
          headers: req.headers,
          body,
          n,
          startedAt,
          endedAt: undefined
        }
        received.push(entry)
        for (const waiter of waiters.filter((w) => received.length >= w.count)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resume()
        }
        const reply = script(entry)
        if ("hang" in reply) return
        res.writeHead(reply.status, reply.headers ?? {})
        res.end("ok", () => {
          entry.endedAt = Date.now()
        })
      })
    })
    const awaitCount = (count: number) =>
      Effect.async<void>((resume) => {
        if (received.length >= count) return resume(Effect.void)
        waiters.push({ count, resume: () => resume(Effect.void) })
      })
    return {
      url: server.url,
      received,
      forPath: (path: string) => received.filter((r) => r.path === path),
      awaitCount
    } satisfies Receiver
  })
