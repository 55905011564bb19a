/**
 * A real HTTP server on 127.0.0.1 (random port) for integration tests, scoped: it is closed with every socket when the
 * test's scope ends. The handler is plain node:http so tests can hang, reset or stream as a misbehaving vendor would.
 */
import * as Effect from "effect/Effect"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"

export interface TestServer {
  readonly url: string
  readonly port: number
  readonly server: NodeHttp.Server
}

export const make = (handler: (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<TestServer>((resume) => {
      const sockets = new Set<NodeNet.Socket>()
      const server = NodeHttp.createServer(handler)
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      ;(server as NodeHttp.Server & { sockets?: Set<NodeNet.Socket> }).sockets = sockets
      server.listen(0, "127.0.0.1", () => {
        const port = (server.address() as NodeNet.AddressInfo).port
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, port, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        const sockets = (server as NodeHttp.Server & { sockets?: Set<NodeNet.Socket> }).sockets
        sockets?.forEach((socket) => socket.destroy())
        server.close(() => resume(Effect.void))
      })
  )

/** Reads a request body fully. */
export const readBody = (req: NodeHttp.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
