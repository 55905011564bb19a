/**
 * Worker processes for the cross-process tests: `test/state/fixtures/*.mjs` run the compiled stores from dist/
 * (compiled here first when a source they load is newer than its build; `npm test` builds first anyway). Each worker
 * says "ready", waits for "go", and reports over IPC.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as NodeChildProcess from "node:child_process"
import * as NodePath from "node:path"
import * as NodeUrl from "node:url"
import * as Build from "../../support/Build.js"

export const root = NodePath.resolve(NodePath.dirname(NodeUrl.fileURLToPath(import.meta.url)), "../../..")

/** Compiles src/ to dist/ when a source the workers load is not built. */
export const ensureBuilt = (): void => Build.ensureBuilt(["src/state", "src/core", "src/webhooks"])

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
