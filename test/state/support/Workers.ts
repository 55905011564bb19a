/**
 * Worker processes for the cross-process tests: `test/state/fixtures/*.mjs` run the compiled stores from dist/
 * (compiled here first when a source they load is newer than its build; `npm test` builds first anyway). Each worker
 * says "ready", waits for "go", and reports over IPC.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as NodeChildProcess from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"

export const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../../..")

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  NodeFs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = NodePath.join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith(".ts") ? [path] : []
  })

const staleSources = (): ReadonlyArray<string> =>
  ["src/state", "src/core", "src/webhooks"].flatMap((dir) => sourceFiles(NodePath.join(root, dir))).filter((source) => {
    const output = NodePath.join(root, "dist", NodePath.relative(root, source)).replace(/\.ts$/, ".js")
    return !NodeFs.existsSync(output) || NodeFs.statSync(output).mtimeMs < NodeFs.statSync(source).mtimeMs
  })

/** Compiles src/ to dist/ when a source the workers load is newer than its build. */
export const ensureBuilt = (): void => {
  if (staleSources().length === 0) return
  // Type errors elsewhere in the tree do not stop tsc from emitting, so only the output is checked.
  NodeChildProcess.spawnSync(
    process.execPath,
    [NodePath.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, stdio: "ignore", timeout: 240_000 }
  )
  // An incremental build skips files whose content did not change, however new their timestamp: check outputs exist.
  const missing = ["dist/src/state/index.js", "dist/src/core/CircuitBreaker.js", "dist/src/webhooks/WebhookWeb.js"]
    .filter((output) => !NodeFs.existsSync(NodePath.join(root, output)))
  if (missing.length > 0) throw new Error(`the build did not produce ${missing.join(", ")}`)
}

export interface Message {
  readonly type: string
  readonly [field: string]: unknown
}

export interface Worker {
  readonly name: string
  readonly child: NodeChildProcess.ChildProcess
  readonly send: (message: object) => void
  /** The next message matching `predicate`, including ones that arrived before the call. */
  readonly next: (predicate: (message: Message) => boolean) => Effect.Effect<Message>
  readonly stderr: () => string
  /** SIGKILL, and wait until the process is gone. */
  readonly kill: Effect.Effect<void>
}

/** Starts `test/state/fixtures/<script>`; the scope kills it if the test has not. */
export const spawnWorker = (
  script: string,
  name: string,
  env: Record<string, string>
): Effect.Effect<Worker, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync((): Worker => {
      const child = NodeChildProcess.fork(NodePath.join(root, "test/state/fixtures", script), [], {
        cwd: root,
        env: { ...process.env, ...env },
        execArgv: [],
        stdio: ["ignore", "ignore", "pipe", "ipc"]
      })
      let stderr = ""
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString("utf8")).slice(-4_000)
      })
      const inbox: Array<Message> = []
      const waiters: Array<{
        readonly predicate: (message: Message) => boolean
        readonly resume: (effect: Effect.Effect<Message>) => void
      }> = []
      let gone = false
      child.on("message", (raw) => {
        const message = raw as Message
        const index = waiters.findIndex((waiter) => waiter.predicate(message))
        if (index >= 0) waiters.splice(index, 1)[0]!.resume(Effect.succeed(message))
        else inbox.push(message)
      })
      const exited = new Promise<void>((resolve) =>
        child.once("exit", () => {
          gone = true
          for (const waiter of waiters.splice(0)) waiter.resume(Effect.dieMessage(`worker ${name} exited: ${stderr}`))
          resolve()
        })
      )
      return {
        name,
        child,
        send: (message) => child.send(message),
        next: (predicate) =>
          Effect.async<Message>((resume) => {
            const index = inbox.findIndex(predicate)
            if (index >= 0) return resume(Effect.succeed(inbox.splice(index, 1)[0]!))
            if (gone) return resume(Effect.dieMessage(`worker ${name} exited: ${stderr}`))
            const waiter = { predicate, resume }
            waiters.push(waiter)
            return Effect.sync(() => {
              const at = waiters.indexOf(waiter)
              if (at >= 0) waiters.splice(at, 1)
            })
          }),
        stderr: () => stderr,
        kill: Effect.promise(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
          return exited
        })
      }
    }),
    (worker) => worker.kill
  )

/** Starts the workers, waits until each is ready, and tells them all to go at one instant. */
export const startTogether = (workers: ReadonlyArray<Worker>, leadMillis = 300) =>
  Effect.gen(function*() {
    yield* Effect.forEach(workers, (worker) => worker.next((m) => m.type === "ready"), { discard: true })
    const startAt = Date.now() + leadMillis
    for (const worker of workers) worker.send({ type: "go", startAt })
    return startAt
  })
