/**
 * A real HTTPS server on 127.0.0.1 (random port) for transport tests, scoped like `TestServer`. Its certificate is a
 * self-signed one for `127.0.0.1` and `localhost`, made for these tests only (`tls/`, valid until 2126): a client
 * trusts it only when given `certificate` as its CA.
 */
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import type * as NodeHttp from "node:http"
import * as NodeHttps from "node:https"
import type * as NodeNet from "node:net"

const read = (name: string) => NodeFs.readFileSync(new URL(`./tls/${name}`, import.meta.url), "utf8")

/** The server's certificate, to trust as a CA. */
export const certificate = read("localhost-cert.pem")

export const make = (handler: (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly server: NodeHttps.Server }>((resume) => {
      const server = NodeHttps.createServer({ cert: certificate, key: read("localhost-key.pem") }, handler)
      // A refused handshake must not become an unhandled error.
      server.on("tlsClientError", () => undefined)
      server.listen(0, "127.0.0.1", () => {
        const port = (server.address() as NodeNet.AddressInfo).port
        resume(Effect.succeed({ url: `https://127.0.0.1:${port}`, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )
