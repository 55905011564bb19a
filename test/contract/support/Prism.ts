/**
 * Runs Stoplight Prism, a third-party mock server driven by an official OpenAPI document, on 127.0.0.1 for the duration
 * of a scope. Prism validates our requests against the spec (422 when they do not conform) and answers with responses
 * generated from it, so a client that works against Prism speaks the vendor's published contract.
 */
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodeNet from "node:net"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as Coverage from "./Coverage.js"
import { specsDir } from "./OpenApi.js"

const here = NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url))
const prismBin = NodePath.resolve(here, "../../../node_modules/@stoplight/prism-cli/dist/index.js")

/** A generated slice of a spec (scripts/slice-specs.mjs), for specs whose full document Prism loads slowly. */
export const slice = (name: string): string => NodePath.resolve(here, "../slices", `${name}.json`)

const freePort = Effect.async<number>((resume) => {
  const server = NodeNet.createServer()
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as NodeNet.AddressInfo
    server.close(() => resume(Effect.succeed(port)))
  })
})

export interface PrismServer {
  readonly url: string
  /** Everything Prism printed, for failure messages. */
  readonly log: () => string
}

export interface StartOptions {
  readonly startTimeoutMillis?: number
  /**
   * Seeds Prism's generator: each answer is then the same on every run (Prism reseeds per response, so repeated calls
   * to one operation get one answer). Without a seed, dynamic answers differ on every call and every run.
   */
  readonly seed?: string
}

/**
 * Starts Prism in dynamic mode (responses generated from the schemas, since several specs ship no examples) for a spec
 * under the specs folder, or an absolute path (`slice(...)`). Fails if it has not started within `startTimeoutMillis`
 * (real time: run it under `it.live`).
 */
export const start = (spec: string, options: StartOptions = {}) =>
  Effect.acquireRelease(
    Effect.flatMap(freePort, (port) =>
      Effect.async<{ server: PrismServer; child: NodeChildProcess.ChildProcess }, Error>((resume) => {
        const child = NodeChildProcess.spawn(
          process.execPath,
          [
            prismBin,
            "mock",
            "--host",
            "127.0.0.1",
            "--port",
            String(port),
            "--dynamic",
            "--errors",
            ...(options.seed !== undefined ? ["--seed", options.seed] : []),
            NodePath.resolve(specsDir, spec)
          ],
          { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } }
        )
        let output = ""
        let settled = false
        const finish = (error?: Error) => {
          if (settled) return
          settled = true
          if (error !== undefined) {
            child.kill("SIGKILL")
            resume(Effect.fail(error))
          } else {
            resume(Effect.succeed({ child, server: { url: `http://127.0.0.1:${port}`, log: () => output } }))
          }
        }
        const onData = (chunk: Buffer) => {
          output += chunk.toString("utf8")
          if (/Prism is listening/.test(output)) finish()
        }
        child.stdout.on("data", onData)
        child.stderr.on("data", onData)
        child.on("exit", (code) => finish(new Error(`Prism exited (${code}) for ${spec}:\n${output.slice(-2000)}`)))
        // Interrupted by the start timeout below: do not leave a half-started Prism behind.
        return Effect.sync(() => child.kill("SIGKILL"))
      }).pipe(
        Effect.timeoutFail({
          duration: options.startTimeoutMillis ?? 120_000,
          onTimeout: () => new Error(`Prism did not start for ${spec} in time`)
        })
      )),
    ({ child }) =>
      Effect.async<void>((resume) => {
        if (child.exitCode !== null) return resume(Effect.void)
        child.once("exit", () => resume(Effect.void))
        child.kill("SIGTERM")
      })
  ).pipe(Effect.map(({ server }) => server), Effect.tap((server) => Effect.sync(() => Coverage.registerPrism(server.url))))
