/**
 * Real dispatcher processes for crash tests: `test/outbox/fixtures/worker.mjs` runs the compiled outbox from dist/
 * (built here first when dist is older than the sources), and a recording receiver stands in for the endpoints.
 */
import * as Effect from "effect/Effect"
import * as NodeChildProcess from "node:child_process"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as Build from "../../support/Build.js"

export const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../../..")
const workerScript = NodePath.join(root, "test/outbox/fixtures/worker.mjs")

/** Compiles src/ to dist/ when an outbox source (or a kernel module it imports) is not built. */
export const ensureBuilt = (): void =>
  Build.ensureBuilt(["src/outbox", "src/core/ServerHints.ts", "src/core/Telemetry.ts", "src/core/internal/connectionUrl.ts"])

export interface Hit {
  readonly path: string
  readonly userAgent: string
  readonly webhookId: string
  readonly n: number
  readonly status: number
  readonly startedAt: number
  endedAt: number
}

export interface RecordingReceiver {
  readonly url: string
  readonly hits: Array<Hit>
}

/**
 * A receiver answering after a random latency, failing a fraction of requests with 500; every request is recorded
 * with the webhook-id, the message number from the body, and when handling started and ended.
 */
export const receiver = (options: { readonly latencyMillis: readonly [number, number]; readonly failRate: number }) =>
  Effect.acquireRelease(
    Effect.async<RecordingReceiver & { readonly server: NodeHttp.Server }>((resume) => {
      const hits: Array<Hit> = []
      const server = NodeHttp.createServer((req, res) => {
        const startedAt = performance.now()
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { readonly n: number }
          const status = Math.random() < options.failRate ? 500 : 200
          const [min, max] = options.latencyMillis
          setTimeout(() => {
            const hit: Hit = {
              path: req.url ?? "/",
              userAgent: String(req.headers["user-agent"]),
              webhookId: String(req.headers["webhook-id"]),
              n: body.n,
              status,
              startedAt,
              endedAt: Number.POSITIVE_INFINITY
            }
            hits.push(hit)
            res.writeHead(status)
            res.end("", () => {
              hit.endedAt = performance.now()
            })
          }, min + Math.random() * (max - min))
        })
      })
      server.keepAliveTimeout = 1_000
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as NodeNet.AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, hits, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

export interface Worker {
  readonly child: NodeChildProcess.ChildProcess
  readonly stderr: () => string
  readonly exited: Promise<number | null>
  /** Succeeds once the process is connected to its store and dispatching; dies if it exits first. */
  readonly ready: Effect.Effect<void>
}

/** What `fixtures/worker.mjs` writes to stderr once its store is connected, just before it starts dispatching. */
const READY_LINE = "worker ready\n"

/** Starts a dispatcher process; the scope kills it if the test has not. */
export const spawnWorker = (db: string, worker: string, options: Record<string, unknown>) =>
  spawnScript(workerScript, worker, { OUTBOX_DB: db, OUTBOX_WORKER: worker, OUTBOX_OPTIONS: JSON.stringify(options) })

/** Starts a fixture script that prints `worker ready` to stderr once started; the scope kills it if the test has not. */
export const spawnScript = (script: string, worker: string, env: Readonly<Record<string, string>>) =>
  Effect.acquireRelease(
    Effect.sync((): Worker => {
      const child = NodeChildProcess.spawn(process.execPath, [script], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ["ignore", "ignore", "pipe"]
      })
      let stderr = ""
      let onReady: () => void = () => {}
      const readyOrExited = new Promise<boolean>((resolve) => {
        onReady = () => resolve(true)
        child.on("exit", () => resolve(false))
      })
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4_000)
        // The fixture's first line; it is taken out of `stderr`, which is for what went wrong.
        if (stderr.includes(READY_LINE)) {
          stderr = stderr.replace(READY_LINE, "")
          onReady()
        }
      })
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      const ready = Effect.flatMap(
        Effect.promise(() => readyOrExited),
        (isReady) => isReady ? Effect.void : Effect.dieMessage(`worker ${worker} exited before it was ready: ${stderr}`)
      )
      return { child, stderr: () => stderr, exited, ready }
    }),
    (worker) => kill(worker)
  )

/** SIGKILL, and wait until the process is gone. */
export const kill = (worker: Worker) =>
  Effect.promise(() => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL")
    return worker.exited
  })
