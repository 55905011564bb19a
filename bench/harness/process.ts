/**
 * Child processes for the harness: the target server (kept for a whole section) and one worker per job, each with a
 * time limit so a stuck variant is reported as a failure instead of hanging the run.
 *
 * @since 0.1.0
 */
import * as NodeChild from "node:child_process"
import type { Job, JobResult } from "./jobs.js"
import type { Ready } from "./server.js"

const serverPath = new URL("./server.js", import.meta.url)
const workerPath = new URL("./worker.js", import.meta.url)

/**
 * A running target server.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Server {
  readonly port: number
  readonly stop: () => Promise<void>
}

const stopChild = (child: NodeChild.ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

/**
 * Forks the target server.
 *
 * @since 0.1.0
 * @category Processes
 */
export const startServer = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = NodeChild.fork(serverPath, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    child.once("error", reject)
    child.once("exit", (code) => reject(new Error(`target server exited early (code ${code})`)))
    child.once("message", (message: Ready) => resolve({ port: message.port, stop: () => stopChild(child) }))
  })

/**
 * @since 0.1.0
 * @category Models
 */
export interface RunOptions {
  /** Extra Node flags for the worker, e.g. `--cpu-prof`. */
  readonly execArgv?: ReadonlyArray<string> | undefined
  readonly timeoutMs: number
}

/**
 * Runs one job in a fresh worker process and resolves with its answer; a crash or a timeout becomes a failed result.
 *
 * @since 0.1.0
 * @category Processes
 */
export const runJob = (job: Job, options: RunOptions): Promise<JobResult> =>
  new Promise((resolve) => {
    const child = NodeChild.fork(workerPath, [], {
      execArgv: ["--expose-gc", ...(options.execArgv ?? [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    let answer: JobResult | undefined
    const timer = setTimeout(() => {
      answer ??= { ok: false, error: `timed out after ${Math.round(options.timeoutMs / 1000)} s`, gap: false }
      child.kill("SIGKILL")
    }, options.timeoutMs)
    child.on("message", (message: JobResult) => {
      answer ??= message
    })
    child.once("exit", (code, signal) => {
      clearTimeout(timer)
      resolve(answer ?? { ok: false, error: `worker exited with ${signal ?? `code ${code}`} and no result`, gap: false })
    })
    child.send(job)
  })
